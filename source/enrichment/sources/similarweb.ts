/**
 * SimilarWeb v1 website endpoints (visits, engagement, traffic sources, geography,
 * similar sites, global rank). Key: SIMILARWEB_API_KEY; base: PF_SIMILARWEB_URL.
 * "No data" is HTTP 404 with meta.error_code 401 (or a 200 with meta.status "Error").
 */
import {CACHE_TTL, sourceBaseUrl, type SourceHttp, type SourceResponse} from '../http.js';
import {similarWebError} from '../transforms/similarweb.js';
import {keyState, monthOffset, sourceNow, type SourceClient} from './common.js';

export type SimilarWebClient = SourceClient & {
	visits(domain: string): Promise<SourceResponse<unknown>>;
	/** bounce-rate, pages-per-visit or average-visit-duration. */
	engagement(domain: string, metric: 'bounce-rate' | 'pages-per-visit' | 'average-visit-duration'): Promise<SourceResponse<unknown>>;
	trafficSources(domain: string): Promise<SourceResponse<unknown>>;
	geography(domain: string): Promise<SourceResponse<unknown>>;
	similarSites(domain: string): Promise<SourceResponse<unknown>>;
	globalRank(domain: string): Promise<SourceResponse<unknown>>;
	/** The months asked for: 13 complete months, so YoY is possible. */
	readonly window: {start: string; end: string};
};

export function similarWebClient(http: SourceHttp): SimilarWebClient {
	const {key, unavailable} = keyState(http, 'similarweb');
	const base = sourceBaseUrl('similarweb', 'api', http.env);
	const now = sourceNow(http.env);
	const window = {start: monthOffset(now, -13), end: monthOffset(now, -1)};
	const inspect = (status: number, body: unknown) => {
		const error = similarWebError(body);
		if (!error) return undefined;
		const noData = status === 404 || error.code === 401 || /not found/i.test(error.message);
		return {kind: noData ? ('no_data' as const) : status === 429 ? ('rate_limited' as const) : status >= 500 ? ('server_error' as const) : ('client_error' as const), message: `SimilarWeb has no data (HTTP ${status}: ${error.message}${error.code !== null ? `, error_code ${error.code}` : ''})`};
	};
	function get(path: string, domain: string, params: Record<string, string>): Promise<SourceResponse<unknown>> {
		const url = new URL(`${base}${path}`);
		url.searchParams.set('api_key', key ?? '');
		for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
		return http.getJson({source: 'similarweb', url: url.toString(), domain, ttlSeconds: CACHE_TTL.traffic, inspect, secrets: [key]});
	}
	const monthly = {start_date: window.start, end_date: window.end, main_domain_only: 'false'};
	return {
		source: 'similarweb',
		unavailable,
		window,
		visits: (domain) => get(`/v1/website/${domain}/total-traffic-and-engagement/visits`, domain, {...monthly, country: 'world', granularity: 'monthly'}),
		engagement: (domain, metric) => get(`/v1/website/${domain}/total-traffic-and-engagement/${metric}`, domain, {...monthly, country: 'world', granularity: 'monthly'}),
		trafficSources: (domain) => get(`/v1/website/${domain}/traffic-sources/overview-share`, domain, {...monthly, country: 'world', granularity: 'monthly'}),
		geography: (domain) => get(`/v4/website/${domain}/geo/traffic-by-country`, domain, {...monthly, limit: '10'}),
		similarSites: (domain) => get(`/v1/website/${domain}/similar-sites/similarsites`, domain, {}),
		globalRank: (domain) => get(`/v1/website/${domain}/global-rank/global-rank`, domain, monthly),
	};
}
