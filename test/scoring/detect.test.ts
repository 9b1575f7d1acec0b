import {describe, expect, it} from 'vitest';
import {detectSignals, isEnriched, revenueGrowth, scoreCompany} from '../../source/domain/scoring/detect.js';
import {evidenceItems, isRealUrl} from '../../source/domain/scoring/evidence.js';
import {bundleOf, dateAgo, legacyOnly, northwind, NOW} from '../fixtures/scoring/intel.js';

const types = (bundle: Parameters<typeof detectSignals>[0]) => detectSignals(bundle, NOW).map((signal) => signal.type).sort();

describe('signal detection from stored intel', () => {
	it('finds every signal the Northwind intel supports, each with its source', () => {
		const signals = detectSignals(northwind(), NOW);
		expect(signals.map((signal) => signal.type).sort()).toEqual(
			[
				'competitor_search_product', // Coveo
				'competitor_uses_algolia', // fabrikam-outdoor.com
				'ecommerce_growing', // +25%
				'exec_quote_search', // "search is the weakest part"
				'hiring_search_ecommerce', // Director of Site Search
				'high_bounce_rate', // 56%
				'margin_green',
				'new_technology_executive', // Chief Digital Officer, 30 days
				'public_company', // NWO
				'revenue_growing', // 2.1B → 2.4B = +14.3%
			].sort(),
		);
		for (const signal of signals) expect(isRealUrl(signal.sourceUrl)).toBe(true);
	});

	it('scores Northwind HOT with the full model', () => {
		const score = scoreCompany(northwind(), NOW);
		expect(score.lead.total).toBe(40 + 25 + 15 + 10);
		expect(score.priority.modelVersion).toBe('pf-signals-1');
		expect(score.signals.present).toEqual({budget: true, pain: true, timing: true});
		expect(score.signals.totals.budget).toBeLessThanOrEqual(60);
		expect(score.priority.status).toBe('HOT');
		expect(score.products.map((fit) => fit.product)).toContain('Algolia Recommend');
	});

	it('a customer is COLD whatever its signals', () => {
		const bundle = northwind();
		bundle.customer = {isCustomer: true, source: 'manual', note: null};
		const score = scoreCompany(bundle, NOW);
		expect(score.isCustomer).toBe(true);
		expect(score.priority.status).toBe('COLD');
		expect(score.signals.totals.negative).toBe(-100);
	});

	it("an analyst's 'not a customer' override wins over detection", () => {
		const bundle = northwind();
		bundle.customer = {isCustomer: false, source: 'manual', note: 'checked'};
		expect(scoreCompany(bundle, NOW).isCustomer).toBe(false);
	});

	it('legacy-only intel keeps the legacy bands and scores no unsourced signal', () => {
		const bundle = legacyOnly();
		expect(isEnriched(bundle)).toBe(false);
		const score = scoreCompany(bundle, NOW);
		expect(score.lead.total).toBe(85);
		expect(score.priority).toMatchObject({score: 85, status: 'HOT', modelVersion: 'legacy-icp'});
		expect(score.signals.adjusted).toBe(0);
		expect(score.signals.quality.legacyUnsourced).toBeGreaterThan(0);
		expect(score.signals.signals.every((signal) => signal.excluded === 'unsourced')).toBe(true);
	});

	it('once enriched, a company with no signals is scored by the full model (0.4 × lead)', () => {
		const bundle = legacyOnly();
		bundle.traffic = {...bundle.traffic!, dataSource: 'similarweb', retrievedAt: NOW.toISOString(), sourceUrl: null};
		const score = scoreCompany(bundle, NOW);
		expect(score.priority.modelVersion).toBe('pf-signals-1');
		expect(score.priority.score).toBe(Math.round(0.4 * 85));
		expect(score.priority.status).toBe('COOL');
	});

	it('a company known only by name and vertical scores 5 + nothing', () => {
		const score = scoreCompany(bundleOf('plain.example', {vertical: 'Finance'}), NOW);
		expect(score.lead.total).toBe(15);
		expect(score.priority).toMatchObject({status: 'COLD', modelVersion: 'legacy-icp'});
	});

	it('reads technology changes: a removed search vendor, a new platform, a new competitor product', () => {
		const bundle = bundleOf('changes.example', {vertical: 'Shopping'});
		const src = {sourceUrl: 'https://builtwith.com/changes.example', dataSource: 'builtwith', retrievedAt: NOW.toISOString()};
		bundle.technologies = [
			{technologyName: 'Klevu', category: 'Site Search', isPartnerTech: false, partnerTier: null, isCompetitorSearch: true, competitorName: 'Klevu', firstDetected: '2020-01-01', lastDetected: dateAgo(10), change: 'removed', ...src},
			{technologyName: 'Shopify Plus', category: 'Ecommerce', isPartnerTech: true, partnerTier: 'premier', isCompetitorSearch: false, competitorName: null, firstDetected: dateAgo(20), lastDetected: dateAgo(1), change: null, ...src},
			{technologyName: 'Bloomreach', category: 'Site Search', isPartnerTech: false, partnerTier: null, isCompetitorSearch: true, competitorName: 'Bloomreach', firstDetected: dateAgo(5), lastDetected: dateAgo(1), change: null, ...src},
		];
		expect(types(bundle)).toEqual(['competitor_search_added', 'platform_migration', 'recent_search_implementation', 'search_vendor_removed']);
		const score = scoreCompany(bundle, NOW);
		expect(score.signals.totals.negative).toBeLessThan(-60);
	});

	it('reads trigger events in the shapes writers use', () => {
		const bundle = bundleOf('events.example');
		bundle.strategic = {
			strategicInitiatives: [{title: 'Digital transformation programme', source_url: 'https://news.example.com/a', date: dateAgo(10)}],
			triggerEvents: {events: [
				{type: 'layoffs', title: 'Cuts 500 jobs', url: 'https://news.example.com/b', published_at: dateAgo(20)},
				{title: 'Migrating to commercetools', source_url: 'https://news.example.com/c', date: dateAgo(3)},
				'Unsourced rumour of a replatform',
			]},
			cautionSignals: null, overallTiming: null, decisionWindow: null, urgencyLevel: null, sourceUrls: null, dataSource: 'websearch', retrievedAt: NOW.toISOString(),
		};
		const signals = detectSignals(bundle, NOW);
		expect(signals.map((signal) => [signal.type, signal.sourceUrl !== null])).toEqual([
			['layoffs', true],
			['platform_migration', true],
			['platform_migration', false],
			['digital_initiative', true],
		]);
	});

	it('an executive quote about digital (not search) is a 15-point signal', () => {
		const bundle = bundleOf('quote.example');
		bundle.quotes = [{speakerName: 'A', speakerTitle: 'CFO', quote: 'Our digital channels grew faster than stores.', quoteContext: null, mapsToProduct: null, sourceUrl: 'https://ir.quote.example/call', sourceDate: dateAgo(0), dataSource: 'websearch', retrievedAt: null}];
		expect(types(bundle)).toEqual(['exec_quote_digital']);
	});

	it('revenue growth from revenue_3yr, and declining revenue as a negative', () => {
		expect(revenueGrowth([{fiscal_year: 2024, revenue: 100}, {fiscal_year: 2025, revenue: 90}])!.yoy).toBeCloseTo(-0.1);
		expect(revenueGrowth({'2023': 100, '2024': 120})!.yoy).toBeCloseTo(0.2);
		expect(revenueGrowth([{fiscal_year: '2025', revenue: 1, yoy_change: 12.5}])!.yoy).toBeCloseTo(0.125);
		expect(revenueGrowth(null)).toBeNull();
	});
});

describe('evidence helpers', () => {
	it('only http(s) URLs with a dotted host are real', () => {
		expect(isRealUrl('https://www.algolia.com/customers/x')).toBe(true);
		expect(isRealUrl('Case Study')).toBe(false);
		expect(isRealUrl('Q4 2025 Earnings Call')).toBe(false);
		expect(isRealUrl('ftp://example.com/x')).toBe(false);
		expect(isRealUrl('http://localhost/x')).toBe(false);
		expect(isRealUrl(null)).toBe(false);
	});
	it('reads JSON text, strings and objects', () => {
		expect(evidenceItems('["a", {"title": "b", "url": "https://x.example/b"}]').map((item) => [item.text, item.sourceUrl])).toEqual([['a', null], ['b', 'https://x.example/b']]);
		expect(evidenceItems('')).toEqual([]);
	});
});
