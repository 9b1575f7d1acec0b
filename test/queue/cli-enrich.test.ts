import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {startWorkerProcess, stopAllWorkers, workerReady, type WorkerProcess} from './helpers.js';

let db: TestDatabase;
let env: Record<string, string>;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pf-enrich-'));

beforeAll(async () => {
	db = await createTestDatabase();
	env = {DATABASE_URL: db.url, PF_QUEUE_BACKOFF_MS: '100'};
});

afterAll(async () => {
	await stopAllWorkers();
	await db?.drop();
	rmSync(scratch, {recursive: true, force: true});
});

async function counts() {
	const [row] = await db.sql<{jobs: number; companies: number}[]>`
		select (select count(*)::int from core_enrichment_jobs) as jobs, (select count(*)::int from core_companies) as companies
	`;
	return row!;
}

describe('pf enrich: bad input enqueues nothing', () => {
	it('exits 2 naming the invalid domain, with nothing written', async () => {
		const result = await runPf(['enrich', 'acme.com', 'not a domain'], {env});
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('"not a domain": it contains spaces');
		expect(result.stderr).toContain('nothing was enqueued');
		expect(await counts()).toEqual({jobs: 0, companies: 0});
	});

	it('names the line of a bad entry in a file', async () => {
		const file = path.join(scratch, 'domains.txt');
		writeFileSync(file, '# targets\nacme.com\n\nhttps://www.shop.example.co.uk/x\nAcme Corp\n');
		const result = await runPf(['enrich', '--file', file], {env});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`${file} line 5 ("Acme Corp")`);
		expect(await counts()).toEqual({jobs: 0, companies: 0});
	});

	it('refuses unknown modules, a bad priority, a ticker for many domains, and no domains', async () => {
		for (const args of [
			['enrich', 'acme.com', '--modules', 'technology,nope'],
			['enrich', 'acme.com', '--priority', '11'],
			['enrich', 'acme.com', 'b.com', '--ticker', 'ACME'],
			['enrich'],
		]) {
			const result = await runPf(args, {env});
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stdout).toBe('');
		}
		expect(await counts()).toEqual({jobs: 0, companies: 0});
	});

	it('exits 4 within 2 s when Redis at REDIS_URL is unreachable, enqueueing nothing', async () => {
		// The same process refused at once (exit 2, no connection): what start-up costs on
		// this machine right now. 2 s is the budget on an idle machine; on a loaded one the
		// connection may add at most 1.5 s to the start-up.
		const baselineStart = Date.now();
		expect((await runPf(['enrich', 'not a domain'], {env: {...env, REDIS_URL: 'redis://127.0.0.1:1'}})).code).toBe(2);
		const baseline = Date.now() - baselineStart;
		const started = Date.now();
		const result = await runPf(['enrich', 'acme.com'], {env: {...env, REDIS_URL: 'redis://127.0.0.1:1'}});
		const elapsed = Date.now() - started;
		expect(result.code).toBe(4);
		expect(result.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
		expect(result.stdout).toBe('');
		expect(elapsed).toBeLessThan(Math.max(2_000, baseline + 1_500));
		expect(await counts()).toEqual({jobs: 0, companies: 0});
	});
});

describe('pf enrich, pf jobs and a pf worker process (PostgreSQL queue)', () => {
	let worker: WorkerProcess;

	it('enqueues from arguments and stdin, prints ids or JSON, and returns the active job on a repeat', async () => {
		const first = await runPf(['enrich', 'https://www.Alpha.test/', 'beta.test'], {env});
		expect(first.code).toBe(0);
		const ids = first.stdout.trim().split('\n');
		expect(ids).toHaveLength(2);
		expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
		expect(first.stderr).toContain('queued 2 jobs');

		const again = await runPf(['enrich', '-', '--json'], {env, input: 'alpha.test\ngamma.test\n'});
		expect(again.code).toBe(0);
		const jobs = JSON.parse(again.stdout) as {id: string; domain: string; existing: boolean}[];
		expect(jobs.map((job) => [job.domain, job.existing])).toEqual([
			['alpha.test', true],
			['gamma.test', false],
		]);
		expect(jobs[0]!.id).toBe(ids[0]);
		const [{n}] = (await db.sql`select count(*)::int as n from core_companies where domain in ('alpha.test', 'beta.test', 'gamma.test')`) as unknown as [{n: number}];
		expect(n).toBe(3);
	});

	it('cancels and retries a job before any worker runs', async () => {
		const [row] = await db.sql<{id: string}[]>`select id from core_enrichment_jobs where domain = 'gamma.test'`;
		const cancel = await runPf(['jobs', 'cancel', row!.id.slice(0, 8)], {env});
		expect(cancel.code).toBe(0);
		expect(cancel.stderr).toContain('is cancelled');
		const again = await runPf(['jobs', 'cancel', row!.id], {env});
		expect(again.code).toBe(1);
		const retry = await runPf(['jobs', 'retry', row!.id, '--json'], {env});
		expect(retry.code).toBe(0);
		expect(JSON.parse(retry.stdout)).toMatchObject({id: row!.id, status: 'pending'});
		expect((await runPf(['jobs', 'show', 'ffffffff'], {env})).code).toBe(5);
		expect((await runPf(['jobs', 'show', 'zz'], {env})).code).toBe(5);
		expect((await runPf(['jobs', '--status', 'nope'], {env})).code).toBe(2);
	});

	it('--wait follows the jobs with per-module progress on stderr and exits with their outcome', async () => {
		worker = startWorkerProcess({...env, PF_TEST_STEP_MS: '5', PF_TEST_FAIL: 'broken.test/traffic:fatal'});
		await workerReady(worker);
		const ok = await runPf(['enrich', 'delta.test', '--wait'], {env});
		expect(ok.code).toBe(0);
		expect(ok.stderr).toMatch(/company_context\s+completed\s+1 rows, 1 API calls/);
		expect(ok.stderr).toContain('delta.test: completed (15 completed, 0 failed, 15 API calls, est. $0.0150)');
		expect(ok.stdout).toMatch(/^[0-9a-f-]{36}\tdelta\.test\tcompleted\n$/);

		const bad = await runPf(['enrich', 'broken.test', 'epsilon.test', '--wait', '--json'], {env});
		expect(bad.code).toBe(1);
		const rows = JSON.parse(bad.stdout) as {domain: string; status: string; modulesFailed: string[]; modules: Record<string, {status: string; note?: string}>}[];
		const broken = rows.find((row) => row.domain === 'broken.test')!;
		expect(broken).toMatchObject({status: 'failed', modulesFailed: ['traffic']});
		expect(broken.modules.icp).toMatchObject({status: 'skipped', note: 'not run: it depends on traffic (traffic failed)'});
		expect(rows.find((row) => row.domain === 'epsilon.test')).toMatchObject({status: 'completed'});
		expect(bad.stderr).toMatch(/broken\.test\s+traffic\s+failed\s+malformed JSON from the test source/);
	});

	it('pf jobs lists (TSV, JSON, by status) and shows a job with its history', async () => {
		// The jobs queued before the worker started have run too.
		const list = await runPf(['jobs', '--json'], {env});
		expect(list.code).toBe(0);
		const jobs = JSON.parse(list.stdout) as {id: string; domain: string; status: string}[];
		expect(jobs.map((job) => job.domain).sort()).toEqual(['alpha.test', 'beta.test', 'broken.test', 'delta.test', 'epsilon.test', 'gamma.test']);
		const tsv = await runPf(['jobs', '--status', 'failed'], {env});
		expect(tsv.stdout.split('\n')[0]).toMatch(/^id\tdomain\tstatus/);
		expect(tsv.stdout.trim().split('\n').slice(1).map((line) => line.split('\t')[1])).toEqual(['broken.test']);
		const gamma = jobs.find((job) => job.domain === 'gamma.test')!;
		const show = await runPf(['jobs', 'show', gamma.id, '--json'], {env});
		expect(JSON.parse(show.stdout)).toMatchObject({status: 'completed', apiCalls: 15, history: {status: 'completed', apiCalls: 15, costEstimate: 0.015}});
		const text = await runPf(['jobs', 'show', gamma.id.slice(0, 6)], {env});
		expect(text.stdout).toContain('API calls   15 (est. $0.0150)');
		expect(text.stdout).toMatch(/brief\s+completed\s+1 rows, 1 calls/);
	});
});
