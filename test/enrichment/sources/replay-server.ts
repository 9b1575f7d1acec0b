/**
 * A local server that replays the hand-written fixtures of test/fixtures/enrichment as
 * every source API at once (BuiltWith, SimilarWeb, SEC data + www, Yahoo with the
 * cookie/crumb handshake, JSearch, Brave-style news), plus the environment that points
 * the clients at it.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from '../../helpers/run-pf.js';
import {startLocalServer, type LocalServer, type Reply} from './local-server.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'enrichment');
export const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

export const DOMAIN = 'northwind-outfitters.com';

const notFoundXml = () => ({status: 404, headers: {'content-type': 'application/xml'}, body: fixture('sec-error-404-nosuchkey.xml')});
const json = (name: string): Reply => ({status: 200, headers: {'content-type': 'application/json'}, body: fixture(name)});

/** A competitor's BuiltWith answer: summit-gear.com runs Algolia, basecamp-goods.com Searchspring. */
function competitorBuiltWith(domain: string): Reply {
	const tech = domain === 'summit-gear.com' ? 'Algolia' : domain === 'basecamp-goods.com' ? 'Searchspring' : undefined;
	if (!tech) return {status: 200, body: {Results: [], Errors: [{Lookup: domain, Message: 'No data for lookup'}]}};
	return {status: 200, body: {Results: [{Result: {IsDB: 'True', Spend: 900, Paths: [{Domain: domain, Url: '', SubDomain: '', Technologies: [{Name: tech, Tag: 'widgets', FirstDetected: 1700000000000, LastDetected: 1762000000000, IsPremium: 'no', Categories: ['Site Search']}, {Name: 'jQuery', Tag: 'javascript', FirstDetected: 1600000000000, LastDetected: 1762000000000}]}]}, Meta: {CompanyName: null, Vertical: 'Shopping'}, Lookup: domain, FirstIndexed: 1600000000000, LastIndexed: 1762000000000}], Errors: []}};
}

/** The BuiltWith Domain API route (tests that replace it put it back with this). */
export function installBuiltWithDomainRoute(server: LocalServer): void {
	server.route('/v21/api.json', ({url}) => {
		const lookup = url.searchParams.get('LOOKUP') ?? '';
		if (url.searchParams.get('KEY') !== 'bw-test-key') return {status: 401, body: {Errors: [{Message: 'Invalid API key'}]}};
		return lookup === DOMAIN ? json('builtwith-domain-northwind.json') : competitorBuiltWith(lookup);
	});
}

export async function startReplayServer(): Promise<LocalServer> {
	const server = await startLocalServer();
	installBuiltWithDomainRoute(server);
	server.route('/change1/api.json', ({url}) => (url.searchParams.get('LOOKUP') === DOMAIN ? json('builtwith-change-northwind.json') : {status: 200, body: {Results: [{Lookup: url.searchParams.get('LOOKUP'), Changes: {events: []}}]}}));
	const sw = `/v1/website/${DOMAIN}`;
	server.route(`${sw}/total-traffic-and-engagement/visits`, json('similarweb-visits-northwind.json'));
	server.route(`${sw}/total-traffic-and-engagement/bounce-rate`, json('similarweb-bounce-rate-northwind.json'));
	server.route(`${sw}/total-traffic-and-engagement/pages-per-visit`, json('similarweb-pages-per-visit-northwind.json'));
	server.route(`${sw}/total-traffic-and-engagement/average-visit-duration`, json('similarweb-average-visit-duration-northwind.json'));
	server.route(`${sw}/traffic-sources/overview-share`, json('similarweb-traffic-sources-northwind.json'));
	server.route(`/v4/website/${DOMAIN}/geo/traffic-by-country`, json('similarweb-geo-northwind.json'));
	server.route(`${sw}/similar-sites/similarsites`, json('similarweb-similarsites-northwind.json'));
	server.route(`${sw}/global-rank/global-rank`, json('similarweb-global-rank-northwind.json'));
	server.route('/files/company_tickers.json', json('sec-company-tickers.json'));
	server.route('/submissions/CIK0001234567.json', json('sec-submissions-northwind.json'));
	server.route('/api/xbrl/companyfacts/CIK0001234567.json', json('sec-xbrl-facts-northwind.json'));
	server.route('/Archives/edgar/data/1234567/000123456726000090/index.json', json('sec-folder-index-northwind-8k.json'));
	server.route('/Archives/edgar/data/1234567/000123456726000090/nwdo-ex991_q3fy2026.htm', {status: 200, headers: {'content-type': 'text/html'}, body: fixture('sec-exhibit-northwind-ex991.htm')});
	// Yahoo: the root sets the cookie (answering 404, like fc.yahoo.com); the crumb needs it; data needs the crumb.
	server.route('/', {status: 404, headers: {'set-cookie': 'A3=d=AQABBtest; Path=/; HttpOnly'}, body: 'Not Found'});
	server.route('/v1/test/getcrumb', ({headers}) => (String(headers.cookie ?? '').includes('A3=') ? {status: 200, body: 'crumb-abc123'} : {status: 401, body: 'Unauthorized'}));
	const needsCrumb = (reply: Reply) => ({url}: {url: URL}): Reply => (url.searchParams.get('crumb') === 'crumb-abc123' ? reply : {status: 401, body: {finance: {result: null, error: {code: 'Unauthorized', description: 'Invalid Crumb'}}}});
	server.route('/v10/finance/quoteSummary/NWDO', needsCrumb(json('yahoo-quotesummary-nwdo.json')));
	server.route('/v8/finance/chart/NWDO', needsCrumb(json('yahoo-chart-nwdo.json')));
	server.route('/search', json('jsearch-northwind.json'));
	server.route('/res/v1/news/search', json('websearch-news-northwind.json'));
	server.route('*', notFoundXml());
	return server;
}

/** Environment that points every client at the server, keys set, limits lifted, fast retries. */
export function replayEnv(server: LocalServer, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	return {
		BUILTWITH_API_KEY: 'bw-test-key',
		SIMILARWEB_API_KEY: 'sw-test-key',
		JSEARCH_API_KEY: 'js-test-key',
		WEBSEARCH_API_KEY: 'ws-test-key',
		SEC_USER_AGENT: 'pf-test tests@example.com',
		PF_BUILTWITH_URL: server.url,
		PF_SIMILARWEB_URL: server.url,
		PF_SEC_DATA_URL: server.url,
		PF_SEC_WWW_URL: server.url,
		PF_YAHOO_URL: server.url,
		PF_JSEARCH_URL: server.url,
		PF_WEBSEARCH_URL: server.url,
		PF_RATE_LIMITS: 'off',
		PF_HTTP_RETRIES: '2',
		PF_HTTP_BACKOFF_MS: '5',
		PF_HTTP_MAX_WAIT_MS: '1500',
		PF_HTTP_TIMEOUT_MS: '5000',
		PF_NOW: '2026-11-15T00:00:00Z',
		...extra,
	};
}
