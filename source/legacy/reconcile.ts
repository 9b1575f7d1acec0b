/**
 * Reconciliation of an import, table by table: every legacy row read must be loaded,
 * merged into another record, or rejected (with its raw row in import_rejects), and
 * every loaded row must be found in its destination after the load. Pure.
 */
export type TableCounts = {
	table: string;
	destination: string;
	/** Rows the import streamed from the file. */
	read: number;
	/** SELECT count(*) of the legacy table, counted separately. */
	counted: number;
	/** Rows the transform rejected (invalid domain, invalid JSON, missing key, …). */
	rejectedInTransform: number;
	/** Staged rows merged into another record / rejected by a set-based check. */
	mergedInLoad: number;
	rejectedInLoad: number;
	/** Staged rows kept for loading, how many of them were found in the destination, and how many of those belong to another source. */
	kept: number;
	present: number;
	foreign: number;
};

export type TableReconciliation = {
	table: string;
	destination: string;
	read: number;
	loaded: number;
	merged: number;
	rejected: number;
	ok: boolean;
	problem?: string;
};

export function reconcileTable(counts: TableCounts): TableReconciliation {
	const loaded = counts.present - counts.foreign;
	const merged = counts.mergedInLoad + counts.foreign;
	const rejected = counts.rejectedInTransform + counts.rejectedInLoad;
	const problems: string[] = [];
	if (counts.read !== counts.counted) problems.push(`read ${counts.read} rows but the table holds ${counts.counted}`);
	if (counts.present !== counts.kept) problems.push(`${counts.kept - counts.present} loaded row(s) missing from ${counts.destination}`);
	if (counts.read !== loaded + merged + rejected) problems.push(`read ${counts.read} ≠ loaded ${loaded} + merged ${merged} + rejected ${rejected}`);
	return {table: counts.table, destination: counts.destination, read: counts.read, loaded, merged, rejected, ok: problems.length === 0, ...(problems.length > 0 ? {problem: problems.join('; ')} : {})};
}
