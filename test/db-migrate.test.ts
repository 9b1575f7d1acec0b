import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, writeFileSync, readdirSync, copyFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, type TestDatabase} from './helpers/database.js';
import {migrate, migrationFiles, migrationNames, pendingMigrations, unappliedMigrations} from '../source/db/migrate.js';
import {sqlDirectory} from '../source/config/paths.js';

let db: TestDatabase;
const scratch: string[] = [];
/** A temporary directory (a copy of sql/, say), removed after the file's tests. */
const scratchDirectory = () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pf-sql-'));
	scratch.push(dir);
	return dir;
};
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.drop();
	for (const dir of scratch) rmSync(dir, {recursive: true, force: true});
});

describe('migrations', () => {
	it('records every file with its checksum and has nothing pending', async () => {
		const rows = await db.sql<{version: number; checksum: string}[]>`select version, checksum from pf_schema_migrations order by version`;
		const files = migrationFiles();
		expect(rows.map((row) => row.version)).toEqual(files.map((file) => file.version));
		expect(rows.map((row) => row.checksum)).toEqual(files.map((file) => file.checksum));
		expect(await pendingMigrations(db.sql)).toEqual([]);
	});

	it('refuses a changed, already-applied file and applies nothing', async () => {
		const dir = scratchDirectory();
		for (const name of readdirSync(sqlDirectory())) copyFileSync(path.join(sqlDirectory(), name), path.join(dir, name));
		const first = migrationFiles(dir)[0]!;
		writeFileSync(path.join(dir, first.file), first.text + '\n-- tampered\n');
		writeFileSync(path.join(dir, '9999_new_table.sql'), 'create table pf_should_not_exist (id int);');
		await expect(migrate(db.sql, migrationFiles(dir))).rejects.toThrow(/was changed after it was applied/);
		const [row] = await db.sql`select to_regclass('pf_should_not_exist') as name`;
		expect(row!.name).toBeNull();
	});

	it('tells the start-up check what is unapplied by version alone, and a newer database apart', async () => {
		const dir = scratchDirectory();
		for (const name of readdirSync(sqlDirectory())) copyFileSync(path.join(sqlDirectory(), name), path.join(dir, name));
		expect(migrationNames(dir)).toEqual(migrationFiles(dir).map(({version, name}) => ({version, name})));
		expect(await unappliedMigrations(db.sql, dir)).toEqual([]);
		writeFileSync(path.join(dir, '9997_later.sql'), 'select 1;');
		expect(await unappliedMigrations(db.sql, dir)).toEqual([{version: 9997, name: '9997_later'}]);
		const newer = scratchDirectory();
		for (const name of readdirSync(sqlDirectory()).slice(1)) copyFileSync(path.join(sqlDirectory(), name), path.join(newer, name));
		await expect(unappliedMigrations(db.sql, newer)).rejects.toThrow(/applied to the database but its file is missing.*/);
	});

	it('applies a new migration once, and a failing one leaves nothing behind', async () => {
		const dir = scratchDirectory();
		for (const name of readdirSync(sqlDirectory())) copyFileSync(path.join(sqlDirectory(), name), path.join(dir, name));
		writeFileSync(path.join(dir, '9998_ok.sql'), 'create table pf_ok_table (id int);');
		writeFileSync(path.join(dir, '9999_broken.sql'), 'create table pf_broken (id int); select no_such_function();');
		await expect(migrate(db.sql, migrationFiles(dir))).rejects.toThrow(/9999_broken.sql failed.*nothing was applied/);
		const [row] = await db.sql`select to_regclass('pf_ok_table') as ok, to_regclass('pf_broken') as broken`;
		expect(row).toEqual({ok: null, broken: null});
	});
});

describe('schema deviations', () => {
	it('accepts any valid lowercase hostname and rejects names', async () => {
		for (const domain of ['bbc.co.uk', 'accounts.illinois.gov', 'xn--mnchen-3ya.de', 'a-b.com.au']) {
			await db.sql`insert into core_companies (domain) values (${domain})`;
		}
		for (const bad of ['5.11 tactical', 'Example.com', 'localhost', '-bad.com', 'bad-.com', 'a..b.com', '']) {
			await expect(db.sql`insert into core_companies (domain) values (${bad})`).rejects.toThrow(/valid_domain/);
		}
	});

	it('partitions the API-call audit and job history by month, ahead of time', async () => {
		const rows = await db.sql<{parent: string; child: string}[]>`
			select p.relname as parent, c.relname as child
			from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
			where p.relname in ('audit_api_calls', 'jobs_enrichment_history')`;
		const month = new Date().toISOString().slice(0, 7).replace('-', '_');
		for (const parent of ['audit_api_calls', 'jobs_enrichment_history']) {
			const children = rows.filter((row) => row.parent === parent).map((row) => row.child);
			expect(children).toContain(`${parent}_${month}`);
			expect(children).toContain(`${parent}_default`);
			expect(children.length).toBeGreaterThanOrEqual(5);
		}
		await db.sql`insert into audit_api_calls (external_api, called_at) values ('builtwith', now()), ('builtwith', '2001-01-01')`;
		const [count] = await db.sql`select count(*)::int as n from audit_api_calls`;
		expect(count!.n).toBe(2);
	});

	it('hides soft-deleted companies from the views', async () => {
		await db.sql`insert into core_companies (domain, company_name) values ('gone.example.com', 'Gone')`;
		await db.sql`insert into intel_icp_priority_mapping (domain, priority_status, priority_score) values ('gone.example.com', 'HOT', 90)`;
		expect((await db.sql`select domain from v_hot_leads where domain = 'gone.example.com'`).length).toBe(1);
		await db.sql`update core_companies set deleted_at = now() where domain = 'gone.example.com'`;
		expect((await db.sql`select domain from v_hot_leads where domain = 'gone.example.com'`).length).toBe(0);
		expect((await db.sql`select domain from v_enrichment_dashboard where domain = 'gone.example.com'`).length).toBe(0);
	});

	it('maintains updated_at on update', async () => {
		await db.sql`insert into core_companies (domain, updated_at) values ('touch.example.com', '2020-01-01')`;
		await db.sql`update core_companies set company_name = 'Touched' where domain = 'touch.example.com'`;
		const [row] = await db.sql<{updated_at: Date}[]>`select updated_at from core_companies where domain = 'touch.example.com'`;
		expect(row!.updated_at.getTime()).toBeGreaterThan(Date.parse('2025-01-01'));
	});
});
