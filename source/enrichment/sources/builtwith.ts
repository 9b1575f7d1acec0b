/**
 * BuiltWith Domain API (technologies, Meta, Spend) and Change API (technologies added
 * and removed with dates). Key: BUILTWITH_API_KEY; base: PF_BUILTWITH_URL.
 */
import {CACHE_TTL, sourceBaseUrl, type SourceHttp, type SourceResponse} from '../http.js';
import {keyState, type SourceClient} from './common.js';

/** Domain API version path; BuiltWith documents newer ones, the response shape is shared. */
const domainApiVersion = 'v21';

export type BuiltWithClient = SourceClient & {
	/** GET /v21/api.json?KEY=…&LOOKUP=<domain>. */
	domain(domain: string): Promise<SourceResponse<unknown>>;
	/** GET /change1/api.json?KEY=…&LOOKUP=<domain>[&SINCE=…]. */
	changes(domain: string, since?: string): Promise<SourceResponse<unknown>>;
};

export function builtWithClient(http: SourceHttp): BuiltWithClient {
	const {key, unavailable} = keyState(http, 'builtwith');
	const base = sourceBaseUrl('builtwith', 'api', http.env);
	const inspect = (_status: number, body: unknown) => {
		// BuiltWith answers 200 with Errors[] for lookups it refuses or cannot resolve.
		const root = body as {Results?: unknown[]; Errors?: {Message?: string; Code?: number}[]} | null;
		if (root && Array.isArray(root.Errors) && root.Errors.length > 0 && (!Array.isArray(root.Results) || root.Results.length === 0)) {
			const message = root.Errors.map((error) => error?.Message ?? JSON.stringify(error)).join('; ');
			return {kind: /key|credit|auth/i.test(message) ? ('unauthorized' as const) : ('no_data' as const), message: `BuiltWith: ${message}`};
		}
		return undefined;
	};
	return {
		source: 'builtwith',
		unavailable,
		domain(domain) {
			const url = new URL(`${base}/${domainApiVersion}/api.json`);
			url.searchParams.set('KEY', key ?? '');
			url.searchParams.set('LOOKUP', domain);
			return http.getJson({source: 'builtwith', url: url.toString(), domain, ttlSeconds: CACHE_TTL.technology, inspect, secrets: [key]});
		},
		changes(domain, since) {
			const url = new URL(`${base}/change1/api.json`);
			url.searchParams.set('KEY', key ?? '');
			url.searchParams.set('LOOKUP', domain);
			if (since) url.searchParams.set('SINCE', since);
			return http.getJson({source: 'builtwith', url: url.toString(), domain, ttlSeconds: CACHE_TTL.technology, inspect, secrets: [key]});
		},
	};
}
