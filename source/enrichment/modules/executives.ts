/**
 * executives: named officers from Yahoo Finance assetProfile →
 * intel_executive_intelligence; quotes attributed to named executives in recent 8-K
 * press-release exhibits (EX-99, PF_SEC_EXHIBIT_FILINGS filings, default 4) →
 * intel_executive_quotes with the exhibit's URL and date.
 */
import {upsertExecutivesAndQuotes} from '../../db/intel-writes.js';
import {secClient} from '../sources/sec.js';
import {yahooClient} from '../sources/yahoo.js';
import {extractExecutiveQuotes, type ExecutiveQuote} from '../transforms/quotes.js';
import {exhibitDocuments, readSubmissions} from '../transforms/sec.js';
import {transformQuoteSummary} from '../transforms/yahoo.js';
import {defineModule, joinNotes, ModuleSkip, resolvePublicCompany, unlessNoData} from './shared.js';

const quoteItems = ['2.02', '7.01', '8.01', '5.02', '2.01'];

export const executivesModule = defineModule('executives', ['sec_edgar', 'yahoo_finance'], async (context, http) => {
	const sec = secClient(http);
	const yahoo = yahooClient(http);
	const notes: string[] = [];
	if (sec.unavailable) notes.push(sec.unavailable);
	const company = await resolvePublicCompany(context, sec.unavailable ? undefined : sec);
	if (!company.ticker) throw new ModuleSkip('not a public company: no ticker, so no officers or filings to read');

	const quote = await unlessNoData(yahoo.quoteSummary(company.ticker), notes);
	const officers = quote ? transformQuoteSummary(quote.body).officers : [];

	const quotes: ExecutiveQuote[] = [];
	let quotesRetrieved: Date | undefined;
	if (!sec.unavailable && company.cik) {
		const submissions = await unlessNoData(sec.submissions(company.cik), notes);
		if (submissions) {
			quotesRetrieved = submissions.retrievedAt;
			const limit = Math.max(0, Number(context.env.PF_SEC_EXHIBIT_FILINGS ?? 4) || 0);
			const filings = readSubmissions(submissions.body, sec.wwwUrl, company.cik).filings.filter((filing) => filing.form.startsWith('8-K') && filing.items.some((item) => quoteItems.includes(item))).slice(0, limit);
			// Filings are read together; within one, the index comes before its exhibits.
			const perFiling = await Promise.all(
				filings.map(async (filing) => {
					const index = await unlessNoData(sec.folderIndex(filing.folderUrl));
					if (!index) return [];
					const documents = await Promise.all(exhibitDocuments(index.body, filing.folderUrl).slice(0, 2).map((url) => unlessNoData(sec.document(url))));
					return documents.flatMap((document) => {
						if (!document) return [];
						const name = document.url.split('/').pop() ?? 'exhibit';
						return extractExecutiveQuotes(document.body, {url: document.url, date: filing.filingDate, context: `${filing.form} ${name} (items ${filing.items.join(', ')}), ${filing.filingDate}`});
					});
				}),
			);
			quotes.push(...perFiling.flat());
		}
	}
	if (!quote && quotes.length === 0 && !quotesRetrieved) throw new ModuleSkip(`no data: ${joinNotes(notes) ?? 'no officers or filings found'}`);

	const written = await upsertExecutivesAndQuotes(
		context.sql,
		context.domain,
		quote ? {rows: officers.map((officer) => ({name: officer.name, title: officer.title, sourceUrl: quote.url})), provenance: {dataSource: 'yahoo_finance', retrievedAt: quote.retrievedAt}} : undefined,
		quotes.length ? {rows: quotes, provenance: {dataSource: 'sec_edgar', retrievedAt: quotesRetrieved ?? new Date()}} : undefined,
	);
	return {status: 'completed', rowsWritten: written, note: joinNotes([`${officers.length} officers, ${quotes.length} attributed quotes`, ...notes])};
});
