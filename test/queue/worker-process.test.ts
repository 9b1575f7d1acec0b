import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {cpuSeconds, dropRedisPrefix, redisReachable, redisUrl, startWorkerProcess, stopAllWorkers, uniquePrefix, waitFor, workerReady} from './helpers.js';

const reachable = await redisReachable();
const prefix = uniquePrefix('proc');

type Row = {status: string; modules_completed: string[]; retry_count: number};

afterAll(async () => {
	await stopAllWorkers();
	if (reachable) await dropRedisPrefix(redisUrl!, prefix);
});

const backends = [
	{name: 'PostgreSQL', redis: undefined as string | undefined, skip: false, why: ''},
	{name: 'Redis', redis: redisUrl, skip: !reachable, why: redisUrl ? `${redisUrl} is unreachable` : 'REDIS_URL is not set'},
];

describe.each(backends)('pf worker on $name', ({redis, skip, why}) => {
	let db: TestDatabase;
	let env: Record<string, string>;
	let config: string | undefined;

	beforeAll(async () => {
		if (skip) return;
		config = mkdtempSync(path.join(os.tmpdir(), 'pf-worker-conf-'));
		db = await createTestDatabase();
		env = {DATABASE_URL: db.url, XDG_CONFIG_HOME: config, ...(redis ? {REDIS_URL: redis, PF_QUEUE_PREFIX: prefix} : {})};
	});

	afterAll(async () => {
		await stopAllWorkers();
		await db?.drop();
		if (config) rmSync(config, {recursive: true, force: true});
	});

	async function job(domain: string): Promise<Row & {id: string}> {
		const [row] = await db.sql<(Row & {id: string})[]>`select id, status, modules_completed, retry_count from core_enrichment_jobs where domain = ${domain} order by created_at desc limit 1`;
		return row!;
	}

	it.skipIf(skip)(`a worker killed with SIGKILL mid-job: the job is picked up again and completes with no duplicate rows${skip ? ` (skipped: ${why})` : ''}`, async () => {
		const first = startWorkerProcess({...env, PF_TEST_STEP_MS: '250'});
		await workerReady(first);
		expect((await runPf(['enrich', 'killed.test'], {env})).code).toBe(0);
		await waitFor(async () => (await job('killed.test')).modules_completed.length >= 3, {what: 'a few modules to complete'});
		process.kill(first.pid, 'SIGKILL');
		await first.exited;
		const before = await job('killed.test');
		expect(before.status).toBe('running');
		expect(before.modules_completed.length).toBeLessThan(15);

		const second = startWorkerProcess({...env, PF_TEST_STEP_MS: '5'});
		await workerReady(second);
		const after = await waitFor(async () => {
			const row = await job('killed.test');
			return row.status === 'completed' && row;
		}, {timeoutMs: 20_000, what: 'the job to complete on the second worker'});
		expect(new Set(after.modules_completed).size).toBe(15);
		expect(after.modules_completed).toHaveLength(15);
		const [counts] = await db.sql<{rows: number; history: number; queue: string}[]>`
			select (select count(*)::int from intel_technology_stack where domain = 'killed.test') as rows,
				(select count(*)::int from jobs_enrichment_history where domain = 'killed.test') as history,
				(select status from jobs_enrichment_queue where domain = 'killed.test') as queue
		`;
		expect(counts).toEqual({rows: 15, history: 1, queue: 'completed'});
		expect((await second.stop()).code).toBe(0);
	});

	it.skipIf(skip)(`SIGTERM stops the worker cleanly: the running job finishes first, exit 0, no preferences written${skip ? ` (skipped: ${why})` : ''}`, async () => {
		const worker = startWorkerProcess({...env, PF_TEST_STEP_MS: '150'});
		await workerReady(worker);
		expect((await runPf(['enrich', 'graceful.test'], {env})).code).toBe(0);
		await waitFor(async () => (await job('graceful.test')).status === 'running', {what: 'the job to start'});
		const result = await worker.stop(20_000);
		expect(result).toEqual({code: 0, signal: null});
		expect(worker.stderr()).toContain('SIGTERM: stopping, waiting for 1 running job');
		expect(worker.stderr()).toContain('stopped');
		expect((await job('graceful.test')).status).toBe('completed');
		// The worker never writes local preferences (conf is the CLI's and TUI's alone).
		expect(readdirSync(config!)).toEqual([]);
	});
});

describe('pf worker idle on the PostgreSQL backend', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
	});
	afterAll(async () => {
		await stopAllWorkers();
		await db?.drop();
	});

	it('does not spin (BullMQ\'s schema is migrated; the worker blocks on LISTEN)', async () => {
		const worker = startWorkerProcess({DATABASE_URL: db.url});
		await workerReady(worker);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		const start = cpuSeconds(worker.pid, (file) => readFileSync(file, 'utf8'));
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const used = cpuSeconds(worker.pid, (file) => readFileSync(file, 'utf8')) - start;
		// A worker looping on SchemaMigrationRequiredError burns ~3 s of CPU here.
		expect(used).toBeLessThan(0.3);
		expect((await worker.stop()).code).toBe(0);
	});
});
