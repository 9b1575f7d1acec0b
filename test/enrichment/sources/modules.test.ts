import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../../helpers/database.js';
import {fetchModules, FETCH_MODULE_NAMES} from '../../../source/enrichment/modules/index.js';
import {resetYahooSessions} from '../../../source/enrichment/sources/yahoo.js';
import type {ModuleContext, ModuleOutcome} from '../../../source/enrichment/types.js';
import type {LocalServer} from './local-server.js';
import {DOMAIN, fixture, installBuiltWithDomainRoute, replayEnv, startReplayServer} from './replay-server.js';

let db: TestDatabase;
let server: LocalServer;

beforeAll(async () => {
	db = await createTestDatabase();
	server = await startReplayServer();
});
afterAll(async () => {
	await server?.close();
	await db?.drop();
});
beforeEach(() => {
	server.reset();
	resetYahooSessions();
});

function context(env: NodeJS.ProcessEnv, domain = DOMAIN, ticker?: string): ModuleContext {
	return {sql: db.sql, domain, ticker, env, signal: new AbortController().signal, usage: {apiCalls: 0, costEstimate: 0}};
}

async function runAll(ctx: ModuleContext): Promise<Record<string, ModuleOutcome>> {
	const outcomes: Record<string, ModuleOutcome> = {};
	for (const name of FETCH_MODULE_NAMES) outcomes[name] = await fetchModules[name].run(ctx);
	return outcomes;
}

async function count(table: string, domain = DOMAIN): Promise<number> {
	const [row] = await db.sql<{n: number}[]>`select count(*)::int as n from ${db.sql(table)} where domain = ${domain}`;
	return row!.n;
}

describe('a full enrichment against the replay server', () => {
	let first: Record<string, ModuleOutcome>;
	let usage: ModuleContext['usage'];

	beforeAll(async () => {
		server.reset();
		const ctx = context(replayEnv(server));
		first = await runAll(ctx);
		usage = ctx.usage;
	});

	it('completes every fetch module', () => {
		for (const name of FETCH_MODULE_NAMES) expect(first[name], `${name}: ${first[name]?.note}`).toMatchObject({status: 'completed'});
		expect(usage.apiCalls).toBeGreaterThan(20);
		expect(usage.costEstimate).toBeGreaterThan(0.5);
	});

	it('fills core_companies, resolving the ticker from SEC company_tickers by name', async () => {
		const [company] = await db.sql`select company_name, ticker, is_public, vertical, headquarters_city, fiscal_year_end, industry from core_companies where domain = ${DOMAIN}`;
		expect(company).toMatchObject({company_name: 'Northwind Outfitters', ticker: 'NWDO', is_public: true, vertical: 'Shopping', headquarters_city: 'Seattle', fiscal_year_end: '0131', industry: 'Retail-Family Clothing Stores'});
		expect(first.company_context!.note).toMatch(/matched by company name/);
	});

	it('writes technologies with partner/competitor flags and the search provider, with provenance', async () => {
		const rows = await db.sql<{technology_name: string; is_partner_tech: boolean; competitor_name: string | null; data_source: string; retrieved_at: Date; source_url: string}[]>`
			select technology_name, is_partner_tech, competitor_name, data_source, retrieved_at, source_url from intel_technology_stack where domain = ${DOMAIN} order by technology_name`;
		expect(rows).toHaveLength(7);
		expect(rows.every((row) => row.data_source === 'builtwith' && row.retrieved_at instanceof Date && row.source_url.includes('KEY=REDACTED'))).toBe(true);
		const [provider] = await db.sql`select current_provider, provider_type, is_algolia, tech_spend_estimate, data_source from intel_search_provider where domain = ${DOMAIN}`;
		expect(provider).toMatchObject({current_provider: 'Coveo', provider_type: 'third_party', is_algolia: false, tech_spend_estimate: 4250, data_source: 'builtwith'});
	});

	it('writes traffic', async () => {
		const [traffic] = await db.sql`select monthly_visits, mom_change::float8 as mom, yoy_change::float8 as yoy, trend_direction, bounce_rate::float8 as bounce, pages_per_visit::float8 as ppv, avg_visit_duration_seconds, website_rank_global, data_month, traffic_sources, geography, data_source from intel_traffic_analysis where domain = ${DOMAIN}`;
		expect(traffic).toMatchObject({monthly_visits: 4402772, trend_direction: 'growing', bounce: 0.51, ppv: 6.44, avg_visit_duration_seconds: 313, website_rank_global: 17320, data_month: '2026-10', data_source: 'similarweb'});
		expect(traffic!.yoy).toBeCloseTo(4402771.66 / 3810442.51 - 1, 3);
		expect((traffic!.traffic_sources as Record<string, number>).search).toBe(0.43);
	});

	it('writes the financial profile: SEC revenue with every digit, Yahoo margins and zone', async () => {
		const [profile] = await db.sql`select ticker, latest_revenue::text as revenue, revenue_trend, ebitda_margin::float8 as ebitda, margin_zone, stock_current_price::float8 as price, stock_market_cap::text as cap, analyst_consensus, revenue_3yr, source_urls, data_source from intel_financial_profile where domain = ${DOMAIN}`;
		expect(profile).toMatchObject({ticker: 'NWDO', revenue: '13904211577', revenue_trend: 'growing', ebitda: 0.1181, margin_zone: 'YELLOW', price: 84.37, cap: '17886790000', analyst_consensus: 'buy', data_source: 'sec_edgar+yahoo_finance'});
		expect((profile!.revenue_3yr as unknown[]).length).toBe(3);
		expect(JSON.stringify(profile!.source_urls)).not.toContain('crumb-abc123');
	});

	it('writes competitors with what they search with, and the landscape', async () => {
		const rows = await db.sql`select competitor_domain, competitor_search_provider, competitor_uses_algolia from intel_competitor_intelligence where domain = ${DOMAIN} order by similarity_score desc`;
		expect(rows.map((row) => [row.competitor_domain, row.competitor_search_provider, row.competitor_uses_algolia])).toEqual([
			['summit-gear.com', 'Algolia', true],
			['trailhead-supply.co.uk', null, false],
			['basecamp-goods.com', 'Searchspring', false],
		]);
		const [landscape] = await db.sql`select total_competitors_analyzed, algolia_users, other_search_users, first_mover_opportunity from intel_competitor_landscape where domain = ${DOMAIN}`;
		expect(landscape).toMatchObject({total_competitors_analyzed: 3, algolia_users: 1, other_search_users: 1, first_mover_opportunity: false});
	});

	it('writes hiring signals for the company domain only', async () => {
		expect(await count('intel_hiring_signals')).toBe(5);
		const [summary] = await db.sql`select total_open_roles, tier_1_count, platform_confirmed, data_source from intel_hiring_summary where domain = ${DOMAIN}`;
		expect(summary).toMatchObject({total_open_roles: 5, tier_1_count: 1, platform_confirmed: 'Salesforce Commerce Cloud', data_source: 'jsearch'});
	});

	it('writes dated, sourced trigger events from the Change API, 8-Ks and news', async () => {
		const [strategic] = await db.sql<{trigger_events: {type: string; date: string; source_url: string}[]; caution_signals: {type: string}[]; data_source: string}[]>`select trigger_events, caution_signals, data_source from intel_strategic_context where domain = ${DOMAIN}`;
		const types = strategic!.trigger_events.map((event) => event.type).sort();
		expect(types).toEqual(['acquisition', 'competitor_search_added', 'executive_change', 'executive_hire', 'platform_migration', 'search_vendor_removed']);
		expect(strategic!.trigger_events.every((event) => event.date && event.source_url.startsWith('http'))).toBe(true);
		expect(strategic!.caution_signals.map((event) => event.type)).toEqual(['layoffs']);
		expect(strategic!.data_source).toBe('builtwith+sec_edgar+websearch');
	});

	it('writes investor filings, officers and attributed exhibit quotes with their URLs', async () => {
		const [investor] = await db.sql<{ticker: string; sec_filings: unknown[]}[]>`select ticker, sec_filings from intel_investor_intelligence where domain = ${DOMAIN}`;
		expect(investor!.ticker).toBe('NWDO');
		expect(investor!.sec_filings.length).toBe(6);
		const quotes = await db.sql`select speaker_name, speaker_title, priority, source_url, source_date::text as date, data_source from intel_executive_quotes where domain = ${DOMAIN} order by priority`;
		expect(quotes).toHaveLength(3);
		expect(quotes[0]).toMatchObject({speaker_name: 'Maria Alvarez', priority: 'HIGH', date: '2026-10-27', data_source: 'sec_edgar'});
		expect(String(quotes[0]!.source_url)).toMatch(/nwdo-ex991_q3fy2026\.htm$/);
		expect(await count('intel_executive_intelligence')).toBe(3);
	});

	it('logs every call in audit_api_calls with keys redacted', async () => {
		const rows = await db.sql<{endpoint: string}[]>`select endpoint from audit_api_calls where domain = ${DOMAIN}`;
		expect(rows.length).toBeGreaterThan(20);
		const all = rows.map((row) => row.endpoint).join('\n');
		for (const secret of ['bw-test-key', 'sw-test-key', 'crumb-abc123']) expect(all).not.toContain(secret);
	});

	it('a second run within the TTL makes zero requests and duplicates nothing', async () => {
		const before = await Promise.all(['intel_technology_stack', 'intel_hiring_signals', 'intel_executive_quotes', 'intel_competitor_intelligence'].map((table) => count(table)));
		server.reset();
		const ctx = context(replayEnv(server));
		const again = await runAll(ctx);
		for (const name of FETCH_MODULE_NAMES) expect(again[name]!.status, `${name}: ${again[name]?.note}`).toBe('completed');
		expect(server.count()).toBe(0);
		expect(ctx.usage.apiCalls).toBe(0);
		const after = await Promise.all(['intel_technology_stack', 'intel_hiring_signals', 'intel_executive_quotes', 'intel_competitor_intelligence'].map((table) => count(table)));
		expect(after).toEqual(before);
	});
});

describe('transactions', () => {
	it("a module's writes are one transaction: a failure part-way leaves the previous rows", async () => {
		const {writeIntel, replaceTechnologyStack} = await import('../../../source/db/intel-writes.js');
		const before = await db.sql`select technology_name, retrieved_at from intel_technology_stack where domain = ${DOMAIN} order by technology_name`;
		expect(before.length).toBeGreaterThan(0);
		await expect(
			writeIntel(db.sql, async (tx) => {
				await replaceTechnologyStack(tx, DOMAIN, [], {dataSource: 'builtwith', retrievedAt: new Date()}); // deletes every row…
				throw new Error('the next write failed'); // …then fails
			}),
		).rejects.toThrow('the next write failed');
		const after = await db.sql`select technology_name, retrieved_at from intel_technology_stack where domain = ${DOMAIN} order by technology_name`;
		expect(after).toEqual(before);
	});
});

describe('sources without keys', () => {
	it('skip with a clear note instead of failing', async () => {
		const env = replayEnv(server, {BUILTWITH_API_KEY: undefined, SIMILARWEB_API_KEY: undefined, JSEARCH_API_KEY: '', SEC_USER_AGENT: undefined, WEBSEARCH_API_KEY: undefined});
		const ctx = context(env, 'nokeys.example');
		const outcomes = await runAll(ctx);
		expect(outcomes.technology).toMatchObject({status: 'skipped', note: 'BuiltWith not configured: set BUILTWITH_API_KEY'});
		expect(outcomes.traffic).toMatchObject({status: 'skipped', note: 'SimilarWeb not configured: set SIMILARWEB_API_KEY'});
		expect(outcomes.hiring).toMatchObject({status: 'skipped', note: 'JSearch not configured: set JSEARCH_API_KEY'});
		expect(outcomes.company_context!.status).toBe('skipped');
		expect(outcomes.company_context!.note).toMatch(/SEC_USER_AGENT/);
		expect(outcomes.investor!.status).toBe('skipped');
		expect(Object.values(outcomes).every((outcome) => outcome.status !== 'failed')).toBe(true);
		expect(server.count()).toBe(0);
	});
});

describe('faults', () => {
	const fresh = (extra: Record<string, string | undefined> = {}) => replayEnv(server, {PF_HTTP_CACHE: 'off', ...extra});

	it('SimilarWeb 404 "no data" (error_code 401): skipped, not retried, not retryable', async () => {
		server.route('/v1/website/tiny-shop.example/total-traffic-and-engagement/visits', {status: 404, body: fixture('similarweb-error-404.json')});
		const outcome = await fetchModules.traffic.run(context(fresh(), 'tiny-shop.example'));
		expect(outcome).toMatchObject({status: 'skipped', retryable: false});
		expect(outcome.note).toMatch(/no data.*Data not found.*error_code 401/);
		expect(server.count('/v1/website/tiny-shop.example')).toBe(1);
	});

	it('malformed JSON: failed with the reason, not retried', async () => {
		server.route('/v21/api.json', {status: 200, body: '{"Results":[{"Result":{"Paths":[{"Technologies":[{"Name":"Shopify"'});
		try {
			const outcome = await fetchModules.technology.run(context(fresh(), 'broken-json.example'));
			expect(outcome).toMatchObject({status: 'failed', retryable: false});
			expect(outcome.note).toMatch(/malformed: BuiltWith sent a body that is not valid JSON/);
			expect(server.count('/v21/api.json')).toBe(1);
		} finally {
			installBuiltWithDomainRoute(server);
		}
	});

	it('429 with Retry-After: waits, retries and completes', async () => {
		server.route('/search', [{status: 429, headers: {'retry-after': '1'}, body: {message: 'Too many requests'}}, {status: 200, body: fixture('jsearch-northwind.json')}]);
		const started = Date.now();
		const outcome = await fetchModules.hiring.run(context(fresh(), DOMAIN));
		expect(outcome.status).toBe('completed');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(server.count('/search')).toBe(2);
		server.route('/search', {status: 200, body: fixture('jsearch-northwind.json')});
	});

	it('500s: failed after retries, retryable, and the rows of the last good run stay as they were', async () => {
		const [before] = await db.sql`select monthly_visits, retrieved_at from intel_traffic_analysis where domain = ${DOMAIN}`;
		expect(before).toBeDefined();
		server.route(`/v1/website/${DOMAIN}/total-traffic-and-engagement/bounce-rate`, {status: 500, body: 'Internal Server Error'});
		const outcome = await fetchModules.traffic.run(context(fresh(), DOMAIN));
		expect(outcome).toMatchObject({status: 'failed', retryable: true});
		expect(outcome.note).toMatch(/server error: SimilarWeb failed \(HTTP 500\).*after 3 attempts/);
		expect(server.count(`/v1/website/${DOMAIN}/total-traffic-and-engagement/bounce-rate`)).toBe(3);
		const [after] = await db.sql`select monthly_visits, retrieved_at from intel_traffic_analysis where domain = ${DOMAIN}`;
		expect(after).toEqual(before);
		server.route(`/v1/website/${DOMAIN}/total-traffic-and-engagement/bounce-rate`, {status: 200, body: fixture('similarweb-bounce-rate-northwind.json')});
	});

	it('timeouts: failed, retryable, named', async () => {
		server.route('/change1/api.json', {status: 200, body: fixture('builtwith-change-northwind.json'), delayMs: 1500});
		const outcome = await fetchModules.strategic.run(context(fresh({SEC_USER_AGENT: undefined, WEBSEARCH_API_KEY: undefined, PF_HTTP_TIMEOUT_MS: '400'}), DOMAIN));
		expect(outcome).toMatchObject({status: 'failed', retryable: true});
		expect(outcome.note).toMatch(/timeout: BuiltWith did not answer within 400 ms/);
		expect(server.count('/change1/api.json')).toBe(3);
		server.route('/change1/api.json', {status: 200, body: fixture('builtwith-change-northwind.json')});
	});

	it('SEC XML 404 (unknown CIK): investor skipped as no data, naming NoSuchKey', async () => {
		// SMGR is in company_tickers.json, but SEC has no submissions file for its CIK.
		const outcome = await fetchModules.investor.run(context(fresh(), 'summit-gear.com', 'SMGR'));
		expect(outcome).toMatchObject({status: 'skipped', retryable: false});
		expect(outcome.note).toMatch(/no data: SEC EDGAR has no data \(HTTP 404: NoSuchKey/);
	});

	it('Yahoo quoteSummary.error with 404 and no SEC facts: financials skipped as no data', async () => {
		server.route('/v10/finance/quoteSummary/ZZZZ', {status: 404, body: fixture('yahoo-quotesummary-error-404.json')});
		const outcome = await fetchModules.financials.run(context(fresh({SEC_USER_AGENT: undefined}), 'zzzz.example', 'ZZZZ'));
		expect(outcome.status).toBe('skipped');
		expect(outcome.note).toMatch(/Quote not found for symbol: ZZZZ/);
	});

	it('a cancelled job: the call is aborted at once, the module fails retryably', async () => {
		server.route('/v1/website/slow-cancel.example/similar-sites/similarsites', {status: 200, body: {similar_sites: []}, delayMs: 3000});
		const controller = new AbortController();
		const ctx = {...context(fresh(), 'slow-cancel.example'), signal: controller.signal};
		const started = Date.now();
		setTimeout(() => controller.abort(), 100);
		const outcome = await fetchModules.competitors.run(ctx);
		expect(outcome).toMatchObject({status: 'failed', retryable: true});
		expect(outcome.note).toMatch(/^cancelled/);
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('a refused key: failed, not retryable', async () => {
		const outcome = await fetchModules.technology.run(context(fresh({BUILTWITH_API_KEY: 'wrong-key'}), 'other.example'));
		expect(outcome).toMatchObject({status: 'failed', retryable: false});
		expect(outcome.note).toMatch(/unauthorized/);
		expect(outcome.note).not.toContain('wrong-key');
	});
});

