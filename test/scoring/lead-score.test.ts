import {describe, expect, it} from 'vitest';
import {bucketPoints, leadScore, TECH_SPEND_BUCKETS, verticalTier, VISIT_BUCKETS} from '../../source/domain/scoring/lead-score.js';

const base = {vertical: null, monthlyVisits: null, techSpend: null, partnerTechnologies: []};

describe('lead score: vertical tier', () => {
	it.each([
		['Shopping', 1, 40],
		['Style And Fashion', 1, 40],
		['Automotive And Vehicles', 1, 40],
		['Art And Entertainment', 2, 25],
		['Careers', 2, 25],
		['Technology And Computing', 3, 15],
		['Business And Industrial', 3, 15],
		['Law, Govt And Politics', 3, 15],
		['Finance', 3, 15],
	])('%s is tier %i (%i points)', (vertical, tier, points) => {
		expect(verticalTier(vertical)).toBe(tier);
		expect(leadScore({...base, vertical}).breakdown.vertical).toBe(points);
	});

	it.each([[null], [''], ['Unknown'], ['Underwater Basket Weaving']])('%j is unknown (5 points), never Commerce', (vertical) => {
		const score = leadScore({...base, vertical});
		expect(score.tier).toBe(0);
		expect(score.tierName).toBe('Unknown');
		expect(score.breakdown.vertical).toBe(5);
	});

	it('ignores case and surrounding space', () => {
		expect(verticalTier('  shopping ')).toBe(1);
	});
});

describe('lead score: monthly visits buckets, at each edge', () => {
	it.each([
		[50_000_000, 30], [49_999_999, 25],
		[10_000_000, 25], [9_999_999, 20],
		[5_000_000, 20], [4_999_999, 15],
		[1_000_000, 15], [999_999, 10],
		[500_000, 10], [499_999, 5],
		[100_000, 5], [99_999, 0],
		[0, 0],
	])('%i visits → %i', (visits, points) => {
		expect(bucketPoints(visits, VISIT_BUCKETS)).toBe(points);
	});
	it('unknown visits score 0', () => {
		expect(leadScore(base).breakdown.traffic).toBe(0);
	});
});

describe('lead score: tech spend buckets, at each edge', () => {
	it.each([
		[100_000, 20], [99_999, 15],
		[50_000, 15], [49_999, 10],
		[25_000, 10], [24_999, 5],
		[10_000, 5], [9_999, 0],
	])('$%i → %i', (spend, points) => {
		expect(bucketPoints(spend, TECH_SPEND_BUCKETS)).toBe(points);
	});
});

describe('lead score: partner technology', () => {
	it.each([
		[['Adobe Experience Manager'], 10],
		[['AEM'], 10],
		[['Magento Enterprise'], 10],
		[['Demandware'], 10],
		[['Shopify Plus'], 10],
		[['Shopify'], 7],
		[['commercetools'], 7],
		[['BigCommerce'], 7],
		[['Amplience'], 7],
		[['Spryker'], 7],
		[['Contentful'], 7],
		[['Sitecore'], 3],
		[['Some Other Partner CMS'], 3],
		[[], 0],
		[['Contentful', 'Adobe Experience Manager'], 10],
	])('%j → %i', (technologies, points) => {
		expect(leadScore({...base, partnerTechnologies: technologies}).breakdown.partner_tech).toBe(points);
	});
});

describe('lead score: total and breakdown', () => {
	it('reproduces the legacy score of a fully scored legacy row (Automotive, 7.5M visits, $77K, AEM → 85)', () => {
		const score = leadScore({vertical: 'Automotive And Vehicles', monthlyVisits: 7_511_424, techSpend: 77_414, partnerTechnologies: ['Adobe Experience Manager']});
		expect(score.breakdown).toEqual({vertical: 40, traffic: 20, tech_spend: 15, partner_tech: 10});
		expect(score.total).toBe(85);
	});
	it('the breakdown always sums to the total, 100 at most', () => {
		const max = leadScore({vertical: 'Shopping', monthlyVisits: 60_000_000, techSpend: 200_000, partnerTechnologies: ['Shopify Plus']});
		expect(max.total).toBe(100);
		for (const visits of [null, 0, 150_000, 2_000_000, 80_000_000]) {
			for (const vertical of [null, 'Finance', 'Careers', 'Pets']) {
				const score = leadScore({vertical, monthlyVisits: visits, techSpend: 30_000, partnerTechnologies: ['Sitecore']});
				const {vertical: v, traffic, tech_spend, partner_tech} = score.breakdown;
				expect(v + traffic + tech_spend + partner_tech).toBe(score.total);
				expect(score.reasons).toHaveLength(4);
			}
		}
	});
	it('a bank with an unknown-to-the-map vertical is not a Commerce lead', () => {
		const bank = leadScore({vertical: 'Unknown', monthlyVisits: 20_000_000, techSpend: 150_000, partnerTechnologies: ['Adobe Experience Manager']});
		expect(bank.total).toBe(5 + 25 + 20 + 10);
	});
});
