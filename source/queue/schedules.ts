/**
 * Schedules: every active row of jobs_scheduled_tasks with a cron is a BullMQ job
 * scheduler on the maintenance queue (id `pf-task-<row id>`, cron in UTC). Workers sync
 * the schedulers from the table when they start and every minute, so editing a row (or
 * deactivating it) takes effect without a restart; the queue makes sure each tick runs
 * once, however many workers there are.
 *
 * A task's type picks its handler: `refresh` re-enriches stale companies by priority
 * (HOT after 7 days, WARM 14, COOL 30, COLD 90 by default), `cleanup` deletes expired
 * core_api_cache rows, `maintenance` creates the monthly partitions ahead. Other areas
 * add a handler to `taskHandlers` (one line) for a new task type.
 */
import type {Job} from 'bullmq';
import type {Sql} from '../db/client.js';
import {deleteExpiredCache, ensureMonthlyPartitions, markTaskRun, scheduledTask, scheduledTasks, setTaskNextRun, staleCompanies, type ScheduledTaskRow} from '../db/jobs.js';
import type {AnyQueue, QueueBackend} from './backend.js';
import {schedulerId, type MaintenanceJobData} from './names.js';

export type TaskContext = {sql: Sql; task: ScheduledTaskRow; backend: QueueBackend; log: (line: string) => void};
/** Runs one tick of a task; returns a one-line summary for the worker's log and the job result. */
export type TaskHandler = (context: TaskContext) => Promise<string>;

const defaultMaxAge = {HOT: 7, WARM: 14, COOL: 30, COLD: 90};
/** Scheduled refreshes queue below a user's `pf enrich` (default 5), HOT first. */
export const refreshPriority: Record<string, number> = {HOT: 4, WARM: 3, COOL: 2, COLD: 1};

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Re-enriches companies whose last completed enrichment is older than their status allows. */
export const refreshStaleCompanies: TaskHandler = async ({sql, task, backend}) => {
	const config = task.task_config ?? {};
	const ages = (config.max_age_days ?? {}) as Record<string, unknown>;
	const maxAge = {
		HOT: numberOr(ages.HOT, defaultMaxAge.HOT),
		WARM: numberOr(ages.WARM, defaultMaxAge.WARM),
		COOL: numberOr(ages.COOL, defaultMaxAge.COOL),
		COLD: numberOr(ages.COLD, defaultMaxAge.COLD),
		unscored: numberOr(config.unscored_max_age_days, defaultMaxAge.COLD),
	};
	const stale = await staleCompanies(sql, maxAge, Math.floor(numberOr(config.limit, 500)));
	if (stale.length === 0) return 'no stale companies';
	const {enqueueEnrichment} = await import('../services/enrichment-queue.js');
	const byStatus = new Map<string, string[]>();
	for (const company of stale) {
		const status = company.priority_status ?? 'unscored';
		byStatus.set(status, [...(byStatus.get(status) ?? []), company.domain]);
	}
	const parts: string[] = [];
	for (const [status, domains] of byStatus) {
		const jobs = await enqueueEnrichment(sql, {domains, priority: refreshPriority[status] ?? 1, backend, actor: {kind: 'system'}});
		parts.push(`${jobs.filter((job) => !job.existing).length} ${status}`);
	}
	return `queued ${parts.join(', ')}`;
};

export const cleanApiCache: TaskHandler = async ({sql, task}) => {
	const removed = await deleteExpiredCache(sql, Math.floor(numberOr(task.task_config?.batch, 5_000)) || 5_000);
	return `removed ${removed} expired core_api_cache rows`;
};

export const partitionMaintenance: TaskHandler = async ({sql, task}) => {
	const created = await ensureMonthlyPartitions(sql, Math.floor(numberOr(task.task_config?.months_ahead, 3)));
	return `created ${created} partitions`;
};

export const taskHandlers: Record<string, TaskHandler> = {
	refresh: refreshStaleCompanies,
	cleanup: cleanApiCache,
	maintenance: partitionMaintenance,
	retention: async (context) => (await import('../services/retention.js')).retentionTask(context),
};

export type SyncReport = {active: string[]; removed: number; invalid: {task: string; reason: string}[]};

/** Makes the queue's schedulers match the active rows of jobs_scheduled_tasks. */
export async function syncSchedules(sql: Sql, queue: AnyQueue): Promise<SyncReport> {
	const tasks = await scheduledTasks(sql);
	const report: SyncReport = {active: [], removed: 0, invalid: []};
	const wanted = new Set<string>();
	for (const task of tasks) {
		if (!task.is_active || !task.schedule_cron) continue;
		const id = schedulerId(task.id);
		try {
			const existing = await queue.getJobScheduler(id);
			if (!existing || existing.pattern !== task.schedule_cron || existing.name !== task.task_type) {
				await queue.upsertJobScheduler(id, {pattern: task.schedule_cron, tz: 'UTC'}, {
					name: task.task_type,
					data: {taskId: task.id, taskName: task.task_name} satisfies MaintenanceJobData,
					opts: {removeOnComplete: 100, removeOnFail: 100},
				});
			}
			wanted.add(id);
			report.active.push(task.task_name);
			const scheduler = await queue.getJobScheduler(id);
			await setTaskNextRun(sql, task.id, scheduler?.next ? new Date(scheduler.next) : null);
		} catch (error) {
			report.invalid.push({task: task.task_name, reason: (error as Error).message});
		}
	}
	for (const scheduler of await queue.getJobSchedulers(0, -1)) {
		if (scheduler.key.startsWith('pf-task-') && !wanted.has(scheduler.key)) {
			await queue.removeJobScheduler(scheduler.key);
			report.removed++;
		}
	}
	return report;
}

/** The maintenance queue's processor: looks the task up and runs its type's handler. */
export function maintenanceProcessor(options: {sql: Sql; backend: QueueBackend; handlers?: Record<string, TaskHandler>; log?: (line: string) => void}) {
	const handlers = options.handlers ?? taskHandlers;
	const log = options.log ?? (() => {});
	return async (job: Job<MaintenanceJobData>): Promise<string> => {
		const task = await scheduledTask(options.sql, job.data.taskId);
		if (!task || !task.is_active) return 'task removed or inactive: skipped';
		const handler = handlers[task.task_type];
		if (!handler) {
			log(`schedule ${task.task_name}: no handler for task type "${task.task_type}"; skipped`);
			return `no handler for task type "${task.task_type}"`;
		}
		const summary = await handler({sql: options.sql, task, backend: options.backend, log});
		const queue = await options.backend.queue(job.queueName as never);
		const scheduler = await queue.getJobScheduler(schedulerId(task.id)).catch(() => undefined);
		await markTaskRun(options.sql, task.id, scheduler?.next ? new Date(scheduler.next) : null);
		log(`schedule ${task.task_name}: ${summary}`);
		return summary;
	};
}
