/**
 * The enqueue rate limit of an API key (`users_api_keys.rate_limit_rpm` per minute,
 * sliding window): a sorted set in Redis when REDIS_URL is set (exact window, one
 * round trip through a script), otherwise per-second buckets in `users_rate_limits`.
 * The arithmetic is in source/access/sliding-window.ts; the clock is injectable.
 */
import type {Redis} from 'ioredis';
import {randomBytes} from 'node:crypto';
import type {Sql} from '../db/client.js';
import {takeRateLimitBuckets} from '../db/users.js';
import {QueueUnreachableError} from '../errors.js';
import {onShutdown} from '../lifecycle.js';
import {bucketStart, decideBuckets, defaultWindowMs, oldestCountedBucket, type RateDecision} from '../access/sliding-window.js';

export type RateLimitOptions = {
	/** Milliseconds since the epoch; tests move it instead of sleeping. */
	now?: number;
	windowMs?: number;
	/** How many requests this call takes (an enqueue of n domains takes n). */
	cost?: number;
	/** REDIS_URL; undefined uses PostgreSQL. */
	redisUrl?: string | undefined;
};

// Exact sliding window: drop what left the window, then admit `cost` requests when they
// fit. Returns {allowed, count, retryAfterMs}.
const slidingWindowScript = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local member = ARGV[5]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count + cost <= limit then
  for i = 1, cost do redis.call('ZADD', key, now, member .. ':' .. i) end
  redis.call('PEXPIRE', key, window + 1000)
  return {1, count + cost, 0}
end
if cost > limit then return {0, count, window} end
local oldest = redis.call('ZRANGE', key, count + cost - limit - 1, count + cost - limit - 1, 'WITHSCORES')
return {0, count, tonumber(oldest[2]) + window - now}
`;

const clients = new Map<string, Promise<Redis>>();

// ioredis is loaded only when a Redis window is used: commands that never enqueue
// (pf brief) do not pay for its import.
function redisFor(url: string): Promise<Redis> {
	let client = clients.get(url);
	if (!client) {
		client = import('ioredis').then(({Redis}) => {
			const redis = new Redis(url, {lazyConnect: false, maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: true, retryStrategy: (times) => (times > 3 ? null : times * 200)});
			redis.on('error', () => {}); // reported where the command fails
			redis.defineCommand('pfSlidingWindow', {numberOfKeys: 1, lua: slidingWindowScript});
			return redis;
		});
		clients.set(url, client);
		if (clients.size === 1) onShutdown(closeRateLimitRedis);
	}
	return client;
}

export async function closeRateLimitRedis(): Promise<void> {
	const open = await Promise.all([...clients.values()]);
	clients.clear();
	await Promise.all(open.map((client) => client.quit().catch(() => client.disconnect())));
}

/** The Redis key of a key's window (by id: never the key itself). */
export function rateLimitRedisKey(apiKeyId: string): string {
	return `pf:ratelimit:${apiKeyId}`;
}

/** Takes `cost` requests from a key's window, or says when they would fit. */
export async function takeRateLimit(sql: Sql, apiKeyId: string, limit: number, options: RateLimitOptions = {}): Promise<RateDecision> {
	const now = options.now ?? Date.now();
	const windowMs = options.windowMs ?? defaultWindowMs;
	const cost = Math.max(1, options.cost ?? 1);
	if (options.redisUrl) {
		const client = (await redisFor(options.redisUrl)) as Redis & {pfSlidingWindow: (...args: (string | number)[]) => Promise<[number, number, number]>};
		try {
			const [allowed, count, retryAfterMs] = await client.pfSlidingWindow(rateLimitRedisKey(apiKeyId), now, windowMs, limit, cost, `${now}:${randomBytes(6).toString('hex')}`);
			return {allowed: allowed === 1, count, limit, retryAfterMs};
		} catch (error) {
			throw new QueueUnreachableError('cannot reach Redis to check the rate limit', 'check that Redis is running and REDIS_URL is right (unset it to keep the queue in PostgreSQL)', error);
		}
	}
	const step = await takeRateLimitBuckets(sql, apiKeyId, {
		oldestCounted: new Date(oldestCountedBucket(now, windowMs)),
		bucket: new Date(bucketStart(now)),
		expiredBefore: new Date(now - 2 * windowMs),
		limit,
		cost,
	});
	if (step.allowed) return {allowed: true, count: step.used + cost, limit, retryAfterMs: 0};
	// When would `cost` more fit? The same arithmetic, over the buckets the database saw.
	const decision = decideBuckets(step.buckets, now, limit - cost + 1, windowMs);
	return {allowed: false, count: step.used, limit, retryAfterMs: cost > limit ? windowMs : decision.retryAfterMs || windowMs};
}
