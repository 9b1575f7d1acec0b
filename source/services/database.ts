/**
 * Use-cases behind `pf db`: status without side effects, migrate, start and stop.
 */
import {databaseTarget, redactUrl} from '../db/target.js';
import {connectionError, describeTarget, openClient, type Sql} from '../db/client.js';
import {migrate, migrationFiles, pendingMigrations, appliedMigrations, type MigrationFile} from '../db/migrate.js';
import {PfError} from '../errors.js';

export type DatabaseStatus = {
	kind: 'embedded' | 'server';
	location: string;
	running: boolean;
	reachable: boolean;
	serverVersion: string | null;
	migrations: {applied: string[]; pending: string[]};
	note?: string;
};

/** Reports on the database without starting the embedded server. */
export async function databaseStatus(): Promise<DatabaseStatus> {
	const target = databaseTarget();
	const files = migrationFiles();
	if (target.kind === 'embedded') {
		// Imported only here: a status against DATABASE_URL does not load child_process and dgram.
		const {embeddedStatus} = await import('../db/embedded.js');
		const embedded = embeddedStatus(target.dataDir);
		if (!embedded.running) {
			return {
				kind: 'embedded',
				location: target.dataDir,
				running: false,
				reachable: false,
				serverVersion: null,
				migrations: {applied: [], pending: files.map((file) => file.name)},
				note: embedded.initialised ? 'stopped; any pf command that needs it starts it' : 'not created yet; the first pf command that needs it creates it',
			};
		}
	}
	const {sql, where} = await openClient(target, {max: 1});
	try {
		// One connection (max 1): the two queries go out together, one round trip.
		const [[version], applied] = await Promise.all([sql<Array<{server_version: string}>>`select current_setting('server_version') as server_version`, appliedMigrations(sql)]);
		const serverVersion = version!.server_version;
		const pending = await pendingMigrations(sql, files, applied);
		return {
			kind: target.kind === 'embedded' ? 'embedded' : 'server',
			location: target.kind === 'embedded' ? where : redactUrl(target.url),
			running: true,
			reachable: true,
			serverVersion: `PostgreSQL ${serverVersion}`,
			migrations: {applied: applied.map((row) => row.name), pending: pending.map((file) => file.name)},
		};
	} catch (error) {
		throw connectionError(error, where);
	} finally {
		await sql.end({timeout: 1});
	}
}

async function withClient<T>(task: (sql: Sql) => Promise<T>): Promise<T> {
	const target = databaseTarget();
	const {sql, where} = await openClient(target, {max: 1});
	try {
		return await task(sql);
	} catch (error) {
		throw connectionError(error, where);
	} finally {
		await sql.end({timeout: 1});
	}
}

export async function migrateDatabase(): Promise<MigrationFile[]> {
	return withClient(async (sql) => {
		const applied = await migrate(sql);
		await sql`select pf_ensure_monthly_partitions('audit_api_calls', 3), pf_ensure_monthly_partitions('jobs_enrichment_history', 3)`;
		return applied;
	});
}

export async function startDatabase(): Promise<string> {
	const target = databaseTarget();
	return withClient(async (sql) => {
		await migrate(sql);
		return target.kind === 'embedded' ? describeTarget(target) : redactUrl(target.url);
	});
}

export async function stopDatabase(): Promise<boolean> {
	const target = databaseTarget();
	if (target.kind !== 'embedded') {
		throw new PfError('DATABASE_URL names an external server; pf only stops its embedded database', {exitCode: 2, hint: 'unset DATABASE_URL to manage the embedded database'});
	}
	const {stopEmbeddedServer} = await import('../db/embedded.js');
	return stopEmbeddedServer(target.dataDir);
}
