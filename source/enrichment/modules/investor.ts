/**
 * investor: SEC submissions → intel_investor_intelligence (recent 10-K/10-Q/8-K/20-F
 * filings with links, and a bibliography). Needs the CIK (ticker via SEC).
 */
import {upsertInvestorIntelligence} from '../../db/intel-writes.js';
import {secClient} from '../sources/sec.js';
import {notableFilings, readSubmissions} from '../transforms/sec.js';
import {defineModule, ModuleSkip, resolvePublicCompany} from './shared.js';

export const investorModule = defineModule('investor', ['sec_edgar'], async (context, http) => {
	const sec = secClient(http);
	if (sec.unavailable) throw new ModuleSkip(sec.unavailable);
	const company = await resolvePublicCompany(context, sec);
	if (!company.cik) throw new ModuleSkip(company.ticker ? `no SEC registrant for ticker ${company.ticker} in company_tickers.json` : 'not a public company: no ticker');
	const response = await sec.submissions(company.cik);
	const submissions = readSubmissions(response.body, sec.wwwUrl, company.cik);
	if (submissions.filings.length === 0) throw new ModuleSkip(`no data: SEC lists no filings for CIK ${company.cik}`);
	const filings = notableFilings(submissions.filings);
	const bibliography = [
		{title: `SEC EDGAR submissions of ${submissions.name ?? company.ticker} (CIK ${company.cik})`, url: response.url, retrieved_at: response.retrievedAt.toISOString()},
		...filings.filter((filing) => /^(10-K|20-F)/.test(filing.form)).slice(0, 3).map((filing) => ({title: `${filing.form} filed ${filing.filing_date}`, url: filing.url, retrieved_at: response.retrievedAt.toISOString()})),
	];
	await upsertInvestorIntelligence(context.sql, context.domain, {ticker: company.ticker, secFilings: filings, keyQuotes: null, sourceBibliography: bibliography, dataSource: 'sec_edgar', retrievedAt: response.retrievedAt});
	return {status: 'completed', rowsWritten: 1, note: `${filings.length} recent filings`};
});
