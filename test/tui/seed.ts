/**
 * Synthetic companies for the app's tests: one fully enriched company (acme-widgets.com,
 * every intel section, a brief with numbered sources), a few bare ones, and `extra`
 * generated hot leads for paging. Written here by hand, in the schema's shapes.
 */
import type {Sql} from '../../source/db/client.js';

export const FULL_DOMAIN = 'acme-widgets.com';
export const BARE_DOMAIN = 'bare-shop.com';

export async function seedCompanies(sql: Sql, options: {extra?: number} = {}): Promise<void> {
	const retrieved = new Date(Date.now() - 3 * 86_400_000);
	await sql`insert into core_companies (domain, company_name, ticker, exchange, is_public, headquarters_city, headquarters_country, industry, vertical, employee_count, founded_year, description, website_url)
		values (${FULL_DOMAIN}, 'Acme Widgets Inc.', 'ACME', 'NYSE', true, 'Springfield', 'US', 'Retail', 'Home goods', 12000, 1948, 'Acme sells widgets of every kind online and in 400 stores.', 'https://acme-widgets.com'),
		       (${BARE_DOMAIN}, 'Bare Shop', null, null, false, null, null, null, 'Fashion', null, null, null, null),
		       ('zeta-outdoor.com', 'Zeta Outdoor', null, null, false, null, 'DE', null, 'Sports', 800, null, null, null)`;
	await sql`insert into intel_icp_priority_mapping (domain, icp_tier, icp_tier_name, lead_score_total, signal_score_total, priority_score, priority_status, priority_reasoning, model_version, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 1, 'Enterprise commerce', 88, 40, 97, 'HOT', 'Partner platform, large traffic, hiring search engineers.', 'v2-test', 'analysis', ${retrieved}),
		       (${BARE_DOMAIN}, 3, 'Mid-market', 50, 10, 60, 'HOT', null, 'legacy-icp', 'legacy_import', null),
		       ('zeta-outdoor.com', 2, 'Growth', 70, 20, 75, 'WARM', null, 'v2-test', 'analysis', ${retrieved})`;
	await sql`insert into intel_search_provider (domain, current_provider, provider_type, is_algolia, displacement_priority, tech_spend_estimate, data_source, retrieved_at, source_url)
		values (${FULL_DOMAIN}, 'Elasticsearch', 'open_source', false, 'HIGH', 250000, 'builtwith', ${retrieved}, 'https://builtwith.com/acme-widgets.com'),
		       ('zeta-outdoor.com', 'Constructor', 'third_party', false, 'MEDIUM', null, 'builtwith', ${retrieved}, null)`;
	await sql`insert into intel_technology_stack (domain, technology_name, category, is_partner_tech, partner_tier, is_competitor_search, competitor_name, last_detected, source, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'Salesforce Commerce Cloud', 'ecommerce', true, 'premier', false, null, '2026-10-01', 'builtwith', 'builtwith', ${retrieved}),
		       (${FULL_DOMAIN}, 'Elasticsearch', 'search', false, null, true, 'Elastic', '2026-10-01', 'builtwith', 'builtwith', ${retrieved}),
		       (${FULL_DOMAIN}, 'Google Analytics', 'analytics', false, null, false, null, '2026-10-01', 'builtwith', 'builtwith', ${retrieved}),
		       ('zeta-outdoor.com', 'Shopify Plus', 'ecommerce', true, 'core', false, null, '2026-09-01', 'builtwith', 'builtwith', ${retrieved})`;
	await sql`insert into intel_traffic_analysis (domain, monthly_visits, mom_change, yoy_change, trend_direction, pages_per_visit, bounce_rate, data_month, traffic_sources, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 12500000, 0.021, 0.12, 'growing', 5.2, 0.41, '2026-10',
			${sql.json({monthly_visits: [{month: '2026-05', visits: 9000000}, {month: '2026-06', visits: 9800000}, {month: '2026-07', visits: 10500000}, {month: '2026-08', visits: 11000000}, {month: '2026-09', visits: 12200000}, {month: '2026-10', visits: 12500000}]})},
			'similarweb', ${retrieved})`;
	await sql`insert into intel_financial_profile (domain, ticker, latest_revenue, revenue_trend, revenue_3yr, ebitda_margin, operating_margin, margin_zone, ecommerce_revenue, ecommerce_share, source_urls, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'ACME', 357000000000, 'growing',
			${sql.json([{fiscal_year: 'FY2023', revenue: 300000000000}, {fiscal_year: 'FY2024', revenue: 330000000000}, {fiscal_year: 'FY2025', revenue: 357000000000}])},
			0.071, 0.052, 'YELLOW', 90000000000, 0.25, ${sql.json(['https://www.sec.gov/acme-10k'])}, 'sec_edgar', ${retrieved})`;
	await sql`insert into intel_competitor_intelligence (domain, competitor_domain, similarity_score, competitor_search_provider, competitor_uses_algolia, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'widgetworld.com', 0.82, 'Algolia', true, 'similarweb', ${retrieved})`;
	await sql`insert into intel_competitor_landscape (domain, total_competitors_analyzed, algolia_users, first_mover_opportunity, competitive_positioning, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 5, 1, false, 'One close competitor already runs Algolia.', 'analysis', ${retrieved})`;
	await sql`insert into intel_hiring_summary (domain, total_open_roles, tier_1_count, tier_2_count, ai_investment_signal, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 14, 2, 5, true, 'jsearch', ${retrieved})`;
	await sql`insert into intel_hiring_signals (domain, role_title, signal_tier, category, location, source_url, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'Director of Search & Discovery', 1, 'ecommerce', 'Remote', 'https://jobs.example/1', 'jsearch', ${retrieved})`;
	await sql`insert into intel_strategic_context (domain, strategic_initiatives, trigger_events, overall_timing, urgency_level, data_source, retrieved_at)
		values (${FULL_DOMAIN}, ${sql.json([{title: 'Replatform the storefront by 2027'}])}, ${sql.json(['New CDO hired in Q3'])}, 'EXCELLENT', 'HIGH', 'websearch', ${retrieved})`;
	await sql`insert into intel_investor_intelligence (domain, ticker, digital_commitments, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'ACME', ${sql.json(['Double digital sales by FY2027'])}, 'sec_edgar', ${retrieved})`;
	await sql`insert into intel_executive_quotes (domain, speaker_name, speaker_title, quote, quote_context, source_url, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'Jane Roe', 'CEO', 'Search is where our customers tell us what they want.', 'Q3 2026 earnings', 'https://example.com/q3', 'sec_edgar', ${retrieved})`;
	await sql`insert into intel_executive_intelligence (domain, name, title, buyer_role, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'John Doe', 'Chief Digital Officer', 'economic_buyer', 'websearch', ${retrieved})`;
	await sql`insert into intel_buying_committee (domain, champion, total_decision_makers, data_source, retrieved_at)
		values (${FULL_DOMAIN}, ${sql.json({name: 'Ann Lee', title: 'VP E-commerce'})}, 4, 'analysis', ${retrieved})`;
	await sql`insert into intel_displacement_analysis (domain, current_search_provider, displacement_difficulty, displacement_reasoning, recommended_products, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'Elasticsearch', 'MEDIUM', 'Self-hosted Elasticsearch with a small team.', ${sql.json(['NeuralSearch', 'Recommend'])}, 'analysis', ${retrieved})`;
	await sql`insert into intel_case_study_matches (domain, case_study_customer, case_study_vertical, relevance_score, results_headline, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'Widget Co', 'Home goods', 0.9, '+12% conversion from search', 'analysis', ${retrieved})`;
	await sql`insert into intel_signal_scoring (domain, budget_total, pain_total, timing_total, negative_total, adjusted_signal_score, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 20, 15, 10, 5, 40, 'analysis', ${retrieved})`;
	await sql`insert into intel_strategic_signal_briefs (domain, sixty_second_story, the_angle, timing_signals, sources_bibliography, version, data_source, retrieved_at)
		values (${FULL_DOMAIN}, 'Acme is replatforming its storefront [1] and hiring a search director [2].', 'Lead with the Salesforce co-sell.', ${sql.json(['New CDO in Q3 [1]'])},
			${sql.json([{title: 'Acme 10-K 2025', url: 'https://www.sec.gov/acme-10k', source: 'sec_edgar'}, {title: 'Director of Search & Discovery posting', url: 'https://jobs.example/1', source: 'jsearch'}])}, 2, 'analysis', ${retrieved})`;
	const extra = options.extra ?? 0;
	if (extra > 0) {
		await sql`insert into core_companies (domain, company_name, vertical)
			select 'lead-' || lpad(g::text, 6, '0') || '.com', 'Lead ' || g, 'Retail' from generate_series(1, ${extra}) g`;
		await sql`insert into intel_icp_priority_mapping (domain, icp_tier, lead_score_total, priority_score, priority_status)
			select 'lead-' || lpad(g::text, 6, '0') || '.com', 2, 50 + (g % 40), 90 - (g % 90), 'HOT' from generate_series(1, ${extra}) g`;
		await sql`insert into intel_search_provider (domain, current_provider, is_algolia, displacement_priority)
			select 'lead-' || lpad(g::text, 6, '0') || '.com', 'Elasticsearch', false, case when g % 2 = 0 then 'HIGH' else 'MEDIUM' end from generate_series(1, ${extra}) g`;
	}
}
