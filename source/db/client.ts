/**
 * The one postgres.js client. Everything that talks to PostgreSQL gets it from
 * `database()`, which resolves the target (DATABASE_URL or the embedded default),
 * starts the embedded server if needed, checks the schema version and maps connection
 * failures to exit 3 with the host named.
 */
import net from 'node:net';
import postgres from 'postgres';
import {DatabaseUnreachableError, PfError} from '../errors.js';
import {databaseTarget, type DatabaseTarget} from './target.js';
// embedded.js (child_process, and through it dgram) is imported only for the embedded
// target: a one-liner against DATABASE_URL does not compile them.
import {onShutdown} from '../lifecycle.js';
// Static: every data command runs the start-up check, and a dynamic import was two
// more modules for Node's ESM loader to fetch (each an async open, stat, read, close).
import {migrate, unappliedMigrations} from './migrate.js';

export type Sql = postgres.Sql<Record<string, unknown>>;

let shared: {sql: Sql; target: DatabaseTarget; where: string} | undefined;

/** Options every pf connection shares. */
export function clientOptions(extra: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Options<Record<string, postgres.PostgresType>> {
	return {
		max: 10,
		onnotice: () => {},
		connect_timeout: 5,
		idle_timeout: 20,
		// BIGINT as JS number would lose digits above 2^53: keep them as bigint-safe strings
		// where they matter (revenue) by selecting ::text, and let counts be numbers.
		types: {
			bigint: {to: 20, from: [20], serialize: (value: unknown) => String(value), parse: (value: string) => {
				const n = Number(value);
				return Number.isSafeInteger(n) ? n : value;
			}},
		},
		// Not in postgres.js's types, but documented: a function returning a connected socket.
		...({socket: openSocket} as object),
		...extra,
	};
}

type SocketOptions = {host: string[]; port: number[]; path?: string; connect_timeout?: number};

/**
 * postgres.js opens its sockets with Nagle's algorithm on. A COPY is two writes (the data,
 * then CopyDone), so the second waits for the server's delayed ACK: a one-row COPY in a
 * transaction took 88 ms instead of 1–2 ms, and each score the worker stored (two COPYs)
 * ≈ 200 ms. node-postgres sets TCP_NODELAY for the same reason; postgres.js takes a socket
 * factory instead. Hosts are tried in order, like postgres.js does; a Unix socket path as
 * given; connect_timeout applies to each try.
 */
async function openSocket(options: SocketOptions): Promise<net.Socket> {
	const targets: Array<{path: string} | {host: string; port: number}> = options.path
		? [{path: options.path}]
		: options.host.map((host, index) => ({host, port: options.port[index] ?? options.port[0] ?? 5432}));
	let failure: unknown;
	for (const target of targets) {
		try {
			return await connectSocket(target, (options.connect_timeout ?? 30) * 1000);
		} catch (error) {
			failure = error;
		}
	}
	throw failure;
}

function connectSocket(target: {path: string} | {host: string; port: number}, timeoutMs: number): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({...target, noDelay: true});
		const fail = (error: Error) => {
			clearTimeout(timer);
			socket.destroy();
			reject(error);
		};
		const timer = setTimeout(() => fail(Object.assign(new Error(`connect timeout after ${timeoutMs / 1000} s`), {code: 'CONNECT_TIMEOUT'})), timeoutMs);
		socket.once('error', fail);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.removeListener('error', fail);
			// postgres.js names the server for TLS (SNI) from socket.host.
			if ('host' in target) Object.assign(socket, {host: target.host, port: target.port});
			resolve(socket);
		});
	});
}

/** Where a target is, in words, for messages. */
export function describeTarget(target: DatabaseTarget, port?: number): string {
	return target.kind === 'url' ? `${target.host}:${target.port}/${target.database}` : `embedded database in ${target.dataDir}${port ? ` (127.0.0.1:${port})` : ''}`;
}

/** Opens a client on a target; the embedded server is started when it is not running. */
export async function openClient(target: DatabaseTarget, extra: postgres.Options<Record<string, postgres.PostgresType>> = {}): Promise<{sql: Sql; where: string; embeddedStarted: boolean}> {
	if (target.kind === 'url') {
		return {sql: postgres(target.url, clientOptions(extra)) as Sql, where: describeTarget(target), embeddedStarted: false};
	}
	const {embeddedDatabase, embeddedUser, ensureEmbeddedServer} = await import('./embedded.js');
	const server = await ensureEmbeddedServer(target.dataDir, createEmbeddedDatabase);
	const sql = postgres({host: server.host, port: server.port, user: embeddedUser, database: embeddedDatabase, ...clientOptions(extra)}) as Sql;
	return {sql, where: describeTarget(target, server.port), embeddedStarted: server.started};
}

/** Creates pf's database on the embedded server if it is missing (idempotent, race-safe). */
async function createEmbeddedDatabase(server: {host: string; port: number}): Promise<void> {
	const {embeddedDatabase, embeddedUser} = await import('./embedded.js');
	const admin = postgres({host: server.host, port: server.port, user: embeddedUser, database: 'postgres', ...clientOptions({max: 1})}) as Sql;
	try {
		const [exists] = await admin`select 1 from pg_database where datname = ${embeddedDatabase}`;
		if (!exists) await admin`create database ${admin(embeddedDatabase)}`;
	} catch (error) {
		if ((error as {code?: string}).code !== '42P04') throw error; // created meanwhile
	} finally {
		await admin.end();
	}
}

/** Turns a connection-level failure into exit 3 naming the host; other errors pass through. */
export function connectionError(error: unknown, where: string): unknown {
	if (error instanceof PfError) return error;
	const code = (error as {code?: string}).code ?? '';
	const connectionCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '28P01', '28000', '3D000', '57P03']);
	if (!connectionCodes.has(code)) return error;
	const reason = code === '3D000' ? 'the database does not exist' : code.startsWith('28') ? 'authentication failed' : code === '57P03' ? 'the server is starting up or shutting down' : `${code === 'CONNECT_TIMEOUT' ? 'timed out' : code}`;
	return new DatabaseUnreachableError(`cannot reach PostgreSQL at ${where}: ${reason}`, code === '3D000' ? 'create the database first, or fix DATABASE_URL' : 'check that the server is running and DATABASE_URL is right (unset it to use the embedded database)', error);
}

/**
 * The shared client for this process, connected and checked. The embedded default
 * migrates itself; a server named by DATABASE_URL must be migrated with `pf db migrate`.
 */
export async function database(options: {migrate?: 'auto' | 'check' | 'none'} = {}): Promise<Sql> {
	if (shared) return shared.sql;
	const target = databaseTarget();
	const {sql, where} = await openClient(target);
	try {
		const mode = options.migrate ?? (target.kind === 'embedded' ? 'auto' : 'check');
		if (mode !== 'none') {
			// By version alone (no file read, no hash): see unappliedMigrations.
			const pending = await unappliedMigrations(sql);
			if (pending.length > 0 && mode === 'auto') {
				await migrate(sql);
			} else if (pending.length > 0) {
				throw new PfError(`the database at ${where} is missing ${pending.length} migration(s) (${pending[0]!.name}${pending.length > 1 ? ', …' : ''})`, {hint: 'run `pf db migrate`'});
			}
		} else {
			await sql`select 1`;
		}
	} catch (error) {
		await sql.end({timeout: 0});
		throw connectionError(error, where);
	}
	shared = {sql, target, where};
	onShutdown(closeDatabase);
	return sql;
}

/** Where the shared client is connected, for messages. */
export function databaseWhere(): string | undefined {
	return shared?.where;
}

/** Closes the shared client; cli.tsx calls it before exit. */
export async function closeDatabase(): Promise<void> {
	const current = shared;
	shared = undefined;
	if (current) await current.sql.end({timeout: 5});
}
