/**
 * The BuiltWith Lists API client (discovery): one page per call,
 *   GET {PF_BUILTWITH_URL}/lists13/api.json?KEY=…&TECH=…&META=yes[&SINCE=…][&COUNTRY=…][&OFFSET=<NextOffset>]
 * through the shared HTTP discipline (source/enrichment/http.ts): rate limit, retries
 * with backoff honouring Retry-After, an audit_api_calls row per call with the key
 * redacted. Pages are never cached: a discovery wants what BuiltWith lists now.
 */
import {sourceBaseUrl, sourceKey, SourceHttpError, type SourceHttp} from '../http.js';
import {listsPageError, readListsPage, type ListsPage} from '../../discovery/lists-page.js';

export type ListsQuery = {
	/** TECH=: the technology's Lists name (spaces as dashes). */
	tech: string;
	since?: string | null;
	country?: string | null;
	/** OFFSET=: the previous page's NextOffset; null/undefined for the first page. */
	offset?: string | null;
};

/** The request URL (with the key: only ever logged through redactUrl). */
export function listsUrl(env: NodeJS.ProcessEnv, key: string, query: ListsQuery): string {
	const params = new URLSearchParams({KEY: key, TECH: query.tech, META: 'yes'});
	if (query.since) params.set('SINCE', query.since);
	if (query.country) params.set('COUNTRY', query.country);
	if (query.offset) params.set('OFFSET', query.offset);
	// URLSearchParams writes spaces as '+'; BuiltWith's examples use %20.
	return `${sourceBaseUrl('builtwith', 'api', env)}/lists13/api.json?${params.toString().replace(/\+/g, '%20')}`;
}

/** True when BUILTWITH_API_KEY is set. */
export function listsKey(env: NodeJS.ProcessEnv): string | undefined {
	return sourceKey('builtwith', env);
}

/**
 * Fetches and reads one page. An answer carrying Errors (or no Results) is a failure:
 * 'unauthorized' when it is about the key or credits, else 'client_error'.
 */
export async function fetchListsPage(http: SourceHttp, key: string, query: ListsQuery): Promise<ListsPage & {url: string}> {
	const response = await http.getJson<unknown>({
		source: 'builtwith',
		url: listsUrl(http.env, key, query),
		ttlSeconds: 0,
		secrets: [key],
		inspect: (status, body) => {
			if (status < 200 || status >= 300) return undefined; // the shared classification by status
			const error = listsPageError(body);
			if (!error) return undefined;
			return {kind: error.keyProblem ? 'unauthorized' : 'client_error', message: `BuiltWith Lists answered with an error: ${error.message}`};
		},
	});
	return {...readListsPage(response.body), url: response.url};
}

export {SourceHttpError};
