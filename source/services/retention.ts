/**
 * The retention purge (`pf purge`, and the scheduled task `retention-purge` in
 * jobs_scheduled_tasks): the policy of source/access/retention-policy.ts applied to the
 * database.
 *
 * - job history (90 days) and API-call audit (30 days): monthly partitions wholly past
 *   the cut-off are detached and dropped; older rows left in other partitions (the
 *   DEFAULT partition holds back-dated rows) are deleted.
 * - user actions, data changes and intel (1 year): written to a gzip JSON-lines archive
 *   (`{"table": …, "row": {…}}` per line), the file flushed and closed, and only then
 *   the same rows deleted, in one transaction. If anything fails, nothing is deleted
 *   and the partial file is removed.
 * - core data: never removed here (soft delete only, `deleted_at`).
 *
 * A dry run computes the same plan and changes nothing.
 */
import {createWriteStream, mkdirSync, rmSync} from 'node:fs';
import {open} from 'node:fs/promises';
import path from 'node:path';
import {createGzip} from 'node:zlib';
import {once} from 'node:events';
import type {Sql} from '../db/client.js';
import {countAged, countRowsBefore, deleteByIds, deleteRowsBefore, dropPartition, expiredPartitions, forEachAgedBatch, intelTables, markRetentionPurge, markScheduledRun} from '../db/retention.js';
import {dataDirectory} from '../config/paths.js';
import {PfError} from '../errors.js';
import {archiveFileName, archiveRules, cutoff, intelAgeColumn, intelRetentionDays, purgeRules} from '../access/retention-policy.js';
import {authorize, recordAction, type Actor} from './access.js';

export type PurgeItem = {
	category: string;
	table: string;
	action: 'drop partition' | 'delete' | 'archive' | 'keep';
	/** The partition dropped whole (action `drop partition`). */
	partition?: string;
	rows: number;
	/** Rows dated before this go. */
	before: Date | null;
};

export type PurgeReport = {dryRun: boolean; now: Date; items: PurgeItem[]; archiveFile: string | null};

export type PurgeOptions = {
	dryRun?: boolean;
	/** The moment the policy is measured from (tests pin it). */
	now?: Date;
	/** Where archive files go (PF_ARCHIVE_DIR, default `<data directory>/archive`). */
	archiveDir?: string;
	actor?: Actor;
	env?: NodeJS.ProcessEnv;
	/** Run by the scheduler (jobs_scheduled_tasks), not by a person: no key needed. */
	scheduled?: boolean;
};

/** The scheduled task's name in jobs_scheduled_tasks (sql/0601). */
export const purgeTaskName = 'retention-purge';

type ArchiveTarget = {category: string; table: string; age: {columns: string[]}; before: Date};

async function archiveTargets(sql: Sql, now: Date): Promise<ArchiveTarget[]> {
	const targets: ArchiveTarget[] = archiveRules.map((rule) => ({category: rule.category, table: rule.table, age: {columns: [rule.column]}, before: cutoff(now, rule.days)}));
	for (const intel of await intelTables(sql)) {
		const own = intelAgeColumn(intel.columns);
		const columns = [...(intel.columns.includes('retrieved_at') ? ['retrieved_at'] : []), ...(own ? [own] : [])];
		if (columns.length === 0 || !intel.columns.includes('id')) continue; // no age or no id: cannot be archived row by row
		targets.push({category: 'intel', table: intel.table, age: {columns}, before: cutoff(now, intelRetentionDays)});
	}
	return targets;
}

/** What the policy removes at `now`, table by table (nothing is changed). */
export async function planPurge(sql: Sql, now: Date): Promise<{items: PurgeItem[]; archive: ArchiveTarget[]}> {
	const items: PurgeItem[] = [];
	for (const rule of purgeRules) {
		const before = cutoff(now, rule.days);
		const partitions = await expiredPartitions(sql, rule.table, before);
		for (const partition of partitions) items.push({category: rule.category, table: rule.table, action: 'drop partition', partition: partition.name, rows: partition.rows, before});
		const rows = await countRowsBefore(sql, rule.table, rule.column, before, partitions.map((partition) => partition.name));
		items.push({category: rule.category, table: rule.table, action: 'delete', rows, before});
	}
	const archive = await archiveTargets(sql, now);
	for (const target of archive) {
		items.push({category: target.category, table: target.table, action: 'archive', rows: await countAged(sql, target.table, target.age, target.before), before: target.before});
	}
	for (const table of ['core_companies', 'core_domains', 'core_brands', 'core_customers']) items.push({category: 'core data', table, action: 'keep', rows: 0, before: null});
	return {items, archive};
}

/**
 * Applies the retention policy (or, with `dryRun`, lists exactly what it would
 * remove). The queue's scheduler calls this for the `retention-purge` task with
 * `{scheduled: true}`.
 */
export async function runPurge(sql: Sql, options: PurgeOptions = {}): Promise<PurgeReport> {
	const env = options.env ?? process.env;
	const actor: Actor = options.scheduled ? {kind: 'system'} : await authorize(sql, {action: 'purge', actor: options.actor, env});
	const now = options.now ?? new Date();
	const {items, archive} = await planPurge(sql, now);
	if (options.dryRun) return {dryRun: true, now, items, archiveFile: null};

	const done: PurgeItem[] = [];
	for (const rule of purgeRules) {
		for (const item of items.filter((entry) => entry.table === rule.table && entry.action === 'drop partition')) {
			await dropPartition(sql, rule.table, item.partition!);
			done.push(item);
		}
		const before = cutoff(now, rule.days);
		const rows = await deleteRowsBefore(sql, rule.table, rule.column, before);
		done.push({category: rule.category, table: rule.table, action: 'delete', rows, before});
	}

	let archiveFile: string | null = null;
	const toArchive = archive.filter((target) => (items.find((item) => item.table === target.table && item.action === 'archive')?.rows ?? 0) > 0);
	if (toArchive.length > 0) {
		const directory = path.resolve(options.archiveDir ?? env.PF_ARCHIVE_DIR ?? path.join(dataDirectory(env), 'archive'));
		archiveFile = path.join(directory, archiveFileName(now));
		const archived = await archiveAndDelete(sql, toArchive, directory, archiveFile);
		for (const target of archive) done.push({category: target.category, table: target.table, action: 'archive', rows: archived.get(target.table) ?? 0, before: target.before});
	} else {
		for (const target of archive) done.push({category: target.category, table: target.table, action: 'archive', rows: 0, before: target.before});
	}
	done.push(...items.filter((item) => item.action === 'keep'));

	await recordAction(sql, actor, {action: 'purge', resourceType: 'retention', requestPath: options.scheduled ? `jobs_scheduled_tasks:${purgeTaskName}` : null});
	if (options.scheduled) await markScheduledRun(sql, purgeTaskName);
	return {dryRun: false, now, items: done, archiveFile};
}

async function archiveAndDelete(sql: Sql, targets: ArchiveTarget[], directory: string, file: string): Promise<Map<string, number>> {
	try {
		mkdirSync(directory, {recursive: true, mode: 0o700});
	} catch (error) {
		throw new PfError(`cannot create the archive directory ${directory}: ${(error as Error).message}`, {hint: 'set PF_ARCHIVE_DIR or --archive-dir to a writable directory', cause: error});
	}
	const counts = new Map<string, number>();
	let created = false;
	try {
		await sql.begin(async (tx) => {
			const t = tx as unknown as Sql;
			await markRetentionPurge(t);
			const gzip = createGzip();
			const out = createWriteStream(file, {flags: 'wx', mode: 0o600});
			out.on('open', () => (created = true));
			const finished = once(out, 'close');
			const failed = new Promise<never>((_, reject) => {
				out.on('error', reject);
				gzip.on('error', reject);
			});
			failed.catch(() => {});
			gzip.pipe(out);
			const ids = new Map<string, string[]>();
			for (const target of targets) {
				const tableIds: string[] = [];
				await forEachAgedBatch(t, target.table, target.age, target.before, async (batch) => {
					const text = batch.map(({row}) => JSON.stringify({table: target.table, row})).join('\n') + '\n';
					tableIds.push(...batch.map(({id}) => id));
					if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), failed]);
				});
				ids.set(target.table, tableIds);
			}
			gzip.end();
			await Promise.race([finished, failed]);
			// The archive is on disk before a single row goes.
			const handle = await open(file, 'r');
			await handle.sync();
			await handle.close();
			for (const target of targets) counts.set(target.table, await deleteByIds(t, target.table, ids.get(target.table) ?? []));
		});
	} catch (error) {
		if (created) rmSync(file, {force: true});
		if (error instanceof PfError) throw error;
		throw new PfError(`the archive purge failed, nothing was removed: ${(error as Error).message}`, {hint: 'check the archive directory (PF_ARCHIVE_DIR) and the database, then run `pf purge` again', cause: error});
	}
	return counts;
}

/** A one-line summary of a purge, for logs. */
export function purgeSummary(report: PurgeReport): string {
	const by = (action: PurgeItem['action']) => report.items.filter((item) => item.action === action);
	const rows = (items: PurgeItem[]) => items.reduce((sum, item) => sum + item.rows, 0);
	const dropped = by('drop partition');
	return `${report.dryRun ? 'would drop' : 'dropped'} ${dropped.length} partition(s) (${rows(dropped)} rows), ${report.dryRun ? 'would delete' : 'deleted'} ${rows(by('delete'))} rows, ${report.dryRun ? 'would archive' : 'archived'} ${rows(by('archive'))} rows${report.archiveFile ? ` to ${report.archiveFile}` : ''}`;
}

/**
 * The handler of the `retention` task type for the worker's scheduler
 * (source/queue/schedules.ts `taskHandlers`): `retention: retentionTask`.
 */
export async function retentionTask(context: {sql: Sql; task: {task_config: Record<string, unknown> | null}}): Promise<string> {
	const archiveDir = context.task.task_config?.archive_dir;
	const report = await runPurge(context.sql, {scheduled: true, ...(typeof archiveDir === 'string' && archiveDir ? {archiveDir} : {})});
	return purgeSummary(report);
}
