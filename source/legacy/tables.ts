/**
 * The legacy PartnerForge SQLite schema as this import knows it: every table, its key
 * column and the columns it reads. Older files of the same product lack some tables and
 * columns; only `displacement_targets` with a `domain` column is required (a file
 * without it is not a PartnerForge database). Pure data.
 */
export type LegacyTableName =
	| 'displacement_targets'
	| 'companies'
	| 'competitive_intel'
	| 'case_studies'
	| 'verified_case_studies'
	| 'customer_quotes'
	| 'proof_points'
	| 'customer_logos'
	| 'technologies'
	| 'company_technologies'
	| 'enrichment_status'
	| 'company_financials'
	| 'executive_quotes'
	| 'hiring_signals'
	| 'strategic_triggers'
	| 'buying_committee';

export type LegacyTableSpec = {
	name: LegacyTableName;
	/** The column that identifies a row (id, or domain for enrichment_status). */
	key: string;
	/** Columns the import reads; ones missing from a file are reported and read as null. */
	columns: readonly string[];
	/** Columns without which no row can be loaded. */
	required: readonly string[];
	/** Where the rows go in schema v2. */
	destination: string;
};

const cols = (text: string) => text.trim().split(/\s+/);

/** In load order: evidence before customers (domain resolution reads it), customers before targets. */
export const LEGACY_TABLES: readonly LegacyTableSpec[] = [
	{name: 'technologies', key: 'id', required: ['name'], destination: 'evidence_technologies', columns: cols('id name category is_partner is_competitor builtwith_name created_at')},
	{name: 'case_studies', key: 'id', required: ['customer_name'], destination: 'evidence_case_studies', columns: cols('id customer_name customer_domain company_id country region vertical sub_vertical use_case customer_type story_url slide_deck_url pdf_url status features_used partner_integrations competitor_takeout key_results localized_urls created_at updated_at')},
	{name: 'verified_case_studies', key: 'id', required: ['company_name', 'url'], destination: 'evidence_verified_case_studies', columns: cols('id company_name vertical url headline result_metric is_verified last_verified created_at')},
	{name: 'customer_quotes', key: 'id', required: ['quote_text'], destination: 'evidence_customer_quotes', columns: cols('id customer_name customer_domain company_id contact_name contact_title vertical country quote_text evidence_type source source_date tags is_approved created_at')},
	{name: 'proof_points', key: 'id', required: ['result_text'], destination: 'evidence_proof_points', columns: cols('id vertical theme customer_name result_text source is_shareable created_at')},
	{name: 'customer_logos', key: 'id', required: ['company_name'], destination: 'evidence_customer_logos', columns: cols('id company_name company_domain company_id signed_date vertical has_case_study_in_contract has_logo_rights social_completed is_reference has_press_release partner tech_platform competitor_displaced notes created_at')},
	{name: 'companies', key: 'id', required: ['domain'], destination: 'core_customers', columns: cols('id domain name vertical sub_vertical country country_code is_algolia_customer algolia_arr algolia_products algolia_cs_coverage has_logo_rights has_case_study_consent has_reference_consent partner_populations signed_date competitor_displaced tech_platform notes created_at updated_at')},
	{name: 'company_technologies', key: 'id', required: ['company_id', 'technology_id'], destination: 'evidence_customer_technologies', columns: cols('id company_id technology_id source is_live created_at')},
	{name: 'displacement_targets', key: 'id', required: ['domain'], destination: 'core_companies', columns: cols('id domain company_name partner_tech vertical country city state tech_spend emails phones socials exec_titles sw_monthly_visits sw_bounce_rate sw_pages_per_visit sw_avg_duration sw_search_traffic_pct sw_rank_global matched_case_studies lead_score created_at icp_tier icp_score score_reasons icp_tier_name score_breakdown ticker is_public enrichment_level last_enriched revenue gross_margin traffic_growth current_search trigger_events exec_quote exec_name exec_title quote_source competitors_using_algolia displacement_angle financials_json hiring_signals tech_stack_json')},
	{name: 'competitive_intel', key: 'id', required: ['target_domain', 'competitor_domain'], destination: 'intel_competitor_intelligence', columns: cols('id target_domain competitor_domain similarity_score search_provider has_algolia partner_techs is_displacement_target created_at')},
	{name: 'enrichment_status', key: 'domain', required: ['domain'], destination: 'legacy_enrichment_status', columns: cols('domain financials_enriched quotes_enriched hiring_enriched triggers_enriched committee_enriched last_enriched enrichment_errors')},
	{name: 'company_financials', key: 'id', required: ['domain'], destination: 'intel_financial_profile', columns: cols('id domain ticker company_name revenue_fy2023 revenue_fy2024 revenue_fy2025 revenue_cagr net_income_fy2023 net_income_fy2024 net_income_fy2025 ebitda_fy2025 ebitda_margin margin_zone ecommerce_revenue ecommerce_percent ecommerce_growth market_cap stock_price price_change_1y analyst_rating analyst_target_price data_source confidence last_updated')},
	{name: 'executive_quotes', key: 'id', required: ['domain', 'speaker_name', 'quote'], destination: 'intel_executive_quotes', columns: cols('id domain speaker_name speaker_title quote source_type source_name source_url quote_date maps_to_product relevance_score created_at')},
	{name: 'hiring_signals', key: 'id', required: ['domain', 'role_title'], destination: 'intel_hiring_signals', columns: cols('id domain role_title team seniority signal_type signal_reason keywords_found careers_url job_url last_seen')},
	{name: 'strategic_triggers', key: 'id', required: ['domain', 'title'], destination: 'intel_strategic_context', columns: cols('id domain trigger_type trigger_category title description source_url source_date algolia_angle priority created_at')},
	{name: 'buying_committee', key: 'id', required: ['domain', 'name'], destination: 'intel_executive_intelligence', columns: cols('id domain name title linkedin_url email buyer_role priority priority_reason tenure previous_company notes created_at')},
];

export const LEGACY_TABLE_BY_NAME: ReadonlyMap<LegacyTableName, LegacyTableSpec> = new Map(LEGACY_TABLES.map((spec) => [spec.name, spec]));
