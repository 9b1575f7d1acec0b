/**
 * Writes scores: intel_icp_priority_mapping and intel_signal_scoring, many companies per
 * statement (COPY into a session-local staging table, then one upsert on domain), so
 * `pf score --all` costs a few statements per thousand companies, not one per company.
 */
import type {Writable} from 'node:stream';
import type postgres from 'postgres';
import type {Sql} from './client.js';

/** A piece of tagged SQL put inside another. */
type Fragment = postgres.PendingQuery<postgres.Row[]>;

export type IcpRow = {
	domain: string;
	icp_tier: number;
	icp_tier_name: string;
	icp_tier_description: string;
	icp_confidence: number;
	lead_score_total: number;
	lead_score_breakdown: unknown;
	signal_score_total: number;
	signal_score_active: unknown;
	signal_types: unknown;
	priority_score: number;
	priority_status: string;
	priority_reasoning: string;
	algolia_product_mapping: unknown;
	model_version: string;
	score_fingerprint: string;
};

export type SignalRow = {
	domain: string;
	budget_signals: unknown;
	budget_total: number;
	has_budget_signal: boolean;
	pain_signals: unknown;
	pain_total: number;
	has_pain_signal: boolean;
	timing_signals: unknown;
	timing_total: number;
	has_timing_signal: boolean;
	negative_signals: unknown;
	negative_total: number;
	raw_signal_score: number;
	adjusted_signal_score: number;
	signal_quality: unknown;
	model_version: string;
};

export type PreviousScore = {domain: string; priority_status: string | null; priority_score: number | null; model_version: string | null; score_fingerprint: string | null};

/** The stored status/score of these companies (for "what changed"). */
export async function previousScores(sql: Sql, domains: readonly string[]): Promise<Map<string, PreviousScore>> {
	const rows = await sql<PreviousScore[]>`
		select domain, priority_status, priority_score, model_version, score_fingerprint from intel_icp_priority_mapping where domain = any(${domains as string[]})`;
	return new Map(rows.map((row) => [row.domain, row]));
}

/** A company whose stored intel cannot yield any signal (see `scoringInputs`). */
export type LeadOnlyInput = {
	domain: string;
	vertical: string | null;
	monthly_visits: number | null;
	tech_spend: number | null;
	technologies: string[];
	previous: PreviousScore | null;
};

/**
 * One set-based read for `pf score --all`: every live company, split into those whose
 * stored intel could yield a signal or marks them as enriched (`full`: scored from their
 * whole intel) and the rest (`leadOnly`: legacy or empty intel that only feeds the lead
 * score: partner-technology rows without dates or changes, a search-provider row without a
 * provider, traffic without a high bounce rate, all from the legacy import without URLs),
 * which are returned with just the lead-score inputs. The split is conservative: anything
 * that might matter goes to `full`.
 */
export async function scoringInputs(sql: Sql): Promise<{full: string[]; leadOnly: LeadOnlyInput[]}> {
	const rows = await sql<{domain: string; vertical: string | null; monthly_visits: number | null; tech_spend: number | null; technologies: string[] | null; lead_only: boolean; priority_status: string | null; priority_score: number | null; model_version: string | null; score_fingerprint: string | null; scored: boolean}[]>`
		with signal_capable as (
			select domain from intel_hiring_signals
			union select domain from intel_financial_profile
			union select domain from intel_competitor_intelligence
			union select domain from intel_strategic_context
			union select domain from intel_investor_intelligence
			union select domain from intel_executive_quotes
			union select domain from intel_executive_intelligence
			union select domain from core_customers where domain is not null and deleted_at is null
			union select domain from intel_technology_stack t
				where t.is_partner_tech is not true or t.first_detected is not null or t.raw_data is not null
					or t.source_url is not null or t.data_source is distinct from 'legacy_import'
			union select domain from intel_search_provider sp
				where sp.current_provider is not null or sp.is_algolia is true or sp.source_url is not null
					or sp.data_source is distinct from 'legacy_import'
			union select domain from intel_traffic_analysis ta
				where ta.bounce_rate > 0.5 or ta.source_url is not null or ta.data_source is distinct from 'legacy_import'
		), technologies as (
			select domain, array_agg(technology_name order by technology_name) as names from intel_technology_stack group by domain
		)
		select c.domain, c.vertical, ta.monthly_visits, sp.tech_spend_estimate as tech_spend, t.names as technologies,
			icp.domain is not null as scored, icp.priority_status, icp.priority_score, icp.model_version, icp.score_fingerprint,
			s.domain is null as lead_only
		from core_companies c
		left join signal_capable s on s.domain = c.domain
		left join technologies t on t.domain = c.domain
		left join intel_traffic_analysis ta on ta.domain = c.domain
		left join intel_search_provider sp on sp.domain = c.domain
		left join intel_icp_priority_mapping icp on icp.domain = c.domain
		where c.deleted_at is null
		order by c.domain`;
	const full: string[] = [];
	const leadOnly: LeadOnlyInput[] = [];
	for (const row of rows) {
		if (!row.lead_only) {
			full.push(row.domain);
			continue;
		}
		leadOnly.push({
			domain: row.domain,
			vertical: row.vertical,
			monthly_visits: row.monthly_visits,
			tech_spend: row.tech_spend,
			technologies: row.technologies ?? [],
			previous: row.scored ? {domain: row.domain, priority_status: row.priority_status, priority_score: row.priority_score, model_version: row.model_version, score_fingerprint: row.score_fingerprint} : null,
		});
	}
	return {full, leadOnly};
}

/**
 * The staging rows' columns, all text, in the order of the COPY lines (and of the field
 * lists `writeOneScore` takes): services/scoring.ts builds both from the same values.
 */
const ICP_STAGE = ['domain', 'icp_tier', 'icp_tier_name', 'icp_tier_description', 'icp_confidence', 'lead_score_total', 'lead_score_breakdown', 'signal_score_total', 'signal_score_active', 'signal_types', 'priority_score', 'priority_status', 'priority_reasoning', 'algolia_product_mapping', 'model_version', 'score_fingerprint'] as const;
const SIGNAL_STAGE = ['domain', 'budget_signals', 'budget_total', 'has_budget_signal', 'pain_signals', 'pain_total', 'has_pain_signal', 'timing_signals', 'timing_total', 'has_timing_signal', 'negative_signals', 'negative_total', 'raw_signal_score', 'adjusted_signal_score', 'signal_quality', 'model_version'] as const;

/** `name text, …`: a staging table's columns, or a row's column definition list. */
function textColumns(sql: Sql, names: readonly string[]): Fragment {
	return names.slice(1).reduce((list, name) => sql`${list}, ${sql(name)} text`, sql`${sql(names[0]!)} text`);
}

/** A row source `r` of text columns built from one staging row's fields (no staging table). */
function oneRow(sql: Sql, names: readonly string[], fields: ReadonlyArray<string | null>): Fragment {
	if (fields.length !== names.length) throw new Error(`a score row has ${fields.length} fields, its staging row ${names.length}`);
	const row = Object.fromEntries(names.map((name, index) => [name, fields[index]]));
	return sql`jsonb_to_record(${row as Record<string, string | null>}::jsonb) as r(${textColumns(sql, names)})`;
}

/** The upserts from staged text rows `r` (a staging table, or `oneRow`). */
function upsertIcp(sql: Sql, rows: Fragment): Fragment {
	return sql`
		insert into intel_icp_priority_mapping (
			domain, icp_tier, icp_tier_name, icp_tier_description, icp_confidence, lead_score_total, lead_score_breakdown,
			signal_score_total, signal_score_active, signal_types, priority_score, priority_status, priority_reasoning,
			algolia_product_mapping, model_version, score_fingerprint, data_source, retrieved_at, updated_at)
		select r.domain, r.icp_tier::int, r.icp_tier_name, r.icp_tier_description, r.icp_confidence::numeric, r.lead_score_total::int,
			r.lead_score_breakdown::jsonb, r.signal_score_total::int, r.signal_score_active::jsonb, r.signal_types::jsonb, r.priority_score::int,
			r.priority_status, r.priority_reasoning, r.algolia_product_mapping::jsonb, r.model_version, r.score_fingerprint, 'analysis', now(), now()
		from ${rows}
		on conflict (domain) do update set
			icp_tier = excluded.icp_tier, icp_tier_name = excluded.icp_tier_name, icp_tier_description = excluded.icp_tier_description,
			icp_confidence = excluded.icp_confidence, lead_score_total = excluded.lead_score_total, lead_score_breakdown = excluded.lead_score_breakdown,
			signal_score_total = excluded.signal_score_total, signal_score_active = excluded.signal_score_active, signal_types = excluded.signal_types,
			priority_score = excluded.priority_score, priority_status = excluded.priority_status, priority_reasoning = excluded.priority_reasoning,
			algolia_product_mapping = excluded.algolia_product_mapping, model_version = excluded.model_version,
			score_fingerprint = excluded.score_fingerprint,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at, updated_at = excluded.updated_at
		-- A score that did not change is not rewritten (no dead tuple, no audit row).
		where intel_icp_priority_mapping.score_fingerprint is distinct from excluded.score_fingerprint`;
}

function upsertSignals(sql: Sql, rows: Fragment): Fragment {
	return sql`
		insert into intel_signal_scoring (
			domain, budget_signals, budget_total, has_budget_signal, pain_signals, pain_total, has_pain_signal, timing_signals,
			timing_total, has_timing_signal, negative_signals, negative_total, raw_signal_score, adjusted_signal_score,
			signal_quality, model_version, data_source, retrieved_at, updated_at)
		select r.domain, r.budget_signals::jsonb, r.budget_total::int, r.has_budget_signal::boolean, r.pain_signals::jsonb, r.pain_total::int,
			r.has_pain_signal::boolean, r.timing_signals::jsonb, r.timing_total::int, r.has_timing_signal::boolean, r.negative_signals::jsonb,
			r.negative_total::int, r.raw_signal_score::int, r.adjusted_signal_score::int, r.signal_quality::jsonb, r.model_version, 'analysis', now(), now()
		from ${rows}
		on conflict (domain) do update set
			budget_signals = excluded.budget_signals, budget_total = excluded.budget_total, has_budget_signal = excluded.has_budget_signal,
			pain_signals = excluded.pain_signals, pain_total = excluded.pain_total, has_pain_signal = excluded.has_pain_signal,
			timing_signals = excluded.timing_signals, timing_total = excluded.timing_total, has_timing_signal = excluded.has_timing_signal,
			negative_signals = excluded.negative_signals, negative_total = excluded.negative_total, raw_signal_score = excluded.raw_signal_score,
			adjusted_signal_score = excluded.adjusted_signal_score, signal_quality = excluded.signal_quality, model_version = excluded.model_version,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at, updated_at = excluded.updated_at
		where (intel_signal_scoring.budget_signals, intel_signal_scoring.pain_signals, intel_signal_scoring.timing_signals,
				intel_signal_scoring.negative_signals, intel_signal_scoring.raw_signal_score, intel_signal_scoring.adjusted_signal_score,
				intel_signal_scoring.signal_quality, intel_signal_scoring.model_version, intel_signal_scoring.data_source)
			is distinct from (excluded.budget_signals, excluded.pain_signals, excluded.timing_signals, excluded.negative_signals,
				excluded.raw_signal_score, excluded.adjusted_signal_score, excluded.signal_quality, excluded.model_version, excluded.data_source)`;
}

/**
 * Writes a batch of scores: the ICP rows (COPY text, see CopyText), the signal rows, and
 * `clear`: domains whose signal row is removed.
 */
export async function writeScoreBatch(sql: Sql, batch: {icp: CopyText; signals: CopyText; clear: readonly string[]}): Promise<void> {
	if (batch.icp.empty && batch.signals.empty && batch.clear.length === 0) return;
	await sql.begin(async (tx) => {
		const sql = tx as unknown as Sql;
		if (!batch.icp.empty) {
			await sql`create temp table if not exists pf_stage_icp (${textColumns(sql, ICP_STAGE)}) on commit delete rows`;
			await copyInto(await sql`copy pf_stage_icp from stdin`.writable(), batch.icp);
			await upsertIcp(sql, sql`pf_stage_icp r`);
		}
		if (!batch.signals.empty) {
			await sql`create temp table if not exists pf_stage_signals (${textColumns(sql, SIGNAL_STAGE)}) on commit delete rows`;
			await copyInto(await sql`copy pf_stage_signals from stdin`.writable(), batch.signals);
			await upsertSignals(sql, sql`pf_stage_signals r`);
		}
		if (batch.clear.length > 0) await deleteSignalRows(sql, batch.clear);
	});
}

/**
 * One company's score in one statement (the enrichment worker's icp/signals steps and a
 * brief's regeneration, on every domain's critical path): the same upserts as a batch,
 * from the row's fields instead of a staging table — no transaction, temporary table or
 * COPY (≈ 10 round trips fewer). `signals` null: no signal row; `clearSignals`: remove
 * one left from an earlier scoring.
 */
export async function writeOneScore(sql: Sql, score: {icp: ReadonlyArray<string | null>; signals: ReadonlyArray<string | null> | null; clearSignals: boolean}): Promise<void> {
	const domain = score.icp[0]!;
	await sql`
		with icp as (${upsertIcp(sql, oneRow(sql, ICP_STAGE, score.icp))})
		${score.signals ? sql`, signals as (${upsertSignals(sql, oneRow(sql, SIGNAL_STAGE, score.signals))})` : sql``}
		${score.clearSignals ? sql`, cleared as (delete from intel_signal_scoring where domain = ${domain})` : sql``}
		select 1`;
}

/**
 * COPY text-format lines, UTF-8 encoded as they are added into 1 MB buffers (no joined
 * string of the whole batch, no second copy to encode it).
 */
export class CopyText {
	private readonly chunks: Buffer[] = [];
	private current: Buffer | undefined;
	private used = 0;

	add(line: string): void {
		// UTF-8 takes at most 3 bytes per UTF-16 code unit.
		const most = line.length * 3;
		if (!this.current || this.current.length - this.used < most) {
			if (this.current) this.chunks.push(this.current.subarray(0, this.used));
			this.current = Buffer.allocUnsafe(Math.max(1 << 20, most));
			this.used = 0;
		}
		this.used += this.current.write(line, this.used, 'utf8');
	}

	get empty(): boolean {
		return this.chunks.length === 0 && this.used === 0;
	}

	buffers(): Buffer[] {
		return this.current && this.used > 0 ? [...this.chunks, this.current.subarray(0, this.used)] : [...this.chunks];
	}
}

/** Writes COPY text to a `copy … from stdin` stream and waits until the server has it all. */
async function copyInto(stream: Writable, text: CopyText): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		stream.on('error', reject);
		stream.on('finish', resolve);
		for (const buffer of text.buffers()) stream.write(buffer);
		stream.end();
	});
}

/** Removes the signal rows of these companies. */
export async function deleteSignalRows(sql: Sql, domains: readonly string[]): Promise<void> {
	if (domains.length === 0) return;
	await sql`delete from intel_signal_scoring s using unnest(${domains as string[]}::text[]) as d(domain) where s.domain = d.domain`;
}

// --- Analysis writers (one domain each; data_source 'analysis') ------------------------

export type LandscapeRow = {
	total_competitors_analyzed: number;
	algolia_users: number;
	constructor_users: number;
	elasticsearch_users: number;
	native_search_users: number;
	other_search_users: number;
	first_mover_opportunity: boolean;
	competitive_positioning: string;
};

export async function writeCompetitorLandscape(sql: Sql, domain: string, row: LandscapeRow): Promise<void> {
	await sql`
		insert into intel_competitor_landscape (domain, total_competitors_analyzed, algolia_users, constructor_users, elasticsearch_users,
			native_search_users, other_search_users, first_mover_opportunity, competitive_positioning, data_source, retrieved_at)
		values (${domain}, ${row.total_competitors_analyzed}, ${row.algolia_users}, ${row.constructor_users}, ${row.elasticsearch_users},
			${row.native_search_users}, ${row.other_search_users}, ${row.first_mover_opportunity}, ${row.competitive_positioning}, 'analysis', now())
		on conflict (domain) do update set
			total_competitors_analyzed = excluded.total_competitors_analyzed, algolia_users = excluded.algolia_users,
			constructor_users = excluded.constructor_users, elasticsearch_users = excluded.elasticsearch_users,
			native_search_users = excluded.native_search_users, other_search_users = excluded.other_search_users,
			first_mover_opportunity = excluded.first_mover_opportunity, competitive_positioning = excluded.competitive_positioning,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type HiringSummaryRow = {
	total_open_roles: number;
	tier_1_count: number;
	tier_2_count: number;
	tier_3_count: number;
	ecommerce_roles: number;
	engineering_roles: number;
	data_analytics_roles: number;
	ai_ml_roles: number;
	product_roles: number;
	merchandising_roles: number;
	ai_investment_signal: boolean;
	leadership_vacancies: unknown;
	platform_confirmed: string | null;
};

export async function writeHiringSummary(sql: Sql, domain: string, row: HiringSummaryRow): Promise<void> {
	await sql`
		insert into intel_hiring_summary (domain, total_open_roles, tier_1_count, tier_2_count, tier_3_count, ecommerce_roles, engineering_roles,
			data_analytics_roles, ai_ml_roles, product_roles, merchandising_roles, ai_investment_signal, leadership_vacancies, platform_confirmed,
			data_source, retrieved_at)
		values (${domain}, ${row.total_open_roles}, ${row.tier_1_count}, ${row.tier_2_count}, ${row.tier_3_count}, ${row.ecommerce_roles},
			${row.engineering_roles}, ${row.data_analytics_roles}, ${row.ai_ml_roles}, ${row.product_roles}, ${row.merchandising_roles},
			${row.ai_investment_signal}, ${sql.json(row.leadership_vacancies as never)}, ${row.platform_confirmed}, 'analysis', now())
		on conflict (domain) do update set
			total_open_roles = excluded.total_open_roles, tier_1_count = excluded.tier_1_count, tier_2_count = excluded.tier_2_count,
			tier_3_count = excluded.tier_3_count, ecommerce_roles = excluded.ecommerce_roles, engineering_roles = excluded.engineering_roles,
			data_analytics_roles = excluded.data_analytics_roles, ai_ml_roles = excluded.ai_ml_roles, product_roles = excluded.product_roles,
			merchandising_roles = excluded.merchandising_roles, ai_investment_signal = excluded.ai_investment_signal,
			leadership_vacancies = excluded.leadership_vacancies, platform_confirmed = excluded.platform_confirmed,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type CommitteeRow = {
	executive_sponsor: unknown;
	economic_buyer: unknown;
	technical_buyer: unknown;
	champion: unknown;
	user_buyers: unknown;
	technical_evaluators: unknown;
	engagement_sequence: unknown;
	total_decision_makers: number;
};

export async function writeBuyingCommittee(sql: Sql, domain: string, row: CommitteeRow): Promise<void> {
	const json = (value: unknown) => sql.json((value ?? null) as never);
	await sql`
		insert into intel_buying_committee (domain, executive_sponsor, economic_buyer, technical_buyer, champion, user_buyers,
			technical_evaluators, engagement_sequence, total_decision_makers, data_source, retrieved_at)
		values (${domain}, ${json(row.executive_sponsor)}, ${json(row.economic_buyer)}, ${json(row.technical_buyer)}, ${json(row.champion)},
			${json(row.user_buyers)}, ${json(row.technical_evaluators)}, ${json(row.engagement_sequence)}, ${row.total_decision_makers}, 'analysis', now())
		on conflict (domain) do update set
			executive_sponsor = excluded.executive_sponsor, economic_buyer = excluded.economic_buyer, technical_buyer = excluded.technical_buyer,
			champion = excluded.champion, user_buyers = excluded.user_buyers, technical_evaluators = excluded.technical_evaluators,
			engagement_sequence = excluded.engagement_sequence, total_decision_makers = excluded.total_decision_makers,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type DisplacementRow = {
	current_search_provider: string | null;
	provider_type: string;
	displacement_difficulty: string | null;
	displacement_reasoning: string;
	recommended_products: unknown;
};

/**
 * Writes the displacement analysis. A legacy row's reasoning (the legacy "displacement
 * angle") is not lost: it moves to competitive_displacement.legacy_reasoning.
 */
export async function writeDisplacement(sql: Sql, domain: string, row: DisplacementRow): Promise<void> {
	await sql`
		insert into intel_displacement_analysis (domain, current_search_provider, provider_type, displacement_difficulty, displacement_reasoning,
			recommended_products, data_source, retrieved_at)
		values (${domain}, ${row.current_search_provider}, ${row.provider_type}, ${row.displacement_difficulty}, ${row.displacement_reasoning},
			${sql.json(row.recommended_products as never)}, 'analysis', now())
		on conflict (domain) do update set
			current_search_provider = excluded.current_search_provider, provider_type = excluded.provider_type,
			displacement_difficulty = excluded.displacement_difficulty, displacement_reasoning = excluded.displacement_reasoning,
			recommended_products = excluded.recommended_products,
			competitive_displacement = case
				when intel_displacement_analysis.data_source = 'legacy_import' and intel_displacement_analysis.displacement_reasoning is not null
				then coalesce(intel_displacement_analysis.competitive_displacement, '{}'::jsonb)
					|| jsonb_build_object('legacy_reasoning', intel_displacement_analysis.displacement_reasoning)
				else intel_displacement_analysis.competitive_displacement end,
			data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
}

export type CaseStudyMatchRow = {
	case_study_customer: string;
	case_study_vertical: string | null;
	relevance_score: number;
	results_headline: string | null;
	results_details: unknown;
	relevance_reasoning: string;
	case_study_url: string | null;
	use_in_pitch: string | null;
};

/** Replaces the computed matches of a domain (legacy-imported matches of other customers stay). */
export async function writeCaseStudyMatches(sql: Sql, domain: string, rows: readonly CaseStudyMatchRow[]): Promise<void> {
	await sql.begin(async (tx) => {
		await tx`delete from intel_case_study_matches where domain = ${domain} and data_source is distinct from 'legacy_import'`;
		if (rows.length === 0) return;
		await tx`
			insert into intel_case_study_matches (domain, case_study_customer, case_study_vertical, relevance_score, results_headline,
				results_details, relevance_reasoning, case_study_url, use_in_pitch, data_source, retrieved_at)
			select ${domain}, r.case_study_customer, r.case_study_vertical, r.relevance_score, r.results_headline, r.results_details,
				r.relevance_reasoning, r.case_study_url, r.use_in_pitch, 'analysis', now()
			from jsonb_to_recordset(${tx.json(rows as never)}) as r(case_study_customer text, case_study_vertical text, relevance_score numeric,
				results_headline text, results_details jsonb, relevance_reasoning text, case_study_url text, use_in_pitch text)
			on conflict (domain, case_study_customer) do update set
				case_study_vertical = excluded.case_study_vertical, relevance_score = excluded.relevance_score,
				results_headline = excluded.results_headline, results_details = excluded.results_details,
				relevance_reasoning = excluded.relevance_reasoning, case_study_url = excluded.case_study_url,
				use_in_pitch = excluded.use_in_pitch, data_source = excluded.data_source, retrieved_at = excluded.retrieved_at`;
	});
}
