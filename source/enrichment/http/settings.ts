/**
 * Per-source settings of the HTTP discipline: where the key and base URL come from,
 * the stated cost per call and the request rate each vendor tolerates
 * (../shared/docs/domain.md, "Sources"). Pure data plus environment readers.
 */
import type {ApiSource} from '../types.js';

export type SourceSettings = {
	/** Environment variable holding the API key; undefined when the source needs none. */
	keyEnv?: string;
	/** True when the source works without a key (the key only lifts quotas). */
	keyOptional?: boolean;
	/** Environment variables of the base URLs and their defaults (the real hosts). */
	baseUrls: Record<string, {env: string; default: string}>;
	/** Stated cost of one call in USD (domain.md), for audit_api_calls and job history. */
	costPerCall: number;
	/** Requests per second allowed across every worker (0 = unlimited). */
	requestsPerSecond: number;
	/** Default cache TTL of a response, in seconds. */
	ttlSeconds: number;
	/** Human name for notes. */
	label: string;
};

const day = 86_400;

/** TTLs named in domain.md: technology 30 d, traffic 7 d, financial statements 90 d, stock price 1 d, jobs 1 d. */
export const CACHE_TTL = {
	technology: 30 * day,
	traffic: 7 * day,
	financialStatements: 90 * day,
	stockPrice: 1 * day,
	jobs: 1 * day,
	filings: 1 * day,
	news: 1 * day,
	reference: 7 * day,
} as const;

export const SOURCE_SETTINGS: Record<ApiSource, SourceSettings> = {
	builtwith: {
		label: 'BuiltWith',
		keyEnv: 'BUILTWITH_API_KEY',
		baseUrls: {api: {env: 'PF_BUILTWITH_URL', default: 'https://api.builtwith.com'}},
		// domain.md: $0.02–0.10 per call; the middle of the range.
		costPerCall: 0.06,
		requestsPerSecond: 8,
		ttlSeconds: CACHE_TTL.technology,
	},
	similarweb: {
		label: 'SimilarWeb',
		keyEnv: 'SIMILARWEB_API_KEY',
		baseUrls: {api: {env: 'PF_SIMILARWEB_URL', default: 'https://api.similarweb.com'}},
		// domain.md: $0.03–0.08 per endpoint.
		costPerCall: 0.055,
		requestsPerSecond: 10,
		ttlSeconds: CACHE_TTL.traffic,
	},
	sec_edgar: {
		label: 'SEC EDGAR',
		// Not a key: SEC requires a User-Agent naming the app and a contact.
		keyEnv: 'SEC_USER_AGENT',
		baseUrls: {
			data: {env: 'PF_SEC_DATA_URL', default: 'https://data.sec.gov'},
			www: {env: 'PF_SEC_WWW_URL', default: 'https://www.sec.gov'},
		},
		costPerCall: 0,
		// SEC: at most 10 requests per second.
		requestsPerSecond: 10,
		ttlSeconds: CACHE_TTL.filings,
	},
	yahoo_finance: {
		label: 'Yahoo Finance',
		baseUrls: {
			api: {env: 'PF_YAHOO_URL', default: 'https://query2.finance.yahoo.com'},
			cookie: {env: 'PF_YAHOO_COOKIE_URL', default: 'https://fc.yahoo.com'},
		},
		costPerCall: 0,
		requestsPerSecond: 2,
		ttlSeconds: CACHE_TTL.stockPrice,
	},
	jsearch: {
		label: 'JSearch',
		keyEnv: 'JSEARCH_API_KEY',
		baseUrls: {api: {env: 'PF_JSEARCH_URL', default: 'https://jsearch.p.rapidapi.com'}},
		costPerCall: 0.001,
		requestsPerSecond: 5,
		ttlSeconds: CACHE_TTL.jobs,
	},
	websearch: {
		label: 'Web search',
		keyEnv: 'WEBSEARCH_API_KEY',
		keyOptional: true,
		baseUrls: {api: {env: 'PF_WEBSEARCH_URL', default: 'https://api.search.brave.com'}},
		// Brave Search API: $5 per 1,000 requests.
		costPerCall: 0.005,
		requestsPerSecond: 1,
		ttlSeconds: CACHE_TTL.news,
	},
};

/** The API key (or SEC User-Agent) of a source, trimmed; undefined when unset or empty. */
export function sourceKey(source: ApiSource, env: NodeJS.ProcessEnv): string | undefined {
	const name = SOURCE_SETTINGS[source].keyEnv;
	const value = name ? env[name]?.trim() : undefined;
	return value ? value : undefined;
}

/** A base URL of a source from the environment (no trailing slash). */
export function sourceBaseUrl(source: ApiSource, which: string, env: NodeJS.ProcessEnv): string {
	const spec = SOURCE_SETTINGS[source].baseUrls[which];
	if (!spec) throw new Error(`source ${source} has no base URL named ${which}`);
	const value = env[spec.env]?.trim() || spec.default;
	return value.replace(/\/+$/, '');
}

/** Env name suffix of a source: sec_edgar → SEC_EDGAR. */
function envSuffix(source: ApiSource): string {
	return source.toUpperCase();
}

/**
 * Requests per second for a source: PF_RATE_LIMITS=off lifts every limit (benchmarks);
 * PF_RATE_LIMIT_<SOURCE> (e.g. PF_RATE_LIMIT_SEC_EDGAR=5, or `off`) overrides one.
 * 0 means unlimited.
 */
export function rateLimitFor(source: ApiSource, env: NodeJS.ProcessEnv): number {
	const own = env[`PF_RATE_LIMIT_${envSuffix(source)}`]?.trim().toLowerCase();
	if (own === 'off' || own === '0') return 0;
	if (own) {
		const parsed = Number(own.replace(/\/s$/, ''));
		if (Number.isFinite(parsed) && parsed > 0) return parsed;
	}
	const all = env.PF_RATE_LIMITS?.trim().toLowerCase();
	if (all === 'off' || all === '0' || all === 'false') return 0;
	return SOURCE_SETTINGS[source].requestsPerSecond;
}

/** Cost per call, overridable with PF_COST_<SOURCE> (USD). */
export function costPerCall(source: ApiSource, env: NodeJS.ProcessEnv): number {
	const own = Number(env[`PF_COST_${envSuffix(source)}`]);
	return Number.isFinite(own) && env[`PF_COST_${envSuffix(source)}`] !== undefined && own >= 0 ? own : SOURCE_SETTINGS[source].costPerCall;
}

export type HttpTimings = {
	/** Per attempt. */
	timeoutMs: number;
	/** Retries after the first attempt, for retryable failures. */
	retries: number;
	/** First backoff; doubles each retry, with jitter. */
	baseDelayMs: number;
	/** No single wait (backoff or Retry-After) exceeds this. */
	maxDelayMs: number;
};

function positiveNumber(value: string | undefined, fallback: number): number {
	if (value === undefined || value.trim() === '') return fallback;
	const parsed = Number(value);
	return Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
}

/** Timeouts and retry timings: PF_HTTP_TIMEOUT_MS, PF_HTTP_RETRIES, PF_HTTP_BACKOFF_MS, PF_HTTP_MAX_WAIT_MS. */
export function httpTimingsFromEnv(env: NodeJS.ProcessEnv): HttpTimings {
	return {
		timeoutMs: positiveNumber(env.PF_HTTP_TIMEOUT_MS, 20_000),
		retries: Math.floor(positiveNumber(env.PF_HTTP_RETRIES, 3)),
		baseDelayMs: positiveNumber(env.PF_HTTP_BACKOFF_MS, 500),
		maxDelayMs: positiveNumber(env.PF_HTTP_MAX_WAIT_MS, 30_000),
	};
}

/** PF_HTTP_CACHE=off disables the response cache (a forced refresh). */
export function cacheEnabled(env: NodeJS.ProcessEnv): boolean {
	const value = env.PF_HTTP_CACHE?.trim().toLowerCase();
	return !(value === 'off' || value === '0' || value === 'false');
}

/**
 * The prefix of the source layer's Redis keys (the response cache): PF_QUEUE_PREFIX
 * (default `pf`), like the queue's, so installs and test runs sharing one Redis keep apart.
 */
export function redisKeyPrefix(env: NodeJS.ProcessEnv): string {
	return env.PF_QUEUE_PREFIX?.trim() || 'pf';
}
