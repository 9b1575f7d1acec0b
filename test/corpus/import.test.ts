/**
 * Imports the real legacy database (../shared/data/legacy/partnerforge.db) and checks
 * the reconciliation: every table accounted for, all 2,687 targets land with their
 * intel, the 400 customers are accounted for and excluded from targets, the hot leads
 * view shows the imported priorities, and a second import changes nothing.
 */
import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {repoRoot} from '../helpers/run-pf.js';

const legacyFile = path.resolve(repoRoot, '..', 'shared', 'data', 'legacy', 'partnerforge.db');
const legacySha256 = '239dadc1d2ed44791f4411994b3305f8c10621e28ea3fdf27e1b087706d856f3';

type Report = {ok: boolean; newRows: number; updatedRows: number; tables: {table: string; read: number; loaded: number; merged: number; rejected: number; ok: boolean}[]; customers: {resolved: Record<string, number>; unresolved: number}};

describe.skipIf(!existsSync(legacyFile))('pf import of the shared legacy database', () => {
	let db: TestDatabase;
	let report: Report;

	beforeAll(async () => {
		db = await createTestDatabase();
		const run = await runPf(['import', legacyFile, '--json'], {env: {DATABASE_URL: db.url}, timeoutMs: 120_000});
		expect(run.code, run.stderr).toBe(0);
		report = JSON.parse(run.stdout) as Report;
	}, 150_000);

	afterAll(async () => {
		await db?.drop();
	});

	it('reconciles every one of the 16 tables exactly', () => {
		expect(report.ok).toBe(true);
		expect(report.tables).toHaveLength(16);
		for (const table of report.tables) {
			expect(table.ok, table.table).toBe(true);
			expect(table.read, table.table).toBe(table.loaded + table.merged + table.rejected);
		}
		const reads = Object.fromEntries(report.tables.map((table) => [table.table, table.read]));
		expect(reads).toMatchObject({displacement_targets: 2687, companies: 400, competitive_intel: 25, case_studies: 161, customer_quotes: 379, customer_logos: 1302, proof_points: 81, verified_case_studies: 16, technologies: 3, company_technologies: 390, enrichment_status: 10});
	});

	it('lands all 2,687 targets with their intel', async () => {
		const targets = report.tables.find((table) => table.table === 'displacement_targets')!;
		expect(targets).toMatchObject({read: 2687, loaded: 2687, merged: 0, rejected: 0});
		const [counts] = await db.sql`
			select (select count(*) from core_companies)::int as companies,
			       (select count(*) from intel_icp_priority_mapping where model_version = 'legacy-icp' and data_source = 'legacy_import')::int as priorities,
			       (select count(*) from intel_search_provider)::int as providers,
			       (select count(*) from intel_technology_stack where is_partner_tech)::int as partner_tech,
			       (select count(*) from legacy_target_details)::int as details,
			       (select count(*) from intel_executive_quotes where source_url is null and quote_context like 'legacy, unsourced%')::int as unsourced_quotes,
			       (select count(*) from intel_strategic_context)::int as contexts`;
		expect(counts).toEqual({companies: 2687, priorities: 2687, providers: 2687, partner_tech: 2687, details: 2687, unsourced_quotes: 20, contexts: 20});
		// 627 of them are multi-label suffixes or sub-domains that the spec's regex would have rejected.
		const [multi] = await db.sql`select count(*)::int as n from core_companies where domain !~ '^[a-zA-Z0-9][a-zA-Z0-9-]*\\.[a-zA-Z]{2,}$'`;
		expect(multi!.n).toBe(627);
	});

	it('keeps every digit of the revenue', async () => {
		const [row] = await db.sql`select latest_revenue::text as revenue from intel_financial_profile where domain = 'mercedes-benz.com'`;
		expect(row!.revenue).toBe('136974000128');
		const [cvs] = await db.sql`select latest_revenue::text as revenue from intel_financial_profile where domain = 'caremark.com'`;
		expect(cvs!.revenue).toBe('357000000000');
	});

	it('accounts for the 400 customers and keeps them out of the targets', async () => {
		const companies = report.tables.find((table) => table.table === 'companies')!;
		expect(companies.read).toBe(400);
		expect(companies.loaded + companies.merged).toBe(400);
		const [customers] = await db.sql`select count(*)::int as all, count(domain)::int as with_domain from core_customers where source = 'legacy_import'`;
		expect(customers!.all).toBe(companies.loaded);
		expect(customers!.with_domain).toBeGreaterThanOrEqual(31);
		const overlap = await db.sql`select t.domain from v_displacement_targets t join core_customers c on c.domain = t.domain where c.is_customer`;
		expect(overlap).toEqual([]);
		const hotCustomers = await db.sql`select h.domain from v_hot_leads h join core_customers c on c.domain = h.domain`;
		expect(hotCustomers).toEqual([]);
	});

	it('shows the imported priorities in the hot leads and displacement targets views', async () => {
		const hot = await db.sql<{domain: string; priority_score: number}[]>`select domain, priority_score from v_hot_leads`;
		expect(hot.length).toBeGreaterThan(0);
		expect(hot.map((row) => row.priority_score)).toEqual([...hot.map((row) => row.priority_score)].sort((a, b) => b - a));
		expect(hot.map((row) => row.domain)).toContain('mercedes-benz.com');
		const [targets] = await db.sql`select count(*)::int as n from v_displacement_targets`;
		expect(targets!.n).toBe(2687);
	});

	it('a second import of the same file changes nothing, and the file is untouched', async () => {
		const run = await runPf(['import', legacyFile, '--json'], {env: {DATABASE_URL: db.url}, timeoutMs: 120_000});
		expect(run.code, run.stderr).toBe(0);
		const again = JSON.parse(run.stdout) as Report;
		expect(again.ok).toBe(true);
		expect(again.newRows).toBe(0);
		expect(again.updatedRows).toBe(0);
		expect(createHash('sha256').update(readFileSync(legacyFile)).digest('hex')).toBe(legacySha256);
	}, 150_000);
});
