/**
 * Per-source rate limits shared by every worker: a GCRA-style schedule (each request
 * reserves the next free slot, `1/rate` seconds after the previous one) kept in Redis
 * when REDIS_URL is set, in PostgreSQL (core_rate_limit_buckets) otherwise. Lifted with
 * PF_RATE_LIMITS=off or PF_RATE_LIMIT_<SOURCE>=off (benchmarks).
 */
import type {Redis} from 'ioredis';
import type {Sql} from '../../db/client.js';
import {takeRateLimitSlot} from '../../db/api-calls.js';
import type {ApiSource} from '../types.js';
import {rateLimitFor} from './settings.js';
import {sleep} from './retry.js';
import {redisUsable} from './redis.js';

// KEYS[1] = bucket key, ARGV[1] = interval ms. Returns the wait in ms (server clock).
const reserveSlotScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nextSlot = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(nextSlot, now)
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.max(1000, slot + interval - now + 1000))
return slot - now`;

export type RateLimiter = {
	/** Waits until this process may send one request to the source. */
	take(source: ApiSource, signal?: AbortSignal): Promise<void>;
	/** Which store backs it, for reports. */
	readonly backend: 'redis' | 'postgres' | 'none';
};

/** A limiter over Redis (preferred) or PostgreSQL; with neither, only lifted limits apply. */
export function createRateLimiter(options: {env: NodeJS.ProcessEnv; sql?: Sql; redis?: Redis}): RateLimiter {
	const {env, sql, redis} = options;
	const backend = redis ? 'redis' : sql ? 'postgres' : 'none';
	return {
		backend,
		async take(source, signal) {
			const perSecond = rateLimitFor(source, env);
			if (perSecond <= 0) return;
			const intervalMs = 1000 / perSecond;
			let waitMs = 0;
			if (redis && (await redisUsable(redis))) {
				try {
					waitMs = Number(await redis.eval(reserveSlotScript, 1, `pf:rate:${source}`, String(intervalMs)));
				} catch {
					waitMs = sql ? await takeRateLimitSlot(sql, source, intervalMs) : 0;
				}
			} else if (sql) {
				waitMs = await takeRateLimitSlot(sql, source, intervalMs);
			}
			await sleep(waitMs, signal);
		},
	};
}
