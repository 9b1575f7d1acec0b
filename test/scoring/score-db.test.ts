import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {analysisSteps} from '../../source/services/analysis.js';
import {scoreDomains} from '../../source/services/scoring.js';
import {NotFoundError} from '../../source/errors.js';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {bundleOf, insertBundle, insertCaseStudies, legacyOnly, northwind, NOW} from '../fixtures/scoring/intel.js';

let db: TestDatabase;

beforeAll(async () => {
	db = await createTestDatabase();
	await insertBundle(db.sql, northwind());
	await insertBundle(db.sql, legacyOnly());
	await insertBundle(db.sql, bundleOf('bank.example', {vertical: 'Unknown', companyName: 'A Bank'}));
	const customer = bundleOf('customer.example', {vertical: 'Shopping'});
	customer.customer = {isCustomer: true, source: 'manual', note: null};
	await insertBundle(db.sql, customer);
	await insertCaseStudies(db.sql, northwind());
});
afterAll(async () => {
	await db?.drop();
});

describe('scoreDomains', () => {
	it('scores named companies, stores model_version and reports the move', async () => {
		const changes = await scoreDomains(db.sql, {domains: ['northwind-outfitters.com', 'legacy-motors.de']}, {now: NOW});
		expect(changes).toEqual([
			expect.objectContaining({domain: 'northwind-outfitters.com', previousStatus: null, newStatus: 'HOT', modelVersion: 'pf-signals-1', leadScore: 90, changed: true}),
			expect.objectContaining({domain: 'legacy-motors.de', previousStatus: null, newStatus: 'HOT', newScore: 85, modelVersion: 'legacy-icp', changed: true}),
		]);
		const [icp] = await db.sql`select priority_status, priority_score, model_version, lead_score_breakdown, data_source from intel_icp_priority_mapping where domain = 'northwind-outfitters.com'`;
		expect(icp).toMatchObject({priority_status: 'HOT', model_version: 'pf-signals-1', data_source: 'analysis'});
		expect(icp!.lead_score_breakdown).toMatchObject({vertical: 40, traffic: 25, tech_spend: 15, partner_tech: 10});
		const [signals] = await db.sql`select budget_total, has_budget_signal, has_pain_signal, has_timing_signal, adjusted_signal_score, model_version, jsonb_array_length(timing_signals) as timing_count from intel_signal_scoring where domain = 'northwind-outfitters.com'`;
		expect(signals).toMatchObject({has_budget_signal: true, has_pain_signal: true, has_timing_signal: true, model_version: 'pf-signals-1'});
		expect(signals!.budget_total).toBeLessThanOrEqual(60);
	});

	it('--all scores every company; a rescore with nothing new changes nothing', async () => {
		const first = await scoreDomains(db.sql, {all: true}, {now: NOW});
		expect(first.map((change) => change.domain).sort()).toEqual(['bank.example', 'customer.example', 'legacy-motors.de', 'northwind-outfitters.com']);
		expect(first.find((change) => change.domain === 'bank.example')).toMatchObject({newStatus: 'COLD', leadScore: 5});
		expect(first.find((change) => change.domain === 'customer.example')).toMatchObject({newStatus: 'COLD'});
		const again = await scoreDomains(db.sql, {all: true}, {now: NOW});
		expect(again.filter((change) => change.changed)).toEqual([]);
	});

	it('reports a status move (legacy HOT → COOL once enriched without signals)', async () => {
		await db.sql`update intel_traffic_analysis set data_source = 'similarweb', retrieved_at = ${NOW} where domain = 'legacy-motors.de'`;
		const [change] = await scoreDomains(db.sql, {domains: ['legacy-motors.de']}, {now: NOW});
		expect(change).toMatchObject({previousStatus: 'HOT', previousScore: 85, newStatus: 'COOL', newScore: 34, previousModelVersion: 'legacy-icp', modelVersion: 'pf-signals-1', changed: true});
		await db.sql`update intel_traffic_analysis set data_source = 'legacy_import' where domain = 'legacy-motors.de'`;
	});

	it('the lead-only path of --all gives exactly what scoring from the whole intel gives', async () => {
		for (const [i, vertical] of ['Shopping', 'Finance', null, 'Careers'].entries()) {
			const bundle = bundleOf(`lead-only-${i}.example`, {vertical});
			const legacy = {dataSource: 'legacy_import', retrievedAt: '2026-02-25T15:59:17.000Z', sourceUrl: null};
			bundle.technologies = [{technologyName: i % 2 ? 'Adobe Experience Manager' : 'Contentful', category: null, isPartnerTech: true, partnerTier: null, isCompetitorSearch: false, competitorName: null, firstDetected: null, lastDetected: null, change: null, ...legacy}];
			bundle.traffic = {monthlyVisits: 400_000 * (i + 1) ** 3, avgVisitDurationSeconds: null, pagesPerVisit: null, bounceRate: 0.3, mobileShare: null, momChange: null, yoyChange: null, trendDirection: null, rankGlobal: null, dataMonth: null, ...legacy};
			bundle.searchProvider = {currentProvider: null, providerType: null, isAlgolia: false, displacementPriority: null, techSpendEstimate: 30_000 * i, techSpendSource: null, ...legacy};
			await insertBundle(db.sql, bundle);
		}
		const fingerprints = async () => new Map((await db.sql<{domain: string; score_fingerprint: string}[]>`select domain, score_fingerprint from intel_icp_priority_mapping`).map((row) => [row.domain, row.score_fingerprint]));
		await scoreDomains(db.sql, {all: true}, {now: NOW});
		const split = await fingerprints();
		expect(split.size).toBe(8);
		const [leadOnly] = await db.sql`select model_version, lead_score_total from intel_icp_priority_mapping where domain = 'lead-only-3.example'`;
		expect(leadOnly).toEqual({model_version: 'legacy-icp', lead_score_total: 25 + 25 + 15 + 10});
		// Nothing detected, legacy bands: not signal-scored, so no signal row.
		const [signalRows] = await db.sql`select count(*)::int as n from intel_signal_scoring where domain like 'lead-only-%'`;
		expect(signalRows!.n).toBe(0);
		const whole = await scoreDomains(db.sql, {all: true}, {now: NOW, wholeIntel: true});
		expect(whole.filter((change) => change.changed)).toEqual([]);
		expect(await fingerprints()).toEqual(split);
	});

	it('an unknown domain is NotFoundError and writes nothing', async () => {
		await expect(scoreDomains(db.sql, {domains: ['northwind-outfitters.com', 'nope.example']})).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('analysis steps (the pipeline runs these last)', () => {
	it('write the derived tables from the stored intel', async () => {
		const domain = 'northwind-outfitters.com';
		for (const step of ['competitor_landscape', 'hiring_summary', 'buying_committee', 'displacement', 'case_studies', 'icp', 'signals', 'brief'] as const) {
			await analysisSteps[step](db.sql, domain);
		}
		const [landscape] = await db.sql`select total_competitors_analyzed, algolia_users, first_mover_opportunity, data_source from intel_competitor_landscape where domain = ${domain}`;
		expect(landscape).toEqual({total_competitors_analyzed: 2, algolia_users: 1, first_mover_opportunity: false, data_source: 'analysis'});
		const [hiring] = await db.sql`select total_open_roles, tier_1_count, tier_3_count from intel_hiring_summary where domain = ${domain}`;
		expect(hiring).toEqual({total_open_roles: 2, tier_1_count: 1, tier_3_count: 1});
		const [committee] = await db.sql`select executive_sponsor->>'name' as sponsor, technical_buyer->>'name' as technical, total_decision_makers from intel_buying_committee where domain = ${domain}`;
		expect(committee).toEqual({sponsor: 'Sam Okafor', technical: 'Lee Park', total_decision_makers: 2});
		const [displacement] = await db.sql`select current_search_provider, displacement_difficulty from intel_displacement_analysis where domain = ${domain}`;
		expect(displacement).toEqual({current_search_provider: 'Coveo', displacement_difficulty: 'HIGH'});
		const matches = await db.sql`select case_study_customer, relevance_score::float8 as relevance, case_study_url from intel_case_study_matches where domain = ${domain}`;
		expect(matches).toEqual([{case_study_customer: 'Trailhead Apparel', relevance: expect.any(Number), case_study_url: 'https://www.algolia.com/customers/trailhead-example'}]);
		const [brief] = await db.sql`select version from intel_strategic_signal_briefs where domain = ${domain}`;
		expect(brief!.version).toBeGreaterThanOrEqual(1);
	});
	it('an unknown domain fails the step', async () => {
		await expect(analysisSteps.icp(db.sql, 'nope.example')).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('pf score (CLI)', () => {
	it('prints what changed and a summary on stderr', async () => {
		await db.sql`update intel_icp_priority_mapping set priority_status = 'WARM', priority_score = 60 where domain = 'legacy-motors.de'`;
		const run = await runPf(['score', '--all', '--tsv'], {env: {DATABASE_URL: db.url}});
		expect(run.code).toBe(0);
		const lines = run.stdout.trim().split('\n');
		expect(lines[0]).toBe('domain\tprevious_status\tstatus\tmove\tprevious_score\tscore\tlead_score\tmodel_version');
		expect(lines.some((line) => line.startsWith('legacy-motors.de\tWARM\tHOT\tWARM → HOT\t60\t85\t85\tlegacy-icp'))).toBe(true);
		expect(run.stderr).toMatch(/scored \d+ companies/);
	});
	it('--json is one array', async () => {
		const run = await runPf(['score', 'northwind-outfitters.com', '--json'], {env: {DATABASE_URL: db.url}});
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({domain: 'northwind-outfitters.com', newStatus: expect.any(String)})]);
	});
	it('bad input exits 2, an unknown domain 5, stdout empty', async () => {
		const invalid = await runPf(['score', 'not a domain'], {env: {DATABASE_URL: db.url}});
		expect(invalid).toMatchObject({code: 2, stdout: ''});
		expect((await runPf(['score'], {env: {DATABASE_URL: db.url}})).code).toBe(2);
		const missing = await runPf(['score', 'nope.example'], {env: {DATABASE_URL: db.url}});
		expect(missing).toMatchObject({code: 5, stdout: ''});
		expect(missing.stderr).toContain('pf: error: no company nope.example');
	});
});
