/**
 * The SQL of `pf import`: temporary staging tables that the import COPYs transformed
 * legacy rows into, then set-based upserts from staging into the schema v2 tables, all
 * inside the caller's transaction. Every upsert reports how many rows it inserted and
 * updated; rows whose values did not change are not touched (so a second import of the
 * same file writes nothing), and rows another source wrote (data_source other than
 * 'legacy_import') are never overwritten by legacy values.
 */
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';
import type {Sql} from './client.js';

/** A transaction-bound client (what sql.begin hands its callback). */
export type Tx = Sql;

export const LEGACY = 'legacy_import';

export type UpsertCount = {inserted: number; updated: number};

type CountRow = {inserted: number; updated: number};
const counted = async (query: Promise<readonly CountRow[]>): Promise<UpsertCount> => {
	const [row] = await query;
	return {inserted: row?.inserted ?? 0, updated: row?.updated ?? 0};
};

/** Serialises imports into one database (two concurrent imports would race on the same keys). */
export async function lockImports(tx: Tx): Promise<void> {
	await tx`select pg_advisory_xact_lock(7302003)`;
	// One backend does all the import's work (one transaction): staging tables of a
	// million targets outgrow the default 8 MB of temp buffers and the upserts' joins the
	// 4 MB of work_mem. For this transaction only; temp_buffers can change only before
	// the session's first temporary table.
	await tx`
		select set_config('work_mem', '64MB', true),
			case when pg_my_temp_schema() = 0 then set_config('temp_buffers', '256MB', true) end`;
}

/** Creates the staging tables for this transaction (dropped at commit or rollback). */
export async function createStagingTables(tx: Tx): Promise<void> {
	// One round trip for all of them (a simple-protocol query may hold several statements).
	await tx`
		create temp table stage_technologies (legacy_id int, name text, category text, is_partner bool, is_competitor bool, builtwith_name text, retrieved_at timestamptz) on commit drop;
		create temp table stage_case_studies (legacy_id int, customer_name text, customer_domain text, legacy_company_id int, country text, region text, vertical text, sub_vertical text, use_case text, customer_type text, story_url text, slide_deck_url text, pdf_url text, status text, features_used jsonb, partner_integrations jsonb, competitor_takeout text, key_results text, localized_urls jsonb, retrieved_at timestamptz) on commit drop;
		create temp table stage_verified_case_studies (legacy_id int, company_name text, vertical text, url text, headline text, result_metric text, is_verified bool, last_verified timestamptz, retrieved_at timestamptz) on commit drop;
		create temp table stage_customer_quotes (legacy_id int, customer_name text, customer_domain text, legacy_company_id int, contact_name text, contact_title text, vertical text, country text, quote_text text, evidence_type text, source text, source_date date, tags jsonb, is_approved bool, retrieved_at timestamptz) on commit drop;
		create temp table stage_proof_points (legacy_id int, vertical text, theme text, customer_name text, result_text text, source text, is_shareable bool, retrieved_at timestamptz) on commit drop;
		create temp table stage_customer_logos (legacy_id int, company_name text, company_domain text, legacy_company_id int, signed_date date, vertical text, has_case_study_in_contract bool, has_logo_rights bool, social_completed bool, is_reference bool, has_press_release bool, partner text, tech_platform text, competitor_displaced text, notes text, retrieved_at timestamptz) on commit drop;
		create temp table stage_companies (legacy_id int, domain text, company_name text, resolution text, is_customer bool, note text, retrieved_at timestamptz) on commit drop;
		create temp table stage_company_technologies (legacy_id int, legacy_company_id int, legacy_technology_id int, source text, is_live bool, retrieved_at timestamptz) on commit drop;
		create temp table stage_displacement_targets (
					legacy_id int, domain text, company_name text, vertical text, headquarters_city text, headquarters_state text, headquarters_country text, ticker text, is_public bool, retrieved_at timestamptz,
					partner_tech text, partner_tier text, partner_category text,
					current_provider text, provider_type text, is_algolia bool, displacement_priority text, displacement_difficulty text, tech_spend int,
					has_traffic bool, monthly_visits bigint, bounce_rate numeric, pages_per_visit numeric, avg_duration int, traffic_sources jsonb, rank_global int, trend_direction text,
					has_financials bool, latest_revenue bigint, operating_margin numeric, ebitda_margin numeric, margin_zone text, market_cap bigint, stock_price numeric, analyst_consensus text,
					trigger_events jsonb, quote text, speaker_name text, speaker_title text, quote_context text,
					has_displacement bool, displacement_reasoning text, competitive_displacement jsonb,
					icp_tier int, icp_tier_name text, lead_score int, lead_score_breakdown jsonb, priority_score int, priority_status text, priority_reasoning text,
					matched_case_studies jsonb, tech_stack jsonb,
					emails jsonb, phones jsonb, socials jsonb, exec_titles jsonb, legacy_icp_score int, enrichment_level text, last_enriched timestamptz, gross_margin numeric, traffic_growth_pct numeric, search_traffic_share numeric, financials jsonb, hiring_signals jsonb, quote_source text
				) on commit drop;
		create temp table stage_competitive_intel (legacy_id int, domain text, competitor_domain text, similarity_score numeric, search_provider text, uses_algolia bool, tech_overlap jsonb, retrieved_at timestamptz) on commit drop;
		create temp table stage_enrichment_status (legacy_key text, domain text, financials_enriched bool, quotes_enriched bool, hiring_enriched bool, triggers_enriched bool, committee_enriched bool, last_enriched timestamptz, enrichment_errors text, retrieved_at timestamptz) on commit drop;
		create temp table stage_company_financials (legacy_id int, domain text, ticker text, latest_revenue bigint, revenue_trend text, revenue_3yr jsonb, net_income_3yr jsonb, ebitda_margin numeric, margin_zone text, ecommerce_revenue bigint, ecommerce_share numeric, ecommerce_growth_yoy numeric, stock_market_cap bigint, stock_current_price numeric, analyst_consensus text, source_urls jsonb, retrieved_at timestamptz) on commit drop;
		create temp table stage_executive_quotes (legacy_id int, domain text, speaker_name text, speaker_title text, quote text, quote_context text, maps_to_product text, priority text, source_url text, source_date date, retrieved_at timestamptz) on commit drop;
		create temp table stage_hiring_signals (legacy_id int, domain text, role_title text, status text, signal_tier int, signal_strength text, category text, implication text, source_url text, retrieved_at timestamptz) on commit drop;
		create temp table stage_strategic_triggers (legacy_id int, domain text, trigger_event jsonb, source_url text, retrieved_at timestamptz) on commit drop;
		create temp table stage_buying_committee (legacy_id int, domain text, name text, title text, linkedin_url text, buyer_role text, priority text, background text, entry_approach text, retrieved_at timestamptz) on commit drop;
		create temp table stage_dispositions (legacy_table text, legacy_key text, disposition text, reason text) on commit drop
	`.simple();
}

/** Streams COPY text (chunks of lines) into a staging table's columns. */
export async function copyIntoStage(tx: Tx, table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
	const writable = await tx`copy ${tx(`stage_${table}`)} (${tx(columns as string[])}) from stdin`.writable();
	await pipeline(Readable.from(chunks, {objectMode: false}), writable);
}

/**
 * Inserts a batch of staged rows (values as text, JSON as JSON text) with one
 * statement. Small tables use this instead of COPY: a COPY costs two extra round trips
 * (each held up by delayed TCP acknowledgements on loopback), which dominates a table of
 * a few hundred rows.
 */
export async function insertIntoStage(tx: Tx, table: string, columns: readonly string[], rows: readonly Record<string, unknown>[]): Promise<void> {
	const perStatement = Math.floor(60000 / columns.length);
	for (let i = 0; i < rows.length; i += perStatement) {
		await tx`insert into ${tx(`stage_${table}`)} ${tx(rows.slice(i, i + perStatement) as Record<string, never>[], columns as string[])}`;
	}
}

/** Planner statistics for a staging table (temp tables are never auto-analysed). */
export async function analyseStage(tx: Tx, table: string): Promise<void> {
	await tx`analyze ${tx(`stage_${table}`)}`;
}

/**
 * Marks staged rows that share a destination key with an earlier row as merged (two
 * legacy rows, one record), and returns how many. Domains are compared normalised.
 */
export async function markDuplicates(tx: Tx): Promise<void> {
	// One round trip (simple protocol, several statements, no parameters):
	// * rows sharing a destination key with an earlier row are merged into it (targets by
	//   domain, technologies by name, customers by domain, quotes, postings, people, …);
	// * a customer domain that another record of core_customers already holds (an
	//   analyst's entry, or an older export under another id) is merged into it, and the
	//   analyst's is-customer decision stands;
	// * several triggers of one domain become one strategic-context record;
	// * customer-technology links whose customer or technology is not in the file are rejected.
	await tx`
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'displacement_targets', legacy_id::text, 'merged', 'same domain as legacy id ' || first_id || ' (' || domain || ')'
		from (select legacy_id, domain, first_value(legacy_id) over w as first_id, row_number() over w as n
		      from stage_displacement_targets window w as (partition by domain order by legacy_id)) d
		where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'technologies', legacy_id::text, 'merged', 'same name as legacy id ' || first_id
		from (select legacy_id, first_value(legacy_id) over w as first_id, row_number() over w as n
		      from stage_technologies window w as (partition by lower(name) order by legacy_id)) d
		where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'companies', legacy_id::text, 'merged', 'customer ' || domain || ' is already legacy id ' || first_id
		from (select legacy_id, domain, first_value(legacy_id) over w as first_id, row_number() over w as n
		      from stage_companies where domain is not null window w as (partition by domain order by legacy_id)) d
		where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'companies', s.legacy_id::text, 'merged', 'customer ' || s.domain || ' already recorded (' || c.source || coalesce(', legacy id ' || c.legacy_id, '') || ')'
		from stage_companies s
		join core_customers c on c.domain = s.domain and c.legacy_id is distinct from s.legacy_id
		where not exists (select 1 from stage_dispositions d where d.legacy_table = 'companies' and d.legacy_key = s.legacy_id::text);
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'enrichment_status', legacy_key, 'merged', 'same domain as an earlier row (' || domain || ')'
		from (select legacy_key, domain, row_number() over (partition by domain order by legacy_key) as n from stage_enrichment_status) d
		where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'company_financials', legacy_id::text, 'merged', 'same domain as an earlier row (' || domain || ')'
		from (select legacy_id, domain, row_number() over (partition by domain order by legacy_id) as n from stage_company_financials) d
		where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'competitive_intel', legacy_id::text, 'merged', 'same target and competitor as an earlier row'
		from (select legacy_id, row_number() over (partition by domain, competitor_domain order by legacy_id) n from stage_competitive_intel) d where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'executive_quotes', legacy_id::text, 'merged', 'same quote for this domain as an earlier row'
		from (select legacy_id, row_number() over (partition by domain, quote order by legacy_id) n from stage_executive_quotes) d where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'hiring_signals', legacy_id::text, 'merged', 'same role and posting for this domain as an earlier row'
		from (select legacy_id, row_number() over (partition by domain, role_title, source_url order by legacy_id) n from stage_hiring_signals) d where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'buying_committee', legacy_id::text, 'merged', 'same person for this domain as an earlier row'
		from (select legacy_id, row_number() over (partition by domain, name order by legacy_id) n from stage_buying_committee) d where n > 1;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'strategic_triggers', legacy_id::text, 'merged', 'added to the trigger events of ' || domain
		from (select legacy_id, domain, row_number() over (partition by domain order by legacy_id) n from stage_strategic_triggers) d
		where n > 1 or exists (select 1 from stage_displacement_targets t where t.domain = d.domain and t.trigger_events is not null);
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'company_technologies', s.legacy_id::text, 'rejected',
		       case when c.legacy_id is null then 'company_id ' || s.legacy_company_id || ' is not in companies' else 'technology_id ' || s.legacy_technology_id || ' is not in technologies' end
		from stage_company_technologies s
		left join stage_companies c on c.legacy_id = s.legacy_company_id
		left join stage_technologies t on t.legacy_id = s.legacy_technology_id
		where c.legacy_id is null or t.legacy_id is null;
		insert into stage_dispositions (legacy_table, legacy_key, disposition, reason)
		select 'company_technologies', legacy_id::text, 'merged', 'same customer, technology and source as an earlier row'
		from (select s.legacy_id, row_number() over (partition by coalesce(c.domain, s.legacy_company_id::text), lower(t.name), s.source order by s.legacy_id) n
		      from stage_company_technologies s join stage_companies c on c.legacy_id = s.legacy_company_id join stage_technologies t on t.legacy_id = s.legacy_technology_id) d
		where n > 1;
		create index on stage_dispositions (legacy_table, legacy_key);
		analyze stage_dispositions
	`.simple();
}

export type Disposition = {legacy_table: string; legacy_key: string; disposition: 'merged' | 'rejected'; reason: string};

export async function stagedDispositions(tx: Tx): Promise<Disposition[]> {
	return tx<Disposition[]>`select legacy_table, legacy_key, disposition, reason from stage_dispositions order by legacy_table, legacy_key`;
}

/** Rows of a staging table that are kept (not merged into another row, not rejected). */
const kept = (tx: Tx, table: string, key = tx`s.legacy_id::text`) =>
	tx`not exists (select 1 from stage_dispositions d where d.legacy_table = ${table} and d.legacy_key = ${key})`;

// ——— Evidence library ———

export async function upsertTechnologies(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into evidence_technologies as t (name, category, is_partner, is_competitor, builtwith_name, data_source, legacy_id, retrieved_at)
			select s.name, s.category, s.is_partner, s.is_competitor, s.builtwith_name, ${LEGACY}, s.legacy_id, s.retrieved_at
			from stage_technologies s where ${kept(tx, 'technologies')}
			on conflict (name) do update set category = excluded.category, is_partner = excluded.is_partner, is_competitor = excluded.is_competitor,
				builtwith_name = excluded.builtwith_name, legacy_id = excluded.legacy_id, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.category, t.is_partner, t.is_competitor, t.builtwith_name, t.legacy_id, t.retrieved_at)
			      is distinct from (excluded.category, excluded.is_partner, excluded.is_competitor, excluded.builtwith_name, excluded.legacy_id, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertCaseStudies(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into evidence_case_studies as t (customer_name, customer_domain, customer_id, country, region, vertical, sub_vertical, use_case, customer_type, story_url, slide_deck_url, pdf_url, status,
				features_used, partner_integrations, competitor_takeout, key_results, localized_urls, data_source, legacy_id, retrieved_at)
			select s.customer_name, s.customer_domain, c.id, s.country, s.region, s.vertical, s.sub_vertical, s.use_case, s.customer_type, s.story_url, s.slide_deck_url, s.pdf_url, s.status,
				s.features_used, s.partner_integrations, s.competitor_takeout, s.key_results, s.localized_urls, ${LEGACY}, s.legacy_id, s.retrieved_at
			from stage_case_studies s left join core_customers c on c.legacy_id = s.legacy_company_id
			on conflict (data_source, legacy_id) do update set customer_name = excluded.customer_name, customer_domain = excluded.customer_domain, customer_id = excluded.customer_id,
				country = excluded.country, region = excluded.region, vertical = excluded.vertical, sub_vertical = excluded.sub_vertical, use_case = excluded.use_case, customer_type = excluded.customer_type,
				story_url = excluded.story_url, slide_deck_url = excluded.slide_deck_url, pdf_url = excluded.pdf_url, status = excluded.status, features_used = excluded.features_used,
				partner_integrations = excluded.partner_integrations, competitor_takeout = excluded.competitor_takeout, key_results = excluded.key_results, localized_urls = excluded.localized_urls, retrieved_at = excluded.retrieved_at
			where (t.customer_name, t.customer_domain, t.customer_id, t.country, t.region, t.vertical, t.sub_vertical, t.use_case, t.customer_type, t.story_url, t.slide_deck_url, t.pdf_url, t.status,
				t.features_used, t.partner_integrations, t.competitor_takeout, t.key_results, t.localized_urls, t.retrieved_at)
			is distinct from (excluded.customer_name, excluded.customer_domain, excluded.customer_id, excluded.country, excluded.region, excluded.vertical, excluded.sub_vertical, excluded.use_case, excluded.customer_type,
				excluded.story_url, excluded.slide_deck_url, excluded.pdf_url, excluded.status, excluded.features_used, excluded.partner_integrations, excluded.competitor_takeout, excluded.key_results, excluded.localized_urls, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertVerifiedCaseStudies(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into evidence_verified_case_studies as t (company_name, vertical, url, headline, result_metric, is_verified, last_verified, case_study_id, data_source, legacy_id, retrieved_at)
			select s.company_name, s.vertical, s.url, s.headline, s.result_metric, s.is_verified, s.last_verified,
				(select cs.id from evidence_case_studies cs where lower(cs.customer_name) = lower(s.company_name) order by cs.data_source = ${LEGACY} desc, cs.legacy_id limit 1),
				${LEGACY}, s.legacy_id, s.retrieved_at
			from stage_verified_case_studies s
			on conflict (data_source, legacy_id) do update set company_name = excluded.company_name, vertical = excluded.vertical, url = excluded.url, headline = excluded.headline,
				result_metric = excluded.result_metric, is_verified = excluded.is_verified, last_verified = excluded.last_verified, case_study_id = excluded.case_study_id, retrieved_at = excluded.retrieved_at
			where (t.company_name, t.vertical, t.url, t.headline, t.result_metric, t.is_verified, t.last_verified, t.case_study_id, t.retrieved_at)
			is distinct from (excluded.company_name, excluded.vertical, excluded.url, excluded.headline, excluded.result_metric, excluded.is_verified, excluded.last_verified, excluded.case_study_id, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertCustomerQuotes(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into evidence_customer_quotes as t (customer_name, customer_domain, customer_id, contact_name, contact_title, vertical, country, quote_text, evidence_type, source, source_date, tags, is_approved, data_source, legacy_id, retrieved_at)
			select s.customer_name, s.customer_domain, c.id, s.contact_name, s.contact_title, s.vertical, s.country, s.quote_text, s.evidence_type, s.source, s.source_date, s.tags, s.is_approved, ${LEGACY}, s.legacy_id, s.retrieved_at
			from stage_customer_quotes s left join core_customers c on c.legacy_id = s.legacy_company_id
			on conflict (data_source, legacy_id) do update set customer_name = excluded.customer_name, customer_domain = excluded.customer_domain, customer_id = excluded.customer_id, contact_name = excluded.contact_name,
				contact_title = excluded.contact_title, vertical = excluded.vertical, country = excluded.country, quote_text = excluded.quote_text, evidence_type = excluded.evidence_type, source = excluded.source,
				source_date = excluded.source_date, tags = excluded.tags, is_approved = excluded.is_approved, retrieved_at = excluded.retrieved_at
			where (t.customer_name, t.customer_domain, t.customer_id, t.contact_name, t.contact_title, t.vertical, t.country, t.quote_text, t.evidence_type, t.source, t.source_date, t.tags, t.is_approved, t.retrieved_at)
			is distinct from (excluded.customer_name, excluded.customer_domain, excluded.customer_id, excluded.contact_name, excluded.contact_title, excluded.vertical, excluded.country, excluded.quote_text, excluded.evidence_type,
				excluded.source, excluded.source_date, excluded.tags, excluded.is_approved, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertProofPoints(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into evidence_proof_points as t (vertical, theme, customer_name, result_text, source, is_shareable, data_source, legacy_id, retrieved_at)
			select s.vertical, s.theme, s.customer_name, s.result_text, s.source, s.is_shareable, ${LEGACY}, s.legacy_id, s.retrieved_at from stage_proof_points s
			on conflict (data_source, legacy_id) do update set vertical = excluded.vertical, theme = excluded.theme, customer_name = excluded.customer_name, result_text = excluded.result_text,
				source = excluded.source, is_shareable = excluded.is_shareable, retrieved_at = excluded.retrieved_at
			where (t.vertical, t.theme, t.customer_name, t.result_text, t.source, t.is_shareable, t.retrieved_at)
			is distinct from (excluded.vertical, excluded.theme, excluded.customer_name, excluded.result_text, excluded.source, excluded.is_shareable, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertCustomerLogos(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into evidence_customer_logos as t (company_name, company_domain, customer_id, signed_date, vertical, has_case_study_in_contract, has_logo_rights, social_completed, is_reference, has_press_release,
				partner, tech_platform, competitor_displaced, notes, data_source, legacy_id, retrieved_at)
			select s.company_name, s.company_domain, c.id, s.signed_date, s.vertical, s.has_case_study_in_contract, s.has_logo_rights, s.social_completed, s.is_reference, s.has_press_release,
				s.partner, s.tech_platform, s.competitor_displaced, s.notes, ${LEGACY}, s.legacy_id, s.retrieved_at
			from stage_customer_logos s left join core_customers c on c.legacy_id = s.legacy_company_id
			on conflict (data_source, legacy_id) do update set company_name = excluded.company_name, company_domain = excluded.company_domain, customer_id = excluded.customer_id, signed_date = excluded.signed_date,
				vertical = excluded.vertical, has_case_study_in_contract = excluded.has_case_study_in_contract, has_logo_rights = excluded.has_logo_rights, social_completed = excluded.social_completed,
				is_reference = excluded.is_reference, has_press_release = excluded.has_press_release, partner = excluded.partner, tech_platform = excluded.tech_platform,
				competitor_displaced = excluded.competitor_displaced, notes = excluded.notes, retrieved_at = excluded.retrieved_at
			where (t.company_name, t.company_domain, t.customer_id, t.signed_date, t.vertical, t.has_case_study_in_contract, t.has_logo_rights, t.social_completed, t.is_reference, t.has_press_release,
				t.partner, t.tech_platform, t.competitor_displaced, t.notes, t.retrieved_at)
			is distinct from (excluded.company_name, excluded.company_domain, excluded.customer_id, excluded.signed_date, excluded.vertical, excluded.has_case_study_in_contract, excluded.has_logo_rights,
				excluded.social_completed, excluded.is_reference, excluded.has_press_release, excluded.partner, excluded.tech_platform, excluded.competitor_displaced, excluded.notes, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

// ——— Customers ———

/** Legacy customers into core_customers, keyed by legacy id (name-only customers have domain NULL). */
export async function upsertCustomers(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into core_customers as t (domain, company_name, is_customer, source, legacy_id, note, created_by)
			select s.domain, s.company_name, s.is_customer, ${LEGACY}, s.legacy_id, s.note, 'pf import'
			from stage_companies s where ${kept(tx, 'companies')}
			on conflict (legacy_id) where legacy_id is not null do update set domain = excluded.domain, company_name = excluded.company_name, note = excluded.note
			where t.source = ${LEGACY} and (t.domain, t.company_name, t.note) is distinct from (excluded.domain, excluded.company_name, excluded.note)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertCustomerTechnologies(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into evidence_customer_technologies as t (customer_id, technology_id, source, is_live, data_source, legacy_id, retrieved_at)
			select cu.id, et.id, s.source, s.is_live, ${LEGACY}, s.legacy_id, s.retrieved_at
			from stage_company_technologies s
			join stage_companies sc on sc.legacy_id = s.legacy_company_id
			join core_customers cu on (sc.domain is not null and cu.domain = sc.domain) or (sc.domain is null and cu.legacy_id = sc.legacy_id)
			join stage_technologies st on st.legacy_id = s.legacy_technology_id
			join evidence_technologies et on lower(et.name) = lower(st.name)
			where ${kept(tx, 'company_technologies')}
			on conflict (customer_id, technology_id, source) do update set is_live = excluded.is_live, legacy_id = excluded.legacy_id, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY} and (t.is_live, t.legacy_id, t.retrieved_at) is distinct from (excluded.is_live, excluded.legacy_id, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

// ——— Targets ———

const keptTargets = (tx: Tx, hasDuplicates: boolean) => (hasDuplicates ? tx`where ${kept(tx, 'displacement_targets')}` : tx`where true`);

export async function targetDuplicatesExist(tx: Tx): Promise<boolean> {
	const [row] = await tx`select exists (select 1 from stage_dispositions where legacy_table = 'displacement_targets') as found`;
	return Boolean(row?.found);
}

/** Companies: legacy values fill and update the company; fields a newer source set and the legacy row lacks are kept. */
export async function upsertCompanies(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into core_companies as t (domain, company_name, ticker, is_public, headquarters_city, headquarters_state, headquarters_country, vertical)
			select s.domain, s.company_name, s.ticker, s.is_public, s.headquarters_city, s.headquarters_state, s.headquarters_country, s.vertical
			from stage_displacement_targets s ${keptTargets(tx, dups)}
			on conflict (domain) do update set company_name = coalesce(excluded.company_name, t.company_name), ticker = coalesce(excluded.ticker, t.ticker),
				is_public = t.is_public or excluded.is_public, headquarters_city = coalesce(excluded.headquarters_city, t.headquarters_city),
				headquarters_state = coalesce(excluded.headquarters_state, t.headquarters_state), headquarters_country = coalesce(excluded.headquarters_country, t.headquarters_country),
				vertical = coalesce(excluded.vertical, t.vertical)
			where (t.company_name, t.ticker, t.is_public, t.headquarters_city, t.headquarters_state, t.headquarters_country, t.vertical)
			is distinct from (coalesce(excluded.company_name, t.company_name), coalesce(excluded.ticker, t.ticker), t.is_public or excluded.is_public, coalesce(excluded.headquarters_city, t.headquarters_city),
				coalesce(excluded.headquarters_state, t.headquarters_state), coalesce(excluded.headquarters_country, t.headquarters_country), coalesce(excluded.vertical, t.vertical))
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertTargetTechnology(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with rows as (
			select s.domain, s.partner_tech as technology_name, s.partner_category as category, true as is_partner_tech, s.partner_tier, s.retrieved_at
			from stage_displacement_targets s ${keptTargets(tx, dups)} and s.partner_tech is not null
			union all
			select s.domain, left(x.item->>'name', 200), x.item->>'category', false, null, s.retrieved_at
			from stage_displacement_targets s cross join lateral jsonb_array_elements(s.tech_stack) as x(item)
			${keptTargets(tx, dups)} and s.tech_stack is not null and lower(x.item->>'name') is distinct from lower(s.partner_tech)
		), one as (select distinct on (domain, technology_name) * from rows order by domain, technology_name, is_partner_tech desc),
		up as (
			insert into intel_technology_stack as t (domain, technology_name, category, is_partner_tech, partner_tier, source, data_source, retrieved_at)
			select domain, technology_name, category, is_partner_tech, partner_tier, 'builtwith', ${LEGACY}, retrieved_at from one
			on conflict (domain, technology_name) do update set category = excluded.category, is_partner_tech = excluded.is_partner_tech, partner_tier = excluded.partner_tier, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY} and (t.category, t.is_partner_tech, t.partner_tier, t.retrieved_at) is distinct from (excluded.category, excluded.is_partner_tech, excluded.partner_tier, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertSearchProvider(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into intel_search_provider as t (domain, current_provider, provider_type, is_algolia, displacement_priority, tech_spend_estimate, tech_spend_source, data_source, retrieved_at)
			select s.domain, s.current_provider, coalesce(s.provider_type, 'unknown'), s.is_algolia, s.displacement_priority, s.tech_spend, case when s.tech_spend is not null then 'builtwith (legacy)' end, ${LEGACY}, s.retrieved_at
			from stage_displacement_targets s ${keptTargets(tx, dups)}
			on conflict (domain) do update set current_provider = excluded.current_provider, provider_type = excluded.provider_type, is_algolia = excluded.is_algolia,
				displacement_priority = excluded.displacement_priority, tech_spend_estimate = excluded.tech_spend_estimate, tech_spend_source = excluded.tech_spend_source, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.current_provider, t.provider_type, t.is_algolia, t.displacement_priority, t.tech_spend_estimate, t.tech_spend_source, t.retrieved_at)
			      is distinct from (excluded.current_provider, excluded.provider_type, excluded.is_algolia, excluded.displacement_priority, excluded.tech_spend_estimate, excluded.tech_spend_source, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertTraffic(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into intel_traffic_analysis as t (domain, monthly_visits, avg_visit_duration_seconds, pages_per_visit, bounce_rate, traffic_sources, website_rank_global, trend_direction, data_source, retrieved_at)
			select s.domain, s.monthly_visits, s.avg_duration, s.pages_per_visit, s.bounce_rate, s.traffic_sources, s.rank_global, s.trend_direction, ${LEGACY}, s.retrieved_at
			from stage_displacement_targets s ${keptTargets(tx, dups)} and s.has_traffic
			on conflict (domain) do update set monthly_visits = excluded.monthly_visits, avg_visit_duration_seconds = excluded.avg_visit_duration_seconds, pages_per_visit = excluded.pages_per_visit,
				bounce_rate = excluded.bounce_rate, traffic_sources = excluded.traffic_sources, website_rank_global = excluded.website_rank_global, trend_direction = excluded.trend_direction, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.monthly_visits, t.avg_visit_duration_seconds, t.pages_per_visit, t.bounce_rate, t.traffic_sources, t.website_rank_global, t.trend_direction, t.retrieved_at)
			      is distinct from (excluded.monthly_visits, excluded.avg_visit_duration_seconds, excluded.pages_per_visit, excluded.bounce_rate, excluded.traffic_sources, excluded.website_rank_global, excluded.trend_direction, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

/** Financial profiles from targets and from legacy company_financials (the latter wins per domain). */
export async function upsertFinancials(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with rows as (
			select s.domain, s.ticker, s.latest_revenue, s.revenue_trend, s.revenue_3yr, s.net_income_3yr, s.ebitda_margin, null::numeric as operating_margin, s.margin_zone, s.ecommerce_revenue, s.ecommerce_share,
				s.ecommerce_growth_yoy, s.stock_market_cap, s.stock_current_price, s.analyst_consensus, s.source_urls, s.retrieved_at, 1 as rank
			from stage_company_financials s where ${kept(tx, 'company_financials')}
			union all
			select s.domain, s.ticker, s.latest_revenue, null, null, null, s.ebitda_margin, s.operating_margin, s.margin_zone, null, null, null, s.market_cap, s.stock_price, s.analyst_consensus, null, s.retrieved_at, 2
			from stage_displacement_targets s ${keptTargets(tx, dups)} and s.has_financials
		), one as (select distinct on (domain) * from rows order by domain, rank),
		up as (
			insert into intel_financial_profile as t (domain, ticker, latest_revenue, revenue_trend, revenue_3yr, net_income_3yr, ebitda_margin, operating_margin, margin_zone, ecommerce_revenue, ecommerce_share,
				ecommerce_growth_yoy, stock_market_cap, stock_current_price, analyst_consensus, source_urls, data_source, retrieved_at)
			select domain, ticker, latest_revenue, revenue_trend, revenue_3yr, net_income_3yr, ebitda_margin, operating_margin, margin_zone, ecommerce_revenue, ecommerce_share,
				ecommerce_growth_yoy, stock_market_cap, stock_current_price, analyst_consensus, source_urls, ${LEGACY}, retrieved_at from one
			on conflict (domain) do update set ticker = excluded.ticker, latest_revenue = excluded.latest_revenue, revenue_trend = excluded.revenue_trend, revenue_3yr = excluded.revenue_3yr,
				net_income_3yr = excluded.net_income_3yr, ebitda_margin = excluded.ebitda_margin, operating_margin = excluded.operating_margin, margin_zone = excluded.margin_zone,
				ecommerce_revenue = excluded.ecommerce_revenue, ecommerce_share = excluded.ecommerce_share, ecommerce_growth_yoy = excluded.ecommerce_growth_yoy, stock_market_cap = excluded.stock_market_cap,
				stock_current_price = excluded.stock_current_price, analyst_consensus = excluded.analyst_consensus, source_urls = excluded.source_urls, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.ticker, t.latest_revenue, t.revenue_trend, t.revenue_3yr, t.net_income_3yr, t.ebitda_margin, t.operating_margin, t.margin_zone, t.ecommerce_revenue, t.ecommerce_share, t.ecommerce_growth_yoy,
			       t.stock_market_cap, t.stock_current_price, t.analyst_consensus, t.source_urls, t.retrieved_at)
			  is distinct from (excluded.ticker, excluded.latest_revenue, excluded.revenue_trend, excluded.revenue_3yr, excluded.net_income_3yr, excluded.ebitda_margin, excluded.operating_margin, excluded.margin_zone,
			       excluded.ecommerce_revenue, excluded.ecommerce_share, excluded.ecommerce_growth_yoy, excluded.stock_market_cap, excluded.stock_current_price, excluded.analyst_consensus, excluded.source_urls, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

/** Strategic context: the targets' trigger events followed by legacy strategic_triggers rows, one record per domain. */
export async function upsertStrategicContext(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with events as (
			select s.domain, e.item, s.retrieved_at, 0 as source_order, e.n
			from stage_displacement_targets s cross join lateral jsonb_array_elements(s.trigger_events) with ordinality as e(item, n)
			${keptTargets(tx, dups)} and s.trigger_events is not null
			union all
			select domain, trigger_event, retrieved_at, 1, legacy_id from stage_strategic_triggers
		), grouped as (
			select domain, jsonb_agg(item order by source_order, n) as trigger_events, max(retrieved_at) as retrieved_at,
				coalesce(jsonb_agg(item->>'source_url') filter (where item->>'source_url' is not null), '[]'::jsonb) as source_urls
			from events group by domain
		), up as (
			insert into intel_strategic_context as t (domain, trigger_events, source_urls, data_source, retrieved_at)
			select domain, trigger_events, source_urls, ${LEGACY}, retrieved_at from grouped
			on conflict (domain) do update set trigger_events = excluded.trigger_events, source_urls = excluded.source_urls, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY} and (t.trigger_events, t.source_urls, t.retrieved_at) is distinct from (excluded.trigger_events, excluded.source_urls, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

/** Executive quotes from targets (legacy sample quotes: unsourced) and legacy executive_quotes rows. */
export async function upsertExecutiveQuotes(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with rows as (
			select s.domain, s.speaker_name, s.speaker_title, s.quote, s.quote_context, null::text as maps_to_product, null::text as priority, null::text as source_url, null::date as source_date, s.retrieved_at, 1 as rank
			from stage_displacement_targets s ${keptTargets(tx, dups)} and s.quote is not null
			union all
			select q.domain, q.speaker_name, q.speaker_title, q.quote, q.quote_context, q.maps_to_product, q.priority, q.source_url, q.source_date, q.retrieved_at, 0
			from stage_executive_quotes q where ${kept(tx, 'executive_quotes', tx`q.legacy_id::text`)}
		), one as (select distinct on (domain, quote) * from rows order by domain, quote, rank),
		up as (
			insert into intel_executive_quotes as t (domain, speaker_name, speaker_title, quote, quote_context, maps_to_product, priority, source_url, source_date, data_source, retrieved_at)
			select domain, speaker_name, speaker_title, quote, quote_context, maps_to_product, priority, source_url, source_date, ${LEGACY}, retrieved_at from one
			on conflict (domain, quote) do update set speaker_name = excluded.speaker_name, speaker_title = excluded.speaker_title, quote_context = excluded.quote_context, maps_to_product = excluded.maps_to_product,
				priority = excluded.priority, source_url = excluded.source_url, source_date = excluded.source_date, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.speaker_name, t.speaker_title, t.quote_context, t.maps_to_product, t.priority, t.source_url, t.source_date, t.retrieved_at)
			      is distinct from (excluded.speaker_name, excluded.speaker_title, excluded.quote_context, excluded.maps_to_product, excluded.priority, excluded.source_url, excluded.source_date, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertDisplacementAnalysis(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into intel_displacement_analysis as t (domain, current_search_provider, provider_type, displacement_difficulty, displacement_reasoning, competitive_displacement, data_source, retrieved_at)
			select s.domain, s.current_provider, s.provider_type, s.displacement_difficulty, s.displacement_reasoning, s.competitive_displacement, ${LEGACY}, s.retrieved_at
			from stage_displacement_targets s ${keptTargets(tx, dups)} and s.has_displacement
			on conflict (domain) do update set current_search_provider = excluded.current_search_provider, provider_type = excluded.provider_type, displacement_difficulty = excluded.displacement_difficulty,
				displacement_reasoning = excluded.displacement_reasoning, competitive_displacement = excluded.competitive_displacement, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.current_search_provider, t.provider_type, t.displacement_difficulty, t.displacement_reasoning, t.competitive_displacement, t.retrieved_at)
			      is distinct from (excluded.current_search_provider, excluded.provider_type, excluded.displacement_difficulty, excluded.displacement_reasoning, excluded.competitive_displacement, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

/** ICP and priority: the legacy lead score with the legacy bands, recorded as model 'legacy-icp'. */
export async function upsertIcpPriority(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into intel_icp_priority_mapping as t (domain, icp_tier, icp_tier_name, lead_score_total, lead_score_breakdown, priority_score, priority_status, priority_reasoning, model_version, data_source, retrieved_at)
			select s.domain, s.icp_tier, s.icp_tier_name, s.lead_score, s.lead_score_breakdown, s.priority_score, s.priority_status, s.priority_reasoning, 'legacy-icp', ${LEGACY}, s.retrieved_at
			from stage_displacement_targets s ${keptTargets(tx, dups)} and s.lead_score is not null
			on conflict (domain) do update set icp_tier = excluded.icp_tier, icp_tier_name = excluded.icp_tier_name, lead_score_total = excluded.lead_score_total, lead_score_breakdown = excluded.lead_score_breakdown,
				priority_score = excluded.priority_score, priority_status = excluded.priority_status, priority_reasoning = excluded.priority_reasoning, model_version = excluded.model_version, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY} and t.model_version = 'legacy-icp'
			  and (t.icp_tier, t.icp_tier_name, t.lead_score_total, t.lead_score_breakdown, t.priority_score, t.priority_status, t.priority_reasoning, t.retrieved_at)
			      is distinct from (excluded.icp_tier, excluded.icp_tier_name, excluded.lead_score_total, excluded.lead_score_breakdown, excluded.priority_score, excluded.priority_status, excluded.priority_reasoning, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

/** The legacy matched_case_studies ids, resolved to the imported case studies. */
export async function upsertCaseStudyMatches(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with rows as (
			select distinct on (s.domain, cs.customer_name) s.domain, cs.customer_name, cs.vertical, cs.key_results, cs.story_url, s.retrieved_at
			from stage_displacement_targets s
			cross join lateral jsonb_array_elements_text(s.matched_case_studies) as m(id)
			join evidence_case_studies cs on cs.data_source = ${LEGACY} and cs.legacy_id = m.id::int
			${keptTargets(tx, dups)} and s.matched_case_studies is not null
			order by s.domain, cs.customer_name, cs.legacy_id
		), up as (
			insert into intel_case_study_matches as t (domain, case_study_customer, case_study_vertical, results_headline, case_study_url, relevance_reasoning, data_source, retrieved_at)
			select domain, left(customer_name, 200), left(vertical, 100), key_results, left(story_url, 500), 'matched by the legacy tool (no relevance score recorded)', ${LEGACY}, retrieved_at from rows
			on conflict (domain, case_study_customer) do update set case_study_vertical = excluded.case_study_vertical, results_headline = excluded.results_headline, case_study_url = excluded.case_study_url,
				relevance_reasoning = excluded.relevance_reasoning, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.case_study_vertical, t.results_headline, t.case_study_url, t.relevance_reasoning, t.retrieved_at)
			      is distinct from (excluded.case_study_vertical, excluded.results_headline, excluded.case_study_url, excluded.relevance_reasoning, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertTargetDetails(tx: Tx, dups: boolean): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into legacy_target_details as t (domain, legacy_id, emails, phones, socials, exec_titles, legacy_icp_score, enrichment_level, last_enriched, gross_margin, traffic_growth_pct, search_traffic_share, financials, hiring_signals, quote_source, retrieved_at)
			select s.domain, s.legacy_id, s.emails, s.phones, s.socials, s.exec_titles, s.legacy_icp_score, s.enrichment_level, s.last_enriched, s.gross_margin, s.traffic_growth_pct, s.search_traffic_share, s.financials, s.hiring_signals, s.quote_source, s.retrieved_at
			from stage_displacement_targets s ${keptTargets(tx, dups)}
			on conflict (domain) do update set legacy_id = excluded.legacy_id, emails = excluded.emails, phones = excluded.phones, socials = excluded.socials, exec_titles = excluded.exec_titles,
				legacy_icp_score = excluded.legacy_icp_score, enrichment_level = excluded.enrichment_level, last_enriched = excluded.last_enriched, gross_margin = excluded.gross_margin,
				traffic_growth_pct = excluded.traffic_growth_pct, search_traffic_share = excluded.search_traffic_share, financials = excluded.financials, hiring_signals = excluded.hiring_signals,
				quote_source = excluded.quote_source, retrieved_at = excluded.retrieved_at
			where (t.legacy_id, t.emails, t.phones, t.socials, t.exec_titles, t.legacy_icp_score, t.enrichment_level, t.last_enriched, t.gross_margin, t.traffic_growth_pct, t.search_traffic_share, t.financials, t.hiring_signals, t.quote_source, t.retrieved_at)
			is distinct from (excluded.legacy_id, excluded.emails, excluded.phones, excluded.socials, excluded.exec_titles, excluded.legacy_icp_score, excluded.enrichment_level, excluded.last_enriched, excluded.gross_margin,
				excluded.traffic_growth_pct, excluded.search_traffic_share, excluded.financials, excluded.hiring_signals, excluded.quote_source, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

/**
 * Staged targets that the legacy customer list names as customers: Algolia is their
 * search provider and their priority is COLD, before anything is written (so a second
 * import finds nothing to change).
 */
export async function applyCustomersToStagedTargets(tx: Tx): Promise<void> {
	await tx`
		update stage_displacement_targets s
		set is_algolia = true, displacement_priority = 'NONE', priority_status = case when s.priority_status is null then null else 'COLD' end,
			priority_reasoning = 'Existing Algolia customer (legacy customer list); ' || coalesce(s.priority_reasoning, '')
		from core_customers cu
		where cu.domain = s.domain and cu.is_customer and cu.deleted_at is null and cu.source = ${LEGACY}
	`;
}

/**
 * Customers that are also companies: their search provider says Algolia (so no view
 * lists them as a displacement target) and a legacy priority becomes COLD
 * (domain.md: "always COLD for an existing customer").
 */
export async function markCustomerCompanies(tx: Tx): Promise<UpsertCount> {
	const provider = await counted(tx<CountRow[]>`
		with up as (
			insert into intel_search_provider as t (domain, current_provider, provider_type, is_algolia, displacement_priority, data_source, retrieved_at)
			select c.domain, 'Algolia', 'third_party', true, 'NONE', ${LEGACY}, now()
			from core_customers cu join core_companies c on c.domain = cu.domain
			where cu.is_customer and cu.deleted_at is null and cu.source = ${LEGACY}
			on conflict (domain) do update set is_algolia = true, displacement_priority = 'NONE'
			where t.is_algolia is distinct from true or t.displacement_priority is distinct from 'NONE'
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
	const [cold] = await tx<{updated: number}[]>`
		with up as (
			update intel_icp_priority_mapping m set priority_status = 'COLD', priority_reasoning = 'Existing Algolia customer (legacy customer list)'
			from core_customers cu
			where cu.domain = m.domain and cu.is_customer and cu.deleted_at is null and m.model_version = 'legacy-icp' and m.priority_status is distinct from 'COLD'
			returning 1
		)
		select count(*)::int as updated from up
	`;
	return {inserted: provider.inserted, updated: provider.updated + (cold?.updated ?? 0)};
}

export async function upsertCompetitors(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into intel_competitor_intelligence as t (domain, competitor_domain, similarity_score, competitor_search_provider, competitor_uses_algolia, tech_overlap, source, data_source, retrieved_at)
			select s.domain, s.competitor_domain, s.similarity_score, s.search_provider, s.uses_algolia, s.tech_overlap, 'similarweb', ${LEGACY}, s.retrieved_at
			from stage_competitive_intel s where ${kept(tx, 'competitive_intel')}
			on conflict (domain, competitor_domain) do update set similarity_score = excluded.similarity_score, competitor_search_provider = excluded.competitor_search_provider,
				competitor_uses_algolia = excluded.competitor_uses_algolia, tech_overlap = excluded.tech_overlap, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.similarity_score, t.competitor_search_provider, t.competitor_uses_algolia, t.tech_overlap, t.retrieved_at)
			      is distinct from (excluded.similarity_score, excluded.competitor_search_provider, excluded.competitor_uses_algolia, excluded.tech_overlap, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

/**
 * Landscape summaries of the imported competitor rows (domain.md: first mover = no
 * analysed competitor uses Algolia and at least half have a known search provider).
 */
export async function upsertCompetitorLandscape(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with per as (
			select domain, count(*)::int as total,
				count(*) filter (where uses_algolia)::int as algolia,
				count(*) filter (where not uses_algolia and search_provider ilike '%constructor%')::int as constructor,
				count(*) filter (where not uses_algolia and (search_provider ilike '%elastic%' or search_provider ilike '%opensearch%'))::int as elastic,
				count(*) filter (where not uses_algolia and search_provider ilike any (array['%native%', '%platform%', '%built-in%']))::int as native,
				count(*) filter (where search_provider is not null)::int as known
			from stage_competitive_intel s where ${kept(tx, 'competitive_intel')} group by domain
		), up as (
			insert into intel_competitor_landscape as t (domain, total_competitors_analyzed, algolia_users, constructor_users, elasticsearch_users, native_search_users, other_search_users, first_mover_opportunity, competitive_positioning, data_source, retrieved_at)
			select domain, total, algolia, constructor, elastic, native, greatest(known - algolia - constructor - elastic - native, 0),
				algolia = 0 and known * 2 >= total,
				algolia || ' of ' || total || ' analysed competitors use Algolia; ' || (total - known) || ' with an unknown search provider (legacy competitive_intel)',
				${LEGACY}, now()
			from per
			on conflict (domain) do update set total_competitors_analyzed = excluded.total_competitors_analyzed, algolia_users = excluded.algolia_users, constructor_users = excluded.constructor_users,
				elasticsearch_users = excluded.elasticsearch_users, native_search_users = excluded.native_search_users, other_search_users = excluded.other_search_users,
				first_mover_opportunity = excluded.first_mover_opportunity, competitive_positioning = excluded.competitive_positioning, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.total_competitors_analyzed, t.algolia_users, t.constructor_users, t.elasticsearch_users, t.native_search_users, t.other_search_users, t.first_mover_opportunity, t.competitive_positioning)
			      is distinct from (excluded.total_competitors_analyzed, excluded.algolia_users, excluded.constructor_users, excluded.elasticsearch_users, excluded.native_search_users, excluded.other_search_users, excluded.first_mover_opportunity, excluded.competitive_positioning)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertEnrichmentStatus(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into legacy_enrichment_status as t (domain, financials_enriched, quotes_enriched, hiring_enriched, triggers_enriched, committee_enriched, last_enriched, enrichment_errors, retrieved_at)
			select s.domain, s.financials_enriched, s.quotes_enriched, s.hiring_enriched, s.triggers_enriched, s.committee_enriched, s.last_enriched, s.enrichment_errors, s.retrieved_at
			from stage_enrichment_status s where ${kept(tx, 'enrichment_status', tx`s.legacy_key`)}
			on conflict (domain) do update set financials_enriched = excluded.financials_enriched, quotes_enriched = excluded.quotes_enriched, hiring_enriched = excluded.hiring_enriched,
				triggers_enriched = excluded.triggers_enriched, committee_enriched = excluded.committee_enriched, last_enriched = excluded.last_enriched, enrichment_errors = excluded.enrichment_errors, retrieved_at = excluded.retrieved_at
			where (t.financials_enriched, t.quotes_enriched, t.hiring_enriched, t.triggers_enriched, t.committee_enriched, t.last_enriched, t.enrichment_errors, t.retrieved_at)
			is distinct from (excluded.financials_enriched, excluded.quotes_enriched, excluded.hiring_enriched, excluded.triggers_enriched, excluded.committee_enriched, excluded.last_enriched, excluded.enrichment_errors, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertHiringSignals(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into intel_hiring_signals as t (domain, role_title, status, signal_tier, signal_strength, category, implication, source_url, discovered_at, data_source, retrieved_at)
			select s.domain, s.role_title, s.status, s.signal_tier, s.signal_strength, s.category, s.implication, s.source_url, coalesce(s.retrieved_at, now()), ${LEGACY}, s.retrieved_at
			from stage_hiring_signals s where ${kept(tx, 'hiring_signals')}
			on conflict (domain, role_title, source_url) do update set status = excluded.status, signal_tier = excluded.signal_tier, signal_strength = excluded.signal_strength, category = excluded.category,
				implication = excluded.implication, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.status, t.signal_tier, t.signal_strength, t.category, t.implication, t.retrieved_at) is distinct from (excluded.status, excluded.signal_tier, excluded.signal_strength, excluded.category, excluded.implication, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

export async function upsertExecutives(tx: Tx): Promise<UpsertCount> {
	return counted(tx<CountRow[]>`
		with up as (
			insert into intel_executive_intelligence as t (domain, name, title, linkedin_url, buyer_role, priority, background, entry_approach, data_source, retrieved_at)
			select s.domain, s.name, s.title, s.linkedin_url, s.buyer_role, s.priority, s.background, s.entry_approach, ${LEGACY}, s.retrieved_at
			from stage_buying_committee s where ${kept(tx, 'buying_committee')}
			on conflict (domain, name) do update set title = excluded.title, linkedin_url = excluded.linkedin_url, buyer_role = excluded.buyer_role, priority = excluded.priority,
				background = excluded.background, entry_approach = excluded.entry_approach, retrieved_at = excluded.retrieved_at
			where t.data_source = ${LEGACY}
			  and (t.title, t.linkedin_url, t.buyer_role, t.priority, t.background, t.entry_approach, t.retrieved_at)
			      is distinct from (excluded.title, excluded.linkedin_url, excluded.buyer_role, excluded.priority, excluded.background, excluded.entry_approach, excluded.retrieved_at)
			returning (xmax = 0) as inserted
		)
		select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up
	`);
}

// ——— Verification ———

export type Presence = {legacy_table: string; staged: number; kept: number; present: number; foreign: number};

/**
 * For each legacy table: staged rows, rows kept (not merged or rejected in SQL), how
 * many of those have their record in the destination table after the load, and how
 * many of those records belong to another source (merged into a newer record).
 */
export async function verifyPresence(tx: Tx): Promise<Presence[]> {
	return tx<Presence[]>`
		with d as (select legacy_table, legacy_key from stage_dispositions)
		select 'technologies' as legacy_table, (select count(*) from stage_technologies)::int as staged,
			count(*)::int as kept, count(t.id)::int as present, count(t.id) filter (where t.data_source <> ${LEGACY})::int as foreign
		from stage_technologies s left join evidence_technologies t on lower(t.name) = lower(s.name)
		where not exists (select 1 from d where d.legacy_table = 'technologies' and d.legacy_key = s.legacy_id::text)
		union all
		select 'case_studies', (select count(*) from stage_case_studies)::int, count(*)::int, count(t.id)::int, 0
		from stage_case_studies s left join evidence_case_studies t on t.data_source = ${LEGACY} and t.legacy_id = s.legacy_id
		union all
		select 'verified_case_studies', (select count(*) from stage_verified_case_studies)::int, count(*)::int, count(t.id)::int, 0
		from stage_verified_case_studies s left join evidence_verified_case_studies t on t.data_source = ${LEGACY} and t.legacy_id = s.legacy_id
		union all
		select 'customer_quotes', (select count(*) from stage_customer_quotes)::int, count(*)::int, count(t.id)::int, 0
		from stage_customer_quotes s left join evidence_customer_quotes t on t.data_source = ${LEGACY} and t.legacy_id = s.legacy_id
		union all
		select 'proof_points', (select count(*) from stage_proof_points)::int, count(*)::int, count(t.id)::int, 0
		from stage_proof_points s left join evidence_proof_points t on t.data_source = ${LEGACY} and t.legacy_id = s.legacy_id
		union all
		select 'customer_logos', (select count(*) from stage_customer_logos)::int, count(*)::int, count(t.id)::int, 0
		from stage_customer_logos s left join evidence_customer_logos t on t.data_source = ${LEGACY} and t.legacy_id = s.legacy_id
		union all
		select 'companies', (select count(*) from stage_companies)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.source <> ${LEGACY})::int
		from stage_companies s left join core_customers t on t.legacy_id = s.legacy_id
		where not exists (select 1 from d where d.legacy_table = 'companies' and d.legacy_key = s.legacy_id::text)
		union all
		select 'company_technologies', (select count(*) from stage_company_technologies)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.data_source <> ${LEGACY})::int
		from stage_company_technologies s
		left join stage_companies sc on sc.legacy_id = s.legacy_company_id
		left join core_customers cu on (sc.domain is not null and cu.domain = sc.domain) or (sc.domain is null and cu.legacy_id = sc.legacy_id)
		left join stage_technologies st on st.legacy_id = s.legacy_technology_id
		left join evidence_technologies et on lower(et.name) = lower(st.name)
		left join evidence_customer_technologies t on t.customer_id = cu.id and t.technology_id = et.id and t.source is not distinct from s.source
		where not exists (select 1 from d where d.legacy_table = 'company_technologies' and d.legacy_key = s.legacy_id::text)
		union all
		select 'displacement_targets', (select count(*) from stage_displacement_targets)::int, count(*)::int, count(c.id)::int, 0
		from stage_displacement_targets s left join core_companies c on c.domain = s.domain
		where not exists (select 1 from d where d.legacy_table = 'displacement_targets' and d.legacy_key = s.legacy_id::text)
		union all
		select 'competitive_intel', (select count(*) from stage_competitive_intel)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.data_source is distinct from ${LEGACY})::int
		from stage_competitive_intel s left join intel_competitor_intelligence t on t.domain = s.domain and t.competitor_domain = s.competitor_domain
		where not exists (select 1 from d where d.legacy_table = 'competitive_intel' and d.legacy_key = s.legacy_id::text)
		union all
		select 'enrichment_status', (select count(*) from stage_enrichment_status)::int, count(*)::int, count(t.domain)::int, 0
		from stage_enrichment_status s left join legacy_enrichment_status t on t.domain = s.domain
		where not exists (select 1 from d where d.legacy_table = 'enrichment_status' and d.legacy_key = s.legacy_key)
		union all
		select 'company_financials', (select count(*) from stage_company_financials)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.data_source is distinct from ${LEGACY})::int
		from stage_company_financials s left join intel_financial_profile t on t.domain = s.domain
		where not exists (select 1 from d where d.legacy_table = 'company_financials' and d.legacy_key = s.legacy_id::text)
		union all
		select 'executive_quotes', (select count(*) from stage_executive_quotes)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.data_source is distinct from ${LEGACY})::int
		from stage_executive_quotes s left join intel_executive_quotes t on t.domain = s.domain and t.quote = s.quote
		where not exists (select 1 from d where d.legacy_table = 'executive_quotes' and d.legacy_key = s.legacy_id::text)
		union all
		select 'hiring_signals', (select count(*) from stage_hiring_signals)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.data_source is distinct from ${LEGACY})::int
		from stage_hiring_signals s left join intel_hiring_signals t on t.domain = s.domain and t.role_title = s.role_title and t.source_url is not distinct from s.source_url
		where not exists (select 1 from d where d.legacy_table = 'hiring_signals' and d.legacy_key = s.legacy_id::text)
		union all
		select 'strategic_triggers', (select count(*) from stage_strategic_triggers)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.data_source is distinct from ${LEGACY})::int
		from stage_strategic_triggers s left join intel_strategic_context t on t.domain = s.domain
		where not exists (select 1 from d where d.legacy_table = 'strategic_triggers' and d.legacy_key = s.legacy_id::text)
		union all
		select 'buying_committee', (select count(*) from stage_buying_committee)::int, count(*)::int, count(t.id)::int, count(t.id) filter (where t.data_source is distinct from ${LEGACY})::int
		from stage_buying_committee s left join intel_executive_intelligence t on t.domain = s.domain and t.name = s.name
		where not exists (select 1 from d where d.legacy_table = 'buying_committee' and d.legacy_key = s.legacy_id::text)
	`;
}

// ——— Runs and rejects ———

export async function startImportRun(tx: Tx, run: {sourcePath: string; sha256: string; bytes: number; dryRun: boolean}): Promise<string> {
	const [row] = await tx<{id: string}[]>`
		insert into import_runs (source_path, source_sha256, source_bytes, dry_run) values (${run.sourcePath}, ${run.sha256}, ${run.bytes}, ${run.dryRun}) returning id
	`;
	return row!.id;
}

export async function finishImportRun(tx: Tx, id: string, status: 'completed' | 'failed', report: unknown, error: string | null = null): Promise<void> {
	await tx`update import_runs set status = ${status}, finished_at = now(), report = ${tx.json(report as never)}, error_message = ${error} where id = ${id}`;
}

export type RejectRecord = {legacy_table: string; legacy_id: string; raw_row: unknown; reason: string; disposition: 'rejected' | 'merged'};

/** Records rejected and merged legacy rows (one row per legacy row; a re-import refreshes it). Returns how many are new. */
export async function recordRejects(tx: Tx, runId: string, rejects: readonly RejectRecord[]): Promise<number> {
	let inserted = 0;
	for (let i = 0; i < rejects.length; i += 1000) {
		const batch = rejects.slice(i, i + 1000).map((r) => ({run_id: runId, legacy_table: r.legacy_table, legacy_id: r.legacy_id, raw_row: JSON.stringify(r.raw_row), reason: r.reason, disposition: r.disposition}));
		const [row] = await tx<{inserted: number}[]>`
			with input as (
				select * from jsonb_to_recordset(${tx.json(batch as never)}) as x(run_id uuid, legacy_table text, legacy_id text, raw_row text, reason text, disposition text)
			), up as (
				insert into import_rejects as t (run_id, legacy_table, legacy_id, raw_row, reason, disposition)
				select run_id, legacy_table, legacy_id, raw_row::jsonb, reason, disposition from input
				on conflict (legacy_table, legacy_id) do update set run_id = excluded.run_id, raw_row = excluded.raw_row, reason = excluded.reason, disposition = excluded.disposition
				returning (xmax = 0) as inserted
			)
			select count(*) filter (where inserted)::int as inserted from up
		`;
		inserted += row?.inserted ?? 0;
	}
	return inserted;
}

/**
 * Rows an earlier import rejected or merged that this import loaded are no longer
 * rejects: import_rejects describes the latest import of each legacy table.
 */
export async function clearResolvedRejects(tx: Tx, tables: readonly string[], current: readonly {legacy_table: string; legacy_id: string}[]): Promise<number> {
	const [row] = await tx<{deleted: number}[]>`
		with gone as (
			delete from import_rejects r
			where r.legacy_table = any(${tables as string[]})
			  and not exists (
				select 1 from jsonb_to_recordset(${tx.json(current as never)}) as c(legacy_table text, legacy_id text)
				where c.legacy_table = r.legacy_table and c.legacy_id = r.legacy_id
			  )
			returning 1
		)
		select count(*)::int as deleted from gone
	`;
	return row?.deleted ?? 0;
}
