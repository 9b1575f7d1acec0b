/**
 * Legacy row → schema v2 staging record, one pure function per legacy table. Each
 * returns the record (keys are the staging table's columns, in STAGE_COLUMNS order) or
 * a reject with the reason. Set-based SQL (source/db/legacy-import.ts) moves staged
 * records into their v2 tables. No I/O here.
 */
import {normaliseDomain} from '../domain/domain-name.js';
import {findPartnerTechnology, findSearchProvider} from '../domain/technology-catalogue.js';
import {resolveCustomerDomain, domainFromColumn, nameKey} from './customer-domains.js';
import {bool, capped, dateValue, decimal, exactInteger, fraction, int32, json, number, stringArray, text, timestamp, type SqliteValue, type TimestampOptions} from './values.js';
import type {LegacyTableName} from './tables.js';

export type LegacyRow = Record<string, SqliteValue>;
export type StageValue = string | number | boolean | null | object;
export type StageRecord = Record<string, StageValue>;
export type TransformResult = {ok: true; record: StageRecord} | {ok: false; reason: string};

export type TransformContext = {
	timestamps: TimestampOptions;
	/** Domain by company-name key from the evidence library (for customer resolution). */
	evidenceDomain: (nameKey: string) => string | undefined;
};

/** The legacy priority bands (domain.md): HOT ≥ 80, WARM ≥ 60, COOL ≥ 40, else COLD. */
export function legacyPriorityStatus(leadScore: number): 'HOT' | 'WARM' | 'COOL' | 'COLD' {
	if (leadScore >= 80) return 'HOT';
	if (leadScore >= 60) return 'WARM';
	if (leadScore >= 40) return 'COOL';
	return 'COLD';
}

/**
 * Displacement priority of an imported target (v_displacement_targets lists HIGH and
 * MEDIUM): every legacy target runs a partner technology and is not a customer, so it
 * is at least MEDIUM; HIGH when its legacy lead score is WARM or better (≥ 60); NONE
 * when its recorded search provider is Algolia.
 */
export function legacyDisplacementPriority(leadScore: number | null, currentProvider: string | null): 'HIGH' | 'MEDIUM' | 'NONE' {
	if (currentProvider && findSearchProvider(currentProvider)?.kind === 'algolia') return 'NONE';
	return leadScore !== null && leadScore >= 60 ? 'HIGH' : 'MEDIUM';
}

/** Columns of each staging table, in COPY order. */
export const STAGE_COLUMNS = {
	technologies: ['legacy_id', 'name', 'category', 'is_partner', 'is_competitor', 'builtwith_name', 'retrieved_at'],
	case_studies: ['legacy_id', 'customer_name', 'customer_domain', 'legacy_company_id', 'country', 'region', 'vertical', 'sub_vertical', 'use_case', 'customer_type', 'story_url', 'slide_deck_url', 'pdf_url', 'status', 'features_used', 'partner_integrations', 'competitor_takeout', 'key_results', 'localized_urls', 'retrieved_at'],
	verified_case_studies: ['legacy_id', 'company_name', 'vertical', 'url', 'headline', 'result_metric', 'is_verified', 'last_verified', 'retrieved_at'],
	customer_quotes: ['legacy_id', 'customer_name', 'customer_domain', 'legacy_company_id', 'contact_name', 'contact_title', 'vertical', 'country', 'quote_text', 'evidence_type', 'source', 'source_date', 'tags', 'is_approved', 'retrieved_at'],
	proof_points: ['legacy_id', 'vertical', 'theme', 'customer_name', 'result_text', 'source', 'is_shareable', 'retrieved_at'],
	customer_logos: ['legacy_id', 'company_name', 'company_domain', 'legacy_company_id', 'signed_date', 'vertical', 'has_case_study_in_contract', 'has_logo_rights', 'social_completed', 'is_reference', 'has_press_release', 'partner', 'tech_platform', 'competitor_displaced', 'notes', 'retrieved_at'],
	companies: ['legacy_id', 'domain', 'company_name', 'resolution', 'is_customer', 'note', 'retrieved_at'],
	company_technologies: ['legacy_id', 'legacy_company_id', 'legacy_technology_id', 'source', 'is_live', 'retrieved_at'],
	displacement_targets: [
		'legacy_id', 'domain', 'company_name', 'vertical', 'headquarters_city', 'headquarters_state', 'headquarters_country', 'ticker', 'is_public', 'retrieved_at',
		'partner_tech', 'partner_tier', 'partner_category',
		'current_provider', 'provider_type', 'is_algolia', 'displacement_priority', 'displacement_difficulty', 'tech_spend',
		'has_traffic', 'monthly_visits', 'bounce_rate', 'pages_per_visit', 'avg_duration', 'traffic_sources', 'rank_global', 'trend_direction',
		'has_financials', 'latest_revenue', 'operating_margin', 'ebitda_margin', 'margin_zone', 'market_cap', 'stock_price', 'analyst_consensus',
		'trigger_events', 'quote', 'speaker_name', 'speaker_title', 'quote_context',
		'has_displacement', 'displacement_reasoning', 'competitive_displacement',
		'icp_tier', 'icp_tier_name', 'lead_score', 'lead_score_breakdown', 'priority_score', 'priority_status', 'priority_reasoning',
		'matched_case_studies', 'tech_stack',
		'emails', 'phones', 'socials', 'exec_titles', 'legacy_icp_score', 'enrichment_level', 'last_enriched', 'gross_margin', 'traffic_growth_pct', 'search_traffic_share', 'financials', 'hiring_signals', 'quote_source',
	],
	competitive_intel: ['legacy_id', 'domain', 'competitor_domain', 'similarity_score', 'search_provider', 'uses_algolia', 'tech_overlap', 'retrieved_at'],
	enrichment_status: ['legacy_key', 'domain', 'financials_enriched', 'quotes_enriched', 'hiring_enriched', 'triggers_enriched', 'committee_enriched', 'last_enriched', 'enrichment_errors', 'retrieved_at'],
	company_financials: ['legacy_id', 'domain', 'ticker', 'latest_revenue', 'revenue_trend', 'revenue_3yr', 'net_income_3yr', 'ebitda_margin', 'margin_zone', 'ecommerce_revenue', 'ecommerce_share', 'ecommerce_growth_yoy', 'stock_market_cap', 'stock_current_price', 'analyst_consensus', 'source_urls', 'retrieved_at'],
	executive_quotes: ['legacy_id', 'domain', 'speaker_name', 'speaker_title', 'quote', 'quote_context', 'maps_to_product', 'priority', 'source_url', 'source_date', 'retrieved_at'],
	hiring_signals: ['legacy_id', 'domain', 'role_title', 'status', 'signal_tier', 'signal_strength', 'category', 'implication', 'source_url', 'retrieved_at'],
	strategic_triggers: ['legacy_id', 'domain', 'trigger_event', 'source_url', 'retrieved_at'],
	buying_committee: ['legacy_id', 'domain', 'name', 'title', 'linkedin_url', 'buyer_role', 'priority', 'background', 'entry_approach', 'retrieved_at'],
} as const satisfies Record<LegacyTableName, readonly string[]>;

type Columns<T extends LegacyTableName> = (typeof STAGE_COLUMNS)[T][number];
type RecordOf<T extends LegacyTableName> = {[K in Columns<T>]: StageValue};

const reject = (reason: string): TransformResult => ({ok: false, reason});
const accept = <T extends LegacyTableName>(record: RecordOf<T>): TransformResult => ({ok: true, record});

function legacyId(row: LegacyRow): number | null {
	return int32(row.id);
}

/** Parses the JSON columns of a row; the first invalid one is the reject reason. */
function parseJson(row: LegacyRow, columns: string[]): {ok: true; values: Record<string, unknown>} | {ok: false; reason: string} {
	const values: Record<string, unknown> = {};
	for (const column of columns) {
		const result = json(row[column]);
		if (!result.ok) return {ok: false, reason: `${column}: ${result.reason}`};
		values[column] = result.value;
	}
	return {ok: true, values};
}

function domainOf(value: SqliteValue, column: string): {ok: true; domain: string} | {ok: false; reason: string} {
	const raw = text(value);
	if (raw === null) return {ok: false, reason: `${column} is empty`};
	const result = normaliseDomain(raw);
	return result.ok ? {ok: true, domain: result.domain} : {ok: false, reason: `${column} "${raw}" is not a domain: ${result.reason}`};
}

/** Customer domains in the evidence library: case studies' `algolia.com` is the story host, not the customer's. */
function evidenceDomain(value: SqliteValue): string | null {
	return domainFromColumn(text(value));
}

const missingId = (row: LegacyRow) => (legacyId(row) === null ? reject('id is missing or not an integer') : null);

export function transformTechnology(row: LegacyRow, context: TransformContext): TransformResult {
	const name = capped(row.name, 200);
	if (name === null) return reject('name is empty');
	return accept<'technologies'>({legacy_id: legacyId(row), name, category: capped(row.category, 100), is_partner: bool(row.is_partner) ?? false, is_competitor: bool(row.is_competitor) ?? false, builtwith_name: capped(row.builtwith_name, 200), retrieved_at: timestamp(row.created_at, context.timestamps)});
}

export function transformCaseStudy(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const name = capped(row.customer_name, 300);
	if (name === null) return reject('customer_name is empty');
	const parsed = parseJson(row, ['features_used', 'partner_integrations', 'localized_urls']);
	if (!parsed.ok) return reject(parsed.reason);
	return accept<'case_studies'>({
		legacy_id: legacyId(row), customer_name: name, customer_domain: evidenceDomain(row.customer_domain), legacy_company_id: int32(row.company_id),
		country: capped(row.country, 100), region: capped(row.region, 100), vertical: capped(row.vertical, 200), sub_vertical: capped(row.sub_vertical, 200),
		use_case: capped(row.use_case, 300), customer_type: capped(row.customer_type, 100), story_url: capped(row.story_url, 1000), slide_deck_url: capped(row.slide_deck_url, 1000), pdf_url: capped(row.pdf_url, 1000),
		status: capped(row.status, 50), features_used: stringArray(parsed.values.features_used), partner_integrations: stringArray(parsed.values.partner_integrations),
		competitor_takeout: capped(row.competitor_takeout, 300), key_results: text(row.key_results), localized_urls: parsed.values.localized_urls as object | null,
		retrieved_at: timestamp(row.updated_at, context.timestamps) ?? timestamp(row.created_at, context.timestamps),
	});
}

export function transformVerifiedCaseStudy(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const name = capped(row.company_name, 300);
	const url = capped(row.url, 1000);
	if (name === null) return reject('company_name is empty');
	if (url === null) return reject('url is empty');
	return accept<'verified_case_studies'>({legacy_id: legacyId(row), company_name: name, vertical: capped(row.vertical, 200), url, headline: text(row.headline), result_metric: text(row.result_metric), is_verified: bool(row.is_verified) ?? false, last_verified: timestamp(row.last_verified, context.timestamps), retrieved_at: timestamp(row.last_verified, context.timestamps) ?? timestamp(row.created_at, context.timestamps)});
}

export function transformCustomerQuote(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const quote = text(row.quote_text);
	if (quote === null) return reject('quote_text is empty');
	const parsed = parseJson(row, ['tags']);
	if (!parsed.ok) return reject(parsed.reason);
	return accept<'customer_quotes'>({
		legacy_id: legacyId(row), customer_name: capped(row.customer_name, 300), customer_domain: evidenceDomain(row.customer_domain), legacy_company_id: int32(row.company_id),
		contact_name: capped(row.contact_name, 200), contact_title: capped(row.contact_title, 300), vertical: capped(row.vertical, 200), country: capped(row.country, 100),
		quote_text: quote, evidence_type: capped(row.evidence_type, 100), source: capped(row.source, 200), source_date: dateValue(row.source_date, context.timestamps),
		tags: stringArray(parsed.values.tags), is_approved: bool(row.is_approved) ?? true, retrieved_at: timestamp(row.created_at, context.timestamps),
	});
}

export function transformProofPoint(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const result = text(row.result_text);
	if (result === null) return reject('result_text is empty');
	return accept<'proof_points'>({legacy_id: legacyId(row), vertical: capped(row.vertical, 200), theme: capped(row.theme, 200), customer_name: capped(row.customer_name, 300), result_text: result, source: capped(row.source, 200), is_shareable: bool(row.is_shareable) ?? true, retrieved_at: timestamp(row.created_at, context.timestamps)});
}

export function transformCustomerLogo(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const name = capped(row.company_name, 300);
	if (name === null) return reject('company_name is empty');
	const flag = (value: SqliteValue) => bool(value) ?? false;
	return accept<'customer_logos'>({
		legacy_id: legacyId(row), company_name: name, company_domain: evidenceDomain(row.company_domain), legacy_company_id: int32(row.company_id),
		signed_date: dateValue(row.signed_date, context.timestamps), vertical: capped(row.vertical, 200),
		has_case_study_in_contract: flag(row.has_case_study_in_contract), has_logo_rights: flag(row.has_logo_rights), social_completed: flag(row.social_completed), is_reference: flag(row.is_reference), has_press_release: flag(row.has_press_release),
		partner: capped(row.partner, 200), tech_platform: capped(row.tech_platform, 200), competitor_displaced: capped(row.competitor_displaced, 200), notes: text(row.notes),
		retrieved_at: timestamp(row.created_at, context.timestamps),
	});
}

/** Domain look-up for customer resolution, built from evidence rows (logos, quotes, case studies). */
export function evidenceDomainEntry(row: LegacyRow, nameColumn: string, domainColumn: string): [string, string] | null {
	const key = nameKey(text(row[nameColumn]));
	const domain = evidenceDomain(row[domainColumn]);
	return key && domain ? [key, domain] : null;
}

/**
 * A legacy customer. Everything v2 has no column for (ARR, products, consent flags,
 * partner populations, signed date, …) is kept in `note` as JSON, so nothing is lost.
 */
export function transformCustomer(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const rawDomain = text(row.domain);
	const name = capped(row.name, 500) ?? capped(rawDomain, 500);
	if (rawDomain === null && name === null) return reject('neither domain nor name is set');
	const parsed = parseJson(row, ['algolia_products', 'partner_populations']);
	if (!parsed.ok) return reject(parsed.reason);
	const resolution = resolveCustomerDomain({domain: rawDomain, name}, context.evidenceDomain);
	const legacy: Record<string, unknown> = {
		legacy_domain: typeof row.domain === 'string' ? row.domain : rawDomain, vertical: text(row.vertical), sub_vertical: text(row.sub_vertical), country: text(row.country), country_code: text(row.country_code),
		algolia_arr: number(row.algolia_arr), algolia_products: parsed.values.algolia_products, algolia_cs_coverage: text(row.algolia_cs_coverage),
		has_logo_rights: bool(row.has_logo_rights), has_case_study_consent: bool(row.has_case_study_consent), has_reference_consent: bool(row.has_reference_consent),
		partner_populations: parsed.values.partner_populations, signed_date: dateValue(row.signed_date, context.timestamps), competitor_displaced: text(row.competitor_displaced), tech_platform: text(row.tech_platform), notes: text(row.notes),
		domain_resolution: resolution.how,
	};
	for (const key of Object.keys(legacy)) if (legacy[key] === null || legacy[key] === undefined) delete legacy[key];
	return accept<'companies'>({
		legacy_id: legacyId(row), domain: resolution.domain, company_name: name, resolution: resolution.how,
		is_customer: bool(row.is_algolia_customer) ?? true, note: JSON.stringify({legacy}),
		retrieved_at: timestamp(row.updated_at, context.timestamps) ?? timestamp(row.created_at, context.timestamps),
	});
}

export function transformCompanyTechnology(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const company = int32(row.company_id);
	const technology = int32(row.technology_id);
	if (company === null) return reject('company_id is empty');
	if (technology === null) return reject('technology_id is empty');
	return accept<'company_technologies'>({legacy_id: legacyId(row), legacy_company_id: company, legacy_technology_id: technology, source: capped(row.source, 100), is_live: bool(row.is_live) ?? true, retrieved_at: timestamp(row.created_at, context.timestamps)});
}

const unsourced = 'legacy, unsourced';

/** "Event text [Source label]" → {event, source_label}; the legacy trigger events carry no URL. */
export function legacyTriggerEvent(item: unknown): Record<string, unknown> {
	const raw = typeof item === 'string' ? item.trim() : JSON.stringify(item);
	const match = /^(.*?)\s*\[([^\]]+)\]\s*$/.exec(raw);
	return {event: match ? match[1] : raw, source_label: match ? match[2] : null, source_url: null, sourced: false, provenance: unsourced};
}

function marginZone(margin: number | null): 'RED' | 'YELLOW' | 'GREEN' | null {
	if (margin === null) return null;
	return margin <= 0.1 ? 'RED' : margin <= 0.2 ? 'YELLOW' : 'GREEN';
}

function splitList(value: string | null): string[] | null {
	if (value === null) return null;
	const items = value.split(/\s*,\s*/).filter(Boolean);
	return items.length > 0 ? items : null;
}

/** One displacement target → the company and every intel row its columns belong to. */
export function transformTarget(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const domain = domainOf(row.domain, 'domain');
	if (!domain.ok) return reject(domain.reason);
	const parsed = parseJson(row, ['emails', 'phones', 'socials', 'exec_titles', 'matched_case_studies', 'score_reasons', 'score_breakdown', 'trigger_events', 'financials_json', 'hiring_signals', 'tech_stack_json']);
	if (!parsed.ok) return reject(parsed.reason);
	const v = parsed.values;
	const ts = context.timestamps;
	const lastEnriched = timestamp(row.last_enriched, ts);
	const retrievedAt = lastEnriched ?? timestamp(row.created_at, ts);

	const partnerName = text(row.partner_tech);
	const partner = partnerName ? findPartnerTechnology(partnerName) : undefined;
	const currentProvider = capped(row.current_search, 100);
	const provider = currentProvider ? findSearchProvider(currentProvider) : undefined;
	const providerType = currentProvider === null ? null : /^custom\b/i.test(currentProvider) ? 'custom' : provider?.kind === 'native' ? 'native' : 'third_party';

	const leadScore = int32(row.lead_score);
	const reasons = stringArray(v.score_reasons);
	const breakdown = v.score_breakdown && typeof v.score_breakdown === 'object' ? (v.score_breakdown as object) : null;

	const financials = v.financials_json && typeof v.financials_json === 'object' ? (v.financials_json as Record<string, unknown>) : null;
	const revenue = exactInteger(row.revenue) ?? (financials ? exactInteger(financials.revenue as SqliteValue) : null);
	const ebitda = financials ? number(financials.ebitda as SqliteValue) : null;
	const ebitdaMargin = ebitda !== null && revenue !== null && Number(revenue) > 0 ? ebitda / Number(revenue) : null;
	const operatingMargin = financials ? fraction(financials.operating_margin as SqliteValue) : null;

	const visits = exactInteger(row.sw_monthly_visits);
	const bounce = fraction(row.sw_bounce_rate);
	const pages = number(row.sw_pages_per_visit);
	const duration = int32(row.sw_avg_duration);
	const searchShare = fraction(row.sw_search_traffic_pct);
	const rank = int32(row.sw_rank_global);
	const growth = number(row.traffic_growth);
	const hasTraffic = [visits, bounce, pages, duration, searchShare, rank].some((value) => value !== null && value !== 0) || growth !== null;

	const triggers = Array.isArray(v.trigger_events) ? v.trigger_events.map(legacyTriggerEvent) : v.trigger_events ? [legacyTriggerEvent(v.trigger_events)] : null;
	const quote = text(row.exec_quote);
	const speaker = capped(row.exec_name, 200);
	const quoteSource = text(row.quote_source);
	const competitorsUsingAlgolia = splitList(text(row.competitors_using_algolia));
	const angle = text(row.displacement_angle);

	const matched = Array.isArray(v.matched_case_studies) ? v.matched_case_studies.map((id) => int32(id as SqliteValue)).filter((id): id is number => id !== null) : null;
	const techStack = Array.isArray(v.tech_stack_json)
		? v.tech_stack_json
				.map((item) => (typeof item === 'string' ? {name: item.trim()} : item && typeof item === 'object' ? {name: String((item as Record<string, unknown>).name ?? (item as Record<string, unknown>).Name ?? '').trim(), category: (item as Record<string, unknown>).category ?? null} : null))
				.filter((item): item is {name: string} => item !== null && item.name !== '')
		: null;

	const vertical = text(row.vertical);
	return accept<'displacement_targets'>({
		legacy_id: legacyId(row), domain: domain.domain, company_name: capped(row.company_name, 500),
		vertical: vertical && vertical.toLowerCase() !== 'unknown' ? capped(vertical, 100) : null,
		headquarters_city: capped(row.city, 100), headquarters_state: capped(row.state, 100), headquarters_country: capped(row.country, 100),
		ticker: capped(row.ticker, 20) ?? capped(financials?.ticker as SqliteValue, 20), is_public: bool(row.is_public) ?? false, retrieved_at: retrievedAt,
		partner_tech: partner?.name ?? capped(partnerName, 200), partner_tier: partner?.tier ?? (partnerName ? 'other' : null), partner_category: partner?.category ?? null,
		current_provider: currentProvider, provider_type: providerType, is_algolia: provider?.kind === 'algolia',
		displacement_priority: legacyDisplacementPriority(leadScore, currentProvider), displacement_difficulty: provider?.difficulty ?? null, tech_spend: int32(row.tech_spend),
		has_traffic: hasTraffic, monthly_visits: visits, bounce_rate: decimal(bounce, 4, 3), pages_per_visit: decimal(pages, 4, 2), avg_duration: duration,
		traffic_sources: searchShare !== null ? {search: searchShare} : null, rank_global: rank && rank > 0 ? rank : null,
		trend_direction: growth === null ? null : growth > 1 ? 'growing' : growth < -1 ? 'declining' : 'stable',
		has_financials: revenue !== null || financials !== null, latest_revenue: revenue, operating_margin: decimal(operatingMargin, 5, 4), ebitda_margin: decimal(ebitdaMargin, 5, 4), margin_zone: marginZone(ebitdaMargin),
		market_cap: financials ? exactInteger(financials.market_cap as SqliteValue) : null, stock_price: financials ? decimal(number(financials.current_price as SqliteValue), 10, 2) : null,
		analyst_consensus: financials ? capped(financials.recommendation as SqliteValue, 20) : null,
		trigger_events: triggers,
		quote, speaker_name: quote ? (speaker ?? 'unknown (legacy)') : null, speaker_title: quote ? capped(row.exec_title, 200) : null,
		quote_context: quote ? capped(`${unsourced}${quoteSource ? `: ${quoteSource}` : ''}`, 200) : null,
		has_displacement: currentProvider !== null || angle !== null || competitorsUsingAlgolia !== null,
		displacement_reasoning: angle, competitive_displacement: competitorsUsingAlgolia ? {competitors_using_algolia: competitorsUsingAlgolia, source_url: null, provenance: unsourced} : null,
		icp_tier: int32(row.icp_tier), icp_tier_name: capped(row.icp_tier_name, 50), lead_score: leadScore,
		lead_score_breakdown: breakdown ? {...breakdown, reasons: reasons ?? []} : reasons ? {reasons} : null,
		priority_score: leadScore, priority_status: leadScore === null ? null : legacyPriorityStatus(leadScore),
		priority_reasoning: reasons ? `Legacy lead score ${leadScore ?? '?'}: ${reasons.join('; ')}` : leadScore !== null ? `Legacy lead score ${leadScore}` : null,
		matched_case_studies: matched && matched.length > 0 ? matched : null, tech_stack: techStack && techStack.length > 0 ? techStack : null,
		emails: v.emails ?? null, phones: v.phones ?? null, socials: v.socials ?? null, exec_titles: v.exec_titles ?? null,
		legacy_icp_score: int32(row.icp_score), enrichment_level: capped(row.enrichment_level, 20), last_enriched: lastEnriched,
		gross_margin: fraction(row.gross_margin), traffic_growth_pct: growth, search_traffic_share: searchShare,
		financials: financials, hiring_signals: (v.hiring_signals as object | null) ?? null, quote_source: capped(quoteSource, 300),
	} as RecordOf<'displacement_targets'>);
}

export function transformCompetitiveIntel(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const target = domainOf(row.target_domain, 'target_domain');
	if (!target.ok) return reject(target.reason);
	const competitor = domainOf(row.competitor_domain, 'competitor_domain');
	if (!competitor.ok) return reject(competitor.reason);
	const parsed = parseJson(row, ['partner_techs']);
	if (!parsed.ok) return reject(parsed.reason);
	const displacementTarget = bool(row.is_displacement_target);
	return accept<'competitive_intel'>({
		legacy_id: legacyId(row), domain: target.domain, competitor_domain: competitor.domain, similarity_score: decimal(number(row.similarity_score), 4, 3),
		search_provider: capped(row.search_provider, 100), uses_algolia: bool(row.has_algolia) ?? false,
		tech_overlap: {partner_technologies: stringArray(parsed.values.partner_techs) ?? [], ...(displacementTarget === null ? {} : {competitor_is_displacement_target: displacementTarget})},
		retrieved_at: timestamp(row.created_at, context.timestamps),
	});
}

export function transformEnrichmentStatus(row: LegacyRow, context: TransformContext): TransformResult {
	const domain = domainOf(row.domain, 'domain');
	if (!domain.ok) return reject(domain.reason);
	const flag = (value: SqliteValue) => bool(value) ?? false;
	const last = timestamp(row.last_enriched, context.timestamps);
	return accept<'enrichment_status'>({legacy_key: text(row.domain), domain: domain.domain, financials_enriched: flag(row.financials_enriched), quotes_enriched: flag(row.quotes_enriched), hiring_enriched: flag(row.hiring_enriched), triggers_enriched: flag(row.triggers_enriched), committee_enriched: flag(row.committee_enriched), last_enriched: last, enrichment_errors: text(row.enrichment_errors), retrieved_at: last});
}

export function transformCompanyFinancials(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const domain = domainOf(row.domain, 'domain');
	if (!domain.ok) return reject(domain.reason);
	const years = [2023, 2024, 2025] as const;
	const revenues = years.map((year) => ({fiscal_year: year, revenue: exactInteger(row[`revenue_fy${year}`]) === null ? null : Number(exactInteger(row[`revenue_fy${year}`]))})).filter((item) => item.revenue !== null);
	const incomes = years.map((year) => ({fiscal_year: year, net_income: exactInteger(row[`net_income_fy${year}`]) === null ? null : Number(exactInteger(row[`net_income_fy${year}`]))})).filter((item) => item.net_income !== null);
	const latest = exactInteger(row.revenue_fy2025) ?? exactInteger(row.revenue_fy2024) ?? exactInteger(row.revenue_fy2023);
	const cagr = number(row.revenue_cagr);
	const zone = text(row.margin_zone)?.toUpperCase() ?? null;
	return accept<'company_financials'>({
		legacy_id: legacyId(row), domain: domain.domain, ticker: capped(row.ticker, 20), latest_revenue: latest,
		revenue_trend: cagr === null ? null : cagr > 0.02 ? 'growing' : cagr < -0.02 ? 'declining' : 'stable',
		revenue_3yr: revenues.length > 0 ? revenues : null, net_income_3yr: incomes.length > 0 ? incomes : null,
		ebitda_margin: decimal(fraction(row.ebitda_margin), 5, 4), margin_zone: zone && ['RED', 'YELLOW', 'GREEN'].includes(zone) ? zone : null,
		ecommerce_revenue: exactInteger(row.ecommerce_revenue), ecommerce_share: decimal(fraction(row.ecommerce_percent), 5, 4), ecommerce_growth_yoy: decimal(fraction(row.ecommerce_growth), 5, 4),
		stock_market_cap: exactInteger(row.market_cap), stock_current_price: decimal(number(row.stock_price), 10, 2), analyst_consensus: capped(row.analyst_rating, 20),
		source_urls: {legacy_data_source: text(row.data_source), confidence: text(row.confidence), price_change_1y: number(row.price_change_1y), analyst_target_price: number(row.analyst_target_price), company_name: text(row.company_name), revenue_cagr: cagr},
		retrieved_at: timestamp(row.last_updated, context.timestamps),
	});
}

export function transformExecutiveQuote(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const domain = domainOf(row.domain, 'domain');
	if (!domain.ok) return reject(domain.reason);
	const speaker = capped(row.speaker_name, 200);
	const quote = text(row.quote);
	if (speaker === null) return reject('speaker_name is empty');
	if (quote === null) return reject('quote is empty');
	const url = capped(row.source_url, 500);
	const context_ = [text(row.source_name), text(row.source_type)].filter(Boolean).join(', ');
	const relevance = int32(row.relevance_score);
	return accept<'executive_quotes'>({
		legacy_id: legacyId(row), domain: domain.domain, speaker_name: speaker, speaker_title: capped(row.speaker_title, 200), quote,
		quote_context: capped(url ? context_ || null : `${unsourced}${context_ ? `: ${context_}` : ''}`, 200), maps_to_product: capped(row.maps_to_product, 200),
		priority: relevance === null ? null : relevance >= 70 ? 'HIGH' : relevance >= 40 ? 'MEDIUM' : 'LOW', source_url: url, source_date: dateValue(row.quote_date, context.timestamps),
		retrieved_at: timestamp(row.created_at, context.timestamps),
	});
}

export function transformHiringSignal(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const domain = domainOf(row.domain, 'domain');
	if (!domain.ok) return reject(domain.reason);
	const role = capped(row.role_title, 200);
	if (role === null) return reject('role_title is empty');
	const seniority = text(row.seniority)?.toLowerCase() ?? '';
	const tier = /\b(vp|vice president|chief|c-level|head|director|principal)\b/.test(seniority) ? 1 : /\b(manager|lead|architect)\b/.test(seniority) ? 2 : seniority ? 3 : null;
	const implication = [text(row.signal_reason), text(row.keywords_found) ? `keywords: ${text(row.keywords_found)}` : null, text(row.careers_url) ? `careers: ${text(row.careers_url)}` : null].filter(Boolean).join('; ');
	return accept<'hiring_signals'>({
		legacy_id: legacyId(row), domain: domain.domain, role_title: role, status: 'open', signal_tier: tier, signal_strength: capped(row.signal_type, 20), category: capped(text(row.team)?.toLowerCase(), 50),
		implication: implication || null, source_url: capped(row.job_url, 500), retrieved_at: timestamp(row.last_seen, context.timestamps),
	});
}

export function transformStrategicTrigger(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const domain = domainOf(row.domain, 'domain');
	if (!domain.ok) return reject(domain.reason);
	const title = text(row.title);
	if (title === null) return reject('title is empty');
	const url = text(row.source_url);
	return accept<'strategic_triggers'>({
		legacy_id: legacyId(row), domain: domain.domain,
		trigger_event: {event: title, type: text(row.trigger_type), category: text(row.trigger_category), description: text(row.description), algolia_angle: text(row.algolia_angle), priority: int32(row.priority), source_date: dateValue(row.source_date, context.timestamps), source_url: url, sourced: url !== null, ...(url ? {} : {provenance: unsourced})},
		source_url: url, retrieved_at: timestamp(row.created_at, context.timestamps),
	});
}

export function transformBuyingCommittee(row: LegacyRow, context: TransformContext): TransformResult {
	const missing = missingId(row);
	if (missing) return missing;
	const domain = domainOf(row.domain, 'domain');
	if (!domain.ok) return reject(domain.reason);
	const name = capped(row.name, 200);
	if (name === null) return reject('name is empty');
	const background = [text(row.tenure) ? `tenure: ${text(row.tenure)}` : null, text(row.previous_company) ? `previously: ${text(row.previous_company)}` : null, text(row.email) ? `email: ${text(row.email)}` : null, text(row.notes)].filter(Boolean).join('; ');
	return accept<'buying_committee'>({
		legacy_id: legacyId(row), domain: domain.domain, name, title: capped(row.title, 200), linkedin_url: capped(row.linkedin_url, 500), buyer_role: capped(row.buyer_role, 50), priority: capped(text(row.priority)?.toUpperCase(), 20),
		background: background || null, entry_approach: text(row.priority_reason), retrieved_at: timestamp(row.created_at, context.timestamps),
	});
}

export const TRANSFORMS: Record<LegacyTableName, (row: LegacyRow, context: TransformContext) => TransformResult> = {
	technologies: transformTechnology,
	case_studies: transformCaseStudy,
	verified_case_studies: transformVerifiedCaseStudy,
	customer_quotes: transformCustomerQuote,
	proof_points: transformProofPoint,
	customer_logos: transformCustomerLogo,
	companies: transformCustomer,
	company_technologies: transformCompanyTechnology,
	displacement_targets: transformTarget,
	competitive_intel: transformCompetitiveIntel,
	enrichment_status: transformEnrichmentStatus,
	company_financials: transformCompanyFinancials,
	executive_quotes: transformExecutiveQuote,
	hiring_signals: transformHiringSignal,
	strategic_triggers: transformStrategicTrigger,
	buying_committee: transformBuyingCommittee,
};
