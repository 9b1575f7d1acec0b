/**
 * Enrichment jobs in PostgreSQL: core_enrichment_jobs (one row per run, the state pf
 * shows), jobs_enrichment_queue (its queue record) and jobs_enrichment_history (written
 * when the run finishes). The three rows share the run's id. Also the queries of the
 * scheduled tasks (stale companies, expired cache rows, partitions).
 */
import type {Sql} from './client.js';

export type CoreJobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export const CORE_JOB_STATUSES: readonly CoreJobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

/** jobs_enrichment_queue's words for the same states. */
const queueStatus: Record<CoreJobStatus, string> = {pending: 'queued', running: 'processing', completed: 'completed', failed: 'failed', cancelled: 'cancelled'};

export type ModuleResultRecord = {
	status: 'completed' | 'skipped' | 'failed';
	note?: string;
	retryable?: boolean;
	rowsWritten?: number;
	apiCalls?: number;
	cost?: number;
	ms?: number;
};

export type EnrichmentJobRow = {
	id: string;
	domain: string;
	job_type: string;
	status: CoreJobStatus;
	priority: number;
	modules_requested: string[];
	modules_completed: string[];
	modules_failed: string[];
	module_results: Record<string, ModuleResultRecord>;
	started_at: Date | null;
	completed_at: Date | null;
	error_message: string | null;
	retry_count: number;
	max_retries: number;
	created_by: string | null;
	created_at: Date;
	updated_at: Date | null;
	queue_job_id: string | null;
	ticker: string | null;
	api_calls_made: number;
	api_cost_estimate: number;
};

export type NewJob = {
	id: string;
	domain: string;
	jobType: string;
	priority: number;
	modules: readonly string[];
	ticker: string | null;
	createdBy: string | null;
	maxRetries: number;
	queueJobId: string;
};

const jobColumns = (sql: Sql) => sql`
	id, domain, job_type, status, priority, modules_requested, modules_completed, modules_failed,
	module_results, started_at, completed_at, error_message, retry_count, max_retries, created_by,
	created_at, updated_at, queue_job_id, ticker, api_calls_made, api_cost_estimate::float8 as api_cost_estimate
`;

/** Rows per multi-row insert (well under the 65,534 parameter limit). */
const batchSize = 1_000;

function chunks<T>(items: readonly T[], size = batchSize): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/** Adds companies not yet known (by normalised domain); a ticker given by the user is stored. */
export async function ensureCompanies(sql: Sql, domains: readonly string[], ticker?: string | null): Promise<number> {
	let added = 0;
	for (const chunk of chunks(domains)) {
		const rows = await sql`
			insert into core_companies ${sql(chunk.map((domain) => ({domain})), 'domain')}
			on conflict (domain) do nothing
			returning id
		`;
		added += rows.length;
	}
	if (ticker && domains.length === 1) {
		await sql`update core_companies set ticker = ${ticker} where domain = ${domains[0]!} and ticker is distinct from ${ticker}`;
	}
	return added;
}

/**
 * Inserts new runs, one per domain; a domain that already has an active (pending or
 * running) run keeps it — it is returned in `existing` and no new row is written.
 * Race-free: the partial unique index decides.
 */
export async function createJobs(sql: Sql, jobs: readonly NewJob[]): Promise<{created: EnrichmentJobRow[]; existing: EnrichmentJobRow[]}> {
	const created: EnrichmentJobRow[] = [];
	for (const chunk of chunks(jobs)) {
		const rows = chunk.map((job) => ({
			id: job.id,
			domain: job.domain,
			job_type: job.jobType,
			status: 'pending',
			priority: job.priority,
			modules_requested: sql.json(job.modules as string[]),
			ticker: job.ticker,
			created_by: job.createdBy,
			max_retries: job.maxRetries,
			queue_job_id: job.queueJobId,
		}));
		const inserted = await sql<EnrichmentJobRow[]>`
			insert into core_enrichment_jobs ${sql(rows, 'id', 'domain', 'job_type', 'status', 'priority', 'modules_requested', 'ticker', 'created_by', 'max_retries', 'queue_job_id')}
			on conflict (domain) where status in ('pending', 'running') do nothing
			returning ${jobColumns(sql)}
		`;
		created.push(...inserted);
		if (inserted.length > 0) {
			const queueRows = inserted.map((job) => ({
				id: job.id,
				domain: job.domain,
				job_type: job.job_type,
				priority: job.priority,
				status: 'queued',
				modules: sql.json(job.modules_requested),
				redis_job_id: job.queue_job_id,
			}));
			await sql`insert into jobs_enrichment_queue ${sql(queueRows, 'id', 'domain', 'job_type', 'priority', 'status', 'modules', 'redis_job_id')} on conflict (id) do nothing`;
		}
	}
	const createdDomains = new Set(created.map((job) => job.domain));
	const others = jobs.map((job) => job.domain).filter((domain) => !createdDomains.has(domain));
	const existing = others.length === 0 ? [] : await activeJobs(sql, others);
	return {created, existing};
}

/**
 * Enqueueing in one statement (atomic on its own, one round trip, whatever the number of
 * domains): the companies not yet known, one run per domain — a domain that already has an
 * active run keeps it and it is returned in `existing` — and the new runs' queue records.
 * `actorUserId` is the changed_by of the audit triggers (set in the same statement). All
 * jobs share type, priority, modules, ticker, creator and retries (enqueueEnrichment's case).
 */
export async function createRunsAtOnce(sql: Sql, jobs: readonly NewJob[], actorUserId: string | null): Promise<{created: EnrichmentJobRow[]; existing: EnrichmentJobRow[]}> {
	const first = jobs[0];
	if (!first) return {created: [], existing: []};
	const ids = jobs.map((job) => job.id);
	const domains = jobs.map((job) => job.domain);
	const queueIds = jobs.map((job) => job.queueJobId);
	const rows = await sql<(EnrichmentJobRow & {created: boolean})[]>`
		with actor as (
			select set_config('pf.actor_id', ${actorUserId ?? ''}, true) as id
		), input as (
			select * from unnest(${ids}::uuid[], ${domains}::text[], ${queueIds}::text[]) with ordinality as t(id, domain, queue_job_id, ord)
		), companies as (
			insert into core_companies (domain)
			select input.domain from input cross join actor order by input.ord
			on conflict (domain) do nothing
		), created as (
			insert into core_enrichment_jobs (id, domain, job_type, status, priority, modules_requested, ticker, created_by, max_retries, queue_job_id)
			select input.id, input.domain, ${first.jobType}, 'pending', ${first.priority}, ${sql.json(first.modules as string[])}::jsonb, ${first.ticker}, ${first.createdBy}::uuid, ${first.maxRetries}, input.queue_job_id
			from input cross join actor order by input.ord
			on conflict (domain) where status in ('pending', 'running') do nothing
			returning *
		), queued as (
			insert into jobs_enrichment_queue (id, domain, job_type, priority, status, modules, redis_job_id)
			select id, domain, job_type, priority, 'queued', modules_requested, queue_job_id from created
			on conflict (id) do nothing
		)
		select true as created, ${jobColumns(sql)} from created
		union all
		select false as created, ${jobColumns(sql)} from core_enrichment_jobs
		where domain = any(${domains}::text[]) and status in ('pending', 'running')
	`;
	const order = new Map(domains.map((domain, index) => [domain, index]));
	const byOrder = (a: EnrichmentJobRow, b: EnrichmentJobRow) => order.get(a.domain)! - order.get(b.domain)!;
	const strip = ({created: _created, ...row}: EnrichmentJobRow & {created: boolean}) => row as EnrichmentJobRow;
	const created = rows.filter((row) => row.created).map(strip).sort(byOrder);
	const createdDomains = new Set(created.map((row) => row.domain));
	// The last part reads the runs active before this statement; a run another process
	// added meanwhile is read after it.
	const existing = rows.filter((row) => !row.created && !createdDomains.has(row.domain)).map(strip);
	const seen = new Set([...createdDomains, ...existing.map((row) => row.domain)]);
	const missing = domains.filter((domain) => !seen.has(domain));
	if (missing.length > 0) existing.push(...(await activeJobs(sql, missing)));
	return {created, existing: existing.sort(byOrder)};
}

/** The active (pending or running) run of each of these domains. */
export async function activeJobs(sql: Sql, domains: readonly string[]): Promise<EnrichmentJobRow[]> {
	const out: EnrichmentJobRow[] = [];
	for (const chunk of chunks(domains)) {
		out.push(...(await sql<EnrichmentJobRow[]>`
			select ${jobColumns(sql)} from core_enrichment_jobs
			where domain in ${sql(chunk)} and status in ('pending', 'running')
		`));
	}
	return out;
}

/**
 * A worker starts (or resumes) a run. Returns the row when it may run, or the row as it
 * is when it must not (already completed or cancelled); the row is re-created from the
 * job's payload if it was lost.
 */
export async function startJobRun(sql: Sql, job: NewJob, attempt: number): Promise<{run: boolean; row: EnrichmentJobRow}> {
	// One statement (atomic on its own): the run row, then its queue record from what it returned.
	const [started] = await sql<EnrichmentJobRow[]>`
		with started as (
			insert into core_enrichment_jobs ${sql({
				id: job.id,
				domain: job.domain,
				job_type: job.jobType,
				status: 'running',
				priority: job.priority,
				modules_requested: sql.json(job.modules as string[]),
				ticker: job.ticker,
				created_by: job.createdBy,
				max_retries: job.maxRetries,
				queue_job_id: job.queueJobId,
				retry_count: attempt,
				started_at: new Date(),
			})}
			on conflict (id) do update set
				status = 'running',
				started_at = coalesce(core_enrichment_jobs.started_at, now()),
				retry_count = greatest(core_enrichment_jobs.retry_count, excluded.retry_count),
				modules_failed = '[]',
				completed_at = null
			where core_enrichment_jobs.status in ('pending', 'running', 'failed')
			returning ${jobColumns(sql)}
		), queued as (
			insert into jobs_enrichment_queue (id, domain, job_type, priority, status, modules, redis_job_id, started_at, retry_count)
			select id, ${job.domain}, ${job.jobType}, ${job.priority}, 'processing', ${sql.json(job.modules as string[])}::jsonb, ${job.queueJobId}, now(), ${attempt}::int from started
			on conflict (id) do update set status = 'processing', started_at = coalesce(jobs_enrichment_queue.started_at, now()), retry_count = greatest(jobs_enrichment_queue.retry_count, excluded.retry_count), completed_at = null
		)
		select * from started
	`;
	if (started) return {run: true, row: started};
	const [row] = await sql<EnrichmentJobRow[]>`select ${jobColumns(sql)} from core_enrichment_jobs where id = ${job.id}`;
	return {run: false, row: row!};
}

/** Records one module's outcome; returns the run's status (a cancel shows up here). */
export async function recordModuleResult(sql: Sql, id: string, name: string, result: ModuleResultRecord): Promise<CoreJobStatus | undefined> {
	return recordModuleResults(sql, id, [{name, result}]);
}

/**
 * Records the outcomes of several modules in one UPDATE (in the order given, as if
 * recorded one after another); returns the run's status (a cancel shows up here).
 */
export async function recordModuleResults(sql: Sql, id: string, results: readonly {name: string; result: ModuleResultRecord}[]): Promise<CoreJobStatus | undefined> {
	if (results.length === 0) return jobStatus(sql, id);
	const [row] = await sql<{status: CoreJobStatus}[]>`
		update core_enrichment_jobs set ${moduleResultsSet(sql, results)}
		where id = ${id}
		returning status
	`;
	return row?.status;
}

/** The SET list that merges module outcomes into a run's row (recordModuleResults, finishJob). */
function moduleResultsSet(sql: Sql, results: readonly {name: string; result: ModuleResultRecord}[]) {
	const names = results.map((entry) => entry.name);
	const completed = results.filter((entry) => entry.result.status === 'completed').map((entry) => entry.name);
	const failed = results.filter((entry) => entry.result.status === 'failed').map((entry) => entry.name);
	const outcomes = Object.fromEntries(results.map((entry) => [entry.name, entry.result]));
	const calls = results.reduce((sum, entry) => sum + (entry.result.apiCalls ?? 0), 0);
	const cost = results.reduce((sum, entry) => sum + (entry.result.cost ?? 0), 0);
	return sql`
		modules_completed = (modules_completed - ${names}::text[]) || ${sql.json(completed)}::jsonb,
		modules_failed = (modules_failed - ${names}::text[]) || ${sql.json(failed)}::jsonb,
		module_results = module_results || ${sql.json(outcomes as never)}::jsonb,
		api_calls_made = api_calls_made + ${calls},
		api_cost_estimate = api_cost_estimate + ${Math.round(cost * 10_000) / 10_000}
	`;
}

export async function jobStatus(sql: Sql, id: string): Promise<CoreJobStatus | undefined> {
	const [row] = await sql<{status: CoreJobStatus}[]>`select status from core_enrichment_jobs where id = ${id}`;
	return row?.status;
}

/** A retryable failure: the run goes back to pending until BullMQ's next attempt. */
export async function markJobRetrying(sql: Sql, id: string, errorMessage: string): Promise<void> {
	// One statement: both rows or neither.
	await sql`
		with core as (
			update core_enrichment_jobs set status = 'pending', error_message = ${errorMessage} where id = ${id} and status = 'running' returning id
		)
		update jobs_enrichment_queue set status = 'queued', error_message = ${errorMessage} where id = ${id} and status = 'processing'
	`;
}

/**
 * Ends a run: completed, failed or cancelled, in all three tables at once. The history
 * row (duration, API calls, cost) is written once per run and refreshed if the run is
 * retried and ends again. A run that was cancelled stays cancelled.
 */
export async function finishJob(sql: Sql, id: string, status: 'completed' | 'failed' | 'cancelled', errorMessage: string | null, results: readonly {name: string; result: ModuleResultRecord}[] = []): Promise<EnrichmentJobRow | undefined> {
	// One statement (atomic on its own, one round trip): the run (with the outcomes of its
	// last modules, when given), its queue record, and its history row — updated when an
	// earlier end of the run wrote one, inserted otherwise.
	const [row] = await sql<EnrichmentJobRow[]>`
		with finished as (
			update core_enrichment_jobs set
				${results.length > 0 ? sql`${moduleResultsSet(sql, results)},` : sql``}
				status = ${status},
				completed_at = now(),
				error_message = ${errorMessage}
			where id = ${id} and (status <> 'cancelled' or ${status} = 'cancelled')
				and (status in ('pending', 'running') or ${status} <> 'cancelled')
			returning *
		), queue as (
			update jobs_enrichment_queue set status = ${queueStatus[status]}, completed_at = now(), error_message = ${errorMessage}
			where id = (select id from finished)
		), history as (
			select f.id, f.domain, f.job_type, ${status}::varchar as status, f.modules_requested, f.modules_completed, f.modules_failed,
				case when f.started_at is null then 0 else greatest(0, round(extract(epoch from f.completed_at - f.started_at)))::int end as duration_seconds,
				f.api_calls_made, f.api_cost_estimate, f.started_at, f.completed_at,
				coalesce(${errorMessage}::text, (
					select string_agg(e.key || ': ' || coalesce(e.value->>'note', 'failed'), E'\n')
					from jsonb_each(f.module_results) e where e.value->>'status' = 'failed'
				)) as error_log,
				f.created_by
			from finished f
		), updated as (
			update jobs_enrichment_history h set
				domain = r.domain, job_type = r.job_type, status = r.status, modules_requested = r.modules_requested,
				modules_completed = r.modules_completed, modules_failed = r.modules_failed, duration_seconds = r.duration_seconds,
				api_calls_made = r.api_calls_made, api_cost_estimate = r.api_cost_estimate, started_at = r.started_at,
				completed_at = r.completed_at, error_log = r.error_log, created_by = r.created_by
			from history r where h.id = r.id
			returning h.id
		), inserted as (
			insert into jobs_enrichment_history (id, domain, job_type, status, modules_requested, modules_completed, modules_failed, duration_seconds, api_calls_made, api_cost_estimate, started_at, completed_at, error_log, created_by)
			select id, domain, job_type, status, modules_requested, modules_completed, modules_failed, duration_seconds, api_calls_made, api_cost_estimate, started_at, completed_at, error_log, created_by
			from history where not exists (select 1 from updated)
		)
		select ${jobColumns(sql)} from finished
	`;
	return row;
}

/** A cancel: only a pending or running run can be cancelled. */
export async function cancelJobRow(sql: Sql, id: string): Promise<EnrichmentJobRow | undefined> {
	return finishJob(sql, id, 'cancelled', 'cancelled by user');
}

/**
 * Puts a failed or cancelled run back to pending for `pf jobs retry`: modules it
 * completed stay completed (they are not run again), the failed ones run again.
 * Undefined when the run is not failed/cancelled; throws 23505 when the domain has
 * another active run.
 */
export async function resetJobForRetry(sql: Sql, id: string): Promise<EnrichmentJobRow | undefined> {
	return sql.begin(async (tx_) => {
		const tx = tx_ as unknown as Sql;
		const [row] = await tx<EnrichmentJobRow[]>`
			update core_enrichment_jobs set status = 'pending', completed_at = null, error_message = null, modules_failed = '[]', retry_count = retry_count + 1
			where id = ${id} and status in ('failed', 'cancelled')
			returning ${jobColumns(tx)}
		`;
		if (!row) return undefined;
		await tx`
			insert into jobs_enrichment_queue ${tx({id: row.id, domain: row.domain, job_type: row.job_type, priority: row.priority, status: 'queued', modules: tx.json(row.modules_requested), redis_job_id: row.queue_job_id, retry_count: row.retry_count})}
			on conflict (id) do update set status = 'queued', completed_at = null, error_message = null, queued_at = now(), retry_count = excluded.retry_count
		`;
		return row;
	}) as Promise<EnrichmentJobRow | undefined>;
}

export type JobFilter = {status?: CoreJobStatus; domain?: string; limit?: number};

/** Runs, newest first. */
export async function listJobRows(sql: Sql, filter: JobFilter = {}): Promise<EnrichmentJobRow[]> {
	return sql<EnrichmentJobRow[]>`
		select ${jobColumns(sql)} from core_enrichment_jobs
		where true
			${filter.status ? sql`and status = ${filter.status}` : sql``}
			${filter.domain ? sql`and domain = ${filter.domain}` : sql``}
		order by created_at desc, id
		limit ${filter.limit ?? 50}
	`;
}

/** Runs by ids (order not kept). */
export async function jobRows(sql: Sql, ids: readonly string[]): Promise<EnrichmentJobRow[]> {
	if (ids.length === 0) return [];
	return sql<EnrichmentJobRow[]>`select ${jobColumns(sql)} from core_enrichment_jobs where id in ${sql(ids)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A run by its full id, or by a unique prefix of it (up to 10 matches returned). */
export async function findJobRows(sql: Sql, idOrPrefix: string): Promise<EnrichmentJobRow[]> {
	const text = idOrPrefix.toLowerCase().replace(/^enrich-/, '');
	if (uuidPattern.test(text)) return sql<EnrichmentJobRow[]>`select ${jobColumns(sql)} from core_enrichment_jobs where id = ${text}`;
	if (!/^[0-9a-f-]{4,35}$/.test(text)) return [];
	return sql<EnrichmentJobRow[]>`
		select ${jobColumns(sql)} from core_enrichment_jobs
		where id::text like ${`${text}%`}
		order by created_at desc
		limit 10
	`;
}

export type JobHistoryRow = {
	id: string;
	status: string;
	duration_seconds: number | null;
	api_calls_made: number | null;
	api_cost_estimate: number | null;
	started_at: Date | null;
	completed_at: Date | null;
	error_log: string | null;
};

export async function jobHistory(sql: Sql, id: string): Promise<JobHistoryRow | undefined> {
	const [row] = await sql<JobHistoryRow[]>`
		select id, status, duration_seconds, api_calls_made, api_cost_estimate::float8 as api_cost_estimate, started_at, completed_at, error_log
		from jobs_enrichment_history where id = ${id}
	`;
	return row;
}

/** Per-status counts, for `pf jobs` summaries and the TUI. */
export async function jobCounts(sql: Sql): Promise<Record<CoreJobStatus, number>> {
	const rows = await sql<{status: CoreJobStatus; n: number}[]>`select status, count(*)::int as n from core_enrichment_jobs group by status`;
	const out = Object.fromEntries(CORE_JOB_STATUSES.map((status) => [status, 0])) as Record<CoreJobStatus, number>;
	for (const row of rows) out[row.status] = row.n;
	return out;
}

/**
 * Calls `onChange(id)` whenever a run's row changes (the NOTIFY of migration 0350);
 * returns the function that stops listening. Wake-ups only: read the rows for state.
 */
export async function listenJobChanges(sql: Sql, onChange: (id: string) => void): Promise<() => Promise<void>> {
	const {unlisten} = await sql.listen('pf_enrichment_jobs', (payload) => onChange(payload));
	return unlisten;
}

// ─── scheduled tasks ────────────────────────────────────────────────────────────────

export type ScheduledTaskRow = {
	id: string;
	task_name: string;
	task_type: string;
	schedule_cron: string | null;
	is_active: boolean;
	last_run_at: Date | null;
	next_run_at: Date | null;
	task_config: Record<string, unknown> | null;
};

export async function scheduledTasks(sql: Sql, options: {activeOnly?: boolean} = {}): Promise<ScheduledTaskRow[]> {
	return sql<ScheduledTaskRow[]>`
		select id, task_name, task_type, schedule_cron, is_active, last_run_at, next_run_at, task_config
		from jobs_scheduled_tasks
		${options.activeOnly ? sql`where is_active` : sql``}
		order by task_name
	`;
}

export async function scheduledTask(sql: Sql, id: string): Promise<ScheduledTaskRow | undefined> {
	const [row] = await sql<ScheduledTaskRow[]>`
		select id, task_name, task_type, schedule_cron, is_active, last_run_at, next_run_at, task_config
		from jobs_scheduled_tasks where id = ${id}
	`;
	return row;
}

export async function markTaskRun(sql: Sql, id: string, nextRunAt: Date | null): Promise<void> {
	await sql`update jobs_scheduled_tasks set last_run_at = now(), next_run_at = ${nextRunAt} where id = ${id}`;
}

export async function setTaskNextRun(sql: Sql, id: string, nextRunAt: Date | null): Promise<void> {
	await sql`update jobs_scheduled_tasks set next_run_at = ${nextRunAt} where id = ${id} and next_run_at is distinct from ${nextRunAt}`;
}

export type StaleCompany = {domain: string; priority_status: string | null; last_enriched: Date | null};

/**
 * Companies due for re-enrichment: never enriched, or last completed run older than the
 * maximum age of their priority status. HOT first, then the oldest.
 */
export async function staleCompanies(sql: Sql, maxAgeDays: {HOT: number; WARM: number; COOL: number; COLD: number; unscored: number}, limit: number): Promise<StaleCompany[]> {
	return sql<StaleCompany[]>`
		select c.domain, icp.priority_status, last.completed_at as last_enriched
		from core_companies c
		left join intel_icp_priority_mapping icp on icp.domain = c.domain
		left join lateral (
			select j.completed_at from core_enrichment_jobs j
			where j.domain = c.domain and j.status = 'completed'
			order by j.completed_at desc limit 1
		) last on true
		where c.deleted_at is null
			and not exists (select 1 from core_enrichment_jobs a where a.domain = c.domain and a.status in ('pending', 'running'))
			and (last.completed_at is null or last.completed_at < now() - make_interval(days => case icp.priority_status
				when 'HOT' then ${maxAgeDays.HOT}::int
				when 'WARM' then ${maxAgeDays.WARM}::int
				when 'COOL' then ${maxAgeDays.COOL}::int
				when 'COLD' then ${maxAgeDays.COLD}::int
				else ${maxAgeDays.unscored}::int end))
		order by case icp.priority_status when 'HOT' then 0 when 'WARM' then 1 when 'COOL' then 2 when 'COLD' then 3 else 4 end,
			last.completed_at nulls first, c.domain
		limit ${limit}
	`;
}

/** Deletes expired core_api_cache rows in batches; returns how many. */
export async function deleteExpiredCache(sql: Sql, batch = 5_000): Promise<number> {
	let total = 0;
	for (;;) {
		const rows = await sql`
			delete from core_api_cache where id in (
				select id from core_api_cache where expires_at < now() limit ${batch}
			) returning 1
		`;
		total += rows.length;
		if (rows.length < batch) return total;
	}
}

/** Monthly partitions of the API-call audit and the job history, this month and ahead. */
export async function ensureMonthlyPartitions(sql: Sql, monthsAhead = 3): Promise<number> {
	const [row] = await sql<{created: number}[]>`
		select pf_ensure_monthly_partitions('audit_api_calls', ${monthsAhead}::int)
			+ pf_ensure_monthly_partitions('jobs_enrichment_history', ${monthsAhead}::int) as created
	`;
	return row?.created ?? 0;
}
