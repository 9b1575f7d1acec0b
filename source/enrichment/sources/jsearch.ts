/**
 * JSearch job postings (RapidAPI): GET /search?query=<company> jobs&num_pages=N with
 * X-RapidAPI-Key / X-RapidAPI-Host. Key: JSEARCH_API_KEY; base: PF_JSEARCH_URL.
 */
import {CACHE_TTL, sourceBaseUrl, type SourceHttp, type SourceResponse} from '../http.js';
import {keyState, type SourceClient} from './common.js';

export type JSearchClient = SourceClient & {
	search(query: string, options?: {numPages?: number; datePosted?: 'all' | 'today' | '3days' | 'week' | 'month'}): Promise<SourceResponse<unknown>>;
};

export function jsearchClient(http: SourceHttp): JSearchClient {
	const {key, unavailable} = keyState(http, 'jsearch');
	const base = sourceBaseUrl('jsearch', 'api', http.env);
	const host = new URL(base).host;
	return {
		source: 'jsearch',
		unavailable,
		search(query, options = {}) {
			const url = new URL(`${base}/search`);
			url.searchParams.set('query', query);
			url.searchParams.set('page', '1');
			url.searchParams.set('num_pages', String(options.numPages ?? 2));
			url.searchParams.set('date_posted', options.datePosted ?? 'month');
			return http.getJson({
				source: 'jsearch',
				url: url.toString(),
				headers: {'x-rapidapi-key': key ?? '', 'x-rapidapi-host': host},
				ttlSeconds: CACHE_TTL.jobs,
				secrets: [key],
				inspect: (_status, body) => {
					const status = (body as {status?: unknown} | null)?.status;
					if (typeof status === 'string' && status !== 'OK') return {kind: 'client_error', message: `JSearch answered status ${status}`};
					return undefined;
				},
			});
		},
	};
}
