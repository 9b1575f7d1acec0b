/**
 * The HTTP discipline every source client goes through (and discovery's BuiltWith Lists
 * calls): per-source rate limits shared by all workers, a response cache
 * (core_api_cache, plus Redis when REDIS_URL is set) with per-source TTLs, timeouts,
 * retries with exponential backoff and jitter on 429/5xx/timeouts/network errors
 * honouring Retry-After, classified failures, an audit row per external call (keys
 * redacted) and the job's usage counters.
 *
 *   const http = createSourceHttp({sql, env: process.env, usage, signal, domain});
 *   const {body} = await http.getJson<T>({source: 'builtwith', url, ttlSeconds: CACHE_TTL.technology});
 *
 * Stable API: createSourceHttp, sourceHttpFor, SourceRequest, SourceResponse,
 * SourceHttpError (and its kinds), redactUrl, CACHE_TTL, SOURCE_SETTINGS, sourceKey,
 * sourceBaseUrl, httpTimingsFromEnv, rateLimitFor.
 */
import {createHash} from 'node:crypto';
import type {Redis} from 'ioredis';
import type {Sql} from '../db/client.js';
import {readCachedResponse, writeCachedResponsesAndCalls, type CacheWrite} from '../db/api-cache.js';
import {recordApiCall, type ApiCallRecord} from '../db/api-calls.js';
import type {ApiSource, ModuleContext} from './types.js';
import {SourceHttpError, type SourceFailureKind} from './http/errors.js';
import {redactSecrets, redactUrl} from './http/redact.js';
import {createRateLimiter, type RateLimiter} from './http/rate-limit.js';
import {redisUsable, sourceRedis} from './http/redis.js';
import {answerShelf, type AnswerShelf} from './http/answers.js';
import {parseRetryAfter, retryDelayMs, sleep} from './http/retry.js';
import {cacheEnabled, costPerCall, httpTimingsFromEnv, redisKeyPrefix, SOURCE_SETTINGS, type HttpTimings} from './http/settings.js';

export {SourceHttpError, isSourceHttpError, isRetryableKind, type SourceFailureKind} from './http/errors.js';
export {redactUrl, redactSecrets} from './http/redact.js';
export {CACHE_TTL, SOURCE_SETTINGS, sourceKey, sourceBaseUrl, httpTimingsFromEnv, rateLimitFor, costPerCall, cacheEnabled, redisKeyPrefix, type HttpTimings} from './http/settings.js';
export {parseRetryAfter, retryDelayMs} from './http/retry.js';
export {createRateLimiter, type RateLimiter} from './http/rate-limit.js';
export {sourceRedis, closeSourceRedis} from './http/redis.js';

export type SourceRequest = {
	source: ApiSource;
	/** Full URL, secrets included (they are redacted everywhere they are recorded). */
	url: string;
	headers?: Record<string, string>;
	/** The company the call is about (audit and cache rows). Defaults to the client's domain. */
	domain?: string;
	/** 'json' (default) parses the body; 'text' returns it as is (SEC exhibits). */
	responseType?: 'json' | 'text';
	/** Cache lifetime; 0 = never cached. Default: the source's TTL. */
	ttlSeconds?: number;
	/** Cache key; default `<source>:<redacted URL>`. */
	cacheKey?: string;
	/** Cost of one call in USD; default: the source's stated cost (charged for 2xx answers). */
	cost?: number;
	/**
	 * Runs right before each real call (never on a cache hit): returns a URL and headers
	 * to use instead (Yahoo's crumb handshake).
	 */
	prepare?: () => Promise<{url?: string; headers?: Record<string, string>}>;
	/** On 401/403: refresh credentials and return true to try once more. */
	onUnauthorized?: () => Promise<boolean>;
	/**
	 * Reads a parsed body (2xx or 404) and returns a failure when the body says so
	 * (SimilarWeb's meta.status "Error", Yahoo's quoteSummary.error).
	 */
	inspect?: (status: number, body: unknown) => {kind: SourceFailureKind; message: string} | undefined;
	/** Extra secret values to scrub from messages (header keys). */
	secrets?: (string | undefined)[];
	/** Non-2xx statuses that count as an answer (Yahoo's cookie endpoint answers 404 with the cookie). */
	acceptStatuses?: number[];
};

export type SourceResponse<T> = {
	status: number;
	body: T;
	fromCache: boolean;
	/** Redacted request URL: safe to store as a source URL. */
	url: string;
	/** When the vendor answered (the cache entry's age on a hit). */
	retrievedAt: Date;
	/** Set-Cookie values of a live answer (empty on a cache hit). */
	setCookies: string[];
};

export type SourceHttpOptions = {
	env: NodeJS.ProcessEnv;
	/** Cache, audit and the PostgreSQL rate limiter; without it nothing is cached or logged. */
	sql?: Sql;
	/** A Redis client, or null for none; default: shared client for env.REDIS_URL. */
	redis?: Redis | null;
	signal?: AbortSignal;
	/** Incremented per external call (ModuleContext.usage). */
	usage?: {apiCalls: number; costEstimate: number};
	/** Default domain of audit and cache rows. */
	domain?: string;
	timings?: Partial<HttpTimings>;
	rateLimiter?: RateLimiter;
	userAgent?: string;
	/**
	 * Answers already read in this enrichment run (JobScope.memo): a cacheable request
	 * asked again within the run is served from memory, like a cache hit.
	 */
	memo?: Map<string, unknown>;
	/**
	 * A call's cache entry and audit row are sent as soon as it answers, but the caller
	 * goes on without waiting for them; `settled()` waits (a module awaits it before its
	 * outcome is recorded, so a recorded module still means its calls are on record).
	 */
	deferBookkeeping?: boolean;
	/**
	 * The calls of this client are a module's prefetch (EnrichmentModule.prefetch): each
	 * is left in the run's memo for the module's own identical call to take over.
	 */
	prefetch?: boolean;
	/**
	 * Keep recent cache entries in this process too (in front of Redis and PostgreSQL, until
	 * they expire): the modules' clients do, so answers shared by many domains are read once.
	 */
	keepAnswers?: boolean;
};

export type SourceHttp = {
	getJson<T = unknown>(request: SourceRequest): Promise<SourceResponse<T>>;
	getText(request: SourceRequest): Promise<SourceResponse<string>>;
	readonly env: NodeJS.ProcessEnv;
	readonly sql: Sql | undefined;
	readonly domain: string | undefined;
	readonly signal: AbortSignal | undefined;
	/** Waits for the cache entries and audit rows of the calls made so far; rejects with a failed cache write. */
	settled(): Promise<void>;
};

/** A call started by a prefetch, waiting in the run's memo for the module's own identical call. */
type Prefetched = {response: Promise<SourceResponse<unknown>>; written: Promise<void>};

const defaultUserAgent = 'pf/0.1 (PartnerForge Terminal; +https://github.com/partnerforge)';

/** Builds a cache key; long URLs are hashed to fit the 500-character column. */
export function cacheKeyFor(source: ApiSource, url: string): string {
	const key = `${source}:${redactUrl(url)}`;
	return key.length <= 400 ? key : `${source}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function failureFromStatus(status: number): SourceFailureKind {
	if (status === 404 || status === 410) return 'no_data';
	if (status === 401 || status === 403) return 'unauthorized';
	if (status === 429) return 'rate_limited';
	if (status >= 500) return 'server_error';
	return 'client_error';
}

/** A readable reason for a non-2xx body: JSON error fields or the S3/SEC XML code. */
function bodyReason(text: string, parsed: unknown): string | undefined {
	if (parsed && typeof parsed === 'object') {
		const record = parsed as Record<string, any>;
		const meta = record.meta;
		if (meta && typeof meta === 'object' && (meta.error_message || meta.error_code)) return `${meta.error_message ?? 'error'}${meta.error_code !== undefined ? ` (error_code ${meta.error_code})` : ''}`;
		for (const envelope of ['quoteSummary', 'chart', 'finance']) {
			const error = record[envelope]?.error;
			if (error?.description || error?.code) return `${error.code ?? 'error'}: ${error.description ?? ''}`.trim();
		}
		if (typeof record.message === 'string') return record.message;
		if (typeof record.error === 'string') return record.error;
		if (Array.isArray(record.Errors) && record.Errors[0]?.Message) return String(record.Errors[0].Message);
	}
	const xmlCode = /<Code>([^<]+)<\/Code>/.exec(text);
	if (xmlCode) return `${xmlCode[1]} (XML error body)`;
	return undefined;
}

function tryParseJson(text: string): {ok: true; value: unknown} | {ok: false} {
	try {
		return {ok: true, value: JSON.parse(text)};
	} catch {
		return {ok: false};
	}
}

// A worker's copy of recent cache entries (per database, like the calls in flight):
// a few hundred answers, at most 64 MB, none over 8 MB.
const shelfLimits = {entries: 500, bytes: 64 << 20, largest: 8 << 20};
const shelves = new WeakMap<object, AnswerShelf>();
const shelfWithoutSql = answerShelf(shelfLimits);
function shelfFor(sql: Sql | undefined): AnswerShelf {
	if (!sql) return shelfWithoutSql;
	let shelf = shelves.get(sql);
	if (!shelf) shelves.set(sql, (shelf = answerShelf(shelfLimits)));
	return shelf;
}

/** A cache entry and the audit row of the call that fetched it. */
type Ledger = {entry: CacheWrite; call?: ApiCallRecord};

/** One answer's rows; the audit row never costs the answer (written apart when the two together fail). */
async function writeAnswer(sql: Sql, {entry, call}: Ledger): Promise<void> {
	if (call) {
		try {
			await writeCachedResponsesAndCalls(sql, [{entry, call}]);
			return;
		} catch {
			await recordApiCall(sql, call).catch(() => {});
		}
	}
	await writeCachedResponsesAndCalls(sql, [{entry}]);
}

// The deferred rows of the answers a worker receives in one turn of its event loop go in
// one statement (per database): the six SimilarWeb endpoints of a domain arrive together.
const ledgers = new WeakMap<object, (item: Ledger) => Promise<void>>();
function ledgerFor(sql: Sql): (item: Ledger) => Promise<void> {
	let ledger = ledgers.get(sql);
	if (ledger) return ledger;
	let queue: {item: Ledger; resolve: () => void; reject: (error: unknown) => void}[] = [];
	const flush = async () => {
		const batch = queue;
		queue = [];
		if (batch.length > 1) {
			try {
				await writeCachedResponsesAndCalls(sql, batch.map(({item}) => item));
				for (const waiting of batch) waiting.resolve();
				return;
			} catch {
				// One by one below: one bad entry costs no other its rows.
			}
		}
		await Promise.all(batch.map(({item, resolve, reject}) => writeAnswer(sql, item).then(resolve, reject)));
	};
	ledger = (item) =>
		new Promise<void>((resolve, reject) => {
			if (queue.length === 0) setImmediate(() => void flush());
			queue.push({item, resolve, reject});
		});
	ledgers.set(sql, ledger);
	return ledger;
}

type InFlight = Map<string, Prefetched>;
const inFlightBySql = new WeakMap<object, InFlight>();
const inFlightWithoutSql: InFlight = new Map();

function inFlightFor(sql: Sql | undefined): InFlight {
	if (!sql) return inFlightWithoutSql;
	let map = inFlightBySql.get(sql);
	if (!map) inFlightBySql.set(sql, (map = new Map()));
	return map;
}

/** Creates a client; cheap, make one per module run. */
export function createSourceHttp(options: SourceHttpOptions): SourceHttp {
	const env = options.env;
	const sql = options.sql;
	const redis = options.redis === null ? undefined : options.redis ?? sourceRedis(env);
	const timings: HttpTimings = {...httpTimingsFromEnv(env), ...options.timings};
	const limiter = options.rateLimiter ?? createRateLimiter({env, sql, redis});
	const useCache = cacheEnabled(env);
	// Concurrent modules of one process asking for the same URL share one call.
	const inFlight = inFlightFor(sql);
	const memo = useCache ? options.memo : undefined;
	const redisKey = (key: string) => `${redisKeyPrefix(env)}:api-cache:${key}`;

	const shelf = options.keepAnswers ? shelfFor(sql) : undefined;

	async function readCache(key: string): Promise<{status: number; body: unknown; retrievedAt: Date} | undefined> {
		const kept = shelf?.get(key);
		if (kept) return kept;
		if (redis && (await redisUsable(redis))) {
			try {
				const raw = await redis.get(redisKey(key));
				if (raw) {
					// x: when the entry expires (entries written before it was kept have none).
					const entry = JSON.parse(raw) as {s: number; b: unknown; r: string; x?: number};
					const answer = {status: entry.s, body: entry.b, retrievedAt: new Date(entry.r)};
					if (typeof entry.x === 'number') shelf?.put(key, {...answer, expiresAt: entry.x}, raw.length);
					return answer;
				}
			} catch {
				// Redis down: PostgreSQL below.
			}
		}
		if (!sql) return undefined;
		const row = await readCachedResponse(sql, key);
		if (!row) return undefined;
		const expiresAt = row.expiresAt.getTime();
		if (redis && redis.status === 'ready') {
			const ttlMs = expiresAt - Date.now();
			if (ttlMs > 1000) redis.set(redisKey(key), JSON.stringify({s: row.httpStatus, b: row.body, r: row.retrievedAt.toISOString(), x: expiresAt}), 'PX', ttlMs).catch(() => {});
		}
		const answer = {status: row.httpStatus, body: row.body, retrievedAt: row.retrievedAt};
		if (row.responseSize !== null) shelf?.put(key, {...answer, expiresAt}, row.responseSize);
		return answer;
	}

	/** Stores an answer (PostgreSQL — with the call's audit row in the same statement when there is one — and Redis, together). */
	async function writeCache(request: SourceRequest, key: string, ttlSeconds: number, status: number, body: unknown, size: number, retrievedAt: Date, call?: ApiCallRecord): Promise<void> {
		const expiresAt = retrievedAt.getTime() + ttlSeconds * 1000;
		shelf?.put(key, {status, body, retrievedAt, expiresAt}, size);
		let durable: Promise<void> | undefined;
		if (sql) {
			const entry = {cacheKey: key, source: request.source, domain: request.domain ?? options.domain, endpoint: new URL(redactUrl(request.url)).pathname, httpStatus: status, body, responseSize: size, ttlSeconds, retrievedAt};
			const item = call ? {entry, call} : {entry};
			// Deferred: with the other answers of this turn, in one statement.
			durable = options.deferBookkeeping ? ledgerFor(sql)(item) : writeAnswer(sql, item);
			durable.catch(() => {}); // awaited below
		}
		if (redis && (await redisUsable(redis))) {
			await redis.set(redisKey(key), JSON.stringify({s: status, b: body, r: retrievedAt.toISOString(), x: expiresAt}), 'EX', ttlSeconds).catch(() => {});
		}
		await durable;
	}

	function inspectFailure(request: SourceRequest, status: number, body: unknown, text: string, safeUrl: string): SourceHttpError | undefined {
		const custom = request.inspect?.(status, body);
		if (custom) return new SourceHttpError({source: request.source, kind: custom.kind, message: custom.message, url: safeUrl, status});
		if ((status >= 200 && status < 300) || request.acceptStatuses?.includes(status)) return undefined;
		const kind = failureFromStatus(status);
		const reason = bodyReason(text, body);
		const label = SOURCE_SETTINGS[request.source].label;
		const what = kind === 'no_data' ? 'has no data' : kind === 'unauthorized' ? 'refused the key' : kind === 'rate_limited' ? 'rate-limited the call' : kind === 'server_error' ? 'failed' : 'rejected the request';
		return new SourceHttpError({source: request.source, kind, status, url: safeUrl, message: `${label} ${what} (HTTP ${status}${reason ? `: ${reason}` : ''}) for ${new URL(safeUrl).pathname}`});
	}

	/**
	 * The client's bookkeeping writes: awaited where they are made, or, deferred, collected
	 * in `writes` (the call's: its in-flight entry stays until they land) and `pending`.
	 */
	const pending = new Set<Promise<void>>();
	let bookkeepingError: unknown;
	const bookkeep = (write: Promise<void>, writes: Promise<void>[]): Promise<void> | undefined => {
		if (!options.deferBookkeeping) return write;
		write.catch(() => {}); // reported through the call's `written`
		writes.push(write);
		return undefined;
	};

	async function perform(request: SourceRequest, writes: Promise<void>[]): Promise<SourceResponse<unknown>> {
		const responseType = request.responseType ?? 'json';
		const ttlSeconds = request.ttlSeconds ?? SOURCE_SETTINGS[request.source].ttlSeconds;
		const key = request.cacheKey ?? cacheKeyFor(request.source, request.url);
		const safeUrl = redactUrl(request.url);
		const cacheable = useCache && ttlSeconds > 0 && (sql !== undefined || redis !== undefined);

		if (cacheable) {
			const hit = await readCache(key);
			if (hit) {
				// The text only matters for error reasons: never re-serialise a large 2xx body.
				const ok = hit.status >= 200 && hit.status < 300;
				const bodyText = ok ? '' : typeof hit.body === 'string' ? hit.body : JSON.stringify(hit.body);
				const failure = inspectFailure(request, hit.status, hit.body, bodyText, safeUrl);
				if (failure) {
					failure.message += ' (cached)';
					throw failure;
				}
				return {status: hit.status, body: hit.body, fromCache: true, url: safeUrl, retrievedAt: hit.retrievedAt, setCookies: []};
			}
		}

		const secrets = request.secrets ?? [];
		let authRefreshed = false;
		let lastError: SourceHttpError | undefined;
		const cancelled = (error: unknown) => new SourceHttpError({source: request.source, kind: 'aborted', url: safeUrl, message: `${SOURCE_SETTINGS[request.source].label} call cancelled`, cause: error});
		for (let attempt = 0; attempt <= timings.retries; attempt++) {
			try {
				await limiter.take(request.source, options.signal);
			} catch (error) {
				if (options.signal?.aborted) throw cancelled(error);
				throw error;
			}
			const prepared = request.prepare ? await request.prepare() : {};
			const url = prepared.url ?? request.url;
			const headers: Record<string, string> = {'user-agent': options.userAgent ?? defaultUserAgent, accept: responseType === 'json' ? 'application/json' : '*/*', ...request.headers, ...prepared.headers};
			const callSecrets = [...secrets, ...Object.entries(headers).filter(([name]) => /key|token|cookie|authorization/i.test(name)).map(([, value]) => value)];
			const started = performance.now();
			const calledAt = new Date();
			const timeout = AbortSignal.timeout(timings.timeoutMs);
			const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
			let status: number | undefined;
			let text = '';
			let retryAfterMs: number | undefined;
			let failure: SourceHttpError | undefined;
			let parsed: unknown;
			let setCookies: string[] = [];
			try {
				const response = await fetch(url, {headers, signal, redirect: 'follow'});
				status = response.status;
				retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
				setCookies = response.headers.getSetCookie?.() ?? [];
				text = await response.text();
			} catch (error) {
				const aborted = options.signal?.aborted === true;
				const timedOut = !aborted && (timeout.aborted || (error as Error)?.name === 'TimeoutError');
				const code = ((error as {cause?: {code?: string}}).cause?.code ?? (error as {code?: string}).code) || (error as Error).message;
				failure = new SourceHttpError({
					source: request.source,
					kind: aborted ? 'aborted' : timedOut ? 'timeout' : 'network',
					url: safeUrl,
					status,
					message: aborted ? `${SOURCE_SETTINGS[request.source].label} call cancelled` : timedOut ? `${SOURCE_SETTINGS[request.source].label} did not answer within ${timings.timeoutMs} ms (${new URL(safeUrl).pathname})` : `${SOURCE_SETTINGS[request.source].label} unreachable (${redactSecrets(String(code), callSecrets)})`,
					cause: error,
				});
			}
			const latencyMs = performance.now() - started;
			if (!failure && status !== undefined) {
				if (responseType === 'json' || status < 200 || status >= 300) {
					const json = tryParseJson(text);
					if (json.ok) parsed = json.value;
					else if (status >= 200 && status < 300) {
						failure = new SourceHttpError({source: request.source, kind: 'malformed', status, url: safeUrl, message: `${SOURCE_SETTINGS[request.source].label} sent a body that is not valid JSON (HTTP ${status}, ${Buffer.byteLength(text)} bytes: ${JSON.stringify(text.slice(0, 60))}) for ${new URL(safeUrl).pathname}`});
					}
				}
				if (responseType === 'text' && ((status >= 200 && status < 300) || request.acceptStatuses?.includes(status))) parsed = text;
				if (!failure) failure = inspectFailure(request, status, parsed, text, safeUrl);
			}
			const ok = failure === undefined;
			const charged = ok || failure?.kind === 'no_data' ? request.cost ?? costPerCall(request.source, env) : 0;
			if (options.usage) {
				options.usage.apiCalls += 1;
				options.usage.costEstimate += charged;
			}
			const call: ApiCallRecord | undefined = sql
				? {
						source: request.source,
						endpoint: safeUrl.replace(/^https?:\/\/[^/]+/, ''),
						domain: request.domain ?? options.domain,
						method: 'GET',
						httpStatus: status,
						requestSize: Buffer.byteLength(safeUrl),
						responseSize: Buffer.byteLength(text),
						latencyMs,
						errorMessage: failure ? redactSecrets(failure.message, callSecrets) : undefined,
						costEstimate: charged,
						calledAt,
					}
				: undefined;
			// The audit row goes with the cache write when there is one (one statement).
			const cachesNoData = failure?.kind === 'no_data' && cacheable;
			if (call && !(cacheable && (!failure || cachesNoData))) await bookkeep(recordApiCall(sql!, call).catch(() => {}), writes);
			if (!failure) {
				const retrievedAt = new Date();
				if (cacheable) await bookkeep(writeCache(request, key, ttlSeconds, status!, parsed, Buffer.byteLength(text), retrievedAt, call), writes);
				return {status: status!, body: parsed, fromCache: false, url: safeUrl, retrievedAt, setCookies};
			}
			failure.attempts = attempt + 1;
			if (failure.kind === 'unauthorized' && request.onUnauthorized && !authRefreshed) {
				authRefreshed = true;
				if (await request.onUnauthorized()) {
					attempt--; // a credential refresh is not a retry
					continue;
				}
			}
			if (cachesNoData) {
				// Remember "no data" too, so a repeat within the TTL makes no call.
				await bookkeep(writeCache(request, key, ttlSeconds, status ?? 404, parsed ?? text, Buffer.byteLength(text), new Date(), call), writes);
			}
			lastError = failure;
			if (!failure.retryable || attempt === timings.retries) break;
			try {
				await sleep(retryDelayMs(attempt, timings, failure.kind === 'rate_limited' || failure.kind === 'server_error' ? retryAfterMs : undefined), options.signal);
			} catch (error) {
				throw cancelled(error);
			}
		}
		if (lastError && lastError.retryable && lastError.attempts > 1) lastError.message += ` after ${lastError.attempts} attempts`;
		throw lastError!;
	}

	function run(request: SourceRequest): Promise<SourceResponse<unknown>> {
		// The raw URL (in memory only): two keys never share an answer.
		const key = `${request.responseType ?? 'json'}|${request.cacheKey ?? ''}|${request.url}|${JSON.stringify(request.headers ?? {})}`;
		// Only what the cache would keep is remembered for the run (never Yahoo's cookie or crumb).
		// A prefetch leaves its answer to the module's own call (below), not to the memo.
		const remember = memo && !options.prefetch && (request.ttlSeconds ?? SOURCE_SETTINGS[request.source].ttlSeconds) > 0 ? memo : undefined;
		const remembered = remember?.get(`http|${key}`) as SourceResponse<unknown> | undefined;
		if (remembered) return Promise.resolve({...remembered, fromCache: true, setCookies: []});
		// A prefetch of this very call is taken over once, as if this client had made it;
		// a concurrent identical call (until its cache entry has landed) is shared.
		const prefetchKey = `prefetch|${key}`;
		const prefetched = options.prefetch ? undefined : (options.memo?.get(prefetchKey) as Prefetched | undefined);
		if (prefetched) options.memo!.delete(prefetchKey);
		let entry = prefetched ?? inFlight.get(key);
		if (!entry) {
			const writes: Promise<void>[] = [];
			const started = perform(request, writes);
			const landed = () => Promise.all(writes).then(() => {});
			const made: Prefetched = {response: started, written: started.then(landed, landed)};
			inFlight.set(key, made);
			const forget = () => {
				if (inFlight.get(key) === made) inFlight.delete(key);
			};
			void made.written.then(forget, forget);
			if (options.prefetch && options.memo) {
				started.catch(() => {}); // the module's own call sees the failure
				options.memo.set(prefetchKey, made);
			}
			entry = made;
		}
		// The answer's bookkeeping counts as this client's: awaited now, or by settled().
		const {response, written} = entry;
		let promise = response;
		if (options.deferBookkeeping) {
			pending.add(written);
			written.then(
				() => pending.delete(written),
				(error) => {
					bookkeepingError ??= error;
					pending.delete(written);
				},
			);
		} else {
			promise = response.then(async (answer) => {
				await written;
				return answer;
			});
		}
		if (!remember) return promise;
		return promise.then((response) => {
			remember.set(`http|${key}`, response);
			return response;
		});
	}

	async function settled(): Promise<void> {
		while (pending.size > 0) await Promise.allSettled(pending);
		if (bookkeepingError) throw bookkeepingError;
	}

	return {
		env,
		sql,
		domain: options.domain,
		signal: options.signal,
		settled,
		getJson: <T>(request: SourceRequest) => run({...request, responseType: 'json'}) as Promise<SourceResponse<T>>,
		getText: (request: SourceRequest) => run({...request, responseType: 'text'}) as Promise<SourceResponse<string>>,
	};
}

/** The client a module uses: the job's database, environment, signal and usage counters. */
export function sourceHttpFor(context: ModuleContext, extra: Partial<SourceHttpOptions> = {}): SourceHttp {
	return createSourceHttp({env: context.env, sql: context.sql, signal: context.signal, usage: context.usage, domain: context.domain, ...(context.job ? {memo: context.job.memo} : {}), ...extra});
}
