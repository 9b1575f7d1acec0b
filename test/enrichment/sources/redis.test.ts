import {Redis} from 'ioredis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../../helpers/database.js';
import {closeSourceRedis, createSourceHttp, sourceRedis} from '../../../source/enrichment/http.js';
import {startLocalServer, type LocalServer} from './local-server.js';

const redisUrl = process.env.REDIS_URL;

async function reachable(url: string | undefined): Promise<boolean> {
	if (!url) return false;
	const probe = new Redis(url, {lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null});
	probe.on('error', () => {});
	try {
		await probe.connect();
		return (await probe.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
}

const haveRedis = await reachable(redisUrl);
const why = redisUrl ? `REDIS_URL ${redisUrl} unreachable` : 'REDIS_URL unset';

describe.skipIf(!haveRedis)(`source cache and rate limits on Redis${haveRedis ? '' : ` (skipped: ${why})`}`, () => {
	let db: TestDatabase;
	let server: LocalServer;
	// The source layer's Redis keys go under PF_QUEUE_PREFIX: one of this file's own, removed at the end.
	const prefix = `pftest-sources-${process.pid}-${Date.now().toString(36)}`;
	beforeAll(async () => {
		db = await createTestDatabase();
		server = await startLocalServer({'/cached': {status: 200, body: {answer: 7}}, '/limited': {status: 200, body: {}}});
	});
	afterAll(async () => {
		if (haveRedis) {
			const client = sourceRedis({REDIS_URL: redisUrl})!;
			const keys = await client.keys(`${prefix}:*`);
			if (keys.length) await client.del(...keys);
		}
		await closeSourceRedis();
		await server?.close();
		await db?.drop();
	});

	it('serves a repeat from Redis with zero requests, even when PostgreSQL lost the entry', async () => {
		const env = {REDIS_URL: redisUrl, PF_RATE_LIMITS: 'off', PF_QUEUE_PREFIX: prefix};
		const url = `${server.url}/cached?KEY=k&LOOKUP=redis-${Date.now()}.example`;
		const first = await createSourceHttp({env, sql: db.sql}).getJson<{answer: number}>({source: 'builtwith', url});
		expect(first.fromCache).toBe(false);
		await db.sql`delete from core_api_cache`;
		const usage = {apiCalls: 0, costEstimate: 0};
		const second = await createSourceHttp({env, sql: db.sql, usage}).getJson<{answer: number}>({source: 'builtwith', url});
		expect(second).toMatchObject({fromCache: true, body: {answer: 7}});
		expect(usage.apiCalls).toBe(0);
		expect(server.count('/cached')).toBe(1);
		const key = `builtwith:${url.replace('KEY=k', 'KEY=REDACTED')}`;
		const ttl = await sourceRedis(env)!.ttl(`${prefix}:api-cache:${key}`);
		expect(ttl).toBeGreaterThan(29 * 86400);
		// Under the configured prefix only, never the default one.
		expect(await sourceRedis(env)!.exists(`pf:api-cache:${key}`)).toBe(0);
	});

	it('spaces calls of one source across clients through a Redis schedule', async () => {
		const env = {REDIS_URL: redisUrl, PF_RATE_LIMIT_WEBSEARCH: '20'};
		await sourceRedis(env)!.del('pf:rate:websearch');
		const started = Date.now();
		await Promise.all([0, 1, 2, 3, 4, 5].map((i) => createSourceHttp({env, sql: db.sql}).getJson({source: 'websearch', url: `${server.url}/limited?i=${i}`, ttlSeconds: 0})));
		expect(Date.now() - started).toBeGreaterThanOrEqual(230);
		expect(await sourceRedis(env)!.exists('pf:rate:websearch')).toBe(1);
		// PostgreSQL's bucket was not used.
		const rows = await db.sql`select 1 from core_rate_limit_buckets where api_source = 'websearch'`;
		expect(rows).toHaveLength(0);
	});
});
