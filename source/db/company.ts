/**
 * Everything the database knows about one company: the core row and every intel table,
 * read in parallel. Revenue-like BIGINTs come back as numbers when they fit, as strings
 * otherwise (the client's bigint parser), so no digit is lost.
 */
import type {Sql} from './client.js';

export type Row = Record<string, unknown>;

export type CompanyRecords = {
	company: Row | undefined;
	technologies: Row[];
	searchProvider: Row | undefined;
	traffic: Row | undefined;
	financials: Row | undefined;
	competitors: Row[];
	landscape: Row | undefined;
	hiringSignals: Row[];
	hiringSummary: Row | undefined;
	strategicContext: Row | undefined;
	investor: Row | undefined;
	quotes: Row[];
	executives: Row[];
	buyingCommittee: Row | undefined;
	displacement: Row | undefined;
	caseStudies: Row[];
	icp: Row | undefined;
	signals: Row | undefined;
	brief: Row | undefined;
	customer: Row | undefined;
};

const one = (rows: readonly Row[]) => rows[0];
const all = (rows: readonly Row[]) => [...rows];

/** All records of one domain (already normalised); `company` is undefined when unknown. */
export async function selectCompanyRecords(sql: Sql, domain: string): Promise<CompanyRecords> {
	const [company, technologies, searchProvider, traffic, financials, competitors, landscape, hiringSignals, hiringSummary, strategicContext, investor, quotes, executives, buyingCommittee, displacement, caseStudies, icp, signals, brief, customer] = await Promise.all([
		sql`select * from core_companies where domain = ${domain} and deleted_at is null`.then(one),
		sql`select * from intel_technology_stack where domain = ${domain} order by is_partner_tech desc, is_competitor_search desc, category nulls last, technology_name`.then(all),
		sql`select * from intel_search_provider where domain = ${domain}`.then(one),
		sql`select * from intel_traffic_analysis where domain = ${domain}`.then(one),
		sql`select *, latest_revenue::text as latest_revenue_text from intel_financial_profile where domain = ${domain}`.then(one),
		sql`select * from intel_competitor_intelligence where domain = ${domain} order by similarity_score desc nulls last, competitor_domain`.then(all),
		sql`select * from intel_competitor_landscape where domain = ${domain}`.then(one),
		sql`select * from intel_hiring_signals where domain = ${domain} order by signal_tier nulls last, posted_date desc nulls last, role_title`.then(all),
		sql`select * from intel_hiring_summary where domain = ${domain}`.then(one),
		sql`select * from intel_strategic_context where domain = ${domain}`.then(one),
		sql`select * from intel_investor_intelligence where domain = ${domain}`.then(one),
		sql`select * from intel_executive_quotes where domain = ${domain} order by source_date desc nulls last, speaker_name`.then(all),
		sql`select * from intel_executive_intelligence where domain = ${domain} order by priority nulls last, name`.then(all),
		sql`select * from intel_buying_committee where domain = ${domain}`.then(one),
		sql`select * from intel_displacement_analysis where domain = ${domain}`.then(one),
		sql`select * from intel_case_study_matches where domain = ${domain} order by relevance_score desc nulls last, case_study_customer`.then(all),
		sql`select * from intel_icp_priority_mapping where domain = ${domain}`.then(one),
		sql`select * from intel_signal_scoring where domain = ${domain}`.then(one),
		sql`select * from intel_strategic_signal_briefs where domain = ${domain}`.then(one),
		sql`select * from core_customers where domain = ${domain} and deleted_at is null`.then(one),
	]);
	return {company, technologies, searchProvider, traffic, financials, competitors, landscape, hiringSignals, hiringSummary, strategicContext, investor, quotes, executives, buyingCommittee, displacement, caseStudies, icp, signals, brief, customer};
}

/** The stored Strategic Signal Brief of a domain, if one was generated. */
export async function selectStoredBrief(sql: Sql, domain: string): Promise<Row | undefined> {
	const [row] = await sql`select * from intel_strategic_signal_briefs where domain = ${domain}`;
	return row;
}
