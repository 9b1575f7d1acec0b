/**
 * The browsing services on a real database: pages read from either end agree, the
 * count is exact up to the cap, filters escape LIKE wildcards, jobs show module
 * progress, the company intel has every section and the brief its numbered sources.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {countView, latestJobs, listLeads, listTargets, loadViewPage, requestEnrichment, VIEWS} from '../../source/services/leads.js';
import {intelFacts, loadBrief, loadCompanyIntel, SECTION_ORDER, setCustomerStatus} from '../../source/services/company.js';
import {countRows} from '../../source/db/leads.js';
import {BARE_DOMAIN, FULL_DOMAIN, seedCompanies} from './seed.js';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
	await seedCompanies(db.sql, {extra: 300});
});
afterAll(async () => db?.drop());

describe('list pages', () => {
	it('reads deep pages from the far end with the same rows as from the top', async () => {
		const sort = {column: 'priority_score', descending: true};
		const total = (await countView(db.sql, 'hot', '')).count;
		expect(total).toBe(302);
		for (const offset of [0, 150, 250, 290]) {
			const fromTop = await loadViewPage(db.sql, 'hot', {sort, offset, limit: 20});
			const fromEnd = await loadViewPage(db.sql, 'hot', {sort, offset, limit: 20, total});
			expect(fromEnd.map((r) => r.domain), `offset ${offset}`).toEqual(fromTop.map((r) => r.domain));
		}
	});

	it('sorts by any sortable column and ignores a sort the view does not have', async () => {
		const byName = await loadViewPage(db.sql, 'targets', {sort: {column: 'domain', descending: false}, offset: 0, limit: 3});
		expect(byName.map((r) => r.domain)).toEqual([FULL_DOMAIN, 'lead-000001.com', 'lead-000002.com']);
		const bogus = await loadViewPage(db.sql, 'targets', {sort: {column: 'pg_sleep', descending: false}, offset: 0, limit: 1});
		expect(bogus).toHaveLength(1);
	});

	it('filters on domain and company name, wildcards taken literally', async () => {
		expect((await loadViewPage(db.sql, 'hot', {filter: 'ACME', offset: 0, limit: 10})).map((r) => r.domain)).toEqual([FULL_DOMAIN]);
		expect((await loadViewPage(db.sql, 'hot', {filter: 'Bare Sh', offset: 0, limit: 10})).map((r) => r.domain)).toEqual([BARE_DOMAIN]);
		expect(await loadViewPage(db.sql, 'hot', {filter: '%', offset: 0, limit: 10})).toEqual([]);
		expect(await loadViewPage(db.sql, 'hot', {filter: '_', offset: 0, limit: 10})).toEqual([]);
		expect((await countView(db.sql, 'hot', 'lead-0000')).count).toBe(99);
	});

	it('counts exactly up to the cap, then estimates', async () => {
		const exact = await countRows(db.sql, VIEWS.hot.relation, VIEWS.hot.filterColumns, '', 1000);
		expect(exact).toEqual({count: 302, exact: true});
		const capped = await countRows(db.sql, VIEWS.hot.relation, VIEWS.hot.filterColumns, '', 100);
		expect(capped.exact).toBe(false);
		expect(capped.count).toBeGreaterThan(100);
	});

	it('one-liners: leads by status, targets by priority', async () => {
		const warm = await listLeads(db.sql, {status: 'WARM'});
		expect(warm.map((r) => r.domain)).toEqual(['zeta-outdoor.com']);
		expect(await listLeads(db.sql, {limit: 2})).toHaveLength(2);
		const high = await listTargets(db.sql, {priority: 'HIGH'});
		expect(high.every((r) => r.displacement_priority === 'HIGH')).toBe(true);
		expect(high.map((r) => r.domain)).toContain(FULL_DOMAIN);
	});
});

describe('jobs', () => {
	it('shows live and finished jobs once each, with module progress', async () => {
		const [job] = await db.sql<{id: string}[]>`insert into core_enrichment_jobs (domain, job_type, status, modules_requested, modules_completed, modules_failed)
			values (${FULL_DOMAIN}, 'full', 'running', ${db.sql.json(['builtwith', 'similarweb', 'sec_edgar', 'jsearch'])}, ${db.sql.json(['builtwith'])}, ${db.sql.json(['similarweb'])}) returning id`;
		await db.sql`insert into jobs_enrichment_history (id, domain, job_type, status, modules_requested, modules_completed) values (${job!.id}, ${FULL_DOMAIN}, 'full', 'running', '[]', '[]')`;
		await db.sql`insert into jobs_enrichment_history (domain, job_type, status, modules_requested, modules_completed, created_at) values (${BARE_DOMAIN}, 'full', 'completed', ${db.sql.json(['builtwith'])}, ${db.sql.json(['builtwith'])}, now() - interval '1 day')`;
		const rows = await loadViewPage(db.sql, 'jobs', {offset: 0, limit: 10});
		expect(rows.map((r) => [r.domain, r.status, r.origin])).toEqual([
			[FULL_DOMAIN, 'running', 'queue'],
			[BARE_DOMAIN, 'completed', 'history'],
		]);
		expect(rows[0]!.progress).toEqual({requested: 4, completed: 1, failed: 1});
		const [progress] = await latestJobs(db.sql, [FULL_DOMAIN]);
		expect(progress).toMatchObject({status: 'running', requested: 4, completed: 1, failed: 1, modulesFailed: ['similarweb']});
		await db.sql`delete from core_enrichment_jobs`;
	});

	it('an enrichment request goes to the queue producer, or says it is missing', async () => {
		const result = await requestEnrichment(db.sql, []);
		expect(result).toEqual({ok: false, message: 'nothing to enrich'});
	});
});

describe('company intel and brief', () => {
	it('has every section with provenance; an unenriched section says so', async () => {
		const intel = await loadCompanyIntel(db.sql, 'https://www.ACME-widgets.com/about');
		expect(intel.domain).toBe(FULL_DOMAIN);
		for (const id of SECTION_ORDER) expect(intel[id].enriched, id).toBe(true);
		expect(intel.technology.provenance.dataSource).toBe('builtwith');
		expect(intel.technology.provenance.retrievedAt).toBeInstanceOf(Date);
		expect(intel.traffic.data.monthlyVisits).toHaveLength(6);
		expect(intel.financials.data.revenue3yr.map((p) => p.year)).toEqual(['FY2023', 'FY2024', 'FY2025']);
		expect(intel.financials.provenance.sourceUrls).toContain('https://www.sec.gov/acme-10k');
		const facts = intelFacts(intel);
		expect(facts.find((f) => f.field === 'latest_revenue')?.value).toBe('357000000000');
		const bare = await loadCompanyIntel(db.sql, BARE_DOMAIN);
		expect(bare.traffic.enriched).toBe(false);
		expect(intelFacts(bare)).toContainEqual({section: 'traffic', field: 'status', value: 'not enriched', source: null, retrieved_at: null});
	});

	it('unknown is exit 5, not a domain is exit 2', async () => {
		await expect(loadCompanyIntel(db.sql, 'nobody-here.com')).rejects.toMatchObject({exitCode: 5});
		await expect(loadCompanyIntel(db.sql, 'not a domain')).rejects.toMatchObject({exitCode: 2});
	});

	it('the brief comes from the brief service with its sections and numbered sources', async () => {
		const brief = await loadBrief(db.sql, FULL_DOMAIN);
		expect(brief?.text).toContain('THE 60-SECOND STORY');
		expect(brief?.text).toContain('SOURCES');
		expect(brief?.sources.length).toBeGreaterThan(0);
		expect(brief?.sources.map((s) => s.number)).toEqual(brief?.sources.map((_, i) => i + 1));
		expect(brief?.sources.map((s) => s.url)).toContain('https://www.sec.gov/acme-10k');
		expect((await loadBrief(db.sql, BARE_DOMAIN))?.domain).toBe(BARE_DOMAIN);
		expect(await loadBrief(db.sql, 'nobody-here.com')).toBeUndefined();
	});

	it('marks a company as customer / not customer through the customer service', async () => {
		expect(await setCustomerStatus(db.sql, BARE_DOMAIN, true)).toEqual({ok: true, message: 'bare-shop.com marked as an Algolia customer'});
		expect((await loadCompanyIntel(db.sql, BARE_DOMAIN)).customer).toEqual({isCustomer: true, decidedBy: 'list'});
		await setCustomerStatus(db.sql, BARE_DOMAIN, false);
		expect((await loadCompanyIntel(db.sql, BARE_DOMAIN)).customer.isCustomer).toBe(false);
	});
});
