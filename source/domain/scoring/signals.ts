/**
 * The signal catalogue of ../shared/docs/domain.md with time decay and per-category
 * caps. A signal carries evidence text, a source URL and a detection date; a signal
 * without a source is kept (the brief shows it as unsourced) but scores nothing.
 */

export type SignalCategory = 'budget' | 'pain' | 'timing' | 'negative';

export type SignalType =
	| 'hiring_search_ecommerce'
	| 'hiring_digital_leadership'
	| 'revenue_growing'
	| 'margin_green'
	| 'public_company'
	| 'search_vendor_removed'
	| 'competitor_search_product'
	| 'native_search'
	| 'exec_quote_search'
	| 'exec_quote_digital'
	| 'high_bounce_rate'
	| 'new_technology_executive'
	| 'platform_migration'
	| 'competitor_uses_algolia'
	| 'ecommerce_growing'
	| 'digital_initiative'
	| 'layoffs'
	| 'revenue_declining'
	| 'margin_red'
	| 'competitor_search_added'
	| 'recent_search_implementation'
	| 'algolia_customer';

export type SignalDefinition = {
	category: SignalCategory;
	points: number;
	/** Decay window in days; null = a current-state fact that does not decay while it is stored. */
	windowDays: number | null;
	label: string;
};

/** Decay windows of the spec: 30 d vendor removed, 60 d hiring/migration, 90 d people/words/initiatives/layoffs, 120 d financials. */
export const DECAY_WINDOWS = {vendorRemoved: 30, hiring: 60, migration: 60, executive: 90, quotes: 90, initiatives: 90, layoffs: 90, financial: 120} as const;

export const SIGNAL_CATALOGUE: Readonly<Record<SignalType, SignalDefinition>> = {
	hiring_search_ecommerce: {category: 'budget', points: 25, windowDays: DECAY_WINDOWS.hiring, label: 'hiring search/e-commerce roles'},
	hiring_digital_leadership: {category: 'budget', points: 20, windowDays: DECAY_WINDOWS.hiring, label: 'hiring digital leadership'},
	revenue_growing: {category: 'budget', points: 15, windowDays: DECAY_WINDOWS.financial, label: 'revenue growing >10% YoY'},
	margin_green: {category: 'budget', points: 10, windowDays: DECAY_WINDOWS.financial, label: 'margin GREEN'},
	public_company: {category: 'budget', points: 10, windowDays: DECAY_WINDOWS.financial, label: 'public company'},
	search_vendor_removed: {category: 'pain', points: 30, windowDays: DECAY_WINDOWS.vendorRemoved, label: 'search vendor removed'},
	competitor_search_product: {category: 'pain', points: 15, windowDays: null, label: 'on a competitor search product'},
	native_search: {category: 'pain', points: 10, windowDays: null, label: 'on native/platform search'},
	exec_quote_search: {category: 'pain', points: 20, windowDays: DECAY_WINDOWS.quotes, label: 'executive quote about search'},
	exec_quote_digital: {category: 'pain', points: 15, windowDays: DECAY_WINDOWS.quotes, label: 'executive quote about digital'},
	high_bounce_rate: {category: 'pain', points: 10, windowDays: null, label: 'high bounce rate (>50%)'},
	new_technology_executive: {category: 'timing', points: 25, windowDays: DECAY_WINDOWS.executive, label: 'new CTO/CDO/CIO (<18 mo)'},
	platform_migration: {category: 'timing', points: 20, windowDays: DECAY_WINDOWS.migration, label: 'platform migration'},
	competitor_uses_algolia: {category: 'timing', points: 15, windowDays: null, label: 'competitor uses Algolia'},
	ecommerce_growing: {category: 'timing', points: 15, windowDays: DECAY_WINDOWS.financial, label: 'e-commerce growing >20%'},
	digital_initiative: {category: 'timing', points: 20, windowDays: DECAY_WINDOWS.initiatives, label: 'digital transformation initiative'},
	layoffs: {category: 'negative', points: -20, windowDays: DECAY_WINDOWS.layoffs, label: 'layoffs'},
	revenue_declining: {category: 'negative', points: -15, windowDays: DECAY_WINDOWS.financial, label: 'revenue declining'},
	margin_red: {category: 'negative', points: -10, windowDays: DECAY_WINDOWS.financial, label: 'margin RED'},
	competitor_search_added: {category: 'negative', points: -30, windowDays: DECAY_WINDOWS.migration, label: 'added a competitor search product'},
	recent_search_implementation: {category: 'negative', points: -40, windowDays: null, label: 'search implemented <12 mo ago'},
	algolia_customer: {category: 'negative', points: -100, windowDays: null, label: 'already an Algolia customer'},
};

/** Each positive category is capped at this many points. */
export const CATEGORY_CAP = 60;

/** A signal as detected, before scoring. */
export type DetectedSignal = {
	type: SignalType;
	/** What the data says, in words. */
	evidence: string;
	/** Where it says so; null = unsourced (not scored). */
	sourceUrl: string | null;
	/** When the event happened or the fact was detected (ISO date); the decay runs from here. */
	detectedAt: string | null;
	/** The intel row's data_source ('legacy_import', 'builtwith', …). */
	dataSource: string | null;
	/** When that row was read from its source (ISO timestamp). */
	retrievedAt?: string | null;
};

export type ScoredSignal = DetectedSignal & {
	category: SignalCategory;
	label: string;
	basePoints: number;
	/** Points after decay (two decimals); 0 for unsourced signals. */
	points: number;
	ageDays: number | null;
	windowDays: number | null;
	/** Why a signal scores nothing: 'unsourced', 'expired', 'undated'. */
	excluded: 'unsourced' | 'expired' | 'undated' | null;
};

const dayMs = 86_400_000;

/** effective = base × max(0, 1 − age / window); a signal with no window keeps its base points. */
export function decayedPoints(basePoints: number, ageDays: number, windowDays: number | null): number {
	if (windowDays === null) return basePoints;
	return basePoints * Math.max(0, 1 - ageDays / windowDays);
}

export function scoreSignal(signal: DetectedSignal, now: Date): ScoredSignal {
	const definition = SIGNAL_CATALOGUE[signal.type];
	const detected = signal.detectedAt ? Date.parse(signal.detectedAt) : Number.NaN;
	const ageDays = Number.isNaN(detected) ? null : Math.max(0, Math.floor((now.getTime() - detected) / dayMs));
	let points = 0;
	let excluded: ScoredSignal['excluded'];
	if (!signal.sourceUrl) {
		excluded = 'unsourced';
	} else if (ageDays === null && definition.windowDays !== null) {
		// A decaying signal needs a date to decay from; a state fact without one still counts.
		excluded = 'undated';
	} else {
		points = Math.round(decayedPoints(definition.points, ageDays ?? 0, definition.windowDays) * 100) / 100;
		excluded = points === 0 ? 'expired' : null;
	}
	return {
		type: signal.type,
		evidence: signal.evidence,
		sourceUrl: signal.sourceUrl,
		detectedAt: signal.detectedAt,
		dataSource: signal.dataSource,
		retrievedAt: signal.retrievedAt ?? null,
		category: definition.category,
		label: definition.label,
		basePoints: definition.points,
		points,
		ageDays,
		windowDays: definition.windowDays,
		excluded,
	};
}

export type SignalScore = {
	signals: ScoredSignal[];
	totals: Record<SignalCategory, number>;
	present: Record<Exclude<SignalCategory, 'negative'>, boolean>;
	/** Sum of the categories after caps, before the floor at 0. */
	raw: number;
	/** max(0, budget + pain + timing + negative). */
	adjusted: number;
	/** How many signals counted, and how many were left out and why. */
	quality: {scored: number; unsourced: number; expired: number; undated: number; legacyUnsourced: number};
};

/**
 * Scores detected signals: decay, then one instance per signal type (the strongest —
 * five quotes about search are one "executive quote about search" signal), positive
 * categories capped at 60, negatives uncapped, adjusted = max(0, sum).
 */
export function scoreSignals(detected: readonly DetectedSignal[], now: Date): SignalScore {
	const scored = detected.map((signal) => scoreSignal(signal, now));
	const strongest = new Map<SignalType, ScoredSignal>();
	for (const signal of scored) {
		const current = strongest.get(signal.type);
		if (!current || Math.abs(signal.points) > Math.abs(current.points)) strongest.set(signal.type, signal);
	}
	const sums: Record<SignalCategory, number> = {budget: 0, pain: 0, timing: 0, negative: 0};
	for (const signal of strongest.values()) sums[signal.category] += signal.points;
	const totals: Record<SignalCategory, number> = {
		budget: Math.round(Math.min(CATEGORY_CAP, sums.budget)),
		pain: Math.round(Math.min(CATEGORY_CAP, sums.pain)),
		timing: Math.round(Math.min(CATEGORY_CAP, sums.timing)),
		negative: Math.round(sums.negative),
	};
	const raw = totals.budget + totals.pain + totals.timing + totals.negative;
	const counted = new Set([...strongest.values()]);
	return {
		// Counted signals first (strongest first), then the ones that did not count.
		signals: [...scored].sort((a, b) => Number(counted.has(b)) - Number(counted.has(a)) || Math.abs(b.points) - Math.abs(a.points)),
		totals,
		present: {budget: sums.budget > 0, pain: sums.pain > 0, timing: sums.timing > 0},
		raw,
		adjusted: Math.max(0, raw),
		quality: {
			scored: scored.filter((s) => s.excluded === null).length,
			unsourced: scored.filter((s) => s.excluded === 'unsourced').length,
			expired: scored.filter((s) => s.excluded === 'expired').length,
			undated: scored.filter((s) => s.excluded === 'undated').length,
			legacyUnsourced: scored.filter((s) => s.excluded === 'unsourced' && s.dataSource === 'legacy_import').length,
		},
	};
}
