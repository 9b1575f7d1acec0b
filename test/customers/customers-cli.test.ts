/**
 * `pf customers` and `pf partners` through the built CLI: CSV import with header
 * detection, refusals (exit 2, nothing written), who/why recorded, output formats.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {pf} from '../discovery/spawn-pf.js';

describe('pf customers / pf partners', () => {
	let db: TestDatabase;
	let dir: string;
	let env: Record<string, string>;
	const csv = (name: string, text: string) => {
		const file = path.join(dir, name);
		writeFileSync(file, text);
		return file;
	};
	const counts = async () => (await db.sql`select (select count(*) from core_customers)::int as customers, (select count(*) from core_customer_changes)::int as changes`)[0];

	beforeAll(async () => {
		db = await createTestDatabase();
		dir = mkdtempSync(path.join(os.tmpdir(), 'pf-customers-'));
		env = {DATABASE_URL: db.url, PF_USER: 'sam@example.com'};
		await db.sql`insert into core_customers (domain, is_customer, source) values ('churned.com', false, 'manual')`;
	});
	afterAll(async () => {
		rmSync(dir, {recursive: true, force: true});
		await db?.drop();
	});

	it('imports a CSV: finds the domain column by its header, normalises, skips bad rows, logs each change', async () => {
		const file = csv('customers.csv', '\uFEFFAccount Name;Website;Notes\r\n"Acme; Inc.";https://www.ACME.com/;"signed ""2025"""\r\nChurned Co;churned.com;back\r\nGlobex;;legacy name only\r\nBad;not a domain;\r\nAcme again;acme.com;dup\r\n');
		const result = await pf(['customers', 'import', file, '--json'], env);
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report).toMatchObject({
			columns: {domain: 'Website', companyName: 'Account Name', note: 'Notes'},
			added: 1,
			changed: 1,
			unchanged: 0,
			unresolvedAdded: 1,
			duplicates: 1,
			rejected: [{line: 5, value: 'not a domain'}],
		});
		const rows = await db.sql`select domain, company_name, is_customer, source, note from core_customers where deleted_at is null order by domain nulls last`;
		expect(rows).toEqual([
			{domain: 'acme.com', company_name: 'Acme; Inc.', is_customer: true, source: 'csv_import', note: 'signed "2025"'},
			{domain: 'churned.com', company_name: 'Churned Co', is_customer: true, source: 'manual', note: null},
			{domain: null, company_name: 'Globex', is_customer: true, source: 'csv_import', note: 'legacy name only'},
		]);
		const changes = await db.sql`select domain, action, is_customer_before, actor, via, reason from core_customer_changes order by domain nulls last`;
		expect(changes).toEqual([
			{domain: 'acme.com', action: 'mark_customer', is_customer_before: null, actor: 'sam@example.com', via: 'csv_import', reason: 'CSV import of customers.csv'},
			{domain: 'churned.com', action: 'mark_customer', is_customer_before: false, actor: 'sam@example.com', via: 'csv_import', reason: 'CSV import of customers.csv'},
			{domain: null, action: 'mark_customer', is_customer_before: null, actor: 'sam@example.com', via: 'csv_import', reason: 'CSV import of customers.csv'},
		]);
		// Importing the same file again changes nothing.
		const again = await pf(['customers', 'import', file, '--json'], env);
		expect(JSON.parse(again.stdout)).toMatchObject({added: 0, changed: 0, unchanged: 2, unresolvedAdded: 0});
		expect((await counts())!.changes).toBe(3);
	});

	it.each([
		['no-domain.csv', 'company,notes\nAcme,x\n', /no domain column in its header \(company, notes\)/],
		['headerless.csv', 'acme.com\nglobex.com\n', /its first line \(acme.com\) is data, not a header/],
		['empty.csv', '', /the file is empty/],
	])('refuses %s with exit 2 and writes nothing', async (name, text, message) => {
		const before = await counts();
		const result = await pf(['customers', 'import', csv(name, text)], env);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(message);
		expect(result.stderr).toMatch(/hint: .*domain .*nothing was written/);
		expect(await counts()).toEqual(before);
	});

	it('add and remove need a reason, record who, and list shows the decisions', async () => {
		const before = await counts();
		const refused = await pf(['customers', 'add', 'initech.com'], env);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/needs a reason/);
		expect(await counts()).toEqual(before);

		expect((await pf(['customers', 'add', 'initech.com', '--reason', 'closed-won', '--name', 'Initech'], env)).code).toBe(0);
		const removed = await pf(['customers', 'remove', 'churned.com', '--reason', 'contract ended', '--json'], env);
		expect(JSON.parse(removed.stdout)).toMatchObject({domain: 'churned.com', before: true, after: false, changed: true, effective: false});

		const list = await pf(['customers', 'list'], env);
		expect(list.code).toBe(0);
		const lines = list.stdout.trim().split('\n').map((line) => line.split('\t'));
		expect(lines[0]).toEqual(['domain', 'company_name', 'status', 'source', 'changed_by', 'changed_at', 'reason']);
		expect(lines.slice(1).map((l) => [l[0], l[2], l[4], l[6]])).toEqual([
			['acme.com', 'customer', 'sam@example.com', 'CSV import of customers.csv'],
			['churned.com', 'not a customer', 'sam@example.com', 'contract ended'],
			['initech.com', 'customer', 'sam@example.com', 'closed-won'],
		]);
		const unresolved = await pf(['customers', 'list', '--unresolved', '--json'], env);
		expect(JSON.parse(unresolved.stdout).map((r: {companyName: string}) => r.companyName)).toEqual(['Globex']);
	});

	it('resolves a name-only customer; an unknown name exits 5', async () => {
		const missing = await pf(['customers', 'resolve', 'Umbrella Corp', 'umbrella.com'], env);
		expect(missing.code).toBe(5);
		expect(missing.stderr).toMatch(/no unresolved customer is named or numbered "Umbrella Corp"/);
		const resolved = await pf(['customers', 'resolve', 'Globex', 'globex.com'], env);
		expect(resolved.code).toBe(0);
		const status = await pf(['customers', 'status', 'globex.com', '--json'], env);
		expect(JSON.parse(status.stdout)).toMatchObject({domain: 'globex.com', effective: true, decidedBy: 'list', detected: false});
	});

	it('partners: lists the seeded catalogue, adds one, and discover knows it', async () => {
		const list = await pf(['partners', 'list', '--json'], env);
		const rows = JSON.parse(list.stdout) as {name: string; listsName: string; tier: string; leadScorePoints: number; source: string}[];
		expect(rows.find((r) => r.name === 'Adobe Commerce')).toMatchObject({listsName: 'Magento-Enterprise', tier: 'premier', leadScorePoints: 10, source: 'catalogue'});
		expect(rows).toHaveLength(11);

		const badTier = await pf(['partners', 'add', 'Optimizely CMS', '--category', 'CMS', '--tier', 'gold'], env);
		expect(badTier.code).toBe(2);
		expect(badTier.stderr).toMatch(/"gold" is not a partner tier/);
		const added = await pf(['partners', 'add', 'Optimizely CMS', '--category', 'cms', '--tier', 'core', '--alias', 'Episerver', '--json'], env);
		expect(added.code).toBe(0);
		expect(JSON.parse(added.stdout)).toMatchObject({name: 'Optimizely CMS', listsName: 'Optimizely-CMS', category: 'CMS', tier: 'core', leadScorePoints: 7, aliases: ['Episerver'], source: 'manual', createdBy: 'sam@example.com'});
		const duplicate = await pf(['partners', 'add', 'optimizely cms', '--category', 'CMS', '--tier', 'core'], env);
		expect(duplicate.code).toBe(2);
		// discover resolves the new technology by alias (and stops at the missing key, exit 2).
		const discover = await pf(['discover', 'Episerver'], {...env, BUILTWITH_API_KEY: ''});
		expect(discover.code).toBe(2);
		expect(discover.stderr).toMatch(/BUILTWITH_API_KEY is not set/);
	});

	it('once the database has accounts, a change needs a key (exit 6, nothing written)', async () => {
		await db.sql`insert into users_accounts (email, role) values ('admin@example.com', 'admin')`;
		const before = await counts();
		const refused = await pf(['customers', 'remove', 'acme.com', '--reason', 'no key'], env);
		expect(refused.code).toBe(6);
		expect(refused.stderr).toMatch(/needs an API key/);
		expect(await counts()).toEqual(before);
		// Reading needs no key.
		expect((await pf(['customers', 'list'], env)).code).toBe(0);
	});
});
