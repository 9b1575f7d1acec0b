import {describe, expect, it} from 'vitest';
import {caseStudyRelevance, matchCaseStudies, RELEVANCE_THRESHOLD} from '../../source/domain/scoring/case-studies.js';
import {buyingCommittee, committeeRole} from '../../source/domain/scoring/committee.js';
import {hiringCategory, hiringTier, summariseHiring} from '../../source/domain/scoring/hiring.js';
import type {CaseStudy, CompetitorIntel, HiringIntel} from '../../source/domain/scoring/intel.js';
import {competitorLandscape, displacementDifficulty} from '../../source/domain/scoring/landscape.js';

describe('hiring tiers (word boundaries)', () => {
	it.each([
		['VP of Digital Commerce', 1], ['Vice President, E-commerce', 1], ['Chief Technology Officer', 1], ['CTO', 1], ['Head of Search', 1],
		['Director, Site Search', 1], ['Principal Engineer', 1],
		['Product Manager, Search', 2], ['Product Owner', 2], ['Engineering Manager', 2], ['Lead Developer', 2], ['Solutions Architect', 2],
		['Software Engineer', 3], ['Headless Commerce Developer', 3], ['Directory Services Analyst', 3], ['Leadership Programme Intern', 3], ['Merchandiser', 3],
	])('%s → tier %i', (title, tier) => {
		expect(hiringTier(title)).toBe(tier);
	});
	it('categorises roles', () => {
		expect(hiringCategory('Machine Learning Engineer')).toBe('ai_ml');
		expect(hiringCategory('E-commerce Manager')).toBe('ecommerce');
		expect(hiringCategory('Senior Merchandiser')).toBe('merchandising');
		expect(hiringCategory('Backend Engineer')).toBe('engineering');
		expect(hiringCategory('Anything', 'product')).toBe('product');
	});
	it('summarises open roles only', () => {
		const role = (roleTitle: string, status: string | null = 'open'): HiringIntel => ({roleTitle, status, location: null, signalTier: null, category: null, sourceUrl: null, postedDate: null, discoveredAt: null, dataSource: 'jsearch', retrievedAt: null});
		const summary = summariseHiring([role('Head of E-commerce'), role('ML Engineer'), role('Shopify Plus Developer'), role('Old role', 'closed')], ['Shopify Plus']);
		expect(summary).toMatchObject({totalOpenRoles: 3, tier1: 1, tier2: 0, tier3: 2, aiInvestmentSignal: true, platformConfirmed: 'Shopify Plus'});
		expect(summary.leadershipVacancies.map((vacancy) => vacancy.title)).toEqual(['Head of E-commerce']);
	});
});

const competitor = (competitorDomain: string, provider: string | null, usesAlgolia = false): CompetitorIntel => ({
	competitorDomain, similarityScore: null, competitorMonthlyVisits: null, competitorSearchProvider: provider, competitorUsesAlgolia: usesAlgolia, sourceUrl: null, dataSource: 'builtwith', retrievedAt: null,
});

describe('competitor landscape and first-mover opportunity', () => {
	it('first mover: nobody on Algolia and at least half with a known provider', () => {
		const landscape = competitorLandscape([competitor('a.com', 'Coveo'), competitor('b.com', 'Elasticsearch'), competitor('c.com', null), competitor('d.com', 'Unknown')]);
		expect(landscape).toMatchObject({totalCompetitorsAnalyzed: 4, algoliaUsers: 0, unknownProvider: 2, elasticsearchUsers: 1, otherSearchUsers: 1, firstMoverOpportunity: true});
	});
	it('unknown providers are not counted as "not Algolia"', () => {
		const landscape = competitorLandscape([competitor('a.com', 'Coveo'), competitor('b.com', null), competitor('c.com', null)]);
		expect(landscape.firstMoverOpportunity).toBe(false);
		expect(landscape.competitivePositioning).toContain('2 unknown');
	});
	it('a competitor on Algolia means no first-mover opportunity', () => {
		const landscape = competitorLandscape([competitor('a.com', 'Algolia', true), competitor('b.com', 'Constructor.io')]);
		expect(landscape).toMatchObject({algoliaUsers: 1, constructorUsers: 1, firstMoverOpportunity: false});
	});
	it('no competitors: nothing to say', () => {
		expect(competitorLandscape([]).firstMoverOpportunity).toBe(false);
	});
});

describe('displacement difficulty', () => {
	it.each([
		['Solr', 'LOW'], ['SAP Commerce Cloud (Solr)', 'LOW'], ['Klevu', 'LOW'], ['Swiftype', 'LOW'], ['Doofinder', 'LOW'],
		['Elasticsearch', 'MEDIUM'], ['OpenSearch', 'MEDIUM'], ['Searchspring', 'MEDIUM'], ['Yext', 'MEDIUM'],
		['Coveo', 'HIGH'], ['Constructor.io', 'HIGH'], ['Bloomreach', 'HIGH'], ['Lucidworks Fusion', 'HIGH'],
		['Salesforce Commerce Cloud native search', 'LOW'],
	])('%s → %s', (provider, difficulty) => {
		expect(displacementDifficulty(provider).difficulty).toBe(difficulty);
	});
	it('no provider (known to have none) is LOW; an unplaceable one is not guessed', () => {
		expect(displacementDifficulty('none', 'none').difficulty).toBe('LOW');
		expect(displacementDifficulty(null, 'native').difficulty).toBe('LOW');
		expect(displacementDifficulty(null, null).difficulty).toBeNull();
		expect(displacementDifficulty('Acme SearchThing 3000').difficulty).toBeNull();
		expect(displacementDifficulty('Algolia').providerType).toBe('algolia');
	});
});

const study = (fields: Partial<CaseStudy>): CaseStudy => ({
	id: '1', customerName: 'X', customerDomain: null, vertical: null, subVertical: null, useCase: null, customerType: null, storyUrl: null,
	featuresUsed: [], partnerIntegrations: [], competitorTakeout: null, keyResults: null, customerMonthlyVisits: null, dataSource: 'legacy_import', retrievedAt: null, ...fields,
});
const target = {vertical: 'Automotive And Vehicles', subVertical: 'Car parts', industry: null, tier: 1 as const, monthlyVisits: 2_000_000, technologies: ['Adobe Experience Manager']};

describe('case-study relevance = 0.40 vertical + 0.20 sub-vertical + 0.15 scale + 0.15 tech + 0.10 use case', () => {
	it('every component', () => {
		const match = caseStudyRelevance(target, study({vertical: 'Automotive Parts', subVertical: 'parts', useCase: 'B2C Ecommerce', partnerIntegrations: ['Adobe Magento'], customerMonthlyVisits: 5_000_000, storyUrl: 'https://www.algolia.com/customers/x'}));
		expect(match.components).toEqual({vertical: 1, subVertical: 1, scale: 1, techOverlap: 1, useCase: 1});
		expect(match.score).toBe(1);
		expect(match.url).toBe('https://www.algolia.com/customers/x');
	});
	it('vertical + use case only = 0.50; use case alone = 0.10 (dropped)', () => {
		expect(caseStudyRelevance({...target, subVertical: null}, study({vertical: 'Automotive Parts', useCase: 'B2C Ecommerce'})).score).toBe(0.5);
		// The study's descriptive vertical stands in for a missing sub-vertical: "parts" is half of the words (0.5 × 0.20).
		expect(caseStudyRelevance(target, study({vertical: 'Automotive Parts', useCase: 'B2C Ecommerce'})).score).toBe(0.6);
		expect(caseStudyRelevance(target, study({vertical: 'Media', useCase: 'B2C Ecommerce'})).score).toBe(0.1);
	});
	it('missing data scores 0, never assumed; a non-URL story link is not a URL', () => {
		const match = caseStudyRelevance({...target, monthlyVisits: null}, study({vertical: 'Automotive', storyUrl: 'Case Study', customerMonthlyVisits: 10}));
		expect(match.components.scale).toBe(0);
		expect(match.url).toBeNull();
	});
	it(`keeps ≥ ${RELEVANCE_THRESHOLD}, best first, top 10`, () => {
		const studies = [
			...Array.from({length: 12}, (_, i) => study({id: String(i), customerName: `Auto ${String(i).padStart(2, '0')}`, vertical: 'Automotive', useCase: i % 2 ? 'B2C Ecommerce' : null})),
			study({id: 'x', customerName: 'Media Co', vertical: 'Media'}),
		];
		const matches = matchCaseStudies(target, studies);
		expect(matches).toHaveLength(10);
		expect(matches[0]!.score).toBe(0.5);
		expect(matches.every((match) => match.score >= 0.3)).toBe(true);
		expect(matches.some((match) => match.caseStudy.customerName === 'Media Co')).toBe(false);
	});
});

describe('buying committee', () => {
	it('places executives by title and picks an entry point', () => {
		const exec = (name: string, title: string, isNewToRole = false) => ({name, title, linkedinUrl: null, tenureStart: null, background: null, buyerRole: null, priority: null, isNewToRole, entryApproach: null, dataSource: 'websearch', retrievedAt: null});
		const committee = buyingCommittee([exec('A', 'Chief Executive Officer'), exec('B', 'CTO'), exec('C', 'Director of E-commerce'), exec('D', 'Solutions Architect'), exec('E', 'Chief Digital Officer', true)]);
		expect(committee.economicBuyer?.name).toBe('A');
		expect(committee.technicalBuyer?.name).toBe('B');
		expect(committee.champion?.name).toBe('C');
		expect(committee.executiveSponsor?.name).toBe('E');
		expect(committee.technicalEvaluators.map((member) => member.name)).toEqual(['D']);
		expect(committee.entryPoint?.member.name).toBe('C');
		expect(committeeRole('Anything', 'economic')).toBe('economic_buyer');
	});
	it('no executives: no committee, no entry point', () => {
		expect(buyingCommittee([]).entryPoint).toBeNull();
	});
});
