/**
 * JSearch job postings → intel_hiring_signals and intel_hiring_summary. Pure. The
 * employer is matched by website/apply-link domain, never by a guessed name; titles are
 * tiered on word boundaries (domain.md).
 */
import {PARTNER_TECHNOLOGIES} from '../../domain/technology-catalogue.js';
import {dateFromEpochSeconds, dateFromText, hostBelongsTo, hostOf, integerValue, textValue} from './values.js';

export type HiringCategory = 'search' | 'ecommerce' | 'merchandising' | 'ai_ml' | 'data' | 'product' | 'engineering' | 'other';

export type HiringSignalRow = {
	roleTitle: string;
	status: 'open';
	location: string | null;
	signalTier: 1 | 2 | 3;
	signalStrength: 'strong' | 'moderate' | 'technical';
	category: HiringCategory;
	salaryMin: number | null;
	salaryMax: number | null;
	implication: string;
	sourceUrl: string | null;
	postedDate: string | null;
};

const tier1 = /\b(vp|svp|evp|avp|vice[ -]president|chief|c[a-z]o|head|director|principal)\b/i;
const tier2 = /\b(manager|lead|architect|product[ -]manager|product[ -]owner|owner)\b/i;

/** domain.md: tier 1 VP/C-level/Head/Director/Principal; tier 2 Manager/Lead/Architect/Product Manager/Owner; tier 3 the rest. */
export function hiringTier(title: string): 1 | 2 | 3 {
	if (tier1.test(title)) return 1;
	if (tier2.test(title)) return 2;
	return 3;
}

const categoryRules: [HiringCategory, RegExp][] = [
	['search', /\b(search|relevance|discovery|information retrieval|elasticsearch|solr|algolia)\b/i],
	['ecommerce', /\b(e-?commerce|digital commerce|online store|omni-?channel|d2c|dtc|checkout|storefront)\b/i],
	['merchandising', /\b(merchandis\w*)\b/i],
	['ai_ml', /\b(ai|a\.i\.|ml|machine learning|artificial intelligence|llm|genai|nlp|deep learning|data scientist|applied scientist)\b/i],
	['data', /\b(data|analytics|analyst|business intelligence|bi)\b/i],
	['product', /\b(product)\b/i],
	['engineering', /\b(engineer\w*|developer|software|devops|sre|architect|programmer|frontend|backend|full[- ]stack)\b/i],
];

/** The first matching category of a title (search before e-commerce before engineering). */
export function hiringCategory(title: string): HiringCategory {
	return categoryRules.find(([, pattern]) => pattern.test(title))?.[0] ?? 'other';
}

type Posting = Record<string, any>;

/** True when the posting's employer website (or apply link) is the company's domain. */
export function postingBelongsTo(posting: Posting, domain: string): boolean {
	const website = hostOf(posting.employer_website);
	if (website) return hostBelongsTo(website, domain);
	return hostBelongsTo(hostOf(posting.job_apply_link), domain);
}

function postedDate(posting: Posting): string | null {
	return dateFromText(posting.job_posted_at_datetime_utc) ?? dateFromEpochSeconds(posting.job_posted_at_timestamp);
}

function implication(tier: 1 | 2 | 3, category: HiringCategory): string {
	const level = tier === 1 ? 'Leadership hire' : tier === 2 ? 'Team-lead hire' : 'Hands-on hire';
	const area: Record<HiringCategory, string> = {
		search: 'in search: a direct search investment',
		ecommerce: 'in e-commerce: budget for digital commerce',
		merchandising: 'in merchandising: product discovery matters',
		ai_ml: 'in AI/ML: investment in AI',
		data: 'in data and analytics',
		product: 'in product',
		engineering: 'in engineering',
		other: 'outside the digital teams',
	};
	return `${level} ${area[category]}`;
}

/** Postings of the company's own domain → one row per (title, URL), newest first. */
export function hiringSignals(body: unknown, domain: string): HiringSignalRow[] {
	const postings: Posting[] = Array.isArray((body as {data?: unknown})?.data) ? (body as {data: Posting[]}).data : [];
	const rows = new Map<string, HiringSignalRow>();
	for (const posting of postings) {
		if (!postingBelongsTo(posting, domain)) continue;
		const title = textValue(posting.job_title);
		if (!title) continue;
		const tier = hiringTier(title);
		const category = hiringCategory(title);
		const location = [textValue(posting.job_city), textValue(posting.job_state), textValue(posting.job_country)].filter(Boolean).join(', ') || textValue(posting.job_location);
		const sourceUrl = textValue(posting.job_apply_link) ?? textValue(posting.job_google_link);
		const row: HiringSignalRow = {
			roleTitle: title.slice(0, 200),
			status: 'open',
			location: location ? location.slice(0, 200) : null,
			signalTier: tier,
			signalStrength: tier === 1 ? 'strong' : tier === 2 ? 'moderate' : 'technical',
			category,
			salaryMin: integerValue(posting.job_min_salary),
			salaryMax: integerValue(posting.job_max_salary),
			implication: implication(tier, category),
			sourceUrl: sourceUrl ? sourceUrl.slice(0, 500) : null,
			postedDate: postedDate(posting),
		};
		rows.set(`${row.roleTitle}|${row.sourceUrl}`, row);
	}
	return [...rows.values()].sort((a, b) => (b.postedDate ?? '').localeCompare(a.postedDate ?? '') || a.roleTitle.localeCompare(b.roleTitle));
}

export type HiringSummary = {
	totalOpenRoles: number;
	tier1Count: number;
	tier2Count: number;
	tier3Count: number;
	ecommerceRoles: number;
	engineeringRoles: number;
	dataAnalyticsRoles: number;
	aiMlRoles: number;
	productRoles: number;
	merchandisingRoles: number;
	searchRoles: number;
	aiInvestmentSignal: boolean;
	leadershipVacancies: {title: string; category: HiringCategory; source_url: string | null; posted_date: string | null}[];
	platformConfirmed: string | null;
};

/** Counts by tier and category; a platform named in the company's own postings confirms it. */
export function summariseHiring(rows: readonly HiringSignalRow[], body?: unknown, domain?: string): HiringSummary {
	const count = (category: HiringCategory) => rows.filter((row) => row.category === category).length;
	let platformConfirmed: string | null = null;
	if (body && domain) {
		const postings: Posting[] = Array.isArray((body as {data?: unknown})?.data) ? (body as {data: Posting[]}).data : [];
		const text = postings.filter((posting) => postingBelongsTo(posting, domain)).map((posting) => `${posting.job_title ?? ''} ${posting.job_description ?? ''}`).join('\n');
		const found = PARTNER_TECHNOLOGIES.find((tech) => [tech.name, tech.builtwithName, ...tech.aliases].some((name) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text)));
		platformConfirmed = found?.name ?? null;
	}
	const ai = count('ai_ml');
	return {
		totalOpenRoles: rows.length,
		tier1Count: rows.filter((row) => row.signalTier === 1).length,
		tier2Count: rows.filter((row) => row.signalTier === 2).length,
		tier3Count: rows.filter((row) => row.signalTier === 3).length,
		ecommerceRoles: count('ecommerce'),
		engineeringRoles: count('engineering'),
		dataAnalyticsRoles: count('data'),
		aiMlRoles: ai,
		productRoles: count('product'),
		merchandisingRoles: count('merchandising'),
		searchRoles: count('search'),
		aiInvestmentSignal: ai >= 3 || rows.some((row) => row.category === 'ai_ml' && row.signalTier < 3),
		leadershipVacancies: rows.filter((row) => row.signalTier === 1).map((row) => ({title: row.roleTitle, category: row.category, source_url: row.sourceUrl, posted_date: row.postedDate})),
		platformConfirmed,
	};
}
