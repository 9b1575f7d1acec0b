/**
 * Forward-only numbered migrations (sql/NNNN_name.sql), applied in order in one
 * transaction under an advisory lock and recorded with a SHA-256 checksum. A file that
 * changed after it was applied is refused before anything runs, so a tampered
 * migration applies nothing.
 */
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {PfError} from '../errors.js';
import {sqlDirectory} from '../config/paths.js';
import type {Sql} from './client.js';

export type MigrationFile = {version: number; name: string; file: string; checksum: string; text: string};
export type AppliedMigration = {version: number; name: string; checksum: string; applied_at: Date};

/** Arbitrary constant: serialises migration runs of all pf processes on one database. */
const migrationLockKey = 7_302_001;

export function migrationFiles(directory = sqlDirectory()): MigrationFile[] {
	return migrationNames(directory).map(({version, name}) => {
		const file = `${name}.sql`;
		const text = readFileSync(path.join(directory, file), 'utf8');
		return {version, name, file, checksum: createHash('sha256').update(text).digest('hex'), text};
	});
}

async function ensureLedger(sql: Sql) {
	await sql`
		create table if not exists pf_schema_migrations (
			version integer primary key,
			name text not null,
			checksum char(64) not null,
			applied_at timestamptz not null default now()
		)
	`;
}

/**
 * The ledger's rows, oldest first; none when the database was never migrated. One round
 * trip: a missing ledger is the query's own error (42P01), not a catalog lookup first.
 * Not for use inside a transaction before `ensureLedger` (the error would abort it).
 */
export async function appliedMigrations(sql: Sql): Promise<AppliedMigration[]> {
	try {
		return await sql<AppliedMigration[]>`select version, name, checksum, applied_at from pf_schema_migrations order by version`;
	} catch (error) {
		if ((error as {code?: string}).code === '42P01') return [];
		throw error;
	}
}

/** The migration files' names and versions, from the directory listing alone. */
export function migrationNames(directory = sqlDirectory()): Array<{version: number; name: string}> {
	return readdirSync(directory)
		.filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
		.sort()
		.map((name) => ({version: Number(name.slice(0, 4)), name: name.replace(/\.sql$/, '')}));
}

/**
 * What every data command checks at start: which files the database has not applied, by
 * version alone. It reads no file and hashes nothing (a one-liner pays for the listing
 * and one query): an applied file that was changed later runs nowhere until the next
 * migration, and `pf db migrate` and `pf db status` verify every checksum.
 */
export async function unappliedMigrations(sql: Sql, directory = sqlDirectory()): Promise<Array<{version: number; name: string}>> {
	const names = migrationNames(directory);
	const applied = await appliedMigrations(sql);
	const known = new Set(names.map((file) => file.version));
	const unknown = applied.find((row) => !known.has(row.version));
	if (unknown) throw newerDatabase(unknown);
	const done = new Set(applied.map((row) => row.version));
	return names.filter((file) => !done.has(file.version));
}

function newerDatabase(row: AppliedMigration): PfError {
	return new PfError(`migration ${row.name} is applied to the database but its file is missing from sql/`, {hint: 'this database was migrated by a newer pf: upgrade pf'});
}

function verify(files: MigrationFile[], applied: AppliedMigration[]) {
	const byVersion = new Map(files.map((file) => [file.version, file]));
	for (const row of applied) {
		const file = byVersion.get(row.version);
		if (!file) throw newerDatabase(row);
		if (file.checksum !== row.checksum.trim()) {
			throw new PfError(`migration ${file.file} was changed after it was applied (checksum ${file.checksum.slice(0, 12)}… ≠ recorded ${row.checksum.slice(0, 12)}…); nothing was applied`, {hint: 'migrations are forward-only: restore the file and add a new numbered migration for the change'});
		}
	}
}

/** The files not applied yet, after verifying every applied one's checksum. */
export async function pendingMigrations(sql: Sql, files = migrationFiles(), applied?: AppliedMigration[]): Promise<MigrationFile[]> {
	applied ??= await appliedMigrations(sql);
	verify(files, applied);
	const done = new Set(applied.map((row) => row.version));
	return files.filter((file) => !done.has(file.version));
}

/** Applies every pending migration; returns the ones applied. */
export async function migrate(sql: Sql, files = migrationFiles()): Promise<MigrationFile[]> {
	// Fast path: nothing to do needs no lock and no transaction (one query).
	if ((await pendingMigrations(sql, files)).length === 0) return [];
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${migrationLockKey})`;
		await ensureLedger(tx as unknown as Sql);
		const pending = await pendingMigrations(tx as unknown as Sql, files);
		for (const file of pending) {
			try {
				// The only unsafe() in pf: the text is a migration file shipped in sql/, never input.
				await tx.unsafe(file.text);
			} catch (error) {
				throw new PfError(`migration ${file.file} failed: ${(error as Error).message}; nothing was applied`, {cause: error});
			}
			await tx`insert into pf_schema_migrations ${tx({version: file.version, name: file.name, checksum: file.checksum})}`;
		}
		// A migration may have altered an audited table: regenerate its audit trigger
		// function from its new columns (sql/0760; until then it takes the generic path).
		const [refresh] = await tx`select to_regprocedure('pf_audit_refresh()') is not null as present`;
		if (pending.length > 0 && refresh?.present) await tx`select pf_audit_refresh()`;
		// Months roll over between migrations: keep the partitions ahead of time.
		await tx`select pf_ensure_monthly_partitions('audit_api_calls', 3), pf_ensure_monthly_partitions('jobs_enrichment_history', 3)`;
		return pending;
	}) as Promise<MigrationFile[]>;
}
