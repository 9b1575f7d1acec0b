/**
 * The data retention policy of schema v2 ("Data Retention Policy"), as data, and the
 * cut-off arithmetic. Pure: `now` is a parameter.
 *
 * | category        | keep        | then                         |
 * |-----------------|-------------|------------------------------|
 * | core data       | indefinite  | soft delete only (deleted_at)|
 * | intel data      | 1 year      | archive, then remove         |
 * | job history     | 90 days     | purge                        |
 * | API call audit  | 30 days     | purge                        |
 * | user actions    | 1 year      | archive, then remove         |
 *
 * audit_data_changes is not in the spec's table; it is an audit trail like the user
 * actions and follows their rule (1 year, archived).
 */

export const dayMs = 86_400_000;

export type PurgeRule = {category: string; table: string; column: string; days: number; action: 'purge'; partitioned: true};
export type ArchiveRule = {category: string; table: string; days: number; action: 'archive'};

export const purgeRules: readonly PurgeRule[] = [
	{category: 'job history', table: 'jobs_enrichment_history', column: 'created_at', days: 90, action: 'purge', partitioned: true},
	{category: 'API call audit', table: 'audit_api_calls', column: 'called_at', days: 30, action: 'purge', partitioned: true},
];

/** Fixed archive tables; every `intel_*` table is added at run time (found in the catalog). */
export const archiveRules: readonly (ArchiveRule & {column: string})[] = [
	{category: 'user actions', table: 'audit_user_actions', column: 'action_at', days: 365, action: 'archive'},
	{category: 'data changes', table: 'audit_data_changes', column: 'changed_at', days: 365, action: 'archive'},
];

export const intelRetentionDays = 365;

/** The moment before which rows of a rule go. */
export function cutoff(now: Date, days: number): Date {
	return new Date(now.getTime() - days * dayMs);
}

/**
 * The column that says how old an intel fact is, besides `retrieved_at` (when its
 * source was read, preferred when set): the table's last change, else its creation.
 */
export function intelAgeColumn(columns: readonly string[]): string | undefined {
	for (const candidate of ['updated_at', 'created_at', 'generated_at', 'discovered_at']) {
		if (columns.includes(candidate)) return candidate;
	}
	return undefined;
}

/** A monthly partition lies wholly before the cut-off when its upper bound is at or before it. */
export function partitionExpired(upperBound: Date, cut: Date): boolean {
	return upperBound.getTime() <= cut.getTime();
}

/** Archive file name for one purge run: `pf-archive-20261125T031700Z.jsonl.gz`. */
export function archiveFileName(now: Date): string {
	return `pf-archive-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.jsonl.gz`;
}
