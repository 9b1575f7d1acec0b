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
