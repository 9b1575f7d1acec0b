/**
 * Idempotent writes of the fetch modules into core_companies and the intel tables:
 * every write is an upsert (ON CONFLICT … DO UPDATE) or a replace of one source's rows
 * for a domain, and every intel row carries data_source, retrieved_at and its source
 * URL(s). A module runs its writes inside one transaction (`writeIntel`), so a failure
 * leaves the rows of its previous run untouched (a module with a single statement needs no
 * explicit transaction).
 */
import type {Sql} from './client.js';
import type {TechnologyRow, SearchProviderSummary} from '../enrichment/transforms/builtwith.js';
import type {HiringSignalRow, HiringSummary} from '../enrichment/transforms/jsearch.js';
import type {TriggerEvent} from '../enrichment/transforms/types.js';
import type {ExecutiveQuote} from '../enrichment/transforms/quotes.js';

type Provenance = {dataSource: string; retrievedAt: Date};

/**
 * Runs a module's writes in one transaction; returns what the callback returns. A module
 * that writes one statement calls its upsert directly (a statement is atomic on its own,
 * and that spares the BEGIN and COMMIT round trips).
 */
export async function writeIntel<T>(sql: Sql, writes: (tx: Sql) => Promise<T>): Promise<T> {
	return (await sql.begin((tx) => writes(tx as unknown as Sql))) as T;
}

const json = (sql: Sql, value: unknown) => (value === null || value === undefined ? null : sql.json(value as never));

export type CompanyContextWrite = {
	companyName?: string | null;
	ticker?: string | null;
	exchange?: string | null;
	isPublic?: boolean | null;
	headquartersCity?: string | null;
	headquartersState?: string | null;
	headquartersCountry?: string | null;
	industry?: string | null;
	vertical?: string | null;
	employeeCount?: number | null;
	fiscalYearEnd?: string | null;
	description?: string | null;
	websiteUrl?: string | null;
};

/**
 * Creates or fills in the company row; a value the sources did not give never erases a
 * stored one. Returns the row's identity as stored (what readCompanyIdentity reads next).
 */
export async function upsertCompanyContext(sql: Sql, domain: string, context: CompanyContextWrite): Promise<CompanyIdentity> {
	const cut = (value: string | null | undefined, length: number) => (value ? value.slice(0, length) : null);
	const [row] = await sql<{company_name: string | null; ticker: string | null; is_public: boolean | null}[]>`
		insert into core_companies (domain, company_name, ticker, exchange, is_public, headquarters_city, headquarters_state, headquarters_country, industry, vertical, employee_count, fiscal_year_end, description, website_url)
		values (${domain}, ${cut(context.companyName, 500)}, ${cut(context.ticker, 20)}, ${cut(context.exchange, 20)}, ${context.isPublic ?? false},
			${cut(context.headquartersCity, 100)}, ${cut(context.headquartersState, 100)}, ${cut(context.headquartersCountry, 100)}, ${cut(context.industry, 200)},
			${cut(context.vertical, 100)}, ${context.employeeCount ?? null}, ${cut(context.fiscalYearEnd, 20)}, ${context.description ?? null}, ${cut(context.websiteUrl, 500)})
		on conflict (domain) do update set
			company_name = coalesce(excluded.company_name, core_companies.company_name),
			ticker = coalesce(excluded.ticker, core_companies.ticker),
			exchange = coalesce(excluded.exchange, core_companies.exchange),
			is_public = ${context.isPublic === undefined || context.isPublic === null ? sql`core_companies.is_public` : sql`excluded.is_public`},
			headquarters_city = coalesce(excluded.headquarters_city, core_companies.headquarters_city),
			headquarters_state = coalesce(excluded.headquarters_state, core_companies.headquarters_state),
			headquarters_country = coalesce(excluded.headquarters_country, core_companies.headquarters_country),
			industry = coalesce(excluded.industry, core_companies.industry),
			vertical = coalesce(excluded.vertical, core_companies.vertical),
			employee_count = coalesce(excluded.employee_count, core_companies.employee_count),
			fiscal_year_end = coalesce(excluded.fiscal_year_end, core_companies.fiscal_year_end),
			description = coalesce(excluded.description, core_companies.description),
			website_url = coalesce(excluded.website_url, core_companies.website_url)
		returning company_name, ticker, is_public`;
	return {companyName: row!.company_name, ticker: row!.ticker, isPublic: row!.is_public};
}

/** What the pipeline knows of a company before fetching: stored name and ticker. */
export type CompanyIdentity = {companyName: string | null; ticker: string | null; isPublic: boolean | null};

export async function readCompanyIdentity(sql: Sql, domain: string): Promise<CompanyIdentity | undefined> {
	const [row] = await sql<{company_name: string | null; ticker: string | null; is_public: boolean | null}[]>`
		select company_name, ticker, is_public from core_companies where domain = ${domain}`;
	return row ? {companyName: row.company_name, ticker: row.ticker, isPublic: row.is_public} : undefined;
}

/** Replaces the BuiltWith technology rows of a domain (technologies no longer reported are removed). */
export async function replaceTechnologyStack(sql: Sql, domain: string, rows: readonly TechnologyRow[], provenance: Provenance): Promise<number> {
	// One multi-row upsert per 500 rows (a site can run hundreds of technologies).
	for (let offset = 0; offset < rows.length; offset += 500) {
		const batch = rows.slice(offset, offset + 500).map((row) => ({
			domain,
			technology_name: row.technologyName,
			category: row.category,
			tag: row.tag,
			is_partner_tech: row.isPartnerTech,
			partner_tier: row.partnerTier,
			is_competitor_search: row.isCompetitorSearch,
			competitor_name: row.competitorName,
			first_detected: row.firstDetected,
			last_detected: row.lastDetected,
			confidence: row.confidence,
			source: row.source,
			source_url: row.sourceUrl.slice(0, 500),
			raw_data: row.rawData,
			data_source: provenance.dataSource,
			retrieved_at: provenance.retrievedAt,
		}));
		await sql`
			insert into intel_technology_stack ${sql(batch as never)}
			on conflict (domain, technology_name) do update set
				category = excluded.category, tag = excluded.tag, is_partner_tech = excluded.is_partner_tech, partner_tier = excluded.partner_tier,
				is_competitor_search = excluded.is_competitor_search, competitor_name = excluded.competitor_name,
				first_detected = excluded.first_detected, last_detected = excluded.last_detected, confidence = excluded.confidence,
				source = excluded.source, source_url = excluded.source_url, raw_data = excluded.raw_data,
				data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
	}
	const names = rows.map((row) => row.technologyName);
	await sql`delete from intel_technology_stack where domain = ${domain} and data_source = ${provenance.dataSource} and not (technology_name = any(${names}::text[]))`;
	return rows.length;
}

/** The search-provider summary of a domain. */
export async function upsertSearchProvider(sql: Sql, domain: string, summary: SearchProviderSummary, provenance: Provenance): Promise<void> {
	await sql`
		insert into intel_search_provider (domain, current_provider, provider_type, is_algolia, displacement_priority, tech_spend_estimate, tech_spend_source, source_url, data_source, retrieved_at)
		values (${domain}, ${summary.currentProvider}, ${summary.providerType}, ${summary.isAlgolia}, ${summary.isAlgolia ? 'NONE' : null},
			${summary.techSpendEstimate}, ${summary.techSpendSource}, ${summary.sourceUrl.slice(0, 500)}, ${provenance.dataSource}, ${provenance.retrievedAt})
		on conflict (domain) do update set
			current_provider = excluded.current_provider, provider_type = excluded.provider_type, is_algolia = excluded.is_algolia,
			displacement_priority = excluded.displacement_priority, tech_spend_estimate = excluded.tech_spend_estimate,
			tech_spend_source = excluded.tech_spend_source, source_url = excluded.source_url,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type TrafficWrite = {
	monthlyVisits: number | null;
	avgVisitDurationSeconds: number | null;
	pagesPerVisit: number | null;
	bounceRate: number | null;
	momChange: number | null;
	yoyChange: number | null;
	trendDirection: string;
	trafficSources: unknown;
	geography: unknown;
	keywords?: unknown;
	websiteRankGlobal: number | null;
	dataMonth: string | null;
	sourceUrl: string;
};

export async function upsertTraffic(sql: Sql, domain: string, traffic: TrafficWrite, provenance: Provenance): Promise<void> {
	await sql`
		insert into intel_traffic_analysis (domain, monthly_visits, avg_visit_duration_seconds, pages_per_visit, bounce_rate, mom_change, yoy_change, trend_direction, traffic_sources, geography, keywords, website_rank_global, data_month, source_url, data_source, retrieved_at)
		values (${domain}, ${traffic.monthlyVisits}, ${traffic.avgVisitDurationSeconds}, ${traffic.pagesPerVisit}, ${traffic.bounceRate}, ${traffic.momChange}, ${traffic.yoyChange},
			${traffic.trendDirection}, ${json(sql, traffic.trafficSources)}, ${json(sql, traffic.geography)}, ${json(sql, traffic.keywords)}, ${traffic.websiteRankGlobal},
			${traffic.dataMonth}, ${traffic.sourceUrl.slice(0, 500)}, ${provenance.dataSource}, ${provenance.retrievedAt})
		on conflict (domain) do update set
			monthly_visits = excluded.monthly_visits, avg_visit_duration_seconds = excluded.avg_visit_duration_seconds, pages_per_visit = excluded.pages_per_visit,
			bounce_rate = excluded.bounce_rate, mom_change = excluded.mom_change, yoy_change = excluded.yoy_change, trend_direction = excluded.trend_direction,
			traffic_sources = excluded.traffic_sources, geography = excluded.geography, keywords = excluded.keywords,
			website_rank_global = excluded.website_rank_global, data_month = excluded.data_month, source_url = excluded.source_url,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type FinancialWrite = {
	ticker: string | null;
	fiscalYearEnd: string | null;
	latestRevenue: number | null;
	revenueTrend: string | null;
	revenue3yr: unknown;
	netIncome3yr: unknown;
	ebitdaMargin: number | null;
	operatingMargin: number | null;
	marginZone: 'RED' | 'YELLOW' | 'GREEN' | null;
	stockCurrentPrice: number | null;
	stockMarketCap: number | null;
	stock52WeekHigh: number | null;
	stock52WeekLow: number | null;
	analystConsensus: string | null;
	/** [{label, url, retrieved_at}] */
	sourceUrls: unknown;
	/** 'sec_edgar', 'yahoo_finance' or 'sec_edgar+yahoo_finance'. */
	dataSource: string;
	retrievedAt: Date;
};

/** The financial profile; revenue as text into BIGINT so no digit is lost. */
export async function upsertFinancialProfile(sql: Sql, domain: string, profile: FinancialWrite): Promise<void> {
	const bigint = (value: number | null) => (value === null ? null : BigInt(Math.round(value)).toString());
	await sql`
		insert into intel_financial_profile (domain, ticker, fiscal_year_end, latest_revenue, revenue_trend, revenue_3yr, net_income_3yr, ebitda_margin, operating_margin, margin_zone,
			stock_current_price, stock_market_cap, stock_52_week_high, stock_52_week_low, analyst_consensus, source_urls, data_source, retrieved_at)
		values (${domain}, ${profile.ticker}, ${profile.fiscalYearEnd}, ${bigint(profile.latestRevenue)}::bigint, ${profile.revenueTrend}, ${json(sql, profile.revenue3yr)}, ${json(sql, profile.netIncome3yr)},
			${profile.ebitdaMargin}, ${profile.operatingMargin}, ${profile.marginZone}, ${profile.stockCurrentPrice}, ${bigint(profile.stockMarketCap)}::bigint,
			${profile.stock52WeekHigh}, ${profile.stock52WeekLow}, ${profile.analystConsensus?.slice(0, 20) ?? null}, ${json(sql, profile.sourceUrls)}, ${profile.dataSource}, ${profile.retrievedAt})
		on conflict (domain) do update set
			ticker = excluded.ticker, fiscal_year_end = excluded.fiscal_year_end, latest_revenue = excluded.latest_revenue, revenue_trend = excluded.revenue_trend,
			revenue_3yr = excluded.revenue_3yr, net_income_3yr = excluded.net_income_3yr, ebitda_margin = excluded.ebitda_margin,
			operating_margin = excluded.operating_margin, margin_zone = excluded.margin_zone, stock_current_price = excluded.stock_current_price,
			stock_market_cap = excluded.stock_market_cap, stock_52_week_high = excluded.stock_52_week_high, stock_52_week_low = excluded.stock_52_week_low,
			analyst_consensus = excluded.analyst_consensus, source_urls = excluded.source_urls,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type CompetitorWrite = {
	competitorDomain: string;
	similarityScore: number | null;
	competitorMonthlyVisits: number | null;
	competitorSearchProvider: string | null;
	competitorUsesAlgolia: boolean;
	techOverlap: unknown;
	sourceUrl: string;
};

/** The last entry per key (what upserting them one after another would leave), in first-seen order. */
function lastPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
	const byKey = new Map<string, T>();
	for (const item of items) byKey.set(key(item), item);
	return [...byKey.values()];
}

/** Replaces the SimilarWeb competitor rows of a domain. */
export async function replaceCompetitors(sql: Sql, domain: string, rows: readonly CompetitorWrite[], provenance: Provenance): Promise<number> {
	// One multi-row upsert (one statement, one run of the audit trigger) instead of one per row.
	const values = lastPerKey(rows, (row) => row.competitorDomain).map((row) => ({
		domain,
		competitor_domain: row.competitorDomain,
		similarity_score: row.similarityScore,
		competitor_monthly_visits: row.competitorMonthlyVisits,
		competitor_search_provider: row.competitorSearchProvider,
		competitor_uses_algolia: row.competitorUsesAlgolia,
		tech_overlap: json(sql, row.techOverlap),
		source: provenance.dataSource,
		source_url: row.sourceUrl.slice(0, 500),
		data_source: provenance.dataSource,
		retrieved_at: provenance.retrievedAt,
	}));
	if (values.length > 0) {
		await sql`
			insert into intel_competitor_intelligence ${sql(values, 'domain', 'competitor_domain', 'similarity_score', 'competitor_monthly_visits', 'competitor_search_provider', 'competitor_uses_algolia', 'tech_overlap', 'source', 'source_url', 'data_source', 'retrieved_at')}
			on conflict (domain, competitor_domain) do update set
				similarity_score = excluded.similarity_score, competitor_monthly_visits = coalesce(excluded.competitor_monthly_visits, intel_competitor_intelligence.competitor_monthly_visits),
				competitor_search_provider = excluded.competitor_search_provider, competitor_uses_algolia = excluded.competitor_uses_algolia,
				tech_overlap = excluded.tech_overlap, source = excluded.source, source_url = excluded.source_url,
				data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
	}
	await sql`delete from intel_competitor_intelligence where domain = ${domain} and data_source = ${provenance.dataSource} and not (competitor_domain = any(${rows.map((row) => row.competitorDomain)}::text[]))`;
	return rows.length;
}

export type LandscapeWrite = {
	totalCompetitorsAnalyzed: number;
	algoliaUsers: number;
	constructorUsers: number;
	elasticsearchUsers: number;
	nativeSearchUsers: number;
	otherSearchUsers: number;
	firstMoverOpportunity: boolean;
	competitivePositioning: string;
};

export async function upsertCompetitorLandscape(sql: Sql, domain: string, landscape: LandscapeWrite, provenance: Provenance): Promise<void> {
	await sql`
		insert into intel_competitor_landscape (domain, total_competitors_analyzed, algolia_users, constructor_users, elasticsearch_users, native_search_users, other_search_users, first_mover_opportunity, competitive_positioning, data_source, retrieved_at)
		values (${domain}, ${landscape.totalCompetitorsAnalyzed}, ${landscape.algoliaUsers}, ${landscape.constructorUsers}, ${landscape.elasticsearchUsers}, ${landscape.nativeSearchUsers},
			${landscape.otherSearchUsers}, ${landscape.firstMoverOpportunity}, ${landscape.competitivePositioning}, ${provenance.dataSource}, ${provenance.retrievedAt})
		on conflict (domain) do update set
			total_competitors_analyzed = excluded.total_competitors_analyzed, algolia_users = excluded.algolia_users, constructor_users = excluded.constructor_users,
			elasticsearch_users = excluded.elasticsearch_users, native_search_users = excluded.native_search_users, other_search_users = excluded.other_search_users,
			first_mover_opportunity = excluded.first_mover_opportunity, competitive_positioning = excluded.competitive_positioning,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

/** Search providers already known for some domains (competitors enriched before). */
export async function readKnownSearchProviders(sql: Sql, domains: readonly string[]): Promise<Map<string, {provider: string | null; isAlgolia: boolean}>> {
	if (domains.length === 0) return new Map();
	const rows = await sql<{domain: string; current_provider: string | null; is_algolia: boolean | null}[]>`
		select domain, current_provider, is_algolia from intel_search_provider where domain = any(${domains as string[]}::text[])`;
	return new Map(rows.map((row) => [row.domain, {provider: row.current_provider, isAlgolia: row.is_algolia === true}]));
}

/** Technologies stored for a domain (for the competitors' tech overlap). */
export async function readTechnologyNames(sql: Sql, domain: string): Promise<string[]> {
	const rows = await sql<{technology_name: string}[]>`select technology_name from intel_technology_stack where domain = ${domain} order by technology_name`;
	return rows.map((row) => row.technology_name);
}

/** Replaces the job-posting rows of a domain from one source. */
export async function replaceHiringSignals(sql: Sql, domain: string, rows: readonly HiringSignalRow[], provenance: Provenance): Promise<number> {
	for (const row of rows) {
		await sql`
			insert into intel_hiring_signals (domain, role_title, status, location, signal_tier, signal_strength, category, salary_min, salary_max, implication, source_url, posted_date, discovered_at, data_source, retrieved_at)
			values (${domain}, ${row.roleTitle}, ${row.status}, ${row.location}, ${row.signalTier}, ${row.signalStrength}, ${row.category}, ${row.salaryMin}, ${row.salaryMax},
				${row.implication}, ${row.sourceUrl}, ${row.postedDate}, now(), ${provenance.dataSource}, ${provenance.retrievedAt})
			on conflict (domain, role_title, source_url) do update set
				status = excluded.status, location = excluded.location, signal_tier = excluded.signal_tier, signal_strength = excluded.signal_strength,
				category = excluded.category, salary_min = excluded.salary_min, salary_max = excluded.salary_max, implication = excluded.implication,
				posted_date = excluded.posted_date, data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
	}
	const titles = rows.map((row) => row.roleTitle);
	const urls = rows.map((row) => row.sourceUrl ?? '');
	await sql`delete from intel_hiring_signals h where h.domain = ${domain} and h.data_source = ${provenance.dataSource}
		and not exists (select 1 from unnest(${titles}::text[], ${urls}::text[]) as kept(title, url) where kept.title = h.role_title and kept.url = coalesce(h.source_url, ''))`;
	return rows.length;
}

export async function upsertHiringSummary(sql: Sql, domain: string, summary: HiringSummary, provenance: Provenance): Promise<void> {
	await sql`
		insert into intel_hiring_summary (domain, total_open_roles, tier_1_count, tier_2_count, tier_3_count, ecommerce_roles, engineering_roles, data_analytics_roles, ai_ml_roles, product_roles, merchandising_roles, ai_investment_signal, leadership_vacancies, platform_confirmed, data_source, retrieved_at)
		values (${domain}, ${summary.totalOpenRoles}, ${summary.tier1Count}, ${summary.tier2Count}, ${summary.tier3Count}, ${summary.ecommerceRoles}, ${summary.engineeringRoles},
			${summary.dataAnalyticsRoles}, ${summary.aiMlRoles}, ${summary.productRoles}, ${summary.merchandisingRoles}, ${summary.aiInvestmentSignal},
			${json(sql, summary.leadershipVacancies)}, ${summary.platformConfirmed}, ${provenance.dataSource}, ${provenance.retrievedAt})
		on conflict (domain) do update set
			total_open_roles = excluded.total_open_roles, tier_1_count = excluded.tier_1_count, tier_2_count = excluded.tier_2_count, tier_3_count = excluded.tier_3_count,
			ecommerce_roles = excluded.ecommerce_roles, engineering_roles = excluded.engineering_roles, data_analytics_roles = excluded.data_analytics_roles,
			ai_ml_roles = excluded.ai_ml_roles, product_roles = excluded.product_roles, merchandising_roles = excluded.merchandising_roles,
			ai_investment_signal = excluded.ai_investment_signal, leadership_vacancies = excluded.leadership_vacancies, platform_confirmed = excluded.platform_confirmed,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type StrategicWrite = {
	triggerEvents: readonly TriggerEvent[];
	strategicInitiatives: readonly TriggerEvent[];
	cautionSignals: readonly TriggerEvent[];
	sourceUrls: readonly string[];
	dataSource: string;
	retrievedAt: Date;
};

/** The strategic context: dated, sourced trigger events (the signal scorer reads them). */
export async function upsertStrategicContext(sql: Sql, domain: string, context: StrategicWrite): Promise<void> {
	await sql`
		insert into intel_strategic_context (domain, strategic_initiatives, trigger_events, caution_signals, source_urls, data_source, retrieved_at)
		values (${domain}, ${json(sql, context.strategicInitiatives)}, ${json(sql, context.triggerEvents)}, ${json(sql, context.cautionSignals)}, ${json(sql, context.sourceUrls)}, ${context.dataSource}, ${context.retrievedAt})
		on conflict (domain) do update set
			strategic_initiatives = excluded.strategic_initiatives, trigger_events = excluded.trigger_events, caution_signals = excluded.caution_signals,
			source_urls = excluded.source_urls, data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type InvestorWrite = {
	ticker: string | null;
	secFilings: unknown;
	keyQuotes: unknown;
	sourceBibliography: unknown;
	dataSource: string;
	retrievedAt: Date;
};

export async function upsertInvestorIntelligence(sql: Sql, domain: string, investor: InvestorWrite): Promise<void> {
	await sql`
		insert into intel_investor_intelligence (domain, ticker, sec_filings, key_quotes, source_bibliography, data_source, retrieved_at)
		values (${domain}, ${investor.ticker}, ${json(sql, investor.secFilings)}, ${json(sql, investor.keyQuotes)}, ${json(sql, investor.sourceBibliography)}, ${investor.dataSource}, ${investor.retrievedAt})
		on conflict (domain) do update set
			ticker = excluded.ticker, sec_filings = excluded.sec_filings, key_quotes = excluded.key_quotes,
			source_bibliography = excluded.source_bibliography, data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

/** Upserts executive quotes by (domain, quote). Quotes are kept across runs (a filing does not go away). */
export async function upsertExecutiveQuotes(sql: Sql, domain: string, quotes: readonly ExecutiveQuote[], provenance: Provenance): Promise<number> {
	const statement = executiveQuotesUpsert(sql, domain, quotes, provenance);
	if (statement) await statement;
	return quotes.length;
}

function executiveQuotesUpsert(sql: Sql, domain: string, quotes: readonly ExecutiveQuote[], provenance: Provenance) {
	const values = lastPerKey(quotes, (quote) => quote.quote).map((quote) => ({
		domain,
		speaker_name: quote.speakerName,
		speaker_title: quote.speakerTitle,
		quote: quote.quote,
		quote_context: quote.quoteContext,
		maps_to_product: quote.mapsToProduct,
		priority: quote.priority,
		source_url: quote.sourceUrl.slice(0, 500),
		source_date: quote.sourceDate,
		data_source: provenance.dataSource,
		retrieved_at: provenance.retrievedAt,
	}));
	if (values.length === 0) return undefined;
	return sql`
		insert into intel_executive_quotes ${sql(values, 'domain', 'speaker_name', 'speaker_title', 'quote', 'quote_context', 'maps_to_product', 'priority', 'source_url', 'source_date', 'data_source', 'retrieved_at')}
		on conflict (domain, quote) do update set
			speaker_name = excluded.speaker_name, speaker_title = excluded.speaker_title, quote_context = excluded.quote_context,
			maps_to_product = excluded.maps_to_product, priority = excluded.priority, source_url = excluded.source_url,
			source_date = excluded.source_date, data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type ExecutiveWrite = {name: string; title: string | null; background?: string | null; sourceUrl: string};

/** Upserts named officers (Yahoo assetProfile.companyOfficers) by (domain, name). */
export async function upsertExecutives(sql: Sql, domain: string, executives: readonly ExecutiveWrite[], provenance: Provenance): Promise<number> {
	const statement = executivesUpsert(sql, domain, executives, provenance);
	if (statement) await statement;
	return executives.length;
}

function executivesUpsert(sql: Sql, domain: string, executives: readonly ExecutiveWrite[], provenance: Provenance) {
	const values = lastPerKey(executives, (executive) => executive.name.slice(0, 200)).map((executive) => ({
		domain,
		name: executive.name.slice(0, 200),
		title: executive.title?.slice(0, 200) ?? null,
		background: executive.background ?? `Listed as an officer by Yahoo Finance (${executive.sourceUrl})`,
		data_source: provenance.dataSource,
		retrieved_at: provenance.retrievedAt,
	}));
	if (values.length === 0) return undefined;
	return sql`
		insert into intel_executive_intelligence ${sql(values, 'domain', 'name', 'title', 'background', 'data_source', 'retrieved_at')}
		on conflict (domain, name) do update set
			title = excluded.title, background = excluded.background, data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

/**
 * The officers and the quotes of one run in one statement (atomic on its own, so no
 * transaction: one round trip instead of three). Returns the rows given, as the two above.
 */
export async function upsertExecutivesAndQuotes(
	sql: Sql,
	domain: string,
	officers: {rows: readonly ExecutiveWrite[]; provenance: Provenance} | undefined,
	quotes: {rows: readonly ExecutiveQuote[]; provenance: Provenance} | undefined,
): Promise<number> {
	const first = officers ? executivesUpsert(sql, domain, officers.rows, officers.provenance) : undefined;
	const second = quotes ? executiveQuotesUpsert(sql, domain, quotes.rows, quotes.provenance) : undefined;
	if (first && second) await sql`with officers as (${first}) ${second}`;
	else if (first ?? second) await (first ?? second)!;
	return (officers?.rows.length ?? 0) + (quotes?.rows.length ?? 0);
}
