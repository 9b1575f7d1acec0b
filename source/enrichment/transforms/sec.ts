/**
 * SEC EDGAR → ticker/CIK resolution, the revenue and net-income history
 * (intel_financial_profile) and filings as timing evidence. Pure.
 *
 * Traps (../shared/fixtures/README.md): revenue needs a fallback chain per period;
 * fy/fp describe the filing, not the period (use start/end); the same value repeats
 * across filings (dedupe by period); submissions are column arrays; cik is padded or not.
 */
import {fitDecimal, textValue} from './values.js';
import type {TriggerEvent} from './types.js';

export type TickerEntry = {cik: number; ticker: string; title: string};

/** company_tickers.json ({"0": {cik_str, ticker, title}, …}) → entries in SEC's order. */
export function readCompanyTickers(body: unknown): TickerEntry[] {
	if (!body || typeof body !== 'object') return [];
	const entries: TickerEntry[] = [];
	const values = Array.isArray(body) ? body : Object.keys(body as object).sort((a, b) => Number(a) - Number(b)).map((key) => (body as Record<string, unknown>)[key]);
	for (const value of values as any[]) {
		const cik = Number(value?.cik_str ?? value?.cik);
		const ticker = textValue(value?.ticker);
		const title = textValue(value?.title);
		if (Number.isInteger(cik) && cik > 0 && ticker && title) entries.push({cik, ticker: ticker.toUpperCase(), title});
	}
	return entries;
}

const corporateSuffixes = /\b(incorporated|inc|corporation|corp|company|co|limited|ltd|plc|llc|lp|l\.p|sa|s\.a|ag|nv|n\.v|se|holdings?|group|the|class [a-z]|common stock|ordinary shares|adr|\/[a-z]{2,4}\/?)\b/g;

/** A company name reduced for comparison: lowercase, no punctuation, no legal suffixes. */
export function comparableCompanyName(name: string): string {
	return name
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/\.com\b/g, ' ')
		.replace(/[^a-z0-9/ ]+/g, ' ')
		.replace(corporateSuffixes, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * The SEC ticker entry whose company title matches a company name (after removing legal
 * suffixes and punctuation). Only exact matches count: a near miss picks the wrong
 * company's financials. Several tickers of one CIK: SEC lists the primary class first.
 */
export function matchTickerByName(entries: readonly TickerEntry[], companyName: string): TickerEntry | undefined {
	const wanted = comparableCompanyName(companyName);
	if (wanted.length < 2) return undefined;
	return entries.find((entry) => comparableCompanyName(entry.title) === wanted);
}

/** The entry of a ticker (case-insensitive; BRK.B and BRK-B are the same). */
export function findTicker(entries: readonly TickerEntry[], ticker: string): TickerEntry | undefined {
	const wanted = ticker.trim().toUpperCase().replace(/\./g, '-');
	return entries.find((entry) => entry.ticker.replace(/\./g, '-') === wanted);
}

/** CIK as SEC's 10-digit file name part. */
export function paddedCik(cik: number | string): string {
	return String(Number(cik)).padStart(10, '0');
}

type Fact = {start?: string; end: string; val: number; accn?: string; fy?: number; fp?: string; form?: string; filed?: string; frame?: string};

export type AnnualValue = {
	periodStart: string;
	periodEnd: string;
	fiscalYear: number;
	value: number;
	concept: string;
	unit: string;
	form: string | null;
	filed: string | null;
	accn: string | null;
};

const annualForms = new Set(['10-K', '10-K/A', '20-F', '20-F/A', '40-F', '40-F/A', '10-KT']);

export const REVENUE_CONCEPTS = {
	'us-gaap': ['Revenues', 'RevenueFromContractWithCustomerExcludingAssessedTax', 'SalesRevenueNet', 'RevenueFromContractWithCustomerIncludingAssessedTax', 'SalesRevenueGoodsNet'],
	'ifrs-full': ['Revenue', 'RevenueFromContractsWithCustomers'],
} as const;

export const NET_INCOME_CONCEPTS = {
	'us-gaap': ['NetIncomeLoss', 'ProfitLoss', 'NetIncomeLossAvailableToCommonStockholdersBasic'],
	'ifrs-full': ['ProfitLoss', 'ProfitLossAttributableToOwnersOfParent'],
} as const;

function days(start: string, end: string): number {
	return (Date.parse(end) - Date.parse(start)) / 86_400_000;
}

/**
 * Annual values (≈ one-year durations from annual reports) of the first concept in a
 * fallback chain that has each period, one value per period (the latest filing wins),
 * oldest first. Periods come from start/end, never from fy/fp.
 */
export function annualSeries(companyFacts: unknown, chain: Record<string, readonly string[]>): AnnualValue[] {
	const facts = (companyFacts as {facts?: Record<string, Record<string, {units?: Record<string, Fact[]>}>>} | null)?.facts ?? {};
	const byPeriod = new Map<string, AnnualValue & {rank: number}>();
	let rank = 0;
	for (const [taxonomy, concepts] of Object.entries(chain)) {
		for (const concept of concepts) {
			rank++;
			const units = facts[taxonomy]?.[concept]?.units;
			if (!units) continue;
			const unit = units.USD ? 'USD' : Object.keys(units).find((name) => /^[A-Z]{3}$/.test(name));
			if (!unit) continue;
			for (const fact of units[unit] ?? []) {
				if (!fact.start || !fact.end || typeof fact.val !== 'number') continue;
				const length = days(fact.start, fact.end);
				if (length < 340 || length > 380) continue;
				if (fact.form && !annualForms.has(fact.form)) continue;
				const key = `${fact.start}|${fact.end}`;
				const existing = byPeriod.get(key);
				const candidate = {periodStart: fact.start, periodEnd: fact.end, fiscalYear: Number(fact.end.slice(0, 4)), value: fact.val, concept: `${taxonomy}:${concept}`, unit, form: fact.form ?? null, filed: fact.filed ?? null, accn: fact.accn ?? null, rank};
				// An earlier concept in the chain wins; within one concept the latest filing wins.
				if (!existing || rank < existing.rank || (rank === existing.rank && (fact.filed ?? '') > (existing.filed ?? ''))) byPeriod.set(key, candidate);
			}
		}
	}
	// Overlapping periods (a 52/53-week year next to a calendar restatement): keep one per end year, the latest ending.
	const byYear = new Map<number, AnnualValue & {rank: number}>();
	for (const value of byPeriod.values()) {
		const existing = byYear.get(value.fiscalYear);
		if (!existing || value.periodEnd > existing.periodEnd || (value.periodEnd === existing.periodEnd && value.rank < existing.rank)) byYear.set(value.fiscalYear, value);
	}
	return [...byYear.values()].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd)).map(({rank: _rank, ...value}) => value);
}

export type RevenueHistory = {
	latestRevenue: number | null;
	currency: string | null;
	revenueTrend: 'growing' | 'stable' | 'declining' | null;
	revenue3yr: {fiscal_year: number; period_start: string; period_end: string; revenue: number; yoy_change: number | null; concept: string; form: string | null; filed: string | null}[];
	netIncome3yr: {fiscal_year: number; period_end: string; net_income: number; concept: string}[];
	latestYoy: number | null;
};

/** companyfacts → the last three fiscal years of revenue and net income. */
export function revenueHistory(companyFacts: unknown): RevenueHistory {
	const revenue = annualSeries(companyFacts, REVENUE_CONCEPTS);
	const income = annualSeries(companyFacts, NET_INCOME_CONCEPTS);
	const lastThree = revenue.slice(-3);
	const revenue3yr = lastThree.map((value) => {
		const index = revenue.indexOf(value);
		const prior = index > 0 ? revenue[index - 1]! : undefined;
		const consecutive = prior && Number(value.periodEnd.slice(0, 4)) - Number(prior.periodEnd.slice(0, 4)) === 1;
		const yoy = prior && consecutive && prior.value !== 0 ? fitDecimal(value.value / prior.value - 1, 9, 4).value : null;
		return {fiscal_year: value.fiscalYear, period_start: value.periodStart, period_end: value.periodEnd, revenue: value.value, yoy_change: yoy, concept: value.concept, form: value.form, filed: value.filed};
	});
	const latestYoy = revenue3yr.at(-1)?.yoy_change ?? null;
	return {
		latestRevenue: revenue.at(-1)?.value ?? null,
		currency: revenue.at(-1)?.unit ?? null,
		revenueTrend: latestYoy === null ? null : latestYoy > 0.03 ? 'growing' : latestYoy < -0.03 ? 'declining' : 'stable',
		revenue3yr,
		netIncome3yr: income.slice(-3).map((value) => ({fiscal_year: value.fiscalYear, period_end: value.periodEnd, net_income: value.value, concept: value.concept})),
		latestYoy,
	};
}

export type Filing = {
	accessionNumber: string;
	form: string;
	filingDate: string;
	reportDate: string | null;
	items: string[];
	primaryDocument: string | null;
	description: string | null;
	/** The primary document on www.sec.gov. */
	url: string;
	/** The filing's folder (index.json lists its exhibits). */
	folderUrl: string;
};

export type SubmissionsSummary = {
	cik: number | null;
	name: string | null;
	tickers: string[];
	exchanges: string[];
	sicDescription: string | null;
	fiscalYearEnd: string | null;
	stateOfIncorporation: string | null;
	businessCity: string | null;
	businessState: string | null;
	website: string | null;
	filings: Filing[];
	overflowPages: string[];
};

/** Reads submissions (wrapped, or an overflow page of bare column arrays) into filings. */
export function readSubmissions(body: unknown, secWwwUrl = 'https://www.sec.gov', cikHint?: number): SubmissionsSummary {
	const root = (body ?? {}) as Record<string, any>;
	const columns: Record<string, unknown[]> = root.filings?.recent ?? (Array.isArray(root.accessionNumber) ? root : {});
	const cik = root.cik !== undefined ? Number(root.cik) : cikHint ?? null;
	const count = Array.isArray(columns.accessionNumber) ? columns.accessionNumber.length : 0;
	const at = (name: string, index: number) => (Array.isArray(columns[name]) ? columns[name]![index] : undefined);
	const filings: Filing[] = [];
	for (let index = 0; index < count; index++) {
		const accession = textValue(at('accessionNumber', index));
		const form = textValue(at('form', index));
		const filingDate = textValue(at('filingDate', index));
		if (!accession || !form || !filingDate) continue;
		const primary = textValue(at('primaryDocument', index));
		const folder = `${secWwwUrl}/Archives/edgar/data/${cik ?? ''}/${accession.replace(/-/g, '')}`;
		filings.push({
			accessionNumber: accession,
			form,
			filingDate,
			reportDate: textValue(at('reportDate', index)),
			items: (textValue(at('items', index)) ?? '').split(',').map((item) => item.trim()).filter(Boolean),
			primaryDocument: primary,
			description: textValue(at('primaryDocDescription', index)),
			url: primary ? `${folder}/${primary}` : `${folder}/`,
			folderUrl: folder,
		});
	}
	filings.sort((a, b) => b.filingDate.localeCompare(a.filingDate));
	const business = root.addresses?.business ?? {};
	return {
		cik: cik !== null && Number.isFinite(cik) ? cik : null,
		name: textValue(root.name),
		tickers: Array.isArray(root.tickers) ? root.tickers.map(String) : [],
		exchanges: Array.isArray(root.exchanges) ? root.exchanges.filter(Boolean).map(String) : [],
		sicDescription: textValue(root.sicDescription),
		fiscalYearEnd: textValue(root.fiscalYearEnd),
		stateOfIncorporation: textValue(root.stateOfIncorporation),
		businessCity: textValue(business.city),
		businessState: textValue(business.stateOrCountry),
		website: textValue(root.website),
		filings,
		overflowPages: Array.isArray(root.filings?.files) ? root.filings.files.map((file: any) => String(file?.name)).filter(Boolean) : [],
	};
}

/** 8-K items 5.02 (officer changes) and 2.01 (acquisitions/dispositions) → trigger events, newest first. */
export function filingTriggerEvents(filings: readonly Filing[], options: {since?: string; companyName?: string | null} = {}): TriggerEvent[] {
	const events: TriggerEvent[] = [];
	for (const filing of filings) {
		if (!filing.form.startsWith('8-K')) continue;
		if (options.since && filing.filingDate < options.since) continue;
		if (filing.items.includes('5.02')) {
			events.push({type: 'executive_change', title: 'Officer or director change (8-K item 5.02)', description: `${options.companyName ?? 'The company'} filed an 8-K on ${filing.filingDate} reporting a departure, election or appointment of directors or officers (item 5.02).`, date: filing.filingDate, source: 'sec_edgar', source_url: filing.url, evidence: {form: filing.form, items: filing.items, accession: filing.accessionNumber}});
		}
		if (filing.items.includes('2.01')) {
			events.push({type: 'acquisition', title: 'Completed acquisition or disposition (8-K item 2.01)', description: `${options.companyName ?? 'The company'} filed an 8-K on ${filing.filingDate} reporting the completion of an acquisition or disposition of assets (item 2.01).`, date: filing.filingDate, source: 'sec_edgar', source_url: filing.url, evidence: {form: filing.form, items: filing.items, accession: filing.accessionNumber}});
		}
	}
	return events;
}

/** The filings worth listing in intel_investor_intelligence.sec_filings. */
export function notableFilings(filings: readonly Filing[], limit = 20): {form: string; filing_date: string; report_date: string | null; items: string[]; description: string | null; url: string}[] {
	return filings
		.filter((filing) => /^(10-K|10-Q|8-K|20-F|6-K|40-F|DEF 14A|S-1)/.test(filing.form))
		.slice(0, limit)
		.map((filing) => ({form: filing.form, filing_date: filing.filingDate, report_date: filing.reportDate, items: filing.items, description: filing.description, url: filing.url}));
}

/** Exhibit documents of a filing folder (index.json → directory.item[]) that may carry quotes: EX-99 press releases. */
export function exhibitDocuments(folderIndex: unknown, folderUrl: string): string[] {
	const items = (folderIndex as {directory?: {item?: {name?: string; type?: string}[]}} | null)?.directory?.item;
	if (!Array.isArray(items)) return [];
	return items
		.map((item) => String(item?.name ?? ''))
		.filter((name) => /ex-?99/i.test(name) && /\.(htm|html|txt)$/i.test(name))
		.map((name) => `${folderUrl}/${name}`);
}
