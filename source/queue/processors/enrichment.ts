/**
 * The `enrich` job: runs the pipeline for one domain and mirrors every step into
 * core_enrichment_jobs (progress, per-module outcome, API calls and cost), finishing in
 * jobs_enrichment_queue and jobs_enrichment_history.
 *
 * Failures: a module failure that may pass (429, 5xx, timeouts) fails the attempt so
 * BullMQ retries it with backoff — the modules already completed are not run again; a
 * failure that cannot pass (404 "no data", malformed answers) ends the run as failed
 * with UnrecoverableError. A worker killed mid-job loses its lock; another worker picks
 * the job up and resumes after the last recorded module (modules are idempotent upserts).
 */
import {setMaxListeners} from 'node:events';
import type {Job} from 'bullmq';
import type {Sql} from '../../db/client.js';
import {finishJob, jobStatus, markJobRetrying, recordModuleResults, startJobRun, type ModuleResultRecord} from '../../db/jobs.js';
import {loadBullmq} from '../backend.js';
import {MODULE_NAMES} from '../../enrichment/types.js';
import {runPipeline, type PipelineReport, type PipelineStep, type StepResult} from '../../enrichment/pipeline.js';
import {jobType, queueJobId, type EnrichmentJobData} from '../names.js';

export type EnrichmentProcessorOptions = {
	sql: Sql;
	steps: () => Promise<PipelineStep[]>;
	env: NodeJS.ProcessEnv;
	/** Aborted when the worker is forced to stop: running modules are told to give up. */
	stopSignal: AbortSignal;
	/** How often a running job checks whether it was cancelled. */
	cancelPollMs?: number;
	log?: (line: string) => void;
};

export type EnrichmentResult = {
	id: string;
	domain: string;
	status: 'completed' | 'failed' | 'cancelled' | 'already-completed';
	completed: string[];
	failed: string[];
	skipped: string[];
	apiCalls: number;
	cost: number;
};

/** An error whose outcome is already in the database (the worker's `failed` handler skips it). */
export function recorded<E extends Error>(error: E): E {
	return Object.assign(error, {pfRecorded: true});
}

export function failureSummary(report: PipelineReport): string {
	const failed = report.results.filter((result) => result.status === 'failed');
	return `${failed.length} module${failed.length === 1 ? '' : 's'} failed: ${failed.map((result) => `${result.name} (${result.note ?? 'no reason given'})`).join('; ')}`;
}

function toRecord(result: StepResult): ModuleResultRecord {
	const record: ModuleResultRecord = {status: result.status, apiCalls: result.apiCalls, cost: result.cost, ms: result.ms};
	if (result.note !== undefined) record.note = result.note;
	if (result.retryable !== undefined) record.retryable = result.retryable;
	if (result.rowsWritten !== undefined) record.rowsWritten = result.rowsWritten;
	return record;
}

/**
 * How often a run writes its progress at most: a domain's 15 steps settle within a few
 * hundred milliseconds, and one UPDATE (with its NOTIFY) per step was a tenth of the
 * worker's statements; a quarter of a second is still live for `--wait` and the TUI.
 */
const progressEveryMs = 250;

export function enrichmentProcessor(options: EnrichmentProcessorOptions) {
	const {sql} = options;
	const log = options.log ?? (() => {});
	return async (job: Job<EnrichmentJobData>, token?: string): Promise<EnrichmentResult> => {
		const data = job.data;
		const attempt = job.attemptsMade;
		const maxAttempts = Math.max(1, job.opts.attempts ?? 1);
		const {run, row} = await startJobRun(
			sql,
			{
				id: data.jobRowId,
				domain: data.domain,
				jobType: jobType(data.modules),
				priority: data.priority,
				modules: data.modules ?? [...MODULE_NAMES],
				ticker: data.ticker,
				createdBy: data.createdBy,
				maxRetries: maxAttempts - 1,
				queueJobId: job.id ?? queueJobId(data.jobRowId),
			},
			attempt,
		);
		const base = {id: row.id, domain: row.domain, completed: row.modules_completed, failed: row.modules_failed, skipped: [] as string[], apiCalls: row.api_calls_made, cost: row.api_cost_estimate};
		if (!run) {
			// Cancelled before it started, or finished by a worker that died before telling BullMQ.
			return {...base, status: row.status === 'completed' ? 'already-completed' : 'cancelled'};
		}
		log(`${row.domain}: started (job ${row.id}${attempt > 0 ? `, attempt ${attempt + 1} of ${maxAttempts}` : ''})`);

		const controller = new AbortController();
		// Every module (and each of its HTTP calls) listens on this signal.
		setMaxListeners(1_000, controller.signal);
		let cancelled = false;
		const cancel = () => {
			cancelled = true;
			controller.abort(new Error('the job was cancelled'));
		};
		const stop = () => controller.abort(new Error('the worker is stopping'));
		if (options.stopSignal.aborted) stop();
		options.stopSignal.addEventListener('abort', stop);
		const poll = setInterval(() => {
			jobStatus(sql, row.id).then(
				(status) => {
					if (status === 'cancelled') cancel();
				},
				() => {},
			);
		}, options.cancelPollMs ?? 1_000);

		let report: PipelineReport;
		try {
			const steps = await options.steps();
			report = await runPipeline(
				steps,
				{sql, domain: row.domain, ...(data.ticker ? {ticker: data.ticker} : {}), jobId: row.id, signal: controller.signal, env: options.env},
				{
					...(data.modules ? {only: data.modules} : {}),
					done: new Set(row.modules_completed),
					coalesceMs: progressEveryMs,
					leaveLastResults: true,
					onResults: async (results) => {
						// The row is the progress (its NOTIFY wakes `pf enrich --wait` and the TUI);
						// BullMQ's own progress events are lossy on its PostgreSQL backend. Modules
						// that settle within progressEveryMs of the last write go together in the
						// next one. A worker killed meanwhile runs them again (idempotent upserts).
						const status = await recordModuleResults(sql, row.id, results.map((result) => ({name: result.name, result: toRecord(result)})));
						if (status === 'cancelled') cancel();
					},
				},
			);
		} finally {
			clearInterval(poll);
			options.stopSignal.removeEventListener('abort', stop);
		}

		// The last modules' outcomes go with the run's end when it completes (one statement);
		// on any other end they are recorded first.
		const last = report.unreported.map((result) => ({name: result.name, result: toRecord(result)}));
		const recordLast = async () => {
			if (last.length > 0) await recordModuleResults(sql, row.id, last.splice(0));
		};
		const summary = {...base, completed: [...row.modules_completed, ...report.completed], failed: report.failed, skipped: report.skipped, apiCalls: row.api_calls_made + report.usage.apiCalls, cost: row.api_cost_estimate + report.usage.costEstimate};
		if (cancelled) {
			await recordLast();
			log(`${row.domain}: cancelled`);
			return {...summary, status: 'cancelled'};
		}
		if (report.aborted) {
			// Forced stop: put the job back without spending an attempt; the next worker resumes it.
			await recordLast();
			await markJobRetrying(sql, row.id, 'the worker stopped before the run finished; it resumes on the next worker');
			if (token) {
				await job.moveToDelayed(Date.now() + 1_000, token);
				throw new (loadBullmq().DelayedError)();
			}
			throw new Error('the worker stopped before the run finished');
		}
		if (report.failed.length === 0) {
			// Cancelled meanwhile: the run stays cancelled, its last outcomes are still recorded.
			if (!(await finishJob(sql, row.id, 'completed', null, last))) await recordLast();
			log(`${row.domain}: completed (${summary.completed.length} modules, ${report.skipped.length} skipped, ${report.usage.apiCalls} API calls)`);
			return {...summary, status: 'completed'};
		}
		await recordLast();
		const message = failureSummary(report);
		const retryable = report.results.some((result) => result.status === 'failed' && result.retryable);
		if (retryable && attempt + 1 < maxAttempts) {
			await markJobRetrying(sql, row.id, `${message}; retrying (attempt ${attempt + 2} of ${maxAttempts})`);
			log(`${row.domain}: ${message}; will retry`);
			throw recorded(new Error(message));
		}
		await finishJob(sql, row.id, 'failed', message);
		log(`${row.domain}: failed — ${message}`);
		throw recorded(new (loadBullmq().UnrecoverableError)(message));
	};
}
