import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../../helpers/database.js';
import {createSourceHttp, redactUrl, retryDelayMs, parseRetryAfter, SourceHttpError, rateLimitFor, type SourceHttp} from '../../../source/enrichment/http.js';
import {startLocalServer, type LocalServer} from './local-server.js';
import {writeCachedResponsesAndCalls} from '../../../source/db/api-cache.js';

// Generous per-attempt timeout: a loaded CI machine must not turn a slow answer into a retry.
const fast = {timeoutMs: 3000, retries: 3, baseDelayMs: 5, maxDelayMs: 1500};

let db: TestDatabase;
let server: LocalServer;

beforeAll(async () => {
	db = await createTestDatabase();
	server = await startLocalServer();
});
afterAll(async () => {
	await server?.close();
	await db?.drop();
});
beforeEach(() => server.reset());

function client(usage = {apiCalls: 0, costEstimate: 0}, env: NodeJS.ProcessEnv = {PF_RATE_LIMITS: 'off'}): SourceHttp {
	return createSourceHttp({env, sql: db.sql, redis: null, usage, domain: 'example.com', timings: fast});
}

async function failure(promise: Promise<unknown>): Promise<SourceHttpError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof SourceHttpError) return error;
		throw error;
	}
	throw new Error('expected a failure');
}

describe('pure helpers', () => {
	it('redacts keys in URLs', () => {
		expect(redactUrl('https://api.builtwith.com/v21/api.json?KEY=abc123&LOOKUP=x.com')).toBe('https://api.builtwith.com/v21/api.json?KEY=REDACTED&LOOKUP=x.com');
		expect(redactUrl('https://api.similarweb.com/v1/website/x.com/visits?api_key=s3cret&country=world')).toContain('api_key=REDACTED');
	});
	it('backs off exponentially with jitter, honours Retry-After and caps waits', () => {
		const t = {timeoutMs: 1, retries: 3, baseDelayMs: 100, maxDelayMs: 1000};
		expect(retryDelayMs(0, t, undefined, () => 0)).toBe(50);
		expect(retryDelayMs(2, t, undefined, () => 1)).toBe(400);
		expect(retryDelayMs(0, t, 700, () => 0)).toBe(700);
		expect(retryDelayMs(0, t, 60_000, () => 0)).toBe(1000);
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
	});
	it('reads rate limits from the environment', () => {
		expect(rateLimitFor('sec_edgar', {})).toBe(10);
		expect(rateLimitFor('sec_edgar', {PF_RATE_LIMITS: 'off'})).toBe(0);
		expect(rateLimitFor('sec_edgar', {PF_RATE_LIMIT_SEC_EDGAR: '3'})).toBe(3);
		expect(rateLimitFor('builtwith', {PF_RATE_LIMIT_BUILTWITH: 'off'})).toBe(0);
	});
});

describe('faults against a local server', () => {
	it('retries a 429 after the Retry-After wait and succeeds', async () => {
		server.route('/r429', [{status: 429, headers: {'retry-after': '1'}, body: {message: 'slow down'}}, {status: 200, body: {ok: true}}]);
		const usage = {apiCalls: 0, costEstimate: 0};
		const started = Date.now();
		const response = await client(usage).getJson<{ok: boolean}>({source: 'similarweb', url: `${server.url}/r429?api_key=SECRETKEY1`, ttlSeconds: 0});
		expect(response.body.ok).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(server.count('/r429')).toBe(2);
		expect(usage.apiCalls).toBe(2);
		const audit = await db.sql<{endpoint: string; http_status: number}[]>`select endpoint, http_status from audit_api_calls where endpoint like '/r429%' order by called_at`;
		expect(audit.map((row) => row.http_status)).toEqual([429, 200]);
		expect(audit.every((row) => row.endpoint.includes('api_key=REDACTED') && !row.endpoint.includes('SECRETKEY1'))).toBe(true);
	});

	it('retries 500s and gives up with a retryable failure', async () => {
		server.route('/r500', {status: 500, body: 'boom'});
		const error = await failure(client().getJson({source: 'builtwith', url: `${server.url}/r500?KEY=k`, ttlSeconds: 0}));
		expect(error.kind).toBe('server_error');
		expect(error.retryable).toBe(true);
		expect(error.attempts).toBe(4);
		expect(error.message).toMatch(/HTTP 500.*after 4 attempts/);
		expect(server.count('/r500')).toBe(4);
	});

	it('retries a 503 then succeeds', async () => {
		server.route('/r503', [{status: 503}, {status: 200, body: {fine: 1}}]);
		const response = await client().getJson<{fine: number}>({source: 'builtwith', url: `${server.url}/r503`, ttlSeconds: 0});
		expect(response.body.fine).toBe(1);
	});

	it('times out slow answers and retries them', async () => {
		server.route('/slow', {status: 200, body: {late: true}, delayMs: 2000});
		const http = createSourceHttp({env: {PF_RATE_LIMITS: 'off'}, sql: db.sql, redis: null, timings: {...fast, timeoutMs: 300}});
		const error = await failure(http.getJson({source: 'yahoo_finance', url: `${server.url}/slow`, ttlSeconds: 0}));
		expect(error.kind).toBe('timeout');
		expect(error.retryable).toBe(true);
		expect(server.count('/slow')).toBe(4);
	});

	it('fails malformed JSON without retrying', async () => {
		server.route('/bad', {status: 200, body: '{"Results": [ {"Lookup": '});
		const error = await failure(client().getJson({source: 'builtwith', url: `${server.url}/bad`, ttlSeconds: 0}));
		expect(error.kind).toBe('malformed');
		expect(error.retryable).toBe(false);
		expect(error.message).toMatch(/not valid JSON/);
		expect(server.count('/bad')).toBe(1);
	});

	it('reads a 404 as "no data", without retrying, and remembers it', async () => {
		server.route('/v1/website/nodata.example/total-traffic-and-engagement/visits', {status: 404, body: {meta: {status: 'Error', error_code: 401, error_message: 'Data not found'}}});
		const url = `${server.url}/v1/website/nodata.example/total-traffic-and-engagement/visits?api_key=k`;
		const first = await failure(client().getJson({source: 'similarweb', url}));
		expect(first.kind).toBe('no_data');
		expect(first.retryable).toBe(false);
		expect(first.message).toMatch(/Data not found \(error_code 401\)/);
		const second = await failure(client().getJson({source: 'similarweb', url}));
		expect(second.kind).toBe('no_data');
		expect(server.count('/v1/website/nodata.example')).toBe(1);
	});

	it('reads the SEC XML 404 (NoSuchKey) as no data', async () => {
		server.route('/submissions/CIK0000000001.json', {status: 404, headers: {'content-type': 'application/xml'}, body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'});
		const error = await failure(client().getJson({source: 'sec_edgar', url: `${server.url}/submissions/CIK0000000001.json`}));
		expect(error.kind).toBe('no_data');
		expect(error.message).toContain('NoSuchKey');
	});

	it('a cancel during a Retry-After wait ends the call at once as "aborted"', async () => {
		server.route('/r429-long', {status: 429, headers: {'retry-after': '1'}});
		const controller = new AbortController();
		const http = createSourceHttp({env: {PF_RATE_LIMITS: 'off'}, sql: db.sql, redis: null, signal: controller.signal, timings: fast});
		setTimeout(() => controller.abort(), 150);
		const started = Date.now();
		const error = await failure(http.getJson({source: 'similarweb', url: `${server.url}/r429-long`, ttlSeconds: 0}));
		expect(error.kind).toBe('aborted');
		expect(Date.now() - started).toBeLessThan(800);
	});

	it('reports an unreachable host as a retryable network failure', async () => {
		const error = await failure(client().getJson({source: 'jsearch', url: 'http://127.0.0.1:9/search', ttlSeconds: 0}));
		expect(error.kind).toBe('network');
		expect(error.retryable).toBe(true);
	});
});

describe('cache', () => {
	it('serves a repeat within the TTL with zero requests, from PostgreSQL', async () => {
		server.route('/cached', {status: 200, body: {value: 42}});
		const usage = {apiCalls: 0, costEstimate: 0};
		const first = await client(usage).getJson<{value: number}>({source: 'builtwith', url: `${server.url}/cached?KEY=zzz&LOOKUP=a.com`});
		expect(first.fromCache).toBe(false);
		expect(usage.costEstimate).toBeCloseTo(0.06);
		const again = {apiCalls: 0, costEstimate: 0};
		const second = await client(again).getJson<{value: number}>({source: 'builtwith', url: `${server.url}/cached?KEY=zzz&LOOKUP=a.com`});
		expect(second.fromCache).toBe(true);
		expect(second.body.value).toBe(42);
		expect(again.apiCalls).toBe(0);
		expect(server.count('/cached')).toBe(1);
		const [row] = await db.sql<{cache_key: string; ttl_seconds: number; hit_count: number}[]>`select cache_key, ttl_seconds, hit_count from core_api_cache where endpoint = '/cached'`;
		expect(row!.cache_key).not.toContain('zzz');
		expect(row!.ttl_seconds).toBe(30 * 86400);
		expect(row!.hit_count).toBe(1);
	});

	it('deferred bookkeeping: the answer comes first, settled() waits for its cache entry and audit row; a prefetch is taken over once', async () => {
		server.route('/deferred', {status: 200, body: {v: 7}});
		const memo = new Map<string, unknown>();
		const usage = {apiCalls: 0, costEstimate: 0};
		const options = {env: {PF_RATE_LIMITS: 'off'}, sql: db.sql, redis: null, usage, domain: 'example.com', timings: fast, memo, deferBookkeeping: true} as const;
		const prefetch = createSourceHttp({...options, prefetch: true});
		const request = {source: 'builtwith', url: `${server.url}/deferred?LOOKUP=d.com`} as const;
		const early = prefetch.getJson(request);
		const module = createSourceHttp(options);
		const taken = await module.getJson<{v: number}>(request);
		expect(taken.body.v).toBe(7);
		await Promise.all([early, module.settled(), prefetch.settled()]);
		expect(server.count('/deferred')).toBe(1);
		expect(usage.apiCalls).toBe(1);
		const [cached] = await db.sql<{n: number}[]>`select count(*)::int as n from core_api_cache where endpoint = '/deferred'`;
		const [audited] = await db.sql<{n: number}[]>`select count(*)::int as n from audit_api_calls where endpoint like '/deferred%'`;
		expect(cached!.n).toBe(1);
		expect(audited!.n).toBe(1);
		// Taken over once: the same call again in the run is the memo's answer.
		expect((await module.getJson(request)).fromCache).toBe(true);
		expect(server.count('/deferred')).toBe(1);
	});

	it('writes the answers of one turn in one statement: every call audited, a key given twice keeps its last entry', async () => {
		const at = new Date();
		const entry = (key: string, body: unknown) => ({cacheKey: key, source: 'similarweb' as const, domain: 'batch.com', endpoint: `/batch/${key}`, httpStatus: 200, body, responseSize: 10, ttlSeconds: 60, retrievedAt: at});
		const call = (key: string) => ({source: 'similarweb' as const, endpoint: `/batch/${key}?api_key=REDACTED`, domain: 'batch.com', method: 'GET', httpStatus: 200, requestSize: 5, responseSize: 10, latencyMs: 51, costEstimate: 0.055, calledAt: at});
		await writeCachedResponsesAndCalls(db.sql, [
			{entry: entry('batch-a', {v: 1}), call: call('batch-a')},
			{entry: entry('batch-b', 'text body'), call: call('batch-b')},
			{entry: entry('batch-a', {v: 2}), call: call('batch-a')},
		]);
		const rows = await db.sql<{cache_key: string; response_data: unknown; expires_at: Date}[]>`select cache_key, response_data, expires_at from core_api_cache where domain = 'batch.com' order by cache_key`;
		expect(rows.map((row) => [row.cache_key, row.response_data])).toEqual([['batch-a', {v: 2}], ['batch-b', 'text body']]);
		expect(rows[0]!.expires_at.getTime()).toBe(at.getTime() + 60_000);
		const [audited] = await db.sql<{n: number}[]>`select count(*)::int as n from audit_api_calls where endpoint like '/batch/%'`;
		expect(audited!.n).toBe(3);
	});

	it('calls again once the entry has expired', async () => {
		server.route('/expiring', {status: 200, body: {v: 1}});
		await client().getJson({source: 'jsearch', url: `${server.url}/expiring`});
		await db.sql`update core_api_cache set expires_at = now() - interval '1 second' where endpoint = '/expiring'`;
		await client().getJson({source: 'jsearch', url: `${server.url}/expiring`});
		expect(server.count('/expiring')).toBe(2);
	});
});

describe('an unreachable Redis', () => {
	it('does not slow calls down: PostgreSQL carries the cache and the limits', async () => {
		server.route('/redis-down', {status: 200, body: {v: 1}});
		const env = {REDIS_URL: 'redis://127.0.0.1:1', PF_RATE_LIMIT_JSEARCH: '50'};
		const started = Date.now();
		for (let i = 0; i < 3; i++) await createSourceHttp({env, sql: db.sql, timings: fast}).getJson({source: 'jsearch', url: `${server.url}/redis-down`});
		expect(Date.now() - started).toBeLessThan(1500);
		expect(server.count('/redis-down')).toBe(1);
		const {closeSourceRedis} = await import('../../../source/enrichment/http.js');
		await closeSourceRedis();
	});
});

describe('rate limit (PostgreSQL bucket)', () => {
	it('spaces calls of one source across clients', async () => {
		server.route('/limited', {status: 200, body: {}});
		const env = {PF_RATE_LIMIT_WEBSEARCH: '20'};
		const started = Date.now();
		await Promise.all([0, 1, 2, 3, 4, 5].map((i) => client(undefined, env).getJson({source: 'websearch', url: `${server.url}/limited?i=${i}`, ttlSeconds: 0})));
		// 6 calls at 20/s: the last waits ≥ 5 × 50 ms.
		expect(Date.now() - started).toBeGreaterThanOrEqual(230);
	});
});
