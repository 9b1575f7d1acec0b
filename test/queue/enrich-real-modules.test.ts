/**
 * `pf enrich <domain> --wait` with a `pf worker` running the real modules (the source
 * clients and the analysis steps), every source pointed at the local replay server of the
 * sources tests: the intel tables fill, the job history shows the calls and their cost,
 * and a repeat within the cache TTL makes no external call.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {DOMAIN, replayEnv, startReplayServer} from '../enrichment/sources/replay-server.js';
import type {LocalServer} from '../enrichment/sources/local-server.js';
import {startWorkerProcess, stopAllWorkers, workerReady} from './helpers.js';

let db: TestDatabase;
let server: LocalServer;
let env: Record<string, string>;

beforeAll(async () => {
	db = await createTestDatabase();
	server = await startReplayServer();
	env = {...(replayEnv(server) as Record<string, string>), DATABASE_URL: db.url};
	const worker = startWorkerProcess({...env, PF_ENRICHMENT_MODULES: undefined});
	await workerReady(worker);
});

afterAll(async () => {
	await stopAllWorkers();
	await server?.close();
	await db?.drop();
});

type JobJson = {id: string; status: string; apiCalls: number; costEstimate: number; modules: Record<string, {status: string; note?: string}>};

describe('pf enrich --wait with the real modules', () => {
	it('fills the intel tables, and the history shows the calls and their cost', async () => {
		const result = await runPf(['enrich', DOMAIN, '--wait', '--json'], {env, timeoutMs: 60_000});
		const [job] = JSON.parse(result.stdout) as JobJson[];
		const notes = Object.entries(job!.modules).filter(([, m]) => m.status !== 'completed').map(([name, m]) => `${name}: ${m.status} ${m.note ?? ''}`);
		expect(result.code, `${result.stderr}\n${notes.join('\n')}`).toBe(0);
		expect(job!.status).toBe('completed');
		expect(job!.apiCalls).toBeGreaterThan(20);
		expect(job!.costEstimate).toBeGreaterThan(0);
		expect(result.stderr).toMatch(/technology\s+completed/);
		expect(result.stderr).toMatch(/brief\s+completed/);

		const [counts] = await db.sql<{tech: number; traffic: number; financial: number; icp: number; brief: number}[]>`
			select (select count(*)::int from intel_technology_stack where domain = ${DOMAIN}) as tech,
				(select count(*)::int from intel_traffic_analysis where domain = ${DOMAIN}) as traffic,
				(select count(*)::int from intel_financial_profile where domain = ${DOMAIN}) as financial,
				(select count(*)::int from intel_icp_priority_mapping where domain = ${DOMAIN}) as icp,
				(select count(*)::int from intel_strategic_signal_briefs where domain = ${DOMAIN}) as brief
		`;
		expect(counts).toMatchObject({traffic: 1, financial: 1, icp: 1, brief: 1});
		expect(counts!.tech).toBeGreaterThan(0);
		const [history] = await db.sql`select status, api_calls_made, api_cost_estimate::float8 as cost from jobs_enrichment_history where id = ${job!.id}`;
		expect(history).toMatchObject({status: 'completed', api_calls_made: job!.apiCalls});
		expect(history!.cost).toBeCloseTo(job!.costEstimate, 4);
		const [audited] = await db.sql<{n: number}[]>`select count(*)::int as n from audit_api_calls where domain = ${DOMAIN}`;
		expect(audited!.n).toBeGreaterThan(0);
	});

	it('a repeat within the cache TTL makes no external call', async () => {
		const before = server.requests.length;
		const result = await runPf(['enrich', DOMAIN, '--wait', '--json'], {env, timeoutMs: 60_000});
		expect(result.code, result.stderr).toBe(0);
		const [job] = JSON.parse(result.stdout) as JobJson[];
		expect(job).toMatchObject({status: 'completed', apiCalls: 0});
		expect(server.requests.length).toBe(before);
	});
});
