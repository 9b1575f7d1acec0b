/**
 * company_context: who the company is. BuiltWith Meta (name, vertical, location,
 * employees) and SEC (ticker → CIK, registrant name, fiscal year end) → core_companies.
 */
import {readCompanyIdentity, upsertCompanyContext} from '../../db/intel-writes.js';
import {builtWithClient} from '../sources/builtwith.js';
import {secClient} from '../sources/sec.js';
import {transformBuiltWithDomain} from '../transforms/builtwith.js';
import {readSubmissions} from '../transforms/sec.js';
import {defineModule, joinNotes, ModuleSkip, rememberIdentity, resolvePublicCompany, unavailableNotes, unlessNoData} from './shared.js';

export const companyContextModule = defineModule('company_context', ['builtwith', 'sec_edgar'], async (context, http) => {
	const builtwith = builtWithClient(http);
	const sec = secClient(http);
	const notes: string[] = unavailableNotes(builtwith, sec);
	if (builtwith.unavailable && sec.unavailable && !context.ticker) throw new ModuleSkip(notes.join('; '));

	// SEC's ticker list and the stored identity are read while BuiltWith answers (the name match needs all three).
	if (!sec.unavailable) sec.companyTickers().catch(() => {});
	const stored = readCompanyIdentity(context.sql, context.domain);
	stored.catch(() => {});
	const meta = builtwith.unavailable ? undefined : await unlessNoData(builtwith.domain(context.domain), notes);
	const fromBuiltWith = meta ? transformBuiltWithDomain(meta.body, meta.url).context : undefined;
	const company = await resolvePublicCompany(context, sec.unavailable ? undefined : sec, fromBuiltWith?.companyName ?? null, stored); // null: never the run's memo (read before this module writes)
	const submissions = company.cik ? await unlessNoData(sec.submissions(company.cik), notes) : undefined;
	const registrant = submissions ? readSubmissions(submissions.body, sec.wwwUrl, company.cik ?? undefined) : undefined;
	if (company.how === 'sec_name_match') notes.push(`ticker ${company.ticker} matched by company name in SEC company_tickers.json`);
	if (!company.ticker && !sec.unavailable) notes.push('no ticker: not found in SEC company_tickers.json by name (private, or listed under another name; pass --ticker)');

	const identity = await upsertCompanyContext(context.sql, context.domain, {
		companyName: fromBuiltWith?.companyName ?? registrant?.name ?? company.companyName,
		ticker: company.ticker,
		exchange: registrant?.exchanges[0] ?? null,
		isPublic: company.ticker ? true : null,
		headquartersCity: fromBuiltWith?.city ?? registrant?.businessCity ?? null,
		headquartersState: fromBuiltWith?.state ?? registrant?.businessState ?? null,
		headquartersCountry: fromBuiltWith?.country ?? null,
		industry: registrant?.sicDescription ?? null,
		vertical: fromBuiltWith?.vertical ?? null,
		employeeCount: fromBuiltWith?.employees ?? null,
		fiscalYearEnd: registrant?.fiscalYearEnd ?? null,
	});
	rememberIdentity(context, identity);
	return {status: 'completed', note: joinNotes(notes), rowsWritten: 1};
});
