/**
 * `pf jobs [--status S] [--json]`, `pf jobs show|cancel|retry <id>`: the enrichment runs
 * as PostgreSQL keeps them (core_enrichment_jobs, with the history's duration, API calls
 * and cost). An id may be shortened to a unique prefix.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {listFormat, renderList, toJson, type Column} from '../output/format.js';
import {CORE_JOB_STATUSES, type CoreJobStatus} from '../db/jobs.js';
import {normaliseDomain} from '../domain/domain-name.js';
import {cancelJob, listJobs, retryJob, showJob, type EnrichmentJobRow, type JobDetails} from '../services/enrichment-queue.js';
import {jobJson} from './enrich.js';

const help = `
  Usage
    $ pf jobs [--status S] [--domain D] [--limit N] [--json|--csv]   newest first
    $ pf jobs show <id> [--json]      one job: modules, notes, API calls, cost
    $ pf jobs cancel <id>             cancel a pending or running job
    $ pf jobs retry <id>              run a failed or cancelled job again (completed modules are kept)

  Options
    --status S   ${CORE_JOB_STATUSES.join(', ')}
    --domain D   jobs of one domain
    --limit N    at most N jobs (default 50)

  An id can be shortened to its first characters when they are unique.
`;

const columns: Column<EnrichmentJobRow>[] = [
	{key: 'id', header: 'ID', value: (row) => row.id},
	{key: 'domain', header: 'DOMAIN', value: (row) => row.domain},
	{key: 'status', header: 'STATUS', value: (row) => row.status},
	{key: 'priority', header: 'PRI', value: (row) => row.priority, align: 'right'},
	{key: 'modules', header: 'MODULES', value: (row) => `${row.modules_completed.length}/${row.modules_requested.length}`, align: 'right'},
	{key: 'failed', header: 'FAILED', value: (row) => row.modules_failed.join(',')},
	{key: 'calls', header: 'CALLS', value: (row) => row.api_calls_made, align: 'right'},
	{key: 'created', header: 'CREATED', value: (row) => row.created_at.toISOString()},
	{key: 'finished', header: 'FINISHED', value: (row) => row.completed_at?.toISOString() ?? ''},
];

export default async function jobs(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		status: {type: 'string'},
		domain: {type: 'string'},
		limit: {type: 'number', default: 50},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
	});
	const [action, id, ...extra] = cli.input;
	if (action === undefined || action === 'list') {
		if (id !== undefined) throw new UsageError(`unexpected argument "${id}"`, 'see `pf jobs --help`');
		const status = cli.flags.status?.toLowerCase();
		if (status !== undefined && !(CORE_JOB_STATUSES as readonly string[]).includes(status)) throw new UsageError(`unknown status "${cli.flags.status}"`, `use one of: ${CORE_JOB_STATUSES.join(', ')}`);
		if (!Number.isInteger(cli.flags.limit) || cli.flags.limit < 1) throw new UsageError(`--limit must be a positive whole number, not ${cli.flags.limit}`);
		let domain: string | undefined;
		if (cli.flags.domain !== undefined) {
			const result = normaliseDomain(cli.flags.domain);
			if (!result.ok) throw new UsageError(`"${cli.flags.domain}" is not a domain: ${result.reason}`);
			domain = result.domain;
		}
		const sql = await database();
		const rows = await listJobs(sql, {...(status ? {status: status as CoreJobStatus} : {}), ...(domain ? {domain} : {}), limit: cli.flags.limit});
		process.stdout.write(renderList(rows, columns, listFormat(cli.flags), jobJson));
		return 0;
	}
	if (!['show', 'cancel', 'retry'].includes(action)) throw new UsageError(`unknown jobs action "${action}"`, 'use one of: show, cancel, retry (or no action to list)');
	if (id === undefined) throw new UsageError(`pf jobs ${action} needs a job id`, 'list the jobs with `pf jobs`');
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'one job id at a time');
	const sql = await database();
	switch (action) {
		case 'show': {
			const job = await showJob(sql, id);
			process.stdout.write(cli.flags.json ? toJson(detailsJson(job)) : formatDetails(job));
			return 0;
		}
		case 'cancel': {
			const row = await cancelJob(sql, id);
			process.stderr.write(`pf: job ${row.id} (${row.domain}) is ${row.status}\n`);
			if (cli.flags.json) process.stdout.write(toJson(jobJson(row)));
			return 0;
		}
		default: {
			const row = await retryJob(sql, id);
			process.stderr.write(`pf: job ${row.id} (${row.domain}) is queued again${row.modules_completed.length > 0 ? ` (${row.modules_completed.length} completed modules kept)` : ''}\n`);
			if (cli.flags.json) process.stdout.write(toJson(jobJson(row)));
			return 0;
		}
	}
}

function detailsJson(job: JobDetails) {
	return {
		...jobJson(job),
		history: job.history
			? {
					status: job.history.status,
					durationSeconds: job.history.duration_seconds,
					apiCalls: job.history.api_calls_made,
					costEstimate: job.history.api_cost_estimate,
					errorLog: job.history.error_log,
				}
			: null,
	};
}

function formatDetails(job: JobDetails): string {
	const lines = [
		`job         ${job.id}`,
		`domain      ${job.domain}${job.ticker ? ` (${job.ticker})` : ''}`,
		`status      ${job.status}${job.retry_count > 0 ? ` (attempt ${job.retry_count + 1} of ${job.max_retries + 1})` : ''}`,
		`type        ${job.job_type}, priority ${job.priority}`,
		`created     ${job.created_at.toISOString()}`,
		`started     ${job.started_at?.toISOString() ?? '-'}`,
		`finished    ${job.completed_at?.toISOString() ?? '-'}`,
		`API calls   ${job.api_calls_made} (est. $${job.api_cost_estimate.toFixed(4)})`,
	];
	if (job.history?.duration_seconds !== undefined && job.history?.duration_seconds !== null) lines.push(`duration    ${job.history.duration_seconds} s`);
	if (job.error_message) lines.push(`error       ${job.error_message}`);
	lines.push('modules');
	for (const name of job.modules_requested) {
		const result = job.module_results[name];
		const detail = result ? [result.rowsWritten !== undefined ? `${result.rowsWritten} rows` : '', result.apiCalls ? `${result.apiCalls} calls` : '', result.ms !== undefined ? `${result.ms} ms` : '', result.note ?? ''].filter(Boolean).join(', ') : '';
		lines.push(`  ${name.padEnd(17)} ${(result?.status ?? 'not run').padEnd(9)} ${detail}`.trimEnd());
	}
	return lines.join('\n') + '\n';
}
