/**
 * Reads a company's full intel (every intel table, with provenance) into the plain
 * IntelBundle the scoring and brief functions take. `loadIntelBundles` reads many
 * companies with one query per table (set-based, for `pf score --all`); `loadIntel`
 * reads one. Numbers come back as numbers (NUMERIC cast to float8), dates as ISO text.
 */
import type {Sql} from './client.js';
import {bareCompany, type CaseStudy, type CompanyIntel, type IntelBundle} from '../domain/scoring/intel.js';

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null);

type Row = Record<string, unknown>;

function group(rows: readonly Row[]): Map<string, Row[]> {
	const map = new Map<string, Row[]>();
	for (const row of rows) {
		const domain = row.domain as string;
		const list = map.get(domain);
		if (list) list.push(row);
		else map.set(domain, [row]);
	}
	return map;
}

function company(row: Row): CompanyIntel {
	return bareCompany(row.domain as string, {
		companyName: (row.company_name as string) ?? null,
		ticker: (row.ticker as string) ?? null,
		exchange: (row.exchange as string) ?? null,
		isPublic: Boolean(row.is_public),
		city: (row.headquarters_city as string) ?? null,
		state: (row.headquarters_state as string) ?? null,
		country: (row.headquarters_country as string) ?? null,
		industry: (row.industry as string) ?? null,
		vertical: (row.vertical as string) ?? null,
		subVertical: (row.sub_vertical as string) ?? null,
		businessModel: (row.business_model as string) ?? null,
		employeeCount: (row.employee_count as number) ?? null,
		storeCount: (row.store_count as number) ?? null,
		description: (row.description as string) ?? null,
		websiteUrl: (row.website_url as string) ?? null,
		investorRelationsUrl: (row.investor_relations_url as string) ?? null,
		updatedAt: iso(row.updated_at),
	});
}

const provenance = (row: Row) => ({dataSource: (row.data_source as string) ?? null, retrievedAt: iso(row.retrieved_at)});

function changeOf(raw: unknown): 'added' | 'removed' | null {
	if (!raw || typeof raw !== 'object') return null;
	const record = raw as Record<string, unknown>;
	const value = String(record.change ?? record.status ?? (record.removed === true ? 'removed' : record.added === true ? 'added' : '')).toLowerCase();
	return value === 'removed' || value === 'added' ? value : null;
}

/** Companies that exist (not soft-deleted), by domain. */
export async function existingDomains(sql: Sql, domains: readonly string[]): Promise<Set<string>> {
	const rows = await sql<{domain: string}[]>`
		select c.domain from unnest(${domains as string[]}::text[]) as d(domain) join core_companies c on c.domain = d.domain where c.deleted_at is null`;
	return new Set(rows.map((row) => row.domain));
}

/** Every live company domain, in domain order. */
export async function allCompanyDomains(sql: Sql): Promise<string[]> {
	const rows = await sql<{domain: string}[]>`select domain from core_companies where deleted_at is null order by domain`;
	return rows.map((row) => row.domain);
}

/**
 * Loads the intel of many companies: one query per intel table. Companies that do not
 * exist are absent from the map. `withCaseStudies` also loads the evidence library.
 */
export async function loadIntelBundles(sql: Sql, domains: readonly string[], options: {withCaseStudies?: boolean} = {}): Promise<Map<string, IntelBundle>> {
	const list = domains as string[];
	// The evidence library is read alongside the intel tables, not after them (one round
	// trip less on a single brief's critical path).
	const [caseStudies, companies, customers, technologies, providers, traffic, financials, competitors, hiring, strategic, investors, quotes, executives, scores, displacements] = await Promise.all([
		options.withCaseStudies ? loadCaseStudies(sql) : ([] as CaseStudy[]),
		// A join on the unnested list, not `domain = any(…)`: for a list, the planner picks the
		// trigram index (0400, for the TUI's filters) and a chunk read took seconds.
		sql`select c.* from unnest(${list}::text[]) as d(domain) join core_companies c on c.domain = d.domain where c.deleted_at is null`,
		sql`select domain, is_customer, source, note from core_customers where domain = any(${list}) and deleted_at is null`,
		sql`select domain, technology_name, category, is_partner_tech, partner_tier, is_competitor_search, competitor_name,
			first_detected::text as first_detected, last_detected::text as last_detected, source_url, raw_data, data_source, retrieved_at
			from intel_technology_stack where domain = any(${list}) order by domain, technology_name`,
		sql`select domain, current_provider, provider_type, is_algolia, displacement_priority, tech_spend_estimate, tech_spend_source, source_url, data_source, retrieved_at
			from intel_search_provider where domain = any(${list})`,
		sql`select domain, monthly_visits, avg_visit_duration_seconds, pages_per_visit::float8 as pages_per_visit, bounce_rate::float8 as bounce_rate,
			mobile_share::float8 as mobile_share, mom_change::float8 as mom_change, yoy_change::float8 as yoy_change, trend_direction,
			website_rank_global, data_month, source_url, data_source, retrieved_at
			from intel_traffic_analysis where domain = any(${list})`,
		sql`select domain, ticker, fiscal_year_end, latest_revenue::text as latest_revenue, revenue_trend, revenue_3yr, net_income_3yr,
			ebitda_margin::float8 as ebitda_margin, operating_margin::float8 as operating_margin, margin_zone, ecommerce_revenue::text as ecommerce_revenue,
			ecommerce_share::float8 as ecommerce_share, ecommerce_growth_yoy::float8 as ecommerce_growth_yoy, addressable_search_revenue::text as addressable_search_revenue,
			stock_current_price::float8 as stock_current_price, stock_market_cap::text as stock_market_cap, analyst_consensus, roi_scenarios, source_urls, data_source, retrieved_at
			from intel_financial_profile where domain = any(${list})`,
		sql`select domain, competitor_domain, similarity_score::float8 as similarity_score, competitor_monthly_visits, competitor_search_provider,
			competitor_uses_algolia, source_url, data_source, retrieved_at
			from intel_competitor_intelligence where domain = any(${list}) order by domain, similarity_score desc nulls last, competitor_domain`,
		sql`select domain, role_title, status, location, signal_tier, category, source_url, posted_date::text as posted_date, discovered_at, data_source, retrieved_at
			from intel_hiring_signals where domain = any(${list}) order by domain, posted_date desc nulls last, role_title`,
		sql`select domain, strategic_initiatives, trigger_events, caution_signals, overall_timing, decision_window, urgency_level, source_urls, data_source, retrieved_at
			from intel_strategic_context where domain = any(${list})`,
		sql`select domain, ticker, sec_filings, earnings_calls, digital_commitments, key_quotes, source_bibliography, data_source, retrieved_at
			from intel_investor_intelligence where domain = any(${list})`,
		sql`select domain, speaker_name, speaker_title, quote, quote_context, maps_to_product, source_url, source_date::text as source_date, data_source, retrieved_at
			from intel_executive_quotes where domain = any(${list}) order by domain, source_date desc nulls last, speaker_name`,
		sql`select domain, name, title, linkedin_url, tenure_start::text as tenure_start, background, buyer_role, priority, is_new_to_role, entry_approach, data_source, retrieved_at
			from intel_executive_intelligence where domain = any(${list}) order by domain, name`,
		sql`select domain, icp_tier, icp_tier_name, lead_score_total, lead_score_breakdown, signal_score_total, priority_score, priority_status,
			priority_reasoning, algolia_product_mapping, model_version, updated_at, data_source
			from intel_icp_priority_mapping where domain = any(${list})`,
		sql`select domain, current_search_provider, displacement_difficulty, displacement_reasoning, data_source, retrieved_at
			from intel_displacement_analysis where domain = any(${list})`,
	]);
	const byDomain = {
		customers: group(customers),
		technologies: group(technologies),
		providers: group(providers),
		traffic: group(traffic),
		financials: group(financials),
		competitors: group(competitors),
		hiring: group(hiring),
		strategic: group(strategic),
		investors: group(investors),
		quotes: group(quotes),
		executives: group(executives),
		scores: group(scores),
		displacements: group(displacements),
	};
	const bundles = new Map<string, IntelBundle>();
	for (const row of companies) {
		const domain = row.domain as string;
		const customer = byDomain.customers.get(domain)?.[0];
		const provider = byDomain.providers.get(domain)?.[0];
		const visits = byDomain.traffic.get(domain)?.[0];
		const financial = byDomain.financials.get(domain)?.[0];
		const strategicRow = byDomain.strategic.get(domain)?.[0];
		const investor = byDomain.investors.get(domain)?.[0];
		const score = byDomain.scores.get(domain)?.[0];
		const displacement = byDomain.displacements.get(domain)?.[0];
		bundles.set(domain, {
			domain,
			company: company(row),
			customer: customer ? {isCustomer: Boolean(customer.is_customer), source: customer.source as string, note: (customer.note as string) ?? null} : null,
			technologies: (byDomain.technologies.get(domain) ?? []).map((tech) => ({
				technologyName: tech.technology_name as string,
				category: (tech.category as string) ?? null,
				isPartnerTech: Boolean(tech.is_partner_tech),
				partnerTier: (tech.partner_tier as string) ?? null,
				isCompetitorSearch: Boolean(tech.is_competitor_search),
				competitorName: (tech.competitor_name as string) ?? null,
				firstDetected: (tech.first_detected as string) ?? null,
				lastDetected: (tech.last_detected as string) ?? null,
				sourceUrl: (tech.source_url as string) ?? null,
				change: changeOf(tech.raw_data),
				...provenance(tech),
			})),
			searchProvider: provider
				? {
						currentProvider: (provider.current_provider as string) ?? null,
						providerType: (provider.provider_type as string) ?? null,
						isAlgolia: Boolean(provider.is_algolia),
						displacementPriority: (provider.displacement_priority as string) ?? null,
						techSpendEstimate: (provider.tech_spend_estimate as number) ?? null,
						techSpendSource: (provider.tech_spend_source as string) ?? null,
						sourceUrl: (provider.source_url as string) ?? null,
						...provenance(provider),
					}
				: null,
			traffic: visits
				? {
						monthlyVisits: (visits.monthly_visits as number) ?? null,
						avgVisitDurationSeconds: (visits.avg_visit_duration_seconds as number) ?? null,
						pagesPerVisit: (visits.pages_per_visit as number) ?? null,
						bounceRate: (visits.bounce_rate as number) ?? null,
						mobileShare: (visits.mobile_share as number) ?? null,
						momChange: (visits.mom_change as number) ?? null,
						yoyChange: (visits.yoy_change as number) ?? null,
						trendDirection: (visits.trend_direction as string) ?? null,
						rankGlobal: (visits.website_rank_global as number) ?? null,
						dataMonth: (visits.data_month as string) ?? null,
						sourceUrl: (visits.source_url as string) ?? null,
						...provenance(visits),
					}
				: null,
			financial: financial
				? {
						ticker: (financial.ticker as string) ?? null,
						fiscalYearEnd: (financial.fiscal_year_end as string) ?? null,
						latestRevenue: (financial.latest_revenue as string) ?? null,
						revenueTrend: (financial.revenue_trend as string) ?? null,
						revenue3yr: financial.revenue_3yr ?? null,
						netIncome3yr: financial.net_income_3yr ?? null,
						ebitdaMargin: (financial.ebitda_margin as number) ?? null,
						operatingMargin: (financial.operating_margin as number) ?? null,
						marginZone: (financial.margin_zone as string) ?? null,
						ecommerceRevenue: (financial.ecommerce_revenue as string) ?? null,
						ecommerceShare: (financial.ecommerce_share as number) ?? null,
						ecommerceGrowthYoy: (financial.ecommerce_growth_yoy as number) ?? null,
						addressableSearchRevenue: (financial.addressable_search_revenue as string) ?? null,
						stockCurrentPrice: (financial.stock_current_price as number) ?? null,
						stockMarketCap: (financial.stock_market_cap as string) ?? null,
						analystConsensus: (financial.analyst_consensus as string) ?? null,
						roiScenarios: financial.roi_scenarios ?? null,
						sourceUrls: financial.source_urls ?? null,
						...provenance(financial),
					}
				: null,
			competitors: (byDomain.competitors.get(domain) ?? []).map((competitor) => ({
				competitorDomain: competitor.competitor_domain as string,
				similarityScore: (competitor.similarity_score as number) ?? null,
				competitorMonthlyVisits: (competitor.competitor_monthly_visits as number) ?? null,
				competitorSearchProvider: (competitor.competitor_search_provider as string) ?? null,
				competitorUsesAlgolia: Boolean(competitor.competitor_uses_algolia),
				sourceUrl: (competitor.source_url as string) ?? null,
				...provenance(competitor),
			})),
			hiring: (byDomain.hiring.get(domain) ?? []).map((role) => ({
				roleTitle: role.role_title as string,
				status: (role.status as string) ?? null,
				location: (role.location as string) ?? null,
				signalTier: (role.signal_tier as number) ?? null,
				category: (role.category as string) ?? null,
				sourceUrl: (role.source_url as string) ?? null,
				postedDate: (role.posted_date as string) ?? null,
				discoveredAt: iso(role.discovered_at),
				...provenance(role),
			})),
			strategic: strategicRow
				? {
						strategicInitiatives: strategicRow.strategic_initiatives ?? null,
						triggerEvents: strategicRow.trigger_events ?? null,
						cautionSignals: strategicRow.caution_signals ?? null,
						overallTiming: (strategicRow.overall_timing as string) ?? null,
						decisionWindow: (strategicRow.decision_window as string) ?? null,
						urgencyLevel: (strategicRow.urgency_level as string) ?? null,
						sourceUrls: strategicRow.source_urls ?? null,
						...provenance(strategicRow),
					}
				: null,
			investor: investor
				? {
						ticker: (investor.ticker as string) ?? null,
						secFilings: investor.sec_filings ?? null,
						earningsCalls: investor.earnings_calls ?? null,
						digitalCommitments: investor.digital_commitments ?? null,
						keyQuotes: investor.key_quotes ?? null,
						sourceBibliography: investor.source_bibliography ?? null,
						...provenance(investor),
					}
				: null,
			quotes: (byDomain.quotes.get(domain) ?? []).map((quote) => ({
				speakerName: quote.speaker_name as string,
				speakerTitle: (quote.speaker_title as string) ?? null,
				quote: quote.quote as string,
				quoteContext: (quote.quote_context as string) ?? null,
				mapsToProduct: (quote.maps_to_product as string) ?? null,
				sourceUrl: (quote.source_url as string) ?? null,
				sourceDate: (quote.source_date as string) ?? null,
				...provenance(quote),
			})),
			executives: (byDomain.executives.get(domain) ?? []).map((executive) => ({
				name: executive.name as string,
				title: (executive.title as string) ?? null,
				linkedinUrl: (executive.linkedin_url as string) ?? null,
				tenureStart: (executive.tenure_start as string) ?? null,
				background: (executive.background as string) ?? null,
				buyerRole: (executive.buyer_role as string) ?? null,
				priority: (executive.priority as string) ?? null,
				isNewToRole: Boolean(executive.is_new_to_role),
				entryApproach: (executive.entry_approach as string) ?? null,
				...provenance(executive),
			})),
			caseStudies,
			storedScore: score
				? {
						icpTier: (score.icp_tier as number) ?? null,
						icpTierName: (score.icp_tier_name as string) ?? null,
						leadScoreTotal: (score.lead_score_total as number) ?? null,
						leadScoreBreakdown: score.lead_score_breakdown ?? null,
						signalScoreTotal: (score.signal_score_total as number) ?? null,
						priorityScore: (score.priority_score as number) ?? null,
						priorityStatus: (score.priority_status as string) ?? null,
						priorityReasoning: (score.priority_reasoning as string) ?? null,
						algoliaProductMapping: score.algolia_product_mapping ?? null,
						modelVersion: (score.model_version as string) ?? null,
						updatedAt: iso(score.updated_at),
						dataSource: (score.data_source as string) ?? null,
					}
				: null,
			displacement: displacement
				? {
						currentSearchProvider: (displacement.current_search_provider as string) ?? null,
						displacementDifficulty: (displacement.displacement_difficulty as string) ?? null,
						displacementReasoning: (displacement.displacement_reasoning as string) ?? null,
						...provenance(displacement),
					}
				: null,
		});
	}
	return bundles;
}

/** One company's intel (with the evidence library for case-study matching), or null. */
export async function loadIntel(sql: Sql, domain: string, options: {withCaseStudies?: boolean} = {withCaseStudies: true}): Promise<IntelBundle | null> {
	return (await loadIntelBundles(sql, [domain], options)).get(domain) ?? null;
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/**
 * The evidence library's case studies (evidence_case_studies, migration 0100). Returns []
 * when that table does not exist in this database.
 */
export async function loadCaseStudies(sql: Sql): Promise<CaseStudy[]> {
	let rows: Row[];
	try {
		// One round trip: the query itself tells whether the table exists (42P01), rather
		// than a to_regclass look-up before it on every brief.
		rows = await sql`
			select cs.id::text as id, cs.customer_name, cs.customer_domain, cs.vertical, cs.sub_vertical, cs.use_case, cs.customer_type,
				cs.story_url, cs.features_used, cs.partner_integrations, cs.competitor_takeout, cs.key_results, cs.data_source, cs.retrieved_at,
				-- A scalar subquery (one index probe per case study; domain is unique there), not
				-- a join, which hashed the whole traffic table on every brief.
				(select ta.monthly_visits from intel_traffic_analysis ta where ta.domain = cs.customer_domain) as customer_monthly_visits
			from evidence_case_studies cs
			order by cs.customer_name, cs.id`;
	} catch (error) {
		if ((error as {code?: string}).code === '42P01') return [];
		throw error;
	}
	return rows.map((row) => ({
		id: row.id as string,
		customerName: row.customer_name as string,
		customerDomain: (row.customer_domain as string) ?? null,
		vertical: (row.vertical as string) ?? null,
		subVertical: (row.sub_vertical as string) ?? null,
		useCase: (row.use_case as string) ?? null,
		customerType: (row.customer_type as string) ?? null,
		storyUrl: (row.story_url as string) ?? null,
		featuresUsed: asStrings(row.features_used),
		partnerIntegrations: asStrings(row.partner_integrations),
		competitorTakeout: (row.competitor_takeout as string) ?? null,
		keyResults: (row.key_results as string) ?? null,
		customerMonthlyVisits: (row.customer_monthly_visits as number) ?? null,
		dataSource: (row.data_source as string) ?? null,
		retrievedAt: iso(row.retrieved_at),
	}));
}
