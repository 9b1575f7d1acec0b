/**
 * financials: SEC companyfacts (revenue and net income by period, fallback chain) and
 * Yahoo Finance quoteSummary (price, market cap, 52-week range, EBITDA/operating
 * margins → margin zone, analyst consensus; revenue fallback for non-SEC filers; chart
 * when the quote lacks a price) → intel_financial_profile. A company without a ticker
 * is skipped (not public, or not resolvable).
 */
import {upsertFinancialProfile} from '../../db/intel-writes.js';
import {secClient} from '../sources/sec.js';
import {yahooClient} from '../sources/yahoo.js';
import {revenueHistory, readSubmissions} from '../transforms/sec.js';
import {transformChart, transformQuoteSummary} from '../transforms/yahoo.js';
import {fitDecimal} from '../transforms/values.js';
import {defineModule, joinNotes, ModuleSkip, resolvePublicCompany, unlessNoData} from './shared.js';

export const financialsModule = defineModule('financials', ['sec_edgar', 'yahoo_finance'], async (context, http) => {
	const sec = secClient(http);
	const yahoo = yahooClient(http);
	const notes: string[] = [];
	if (sec.unavailable) notes.push(sec.unavailable);
	const company = await resolvePublicCompany(context, sec.unavailable ? undefined : sec);
	if (!company.ticker) throw new ModuleSkip('not a public company: no ticker (none given, none stored, no exact name match in SEC company_tickers.json)');

	const [facts, submissions, quote] = await Promise.all([
		company.cik ? unlessNoData(sec.companyFacts(company.cik), notes) : undefined,
		company.cik ? unlessNoData(sec.submissions(company.cik), notes) : undefined,
		unlessNoData(yahoo.quoteSummary(company.ticker), notes),
	]);
	if (!facts && !quote) throw new ModuleSkip(`no data: neither SEC nor Yahoo Finance has financials for ${company.ticker}${notes.length ? ` (${notes.join('; ')})` : ''}`);

	const history = facts ? revenueHistory(facts.body) : undefined;
	const market = quote ? transformQuoteSummary(quote.body) : undefined;
	notes.push(...(market?.notes ?? []));
	let price = market?.currentPrice ?? null;
	let high = market?.fiftyTwoWeekHigh ?? null;
	let low = market?.fiftyTwoWeekLow ?? null;
	const sourceUrls: {label: string; url: string; retrieved_at: string}[] = [];
	if (facts) sourceUrls.push({label: 'SEC EDGAR XBRL company facts', url: facts.url, retrieved_at: facts.retrievedAt.toISOString()});
	if (quote) sourceUrls.push({label: 'Yahoo Finance quote summary', url: quote.url, retrieved_at: quote.retrievedAt.toISOString()});
	if (quote && (price === null || high === null)) {
		const chart = await unlessNoData(yahoo.chart(company.ticker, {range: '1y', interval: '1d'}), notes);
		if (chart) {
			const summary = transformChart(chart.body);
			price ??= summary.regularMarketPrice ?? summary.lastClose;
			high ??= summary.high;
			low ??= summary.low;
			sourceUrls.push({label: 'Yahoo Finance chart (1y daily)', url: chart.url, retrieved_at: chart.retrievedAt.toISOString()});
		}
	}

	// Revenue: SEC first (audited, every digit); Yahoo's income statements when SEC has none.
	let latestRevenue = history?.latestRevenue ?? null;
	let revenue3yr: unknown = history?.revenue3yr.length ? history.revenue3yr : null;
	let revenueTrend = history?.revenueTrend ?? null;
	if (latestRevenue === null && market) {
		const statements = market.incomeStatements.filter((statement) => statement.totalRevenue !== null && statement.totalRevenue > 0);
		if (statements.length) {
			latestRevenue = statements.at(-1)!.totalRevenue;
			revenue3yr = statements.slice(-3).map((statement, index, list) => ({fiscal_year: Number(statement.endDate?.slice(0, 4)), period_end: statement.endDate, revenue: statement.totalRevenue, yoy_change: index > 0 && list[index - 1]!.totalRevenue ? Number((statement.totalRevenue! / list[index - 1]!.totalRevenue! - 1).toFixed(4)) : null, concept: 'yahoo:incomeStatementHistory.totalRevenue'}));
			const yoy = (revenue3yr as {yoy_change: number | null}[]).at(-1)?.yoy_change ?? null;
			revenueTrend = yoy === null ? null : yoy > 0.03 ? 'growing' : yoy < -0.03 ? 'declining' : 'stable';
			notes.push('revenue from Yahoo Finance income statements (no SEC revenue facts)');
		} else if (market.totalRevenue) {
			latestRevenue = market.totalRevenue;
			notes.push('revenue is Yahoo Finance trailing twelve months (no SEC revenue facts)');
		}
	}
	if (market?.financialCurrency && market.currency && market.financialCurrency !== market.currency) notes.push(`statements in ${market.financialCurrency}, price in ${market.currency}`);
	const fiscalYearEnd = submissions ? readSubmissions(submissions.body).fiscalYearEnd : null;
	const dataSource = [facts ? 'sec_edgar' : null, quote ? 'yahoo_finance' : null].filter(Boolean).join('+');
	const retrievedAt = new Date(Math.min(...[facts?.retrievedAt, quote?.retrievedAt].filter((date): date is Date => date !== undefined).map((date) => date.getTime())));

	// DECIMAL(10,2) columns: a price that does not fit is clamped, with a note.
	const money = (value: number | null, label: string) => {
		const fitted = fitDecimal(value, 10, 2);
		if (fitted.note) notes.push(`${label} ${fitted.note}`);
		return fitted.value;
	};
	price = money(price, 'stock_current_price');
	high = money(high, 'stock_52_week_high');
	low = money(low, 'stock_52_week_low');
	await upsertFinancialProfile(context.sql, context.domain, {
		ticker: company.ticker,
		fiscalYearEnd,
		latestRevenue,
		revenueTrend,
		revenue3yr,
		netIncome3yr: history?.netIncome3yr.length ? history.netIncome3yr : null,
		ebitdaMargin: market?.ebitdaMargin ?? null,
		operatingMargin: market?.operatingMargin ?? null,
		marginZone: market?.marginZone ?? null,
		stockCurrentPrice: price,
		stockMarketCap: market?.marketCap ?? null,
		stock52WeekHigh: high,
		stock52WeekLow: low,
		analystConsensus: market?.analystConsensus ?? null,
		sourceUrls,
		dataSource,
		retrievedAt,
	});
	return {status: 'completed', rowsWritten: 1, note: joinNotes(notes)};
});
