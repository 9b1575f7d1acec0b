/**
 * Yahoo Finance quoteSummary and chart → stock and margin fields of
 * intel_financial_profile, officers, and a revenue fallback. Pure. Values may be plain
 * numbers or {raw, fmt} objects (incomeStatementHistory always is); {} means missing.
 */
import {dateFromEpochSeconds, fitDecimal, integerValue, numberValue, textValue} from './values.js';

export type MarginZone = 'RED' | 'YELLOW' | 'GREEN';

/** domain.md: EBITDA margin RED ≤ 10%, YELLOW ≤ 20%, GREEN > 20%. */
export function marginZone(ebitdaMargin: number | null): MarginZone | null {
	if (ebitdaMargin === null || !Number.isFinite(ebitdaMargin)) return null;
	if (ebitdaMargin <= 0.1) return 'RED';
	if (ebitdaMargin <= 0.2) return 'YELLOW';
	return 'GREEN';
}

/** quoteSummary.error (with HTTP 404, or a 200 whose result is null). */
export function quoteSummaryError(body: unknown): {code: string; description: string} | undefined {
	const envelope = (body as {quoteSummary?: {result?: unknown; error?: {code?: unknown; description?: unknown} | null}} | null)?.quoteSummary;
	if (!envelope) return undefined;
	if (envelope.error) return {code: textValue(envelope.error.code) ?? 'error', description: textValue(envelope.error.description) ?? ''};
	if (!Array.isArray(envelope.result) || envelope.result.length === 0) return {code: 'Not Found', description: 'quoteSummary.result is empty'};
	return undefined;
}

export type Officer = {name: string; title: string | null; age: number | null; totalPay: number | null};

export type QuoteSummaryIntel = {
	symbol: string | null;
	companyName: string | null;
	currency: string | null;
	financialCurrency: string | null;
	exchange: string | null;
	currentPrice: number | null;
	marketCap: number | null;
	fiftyTwoWeekHigh: number | null;
	fiftyTwoWeekLow: number | null;
	ebitdaMargin: number | null;
	operatingMargin: number | null;
	marginZone: MarginZone | null;
	totalRevenue: number | null;
	revenueGrowth: number | null;
	analystConsensus: string | null;
	incomeStatements: {endDate: string | null; totalRevenue: number | null; netIncome: number | null}[];
	profile: {sector: string | null; industry: string | null; website: string | null; employees: number | null; city: string | null; state: string | null; country: string | null; summary: string | null};
	officers: Officer[];
	notes: string[];
};

/** quoteSummary.result[0] (modules price, summaryDetail, financialData, incomeStatementHistory, assetProfile). */
export function transformQuoteSummary(body: unknown): QuoteSummaryIntel {
	const result = ((body as any)?.quoteSummary?.result?.[0] ?? {}) as Record<string, any>;
	const price = result.price ?? {};
	const summary = result.summaryDetail ?? {};
	const financial = result.financialData ?? {};
	const profile = result.assetProfile ?? {};
	const notes: string[] = [];
	const ebitda = fitDecimal(numberValue(financial.ebitdaMargins), 5, 4);
	const operating = fitDecimal(numberValue(financial.operatingMargins), 5, 4);
	if (ebitda.note) notes.push(`ebitda_margin ${ebitda.note}`);
	if (operating.note) notes.push(`operating_margin ${operating.note}`);
	const statements = Array.isArray(result.incomeStatementHistory?.incomeStatementHistory) ? result.incomeStatementHistory.incomeStatementHistory : [];
	const endDate = (value: unknown) => {
		const n = numberValue(value);
		if (n !== null) return dateFromEpochSeconds(n);
		return textValue(typeof value === 'object' && value ? (value as {fmt?: unknown}).fmt : value);
	};
	return {
		symbol: textValue(price.symbol),
		companyName: textValue(price.longName) ?? textValue(price.shortName),
		currency: textValue(price.currency) ?? textValue(summary.currency),
		financialCurrency: textValue(financial.financialCurrency),
		exchange: textValue(price.exchangeName) ?? textValue(price.exchange),
		currentPrice: numberValue(financial.currentPrice) ?? numberValue(price.regularMarketPrice),
		marketCap: integerValue(price.marketCap) ?? integerValue(summary.marketCap),
		fiftyTwoWeekHigh: numberValue(summary.fiftyTwoWeekHigh),
		fiftyTwoWeekLow: numberValue(summary.fiftyTwoWeekLow),
		ebitdaMargin: ebitda.value,
		operatingMargin: operating.value,
		marginZone: marginZone(numberValue(financial.ebitdaMargins)),
		totalRevenue: integerValue(financial.totalRevenue),
		revenueGrowth: numberValue(financial.revenueGrowth),
		analystConsensus: textValue(financial.recommendationKey),
		incomeStatements: statements
			.map((statement: any) => ({endDate: endDate(statement?.endDate), totalRevenue: integerValue(statement?.totalRevenue), netIncome: integerValue(statement?.netIncome)}))
			.sort((a: {endDate: string | null}, b: {endDate: string | null}) => (a.endDate ?? '').localeCompare(b.endDate ?? '')),
		profile: {
			sector: textValue(profile.sector),
			industry: textValue(profile.industry),
			website: textValue(profile.website),
			employees: integerValue(profile.fullTimeEmployees),
			city: textValue(profile.city),
			state: textValue(profile.state),
			country: textValue(profile.country),
			summary: textValue(profile.longBusinessSummary),
		},
		officers: (Array.isArray(profile.companyOfficers) ? profile.companyOfficers : [])
			.map((officer: any) => ({name: textValue(officer?.name), title: textValue(officer?.title), age: integerValue(officer?.age), totalPay: integerValue(officer?.totalPay)}))
			.filter((officer: {name: string | null}): officer is Officer => officer.name !== null),
		notes,
	};
}

export type ChartSummary = {
	symbol: string | null;
	currency: string | null;
	regularMarketPrice: number | null;
	bars: number;
	firstClose: number | null;
	lastClose: number | null;
	high: number | null;
	low: number | null;
	changePct: number | null;
	splits: {date: string | null; ratio: string | null}[];
	dividends: {date: string | null; amount: number | null}[];
};

/** chart.result[0] → price range and change; timestamps may be absent, closes may be null. */
export function transformChart(body: unknown): ChartSummary {
	const result = ((body as any)?.chart?.result?.[0] ?? {}) as Record<string, any>;
	const meta = result.meta ?? {};
	const timestamps: unknown[] = Array.isArray(result.timestamp) ? result.timestamp : [];
	const quote = result.indicators?.quote?.[0] ?? {};
	const closes: number[] = timestamps.map((_, index) => numberValue(quote.close?.[index])).filter((value): value is number => value !== null);
	const highs = timestamps.map((_, index) => numberValue(quote.high?.[index])).filter((value): value is number => value !== null);
	const lows = timestamps.map((_, index) => numberValue(quote.low?.[index])).filter((value): value is number => value !== null);
	const first = closes[0] ?? null;
	const last = closes.at(-1) ?? null;
	const events = result.events ?? {};
	return {
		symbol: textValue(meta.symbol),
		currency: textValue(meta.currency),
		regularMarketPrice: numberValue(meta.regularMarketPrice),
		bars: closes.length,
		firstClose: first,
		lastClose: last,
		high: highs.length ? Math.max(...highs) : null,
		low: lows.length ? Math.min(...lows) : null,
		changePct: first && last ? last / first - 1 : null,
		splits: Object.values(events.splits ?? {}).map((split: any) => ({date: dateFromEpochSeconds(split?.date), ratio: textValue(split?.splitRatio)})),
		dividends: Object.values(events.dividends ?? {}).map((dividend: any) => ({date: dateFromEpochSeconds(dividend?.date), amount: numberValue(dividend?.amount)})),
	};
}
