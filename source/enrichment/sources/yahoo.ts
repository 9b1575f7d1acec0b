/**
 * Yahoo Finance quoteSummary and chart, behind the cookie + crumb handshake: a cookie
 * from PF_YAHOO_COOKIE_URL (default https://fc.yahoo.com, which answers 404 with the
 * cookie; when only PF_YAHOO_URL is set, its root), then /v1/test/getcrumb with that
 * cookie; the crumb goes on every call and is refreshed once on 401/403. No key.
 * Errors come as quoteSummary.error with HTTP 404.
 */
import {CACHE_TTL, redactUrl, sourceBaseUrl, SourceHttpError, type SourceHttp, type SourceResponse} from '../http.js';
import {quoteSummaryError} from '../transforms/yahoo.js';
import type {SourceClient} from './common.js';

type Session = {cookie: string; crumb: string};
const sessions = new Map<string, Promise<Session>>();

export const QUOTE_SUMMARY_MODULES = ['price', 'summaryDetail', 'financialData', 'incomeStatementHistory', 'assetProfile'] as const;

export type YahooClient = SourceClient & {
	quoteSummary(ticker: string, modules?: readonly string[]): Promise<SourceResponse<unknown>>;
	chart(ticker: string, options?: {range?: string; interval?: string}): Promise<SourceResponse<unknown>>;
};

export function yahooClient(http: SourceHttp): YahooClient {
	const base = sourceBaseUrl('yahoo_finance', 'api', http.env);
	const cookieUrl = http.env.PF_YAHOO_COOKIE_URL?.trim() || (http.env.PF_YAHOO_URL?.trim() ? `${base}/` : sourceBaseUrl('yahoo_finance', 'cookie', http.env));

	async function handshake(): Promise<Session> {
		const first = await http.getText({source: 'yahoo_finance', url: cookieUrl, ttlSeconds: 0, acceptStatuses: [404, 302], cost: 0});
		const cookie = first.setCookies.map((value) => value.split(';', 1)[0]).filter(Boolean).join('; ');
		const crumb = await http.getText({source: 'yahoo_finance', url: `${base}/v1/test/getcrumb`, headers: cookie ? {cookie} : {}, ttlSeconds: 0, cost: 0});
		const value = crumb.body.trim();
		if (!value || value.startsWith('<') || value.startsWith('{')) {
			throw new SourceHttpError({source: 'yahoo_finance', kind: 'server_error', url: redactUrl(`${base}/v1/test/getcrumb`), message: `Yahoo Finance handshake gave no crumb (${JSON.stringify(value.slice(0, 40))})`});
		}
		return {cookie, crumb: value};
	}
	function session(refresh = false): Promise<Session> {
		let pending = sessions.get(base);
		if (!pending || refresh) {
			pending = handshake();
			pending.catch(() => sessions.delete(base));
			sessions.set(base, pending);
		}
		return pending;
	}
	const inspect = (status: number, body: unknown) => {
		const error = quoteSummaryError(body) ?? (body as {chart?: {error?: {code?: string; description?: string}}} | null)?.chart?.error ?? undefined;
		if (!error) return undefined;
		const notFound = status === 404 || /not found/i.test(String(error.code));
		return {kind: notFound ? ('no_data' as const) : ('client_error' as const), message: `Yahoo Finance has no data (HTTP ${status}: ${error.code}${error.description ? `: ${error.description}` : ''})`};
	};
	function get(path: string, params: Record<string, string>, ttlSeconds: number): Promise<SourceResponse<unknown>> {
		const url = new URL(`${base}${path}`);
		for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
		const plain = url.toString();
		return http.getJson({
			source: 'yahoo_finance',
			url: plain,
			ttlSeconds,
			inspect,
			async prepare() {
				const {cookie, crumb} = await session();
				const withCrumb = new URL(plain);
				withCrumb.searchParams.set('crumb', crumb);
				return {url: withCrumb.toString(), headers: cookie ? {cookie} : ({} as Record<string, string>)};
			},
			async onUnauthorized() {
				await session(true);
				return true;
			},
		});
	}
	return {
		source: 'yahoo_finance',
		unavailable: undefined,
		quoteSummary: (ticker, modules = QUOTE_SUMMARY_MODULES) => get(`/v10/finance/quoteSummary/${encodeURIComponent(ticker)}`, {modules: modules.join(','), formatted: 'false'}, CACHE_TTL.stockPrice),
		chart: (ticker, options = {}) => get(`/v8/finance/chart/${encodeURIComponent(ticker)}`, {range: options.range ?? '1y', interval: options.interval ?? '1d', events: 'div|split'}, CACHE_TTL.stockPrice),
	};
}

/** Forgets crumbs (tests). */
export function resetYahooSessions(): void {
	sessions.clear();
}
