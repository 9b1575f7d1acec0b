/**
 * The full intelligence of one company, section by section, each with where it came
 * from (data_source, source URLs) and how old it is (retrieved_at / updated_at), for the
 * app's company screen and `pf company`. Also the stored Strategic Signal Brief.
 */
import type {Sql} from '../db/client.js';
import {selectCompanyRecords, selectStoredBrief, type CompanyRecords, type Row} from '../db/company.js';
import {normaliseDomain} from '../domain/domain-name.js';
import {NotFoundError, UsageError} from '../errors.js';

export type SectionId =
	| 'company'
	| 'technology'
	| 'searchProvider'
	| 'traffic'
	| 'financials'
	| 'competitors'
	| 'hiring'
	| 'strategic'
	| 'investor'
	| 'executives'
	| 'displacement'
	| 'caseStudies'
	| 'scores';

export type Provenance = {dataSource: string | null; sourceUrls: string[]; retrievedAt: Date | null; updatedAt: Date | null};

/** One section of the company screen: its records and provenance, or `enriched: false`. */
export type IntelSection<T> = {id: SectionId; title: string; enriched: boolean; provenance: Provenance; data: T};

export type CompanyIntel = {
	domain: string;
	company: IntelSection<Row | undefined>;
	technology: IntelSection<{technologies: Row[]}>;
	searchProvider: IntelSection<Row | undefined>;
	traffic: IntelSection<{traffic: Row | undefined; monthlyVisits: {month: string; visits: number}[]}>;
	financials: IntelSection<{profile: Row | undefined; revenue3yr: {year: string; revenue: number}[]}>;
	competitors: IntelSection<{competitors: Row[]; landscape: Row | undefined}>;
	hiring: IntelSection<{summary: Row | undefined; signals: Row[]}>;
	strategic: IntelSection<Row | undefined>;
	investor: IntelSection<{investor: Row | undefined; quotes: Row[]}>;
	executives: IntelSection<{executives: Row[]; committee: Row | undefined}>;
	displacement: IntelSection<Row | undefined>;
	caseStudies: IntelSection<{caseStudies: Row[]}>;
	scores: IntelSection<{icp: Row | undefined; signals: Row | undefined}>;
	/** The effective customer status (the analyst's decision wins over detection). */
	customer: {isCustomer: boolean | null; decidedBy: 'list' | 'detection' | null};
	hasBrief: boolean;
};

export const SECTION_ORDER: readonly SectionId[] = ['company', 'technology', 'searchProvider', 'traffic', 'financials', 'competitors', 'hiring', 'strategic', 'investor', 'executives', 'displacement', 'caseStudies', 'scores'];

/** A domain as typed by a user, normalised; exit 2 when it is not a domain. */
export function parseDomainArgument(input: string): string {
	const result = normaliseDomain(input);
	if (!result.ok) throw new UsageError(`"${input}" is not a domain: ${result.reason}`, 'give a domain such as example.com');
	return result.domain;
}

function date(value: unknown): Date | null {
	if (value instanceof Date) return value;
	if (typeof value === 'string' && value) {
		const parsed = new Date(value);
		return Number.isNaN(parsed.getTime()) ? null : parsed;
	}
	return null;
}

function urlsOf(value: unknown): string[] {
	if (!value) return [];
	if (typeof value === 'string') return /^https?:\/\//.test(value) ? [value] : [];
	if (Array.isArray(value)) return value.flatMap(urlsOf);
	if (typeof value === 'object') {
		const record = value as Record<string, unknown>;
		if (typeof record.url === 'string') return [record.url];
		return Object.values(record).flatMap(urlsOf);
	}
	return [];
}

/** Provenance of a set of rows: the sources named, the newest retrieval and update. */
export function provenanceOf(rows: readonly (Row | undefined)[]): Provenance {
	const present = rows.filter((row): row is Row => row !== undefined);
	const sources = [...new Set(present.map((row) => row.data_source ?? row.source).filter((s): s is string => typeof s === 'string' && s !== ''))];
	const urls = [...new Set(present.flatMap((row) => [...urlsOf(row.source_url), ...urlsOf(row.source_urls), ...urlsOf(row.case_study_url)]))];
	const newest = (key: string) =>
		present
			.map((row) => date(row[key]))
			.filter((d): d is Date => d !== null)
			.sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
	return {dataSource: sources.length ? sources.join(', ') : null, sourceUrls: urls, retrievedAt: newest('retrieved_at'), updatedAt: newest('updated_at') ?? newest('discovered_at') ?? newest('created_at')};
}

function section<T>(id: SectionId, title: string, rows: readonly (Row | undefined)[], data: T): IntelSection<T> {
	return {id, title, enriched: rows.some((row) => row !== undefined), provenance: provenanceOf(rows), data};
}

function numberOf(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

/** Monthly visits history from the traffic row (SimilarWeb's `visits` series or the latest month). */
export function monthlyVisitsSeries(traffic: Row | undefined): {month: string; visits: number}[] {
	if (!traffic) return [];
	const candidates: unknown[] = [];
	const sources = traffic.traffic_sources as Record<string, unknown> | null | undefined;
	for (const holder of [traffic.demographics, sources, traffic.keywords] as unknown[]) {
		if (holder && typeof holder === 'object') {
			const record = holder as Record<string, unknown>;
			for (const key of ['monthly_visits', 'visits_history', 'history', 'visits']) if (Array.isArray(record[key])) candidates.push(record[key]);
		}
	}
	for (const series of candidates) {
		const points = (series as unknown[])
			.map((point) => {
				if (!point || typeof point !== 'object') return undefined;
				const record = point as Record<string, unknown>;
				const month = String(record.month ?? record.date ?? record.period ?? '').slice(0, 7);
				const visits = numberOf(record.visits ?? record.value ?? record.monthly_visits);
				return month && visits !== null ? {month, visits} : undefined;
			})
			.filter((point): point is {month: string; visits: number} => point !== undefined)
			.sort((a, b) => a.month.localeCompare(b.month));
		if (points.length > 0) return points;
	}
	const latest = numberOf(traffic.monthly_visits);
	return latest === null ? [] : [{month: String(traffic.data_month ?? 'latest'), visits: latest}];
}

/** Revenue by fiscal year from `revenue_3yr` (an array of {fiscal_year, revenue, yoy_change}). */
export function revenueSeries(profile: Row | undefined): {year: string; revenue: number}[] {
	const raw = profile?.revenue_3yr;
	if (!Array.isArray(raw)) return [];
	return raw
		.map((entry) => {
			if (!entry || typeof entry !== 'object') return undefined;
			const record = entry as Record<string, unknown>;
			const revenue = numberOf(record.revenue);
			const year = String(record.fiscal_year ?? record.year ?? '');
			return year && revenue !== null ? {year, revenue} : undefined;
		})
		.filter((point): point is {year: string; revenue: number} => point !== undefined)
		.sort((a, b) => a.year.localeCompare(b.year))
		.slice(-3);
}

/** Shapes the records of one company into the sections of the company screen. Pure. */
export function intelFromRecords(domain: string, records: CompanyRecords): CompanyIntel {
	const r = records;
	return {
		domain,
		company: section('company', 'Company', [r.company], r.company),
		technology: section('technology', 'Technology stack', r.technologies, {technologies: r.technologies}),
		searchProvider: section('searchProvider', 'Search provider', [r.searchProvider], r.searchProvider),
		traffic: section('traffic', 'Traffic', [r.traffic], {traffic: r.traffic, monthlyVisits: monthlyVisitsSeries(r.traffic)}),
		financials: section('financials', 'Financials', [r.financials], {profile: r.financials, revenue3yr: revenueSeries(r.financials)}),
		competitors: section('competitors', 'Competitors and landscape', [...r.competitors, r.landscape], {competitors: r.competitors, landscape: r.landscape}),
		hiring: section('hiring', 'Hiring', [r.hiringSummary, ...r.hiringSignals], {summary: r.hiringSummary, signals: r.hiringSignals}),
		strategic: section('strategic', 'Strategic context', [r.strategicContext], r.strategicContext),
		investor: section('investor', 'Investor intelligence and quotes', [r.investor, ...r.quotes], {investor: r.investor, quotes: r.quotes}),
		executives: section('executives', 'Executives and buying committee', [...r.executives, r.buyingCommittee], {executives: r.executives, committee: r.buyingCommittee}),
		displacement: section('displacement', 'Displacement analysis', [r.displacement], r.displacement),
		caseStudies: section('caseStudies', 'Case studies', r.caseStudies, {caseStudies: r.caseStudies}),
		scores: section('scores', 'ICP and signal scores', [r.icp, r.signals], {icp: r.icp, signals: r.signals}),
		customer: {isCustomer: r.customer ? Boolean(r.customer.is_customer) : null, decidedBy: r.customer ? 'list' : null},
		hasBrief: r.brief !== undefined,
	};
}

/** The full intel of one company; exit 5 when the database does not know the domain. */
export async function loadCompanyIntel(sql: Sql, domainInput: string): Promise<CompanyIntel> {
	const domain = parseDomainArgument(domainInput);
	const records = await selectCompanyRecords(sql, domain);
	if (!records.company) throw new NotFoundError(`no company with domain ${domain}`, 'check the spelling, or add it with discovery / import first');
	const intel = intelFromRecords(domain, records);
	// The customer service (issue 7) says what counts: the list's decision, else detection.
	const {customerStatus} = await import('./customers.js');
	const status = await customerStatus(sql, domain);
	intel.customer = {isCustomer: status.effective, decidedBy: status.decidedBy};
	return intel;
}

// ---------------------------------------------------------------- the brief

/** A brief as the brief screen shows it: the rendered text and its numbered sources. */
export type BriefView = {domain: string; companyName: string | null; generatedAt: Date | null; version: number | null; text: string; sources: {number: number; title: string; url: string; dataSource: string | null; retrievedAt: string | null}[]};

/**
 * The Strategic Signal Brief of a domain through the brief service (issue 4): the stored
 * latest version, or built and stored on first request. Undefined when the database
 * does not know the company.
 */
export async function loadBrief(sql: Sql, domainInput: string): Promise<BriefView | undefined> {
	const domain = parseDomainArgument(domainInput);
	const [{getBrief}, {renderBrief}] = await Promise.all([import('./brief.js'), import('../domain/brief/render.js')]);
	try {
		const brief = await getBrief(sql, domain);
		return {
			domain,
			companyName: brief.company_name,
			generatedAt: date(brief.generated_at),
			version: brief.version,
			text: renderBrief(brief, {markdown: false}),
			sources: brief.sources.map((source) => ({number: source.n, title: source.title, url: source.url, dataSource: source.data_source, retrievedAt: source.retrieved_at})),
		};
	} catch (error) {
		if (error instanceof NotFoundError) return undefined;
		throw error;
	}
}

// ---------------------------------------------------------------- flat form

/** One fact of the company as a line: for `pf company` TSV/CSV/table. */
export type IntelFact = {section: string; field: string; value: unknown; source: string | null; retrieved_at: Date | null};

const INTERNAL_COLUMNS = new Set(['id', 'domain', 'created_at', 'data_source', 'retrieved_at', 'raw_data', 'latest_revenue_text', 'company_id', 'deleted_at']);

function rowFacts(section: string, prefix: string, row: Row | undefined, provenance: Provenance): IntelFact[] {
	if (!row) return [];
	return Object.entries(row)
		.filter(([key, value]) => !INTERNAL_COLUMNS.has(key) && value !== null && value !== undefined && value !== '')
		.map(([key, value]) => ({section, field: prefix + key, value: key === 'latest_revenue' && row.latest_revenue_text ? row.latest_revenue_text : value, source: (row.data_source as string | null) ?? provenance.dataSource, retrieved_at: (row.retrieved_at as Date | null) ?? provenance.retrievedAt}));
}

function rowsFacts(section: string, label: string, rows: readonly Row[], keyColumn: string, provenance: Provenance): IntelFact[] {
	return rows.flatMap((row, index) => rowFacts(section, `${label}[${String(row[keyColumn] ?? index)}].`, row, provenance));
}

/** Every fact of the company in section order; unenriched sections give one "not enriched" line. Pure. */
export function intelFacts(intel: CompanyIntel): IntelFact[] {
	const facts: IntelFact[] = [];
	const add = (s: IntelSection<unknown>, list: IntelFact[]) => {
		if (!s.enriched) facts.push({section: s.id, field: 'status', value: 'not enriched', source: null, retrieved_at: null});
		else facts.push(...list);
	};
	const p = (s: IntelSection<unknown>) => s.provenance;
	add(intel.company, rowFacts('company', '', intel.company.data, p(intel.company)));
	add(intel.technology, rowsFacts('technology', 'technology', intel.technology.data.technologies, 'technology_name', p(intel.technology)));
	add(intel.searchProvider, rowFacts('searchProvider', '', intel.searchProvider.data, p(intel.searchProvider)));
	add(intel.traffic, rowFacts('traffic', '', intel.traffic.data.traffic, p(intel.traffic)));
	add(intel.financials, rowFacts('financials', '', intel.financials.data.profile, p(intel.financials)));
	add(intel.competitors, [...rowsFacts('competitors', 'competitor', intel.competitors.data.competitors, 'competitor_domain', p(intel.competitors)), ...rowFacts('competitors', 'landscape.', intel.competitors.data.landscape, p(intel.competitors))]);
	add(intel.hiring, [...rowFacts('hiring', 'summary.', intel.hiring.data.summary, p(intel.hiring)), ...rowsFacts('hiring', 'role', intel.hiring.data.signals, 'role_title', p(intel.hiring))]);
	add(intel.strategic, rowFacts('strategic', '', intel.strategic.data, p(intel.strategic)));
	add(intel.investor, [...rowFacts('investor', '', intel.investor.data.investor, p(intel.investor)), ...rowsFacts('investor', 'quote', intel.investor.data.quotes, 'speaker_name', p(intel.investor))]);
	add(intel.executives, [...rowsFacts('executives', 'executive', intel.executives.data.executives, 'name', p(intel.executives)), ...rowFacts('executives', 'committee.', intel.executives.data.committee, p(intel.executives))]);
	add(intel.displacement, rowFacts('displacement', '', intel.displacement.data, p(intel.displacement)));
	add(intel.caseStudies, rowsFacts('caseStudies', 'case', intel.caseStudies.data.caseStudies, 'case_study_customer', p(intel.caseStudies)));
	add(intel.scores, [...rowFacts('scores', 'icp.', intel.scores.data.icp, p(intel.scores)), ...rowFacts('scores', 'signals.', intel.scores.data.signals, p(intel.scores))]);
	return facts;
}

// ---------------------------------------------------------------- customers

/**
 * Marks a company as an Algolia customer or not (the analyst's decision, which wins
 * over detection), through the customer service (issue 7), as the current user, via
 * the app.
 */
export async function setCustomerStatus(sql: Sql, domainInput: string, isCustomer: boolean): Promise<{ok: boolean; message: string}> {
	const domain = parseDomainArgument(domainInput);
	const {markCustomer, currentActor} = await import('./customers.js');
	const result = await markCustomer(sql, {domain, isCustomer, actor: currentActor(), via: 'tui'});
	const what = isCustomer ? 'an Algolia customer' : 'not an Algolia customer';
	return {ok: true, message: result.changed ? `${domain} marked as ${what}` : `${domain} was already marked as ${what}`};
}
