/**
 * Web/news search for trigger events (Brave Search API style): GET
 * /res/v1/news/search?q=…&count=20&freshness=py with X-Subscription-Token. The key
 * (WEBSEARCH_API_KEY) is optional: without it the news part is skipped, with a note.
 * Base: PF_WEBSEARCH_URL.
 */
import {CACHE_TTL, sourceBaseUrl, sourceKey, type SourceHttp, type SourceResponse} from '../http.js';
import type {SourceClient} from './common.js';

export type WebSearchClient = SourceClient & {
	news(query: string, options?: {count?: number; freshness?: string}): Promise<SourceResponse<unknown>>;
};

export function webSearchClient(http: SourceHttp): WebSearchClient {
	const key = sourceKey('websearch', http.env);
	const base = sourceBaseUrl('websearch', 'api', http.env);
	return {
		source: 'websearch',
		unavailable: key ? undefined : 'news search skipped: set WEBSEARCH_API_KEY (optional) for news trigger events',
		news(query, options = {}) {
			const url = new URL(`${base}/res/v1/news/search`);
			url.searchParams.set('q', query);
			url.searchParams.set('count', String(options.count ?? 20));
			url.searchParams.set('freshness', options.freshness ?? 'py');
			return http.getJson({source: 'websearch', url: url.toString(), headers: {'x-subscription-token': key ?? ''}, ttlSeconds: CACHE_TTL.news, secrets: [key]});
		},
	};
}
