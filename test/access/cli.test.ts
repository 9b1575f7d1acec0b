/**
 * The built CLI end to end: bootstrap of the first admin, keys shown once, exit 6 for a
 * readonly or revoked key with nothing enqueued, the rate limit over the CLI, and the
 * security checks — no key or secret in output of later commands, errors, audit rows,
 * the preferences file or the queue rows; the saved key's file is mode 0600.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {runPf, type PfRun} from '../helpers/run-pf.js';

let db: TestDatabase;
let configDir: string;
const outputs: PfRun[] = [];
const secrets: string[] = [];

async function pf(args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<PfRun> {
	const result = await runPf(args, {env: {DATABASE_URL: db.url, PF_CONFIG_DIR: configDir, PF_API_KEY: undefined, REDIS_URL: undefined, ...env}, input});
	outputs.push(result);
	return result;
}

async function createKey(args: string[], env: Record<string, string | undefined>): Promise<{key: string; prefix: string}> {
	const result = await runPf(['keys', 'create', ...args, '--json'], {env: {DATABASE_URL: db.url, PF_CONFIG_DIR: configDir, ...env}});
	expect(result.code, result.stderr).toBe(0);
	const created = JSON.parse(result.stdout) as {key: string; prefix: string};
	expect(result.stderr).not.toContain(created.key);
	expect(result.stderr).toContain('only time the key is shown');
	secrets.push(created.key);
	return created;
}

let admin: {key: string; prefix: string};

beforeAll(async () => {
	db = await createTestDatabase();
	configDir = mkdtempSync(path.join(os.tmpdir(), 'pf-access-cli-'));
});

afterAll(async () => {
	rmSync(configDir, {recursive: true, force: true});
	await db.drop();
});

const jobCount = async () => (await db.sql<{n: number}[]>`select count(*)::int as n from core_enrichment_jobs`)[0]!.n;

describe('accounts and keys through the CLI', () => {
	it('bootstraps: the first admin and its key need no key, then changes do', async () => {
		expect((await pf(['keys', 'whoami'])).stdout).toMatch(/^local/);
		expect((await pf(['users', 'add', 'Boss@Example.com', '--role', 'admin'])).code).toBe(0);
		admin = await createKey(['--user', 'boss@example.com', '--permissions', 'read,enrich,admin'], {});
		const refused = await pf(['users', 'add', 'someone@example.com']);
		expect(refused.code).toBe(6);
		expect(refused.stderr).toMatch(/needs an API key/);
		expect((await pf(['users', 'add', 'reader@example.com', '--role', 'readonly'], {PF_API_KEY: admin.key})).code).toBe(0);
		expect((await pf(['users', 'add', 'analyst@example.com', '--role', 'user'], {PF_API_KEY: admin.key})).code).toBe(0);
		const list = await pf(['users', 'list', '--json'], {PF_API_KEY: admin.key});
		expect((JSON.parse(list.stdout) as {email: string}[]).map((row) => row.email)).toEqual(['analyst@example.com', 'boss@example.com', 'reader@example.com']);
	});

	it('a readonly key cannot enqueue: exit 6 and nothing written', async () => {
		const reader = await createKey(['--user', 'reader@example.com', '--permissions', 'read'], {PF_API_KEY: admin.key});
		const before = await jobCount();
		const result = await pf(['enrich', 'shop.example.com'], {PF_API_KEY: reader.key});
		expect(result.code).toBe(6);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/may not enqueue enrichments/);
		expect(await jobCount()).toBe(before);
		const [companies] = await db.sql<{n: number}[]>`select count(*)::int as n from core_companies where domain = 'shop.example.com'`;
		expect(companies!.n).toBe(0);
	});

	it('a revoked key and an expired key are refused', async () => {
		const analyst = await createKey(['--user', 'analyst@example.com', '--permissions', 'read,enrich', '--expires', '30d'], {PF_API_KEY: admin.key});
		expect((await pf(['keys', 'whoami'], {PF_API_KEY: analyst.key})).stdout).toContain('analyst@example.com');
		await db.sql`update users_api_keys set expires_at = now() - interval '1 minute' where key_prefix = ${analyst.prefix}`;
		const expired = await pf(['enrich', 'shop.example.com'], {PF_API_KEY: analyst.key});
		expect(expired.code).toBe(6);
		expect(expired.stderr).toMatch(/expired/);

		const other = await createKey(['--user', 'analyst@example.com', '--permissions', 'read,enrich'], {PF_API_KEY: admin.key});
		expect((await pf(['keys', 'revoke', other.prefix], {PF_API_KEY: admin.key})).code).toBe(0);
		const revoked = await pf(['enrich', 'shop.example.com'], {PF_API_KEY: other.key});
		expect(revoked.code).toBe(6);
		expect(revoked.stderr).toMatch(/revoked/);
		expect(await jobCount()).toBe(0);
		const list = JSON.parse((await pf(['keys', 'list', '--user', 'analyst@example.com', '--json'], {PF_API_KEY: admin.key})).stdout) as {prefix: string; status: string}[];
		expect(list.map((row) => row.status).sort()).toEqual(['expired', 'revoked']);
	});

	it('a key guessed from its prefix is refused', async () => {
		const guess = `pf_${admin.prefix}${'0'.repeat(40)}`;
		const result = await pf(['users', 'list'], {PF_API_KEY: guess});
		expect(result.code).toBe(6);
		expect(result.stderr).toMatch(/not a valid API key/);
	});

	it('over the rate limit: exit 6, when to retry, nothing enqueued', async () => {
		const limited = await createKey(['--user', 'analyst@example.com', '--permissions', 'read,enrich', '--rpm', '2'], {PF_API_KEY: admin.key});
		const first = await pf(['enrich', 'one.example.com', 'two.example.com'], {PF_API_KEY: limited.key});
		expect(first.code, first.stderr).toBe(0);
		const third = await pf(['enrich', 'three.example.com'], {PF_API_KEY: limited.key});
		expect(third.code).toBe(6);
		expect(third.stderr).toMatch(/rate limit reached: key \w{8} may enqueue 2 per minute/);
		// The window can be a full minute away: "retry in 1 min" as well as "retry in 42 s".
		expect(third.stderr).toMatch(/hint: retry in \d+ (s|min)\b/);
		const domains = await db.sql<{domain: string}[]>`select domain from core_enrichment_jobs order by domain`;
		expect(domains.map((row) => row.domain)).toEqual(['one.example.com', 'two.example.com']);
		const actions = await db.sql<{domain: string}[]>`select domain from audit_user_actions where action = 'enrich.enqueue' order by domain`;
		expect(actions.map((row) => row.domain)).toEqual(['one.example.com', 'two.example.com']);
	});

	it('saves a key from stdin in a 0600 file that is not the preferences file', async () => {
		const saved = await pf(['keys', 'save'], {}, `${admin.key}\n`);
		expect(saved.code, saved.stderr).toBe(0);
		const file = path.join(configDir, 'credentials.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect((await pf(['keys', 'whoami'])).stdout).toContain('boss@example.com');
		const bad = await pf(['keys', 'save'], {}, 'pf_' + 'Z'.repeat(48) + '\n');
		expect(bad.code).toBe(6);
		expect((await pf(['keys', 'forget'])).code).toBe(0);
		expect((await pf(['keys', 'whoami'])).stdout).toMatch(/^anonymous/);
	});

	it('no key appears in any output, error, audit row, queue row or preferences file', async () => {
		await pf(['config', 'set', 'theme', 'light']);
		await pf(['audit', '--json'], {PF_API_KEY: admin.key});
		for (const secret of secrets) {
			for (const output of outputs) {
				expect(output.stdout + output.stderr).not.toContain(secret);
				expect(output.stdout + output.stderr).not.toContain(secret.slice(11));
			}
			const dump = await db.sql<{text: string}[]>`
				select coalesce(string_agg(t::text, ' '), '') as text from (
					select to_jsonb(a)::text as t from audit_user_actions a
					union all select to_jsonb(d)::text from audit_data_changes d
					union all select to_jsonb(j)::text from core_enrichment_jobs j
					union all select to_jsonb(q)::text from jobs_enrichment_queue q
					union all select to_jsonb(k)::text from users_api_keys k
				) rows`;
			expect(dump[0]!.text).not.toContain(secret.slice(11));
		}
		for (const name of readdirSync(configDir).filter((file) => file !== 'credentials.json')) {
			const text = readFileSync(path.join(configDir, name), 'utf8');
			for (const secret of secrets) expect(text, name).not.toContain(secret.slice(11));
		}
	});
});
