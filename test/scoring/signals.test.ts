import {describe, expect, it} from 'vitest';
import {CATEGORY_CAP, decayedPoints, scoreSignal, scoreSignals, SIGNAL_CATALOGUE, type DetectedSignal, type SignalType} from '../../source/domain/scoring/signals.js';

const now = new Date('2026-06-01T00:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
const signal = (type: SignalType, days: number | null = 0, url: string | null = 'https://example.com/evidence'): DetectedSignal => ({
	type,
	evidence: `${type} evidence`,
	sourceUrl: url,
	detectedAt: days === null ? null : ago(days),
	dataSource: 'websearch',
});

describe('signal catalogue', () => {
	it('has the spec points per category', () => {
		const points = Object.fromEntries(Object.entries(SIGNAL_CATALOGUE).map(([type, definition]) => [type, definition.points]));
		expect(points).toMatchObject({
			hiring_search_ecommerce: 25, hiring_digital_leadership: 20, revenue_growing: 15, margin_green: 10, public_company: 10,
			search_vendor_removed: 30, competitor_search_product: 15, native_search: 10, exec_quote_search: 20, exec_quote_digital: 15, high_bounce_rate: 10,
			new_technology_executive: 25, platform_migration: 20, competitor_uses_algolia: 15, ecommerce_growing: 15, digital_initiative: 20,
			layoffs: -20, revenue_declining: -15, margin_red: -10, competitor_search_added: -30, recent_search_implementation: -40, algolia_customer: -100,
		});
	});
	it('has the spec decay windows', () => {
		expect(SIGNAL_CATALOGUE.search_vendor_removed.windowDays).toBe(30);
		expect(SIGNAL_CATALOGUE.hiring_search_ecommerce.windowDays).toBe(60);
		expect(SIGNAL_CATALOGUE.platform_migration.windowDays).toBe(60);
		expect(SIGNAL_CATALOGUE.new_technology_executive.windowDays).toBe(90);
		expect(SIGNAL_CATALOGUE.exec_quote_search.windowDays).toBe(90);
		expect(SIGNAL_CATALOGUE.digital_initiative.windowDays).toBe(90);
		expect(SIGNAL_CATALOGUE.layoffs.windowDays).toBe(90);
		expect(SIGNAL_CATALOGUE.revenue_growing.windowDays).toBe(120);
		expect(SIGNAL_CATALOGUE.margin_red.windowDays).toBe(120);
	});
});

describe('time decay: base × max(0, 1 − age / window)', () => {
	it.each([
		[30, 0, 30, 30],
		[30, 15, 30, 15],
		[30, 30, 30, 0],
		[30, 45, 30, 0],
		[25, 30, 60, 12.5],
		[25, 59, 60, 25 / 60],
		[20, 45, 90, 10],
		[15, 60, 120, 7.5],
		[-20, 45, 90, -10],
	])('%i pts, %i days old, %i-day window → %f', (base, age, window, expected) => {
		expect(decayedPoints(base, age, window)).toBeCloseTo(expected, 10);
	});
	it('a state signal (no window) keeps its points', () => {
		expect(decayedPoints(15, 400, null)).toBe(15);
		expect(scoreSignal(signal('competitor_uses_algolia', 400), now).points).toBe(15);
	});
	it('a vendor removal 15 days ago is worth half', () => {
		expect(scoreSignal(signal('search_vendor_removed', 15), now).points).toBe(15);
	});
	it('an expired signal scores 0 and says why', () => {
		const scored = scoreSignal(signal('search_vendor_removed', 31), now);
		expect(scored.points).toBe(0);
		expect(scored.excluded).toBe('expired');
	});
	it('a future date counts as today', () => {
		expect(scoreSignal({...signal('layoffs'), detectedAt: '2026-07-01'}, now).points).toBe(-20);
	});
});

describe('sources', () => {
	it('a signal without a source is kept but not scored', () => {
		const scored = scoreSignal(signal('hiring_search_ecommerce', 1, null), now);
		expect(scored.points).toBe(0);
		expect(scored.excluded).toBe('unsourced');
	});
	it('a decaying signal without a date is not scored', () => {
		expect(scoreSignal(signal('layoffs', null), now).excluded).toBe('undated');
	});
	it('counts legacy unsourced signals in the quality report', () => {
		const result = scoreSignals([{...signal('digital_initiative', 1, null), dataSource: 'legacy_import'}], now);
		expect(result.quality).toMatchObject({scored: 0, unsourced: 1, legacyUnsourced: 1});
		expect(result.adjusted).toBe(0);
	});
});

describe('categories, caps and the adjusted score', () => {
	it('caps each positive category at 60', () => {
		const result = scoreSignals(['hiring_search_ecommerce', 'hiring_digital_leadership', 'revenue_growing', 'margin_green', 'public_company'].map((type) => signal(type as SignalType)), now);
		expect(25 + 20 + 15 + 10 + 10).toBe(80);
		expect(result.totals.budget).toBe(CATEGORY_CAP);
	});
	it('does not cap negatives and floors the adjusted score at 0', () => {
		const result = scoreSignals([signal('search_vendor_removed'), signal('recent_search_implementation'), signal('competitor_search_added')], now);
		expect(result.totals.pain).toBe(30);
		expect(result.totals.negative).toBe(-70);
		expect(result.raw).toBe(-40);
		expect(result.adjusted).toBe(0);
	});
	it('counts one instance per signal type (the strongest)', () => {
		const result = scoreSignals([signal('exec_quote_search', 80), signal('exec_quote_search', 0), signal('exec_quote_search', 45)], now);
		expect(result.totals.pain).toBe(20);
	});
	it('adds categories: budget + pain + timing + negative', () => {
		const result = scoreSignals([signal('hiring_search_ecommerce'), signal('native_search'), signal('platform_migration'), signal('layoffs')], now);
		expect(result.totals).toEqual({budget: 25, pain: 10, timing: 20, negative: -20});
		expect(result.adjusted).toBe(35);
		expect(result.present).toEqual({budget: true, pain: true, timing: true});
	});
	it('an expired signal does not make its category present', () => {
		const result = scoreSignals([signal('platform_migration', 61)], now);
		expect(result.present.timing).toBe(false);
	});
});
