/**
 * Hiring tiers and the hiring summary (../shared/docs/domain.md): tier 1 VP, C-level,
 * Head, Director, Principal; tier 2 Manager, Lead, Architect, Product Manager/Owner;
 * tier 3 the rest. Titles match on word boundaries ("Headless developer" is not a Head).
 */
import type {HiringIntel} from './intel.js';

const tier1 = /\b(vp|svp|evp|avp|vice[- ]president|chief|c-level|c-suite|cto|cio|cdo|ceo|cfo|coo|cmo|cpo|head|director|principal)\b/i;
const tier2 = /\b(manager|lead|leader|architect|product owner)\b/i;

export function hiringTier(title: string): 1 | 2 | 3 {
	if (tier1.test(title)) return 1;
	if (tier2.test(title)) return 2;
	return 3;
}

export type HiringCategory = 'ecommerce' | 'engineering' | 'data' | 'ai_ml' | 'product' | 'merchandising' | 'other';

const categoryPatterns: [HiringCategory, RegExp][] = [
	['ai_ml', /\b(ai|a\.i\.|machine learning|ml|artificial intelligence|llm|genai|nlp|deep learning)\b/i],
	['merchandising', /\b(merchandis\w*|category manager|assortment)\b/i],
	['ecommerce', /\b(e-?commerce|ecom|digital commerce|online store|search|site search|product discovery|omnichannel|d2c|dtc)\b/i],
	['data', /\b(data|analytics|analyst|bi|business intelligence)\b/i],
	['product', /\b(product (manager|owner|lead|director|designer)|head of product|vp,? product|product management)\b/i],
	['engineering', /\b(engineer\w*|developer|devops|sre|architect|software|frontend|front-end|backend|back-end|full[- ]stack|platform)\b/i],
];

/** The writer's category when it gave one, else from the title. */
export function hiringCategory(title: string, given?: string | null): HiringCategory {
	const known = given?.toLowerCase().replace(/[^a-z_]/g, '');
	if (known && ['ecommerce', 'engineering', 'data', 'ai_ml', 'product', 'merchandising'].includes(known)) return known as HiringCategory;
	if (known === 'dataanalytics' || known === 'data_analytics') return 'data';
	for (const [category, pattern] of categoryPatterns) if (pattern.test(title)) return category;
	return 'other';
}

/** A role about search or e-commerce (the "hiring search/e-commerce roles" budget signal). */
export const searchCommerceRole = /\b(search|e-?commerce|ecom|digital commerce|merchandis\w*|product discovery|relevance|omnichannel)\b/i;
/** Digital leadership: a tier-1 title about digital, commerce, technology, product or data. */
export const digitalLeadershipRole = /\b(digital|e-?commerce|technology|technical|product|engineering|data|cto|cdo|cio|it|information|platform|online|omnichannel)\b/i;

export type HiringSummary = {
	totalOpenRoles: number;
	tier1: number;
	tier2: number;
	tier3: number;
	byCategory: Record<Exclude<HiringCategory, 'other'>, number>;
	aiInvestmentSignal: boolean;
	leadershipVacancies: {title: string; sourceUrl: string | null; postedDate: string | null}[];
	platformConfirmed: string | null;
};

function isOpen(role: HiringIntel): boolean {
	return !role.status || !/\b(closed|filled|expired|removed)\b/i.test(role.status);
}

/** The summary of open roles; platformConfirmed names a partner technology a posting mentions. */
export function summariseHiring(roles: readonly HiringIntel[], partnerTechnologyNames: readonly string[] = []): HiringSummary {
	const open = roles.filter(isOpen);
	const byCategory = {ecommerce: 0, engineering: 0, data: 0, ai_ml: 0, product: 0, merchandising: 0};
	let tiers = [0, 0, 0];
	const leadershipVacancies: HiringSummary['leadershipVacancies'] = [];
	let platformConfirmed: string | null = null;
	for (const role of open) {
		const tier = hiringTier(role.roleTitle);
		tiers[tier - 1]!++;
		const category = hiringCategory(role.roleTitle, role.category);
		if (category !== 'other') byCategory[category]++;
		if (tier === 1) leadershipVacancies.push({title: role.roleTitle, sourceUrl: role.sourceUrl, postedDate: role.postedDate});
		for (const name of partnerTechnologyNames) {
			if (!platformConfirmed && new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(role.roleTitle)) platformConfirmed = name;
		}
	}
	return {
		totalOpenRoles: open.length,
		tier1: tiers[0]!,
		tier2: tiers[1]!,
		tier3: tiers[2]!,
		byCategory,
		aiInvestmentSignal: byCategory.ai_ml > 0,
		leadershipVacancies,
		platformConfirmed,
	};
}
