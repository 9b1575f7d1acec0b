/**
 * `pf score`: recompute and store the scores of some companies or all of them, and say
 * what changed. Set-based: intel is read with one query per table for a chunk of
 * companies, scored by the pure functions of domain/scoring, and written back with one
 * upsert per table per chunk.
 */
import type {Sql} from '../db/client.js';
import {allCompanyDomains, existingDomains, loadIntelBundles} from '../db/intel.js';
import {createHash} from 'node:crypto';
import {CopyText, previousScores, scoringInputs, writeOneScore, writeScoreBatch, type IcpRow, type LeadOnlyInput, type PreviousScore, type SignalRow} from '../db/scoring.js';
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
 * One score as the JSON text of its two rows. The text is built directly (no row objects
 * in between: a rescore of 100,000 companies serialises every one of them to compare its
 * fingerprint) and is byte for byte what JSON.stringify gives for the rows with the keys in
 * column order, so fingerprints stored by earlier versions still match
 * (test/scoring/score-db.test.ts checks the equivalence).
 */
type ScoreText = {
	score: CompanyScore;
	/** JSON of the jsonb columns (each also inside the row JSON). */
	breakdown: string;
	active: string;
	types: string;
	products: string;
	byCategory: Record<SignalCategory, string>;
	quality: string;
	/** The ICP row without the fingerprint, and the signal row, as JSON. */
	icpBody: string;
	signalsJson: string;
	fingerprint: string;
};

const json = JSON.stringify;
/** A number as JSON (JSON.stringify(n): non-finite → null). */
const number = (value: number) => (Number.isFinite(value) ? String(value) : 'null');

function scoreText(score: CompanyScore): ScoreText {
	const texts: string[] = [];
	const active: string[] = [];
	const activeTypes: string[] = [];
	const parts: Record<SignalCategory, string[]> = {budget: [], pain: [], timing: [], negative: []};
	for (const signal of score.signals.signals) {
		const text = json(signalJson(signal));
		texts.push(text);
		parts[signal.category]?.push(text);
		if (signal.excluded === null) {
			active.push(text);
			if (!activeTypes.includes(signal.type)) activeTypes.push(signal.type);
		}
	}
	const byCategory = {budget: `[${parts.budget.join(',')}]`, pain: `[${parts.pain.join(',')}]`, timing: `[${parts.timing.join(',')}]`, negative: `[${parts.negative.join(',')}]`};
	const breakdown = json({...score.lead.breakdown, reasons: score.lead.reasons});
	const activeJson = `[${active.join(',')}]`;
	const types = json(activeTypes);
	const products = json(score.products);
	const quality = json(score.signals.quality);
	const domain = json(score.domain);
	const model = json(score.priority.modelVersion);
	const totals = score.signals.totals;
	const present = score.signals.present;
	const icpBody =
		`{"domain":${domain},"icp_tier":${number(score.lead.tier)},"icp_tier_name":${json(score.lead.tierName)},"icp_tier_description":${json(score.tierDescription)}` +
		`,"icp_confidence":${number(score.confidence)},"lead_score_total":${number(score.lead.total)},"lead_score_breakdown":${breakdown}` +
		`,"signal_score_total":${number(score.signals.adjusted)},"signal_score_active":${activeJson},"signal_types":${types}` +
		`,"priority_score":${number(score.priority.score)},"priority_status":${json(score.priority.status)},"priority_reasoning":${json(score.priority.reasoning)}` +
		`,"algolia_product_mapping":${products},"model_version":${model}}`;
	const signalsJson =
		`{"domain":${domain},"budget_signals":${byCategory.budget},"budget_total":${number(totals.budget)},"has_budget_signal":${present.budget}` +
		`,"pain_signals":${byCategory.pain},"pain_total":${number(totals.pain)},"has_pain_signal":${present.pain}` +
		`,"timing_signals":${byCategory.timing},"timing_total":${number(totals.timing)},"has_timing_signal":${present.timing}` +
		`,"negative_signals":${byCategory.negative},"negative_total":${number(totals.negative)}` +
		`,"raw_signal_score":${number(score.signals.raw)},"adjusted_signal_score":${number(score.signals.adjusted)},"signal_quality":${quality},"model_version":${model}}`;
	const fingerprint = createHash('sha1').update(icpBody).update(signalsJson).digest('hex');
	return {score, breakdown, active: activeJson, types, products, byCategory, quality, icpBody, signalsJson, fingerprint};
}

/**
 * The two rows as JSON text (each serialised once: the text is both fingerprinted and
 * sent), with the fingerprint inside the ICP row.
 */
export function serialiseScore(score: CompanyScore): {icpJson: string; signalsJson: string; fingerprint: string} {
	const text = scoreText(score);
	return {icpJson: `${text.icpBody.slice(0, -1)},"score_fingerprint":"${text.fingerprint}"}`, signalsJson: text.signalsJson, fingerprint: text.fingerprint};
}

// --- COPY text (the write path) ----------------------------------------------------------

const copySpecial = /[\\\n\r\t]/;
const copyEscapes: Record<string, string> = {'\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t'};
/** A value as the text PostgreSQL reads for it (null: NULL; the staging columns are text). */
function plain(value: string | number | boolean | null | undefined): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value === 'boolean') return value ? 't' : 'f';
	return value;
}

/** A field as COPY's text format writes it. */
function copyField(value: string | null): string {
	if (value === null) return '\\N';
	return copySpecial.test(value) ? value.replace(/[\\\n\r\t]/g, (char) => copyEscapes[char]!) : value;
}

/** The ICP row's fields, in the staging order (source/db/scoring.ts ICP_STAGE). */
function icpFields(text: ScoreText): Array<string | null> {
	const {score} = text;
	return [
		plain(score.domain), plain(score.lead.tier), plain(score.lead.tierName), plain(score.tierDescription), plain(score.confidence),
		plain(score.lead.total), text.breakdown, plain(score.signals.adjusted), text.active, text.types,
		plain(score.priority.score), plain(score.priority.status), plain(score.priority.reasoning), text.products,
		plain(score.priority.modelVersion), text.fingerprint,
	];
}

/** The signal row's fields, in the staging order (source/db/scoring.ts SIGNAL_STAGE). */
function signalFields(text: ScoreText): Array<string | null> {
	const {score} = text;
	const {totals, present} = score.signals;
	return [
		plain(score.domain), text.byCategory.budget, plain(totals.budget), plain(present.budget), text.byCategory.pain,
		plain(totals.pain), plain(present.pain), text.byCategory.timing, plain(totals.timing), plain(present.timing),
		text.byCategory.negative, plain(totals.negative), plain(score.signals.raw), plain(score.signals.adjusted),
		text.quality, plain(score.priority.modelVersion),
	];
}

/** A row as one line of COPY text. */
const copyLine = (fields: ReadonlyArray<string | null>) => fields.map(copyField).join('\t') + '\n';

/** A legacy-banded company with nothing detected has no signal row (it was not signal-scored). */
const withoutSignalRow = (score: CompanyScore) => score.priority.modelVersion === LEGACY_MODEL_VERSION && score.signals.signals.length === 0;

type Scored = {score: CompanyScore; previous: PreviousScore | undefined | null};

/** A chunk's rows to write (COPY text; empty when nothing changed) and its changes. */
type Batch = {icp: CopyText; signals: CopyText; clear: string[]; changes: ScoreChange[]};

function changeOf({score, previous}: Scored): ScoreChange {
	return {
		domain: score.domain,
		previousStatus: previous?.priority_status ?? null,
		previousScore: previous?.priority_score ?? null,
		previousModelVersion: previous?.model_version ?? null,
		newStatus: score.priority.status,
		newScore: score.priority.score,
		modelVersion: score.priority.modelVersion,
		leadScore: score.lead.total,
		changed: previous?.priority_status !== score.priority.status || previous?.priority_score !== score.priority.score,
	};
}

/** Collects scored companies into a batch: only scores whose fingerprint changed become rows. */
class BatchBuilder {
	private icp = new CopyText();
	private signals = new CopyText();
	private clear: string[] = [];
	private changes: ScoreChange[] = [];

	add(entry: Scored): void {
		const {score, previous} = entry;
		const text = scoreText(score);
		if (text.fingerprint !== previous?.score_fingerprint) {
			this.icp.add(copyLine(icpFields(text)));
			// A signal row left from an earlier scoring is removed.
			if (withoutSignalRow(score)) {
				if (previous) this.clear.push(score.domain);
			} else {
				this.signals.add(copyLine(signalFields(text)));
			}
		}
		this.changes.push(changeOf(entry));
	}

	take(): Batch {
		const batch = {icp: this.icp, signals: this.signals, clear: this.clear, changes: this.changes};
		this.icp = new CopyText();
		this.signals = new CopyText();
		this.clear = [];
		this.changes = [];
		return batch;
	}
}

/** Writes the scores whose fingerprint changed, in one transaction; returns the changes. */
async function storeScores(sql: Sql, scored: readonly Scored[]): Promise<ScoreChange[]> {
	const builder = new BatchBuilder();
	for (const entry of scored) builder.add(entry);
	const batch = builder.take();
	await writeScoreBatch(sql, batch);
	return batch.changes;
}

/** Lets pending I/O (the previous chunk's write) make progress during a long computation. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Companies scored between two yields. */
const SLICE = 250;
/** Chunk writes in flight at once. */
const WRITERS = 2;

/**
 * Writes batches while the caller computes the next ones: up to WRITERS transactions in
 * flight on their own connections (each chunk's domains are distinct, so they never wait
 * on each other), so the server stores chunks N-1 and N on two cores while JavaScript
 * scores chunk N+1. A first run is bound by the server (indexes, audit rows).
 */
class WriteQueue {
	private readonly pending = new Set<Promise<void>>();
	private failure: unknown;
	constructor(private readonly sql: Sql) {}

	async push(batch: Batch): Promise<void> {
		if (batch.icp.empty && batch.signals.empty && batch.clear.length === 0) return;
		while (this.pending.size >= WRITERS) await Promise.race(this.pending);
		this.check();
		const write: Promise<void> = writeScoreBatch(this.sql, batch).then(
			() => void this.pending.delete(write),
			(error: unknown) => {
				this.pending.delete(write);
				this.failure ??= error;
			},
		);
		this.pending.add(write);
	}

	async drain(): Promise<void> {
		await Promise.all(this.pending);
		this.check();
	}

	private check(): void {
		if (this.failure !== undefined) throw this.failure;
	}
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
 * lead-score inputs alone, the rest from their whole intel, in chunks. Reads, scoring and
 * writes overlap: the next chunk's intel is read and scored while the previous one is
 * written (one transaction per chunk).
 */
export async function scoreDomains(sql: Sql, selection: {domains?: string[]; all?: boolean}, options: {now?: Date; wholeIntel?: boolean} = {}): Promise<ScoreChange[]> {
	const now = options.now ?? new Date();
	const changes: ScoreChange[] = [];
	const writes = new WriteQueue(sql);
	const builder = new BatchBuilder();
	const flush = async () => {
		const batch = builder.take();
		for (const change of batch.changes) changes.push(change);
		await writes.push(batch);
	};
	const read = (list: readonly string[], start: number) => {
		const chunk = list.slice(start, start + CHUNK);
		const reading = Promise.all([loadIntelBundles(sql, chunk), previousScores(sql, chunk)] as const).then(([bundles, previous]) => ({chunk, bundles, previous}));
		reading.catch(() => {}); // awaited below; not unhandled while the previous chunk is scored
		return reading;
	};
	let next: ReturnType<typeof read> | undefined;
	let domains: string[];
	if (selection.all) {
		if (options.wholeIntel) {
			domains = await allCompanyDomains(sql);
		} else {
			const {full, leadOnly} = await scoringInputs(sql);
			domains = full;
			// The first chunk of whole intel is read while the lead-only companies are scored.
			next = domains.length > 0 ? read(domains, 0) : undefined;
			for (let index = 0; index < leadOnly.length; index++) {
				const input = leadOnly[index]!;
				builder.add({score: scoreCompany(leadOnlyBundle(input), now), previous: input.previous});
				leadOnly[index] = undefined as unknown as LeadOnlyInput; // done with it: let it be collected
				if ((index + 1) % LEAD_ONLY_CHUNK === 0) await flush();
				else if ((index + 1) % SLICE === 0) await yieldToIo();
			}
			await flush();
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
	next ??= domains.length > 0 ? read(domains, 0) : undefined;
	for (let start = 0; next; start += CHUNK) {
		const {chunk, bundles, previous} = await next;
		// The next chunk is read while this one is scored and the previous one written.
		next = start + CHUNK < domains.length ? read(domains, start + CHUNK) : undefined;
		for (let index = 0; index < chunk.length; index++) {
			const bundle = bundles.get(chunk[index]!);
			if (bundle) builder.add({score: scoreCompany(bundle, now), previous: previous.get(bundle.domain)});
			if ((index + 1) % SLICE === 0) await yieldToIo();
		}
		await flush();
	}
	await writes.drain();
	return changes;
}

/** Scores loaded companies and stores the changed scores (one write per table). */
export async function storeScoresOf(sql: Sql, bundles: readonly IntelBundle[], now: Date = new Date()): Promise<CompanyScore[]> {
	const previous = await previousScores(sql, bundles.map((bundle) => bundle.domain));
	const scored = bundles.map((bundle) => ({score: scoreCompany(bundle, now), previous: previous.get(bundle.domain)}));
	await storeScores(sql, scored);
	return scored.map((entry) => entry.score);
}

/**
 * Stores one computed score against the stored one (`previous`, read beforehand): written
 * only if it changed, in one statement (writeOneScore).
 */
export async function storeComputedScore(sql: Sql, score: CompanyScore, previous: PreviousScore | undefined | null): Promise<void> {
	const text = scoreText(score);
	if (text.fingerprint !== previous?.score_fingerprint) await writeScoreText(sql, text, Boolean(previous));
}

/**
 * Scores one loaded company and stores it (the enrichment pipeline's icp/signals steps):
 * one statement, without reading the stored score first — the upsert itself skips an
 * unchanged fingerprint, and removing a signal row that is not there removes nothing.
 */
export async function storeScore(sql: Sql, bundle: IntelBundle, now: Date = new Date(), score: CompanyScore = scoreCompany(bundle, now)): Promise<CompanyScore> {
	await writeScoreText(sql, scoreText(score), true);
	return score;
}

/** One score's rows; `stored`: a signal row from an earlier scoring may exist (removed when the score has none). */
async function writeScoreText(sql: Sql, text: ScoreText, stored: boolean): Promise<void> {
	const noSignals = withoutSignalRow(text.score);
	await writeOneScore(sql, {icp: icpFields(text), signals: noSignals ? null : signalFields(text), clearSignals: noSignals && stored});
}
