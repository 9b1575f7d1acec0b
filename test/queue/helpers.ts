/**
 * Helpers of the queue tests: queue settings per backend (a unique Redis prefix per test
 * file, short locks and backoff), a Redis reachability check, `pf worker` processes
 * ended by pid, and polling.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {Redis} from 'ioredis';
import {cliPath, repoRoot} from '../helpers/run-pf.js';
import {queueSettings, type QueueSettings} from '../../source/queue/backend.js';

export const stepsFile = path.join(repoRoot, 'test', 'fixtures', 'queue', 'steps.mjs');
export const redisUrl = process.env.REDIS_URL;

/** Whether REDIS_URL answers (the Redis tests skip with this reason otherwise). */
export async function redisReachable(url = redisUrl): Promise<boolean> {
	if (!url) return false;
	const client = new Redis(url, {lazyConnect: true, connectTimeout: 1_000, retryStrategy: () => null, maxRetriesPerRequest: 0, disconnectTimeout: 50});
	client.on('error', () => {});
	try {
		await client.connect();
		await client.ping();
		return true;
	} catch {
		return false;
	} finally {
		client.disconnect();
	}
}

export function uniquePrefix(name: string): string {
	return `pft-${name}-${randomBytes(4).toString('hex')}`;
}

/** Fast settings: 2 s locks, stalled checks every second, 100 ms first backoff. */
export const fastQueueEnv = {PF_QUEUE_LOCK_MS: '2000', PF_QUEUE_STALLED_MS: '1000', PF_QUEUE_BACKOFF_MS: '100'};

export function testSettings(options: {redis?: string; prefix?: string} = {}): QueueSettings {
	return queueSettings({...fastQueueEnv, ...(options.redis ? {REDIS_URL: options.redis} : {}), ...(options.prefix ? {PF_QUEUE_PREFIX: options.prefix} : {})});
}

/** Deletes every Redis key of a prefix (what a test file's queues created). */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
	const client = new Redis(url, {maxRetriesPerRequest: 1});
	try {
		let cursor = '0';
		do {
			const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
			cursor = next;
			if (keys.length > 0) await client.del(...keys);
		} while (cursor !== '0');
	} finally {
		client.disconnect();
	}
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, options: {timeoutMs?: number; intervalMs?: number; what?: string} = {}): Promise<T> {
	const deadline = Date.now() + (options.timeoutMs ?? 15_000);
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
		await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
	}
}

export type WorkerProcess = {
	child: ChildProcess;
	pid: number;
	stderr: () => string;
	exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
	/** SIGTERM, then SIGKILL after `graceMs`. */
	stop(graceMs?: number): Promise<{code: number | null; signal: NodeJS.Signals | null}>;
};

const started = new Set<WorkerProcess>();

/** Starts `node dist/cli.js worker` with the test modules; ended by pid in afterAll (stopAllWorkers). */
export function startWorkerProcess(env: Record<string, string | undefined>, args: string[] = ['--concurrency', '4']): WorkerProcess {
	const merged: Record<string, string | undefined> = {...process.env, DATABASE_URL: undefined, REDIS_URL: undefined, NO_COLOR: '1', PF_ENRICHMENT_MODULES: stepsFile, ...fastQueueEnv, ...env};
	for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
	const child = spawn(process.execPath, [cliPath, 'worker', ...args], {env: merged as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (code, signal) => resolve({code, signal})));
	const handle: WorkerProcess = {
		child,
		pid: child.pid!,
		stderr: () => stderr,
		exited,
		async stop(graceMs = 10_000) {
			if (child.exitCode === null && child.signalCode === null) {
				process.kill(handle.pid, 'SIGTERM');
				const timer = setTimeout(() => {
					if (child.exitCode === null && child.signalCode === null) process.kill(handle.pid, 'SIGKILL');
				}, graceMs);
				const result = await exited;
				clearTimeout(timer);
				return result;
			}
			return exited;
		},
	};
	started.add(handle);
	exited.then(() => started.delete(handle));
	return handle;
}

export async function stopAllWorkers(): Promise<void> {
	await Promise.all([...started].map((worker) => worker.stop(3_000)));
}

/** Waits until the worker printed its start line. */
export async function workerReady(worker: WorkerProcess, timeoutMs = 20_000): Promise<void> {
	await waitFor(async () => worker.stderr().includes('jobs at a time') || worker.stderr().includes('job at a time') || (worker.child.exitCode !== null && Promise.reject(new Error(`worker exited: ${worker.stderr()}`))), {timeoutMs, what: 'the worker to start'});
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number, readFile: (file: string) => string): number {
	const fields = readFile(`/proc/${pid}/stat`).split(') ')[1]!.split(' ');
	// Fields after "comm)": state is index 0, utime index 11, stime index 12 (in clock ticks).
	return (Number(fields[11]) + Number(fields[12])) / 100;
}
