/**
 * The queue's behaviour, written once and run on each backend (queue-postgres.test.ts,
 * queue-redis.test.ts): an in-process worker with the test modules, real PostgreSQL and
 * real Redis / BullMQ's PostgreSQL backend.
 */
import {afterAll, beforeAll, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {openQueueBackend, type QueueBackend, type QueueSettings} from '../../source/queue/backend.js';
import {startWorker, type WorkerHandle} from '../../source/queue/worker.js';
import {loadStepFile} from '../../source/queue/steps.js';
import {ENRICHMENT_QUEUE, MAINTENANCE_QUEUE, queueJobId} from '../../source/queue/names.js';
import {cancelJob, enqueueEnrichment, findJob, followJobs, listJobs, retryJob, showJob} from '../../source/services/enrichment-queue.js';
import {syncSchedules} from '../../source/queue/schedules.js';
import {jobRows, type EnrichmentJobRow} from '../../source/db/jobs.js';
import {MODULE_NAMES} from '../../source/enrichment/types.js';
import {stepsFile, waitFor} from './helpers.js';

export type FlowOptions = {settings: () => QueueSettings; cleanup?: () => Promise<void>};

/** Waits until the runs have finished; returns their rows in the order of `ids`. */
export async function finished(db: TestDatabase, ids: string[], timeoutMs = 15_000): Promise<EnrichmentJobRow[]> {
	const rows = await Promise.race([
		followJobs(db.sql, ids, () => {}, {pollMs: 200}),
		new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`jobs ${ids.join(', ')} did not finish in ${timeoutMs} ms`)), timeoutMs)),
	]);
	return ids.map((id) => rows.find((row) => row.id === id)!);
}

export function queueFlow(options: FlowOptions) {
	let db: TestDatabase;
	let backend: QueueBackend;
	let worker: WorkerHandle;
	const env: NodeJS.ProcessEnv = {
		PF_TEST_STEP_MS: '5',
		PF_TEST_FAIL: [
			'retry-once.test/traffic:once',
			'fatal.test/financials:fatal',
			'always.test/hiring:retryable',
			'slow.test/company_context:slow',
			'slow.test/technology:slow',
			'again.test/investor:fatal-once',
			'nokey.test/technology:skip',
		].join(','),
	};

	beforeAll(async () => {
		db = await createTestDatabase();
		const settings = options.settings();
		backend = await openQueueBackend(db.sql, {settings});
		const steps = await loadStepFile(stepsFile);
		worker = await startWorker(db.sql, {concurrency: 4, env, settings, steps: async () => steps, scheduleSyncMs: 0});
	});

	afterAll(async () => {
		await worker?.close(true);
		if (backend) {
			for (const name of [ENRICHMENT_QUEUE, MAINTENANCE_QUEUE] as const) await (await backend.queue(name)).obliterate({force: true}).catch(() => {});
			await backend.close();
		}
		await options.cleanup?.();
		await db?.drop();
	});

	it('enriches a domain: every module, mirrored in the job, queue and history rows, with calls and cost', async () => {
		const [job] = await enqueueEnrichment(db.sql, {domains: ['https://www.Acme-Flow.com/about'], backend});
		expect(job).toMatchObject({domain: 'acme-flow.com', existing: false, status: 'pending', queueJobId: queueJobId(job!.id)});
		const [row] = await finished(db, [job!.id]);
		expect(row).toMatchObject({status: 'completed', modules_failed: [], api_calls_made: 15, api_cost_estimate: 0.015, job_type: 'full'});
		expect([...row!.modules_completed].sort()).toEqual([...MODULE_NAMES].sort());
		expect(row!.module_results.brief).toMatchObject({status: 'completed', rowsWritten: 1, apiCalls: 1});
		const [queueRow] = await db.sql`select status, redis_job_id, completed_at from jobs_enrichment_queue where id = ${job!.id}`;
		expect(queueRow).toMatchObject({status: 'completed', redis_job_id: queueJobId(job!.id)});
		const [history] = await db.sql`select status, api_calls_made, api_cost_estimate::float8 as cost, duration_seconds, modules_completed from jobs_enrichment_history where id = ${job!.id}`;
		expect(history).toMatchObject({status: 'completed', api_calls_made: 15, cost: 0.015});
		expect(history!.duration_seconds).toBeGreaterThanOrEqual(0);
		const [company] = await db.sql`select domain from core_companies where domain = 'acme-flow.com'`;
		expect(company).toBeDefined();
		const [{n}] = (await db.sql`select count(*)::int as n from intel_technology_stack where domain = 'acme-flow.com'`) as unknown as [{n: number}];
		expect(n).toBe(15);
		const details = await showJob(db.sql, job!.id.slice(0, 8));
		expect(details.history).toMatchObject({api_calls_made: 15});
	});

	it('one active job per domain: enqueueing again returns it; a finished domain can be enriched again', async () => {
		const [first, second] = await Promise.all([
			enqueueEnrichment(db.sql, {domains: ['slow.test'], backend}),
			enqueueEnrichment(db.sql, {domains: ['SLOW.test'], backend}),
		]);
		expect(first![0]!.id).toBe(second![0]!.id);
		expect([first![0]!.existing, second![0]!.existing].sort()).toEqual([false, true]);
		const [third] = await enqueueEnrichment(db.sql, {domains: ['slow.test', 'other-flow.test'], backend});
		expect(third).toMatchObject({id: first![0]!.id, existing: true});
		await finished(db, [first![0]!.id]);
		const [again] = await enqueueEnrichment(db.sql, {domains: ['slow.test'], backend});
		expect(again!.id).not.toBe(first![0]!.id);
		expect(again!.existing).toBe(false);
		await finished(db, [again!.id]);
		const [{n}] = (await db.sql`select count(*)::int as n from intel_technology_stack where domain = 'slow.test'`) as unknown as [{n: number}];
		expect(n).toBe(15);
	});

	it('retries a retryable failure and completes, without running completed modules again', async () => {
		const [job] = await enqueueEnrichment(db.sql, {domains: ['retry-once.test'], backend});
		const [row] = await finished(db, [job!.id]);
		expect(row).toMatchObject({status: 'completed', retry_count: 1, modules_failed: [], api_calls_made: 15});
		expect(row!.module_results.traffic).toMatchObject({status: 'completed'});
	});

	it('a module failure that cannot pass fails the job at once; its dependents are skipped with the reason, the rest complete', async () => {
		const [job] = await enqueueEnrichment(db.sql, {domains: ['fatal.test'], backend});
		const [row] = await finished(db, [job!.id]);
		expect(row).toMatchObject({status: 'failed', retry_count: 0, modules_failed: ['financials']});
		expect(row!.error_message).toContain('financials (malformed JSON from the test source)');
		expect(row!.module_results.investor).toMatchObject({status: 'skipped', note: 'not run: it depends on financials (financials failed)'});
		expect(row!.module_results.traffic).toMatchObject({status: 'completed'});
		expect(row!.modules_completed).toContain('hiring');
		expect(row!.modules_completed).not.toContain('icp');
		const [history] = await db.sql`select status, error_log from jobs_enrichment_history where id = ${job!.id}`;
		expect(history).toMatchObject({status: 'failed'});
		expect(history!.error_log).toContain('financials');
	});

	it('gives up on a retryable failure after max retries', async () => {
		const [job] = await enqueueEnrichment(db.sql, {domains: ['always.test'], backend, maxRetries: 1});
		const [row] = await finished(db, [job!.id]);
		expect(row).toMatchObject({status: 'failed', retry_count: 1, modules_failed: ['hiring']});
		expect(row!.error_message).toContain('HTTP 503');
	});

	it('a source with no key is skipped with a note; the job completes', async () => {
		const [job] = await enqueueEnrichment(db.sql, {domains: ['nokey.test'], backend});
		const [row] = await finished(db, [job!.id]);
		expect(row).toMatchObject({status: 'completed'});
		expect(row!.module_results.technology).toMatchObject({status: 'skipped', note: 'no API key for the test source'});
		expect(row!.module_results.competitors).toMatchObject({status: 'completed'});
	});

	it('pf jobs retry runs a failed job again, keeping what it completed', async () => {
		const [job] = await enqueueEnrichment(db.sql, {domains: ['again.test'], backend});
		const [failed] = await finished(db, [job!.id]);
		expect(failed).toMatchObject({status: 'failed', modules_failed: ['investor']});
		const callsBefore = failed!.api_calls_made;
		await expect(retryJob(db.sql, job!.id, {backend})).resolves.toMatchObject({status: 'pending'});
		const [row] = await finished(db, [job!.id]);
		expect(row).toMatchObject({status: 'completed', modules_failed: []});
		// Only investor and what it blocked ran again: 15 calls in all, not 15 + the first run's.
		expect(callsBefore).toBeLessThan(15);
		expect(row!.api_calls_made).toBe(15);
		await expect(retryJob(db.sql, job!.id, {backend})).rejects.toThrow(/only a failed or cancelled job/);
	});

	it('cancels a pending job (removed from the queue) and a running one (stops after its current modules)', async () => {
		await worker.enrichment.pause();
		const [pending] = await enqueueEnrichment(db.sql, {domains: ['cancel-pending.test'], backend});
		const cancelled = await cancelJob(db.sql, pending!.id, {backend});
		expect(cancelled.status).toBe('cancelled');
		const queue = await backend.queue(ENRICHMENT_QUEUE);
		expect(await queue.getJob(pending!.queueJobId)).toBeFalsy();
		const [history] = await db.sql`select status from jobs_enrichment_history where id = ${pending!.id}`;
		expect(history).toMatchObject({status: 'cancelled'});
		worker.enrichment.resume();

		const [running] = await enqueueEnrichment(db.sql, {domains: ['slow.test'], backend});
		await waitFor(async () => (await jobRows(db.sql, [running!.id]))[0]!.status === 'running', {what: 'the job to start'});
		await cancelJob(db.sql, running!.id, {backend});
		await waitFor(async () => {
			const job = await queue.getJob(running!.queueJobId);
			return job && (await job.getState()) === 'completed';
		}, {what: 'the worker to stop the cancelled job'});
		const [row] = await jobRows(db.sql, [running!.id]);
		expect(row!.status).toBe('cancelled');
		expect(row!.modules_completed.length).toBeLessThan(15);
		await expect(cancelJob(db.sql, running!.id, {backend})).rejects.toThrow(/only a pending or running job/);
		// A cancelled domain is free again.
		const [next] = await enqueueEnrichment(db.sql, {domains: ['slow.test'], backend});
		expect(next!.existing).toBe(false);
		await finished(db, [next!.id]);
	});

	it('re-queues an active job whose queue entry was lost', async () => {
		await worker.enrichment.pause();
		const [job] = await enqueueEnrichment(db.sql, {domains: ['lost.test'], backend});
		const queue = await backend.queue(ENRICHMENT_QUEUE);
		await (await queue.getJob(job!.queueJobId))!.remove();
		const [again] = await enqueueEnrichment(db.sql, {domains: ['lost.test'], backend});
		expect(again).toMatchObject({id: job!.id, existing: true});
		expect(await queue.getJob(job!.queueJobId)).toBeTruthy();
		worker.enrichment.resume();
		await finished(db, [job!.id]);
	});

	it('enqueues nothing when one domain is invalid, and lists jobs by status', async () => {
		const before = (await listJobs(db.sql, {limit: 1000})).length;
		await expect(enqueueEnrichment(db.sql, {domains: ['good.test', 'not a domain'], backend})).rejects.toMatchObject({exitCode: 2});
		await expect(enqueueEnrichment(db.sql, {domains: ['good.test'], modules: ['technology', 'nope'], backend})).rejects.toThrow(/unknown module: nope/);
		expect((await listJobs(db.sql, {limit: 1000})).length).toBe(before);
		const [{n}] = (await db.sql`select count(*)::int as n from core_companies where domain = 'good.test'`) as unknown as [{n: number}];
		expect(n).toBe(0);
		const failedJobs = await listJobs(db.sql, {status: 'failed'});
		expect(failedJobs.every((job) => job.status === 'failed')).toBe(true);
		expect(failedJobs.map((job) => job.domain)).toContain('fatal.test');
		await expect(findJob(db.sql, 'ffffffff')).rejects.toMatchObject({exitCode: 5});
	});

	it('runs only the requested modules (a partial job) with the ticker given', async () => {
		const [job] = await enqueueEnrichment(db.sql, {domains: ['partial.test'], modules: ['traffic', 'technology'], ticker: 'prt', backend});
		const [row] = await finished(db, [job!.id]);
		expect(row).toMatchObject({status: 'completed', job_type: 'partial', modules_requested: ['technology', 'traffic'], ticker: 'PRT', api_calls_made: 2});
		const [company] = await db.sql`select ticker from core_companies where domain = 'partial.test'`;
		expect(company).toMatchObject({ticker: 'PRT'});
	});

	it('keeps a BullMQ job scheduler per active scheduled task and runs a task through the maintenance queue', async () => {
		const queue = await backend.queue(MAINTENANCE_QUEUE);
		const report = await syncSchedules(db.sql, queue);
		const tasks = await db.sql<{id: string; task_name: string}[]>`select id, task_name from jobs_scheduled_tasks where is_active and schedule_cron is not null`;
		expect(report.active.sort()).toEqual(tasks.map((task) => task.task_name).sort());
		const keys = (await queue.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key);
		for (const task of tasks) expect(keys).toContain(`pf-task-${task.id}`);
		const [next] = await db.sql`select next_run_at from jobs_scheduled_tasks where task_name = 'clean-api-cache'`;
		expect(next!.next_run_at).toBeInstanceOf(Date);

		await db.sql`update jobs_scheduled_tasks set is_active = false where task_name = 'partition-maintenance'`;
		const after = await syncSchedules(db.sql, queue);
		expect(after.removed).toBe(1);
		await db.sql`update jobs_scheduled_tasks set is_active = true where task_name = 'partition-maintenance'`;

		// One tick of the cache clean-up, as the scheduler would add it.
		await db.sql`insert into core_api_cache (cache_key, api_source, response_data, expires_at) values
			('flow:old', 'builtwith', '{}', now() - interval '1 hour'), ('flow:new', 'builtwith', '{}', now() + interval '1 hour')`;
		const [task] = await db.sql<{id: string}[]>`select id from jobs_scheduled_tasks where task_name = 'clean-api-cache'`;
		const tick = await queue.add('cleanup', {taskId: task!.id, taskName: 'clean-api-cache'});
		await waitFor(async () => (await tick.getState()) === 'completed' || undefined, {what: 'the clean-up tick'});
		const keysLeft = (await db.sql<{cache_key: string}[]>`select cache_key from core_api_cache where cache_key like 'flow:%'`).map((row) => row.cache_key);
		expect(keysLeft).toEqual(['flow:new']);
		const [ran] = await db.sql`select last_run_at from jobs_scheduled_tasks where id = ${task!.id}`;
		expect(ran!.last_run_at).toBeInstanceOf(Date);
	});
}
