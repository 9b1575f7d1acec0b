import {afterAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {runPf} from './helpers/run-pf.js';
import {embeddedLayout, runningServer} from '../source/db/embedded.js';

// The server runs as `postgres` when the suite runs as root: /tmp is reachable.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pf-embedded-test-'));
const env = {PF_DATA_DIR: dataDir};

afterAll(async () => {
	await runPf(['db', 'stop'], {env});
	rmSync(dataDir, {recursive: true, force: true});
});

describe('the embedded default database', () => {
	it('is created, started and migrated on first use, shared by concurrent pf processes', async () => {
		const runs = await Promise.all([runPf(['db', 'start'], {env, timeoutMs: 60_000}), runPf(['db', 'start'], {env, timeoutMs: 60_000}), runPf(['db', 'migrate', '--json'], {env, timeoutMs: 60_000})]);
		for (const run of runs) expect(run.code, run.stderr).toBe(0);
		const server = runningServer(embeddedLayout(dataDir));
		expect(server).toBeDefined();
		const status = JSON.parse((await runPf(['db', 'status', '--json'], {env})).stdout);
		expect(status).toMatchObject({kind: 'embedded', running: true, migrations: {pending: []}});
		expect(status.location).toContain(`127.0.0.1:${server!.port}`);
		// A later one-liner finds the running server: same postmaster, no new start.
		await runPf(['db', 'status'], {env});
		expect(runningServer(embeddedLayout(dataDir))?.pid).toBe(server!.pid);
	});

	it('recovers after a crash left a stale postmaster.pid and a stale start lock', async () => {
		const layout = embeddedLayout(dataDir);
		const server = runningServer(layout)!;
		process.kill(server.pid, 'SIGKILL'); // the postmaster this test file started
		for (let i = 0; i < 100 && runningServer(layout); i++) await new Promise((resolve) => setTimeout(resolve, 50));
		expect(existsSync(path.join(layout.clusterDir, 'postmaster.pid'))).toBe(true);
		writeFileSync(layout.lockFile, '999999'); // a pid that is not running
		const status = JSON.parse((await runPf(['db', 'status', '--json'], {env})).stdout);
		expect(status.running).toBe(false);
		const start = await runPf(['db', 'start'], {env, timeoutMs: 60_000});
		expect(start.code, start.stderr).toBe(0);
		const again = runningServer(layout);
		expect(again).toBeDefined();
		expect(again!.pid).not.toBe(server.pid);
		expect(existsSync(layout.lockFile)).toBe(false);
	});

	it('stops with pf db stop and says so', async () => {
		const stop = await runPf(['db', 'stop'], {env});
		expect(stop.code).toBe(0);
		expect(stop.stderr).toMatch(/stopped/);
		expect(runningServer(embeddedLayout(dataDir))).toBeUndefined();
		expect(readFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
	});
});
