import {describe, expect, it} from 'vitest';
import {addressableSearchRevenue, legacyPriority, LEGACY_MODEL_VERSION, marginZone, priorityScore, roiScenarios, SCORING_MODEL_VERSION, signalPriority} from '../../source/domain/scoring/priority.js';

const all = {budget: true, pain: true, timing: true};
const none = {budget: false, pain: false, timing: false};

describe('priority = round(0.4 × lead + 0.6 × min(adjusted, 100))', () => {
	it.each([
		[85, 0, 34],
		[85, 60, 70],
		[100, 100, 100],
		[100, 250, 100],
		[50, 50, 50],
		[0, 0, 0],
		[61, 41, 49], // 24.4 + 24.6 = 49
		[63, 41, 50], // 25.2 + 24.6 = 49.8 → 50
	])('lead %i, signals %i → %i', (lead, adjusted, expected) => {
		expect(priorityScore(lead, adjusted)).toBe(expected);
	});
});

describe('bands', () => {
	it.each([
		[70, 'HOT'], [69, 'WARM'], [50, 'WARM'], [49, 'COOL'], [30, 'COOL'], [29, 'COLD'],
	])('priority %i → %s (with budget, pain and timing)', (score, status) => {
		// lead 0: priority = round(0.6 × adjusted); pick adjusted to land exactly on the edge.
		const adjusted = [...Array(101).keys()].find((a) => priorityScore(100, a) === score) ?? [...Array(101).keys()].find((a) => priorityScore(0, a) === score)!;
		const lead = priorityScore(100, adjusted) === score ? 100 : 0;
		const priority = signalPriority(lead, {adjusted, present: all}, false);
		expect(priority.score).toBe(score);
		expect(priority.status).toBe(status);
		expect(priority.modelVersion).toBe(SCORING_MODEL_VERSION);
	});
	it('HOT needs two of budget/pain/timing: one category alone stays WARM', () => {
		const one = signalPriority(100, {adjusted: 100, present: {budget: true, pain: false, timing: false}}, false);
		expect(one.score).toBe(100);
		expect(one.status).toBe('WARM');
		expect(one.reasoning).toContain('HOT needs two');
		expect(signalPriority(100, {adjusted: 100, present: {budget: false, pain: true, timing: true}}, false).status).toBe('HOT');
		expect(signalPriority(100, {adjusted: 100, present: none}, false).status).toBe('WARM');
	});
	it('an existing customer is always COLD', () => {
		const priority = signalPriority(100, {adjusted: 100, present: all}, true);
		expect(priority.score).toBe(100);
		expect(priority.status).toBe('COLD');
		expect(legacyPriority(95, true).status).toBe('COLD');
	});
});

describe('legacy bands (no sourced signals, never enriched)', () => {
	it.each([
		[80, 'HOT'], [79, 'WARM'], [60, 'WARM'], [59, 'COOL'], [40, 'COOL'], [39, 'COLD'], [0, 'COLD'],
	])('lead %i → %s', (lead, status) => {
		const priority = legacyPriority(lead, false);
		expect(priority).toMatchObject({score: lead, status, modelVersion: LEGACY_MODEL_VERSION});
		expect(priority.reasoning).toContain('legacy bands');
	});
});

describe('margin zone, addressable search revenue, ROI', () => {
	it.each([
		[-0.05, 'RED'], [0.1, 'RED'], [0.1001, 'YELLOW'], [0.2, 'YELLOW'], [0.2001, 'GREEN'], [0.5, 'GREEN'], [null, null],
	])('EBITDA margin %s → %s', (margin, zone) => {
		expect(marginZone(margin)).toBe(zone);
	});
	it('addressable search revenue is 15% of e-commerce revenue, with 5/10/15% lift scenarios', () => {
		expect(addressableSearchRevenue(800_000_000)).toBe(120_000_000);
		expect(addressableSearchRevenue(null)).toBeNull();
		expect(roiScenarios(120_000_000).map((scenario) => scenario.additionalRevenue)).toEqual([6_000_000, 12_000_000, 18_000_000]);
		expect(roiScenarios(null)).toEqual([]);
	});
});
