/**
 * `pf discover` end to end: the built CLI against a local Lists server replaying
 * hand-written pages (several pages, an empty page, the END marker, a 429 with
 * Retry-After, an error answer), on a real PostgreSQL database.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {startListsServer, type ListsServer} from './lists-server.js';
import {pf, spawnPf} from './spawn-pf.js';
import {discover} from '../../source/services/discovery.js';
import {UsageError} from '../../source/errors.js';

const expectedTargets = ['contoso.co.uk', 'fabrikam.de', 'known-target.com', 'northwind-retail.com', 'overridden.com', 'shop.tailspin.com.au', 'wingtip.io'];

/** Customers of every kind, and one company that is already known. */
async function seed(db: TestDatabase) {
	await db.sql`insert into core_customers (domain, company_name, source) values ('acme-customer.com', 'Acme', 'manual')`;
	// Detection says Algolia and nobody overrode it: a customer.
	await db.sql`insert into intel_search_provider (domain, current_provider, is_algolia, displacement_priority) values ('detected-algolia.com', 'Algolia', true, 'NONE')`;
	// Detection says Algolia but an analyst said "is not a customer": a target.
	await db.sql`insert into intel_technology_stack (domain, technology_name, category) values ('overridden.com', 'Algolia', 'Search')`;
	await db.sql`insert into core_customers (domain, company_name, is_customer, source) values ('overridden.com', 'Overridden Inc', false, 'manual')`;
	await db.sql`insert into core_companies (domain, company_name) values ('known-target.com', 'Known Target (ours)')`;
}

describe('pf discover', () => {
	let db: TestDatabase;
	let server: ListsServer;
	let env: Record<string, string>;
	const running: {kill: (signal: NodeJS.Signals) => boolean; exitCode: number | null}[] = [];

	beforeAll(async () => {
		db = await createTestDatabase();
		server = await startListsServer();
		env = {DATABASE_URL: db.url, PF_BUILTWITH_URL: server.url, BUILTWITH_API_KEY: 'test-key-123', PF_USER: 'tester', PF_HTTP_BACKOFF_MS: '50'};
		await seed(db);
	});
	afterEach(() => {
		for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
	});
	afterAll(async () => {
		await server?.close();
		await db?.drop();
	});

	it('adds exactly the non-customer domains, page by page until END', async () => {
		const result = await pf(['discover', 'Adobe-Experience-Manager', '--json'], env);
		expect(result.stderr).toBe('pf: skipped "not a domain": it contains spaces (a company name, not a domain?)\n');
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report).toMatchObject({
			technology: 'Adobe Experience Manager',
			listsName: 'Adobe-Experience-Manager',
			status: 'completed',
			resumed: false,
			pages: 4,
			apiCalls: 4,
			counts: {listed: 11, newCompanies: 6, alreadyKnown: 2, skippedCustomer: 2, invalid: 1},
		});
		expect(report.costEstimate).toBeGreaterThan(0);
		// Every page was asked for in order, with the key, META=yes and the exact NextOffset.
		expect(server.requests.map((r) => r.offset)).toEqual(['', 'oQEwEnH2FJuIzeXOEk2T', 'pR2xT9aa01-Zq', 'zz83KQ-last-but-one']);
		expect(server.requests.every((r) => r.key === 'test-key-123' && r.meta === 'yes' && r.tech === 'Adobe-Experience-Manager')).toBe(true);

		const companies = await db.sql<{domain: string}[]>`select domain from core_companies order by domain`;
		expect(companies.map((c) => c.domain)).toEqual(expectedTargets);
		const tech = await db.sql<{domain: string; is_partner_tech: boolean; partner_tier: string; data_source: string; source: string}[]>`
			select domain, is_partner_tech, partner_tier, data_source, source, first_detected::text, last_detected::text
			from intel_technology_stack where technology_name = 'Adobe Experience Manager' order by domain`;
		expect(tech.map((t) => t.domain)).toEqual(expectedTargets);
		expect(tech.every((t) => t.is_partner_tech && t.partner_tier === 'premier' && t.data_source === 'builtwith' && t.source === 'builtwith_lists')).toBe(true);
		expect(tech.find((t) => t.domain === 'northwind-retail.com')).toMatchObject({first_detected: '2021-06-01', last_detected: '2025-11-24'});
		const [northwind] = await db.sql`select company_name, vertical, headquarters_country, headquarters_city from core_companies where domain = 'northwind-retail.com'`;
		expect(northwind).toEqual({company_name: 'Northwind Retail Ltd', vertical: 'Shopping', headquarters_country: 'UK', headquarters_city: 'London'});
		// A known company keeps its own name.
		const [known] = await db.sql`select company_name from core_companies where domain = 'known-target.com'`;
		expect(known!.company_name).toBe('Known Target (ours)');

		// The subtraction holds in the views: every discovered non-customer is a target, no customer is.
		const targets = await db.sql<{domain: string; partner_tech: string}[]>`select domain, partner_tech from v_displacement_targets order by domain`;
		expect(targets.map((t) => t.domain)).toEqual(expectedTargets);
		// Each call is audited with the key redacted.
		const calls = await db.sql<{endpoint: string}[]>`select endpoint from audit_api_calls where external_api = 'builtwith'`;
		expect(calls.length).toBe(4);
		expect(calls.some((c) => c.endpoint.includes('test-key-123'))).toBe(false);
	});

	it('is idempotent: a second run adds nothing and changes no row', async () => {
		const before = await db.sql`select domain, updated_at from intel_technology_stack order by domain`;
		const result = await pf(['discover', 'adobe experience manager', '--json'], env);
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report.counts).toEqual({listed: 11, newCompanies: 0, alreadyKnown: 8, skippedCustomer: 2, invalid: 1});
		expect(report.resumed).toBe(false);
		const after = await db.sql`select domain, updated_at from intel_technology_stack order by domain`;
		expect(after).toEqual(before);
		const [companyCount] = await db.sql<{count: number}[]>`select count(*)::int as count from core_companies`;
		expect(companyCount!.count).toBe(expectedTargets.length);
	});

	it('sends --since and --country as the Lists API wants them, and waits out a 429 with Retry-After', async () => {
		server.requests.length = 0;
		server.rateLimitOnce.add('pR2xT9aa01-Zq');
		const started = Date.now();
		const result = await pf(['discover', 'AEM', '--since', '30d', '--country', 'gb,de', '--json'], env);
		expect(result.code).toBe(0);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(server.requests[0]).toMatchObject({since: '30 Days Ago', country: 'DE,UK'});
		const page3 = server.requests.filter((r) => r.offset === 'pR2xT9aa01-Zq');
		expect(page3.map((r) => r.status)).toEqual([429, 200]);
		expect(JSON.parse(result.stdout)).toMatchObject({status: 'completed', apiCalls: 5, counts: {listed: 11}});
	});

	it('stops at --max and continues where it stopped on the next run', async () => {
		const first = await pf(['discover', 'Adobe-Experience-Manager', '--since', '2025-01-01', '--max', '2', '--json'], env);
		expect(first.code).toBe(0);
		expect(JSON.parse(first.stdout)).toMatchObject({status: 'paused', counts: {listed: 2}});
		const [run] = await db.sql`select page_offset, page_position, status from core_discovery_runs where since = '2025-01-01'`;
		expect(run).toEqual({page_offset: null, page_position: 2, status: 'paused'});
		const second = await pf(['discover', 'Adobe-Experience-Manager', '--since', '2025-01-01', '--json'], env);
		const report = JSON.parse(second.stdout);
		expect(report).toMatchObject({status: 'completed', resumed: true, counts: {listed: 9}});
		expect(report.runTotals).toMatchObject({listed: 11, skippedCustomer: 2, invalid: 1});
	});

	it('--dry-run reports and writes nothing', async () => {
		const counts = async () => (await db.sql`select (select count(*) from core_companies)::int as c, (select count(*) from intel_technology_stack)::int as t, (select count(*) from core_discovery_runs)::int as r`)[0];
		const before = await counts();
		const result = await pf(['discover', 'Adobe-Experience-Manager', '--country', 'fr', '--dry-run', '--json'], env);
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({dryRun: true, runId: null, counts: {listed: 11, newCompanies: 0, skippedCustomer: 2}});
		expect(await counts()).toEqual(before);
	});

	it('an error answer fails the run with a clear message and leaves it resumable', async () => {
		server.errorFor.add('Sitecore');
		const result = await pf(['discover', 'Sitecore'], env);
		expect(result.code).toBe(6);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/pf: error: BuiltWith refused the Lists call on page 1: .*invalid or has no Lists credits/);
		expect(result.stderr).toMatch(/hint: .*BUILTWITH_API_KEY/);
		const [run] = await db.sql`select status, page_offset, error_message from core_discovery_runs where lists_name = 'Sitecore'`;
		expect(run).toMatchObject({status: 'failed', page_offset: null});
		const [sitecore] = await db.sql<{count: number}[]>`select count(*)::int as count from intel_technology_stack where technology_name = 'Sitecore'`;
		expect(sitecore!.count).toBe(0);
	});

	it.each([
		[['discover', 'Magento 1'], /"Magento 1" is not a partner technology/, /Adobe-Experience-Manager/],
		[['discover', 'AEM', '--since', '30x'], /--since "30x" is not valid/, /30d, 12w, 6m/],
		[['discover'], /missing the partner technology/, /pf partners list/],
	])('refuses %j with exit 2 and writes nothing', async (args, message, hint) => {
		const before = await db.sql`select (select count(*) from core_discovery_runs)::int as runs, (select count(*) from core_companies)::int as companies`;
		server.requests.length = 0;
		const result = await pf(args, env);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(message);
		expect(result.stderr).toMatch(hint);
		expect(server.requests).toEqual([]);
		expect(await db.sql`select (select count(*) from core_discovery_runs)::int as runs, (select count(*) from core_companies)::int as companies`).toEqual(before);
	});

	it.each([
		[{since: '2026-02-30'}, /that date does not exist/],
		[{since: '2999-01-01'}, /that date is in the future/],
		[{country: 'Britain'}, /not a two-letter country code/],
		[{max: 0}, /--max "0" is not valid/],
	])('refuses the filters %j before any call or write (UsageError)', async (filters, message) => {
		const before = await db.sql`select (select count(*) from core_discovery_runs)::int as runs, (select count(*) from core_companies)::int as companies`;
		server.requests.length = 0;
		const attempt = discover(db.sql, {technology: 'AEM', ...filters, actor: 'tester', env: {...process.env, ...env}});
		await expect(attempt).rejects.toBeInstanceOf(UsageError);
		await expect(attempt).rejects.toThrow(message);
		expect(server.requests).toEqual([]);
		expect(await db.sql`select (select count(*) from core_discovery_runs)::int as runs, (select count(*) from core_companies)::int as companies`).toEqual(before);
	});

	it('refuses to run without BUILTWITH_API_KEY (exit 2)', async () => {
		const result = await pf(['discover', 'AEM', '--since', '7d'], {...env, BUILTWITH_API_KEY: ''});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/BUILTWITH_API_KEY is not set/);
	});

	it('resumes from its last page after being killed mid-way', async () => {
		const fresh = await createTestDatabase();
		try {
			await seed(fresh);
			const freshEnv = {...env, DATABASE_URL: fresh.url};
			server.requests.length = 0;
			server.hang.add('pR2xT9aa01-Zq');
			const hung = new Promise<void>((resolve) => (server.onHang = resolve));
			const spawned = spawnPf(['discover', 'Adobe-Experience-Manager', '--json'], freshEnv);
			running.push(spawned.child);
			await hung; // page 3 never answers
			// Page 3 is asked for while page 2 is written (the walk fetches one page ahead):
			// wait for page 2's commit, as a user would see it in the progress line.
			for (let waited = 0; ; waited += 50) {
				const [progress] = await fresh.sql<{pages: number}[]>`select pages_fetched as pages from core_discovery_runs`;
				if (progress?.pages === 2) break;
				if (waited > 10_000) throw new Error(`page 2 was not committed within 10 s (pages: ${progress?.pages})`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			// The same discovery cannot run twice at once.
			const second = await pf(['discover', 'Adobe-Experience-Manager'], freshEnv);
			expect(second.code).toBe(1);
			expect(second.stderr).toMatch(/another pf discover for Adobe-Experience-Manager is running \(started by tester\)/);
			expect(spawned.child.kill('SIGKILL')).toBe(true);
			const killed = await spawned.done;
			expect(killed.signal).toBe('SIGKILL');

			const [run] = await fresh.sql`select status, page_offset, page_position, pages_fetched, listed from core_discovery_runs`;
			expect(run).toEqual({status: 'running', page_offset: 'pR2xT9aa01-Zq', page_position: 0, pages_fetched: 2, listed: 4});
			const partial = await fresh.sql<{domain: string}[]>`select domain from core_companies order by domain`;
			expect(partial.map((c) => c.domain)).toEqual(['contoso.co.uk', 'known-target.com', 'northwind-retail.com']);

			server.hang.clear();
			server.onHang = undefined;
			server.requests.length = 0;
			const resumed = await pf(['discover', 'Adobe-Experience-Manager', '--json'], freshEnv);
			expect(resumed.code).toBe(0);
			expect(server.requests.map((r) => r.offset)).toEqual(['pR2xT9aa01-Zq', 'zz83KQ-last-but-one']);
			const report = JSON.parse(resumed.stdout);
			expect(report).toMatchObject({status: 'completed', resumed: true, pages: 2, counts: {listed: 7}});
			expect(report.runTotals).toMatchObject({pages: 4, listed: 11, newCompanies: 6, skippedCustomer: 2, invalid: 1});
			const companies = await fresh.sql<{domain: string}[]>`select domain from core_companies order by domain`;
			expect(companies.map((c) => c.domain)).toEqual(expectedTargets);
			const [runCount] = await fresh.sql<{runs: number}[]>`select count(*)::int as runs from core_discovery_runs`;
			expect(runCount!.runs).toBe(1);
		} finally {
			await fresh.drop();
		}
	});
});
