import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {runPf} from '../helpers/run-pf.js';

// Once a database has accounts, every command that writes needs a valid key (issue 8):
// scoring and building briefs store rows, so they are guarded like enqueueing.
let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
	await db.sql`insert into core_companies (domain, company_name) values ('guarded.example.com', 'Guarded')`;
});
afterAll(async () => {
	await db?.drop();
});

describe('writes without a key on a database with accounts', () => {
	it('are allowed while the database has no accounts', async () => {
		const score = await runPf(['score', '--all', '--json'], {env: {DATABASE_URL: db.url}});
		expect(score.code, score.stderr).toBe(0);
	});

	it('are refused with exit 6 once an account exists, and nothing is written', async () => {
		const add = await runPf(['users', 'add', 'boss@example.com', '--role', 'admin'], {env: {DATABASE_URL: db.url}});
		expect(add.code, add.stderr).toBe(0);
		const [before] = await db.sql<{n: number}[]>`select count(*)::int as n from intel_strategic_signal_briefs`;
		for (const args of [['score', '--all'], ['brief', '--all'], ['brief', 'guarded.example.com', '--regenerate']]) {
			const result = await runPf(args, {env: {DATABASE_URL: db.url, PF_API_KEY: undefined, PF_CONFIG_DIR: '/nonexistent-pf-config'}});
			expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(6);
			expect(result.stdout).toBe('');
		}
		const [after] = await db.sql<{n: number}[]>`select count(*)::int as n from intel_strategic_signal_briefs`;
		expect(after!.n).toBe(before!.n);
	});
});
