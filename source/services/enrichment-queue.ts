/**
 * Enqueueing enrichments and managing the runs — the one place where enrichment jobs
 * are put on the queue (the CLI, the TUI and the scheduled refresh all come here), so
 * checks that guard enqueueing (keys, permissions, rate limits) belong here too.
 *
 * State lives in PostgreSQL (core_enrichment_jobs and friends); BullMQ only moves the
 * work. "One active job per domain" is the database's unique index: enqueueing a domain
 * that has a pending or running run returns that run.
 */
import {randomUUID} from 'node:crypto';
import type {Sql} from '../db/client.js';
import {
	cancelJobRow,
	createJobs,
	createRunsAtOnce,
	ensureCompanies,
	findJobRows,
	finishJob,
	jobHistory,
	jobRows,
	listJobRows,
	listenJobChanges,
	resetJobForRetry,
	type CoreJobStatus,
	type EnrichmentJobRow,
	type JobFilter,
	type JobHistoryRow,
	type NewJob,
} from '../db/jobs.js';
import {normaliseDomain} from '../domain/domain-name.js';
import {actorUserId, guardEnqueue, type Actor as AccessActor} from './access.js';
import {setActor} from '../db/audit.js';
import {MODULE_NAMES, type ModuleName} from '../enrichment/types.js';
import {NotFoundError, PfError, QueueUnreachableError, UsageError} from '../errors.js';
import type {AnyQueue, QueueBackend} from '../queue/backend.js';
import {DEFAULT_PRIORITY, ENRICHMENT_QUEUE, MAX_PRIORITY, MIN_PRIORITY, bullPriority, jobType, queueJobId, type EnrichmentJobData} from '../queue/names.js';

export type {CoreJobStatus, EnrichmentJobRow, JobHistoryRow} from '../db/jobs.js';

/** Who is enqueueing (issue 8, source/services/access.ts); when absent, PF_API_KEY or the saved key decides. */
export type Actor = AccessActor;

export type EnqueueOptions = {
	domains: readonly string[];
	/** Only these modules (dependencies outside the list count as met); default: all. */
	modules?: readonly string[] | null;
	/** 1–10, 10 most urgent; default 5. */
	priority?: number;
	/** A ticker for a single public company (`pf enrich --ticker`). */
	ticker?: string | null;
	/** users_accounts.id of whoever asked (defaults to actor.userId). */
	createdBy?: string | null;
	actor?: Actor;
	/** Retries after the first attempt (core_enrichment_jobs.max_retries). */
	maxRetries?: number;
	/** The queue to use; default: this process's (REDIS_URL or the database). */
	backend?: QueueBackend;
};

export type EnqueuedJob = {
	id: string;
	domain: string;
	status: CoreJobStatus;
	/** True when the domain already had an active run and that run is returned. */
	existing: boolean;
	priority: number;
	modules: string[];
	queueJobId: string;
	createdAt: Date;
};

/** Normalises domains, all or nothing: any invalid one is exit 2 naming it. Duplicates are dropped. */
export function validateDomains(inputs: readonly string[], describe: (index: number) => string = (index) => `"${inputs[index]}"`): string[] {
	const invalid: string[] = [];
	const seen = new Set<string>();
	const out: string[] = [];
	inputs.forEach((input, index) => {
		const result = normaliseDomain(input);
		if (!result.ok) {
			invalid.push(`${describe(index)}: ${result.reason}`);
		} else if (!seen.has(result.domain)) {
			seen.add(result.domain);
			out.push(result.domain);
		}
	});
	if (invalid.length > 0) {
		const shown = invalid.slice(0, 5).join('; ');
		const more = invalid.length > 5 ? ` (and ${invalid.length - 5} more)` : '';
		throw new UsageError(`${invalid.length === 1 ? 'not a domain' : `${invalid.length} entries are not domains`}: ${shown}${more}; nothing was enqueued`, 'give hostnames such as acme.com (a scheme, www. and a path are stripped)');
	}
	return out;
}

/** Checks module names against the pipeline's; returns them in pipeline order. */
export function validateModules(names: readonly string[]): ModuleName[] {
	const unknown = names.filter((name) => !(MODULE_NAMES as readonly string[]).includes(name));
	if (unknown.length > 0) throw new UsageError(`unknown module${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, `modules are: ${MODULE_NAMES.join(', ')}`);
	return MODULE_NAMES.filter((name) => names.includes(name));
}

export function validatePriority(priority: number): number {
	if (!Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
		throw new UsageError(`priority must be a whole number from ${MIN_PRIORITY} to ${MAX_PRIORITY}, not ${priority}`, `${MAX_PRIORITY} is the most urgent; the default is ${DEFAULT_PRIORITY}`);
	}
	return priority;
}

export function validateTicker(ticker: string): string {
	const value = ticker.trim().toUpperCase();
	if (!/^[A-Z0-9][A-Z0-9.\-]{0,9}$/.test(value)) throw new UsageError(`"${ticker}" is not a ticker symbol`, 'use the exchange symbol, e.g. AAPL or BRK.B');
	return value;
}

/** The queue of this process, loaded on demand (BullMQ is a heavy import that listing jobs does not need). */
async function processQueueBackend(sql: Sql): Promise<QueueBackend> {
	const {sharedQueueBackend} = await import('../queue/backend.js');
	return sharedQueueBackend(sql);
}

/**
 * Connects this process's queue ahead of time when it is Redis (no database needed), so
 * a command can do it while it connects to the database: an unreachable Redis is exit 4
 * at once. With the PostgreSQL backend there is nothing to do before the database.
 */
export async function connectQueueEarly(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	if (!env.REDIS_URL?.trim()) return;
	const {sharedQueueBackend} = await import('../queue/backend.js');
	await sharedQueueBackend();
}

const backoff = (backend: QueueBackend) => ({type: 'exponential', delay: backend.settings.backoffMs, jitter: 0.5});

function jobOptions(backend: QueueBackend, row: EnrichmentJobRow) {
	return {
		jobId: row.queue_job_id ?? queueJobId(row.id),
		priority: bullPriority(row.priority),
		attempts: Math.max(1, row.max_retries + 1),
		backoff: backoff(backend),
		// State is kept in PostgreSQL; BullMQ keeps only a bounded tail of finished jobs.
		removeOnComplete: {age: 24 * 3600, count: 1_000},
		removeOnFail: {age: 7 * 24 * 3600, count: 1_000},
	};
}

function jobData(row: EnrichmentJobRow): EnrichmentJobData {
	return {
		jobRowId: row.id,
		domain: row.domain,
		modules: row.job_type === 'full' ? null : (row.modules_requested as ModuleName[]),
		ticker: row.ticker,
		priority: row.priority,
		createdBy: row.created_by,
	};
}

async function addToQueue(queue: AnyQueue, backend: QueueBackend, rows: readonly EnrichmentJobRow[]): Promise<void> {
	for (let i = 0; i < rows.length; i += 1_000) {
		await queue.addBulk(rows.slice(i, i + 1_000).map((row) => ({name: 'enrich', data: jobData(row), opts: jobOptions(backend, row)})));
	}
}

function toEnqueued(row: EnrichmentJobRow, existing: boolean): EnqueuedJob {
	return {
		id: row.id,
		domain: row.domain,
		status: row.status,
		existing,
		priority: row.priority,
		modules: row.modules_requested,
		queueJobId: row.queue_job_id ?? queueJobId(row.id),
		createdAt: row.created_at,
	};
}

/**
 * Enqueues one enrichment run per domain (validated and normalised; any invalid domain
 * and nothing is enqueued). Companies not yet known are added to core_companies. A
 * domain with an active run gets that run back (`existing: true`). The queue is checked
 * before anything is written: an unreachable Redis is exit 4, fast.
 */
export async function enqueueEnrichment(sql: Sql, options: EnqueueOptions): Promise<EnqueuedJob[]> {
	const domains = validateDomains(options.domains);
	if (domains.length === 0) throw new UsageError('no domains to enrich', 'name domains as arguments, or give --file F (- for stdin)');
	const modules = options.modules && options.modules.length > 0 ? validateModules(options.modules) : null;
	const priority = validatePriority(options.priority ?? DEFAULT_PRIORITY);
	const ticker = options.ticker ? validateTicker(options.ticker) : null;
	if (ticker && domains.length > 1) throw new UsageError('--ticker names one company: give exactly one domain with it');
	// Issue 8: the key's permission and its per-minute rate limit, before anything is
	// written (not permitted or over the limit: exit 6, nothing enqueued).
	const guard = await guardEnqueue(sql, {domains, actor: options.actor});
	const createdBy = options.createdBy ?? actorUserId(guard.actor);
	const maxRetries = options.maxRetries ?? 3;

	// The queue backend is opened (Redis: connected) before anything is written; BullMQ
	// itself is loaded while PostgreSQL writes the runs (below).
	const backend = options.backend ?? (await processQueueBackend(sql));

	const requested = modules ?? [...MODULE_NAMES];
	const newJobs: NewJob[] = domains.map((domain) => {
		const id = randomUUID();
		return {id, domain, jobType: jobType(modules), priority, modules: requested, ticker, createdBy, maxRetries, queueJobId: queueJobId(id)};
	});
	// One statement (companies, runs, queue records) when no ticker is to be stored; with
	// one (a single domain), the transaction of old.
	const writing = ticker
		? (sql.begin(async (tx) => {
				await setActor(tx as unknown as Sql, actorUserId(guard.actor)); // changed_by of the audit triggers
				await ensureCompanies(tx as unknown as Sql, domains, ticker);
				return createJobs(tx as unknown as Sql, newJobs);
			}) as Promise<{created: EnrichmentJobRow[]; existing: EnrichmentJobRow[]}>)
		: createRunsAtOnce(sql, newJobs, actorUserId(guard.actor));
	writing.catch(() => {});
	// The statement is on its way (the client writes on the next turn of the event loop):
	// load BullMQ and check its schema — synchronous work of ≈ 0.3 s — while PostgreSQL
	// runs it on another core.
	await new Promise((resolve) => setImmediate(resolve));
	const opening = backend.queue(ENRICHMENT_QUEUE);
	opening.catch(() => {});
	const {created, existing} = await writing;

	// The audit rows (issue 8: one per domain, one multi-row INSERT) go in while the jobs
	// are put on the queue.
	const recording = guard.record(domains);
	recording.catch(() => {});
	let queue: AnyQueue;
	try {
		queue = await opening;
		await addToQueue(queue, backend, created);
	} catch (error) {
		const reason = (error as Error).message;
		await Promise.allSettled(created.map((row) => finishJob(sql, row.id, 'failed', `could not be queued: ${reason}`)));
		await recording.catch(() => {});
		if (error instanceof PfError) throw error;
		throw new QueueUnreachableError(`could not put ${created.length} job(s) on the queue (${backend.where}): ${reason}`, 'check the queue backend and enqueue again', error);
	}
	await requeueLost(queue, backend, existing);
	await recording;

	const byDomain = new Map<string, EnqueuedJob>();
	for (const row of created) byDomain.set(row.domain, toEnqueued(row, false));
	for (const row of existing) byDomain.set(row.domain, toEnqueued(row, true));
	return domains.map((domain) => byDomain.get(domain)!).filter(Boolean);
}

/**
 * An active run whose queue job is gone (Redis flushed, queue data removed) would block
 * its domain for ever: put it back on the queue under the same id.
 */
async function requeueLost(queue: AnyQueue, backend: QueueBackend, rows: readonly EnrichmentJobRow[]): Promise<void> {
	if (rows.length === 0) return;
	const lost: EnrichmentJobRow[] = [];
	const found = await Promise.all(rows.map((row) => queue.getJob(row.queue_job_id ?? queueJobId(row.id))));
	rows.forEach((row, index) => {
		if (!found[index]) lost.push(row);
	});
	if (lost.length > 0) await addToQueue(queue, backend, lost);
}

export async function listJobs(sql: Sql, filter: JobFilter = {}): Promise<EnrichmentJobRow[]> {
	return listJobRows(sql, filter);
}

/** One run by id or unique id prefix: exit 5 when none, exit 2 when the prefix is ambiguous. */
export async function findJob(sql: Sql, idOrPrefix: string): Promise<EnrichmentJobRow> {
	const rows = await findJobRows(sql, idOrPrefix.trim());
	if (rows.length === 0) throw new NotFoundError(`no enrichment job "${idOrPrefix}"`, 'list the jobs with `pf jobs`');
	if (rows.length > 1) throw new UsageError(`"${idOrPrefix}" matches ${rows.length} jobs (${rows.slice(0, 3).map((row) => row.id.slice(0, 8)).join(', ')}…)`, 'give more characters of the id');
	return rows[0]!;
}

export type JobDetails = EnrichmentJobRow & {history: JobHistoryRow | null};

export async function showJob(sql: Sql, idOrPrefix: string): Promise<JobDetails> {
	const row = await findJob(sql, idOrPrefix);
	return {...row, history: (await jobHistory(sql, row.id)) ?? null};
}

/**
 * Cancels a pending or running run. A waiting queue job is removed; a running one stops
 * after its current modules (the worker sees the status). Modules already written stay.
 */
export async function cancelJob(sql: Sql, idOrPrefix: string, options: {backend?: QueueBackend} = {}): Promise<EnrichmentJobRow> {
	const row = await findJob(sql, idOrPrefix);
	if (row.status !== 'pending' && row.status !== 'running') {
		throw new PfError(`job ${row.id} (${row.domain}) is ${row.status}: only a pending or running job can be cancelled`, {hint: row.status === 'failed' ? `retry it with \`pf jobs retry ${row.id.slice(0, 8)}\`` : undefined});
	}
	const backend = options.backend ?? (await processQueueBackend(sql));
	const queue = await backend.queue(ENRICHMENT_QUEUE);
	const cancelled = await cancelJobRow(sql, row.id);
	if (!cancelled) return (await findJob(sql, row.id));
	const job = await queue.getJob(row.queue_job_id ?? queueJobId(row.id));
	if (job) {
		const state = await job.getState();
		// An active job is locked by its worker, which notices the cancel itself.
		if (state !== 'active') await job.remove().catch(() => {});
	}
	return cancelled;
}

/**
 * Runs a failed or cancelled run again: the modules it completed are kept, the failed
 * (and the ones they blocked) run again, with a fresh set of attempts.
 */
export async function retryJob(sql: Sql, idOrPrefix: string, options: {backend?: QueueBackend} = {}): Promise<EnrichmentJobRow> {
	const row = await findJob(sql, idOrPrefix);
	if (row.status !== 'failed' && row.status !== 'cancelled') {
		throw new PfError(`job ${row.id} (${row.domain}) is ${row.status}: only a failed or cancelled job can be retried`, {hint: row.status === 'completed' ? `enrich the domain again with \`pf enrich ${row.domain}\`` : undefined});
	}
	const backend = options.backend ?? (await processQueueBackend(sql));
	const queue = await backend.queue(ENRICHMENT_QUEUE);
	const id = row.queue_job_id ?? queueJobId(row.id);
	const old = await queue.getJob(id);
	if (old) {
		// The worker records the outcome in the job row just before BullMQ moves the job
		// out of "active": a retry right after a failure waits out that moment (≤ 5 s).
		let state = await old.getState();
		for (let waited = 0; state === 'active' && waited < 5000; waited += 100) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			state = await old.getState();
		}
		if (state === 'active') throw new PfError(`job ${row.id} is still stopping on a worker`, {hint: 'try again in a few seconds'});
		await old.remove();
	}
	let reset: EnrichmentJobRow | undefined;
	try {
		reset = await resetJobForRetry(sql, row.id);
	} catch (error) {
		if ((error as {code?: string}).code === '23505') {
			throw new PfError(`${row.domain} already has an active enrichment job`, {hint: `see \`pf jobs --status pending\` or \`pf jobs --status running\``});
		}
		throw error;
	}
	if (!reset) return findJob(sql, row.id);
	try {
		await addToQueue(queue, backend, [reset]);
	} catch (error) {
		await finishJob(sql, reset.id, 'failed', `could not be queued: ${(error as Error).message}`);
		throw new QueueUnreachableError(`could not put job ${row.id} back on the queue: ${(error as Error).message}`, undefined, error);
	}
	return reset;
}

const finished: ReadonlySet<CoreJobStatus> = new Set(['completed', 'failed', 'cancelled']);

export function isFinished(status: CoreJobStatus): boolean {
	return finished.has(status);
}

/**
 * Follows runs until all have finished: `onChange` gets the rows whenever one changed.
 * State is always read from the database; a NOTIFY from the job rows only wakes the
 * loop (with a poll every `pollMs` as a fallback).
 */
export async function followJobs(sql: Sql, ids: readonly string[], onChange: (rows: EnrichmentJobRow[]) => void, options: {pollMs?: number; signal?: AbortSignal} = {}): Promise<EnrichmentJobRow[]> {
	const watched = new Set(ids);
	let wake: (() => void) | undefined;
	let dirty = true;
	const unlisten = await listenJobChanges(sql, (id) => {
		if (watched.has(id)) {
			dirty = true;
			wake?.();
		}
	}).catch(() => async () => {});
	const versions = new Map<string, string>();
	try {
		for (;;) {
			dirty = false;
			const rows = await jobRows(sql, ids);
			let changed = false;
			for (const row of rows) {
				const version = `${row.status}|${row.modules_completed.length}|${row.modules_failed.length}|${Object.keys(row.module_results).length}|${row.updated_at?.getTime()}`;
				if (versions.get(row.id) !== version) {
					versions.set(row.id, version);
					changed = true;
				}
			}
			if (changed) onChange(rows);
			if (rows.every((row) => isFinished(row.status)) || options.signal?.aborted) return rows;
			if (!dirty) {
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, options.pollMs ?? 1_000);
					wake = () => {
						clearTimeout(timer);
						resolve();
					};
					options.signal?.addEventListener('abort', wake, {once: true});
				});
				wake = undefined;
			}
		}
	} finally {
		await unlisten();
	}
}
