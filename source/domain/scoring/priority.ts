/**
 * Priority and its bands (../shared/docs/domain.md). Two models, each recorded as
 * `model_version` with the score:
 *
 * - SCORING_MODEL_VERSION: priority = round(0.4 × lead + 0.6 × min(adjusted, 100));
 *   HOT ≥ 70 with at least two of budget/pain/timing present, WARM ≥ 50, COOL ≥ 30.
 * - LEGACY_MODEL_VERSION ('legacy-icp'): a company with no sourced signals that was never
 *   enriched (only legacy or no intel) — priority = lead score with the legacy bands
 *   HOT ≥ 80, WARM ≥ 60, COOL ≥ 40.
 *
 * An existing Algolia customer is always COLD.
 */
import type {SignalScore} from './signals.js';

export const SCORING_MODEL_VERSION = 'pf-signals-1';
export const LEGACY_MODEL_VERSION = 'legacy-icp';

export type PriorityStatus = 'HOT' | 'WARM' | 'COOL' | 'COLD';
export const PRIORITY_STATUSES: readonly PriorityStatus[] = ['HOT', 'WARM', 'COOL', 'COLD'];

export const BANDS = {hot: 70, warm: 50, cool: 30} as const;
export const LEGACY_BANDS = {hot: 80, warm: 60, cool: 40} as const;

export type Priority = {
	score: number;
	status: PriorityStatus;
	modelVersion: string;
	reasoning: string;
};

export function priorityScore(leadScore: number, adjustedSignalScore: number): number {
	return Math.round(0.4 * leadScore + 0.6 * Math.min(adjustedSignalScore, 100));
}

function band(score: number, bands: {hot: number; warm: number; cool: number}): PriorityStatus {
	if (score >= bands.hot) return 'HOT';
	if (score >= bands.warm) return 'WARM';
	if (score >= bands.cool) return 'COOL';
	return 'COLD';
}

/** The full model: lead score plus decayed, capped signals. */
export function signalPriority(leadScore: number, signals: Pick<SignalScore, 'adjusted' | 'present'>, isCustomer: boolean): Priority {
	const score = priorityScore(leadScore, signals.adjusted);
	const present = (['budget', 'pain', 'timing'] as const).filter((category) => signals.present[category]);
	const formula = `priority ${score} = round(0.4 × lead ${leadScore} + 0.6 × signals ${Math.min(signals.adjusted, 100)})`;
	if (isCustomer) return {score, status: 'COLD', modelVersion: SCORING_MODEL_VERSION, reasoning: `${formula}; COLD: already an Algolia customer`};
	let status = band(score, BANDS);
	let why: string;
	if (status === 'HOT' && present.length < 2) {
		status = 'WARM';
		why = `WARM: ≥ ${BANDS.hot} but HOT needs two of budget/pain/timing (${present.length === 0 ? 'none' : `only ${present[0]}`} present)`;
	} else if (status === 'HOT') {
		why = `HOT: ≥ ${BANDS.hot} with ${present.join(', ')} present`;
	} else {
		const floor = status === 'WARM' ? `≥ ${BANDS.warm}` : status === 'COOL' ? `≥ ${BANDS.cool}` : `< ${BANDS.cool}`;
		why = `${status}: ${floor}${present.length ? ` (${present.join(', ')} present)` : ' (no budget, pain or timing signal)'}`;
	}
	return {score, status, modelVersion: SCORING_MODEL_VERSION, reasoning: `${formula}; ${why}`};
}

/** The legacy model for companies with no sourced signals that were never enriched. */
export function legacyPriority(leadScore: number, isCustomer: boolean): Priority {
	const base = `legacy bands: priority = lead score ${leadScore} (no sourced signals yet; enrich the company to score signals)`;
	if (isCustomer) return {score: leadScore, status: 'COLD', modelVersion: LEGACY_MODEL_VERSION, reasoning: `${base}; COLD: already an Algolia customer`};
	const status = band(leadScore, LEGACY_BANDS);
	const floor = status === 'HOT' ? `≥ ${LEGACY_BANDS.hot}` : status === 'WARM' ? `≥ ${LEGACY_BANDS.warm}` : status === 'COOL' ? `≥ ${LEGACY_BANDS.cool}` : `< ${LEGACY_BANDS.cool}`;
	return {score: leadScore, status, modelVersion: LEGACY_MODEL_VERSION, reasoning: `${base}; ${status}: ${floor}`};
}

/** Margin zone from the EBITDA margin (a fraction): RED ≤ 10%, YELLOW ≤ 20%, GREEN > 20%. */
export function marginZone(ebitdaMargin: number | null | undefined): 'RED' | 'YELLOW' | 'GREEN' | null {
	if (ebitdaMargin === null || ebitdaMargin === undefined || !Number.isFinite(ebitdaMargin)) return null;
	if (ebitdaMargin <= 0.1) return 'RED';
	if (ebitdaMargin <= 0.2) return 'YELLOW';
	return 'GREEN';
}

/** 15% of e-commerce revenue. */
export function addressableSearchRevenue(ecommerceRevenue: number | null | undefined): number | null {
	if (ecommerceRevenue === null || ecommerceRevenue === undefined || !Number.isFinite(ecommerceRevenue)) return null;
	return Math.round(ecommerceRevenue * 0.15);
}

export type RoiScenario = {lift: number; label: string; additionalRevenue: number};

/** ROI scenarios at 5/10/15% lift of the addressable search revenue. */
export function roiScenarios(addressable: number | null): RoiScenario[] {
	if (addressable === null) return [];
	return [
		{lift: 0.05, label: 'conservative (5% lift)'},
		{lift: 0.1, label: 'moderate (10% lift)'},
		{lift: 0.15, label: 'aggressive (15% lift)'},
	].map((scenario) => ({...scenario, additionalRevenue: Math.round(addressable * scenario.lift)}));
}
