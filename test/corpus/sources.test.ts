/**
 * The source transforms and clients against the real recorded responses in
 * ../shared/fixtures (see its README for field paths and traps): every BuiltWith,
 * SimilarWeb, SEC, Yahoo and JSearch recording is read, with real values asserted; the
 * error recordings are served from a local server through the real clients.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {repoRoot} from '../helpers/run-pf.js';
import {createSourceHttp, SourceHttpError} from '../../source/enrichment/http.js';
import {fetchModules} from '../../source/enrichment/modules/index.js';
import {secClient, similarWebClient, yahooClient, resetYahooSessions} from '../../source/enrichment/sources/index.js';
import {transformBuiltWithDomain} from '../../source/enrichment/transforms/builtwith.js';
import {hiringSignals, hiringTier, summariseHiring} from '../../source/enrichment/transforms/jsearch.js';
import {annualSeries, filingTriggerEvents, findTicker, matchTickerByName, readCompanyTickers, readSubmissions, revenueHistory, REVENUE_CONCEPTS} from '../../source/enrichment/transforms/sec.js';
import {latestGlobalRank, similarWebError, summariseVisits} from '../../source/enrichment/transforms/similarweb.js';
import {quoteSummaryError, transformChart, transformQuoteSummary} from '../../source/enrichment/transforms/yahoo.js';
import type {ModuleContext} from '../../source/enrichment/types.js';
import {startLocalServer, type LocalServer} from '../enrichment/sources/local-server.js';

const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const have = existsSync(fixtures);
const raw = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const json = (name: string) => JSON.parse(raw(name)) as unknown;
const files = have ? readdirSync(fixtures) : [];

describe.skipIf(!have)(`source recordings (${have ? fixtures : 'skipped: ../shared/fixtures not found'})`, () => {
	it('covers every recording in the folder', () => {
		const covered = files.filter((name) => /^(builtwith|similarweb|sec|yahoo|jobs)-/.test(name));
		expect(covered.length).toBe(files.filter((name) => name !== 'README.md').length);
	});

	describe('BuiltWith Domain API', () => {
		it.each(files.filter((name) => name.startsWith('builtwith-')))('%s: technologies aggregated across paths with detection dates', (name) => {
			const body = json(name) as {Results: {Result: {Paths: {Technologies: unknown[]}[]}}[]};
			const entries = body.Results[0]!.Result.Paths.reduce((sum, p) => sum + p.Technologies.length, 0);
			const intel = transformBuiltWithDomain(body, 'https://api.builtwith.com/v21/api.json?KEY=REDACTED');
			expect(intel.technologies.length).toBeGreaterThan(0);
			expect(intel.technologies.length).toBeLessThanOrEqual(entries);
			expect(new Set(intel.technologies.map((tech) => tech.technologyName.toLowerCase())).size).toBe(intel.technologies.length);
			for (const tech of intel.technologies) {
				expect(tech.firstDetected).toMatch(/^20\d\d-\d\d-\d\d$/);
				expect(tech.lastDetected! >= tech.firstDetected!).toBe(true);
			}
		});
		it('builtwith.com: 272 entries over 14 paths → 223 technologies, Meta, Spend, past Swiftype', () => {
			const intel = transformBuiltWithDomain(json('builtwith-domain-v15-builtwith.com.json'), 'u');
			expect(intel.technologies).toHaveLength(223);
			expect(intel.lastIndexed).toBe('2020-08-13');
			expect(intel.context).toMatchObject({companyName: 'BuiltWith', vertical: 'Technology And Computing', city: 'Sydney', country: 'AU', spend: 190});
			expect(intel.searchProvider.detected.map((entry) => [entry.provider, entry.current])).toEqual([['Swiftype', false]]);
			expect(intel.searchProvider.currentProvider).toBeNull();
			// Categories null on some technologies, lists on others.
			expect(intel.technologies.some((tech) => tech.rawData.categories.length === 0)).toBe(true);
			expect(intel.technologies.some((tech) => tech.rawData.categories.length > 0)).toBe(true);
		});
		it('facebook.com (v14): no Categories at all, odd IsDB, Spend 1700', () => {
			const intel = transformBuiltWithDomain(json('builtwith-domain-v14-facebook.com.json'), 'u');
			expect(intel.technologies).toHaveLength(20);
			expect(intel.technologies.every((tech) => tech.rawData.categories.length === 0 && tech.category === tech.tag)).toBe(true);
			expect(intel.context.spend).toBe(1700);
		});
		it('naya.ai: Spend 0 is no estimate, empty Meta is nulls', () => {
			const intel = transformBuiltWithDomain(json('builtwith-domain-v15-naya.ai.json'), 'u');
			expect(intel.technologies).toHaveLength(59);
			expect(intel.searchProvider.techSpendEstimate).toBeNull();
			expect(intel.context.companyName).toBeNull();
		});
		it('geeksforgeeks (v19 live lookup of a URL): 47 technologies with descriptions', () => {
			const intel = transformBuiltWithDomain(json('builtwith-domain-v19-geeksforgeeks-url-live.json'), 'u');
			expect(intel.technologies).toHaveLength(47);
			expect(intel.lastIndexed).toBe('2021-08-17');
			expect(intel.technologies.filter((tech) => tech.rawData.description).length).toBe(47);
		});
	});

	describe('SimilarWeb', () => {
		it('editus-business.lu visits: latest month, MoM, declining trend', () => {
			const summary = summariseVisits(json('similarweb-v1-total-traffic-visits-editus-business.lu.json'));
			expect(summary).toMatchObject({monthlyVisits: 3398, dataMonth: '2026-05', yoyChange: null, trendDirection: 'declining'});
			expect(summary.momChange).toBeCloseTo(3398.447659254235 / 3682.144585240315 - 1, 4);
		});
		it('global rank uses YYYY-MM dates', () => {
			expect(latestGlobalRank(json('similarweb-v1-global-rank-editus-business.lu.json'))).toBe(5951928);
		});
		it('razorpay (one point, 2022 shape) and cnn (docs example)', () => {
			expect(summariseVisits(json('similarweb-v1-total-traffic-visits-razorpay.com-in-2022-06.json'))).toMatchObject({monthlyVisits: 16731909, momChange: null, trendDirection: 'unknown'});
			expect(summariseVisits(json('similarweb-v1-total-traffic-visits-cnn.com-2016-docs-example.json'))).toMatchObject({monthlyVisits: 490074660, dataMonth: '2016-03', trendDirection: 'growing'});
		});
		it('the 404 body is error_code 401 "Data not found"', () => {
			expect(similarWebError(json('similarweb-error-404-data-not-found.json'))).toEqual({code: 401, message: 'Data not found'});
		});
	});

	describe('SEC EDGAR', () => {
		it('company_tickers: 100 entries; names match exactly, ignoring legal suffixes', () => {
			const entries = readCompanyTickers(json('sec-company_tickers-excerpt-2024-05.json'));
			expect(entries).toHaveLength(100);
			expect(matchTickerByName(entries, 'Apple')).toMatchObject({ticker: 'AAPL', cik: 320193});
			expect(matchTickerByName(entries, 'Microsoft Corporation')).toMatchObject({ticker: 'MSFT', cik: 789019});
			expect(matchTickerByName(entries, 'Alphabet Inc.')?.ticker).toBe('GOOGL');
			expect(findTicker(entries, 'googl')?.cik).toBe(1652044); // GOOG is past the excerpt's 100 entries
		});
		it('AAPL revenue: the fallback chain per period, start/end not fy/fp, deduplicated', () => {
			const history = revenueHistory(json('sec-companyfacts-CIK0000320193-AAPL-excerpt.json'));
			expect(history.latestRevenue).toBe(416161000000);
			expect(history.revenue3yr.map((year) => [year.period_end, year.revenue])).toEqual([['2023-09-30', 383285000000], ['2024-09-28', 391035000000], ['2025-09-27', 416161000000]]);
			expect(history.netIncome3yr.at(-1)).toMatchObject({period_end: '2025-09-27', net_income: 112010000000});
			const series = annualSeries(json('sec-companyfacts-CIK0000320193-AAPL-excerpt.json'), REVENUE_CONCEPTS);
			// 2016 comes from `Revenues` (filed with FY2018, fy=2018: the filing, not the period).
			expect(series.find((value) => value.periodEnd === '2016-09-24')).toMatchObject({value: 215639000000, concept: 'us-gaap:Revenues'});
			expect(series.some((value) => value.concept === 'us-gaap:SalesRevenueNet')).toBe(true);
			expect(new Set(series.map((value) => value.periodEnd)).size).toBe(series.length);
		});
		it('MRVL has no Revenues tag: RevenueFromContract… is used', () => {
			const history = revenueHistory(json('sec-companyfacts-CIK0001835632-MRVL-excerpt.json'));
			expect(history.latestRevenue).toBe(8194600000);
			expect(history.revenue3yr.at(-1)).toMatchObject({period_end: '2026-01-31', concept: 'us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax'});
			expect(history.revenue3yr.at(-1)!.yoy_change).toBeCloseTo(0.4209, 4);
		});
		it('LPA (IFRS filer, string cik): ifrs-full Revenue', () => {
			const history = revenueHistory(json('sec-companyfacts-CIK0001997711-LPA-ifrs.json'));
			expect(history).toMatchObject({latestRevenue: 43862372, currency: 'USD'});
			expect(history.revenue3yr.at(-1)!.concept).toBe('ifrs-full:Revenue');
		});
		it('submissions: column arrays, padded and unpadded cik, overflow pages, no filings', () => {
			const apple = readSubmissions(json('sec-submissions-CIK0000320193-AAPL.json'));
			expect(apple).toMatchObject({cik: 320193, name: 'Apple Inc.', fiscalYearEnd: '0926'});
			expect(apple.filings).toHaveLength(1005);
			expect(apple.overflowPages).toEqual(['CIK0000320193-submissions-001.json']);
			const events = filingTriggerEvents(apple.filings, {since: '2025-07-01'});
			expect(events.slice(0, 2).map((event) => [event.type, event.date])).toEqual([['executive_change', '2026-01-02'], ['executive_change', '2025-12-05']]);
			expect(events[0]!.source_url).toMatch(/^https:\/\/www\.sec\.gov\/Archives\/edgar\/data\/320193\/\d{18}\/ef20060722_8k\.htm$/);
			const tesla2022 = readSubmissions(json('sec-submissions-CIK0001318605-TSLA-2022-excerpt.json'));
			expect(tesla2022).toMatchObject({cik: 1318605, name: 'Tesla, Inc.'});
			expect(tesla2022.filings).toHaveLength(150);
			const page = readSubmissions(json('sec-submissions-CIK0001318605-submissions-001-TSLA-page.json'), 'https://www.sec.gov', 1318605);
			expect(page.filings).toHaveLength(720);
			expect(page.filings[0]!.url).toContain('/data/1318605/');
			expect(readSubmissions(json('sec-submissions-CIK0000350001-no-filings.json')).filings).toHaveLength(0);
			expect(readSubmissions(json('sec-submissions-CIK0001835632-MRVL.json')).name).toBe('Marvell Technology, Inc.');
		});
	});

	describe('Yahoo Finance', () => {
		it('AAPL: {raw, fmt} income statements, margins → GREEN', () => {
			const intel = transformQuoteSummary(json('yahoo-quoteSummary-AAPL-5modules.json'));
			expect(intel).toMatchObject({symbol: 'AAPL', currentPrice: 245.55, marketCap: 3688676720640, ebitdaMargin: 0.3471, marginZone: 'GREEN'});
			expect(intel.incomeStatements.at(-1)).toEqual({endDate: '2024-09-30', totalRevenue: 391035000000, netIncome: 93736000000});
			expect(intel.officers).toHaveLength(10);
		});
		it('GOOG financialData margins; GOOG price', () => {
			const financial = transformQuoteSummary(json('yahoo-quoteSummary-financialData-GOOG.json'));
			expect(financial).toMatchObject({ebitdaMargin: 0.37, operatingMargin: 0.3397, marginZone: 'GREEN', totalRevenue: 350018011136, analystConsensus: 'buy'});
			expect(transformQuoteSummary(json('yahoo-quoteSummary-price-GOOG.json'))).toMatchObject({symbol: 'GOOG', currentPrice: 181.58, marketCap: 2200604246016});
		});
		it('SPOT: statements in EUR, price in USD, margin RED', () => {
			expect(transformQuoteSummary(json('yahoo-quoteSummary-SPOT-5modules.json'))).toMatchObject({financialCurrency: 'EUR', currency: 'USD', marginZone: 'RED'});
		});
		it('AMZN 2021: every income statement line filled', () => {
			const intel = transformQuoteSummary(json('yahoo-quoteSummary-incomeStatementHistory-AMZN-2021.json'));
			expect(intel.incomeStatements.map((statement) => statement.totalRevenue)).toEqual([177866000000, 232887000000, 280522000000, 386064000000]);
		});
		it('ADH error body', () => {
			expect(quoteSummaryError(json('yahoo-quoteSummary-error-404-ADH-assetProfile.json'))).toEqual({code: 'Not Found', description: 'No fundamentals data found for any of the summaryTypes=assetProfile'});
		});
		it('charts: splits and dividends; an empty weekend range without timestamps', () => {
			expect(transformChart(json('yahoo-chart-AAPL-2020-08-31-to-2020-11-07.json'))).toMatchObject({bars: 49, splits: [{date: '2020-08-31', ratio: '4:1'}], dividends: [{amount: 0.205}]});
			expect(transformChart(json('yahoo-chart-AAPL-1m-weekend-empty.json'))).toMatchObject({bars: 0, lastClose: null, regularMarketPrice: 244.87});
		});
	});

	describe('JSearch', () => {
		const body = have ? json('jobs-jsearch-search-python-us-2025-10.json') : {};
		it('matches the employer by website, never by name', () => {
			expect(hiringSignals(body, 'scribd.com').map((row) => row.roleTitle)).toEqual(['Backend Software Engineer (Python)']);
			expect(hiringSignals(body, 'deloitte.com')).toHaveLength(1);
			// KBR and PwC postings carry no employer website and apply through job boards: no match.
			expect(hiringSignals(body, 'kbr.com')).toHaveLength(0);
			expect(hiringSignals(body, 'pwc.com')).toHaveLength(0);
		});
		it('uses posting dates (null datetime → the timestamp) and tiers', () => {
			const [scribd] = hiringSignals(body, 'scribd.com');
			expect(scribd).toMatchObject({postedDate: '2025-10-20', signalTier: 3, category: 'engineering'});
			const summary = summariseHiring(hiringSignals(body, 'accenture.com'), body, 'accenture.com');
			expect(summary.totalOpenRoles).toBe(1);
			expect(hiringTier('GenAI Python Systems Engineer-Director')).toBe(1);
		});
	});

	describe('through the real clients, from a local server', () => {
		let db: TestDatabase;
		let server: LocalServer;
		const env = () => ({
			SEC_USER_AGENT: 'pf-corpus corpus@example.com',
			SIMILARWEB_API_KEY: 'k',
			PF_SEC_DATA_URL: server.url,
			PF_SEC_WWW_URL: server.url,
			PF_SIMILARWEB_URL: server.url,
			PF_YAHOO_URL: server.url,
			PF_RATE_LIMITS: 'off',
			PF_HTTP_RETRIES: '1',
			PF_HTTP_BACKOFF_MS: '5',
		});
		const body = (name: string, status = 200, type = 'application/json') => ({status, headers: {'content-type': type}, body: raw(name)});

		beforeAll(async () => {
			db = await createTestDatabase();
			resetYahooSessions();
			server = await startLocalServer({
				'/submissions/CIK0000000001.json': body('sec-submissions-error-404-unknown-cik.xml', 404, 'application/xml'),
				'/files/company_tickers.json': body('sec-company_tickers-excerpt-2024-05.json'),
				'/submissions/CIK0000320193.json': body('sec-submissions-CIK0000320193-AAPL.json'),
				'/api/xbrl/companyfacts/CIK0000320193.json': body('sec-companyfacts-CIK0000320193-AAPL-excerpt.json'),
				'/v1/website/nodata.example/total-traffic-and-engagement/visits': body('similarweb-error-404-data-not-found.json', 404),
				'/v1/website/editus-business.lu/total-traffic-and-engagement/visits': body('similarweb-v1-total-traffic-visits-editus-business.lu.json'),
				'/': {status: 404, headers: {'set-cookie': 'A3=d=corpus; Path=/'}, body: ''},
				'/v1/test/getcrumb': {status: 200, body: 'corpusCrumb'},
				'/v10/finance/quoteSummary/ADH': body('yahoo-quoteSummary-error-404-ADH-assetProfile.json', 404),
				'/v10/finance/quoteSummary/AAPL': body('yahoo-quoteSummary-AAPL-5modules.json'),
			});
		});
		afterAll(async () => {
			await server?.close();
			await db?.drop();
		});

		const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as SourceHttpError);

		it('SEC: the XML 404 of an unknown CIK is "no data"', async () => {
			const error = await failure(secClient(createSourceHttp({env: env(), sql: db.sql})).submissions(1));
			expect(error).toBeInstanceOf(SourceHttpError);
			expect(error).toMatchObject({kind: 'no_data', retryable: false, status: 404});
			expect(error!.message).toContain('NoSuchKey');
		});

		it('SimilarWeb: the real 404 body is "no data"; editus visits are read', async () => {
			const client = similarWebClient(createSourceHttp({env: env(), sql: db.sql}));
			const error = await failure(client.visits('nodata.example'));
			expect(error).toMatchObject({kind: 'no_data'});
			expect(error!.message).toMatch(/Data not found.*error_code 401/);
			expect(summariseVisits((await client.visits('editus-business.lu')).body).monthlyVisits).toBe(3398);
		});

		it('Yahoo: quoteSummary.error with 404 is "no data", after the cookie + crumb handshake', async () => {
			const error = await failure(yahooClient(createSourceHttp({env: env(), sql: db.sql})).quoteSummary('ADH', ['assetProfile']));
			expect(error).toMatchObject({kind: 'no_data'});
			expect(error!.message).toContain('No fundamentals data found');
			const quote = server.requests.find((request) => request.path === '/v10/finance/quoteSummary/ADH');
			expect(quote!.query).toContain('crumb=corpusCrumb');
			expect(String(quote!.headers.cookie)).toContain('A3=d=corpus');
		});

		it('the financials module fills AAPL from the real SEC and Yahoo recordings', async () => {
			const context: ModuleContext = {sql: db.sql, domain: 'apple.com', ticker: 'AAPL', env: env(), signal: new AbortController().signal, usage: {apiCalls: 0, costEstimate: 0}};
			const outcome = await fetchModules.financials.run(context);
			expect(outcome.status, outcome.note).toBe('completed');
			const [profile] = await db.sql`select latest_revenue::text as revenue, margin_zone, ebitda_margin::float8 as ebitda, fiscal_year_end, stock_market_cap::text as cap, data_source from intel_financial_profile where domain = 'apple.com'`;
			expect(profile).toMatchObject({revenue: '416161000000', margin_zone: 'GREEN', ebitda: 0.3471, fiscal_year_end: '0926', cap: '3688676720640', data_source: 'sec_edgar+yahoo_finance'});
		});
	});
});
