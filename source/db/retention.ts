/**
 * Queries of the retention purge (source/services/retention.ts): monthly partitions
 * wholly past a cut-off, rows past a cut-off, the intel tables and their age columns,
 * archiving reads and deletes. Table and column names come from the policy in
 * source/access/retention-policy.ts or from the catalog, and always go through
 * `sql(identifier)`.
 */
import type {Sql} from './client.js';

export type PartitionInfo = {name: string; upper: Date; rows: number};

/** Monthly partitions of `parent` whose upper bound is at or before `cut` (never DEFAULT). */
export async function expiredPartitions(sql: Sql, parent: string, cut: Date): Promise<PartitionInfo[]> {
	const parts = await sql<{name: string; upper: Date}[]>`
		select c.relname as name,
			substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)')::timestamptz as upper
		from pg_inherits i
		join pg_class c on c.oid = i.inhrelid
		where i.inhparent = to_regclass(${parent})
			and pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'`;
	const expired = parts.filter((part) => part.upper !== null && part.upper.getTime() <= cut.getTime());
	const out: PartitionInfo[] = [];
	for (const part of expired.sort((a, b) => a.upper.getTime() - b.upper.getTime())) {
		const [row] = await sql<{rows: number}[]>`select count(*)::int as rows from ${sql(part.name)}`;
		out.push({name: part.name, upper: part.upper, rows: row!.rows});
	}
	return out;
}

export async function dropPartition(sql: Sql, parent: string, partition: string): Promise<void> {
	await sql.begin(async (tx) => {
		await tx`alter table ${tx(parent)} detach partition ${tx(partition)}`;
		await tx`drop table ${tx(partition)}`;
	});
}

/** Rows of `table` older than `cut` outside the given partitions (those are dropped whole). */
export async function countRowsBefore(sql: Sql, table: string, column: string, cut: Date, exceptPartitions: string[] = []): Promise<number> {
	const [row] = await sql<{rows: number}[]>`
		select count(*)::int as rows from ${sql(table)}
		where ${sql(column)} < ${cut}
			${exceptPartitions.length > 0 ? sql`and tableoid::regclass::text <> all(${exceptPartitions})` : sql``}`;
	return row!.rows;
}

export async function deleteRowsBefore(sql: Sql, table: string, column: string, cut: Date): Promise<number> {
	const result = await sql`delete from ${sql(table)} where ${sql(column)} < ${cut}`;
	return result.count;
}

export type TableColumns = {table: string; columns: string[]};

/** Every intel_* base table with its columns. */
export async function intelTables(sql: Sql): Promise<TableColumns[]> {
	const rows = await sql<{table_name: string; columns: string[]}[]>`
		select c.table_name, array_agg(c.column_name::text order by c.ordinal_position) as columns
		from information_schema.columns c
		join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
		where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.table_name like 'intel\\_%'
		group by c.table_name order by c.table_name`;
	return rows.map((row) => ({table: row.table_name, columns: row.columns}));
}

/** An age test over a table's columns: `coalesce(retrieved_at, <column>) < cut` (or the one column). */
function olderThan(sql: Sql, age: {columns: string[]}, cut: Date) {
	const [first, second] = age.columns;
	return second ? sql`coalesce(${sql(first!)}, ${sql(second)}) < ${cut}` : sql`${sql(first!)} < ${cut}`;
}

export async function countAged(sql: Sql, table: string, age: {columns: string[]}, cut: Date): Promise<number> {
	const [row] = await sql<{rows: number}[]>`select count(*)::int as rows from ${sql(table)} where ${olderThan(sql, age, cut)}`;
	return row!.rows;
}

/** Streams the aged rows of a table (as JSON objects) in batches, in id order. */
export async function forEachAgedBatch(sql: Sql, table: string, age: {columns: string[]}, cut: Date, onBatch: (rows: {id: string; row: Record<string, unknown>}[]) => Promise<void>): Promise<void> {
	const cursor = sql<{id: string; row: Record<string, unknown>}[]>`
		select t.id, to_jsonb(t) as row from ${sql(table)} t where ${olderThan(sql, age, cut)} order by t.id`.cursor(1000);
	for await (const batch of cursor) await onBatch(batch);
}

export async function deleteByIds(sql: Sql, table: string, ids: string[]): Promise<number> {
	let deleted = 0;
	for (let start = 0; start < ids.length; start += 10_000) {
		const result = await sql`delete from ${sql(table)} where id = any(${ids.slice(start, start + 10_000)}::uuid[])`;
		deleted += result.count;
	}
	return deleted;
}

/** Marks the transaction as a retention purge (see sql/0600: DELETEs are audited without a copy). */
export async function markRetentionPurge(tx: Sql): Promise<void> {
	await tx`select set_config('pf.retention_purge', 'on', true)`;
}

/** Records a run of the scheduled purge task. */
export async function markScheduledRun(sql: Sql, taskName: string): Promise<void> {
	await sql`update jobs_scheduled_tasks set last_run_at = now() where task_name = ${taskName}`;
}
