/**
 * `pf enrich <domain…> [--file F | -] [--modules a,b] [--priority N] [--ticker T] [--wait] [--json]`:
 * validates and normalises every domain first (one bad entry: exit 2, nothing enqueued),
 * enqueues one run per domain (a domain with an active run gets that run back), prints
 * the job ids (or JSON) and exits. With --wait it follows the runs, printing each module's
 * outcome on stderr, and exits with their outcome (0 all completed, 1 otherwise).
 */
import {readFileSync} from 'node:fs';
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {closeDatabase, database} from '../db/client.js';
import {toJson} from '../output/format.js';
import {colorEnabled, paint} from '../output/color.js';
import {MODULE_NAMES} from '../enrichment/types.js';
import type {EnqueuedJob, EnrichmentJobRow} from '../services/enrichment-queue.js';

const help = `
  Usage
    $ pf enrich <domain…> [options]
    $ pf enrich --file domains.txt      one domain per line (# comments, blank lines ignored)
    $ cat domains.txt | pf enrich -     the same from stdin

  Options
    --file F         read domains from a file (- for stdin)
    --modules a,b    run only these modules (default: all); dependencies not listed use stored data
    --priority N     1–10, 10 most urgent (default 5)
    --ticker T       the stock ticker of a public company (one domain only)
    --wait           follow the jobs: per-module progress on stderr, exit with their outcome
    --json           print the jobs as JSON instead of their ids

  Modules
    ${MODULE_NAMES.join(', ')}

  A domain that already has a pending or running job is not queued twice: its job is
  returned. Jobs run in \`pf worker\` processes (start at least one).

  Exit codes: 0 ok · 1 a job failed (--wait) · 2 bad input, nothing enqueued
              3 database unreachable · 4 queue unreachable
`;

type Entry = {text: string; where: string};

function entriesFromText(text: string, origin: string): Entry[] {
	const out: Entry[] = [];
	text.split(/\r?\n/).forEach((line, index) => {
		const value = line.replace(/#.*$/, '').trim();
		if (value !== '') out.push({text: value, where: `${origin} line ${index + 1}`});
	});
	return out;
}

function readInput(file: string): string {
	try {
		return readFileSync(file === '-' ? 0 : file, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check the path');
	}
}

export default async function enrich(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		file: {type: 'string'},
		modules: {type: 'string'},
		priority: {type: 'number'},
		ticker: {type: 'string'},
		wait: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
	});
	// Redis is probed at once, while the rest loads and the input is checked: an
	// unreachable queue is exit 4 fast (the PostgreSQL backend needs the database first).
	const probe = process.env.REDIS_URL?.trim() ? import('../queue/backend.js').then((backend) => backend.sharedQueueBackend()) : undefined;
	probe?.catch(() => {});
	try {
		return await enqueueAndReport(cli, probe);
	} catch (error) {
		// Not connected yet when the input was refused: close it when it arrives.
		void probe?.then((backend) => backend.close(), () => {});
		throw error;
	}
}

type Flags = ReturnType<typeof parseCommand<{file: {type: 'string'}; modules: {type: 'string'}; priority: {type: 'number'}; ticker: {type: 'string'}; wait: {type: 'boolean'; default: false}; json: {type: 'boolean'; default: false}}>>;

async function enqueueAndReport(cli: Flags, probe: Promise<unknown> | undefined): Promise<number> {
	const {enqueueEnrichment, validateDomains} = await import('../services/enrichment-queue.js');
	const entries: Entry[] = [];
	let stdinUsed = false;
	for (const arg of cli.input) {
		if (arg === '-') {
			if (stdinUsed) continue;
			stdinUsed = true;
			entries.push(...entriesFromText(readInput('-'), 'stdin'));
		} else {
			entries.push({text: arg, where: `"${arg}"`});
		}
	}
	if (cli.flags.file !== undefined) {
		if (cli.flags.file === '-' && stdinUsed) throw new UsageError('stdin is given twice (- and --file -)');
		entries.push(...entriesFromText(readInput(cli.flags.file), cli.flags.file === '-' ? 'stdin' : cli.flags.file));
	}
	if (entries.length === 0) throw new UsageError('no domains to enrich', 'name domains as arguments, or give --file F (- for stdin); see `pf enrich --help`');

	// Everything is checked before the database or the queue is touched.
	validateDomains(
		entries.map((entry) => entry.text),
		(index) => (entries[index]!.where.startsWith('"') ? entries[index]!.where : `${entries[index]!.where} ("${entries[index]!.text}")`),
	);
	const modules = cli.flags.modules?.split(',').map((name) => name.trim()).filter(Boolean);
	if (cli.flags.modules !== undefined && (!modules || modules.length === 0)) throw new UsageError('--modules is empty', `name modules from: ${MODULE_NAMES.join(', ')}`);

	const connecting = database();
	connecting.catch(() => {});
	try {
		await probe;
	} catch (error) {
		void connecting.then(() => closeDatabase(), () => {});
		throw error;
	}
	const sql = await connecting;
	const jobs = await enqueueEnrichment(sql, {
		domains: entries.map((entry) => entry.text),
		modules: modules ?? null,
		...(cli.flags.priority !== undefined ? {priority: cli.flags.priority} : {}),
		ticker: cli.flags.ticker ?? null,
	});
	const fresh = jobs.filter((job) => !job.existing);
	const existing = jobs.filter((job) => job.existing);
	process.stderr.write(`pf: queued ${fresh.length} job${fresh.length === 1 ? '' : 's'}${existing.length > 0 ? `; ${existing.length} domain${existing.length === 1 ? ' already has' : 's already have'} an active job (returned)` : ''}\n`);

	if (!cli.flags.wait) {
		process.stdout.write(cli.flags.json ? toJson(jobs.map(enqueuedJson)) : jobs.map((job) => `${job.id}\n`).join(''));
		return 0;
	}
	const rows = await waitForJobs(sql, jobs);
	if (cli.flags.json) process.stdout.write(toJson(rows.map(jobJson)));
	else process.stdout.write(rows.map((row) => `${row.id}\t${row.domain}\t${row.status}\n`).join(''));
	return rows.every((row) => row.status === 'completed') ? 0 : 1;
}

function enqueuedJson(job: EnqueuedJob) {
	return {id: job.id, domain: job.domain, status: job.status, existing: job.existing, priority: job.priority, modules: job.modules, queueJobId: job.queueJobId, createdAt: job.createdAt.toISOString()};
}

export function jobJson(row: EnrichmentJobRow) {
	return {
		id: row.id,
		domain: row.domain,
		status: row.status,
		jobType: row.job_type,
		priority: row.priority,
		modulesRequested: row.modules_requested,
		modulesCompleted: row.modules_completed,
		modulesFailed: row.modules_failed,
		modules: row.module_results,
		apiCalls: row.api_calls_made,
		costEstimate: row.api_cost_estimate,
		retryCount: row.retry_count,
		error: row.error_message,
		ticker: row.ticker,
		createdAt: row.created_at.toISOString(),
		startedAt: row.started_at?.toISOString() ?? null,
		completedAt: row.completed_at?.toISOString() ?? null,
	};
}

/** Follows the runs, printing each module's outcome once, on stderr. */
async function waitForJobs(sql: Awaited<ReturnType<typeof database>>, jobs: EnqueuedJob[]): Promise<EnrichmentJobRow[]> {
	const {followJobs} = await import('../services/enrichment-queue.js');
	const color = colorEnabled(process.stderr);
	const many = jobs.length > 1;
	const printed = new Set<string>();
	const statusShown = new Map<string, string>();
	const started = Date.now();
	let hinted = false;
	const hint = setInterval(() => {
		if (!hinted && Date.now() - started > 10_000 && statusShown.size > 0 && [...statusShown.values()].every((status) => status === 'pending')) {
			hinted = true;
			process.stderr.write('pf: still queued after 10 s — is a worker running? (start one with `pf worker`)\n');
		}
	}, 1_000);
	const styles = {completed: 'green', skipped: 'yellow', failed: 'red'} as const;
	try {
		return await followJobs(
			sql,
			jobs.map((job) => job.id),
			(rows) => {
				for (const row of rows) {
					const prefix = many ? `${row.domain}  ` : '';
					for (const [name, result] of Object.entries(row.module_results)) {
						const key = `${row.id}:${name}:${result.status}:${result.note ?? ''}`;
						if (printed.has(key)) continue;
						printed.add(key);
						const detail = [result.rowsWritten !== undefined ? `${result.rowsWritten} rows` : '', result.apiCalls ? `${result.apiCalls} API calls` : '', result.note ?? ''].filter(Boolean).join(', ');
						process.stderr.write(`${prefix}${name.padEnd(17)} ${paint(result.status, styles[result.status], color)}${detail ? `  ${detail}` : ''}\n`);
					}
					if (statusShown.get(row.id) !== row.status) {
						statusShown.set(row.id, row.status);
						if (row.status === 'completed' || row.status === 'failed' || row.status === 'cancelled') {
							const cost = row.api_cost_estimate ? `, est. $${row.api_cost_estimate.toFixed(4)}` : '';
							const line = `${row.domain}: ${row.status} (${row.modules_completed.length} completed, ${row.modules_failed.length} failed, ${row.api_calls_made} API calls${cost})${row.status !== 'completed' && row.error_message ? ` — ${row.error_message}` : ''}`;
							process.stderr.write(`${paint(line, row.status === 'completed' ? 'green' : 'red', color)}\n`);
						} else if (row.status === 'pending' && row.error_message) {
							process.stderr.write(`${row.domain}: retrying — ${row.error_message}\n`);
						}
					}
				}
			},
			{pollMs: 1_000},
		);
	} finally {
		clearInterval(hint);
	}
}
