/**
 * The worker process's insides (`pf worker`): one BullMQ worker on the enrichment queue
 * (concurrency N), one on the maintenance queue (the schedules), the schedulers kept in
 * step with jobs_scheduled_tasks, and a clean stop: close() lets running jobs finish;
 * close(true) tells running modules to give up and leaves their jobs to the next worker.
 *
 * Start as many workers as you like, on as many machines, against one Redis (or one
 * PostgreSQL): the queue hands each job to one of them.
 */
import type {Job} from 'bullmq';
import type {Sql} from '../db/client.js';
import {ensureMonthlyPartitions, finishJob, markJobRetrying} from '../db/jobs.js';
import type {PipelineStep} from '../enrichment/pipeline.js';
import {openQueueBackend, queueSettings, type AnyWorker, type QueueBackend, type QueueSettings} from './backend.js';
import {ENRICHMENT_QUEUE, MAINTENANCE_QUEUE, type EnrichmentJobData} from './names.js';
import {enrichmentProcessor} from './processors/enrichment.js';
import {maintenanceProcessor, syncSchedules, type TaskHandler} from './schedules.js';
import {stepsLoader} from './steps.js';

export type WorkerOptions = {
	concurrency: number;
	env?: NodeJS.ProcessEnv;
	settings?: QueueSettings;
	/** Replaces the module loader (tests). */
	steps?: () => Promise<PipelineStep[]>;
	handlers?: Record<string, TaskHandler>;
	/** How often the schedulers are re-read from jobs_scheduled_tasks (0 = only at start). */
	scheduleSyncMs?: number;
	log?: (line: string) => void;
};

export type WorkerHandle = {
	backend: QueueBackend;
	enrichment: AnyWorker;
	maintenance: AnyWorker;
	/** Jobs being processed right now. */
	running(): number;
	close(force?: boolean): Promise<void>;
};

export async function startWorker(sql: Sql, options: WorkerOptions): Promise<WorkerHandle> {
	const env = options.env ?? process.env;
	const log = options.log ?? (() => {});
	const settings = options.settings ?? queueSettings(env);
	await ensureMonthlyPartitions(sql);
	const backend = await openQueueBackend(sql, {role: 'worker', settings, concurrency: options.concurrency});
	const stop = new AbortController();
	let active = 0;

	const processEnrichment = enrichmentProcessor({sql, steps: options.steps ?? stepsLoader(env), env, stopSignal: stop.signal, log});
	const enrichment = backend.worker(
		ENRICHMENT_QUEUE,
		async (job, token) => {
			active++;
			try {
				return await processEnrichment(job as Job<EnrichmentJobData>, token);
			} finally {
				active--;
			}
		},
		{
			concurrency: options.concurrency,
			lockDuration: settings.lockMs,
			stalledInterval: settings.stalledMs,
			maxStalledCount: 2,
			autorun: false,
		},
	);
	enrichment.on('error', (error) => log(`queue error: ${error.message}`));
	// Errors the processor did not record itself (a crash, a stalled job given up on).
	enrichment.on('failed', (job, error) => {
		if (!job || (error as {pfRecorded?: boolean}).pfRecorded) return;
		const data = job.data as EnrichmentJobData;
		const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
		const write = final ? finishJob(sql, data.jobRowId, 'failed', error.message) : markJobRetrying(sql, data.jobRowId, `attempt failed: ${error.message}`);
		write.catch((writeError: Error) => log(`could not record the failure of ${data.domain}: ${writeError.message}`));
		log(`${data.domain}: ${final ? 'failed' : 'attempt failed'} — ${error.message}`);
	});

	const maintenanceQueue = await backend.queue(MAINTENANCE_QUEUE);
	const maintenance = backend.worker(MAINTENANCE_QUEUE, maintenanceProcessor({sql, backend, handlers: options.handlers, log}) as never, {concurrency: 1, lockDuration: 60_000, autorun: false});
	maintenance.on('error', (error) => log(`queue error: ${error.message}`));
	maintenance.on('failed', (job, error) => log(`schedule ${job?.name ?? '?'} failed: ${error.message}`));

	const sync = async () => {
		try {
			const report = await syncSchedules(sql, maintenanceQueue);
			for (const invalid of report.invalid) log(`schedule ${invalid.task} ignored: ${invalid.reason}`);
		} catch (error) {
			log(`could not sync the schedules: ${(error as Error).message}`);
		}
	};
	await sync();
	const syncMs = options.scheduleSyncMs ?? 60_000;
	const syncTimer = syncMs > 0 ? setInterval(() => void sync(), syncMs) : undefined;

	void enrichment.run().catch((error: Error) => log(`worker stopped: ${error.message}`));
	void maintenance.run().catch((error: Error) => log(`maintenance worker stopped: ${error.message}`));
	await Promise.all([enrichment.waitUntilReady(), maintenance.waitUntilReady()]);

	let closing: Promise<void> | undefined;
	return {
		backend,
		enrichment,
		maintenance,
		running: () => active,
		close(force = false) {
			if (syncTimer) clearInterval(syncTimer);
			// Forcing tells running modules to give up; their jobs go back to the queue.
			if (force) stop.abort(new Error('the worker is stopping'));
			closing ??= (async () => {
				await Promise.all([enrichment.close(), maintenance.close()]);
				await backend.close();
			})();
			return closing;
		},
	};
}
