/**
 * Bad input to `pf import` exits 2 with a message naming the problem, and writes
 * nothing: a missing path, a file that is not SQLite, an SQLite file of another
 * product, a truncated or damaged file.
 */
import Database from 'better-sqlite3';
import {readFileSync, statSync, truncateSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {targetRow, tempDirectory, writeLegacyFile} from '../fixtures/import/legacy-file.js';

describe('pf import: bad input', () => {
	let db: TestDatabase;
	let directory: string;

	beforeAll(async () => {
		db = await createTestDatabase();
		directory = tempDirectory();
	});

	afterAll(async () => {
		await db?.drop();
	});

	async function expectRefused(args: string[], message: RegExp) {
		const run = await runPf(['import', ...args], {env: {DATABASE_URL: db.url}});
		expect(run.code, run.stderr).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(message);
		expect(run.stderr).toMatch(/\nhint: /);
		const [counts] = await db.sql`select (select count(*) from import_runs)::int as runs, (select count(*) from core_companies)::int as companies, (select count(*) from import_rejects)::int as rejects`;
		expect(counts).toEqual({runs: 0, companies: 0, rejects: 0});
	}

	it('refuses a path that does not exist', async () => {
		await expectRefused([path.join(directory, 'nope.db')], /nope\.db: no such file/);
	});

	it('refuses a missing argument', async () => {
		await expectRefused([], /needs the path of the legacy SQLite database/);
	});

	it('refuses a directory', async () => {
		await expectRefused([directory], /is not a file/);
	});

	it('refuses a file that is not SQLite', async () => {
		const file = path.join(directory, 'targets.csv');
		writeFileSync(file, 'domain,company\nbbc.co.uk,BBC\n'.repeat(100));
		await expectRefused([file], /targets\.csv is not an SQLite database/);
		const empty = path.join(directory, 'empty.db');
		writeFileSync(empty, '');
		await expectRefused([empty], /empty\.db is not an SQLite database/);
	});

	it('refuses an SQLite file of another product', async () => {
		const file = path.join(directory, 'other.db');
		const other = new Database(file);
		other.exec('create table notes (id integer primary key, body text); insert into notes (body) values (\'hello\')');
		other.close();
		await expectRefused([file], /not a PartnerForge one/);
	});

	it('refuses a truncated file', async () => {
		const rows = Array.from({length: 400}, (_, i) => targetRow({id: i + 1, domain: `site-${i}.example.com`, company_name: `Company ${i} `.repeat(10)}));
		const whole = writeLegacyFile({displacement_targets: rows}, {directory: tempDirectory()});
		const size = statSync(whole).size;
		expect(size).toBeGreaterThan(8 * 4096);
		// Cut at a page boundary (the header still promises the full size)…
		const cut = path.join(directory, 'cut.db');
		writeFileSync(cut, readFileSync(whole).subarray(0, 4 * 4096));
		await expectRefused([cut], /cut\.db is truncated/);
		// …and in the middle of a page.
		const torn = path.join(directory, 'torn.db');
		writeFileSync(torn, readFileSync(whole));
		truncateSync(torn, size - 1000);
		await expectRefused([torn], /torn\.db is truncated/);
	});

	it('refuses a file whose pages are damaged', async () => {
		const rows = Array.from({length: 200}, (_, i) => targetRow({id: i + 1, domain: `site-${i}.example.com`}));
		const file = writeLegacyFile({displacement_targets: rows}, {directory: tempDirectory()});
		const bytes = readFileSync(file);
		// Every b-tree page header after the schema page: no page can be read any more.
		for (let page = 1; page * 4096 < bytes.length; page++) bytes.fill(0xff, page * 4096, page * 4096 + 12);
		writeFileSync(file, bytes);
		await expectRefused([file], /is damaged|cannot be read|malformed/);
	});
});
