/**
 * Where the queue lives: Redis (ioredis) when REDIS_URL is set, otherwise BullMQ's
 * PostgreSQL backend in the same database pf uses (schema `bullmq`, created by BullMQ's
 * own migrations — `migrate: true`, without which a Worker spins at 100% CPU on
 * SchemaMigrationRequiredError). Producers fail fast: an unreachable Redis is exit 4
 * within 2 s, never an endless reconnect loop.
 *
 * Many `pf worker` processes on many machines share one Redis (or one PostgreSQL): the
 * queue itself distributes the work; there is no other coordination layer.
 */
import {createRequire} from 'node:module';
import type {Redis as RedisClient, RedisOptions} from 'ioredis';
import type {Queue, Worker, Processor, WorkerOptions} from 'bullmq';
import type {Sql} from '../db/client.js';
import {connectionError} from '../db/client.js';
import {redactUrl} from '../db/target.js';
import {PfError, QueueUnreachableError} from '../errors.js';
import {onShutdown} from '../lifecycle.js';
import type {QueueName} from './names.js';

// BullMQ and ioredis are CommonJS. Through `import()` Node runs its CJS lexer over every
// file BullMQ re-exports (≈ 250 files, 0.2–0.5 s of a `pf enrich`); `require` loads the
// same modules (the same instances `import` would give: one module cache) without it.
const requireCjs = createRequire(import.meta.url);
export const loadBullmq = (): typeof import('bullmq') => requireCjs('bullmq') as typeof import('bullmq');
const loadRedis = (): typeof import('ioredis').Redis => (requireCjs('ioredis') as typeof import('ioredis')).Redis;

/* eslint-disable @typescript-eslint/no-explicit-any -- BullMQ's classes are generic over the backend */
export type AnyQueue = Queue<any, any, string, any, any, string, any, any>;
export type AnyWorker = Worker<any, any, string, any, any, any>;

export type QueueSettings = {
	/** REDIS_URL; undefined selects the PostgreSQL backend. */
	redisUrl: string | undefined;
	/** Key prefix on Redis (PF_QUEUE_PREFIX, default `pf`); tests use one per file. */
	prefix: string;
	/** Schema of the PostgreSQL backend (PF_QUEUE_SCHEMA, default `bullmq`). */
	schema: string;
	/** Lock of an active job; a worker killed mid-job loses it after this long (PF_QUEUE_LOCK_MS). */
	lockMs: number;
	/** How often workers look for jobs whose lock expired (PF_QUEUE_STALLED_MS). */
	stalledMs: number;
	/** First retry delay, doubled on each attempt, with jitter (PF_QUEUE_BACKOFF_MS). */
	backoffMs: number;
	/** Redis connect timeout of producers (they fail with exit 4 after it). */
	connectTimeoutMs: number;
};

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) throw new PfError(`${name} must be a positive integer of milliseconds, not "${raw}"`, {exitCode: 2, hint: `unset ${name} to use the default (${fallback})`});
	return value;
}

export function queueSettings(env: NodeJS.ProcessEnv = process.env): QueueSettings {
	const prefix = env.PF_QUEUE_PREFIX?.trim() || 'pf';
	const schema = env.PF_QUEUE_SCHEMA?.trim() || 'bullmq';
	if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new PfError(`PF_QUEUE_SCHEMA "${schema}" is not a plain lowercase identifier`, {exitCode: 2, hint: 'use letters, digits and underscores, e.g. bullmq'});
	if (prefix.includes(':') || /\s/.test(prefix)) throw new PfError(`PF_QUEUE_PREFIX "${prefix}" must not contain ':' or spaces`, {exitCode: 2});
	return {
		redisUrl: env.REDIS_URL?.trim() || undefined,
		prefix,
		schema,
		lockMs: positiveInt(env, 'PF_QUEUE_LOCK_MS', 5_000),
		stalledMs: positiveInt(env, 'PF_QUEUE_STALLED_MS', 5_000),
		backoffMs: positiveInt(env, 'PF_QUEUE_BACKOFF_MS', 10_000),
		connectTimeoutMs: positiveInt(env, 'PF_QUEUE_CONNECT_TIMEOUT_MS', 1_500),
	};
}

export type QueueBackend = {
	kind: 'redis' | 'postgres';
	/** Where, in words (no password), for messages and `pf worker`'s banner. */
	where: string;
	settings: QueueSettings;
	/** The producer handle of a queue (one per name, shared, ready). */
	queue(name: QueueName): Promise<AnyQueue>;
	/** A worker on a queue (the caller closes it before `close()`). */
	worker(name: QueueName, processor: Processor, options: Partial<WorkerOptions>): AnyWorker;
	close(): Promise<void>;
};

/** Redis client options: fail fast for producers, reconnect forever for workers. */
function redisOptions(role: 'producer' | 'worker', settings: QueueSettings): RedisOptions {
	return {
		lazyConnect: true,
		connectTimeout: settings.connectTimeoutMs,
		// ioredis waits 2 s after a failed connection before letting the process exit.
		disconnectTimeout: 100,
		// Workers block on Redis (BullMQ requires null); producers give up quickly.
		maxRetriesPerRequest: role === 'worker' ? null : 1,
		enableOfflineQueue: role === 'worker',
		// No retries until the first connection succeeded (see connectRedis).
		retryStrategy: () => null,
	};
}

const reconnect = (times: number) => Math.min(200 * 2 ** Math.min(times, 4), 5_000);

async function connectRedis(role: 'producer' | 'worker', settings: QueueSettings): Promise<RedisClient> {
	const url = settings.redisUrl!;
	const where = redactUrl(url);
	let client: RedisClient;
	try {
		const Redis = loadRedis();
		client = new Redis(url, redisOptions(role, settings));
	} catch (error) {
		throw new QueueUnreachableError(`REDIS_URL is not usable (${(error as Error).message})`, 'use the form redis://host:6379, or unset REDIS_URL to keep the queue in PostgreSQL', error);
	}
	let lastError: (Error & {code?: string}) | undefined;
	client.on('error', (error) => {
		lastError = error; // surfaced by connect() below, or retried after it
	});
	let timer: NodeJS.Timeout | undefined;
	try {
		await Promise.race([
			client.connect().then(() => client.ping()),
			new Promise((_, reject) => {
				timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${settings.connectTimeoutMs} ms`), {code: 'ETIMEDOUT'})), settings.connectTimeoutMs);
			}),
		]);
	} catch (error) {
		client.disconnect();
		const reason = (error as {code?: string}).code ?? lastError?.code ?? lastError?.message ?? (error as Error).message;
		throw new QueueUnreachableError(`cannot reach Redis at ${where}: ${reason}`, 'start Redis, fix REDIS_URL, or unset REDIS_URL to keep the queue in PostgreSQL', error);
	} finally {
		clearTimeout(timer);
	}
	// Connected once: from now on ride out restarts.
	client.options.retryStrategy = reconnect;
	return client;
}

/** node-postgres settings for BullMQ's PostgreSQL backend, from pf's own client. */
function pgConfig(sql: Sql, settings: QueueSettings, max: number) {
	const options = sql.options as unknown as {host: string[]; port: number[]; user: string; pass: unknown; database: string; ssl: unknown};
	const password = typeof options.pass === 'string' ? options.pass : undefined;
	const ssl = options.ssl && options.ssl !== 'disable' && options.ssl !== 'prefer' ? (typeof options.ssl === 'object' ? options.ssl : {rejectUnauthorized: false}) : undefined;
	return {
		host: options.host[0],
		port: options.port[0],
		user: options.user,
		database: options.database,
		...(password ? {password} : {}),
		...(ssl ? {ssl} : {}),
		max,
		connectionTimeoutMillis: 5_000,
		keepAlive: true,
		schema: settings.schema,
		migrate: true,
		application_name: 'pf-queue',
	};
}

/**
 * Opens the queue backend. `sql` is pf's client: the PostgreSQL backend connects to the
 * same server and database. Producers check the connection before returning.
 */
export async function openQueueBackend(sql: Sql, options: {role?: 'producer' | 'worker'; settings?: QueueSettings; concurrency?: number} = {}): Promise<QueueBackend> {
	const settings = options.settings ?? queueSettings();
	const role = options.role ?? 'producer';
	const queues = new Map<QueueName, Promise<AnyQueue>>();
	const closers: (() => Promise<unknown>)[] = [];

	if (settings.redisUrl) {
		// Probe Redis before loading BullMQ (a heavy import): an unreachable Redis fails fast.
		// BullMQ itself is loaded by the first queue() or worker() call (a producer does it
		// while its database statement runs).
		const client = await connectRedis(role, settings);
		const where = `Redis at ${redactUrl(settings.redisUrl)}`;
		const workerConnection = role === 'worker' ? client : undefined;
		return {
			kind: 'redis',
			where,
			settings,
			queue(name) {
				let queue = queues.get(name);
				if (!queue) {
					const {Queue} = loadBullmq();
					const created = new Queue(name, {connection: client, prefix: settings.prefix, skipMetasUpdate: role === 'producer'}) as AnyQueue;
					created.on('error', () => {});
					closers.push(() => created.close());
					queue = created.waitUntilReady().then(() => created);
					queues.set(name, queue);
				}
				return queue;
			},
			worker(name, processor, workerOptions) {
				if (!workerConnection) throw new Error('a producer backend cannot run workers');
				// The worker duplicates the connection for its blocking reads.
				const {Worker} = loadBullmq();
				return new Worker(name, processor, {...workerOptions, connection: workerConnection, prefix: settings.prefix}) as AnyWorker;
			},
			async close() {
				for (const close of closers.reverse()) await close().catch(() => {});
				client.disconnect();
			},
		};
	}

	// BullMQ is loaded by the first queue() or worker() call (see the Redis case).
	const loadPostgresClasses = () => {
		const {withBackend, createPostgresBackend} = loadBullmq();
		return withBackend(createPostgresBackend);
	};
	let pgClasses: ReturnType<typeof loadPostgresClasses> | undefined;
	const postgresBullmq = () => (pgClasses ??= loadPostgresClasses());
	const poolSize = role === 'worker' ? Math.max(4, Math.min(20, (options.concurrency ?? 1) + 2)) : 3;
	const where = `PostgreSQL (schema ${settings.schema})`;
	return {
		kind: 'postgres',
		where,
		settings,
		queue(name) {
			let queue = queues.get(name);
			if (!queue) {
				const open = async (migrate: boolean): Promise<AnyQueue> => {
					const created = new (postgresBullmq().Queue)(name, {connection: {...pgConfig(sql, settings, poolSize), migrate}, skipMetasUpdate: role === 'producer'}) as unknown as AnyQueue;
					created.on('error', () => {});
					try {
						await created.waitUntilReady();
					} catch (error) {
						await created.close().catch(() => {});
						throw error;
					}
					closers.push(() => created.close());
					return created;
				};
				// Producers only check BullMQ's schema (one query) and run its migrations when the
				// schema is missing; workers always run them (once per process, under a lock), so
				// a BullMQ upgrade is applied by the first worker that starts.
				queue = open(role === 'worker').catch((error: Error) => {
					if (role === 'producer' && error.name === 'SchemaMigrationRequiredError') return open(true);
					throw error;
				}).catch((error: unknown) => {
					throw connectionError(error, 'the queue database');
				});
				queues.set(name, queue);
			}
			return queue;
		},
		worker(name, processor, workerOptions) {
			return new (postgresBullmq().Worker)(name, processor, {...workerOptions, connection: pgConfig(sql, settings, poolSize)}) as unknown as AnyWorker;
		},
		async close() {
			for (const close of closers.reverse()) await close().catch(() => {});
		},
	};
}

let shared: Promise<QueueBackend> | undefined;

/**
 * The producer backend of this process (the CLI, the TUI), closed on shutdown. With
 * REDIS_URL no database client is needed, so a command can connect to the queue while
 * it connects to the database (and fail fast on either).
 */
export function sharedQueueBackend(sql?: Sql): Promise<QueueBackend> {
	if (!shared) {
		const settings = queueSettings();
		if (!settings.redisUrl && !sql) throw new Error('the PostgreSQL queue backend needs the database client');
		shared = openQueueBackend(sql as Sql, {role: 'producer', settings});
		shared.then(
			(backend) => {
				onShutdown(async () => {
					shared = undefined;
					await backend.close();
				});
			},
			() => {
				shared = undefined;
			},
		);
	}
	return shared;
}
