import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, type TestDatabase} from './helpers/database.js';
import {runPf, repoRoot} from './helpers/run-pf.js';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.drop();
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('pf CLI skeleton', () => {
	it('prints its version and help', async () => {
		const version = await runPf(['--version']);
		expect(version.code).toBe(0);
		expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
		const help = await runPf(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/Usage/);
		expect(help.stdout).toMatch(/db\s+status, migrate/);
	});

	it('refuses an unknown command with exit 2 and nothing on stdout', async () => {
		const result = await runPf(['frobnicate']);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/pf: error: unknown command "frobnicate"/);
		expect(result.stderr).toMatch(/hint:/);
	});

	it('reports status and migrations of a DATABASE_URL server', async () => {
		const result = await runPf(['db', 'status', '--json'], {env: {DATABASE_URL: db.url}});
		expect(result.code).toBe(0);
		const status = JSON.parse(result.stdout);
		expect(status).toMatchObject({kind: 'server', running: true, reachable: true, migrations: {pending: []}});
		expect(status.serverVersion).toMatch(/^PostgreSQL \d+/);
		const migrate = await runPf(['db', 'migrate'], {env: {DATABASE_URL: db.url}});
		expect(migrate.code).toBe(0);
		expect(migrate.stderr).toMatch(/up to date/);
	});

	it('exits 3 naming the host when DATABASE_URL is unreachable, without a stack', async () => {
		const port = await closedPort();
		const started = Date.now();
		const result = await runPf(['db', 'status'], {env: {DATABASE_URL: `postgres://pf@127.0.0.1:${port}/nowhere`}});
		expect(result.code).toBe(3);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain(`127.0.0.1:${port}`);
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('exits 2 on a malformed DATABASE_URL', async () => {
		for (const url of ['not a url', 'mysql://root@127.0.0.1/db', 'postgres://h:99999/db']) {
			const result = await runPf(['db', 'status'], {env: {DATABASE_URL: url}});
			expect(result.code, url).toBe(2);
			expect(result.stderr).toMatch(/pf: error: DATABASE_URL/);
		}
	});

	it('refuses unknown flags with exit 2', async () => {
		const result = await runPf(['db', 'status', '--bogus']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/unknown flag --bogus/);
	});

	it('says when the embedded database has not been created, without creating it', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pf-status-'));
		const result = await runPf(['db', 'status', '--json'], {env: {PF_DATA_DIR: dataDir}});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({kind: 'embedded', running: false});
		rmSync(dataDir, {recursive: true, force: true});
	});
});
