import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../../helpers/run-pf.js';
import {transformBuiltWithDomain} from '../../../source/enrichment/transforms/builtwith.js';
import {readTechnologyChanges, triggerEventsFromChanges} from '../../../source/enrichment/transforms/builtwith-change.js';
import {geographyShares, latestGlobalRank, latestMetric, similarSites, similarWebError, summariseVisits, trafficSourceShares} from '../../../source/enrichment/transforms/similarweb.js';
import {annualSeries, comparableCompanyName, exhibitDocuments, filingTriggerEvents, findTicker, matchTickerByName, notableFilings, readCompanyTickers, readSubmissions, revenueHistory, REVENUE_CONCEPTS} from '../../../source/enrichment/transforms/sec.js';
import {marginZone, quoteSummaryError, transformChart, transformQuoteSummary} from '../../../source/enrichment/transforms/yahoo.js';
import {hiringCategory, hiringSignals, hiringTier, summariseHiring} from '../../../source/enrichment/transforms/jsearch.js';
import {newsSignals, readNewsResults} from '../../../source/enrichment/transforms/websearch.js';
import {extractExecutiveQuotes, plainText} from '../../../source/enrichment/transforms/quotes.js';
import {fitDecimal, numberValue} from '../../../source/enrichment/transforms/values.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'enrichment');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const json = (name: string) => JSON.parse(read(name)) as unknown;
const url = 'https://api.builtwith.com/v21/api.json?KEY=REDACTED&LOOKUP=northwind-outfitters.com';

describe('values', () => {
	it('reads plain numbers, numeric strings and Yahoo {raw, fmt}; {} is null', () => {
		expect(numberValue(5)).toBe(5);
		expect(numberValue('1,204')).toBe(1204);
		expect(numberValue({raw: 13904211577, fmt: '13.9B'})).toBe(13904211577);
		expect(numberValue({})).toBeNull();
		expect(numberValue(null)).toBeNull();
	});
	it('clamps values that overflow a DECIMAL column, with a note', () => {
		expect(fitDecimal(0.12345, 5, 4)).toEqual({value: 0.1235});
		const over = fitDecimal(14.2, 5, 4);
		expect(over.value).toBe(9.9999);
		expect(over.note).toMatch(/DECIMAL\(5,4\)/);
		expect(fitDecimal(-20, 5, 4).value).toBe(-9.9999);
	});
});

describe('BuiltWith Domain API', () => {
	const intel = transformBuiltWithDomain(json('builtwith-domain-northwind.json'), url);
	it('aggregates technologies across all paths, one row per name', () => {
		const names = intel.technologies.map((tech) => tech.technologyName);
		expect(names).toEqual(['Adobe Experience Manager', 'Algolia', 'Coveo', 'Elasticsearch', 'Google Analytics', 'jQuery', 'Salesforce Commerce Cloud']);
		const jquery = intel.technologies.find((tech) => tech.technologyName === 'jQuery')!;
		expect(jquery.firstDetected).toBe('2018-01-01'); // min over the two paths (ms epoch)
		expect(jquery.lastDetected).toBe('2025-11-03');
		expect(jquery.rawData.paths).toEqual(['northwind-outfitters.com', 'shop.northwind-outfitters.com']);
	});
	it('handles Categories as a list, null or absent', () => {
		const byName = Object.fromEntries(intel.technologies.map((tech) => [tech.technologyName, tech]));
		expect(byName['Google Analytics']!.category).toBe('Application Performance');
		expect(byName['Google Analytics']!.rawData.categories).toEqual(['Application Performance', 'Audience Measurement']);
		expect(byName['Coveo']!.category).toBe('widgets'); // null categories → the tag
		expect(byName['Elasticsearch']!.rawData.categories).toEqual([]); // absent
	});
	it('flags partner technology with its tier and competitor search with its name', () => {
		const byName = Object.fromEntries(intel.technologies.map((tech) => [tech.technologyName, tech]));
		expect(byName['Adobe Experience Manager']).toMatchObject({isPartnerTech: true, partnerTier: 'premier', isCompetitorSearch: false});
		expect(byName['Salesforce Commerce Cloud']).toMatchObject({isPartnerTech: true, partnerTier: 'premier'});
		expect(byName['Coveo']).toMatchObject({isCompetitorSearch: true, competitorName: 'Coveo', isPartnerTech: false});
		expect(byName['Algolia']).toMatchObject({isCompetitorSearch: false, competitorName: null});
		expect(byName['Algolia']!.confidence).toBe(0.5); // last seen 2020: not current
		expect(byName['Coveo']!.sourceUrl).toBe(url);
	});
	it('summarises the current search provider (past Algolia does not count) and spend', () => {
		expect(intel.searchProvider.currentProvider).toBe('Coveo');
		expect(intel.searchProvider.providerType).toBe('third_party');
		expect(intel.searchProvider.isAlgolia).toBe(false);
		expect(intel.searchProvider.detected.map((entry) => [entry.provider, entry.current])).toEqual([['Coveo', true], ['Algolia', false], ['Elasticsearch', false]]);
		expect(intel.searchProvider.techSpendEstimate).toBe(4250);
	});
	it('reads Meta into company context', () => {
		expect(intel.context).toMatchObject({companyName: 'Northwind Outfitters', vertical: 'Shopping', city: 'Seattle', state: 'WA', country: 'US', employees: 5200, spend: 4250});
		expect(intel.context.socials).toHaveLength(2);
	});
	it('reads an empty answer as empty', () => {
		const empty = transformBuiltWithDomain({Results: [], Errors: [{Message: 'Lookup not found'}]}, url);
		expect(empty.empty).toBe(true);
		expect(empty.errors).toEqual(['Lookup not found']);
		expect(empty.technologies).toEqual([]);
	});
});

describe('BuiltWith Change API', () => {
	const changes = readTechnologyChanges(json('builtwith-change-northwind.json'));
	const events = triggerEventsFromChanges(changes, 'https://api.builtwith.com/change1/api.json?KEY=REDACTED&LOOKUP=northwind-outfitters.com');
	it('reads added/removed with dates', () => {
		expect(changes).toHaveLength(5);
		expect(changes[0]).toEqual({change: 'removed', technology: 'Elasticsearch', category: 'Site Search', date: '2026-10-20'});
	});
	it('derives search vendor removed, competitor search added and platform migration, each sourced and dated', () => {
		const byType = Object.fromEntries(events.map((event) => [event.type, event]));
		expect(byType.search_vendor_removed).toMatchObject({date: '2026-10-20', source: 'builtwith'});
		expect(byType.competitor_search_added).toMatchObject({date: '2026-10-02', evidence: {provider: 'Constructor'}});
		expect(byType.platform_migration).toMatchObject({title: 'Moved from Magento to Salesforce Commerce Cloud', date: '2026-09-14'});
		expect(events.every((event) => event.source_url.includes('change1'))).toBe(true);
		expect(events.find((event) => event.title.includes('Hotjar'))).toBeUndefined();
	});
});

describe('SimilarWeb', () => {
	it('computes monthly visits, MoM, YoY and trend from the visits series', () => {
		const summary = summariseVisits(json('similarweb-visits-northwind.json'));
		expect(summary.monthlyVisits).toBe(4402772);
		expect(summary.dataMonth).toBe('2026-10');
		expect(summary.momChange).toBeCloseTo(4402771.66 / 4150902.12 - 1, 4);
		expect(summary.yoyChange).toBeCloseTo(4402771.66 / 3810442.51 - 1, 4);
		expect(summary.trendDirection).toBe('growing');
		expect(summary.series).toHaveLength(13);
	});
	it('clamps a MoM that overflows DECIMAL(5,4) and says so', () => {
		const summary = summariseVisits({visits: [{date: '2026-09-01', visits: 1000}, {date: '2026-10-01', visits: 250000}]});
		expect(summary.momChange).toBe(9.9999);
		expect(summary.notes[0]).toMatch(/mom_change/);
		expect(summary.trendDirection).toBe('growing');
	});
	it('reads engagement, traffic sources, geography and rank; rank 0 is unranked', () => {
		expect(latestMetric(json('similarweb-bounce-rate-northwind.json'), 'bounce_rate')).toBe(0.5102);
		expect(latestMetric(json('similarweb-average-visit-duration-northwind.json'), 'average_visit_duration')).toBe(312.64);
		expect(trafficSourceShares(json('similarweb-traffic-sources-northwind.json'), 'northwind-outfitters.com')).toMatchObject({search: 0.43, direct: 0.31});
		expect(geographyShares(json('similarweb-geo-northwind.json'))![0]).toEqual({country: 'US', countryName: 'United States', share: 0.7712, visits: 3395418});
		expect(latestGlobalRank(json('similarweb-global-rank-northwind.json'))).toBe(17320);
		expect(latestGlobalRank(json('similarweb-global-rank-unranked.json'))).toBeNull();
	});
	it('normalises similar sites, drops the company itself, best first', () => {
		expect(similarSites(json('similarweb-similarsites-northwind.json'), 'northwind-outfitters.com')).toEqual([
			{domain: 'summit-gear.com', similarityScore: 0.912},
			{domain: 'trailhead-supply.co.uk', similarityScore: 0.877},
			{domain: 'basecamp-goods.com', similarityScore: 0.731},
		]);
	});
	it('recognises the error envelope (error_code 401 = no data)', () => {
		expect(similarWebError(json('similarweb-error-404.json'))).toEqual({code: 401, message: 'Data not found'});
		expect(similarWebError(json('similarweb-visits-northwind.json'))).toBeUndefined();
	});
});

describe('SEC EDGAR', () => {
	const tickers = readCompanyTickers(json('sec-company-tickers.json'));
	it('reads company_tickers and matches names exactly, ignoring legal suffixes', () => {
		expect(tickers).toHaveLength(7);
		expect(comparableCompanyName('Northwind Outfitters, Inc.')).toBe('northwind outfitters');
		expect(matchTickerByName(tickers, 'Northwind Outfitters')).toMatchObject({ticker: 'NWDO', cik: 1234567});
		expect(matchTickerByName(tickers, 'Northwind')).toBeUndefined();
		expect(matchTickerByName(tickers, 'Alphabet')?.ticker).toBe('GOOGL'); // SEC lists the primary class first
		expect(findTicker(tickers, 'brk.b')?.cik).toBe(1067983);
	});
	it('builds annual revenue per period through the fallback chain, deduplicated, by start/end', () => {
		const series = annualSeries(json('sec-xbrl-facts-northwind.json'), REVENUE_CONCEPTS);
		expect(series.map((value) => [value.periodEnd, value.value, value.concept])).toEqual([
			['2022-01-30', 9870112000, 'us-gaap:SalesRevenueNet'],
			['2023-01-29', 10402337000, 'us-gaap:Revenues'],
			['2024-01-28', 11210554000, 'us-gaap:Revenues'],
			['2025-02-02', 12644907000, 'us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax'],
			['2026-02-01', 13904211577, 'us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax'],
		]);
	});
	it('keeps every digit of revenue and computes YoY and the trend', () => {
		const history = revenueHistory(json('sec-xbrl-facts-northwind.json'));
		expect(history.latestRevenue).toBe(13904211577);
		expect(history.revenue3yr.map((year) => year.fiscal_year)).toEqual([2024, 2025, 2026]);
		expect(history.revenue3yr[2]!.yoy_change).toBeCloseTo(13904211577 / 12644907000 - 1, 4);
		expect(history.revenueTrend).toBe('growing');
		expect(history.netIncome3yr.at(-1)).toMatchObject({net_income: -120554000, period_end: '2026-02-01'});
	});
	it('reads column-array submissions into filings with www.sec.gov URLs', () => {
		const submissions = readSubmissions(json('sec-submissions-northwind.json'), 'https://www.sec.gov');
		expect(submissions).toMatchObject({cik: 1234567, name: 'Northwind Outfitters, Inc.', fiscalYearEnd: '0131', exchanges: ['NYSE']});
		expect(submissions.filings[0]).toMatchObject({form: '8-K', items: ['5.02'], url: 'https://www.sec.gov/Archives/edgar/data/1234567/000123456726000101/nwdo-20261030.htm'});
		expect(notableFilings(submissions.filings).map((filing) => filing.form)).toEqual(['8-K', '10-Q', '8-K', '8-K', '10-K', '8-K']);
	});
	it('turns 8-K items 5.02 and 2.01 into dated trigger events, within a window', () => {
		const {filings} = readSubmissions(json('sec-submissions-northwind.json'));
		const events = filingTriggerEvents(filings, {since: '2025-05-01', companyName: 'Northwind Outfitters, Inc.'});
		expect(events.map((event) => [event.type, event.date])).toEqual([['executive_change', '2026-11-02'], ['acquisition', '2026-07-15']]);
		expect(events[0]!.source_url).toMatch(/nwdo-20261030\.htm$/);
	});
	it('finds EX-99 exhibits in a filing index', () => {
		expect(exhibitDocuments(json('sec-folder-index-northwind-8k.json'), 'https://www.sec.gov/Archives/edgar/data/1234567/000123456726000090')).toEqual(['https://www.sec.gov/Archives/edgar/data/1234567/000123456726000090/nwdo-ex991_q3fy2026.htm']);
	});
});

describe('executive quotes from exhibits', () => {
	const quotes = extractExecutiveQuotes(read('sec-exhibit-northwind-ex991.htm'), {url: 'https://www.sec.gov/x/ex991.htm', date: '2026-10-27', context: '8-K EX-99.1, 2026-10-27'});
	it('keeps only quotes attributed to a named, titled person', () => {
		expect(quotes.map((quote) => [quote.speakerName, quote.speakerTitle])).toEqual([
			['Maria Alvarez', 'Chief Executive Officer'],
			['Daniel Okafor', 'Chief Financial Officer'],
			['Priya Raman', 'Chief Operating Officer'],
		]);
		expect(quotes.some((quote) => /forward-looking/.test(quote.quote))).toBe(false);
	});
	it('ranks search quotes over digital ones and keeps the source', () => {
		expect(quotes[0]).toMatchObject({topic: 'search', priority: 'HIGH', sourceUrl: 'https://www.sec.gov/x/ex991.htm', sourceDate: '2026-10-27'});
		expect(quotes[1]).toMatchObject({topic: 'digital', priority: 'MEDIUM'});
		expect(quotes[2]!.priority).toBe('LOW');
	});
	it('decodes entities', () => {
		expect(plainText('<p>A&#160;&amp;&#8220;B&#8221;</p>')).toBe('A &"B"');
	});
});

describe('Yahoo Finance', () => {
	it('reads plain and {raw, fmt} values, margins and the margin zone', () => {
		const intel = transformQuoteSummary(json('yahoo-quotesummary-nwdo.json'));
		expect(intel).toMatchObject({symbol: 'NWDO', currentPrice: 84.37, marketCap: 17886790000, fiftyTwoWeekHigh: 97.55, fiftyTwoWeekLow: 61.02, ebitdaMargin: 0.1181, operatingMargin: 0.0722, marginZone: 'YELLOW', analystConsensus: 'buy'});
		expect(intel.incomeStatements.at(-1)).toEqual({endDate: '2026-02-01', totalRevenue: 13904211577, netIncome: -120554000});
		expect(intel.officers[0]).toEqual({name: 'Ms. Maria Alvarez', title: 'CEO & Director', age: 52, totalPay: 3120000});
	});
	it('applies the margin-zone bands (RED ≤ 10%, YELLOW ≤ 20%, GREEN > 20%)', () => {
		expect([marginZone(0.05), marginZone(0.1), marginZone(0.1001), marginZone(0.2), marginZone(0.2001), marginZone(null)]).toEqual(['RED', 'RED', 'YELLOW', 'YELLOW', 'GREEN', null]);
	});
	it('recognises quoteSummary.error', () => {
		expect(quoteSummaryError(json('yahoo-quotesummary-error-404.json'))).toEqual({code: 'Not Found', description: 'Quote not found for symbol: ZZZZ'});
		expect(quoteSummaryError(json('yahoo-quotesummary-nwdo.json'))).toBeUndefined();
	});
	it('reads a chart with null bars and events', () => {
		const chart = transformChart(json('yahoo-chart-nwdo.json'));
		expect(chart).toMatchObject({symbol: 'NWDO', bars: 4, firstClose: 83.2, lastClose: 84.37, high: 86, low: 81.7});
		expect(chart.dividends).toEqual([{date: '2025-11-04', amount: 0.255}]);
		expect(transformChart({chart: {result: [{meta: {symbol: 'X'}, indicators: {quote: [{}]}}], error: null}}).bars).toBe(0);
	});
});

describe('JSearch', () => {
	it('tiers titles on word boundaries', () => {
		expect(hiringTier('Director, Search & Product Discovery')).toBe(1);
		expect(hiringTier('VP Digital')).toBe(1);
		expect(hiringTier('Chief Digital Officer')).toBe(1);
		expect(hiringTier('CTO')).toBe(1);
		expect(hiringTier('Principal Engineer')).toBe(1);
		expect(hiringTier('Head of E-commerce')).toBe(1);
		expect(hiringTier('Merchandising Manager')).toBe(2);
		expect(hiringTier('Product Owner, Checkout')).toBe(2);
		expect(hiringTier('Solutions Architect')).toBe(2);
		expect(hiringTier('Tech Lead')).toBe(2);
		expect(hiringTier('Leader of nothing')).toBe(3); // "Lead" only as a word
		expect(hiringTier('Headless CMS Developer')).toBe(3); // not "Head"
		expect(hiringTier('Store Associate')).toBe(3);
	});
	it('categorises titles', () => {
		expect(hiringCategory('Director, Search & Product Discovery')).toBe('search');
		expect(hiringCategory('Senior Software Engineer, E-commerce Platform')).toBe('ecommerce');
		expect(hiringCategory('Machine Learning Engineer - Recommendations')).toBe('ai_ml');
		expect(hiringCategory('Merchandising Manager')).toBe('merchandising');
		expect(hiringCategory('Store Associate')).toBe('other');
	});
	it('keeps postings whose employer website or apply link is the domain, never by name', () => {
		const rows = hiringSignals(json('jsearch-northwind.json'), 'northwind-outfitters.com');
		expect(rows.map((row) => row.roleTitle)).toEqual(['Director, Search & Product Discovery', 'Machine Learning Engineer - Recommendations', 'Store Associate', 'Merchandising Manager', 'Senior Software Engineer, E-commerce Platform']);
		expect(rows[0]).toMatchObject({signalTier: 1, signalStrength: 'strong', category: 'search', salaryMin: 185000, postedDate: '2026-11-11', location: 'Seattle, Washington, US', sourceUrl: 'https://careers.northwind-outfitters.com/jobs/1001'});
		expect(rows[4]!.postedDate).toBe('2025-11-08'); // datetime null → the timestamp (epoch s)
	});
	it('summarises tiers, categories, leadership vacancies and a confirmed platform', () => {
		const body = json('jsearch-northwind.json');
		const summary = summariseHiring(hiringSignals(body, 'northwind-outfitters.com'), body, 'northwind-outfitters.com');
		expect(summary).toMatchObject({totalOpenRoles: 5, tier1Count: 1, tier2Count: 1, tier3Count: 3, searchRoles: 1, ecommerceRoles: 1, aiMlRoles: 1, merchandisingRoles: 1, platformConfirmed: 'Salesforce Commerce Cloud', aiInvestmentSignal: false});
		expect(summary.leadershipVacancies).toHaveLength(1);
	});
});

describe('news search', () => {
	it('classifies news that names the company into triggers, initiatives and cautions', () => {
		const signals = newsSignals(readNewsResults(json('websearch-news-northwind.json')), {name: 'Northwind Outfitters', domain: 'northwind-outfitters.com'});
		expect(signals.triggerEvents.map((event) => [event.type, event.date])).toEqual([['executive_hire', '2026-10-21']]);
		expect(signals.cautions.map((event) => event.type)).toEqual(['layoffs']);
		expect(signals.initiatives.map((event) => event.source_url)).toEqual(['https://retail.example.net/northwind-digital']);
	});
});
