/**
 * `pf score`: recompute and store the scores of some companies or all of them, and say
 * what changed. Set-based: intel is read with one query per table for a chunk of
 * companies, scored by the pure functions of domain/scoring, and written back with one
 * upsert per table per chunk.
 */
import type {Sql} from '../db/client.js';
import {allCompanyDomains, existingDomains, loadIntelBundles} from '../db/intel.js';
import {createHash} from 'node:crypto';
import {deleteSignalRows, previousScores, scoringInputs, upsertIcpRows, upsertSignalRows, type IcpRow, type LeadOnlyInput, type PreviousScore, type SignalRow} from '../db/scoring.js';
import {scoreCompany, type CompanyScore} from '../domain/scoring/detect.js';
import {LEGACY_MODEL_VERSION} from '../domain/scoring/priority.js';
import type {ScoredSignal, SignalCategory} from '../domain/scoring/signals.js';
import {bareCompany, emptyIntel, type IntelBundle} from '../domain/scoring/intel.js';
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

/** Companies per read/score/write round (whole intel), and per write of lead-only scores. */
const CHUNK = 5_000;
const LEAD_ONLY_CHUNK = 10_000;

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
	const serialised = serialiseScore(score);
	return {icp: JSON.parse(serialised.icpJson) as IcpRow, signals: JSON.parse(serialised.signalsJson) as SignalRow};
}

/**
 * The two rows as JSON text (each serialised once: the text is both fingerprinted and
 * sent), with the fingerprint inside the ICP row.
 */
export function serialiseScore(score: CompanyScore): {icpJson: string; signalsJson: string; fingerprint: string} {
	const rows = scoreRowsWithoutFingerprint(score);
	const icpBody = JSON.stringify(rows.icp);
	const signalsJson = JSON.stringify(rows.signals);
	const fingerprint = createHash('sha1').update(icpBody).update(signalsJson).digest('hex');
	return {icpJson: `${icpBody.slice(0, -1)},"score_fingerprint":"${fingerprint}"}`, signalsJson, fingerprint};
}

function scoreRowsWithoutFingerprint(score: CompanyScore): {icp: Omit<IcpRow, 'score_fingerprint'>; signals: SignalRow} {
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

type Scored = {score: CompanyScore; previous: PreviousScore | undefined | null};

/** Writes the scores whose fingerprint changed, in one transaction; returns the changes. */
async function storeScores(sql: Sql, scored: readonly Scored[]): Promise<ScoreChange[]> {
	const icpRows: string[] = [];
	const signalRows: string[] = [];
	const clearSignals: string[] = [];
	const changes: ScoreChange[] = [];
	for (const {score, previous} of scored) {
		const rows = serialiseScore(score);
		if (rows.fingerprint !== previous?.score_fingerprint) {
			icpRows.push(rows.icpJson);
			// A legacy-banded company with nothing detected has no signal row (it was not
			// signal-scored); one left from an earlier scoring is removed.
			if (score.priority.modelVersion === LEGACY_MODEL_VERSION && score.signals.signals.length === 0) {
				if (previous) clearSignals.push(score.domain);
			} else {
				signalRows.push(rows.signalsJson);
			}
		}
		changes.push({
			domain: score.domain,
			previousStatus: previous?.priority_status ?? null,
			previousScore: previous?.priority_score ?? null,
			previousModelVersion: previous?.model_version ?? null,
			newStatus: score.priority.status,
			newScore: score.priority.score,
			modelVersion: score.priority.modelVersion,
			leadScore: score.lead.total,
			changed: previous?.priority_status !== score.priority.status || previous?.priority_score !== score.priority.score,
		});
	}
	if (icpRows.length > 0) {
		await sql.begin(async (tx) => {
			await upsertIcpRows(tx as unknown as Sql, icpRows);
			await upsertSignalRows(tx as unknown as Sql, signalRows);
			await deleteSignalRows(tx as unknown as Sql, clearSignals);
		});
	}
	return changes;
}

/** Scores and stores one chunk of companies from their whole intel. */
async function scoreChunk(sql: Sql, domains: readonly string[], now: Date): Promise<ScoreChange[]> {
	const [bundles, previous] = await Promise.all([loadIntelBundles(sql, domains), previousScores(sql, domains)]);
	const scored: Scored[] = [];
	for (const domain of domains) {
		const bundle = bundles.get(domain);
		if (bundle) scored.push({score: scoreCompany(bundle, now), previous: previous.get(domain)});
	}
	return storeScores(sql, scored);
}

/** The intel of a lead-only company, rebuilt from its lead-score inputs (legacy rows, no URLs). */
export function leadOnlyBundle(input: LeadOnlyInput): IntelBundle {
	const bundle = emptyIntel(bareCompany(input.domain, {vertical: input.vertical}));
	const legacy = {dataSource: 'legacy_import', retrievedAt: null, sourceUrl: null};
	if (input.monthly_visits !== null) {
		bundle.traffic = {monthlyVisits: input.monthly_visits, avgVisitDurationSeconds: null, pagesPerVisit: null, bounceRate: null, mobileShare: null, momChange: null, yoyChange: null, trendDirection: null, rankGlobal: null, dataMonth: null, ...legacy};
	}
	if (input.tech_spend !== null) {
		bundle.searchProvider = {currentProvider: null, providerType: null, isAlgolia: false, displacementPriority: null, techSpendEstimate: input.tech_spend, techSpendSource: null, ...legacy};
	}
	bundle.technologies = input.technologies.map((technologyName) => ({technologyName, category: null, isPartnerTech: true, partnerTier: null, isCompetitorSearch: false, competitorName: null, firstDetected: null, lastDetected: null, change: null, ...legacy}));
	return bundle;
}

/**
 * Recomputes and stores the scores of the named companies (or all of them) and returns,
 * per company, the previous and the new status and score. An unknown domain is a
 * NotFoundError (nothing is written). Only scores that changed are rewritten.
 *
 * With `all`, one set-based read splits the companies: those whose intel cannot yield a
 * signal (legacy rows only; see db/scoring.ts `scoringInputs`) are scored from their
 * lead-score inputs alone, the rest from their whole intel, in chunks.
 */
export async function scoreDomains(sql: Sql, selection: {domains?: string[]; all?: boolean}, options: {now?: Date; wholeIntel?: boolean} = {}): Promise<ScoreChange[]> {
	const now = options.now ?? new Date();
	const changes: ScoreChange[] = [];
	let domains: string[];
	if (selection.all) {
		if (options.wholeIntel) {
			domains = await allCompanyDomains(sql);
		} else {
			const {full, leadOnly} = await scoringInputs(sql);
			for (let start = 0; start < leadOnly.length; start += LEAD_ONLY_CHUNK) {
				const scored = leadOnly.slice(start, start + LEAD_ONLY_CHUNK).map((input) => ({score: scoreCompany(leadOnlyBundle(input), now), previous: input.previous}));
				changes.push(...(await storeScores(sql, scored)));
			}
			domains = full;
		}
	} else {
		domains = [...new Set(selection.domains ?? [])];
		if (domains.length === 0) throw new UsageError('no company to score', 'name one or more domains, or use --all');
		const existing = await existingDomains(sql, domains);
		const missing = domains.filter((domain) => !existing.has(domain));
		if (missing.length > 0) {
			throw new NotFoundError(`no company ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''} in the database`, 'check the spelling, or add it with `pf enrich <domain>`');
		}
	}
	for (let start = 0; start < domains.length; start += CHUNK) {
		changes.push(...(await scoreChunk(sql, domains.slice(start, start + CHUNK), now)));
	}
	return changes;
}

/** Scores loaded companies and stores the changed scores (one write per table). */
export async function storeScoresOf(sql: Sql, bundles: readonly IntelBundle[], now: Date = new Date()): Promise<CompanyScore[]> {
	const previous = await previousScores(sql, bundles.map((bundle) => bundle.domain));
	const scored = bundles.map((bundle) => ({score: scoreCompany(bundle, now), previous: previous.get(bundle.domain)}));
	await storeScores(sql, scored);
	return scored.map((entry) => entry.score);
}

/** Scores one loaded company and stores it (the enrichment pipeline's icp/signals steps, and briefs). */
export async function storeScore(sql: Sql, bundle: IntelBundle, now: Date = new Date()): Promise<CompanyScore> {
	const score = scoreCompany(bundle, now);
	await storeScores(sql, [{score, previous: (await previousScores(sql, [bundle.domain])).get(bundle.domain)}]);
	return score;
}
