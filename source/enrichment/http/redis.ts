/**
 * The Redis connection the source layer shares per process (cache + rate limits), made
 * only when REDIS_URL is set. It never blocks an enrichment: when Redis fails, the
 * PostgreSQL cache and limiter carry on.
 */
import {Redis} from 'ioredis';
import {onShutdown} from '../../lifecycle.js';

const connections = new Map<string, Redis>();

/** The shared client for a REDIS_URL (lazy connect, fail fast); undefined without one. */
export function sourceRedis(env: NodeJS.ProcessEnv): Redis | undefined {
	const url = env.REDIS_URL?.trim();
	if (!url) return undefined;
	let client = connections.get(url);
	if (!client) {
		client = new Redis(url, {
			lazyConnect: false,
			maxRetriesPerRequest: 1,
			enableOfflineQueue: true,
			connectTimeout: 2000,
			retryStrategy: (times) => Math.min(times * 200, 2000),
		});
		client.on('error', () => {}); // reported where a command fails
		connections.set(url, client);
		if (connections.size === 1) onShutdown(closeSourceRedis);
	}
	return client;
}

/** Closes the shared Redis clients. */
export async function closeSourceRedis(): Promise<void> {
	const clients = [...connections.values()];
	connections.clear();
	await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
}

const readiness = new WeakMap<Redis, Promise<boolean>>();

/**
 * True when the client can take commands now: waits up to a second for a fresh
 * connection, and answers false at once while Redis is down (callers then use
 * PostgreSQL), so a dead Redis never adds seconds to every source call.
 */
export async function redisUsable(client: Redis): Promise<boolean> {
	if (client.status === 'ready') return true;
	if (client.status !== 'connecting' && client.status !== 'connect' && client.status !== 'wait') return false;
	let pending = readiness.get(client);
	if (!pending) {
		pending = new Promise<boolean>((resolve) => {
			const timer = setTimeout(() => done(false), 1000);
			const done = (value: boolean) => {
				clearTimeout(timer);
				client.off('ready', onReady);
				client.off('close', onClose);
				readiness.delete(client);
				resolve(value);
			};
			const onReady = () => done(true);
			const onClose = () => done(false);
			client.once('ready', onReady);
			client.once('close', onClose);
		});
		readiness.set(client, pending);
	}
	return pending;
}
