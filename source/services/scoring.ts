/**
 * `pf score`: recompute and store the scores of some companies or all of them, and say
 * what changed. Set-based: intel is read with one query per table for a chunk of
 * companies, scored by the pure functions of domain/scoring, and written back with one
 * upsert per table per chunk.
 */
import type {Sql} from '../db/client.js';
import {allCompanyDomains, existingDomains, loadIntelBundles} from '../db/intel.js';
import {previousScores, upsertIcpRows, upsertSignalRows, type IcpRow, type SignalRow} from '../db/scoring.js';
import {scoreCompany, type CompanyScore} from '../domain/scoring/detect.js';
import type {ScoredSignal, SignalCategory} from '../domain/scoring/signals.js';
import type {IntelBundle} from '../domain/scoring/intel.js';
import {NotFoundError, UsageError} from '../errors.js';

export type ScoreChange = {
	domain: string;
	previousStatus: string | null;
	previousScore: number | null;
	previousModelVersion: string | null;
	newStatus: string;
	newScore: number;
	modelVersion: string;
	leadScore: number;
	/** Status or score differs from what was stored. */
	changed: boolean;
};

/** Companies per read/score/write round. */
const CHUNK = 5_000;

function signalJson(signal: ScoredSignal) {
	return {
		type: signal.type,
		label: signal.label,
		evidence: signal.evidence,
		source_url: signal.sourceUrl,
		detected_at: signal.detectedAt,
		data_source: signal.dataSource,
		base_points: signal.basePoints,
		points: signal.points,
		age_days: signal.ageDays,
		window_days: signal.windowDays,
		excluded: signal.excluded,
	};
}

/** The two stored rows of one company's score. */
export function scoreRows(score: CompanyScore): {icp: IcpRow; signals: SignalRow} {
	const byCategory = (category: SignalCategory) => score.signals.signals.filter((signal) => signal.category === category).map(signalJson);
	const active = score.signals.signals.filter((signal) => signal.excluded === null).map(signalJson);
	return {
		icp: {
			domain: score.domain,
			icp_tier: score.lead.tier,
			icp_tier_name: score.lead.tierName,
			icp_tier_description: score.tierDescription,
			icp_confidence: score.confidence,
			lead_score_total: score.lead.total,
			lead_score_breakdown: {...score.lead.breakdown, reasons: score.lead.reasons},
			signal_score_total: score.signals.adjusted,
			signal_score_active: active,
			signal_types: [...new Set(active.map((signal) => signal.type))],
			priority_score: score.priority.score,
			priority_status: score.priority.status,
			priority_reasoning: score.priority.reasoning,
			algolia_product_mapping: score.products,
			model_version: score.priority.modelVersion,
		},
		signals: {
			domain: score.domain,
			budget_signals: byCategory('budget'),
			budget_total: score.signals.totals.budget,
			has_budget_signal: score.signals.present.budget,
			pain_signals: byCategory('pain'),
			pain_total: score.signals.totals.pain,
			has_pain_signal: score.signals.present.pain,
			timing_signals: byCategory('timing'),
			timing_total: score.signals.totals.timing,
			has_timing_signal: score.signals.present.timing,
			negative_signals: byCategory('negative'),
			negative_total: score.signals.totals.negative,
			raw_signal_score: score.signals.raw,
			adjusted_signal_score: score.signals.adjusted,
			signal_quality: score.signals.quality,
			model_version: score.priority.modelVersion,
		},
	};
}

/** Scores and stores one chunk of companies (all of which exist). */
async function scoreChunk(sql: Sql, domains: readonly string[], now: Date): Promise<ScoreChange[]> {
	const [bundles, previous] = await Promise.all([loadIntelBundles(sql, domains), previousScores(sql, domains)]);
	const icpRows: IcpRow[] = [];
	const signalRows: SignalRow[] = [];
	const changes: ScoreChange[] = [];
	for (const domain of domains) {
		const bundle = bundles.get(domain);
		if (!bundle) continue;
		const score = scoreCompany(bundle, now);
		const rows = scoreRows(score);
		icpRows.push(rows.icp);
		signalRows.push(rows.signals);
		const before = previous.get(domain);
		changes.push({
			domain,
			previousStatus: before?.priority_status ?? null,
			previousScore: before?.priority_score ?? null,
			previousModelVersion: before?.model_version ?? null,
			newStatus: score.priority.status,
			newScore: score.priority.score,
			modelVersion: score.priority.modelVersion,
			leadScore: score.lead.total,
			changed: before?.priority_status !== score.priority.status || before?.priority_score !== score.priority.score,
		});
	}
	await sql.begin(async (tx) => {
		await upsertIcpRows(tx as unknown as Sql, icpRows);
		await upsertSignalRows(tx as unknown as Sql, signalRows);
	});
	return changes;
}

/**
 * Recomputes and stores the scores of the named companies (or all of them) and returns,
 * per company, the previous and the new status and score. An unknown domain is a
 * NotFoundError (nothing is written).
 */
export async function scoreDomains(sql: Sql, selection: {domains?: string[]; all?: boolean}, options: {now?: Date} = {}): Promise<ScoreChange[]> {
	const now = options.now ?? new Date();
	let domains: string[];
	if (selection.all) {
		domains = await allCompanyDomains(sql);
	} else {
		domains = [...new Set(selection.domains ?? [])];
		if (domains.length === 0) throw new UsageError('no company to score', 'name one or more domains, or use --all');
		const existing = await existingDomains(sql, domains);
		const missing = domains.filter((domain) => !existing.has(domain));
		if (missing.length > 0) {
			throw new NotFoundError(`no company ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''} in the database`, 'check the spelling, or add it with `pf enrich <domain>`');
		}
	}
	const changes: ScoreChange[] = [];
	for (let start = 0; start < domains.length; start += CHUNK) {
		changes.push(...(await scoreChunk(sql, domains.slice(start, start + CHUNK), now)));
	}
	return changes;
}

/** Scores one loaded company and stores it (the enrichment pipeline's icp/signals steps, and briefs). */
export async function storeScore(sql: Sql, bundle: IntelBundle, now: Date = new Date()): Promise<CompanyScore> {
	const score = scoreCompany(bundle, now);
	const rows = scoreRows(score);
	await upsertIcpRows(sql, [rows.icp]);
	await upsertSignalRows(sql, [rows.signals]);
	return score;
}
