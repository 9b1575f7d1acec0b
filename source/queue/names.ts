/**
 * Queue names, job payloads and the ids that tie a BullMQ job to its rows in
 * core_enrichment_jobs / jobs_enrichment_queue / jobs_enrichment_history.
 */
import type {ModuleName} from '../enrichment/types.js';

/** Enrichment runs, one job per domain and run. */
export const ENRICHMENT_QUEUE = 'pf-enrichment';
/** Scheduled maintenance: stale refresh, cache clean-up, partitions (jobs_scheduled_tasks). */
export const MAINTENANCE_QUEUE = 'pf-maintenance';

export type QueueName = typeof ENRICHMENT_QUEUE | typeof MAINTENANCE_QUEUE;

/** The payload of an `enrich` job. Everything needed to run it, even if its row was lost. */
export type EnrichmentJobData = {
	/** core_enrichment_jobs.id (a UUID), also the id of its queue and history rows. */
	jobRowId: string;
	domain: string;
	/** Requested modules; null = every module (a full job). */
	modules: ModuleName[] | null;
	ticker: string | null;
	/** pf priority 1–10, 10 most urgent. */
	priority: number;
	createdBy: string | null;
};

/** The payload of a scheduled maintenance job (one per jobs_scheduled_tasks row). */
export type MaintenanceJobData = {taskId: string; taskName: string};

/**
 * The BullMQ job id of a run: per run (so a finished domain can be enriched again while
 * the database allows one active job per domain), never numeric-looking, never ':'.
 */
export function queueJobId(jobRowId: string): string {
	return `enrich-${jobRowId}`;
}

/** The scheduler id for a jobs_scheduled_tasks row. */
export function schedulerId(taskId: string): string {
	return `pf-task-${taskId}`;
}

export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 10;
export const DEFAULT_PRIORITY = 5;

/** pf's priority (10 most urgent, as the spec's `priority DESC` index) → BullMQ's (1 first). */
export function bullPriority(priority: number): number {
	return MAX_PRIORITY + 1 - Math.min(MAX_PRIORITY, Math.max(MIN_PRIORITY, Math.round(priority)));
}

/** The spec's job_type from the modules requested. */
export function jobType(modules: readonly string[] | null): 'full' | 'partial' | 'single_module' {
	if (!modules) return 'full';
	return modules.length === 1 ? 'single_module' : 'partial';
}
