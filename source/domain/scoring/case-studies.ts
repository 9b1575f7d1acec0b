/**
 * Case-study relevance (../shared/docs/domain.md): 0.40 vertical + 0.20 sub-vertical +
 * 0.15 scale + 0.15 tech overlap + 0.10 use case; keep ≥ 0.30, top 10. Each component
 * is 0 or 1 (sub-vertical and tech overlap may be partial); a component pf has no data
 * for scores 0 — relevance is never inferred from missing data.
 */
import {findPartnerTechnology} from '../technology-catalogue.js';
import {isRealUrl} from './evidence.js';
import type {CaseStudy} from './intel.js';
import type {IcpTier} from './lead-score.js';

export const RELEVANCE_WEIGHTS = {vertical: 0.4, subVertical: 0.2, scale: 0.15, techOverlap: 0.15, useCase: 0.1} as const;
export const RELEVANCE_THRESHOLD = 0.3;
export const MAX_MATCHES = 10;

/** Sectors that free-text verticals on both sides reduce to (keyword → sector). */
const SECTORS: [string, RegExp][] = [
	['automotive', /\b(auto\w*|vehicle\w*|car|cars|motor\w*|tyres?|tires?)\b/i],
	['fashion', /\b(fashion|apparel|clothing|footwear|shoes|sportswear|eyewear|jewel\w*|style|beauty|cosmetics?)\b/i],
	['health', /\b(health\w*|pharma\w*|medical|hospital|wellness|fitness|drugstore)\b/i],
	['grocery', /\b(grocery|groceries|supermarket|food|drink|beverage|wine|spirits|baking|restaurant|foodservice|cpg)\b/i],
	['home', /\b(home|garden|furniture|diy|rugs?|kitchen|appliances?|home improvement|interior)\b/i],
	['sports', /\b(sports?|sporting|outdoor|bicycles?|fitness)\b/i],
	['pets', /\b(pets?|animal)\b/i],
	['electronics', /\b(electronics?|electrical|computers?|gadgets?)\b/i],
	['travel', /\b(travel|tourism|hotel|hospitality|resort|airline)\b/i],
	['media', /\b(media|publishing|publisher|news|entertainment|gaming|music|video|art)\b/i],
	['education', /\b(education\w*|e-?learning|edtech|school|university|learning)\b/i],
	['software', /\b(saas|software|technology|computing|developer|documentation|knowledge)\b/i],
	['industrial', /\b(industrial|manufactur\w*|wholesale|distribution|b2b|building materials|plumbing|workwear|logistics|freight|office supplies)\b/i],
	['finance', /\b(finance|financial|bank\w*|insurance|fintech|fundraising)\b/i],
	['government', /\b(govt|government|politics|public sector|law|legal)\b/i],
	['real_estate', /\b(real estate|property|workspace)\b/i],
	['careers', /\b(careers?|jobs?|recruit\w*)\b/i],
];

export function sectorsOf(text: string | null | undefined): Set<string> {
	const found = new Set<string>();
	if (!text) return found;
	for (const [sector, pattern] of SECTORS) if (pattern.test(text)) found.add(sector);
	return found;
}

function words(text: string | null | undefined): Set<string> {
	return new Set((text ?? '').toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 2 && !['and', 'the', 'retail', 'online'].includes(word)));
}

/** The partner family a technology name belongs to ("Adobe Magento" → Adobe Commerce). */
export function techFamily(name: string): string {
	const known = findPartnerTechnology(name);
	if (known) return known.name.toLowerCase().startsWith('adobe') ? 'adobe' : known.name.toLowerCase().startsWith('shopify') ? 'shopify' : known.name.toLowerCase();
	const lower = name.toLowerCase();
	if (/\b(adobe|magento|aem)\b/.test(lower)) return 'adobe';
	if (/\b(salesforce|sfcc|demandware)\b/.test(lower)) return 'salesforce commerce cloud';
	if (/\bshopify\b/.test(lower)) return 'shopify';
	if (/\bbig ?commerce\b/.test(lower)) return 'bigcommerce';
	return lower.trim();
}

const commerceUseCase = /\b(e-?commerce|ecommerce|b2c|b2b|retail|marketplace|shop|store|catalog)\b/i;
const contentUseCase = /\b(media|content|publishing|news|geosearch|listings?)\b/i;
const supportUseCase = /\b(saas|documentation|knowledge|website search|site search|app search|support|internal|e-?learning)\b/i;

export type RelevanceTarget = {
	vertical: string | null;
	subVertical: string | null;
	industry: string | null;
	tier: IcpTier;
	monthlyVisits: number | null;
	technologies: readonly string[];
};

export type CaseStudyMatch = {
	caseStudy: CaseStudy;
	score: number;
	components: {vertical: number; subVertical: number; scale: number; techOverlap: number; useCase: number};
	reasoning: string;
	/** The story's URL when it is a real URL (some legacy rows say "Case Study"). */
	url: string | null;
};

/** What relevance reads of the target, derived once for all the case studies. */
type PreparedTarget = {target: RelevanceTarget; sectors: Set<string>; words: Set<string>; families: Set<string>};

function prepare(target: RelevanceTarget): PreparedTarget {
	return {
		target,
		sectors: sectorsOf([target.vertical, target.industry].filter(Boolean).join(' ')),
		words: words(target.subVertical),
		families: new Set(target.technologies.map(techFamily)),
	};
}

// Pure functions of short library texts, asked again for every brief: remembered.
const studySectorsCache = new Map<string, Set<string>>();
const studyWordsCache = new Map<string, Set<string>>();
const familyCache = new Map<string, string>();
function remembered<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
	let value = cache.get(key);
	if (value === undefined) {
		if (cache.size > 10_000) cache.clear();
		value = compute(key);
		cache.set(key, value);
	}
	return value;
}

export function caseStudyRelevance(target: RelevanceTarget, study: CaseStudy): CaseStudyMatch {
	return relevance(prepare(target), study);
}

function relevance(prepared: PreparedTarget, study: CaseStudy): CaseStudyMatch {
	const {target} = prepared;
	const targetSectors = prepared.sectors;
	const studySectors = remembered(studySectorsCache, [study.vertical, study.subVertical].filter(Boolean).join(' '), sectorsOf);
	const sharedSectors = [...targetSectors].filter((sector) => studySectors.has(sector));
	const vertical = sharedSectors.length > 0 ? 1 : 0;

	const targetWords = prepared.words;
	const studyWords = remembered(studyWordsCache, study.subVertical ?? study.vertical ?? '', words);
	const overlap = [...targetWords].filter((word) => studyWords.has(word)).length;
	const subVertical = targetWords.size > 0 && studyWords.size > 0 ? Math.min(1, overlap / Math.min(targetWords.size, studyWords.size)) : 0;

	// Scale: same order of magnitude of monthly visits, when both are known.
	const scale = target.monthlyVisits && study.customerMonthlyVisits && Math.abs(Math.log10(target.monthlyVisits) - Math.log10(study.customerMonthlyVisits)) <= 1 ? 1 : 0;

	const targetFamilies = prepared.families;
	const sharedTech = study.partnerIntegrations.filter((name) => targetFamilies.has(remembered(familyCache, name, techFamily)));
	const techOverlap = sharedTech.length > 0 ? 1 : 0;

	const useCaseText = [study.useCase, study.customerType].filter(Boolean).join(' ');
	const useCase = useCaseText
		? (target.tier === 1 && commerceUseCase.test(useCaseText)) || (target.tier === 2 && contentUseCase.test(useCaseText)) || (target.tier === 3 && supportUseCase.test(useCaseText))
			? 1
			: 0
		: 0;

	const components = {vertical, subVertical, scale, techOverlap, useCase};
	const score = Math.round(
		(RELEVANCE_WEIGHTS.vertical * vertical + RELEVANCE_WEIGHTS.subVertical * subVertical + RELEVANCE_WEIGHTS.scale * scale + RELEVANCE_WEIGHTS.techOverlap * techOverlap + RELEVANCE_WEIGHTS.useCase * useCase) * 1000,
	) / 1000;
	const reasons: string[] = [];
	if (vertical) reasons.push(`same sector (${sharedSectors.join(', ')})`);
	if (subVertical) reasons.push('similar sub-vertical');
	if (scale) reasons.push('similar traffic scale');
	if (techOverlap) reasons.push(`same platform (${sharedTech.join(', ')})`);
	if (useCase) reasons.push(`same use case (${useCaseText})`);
	return {caseStudy: study, score, components, reasoning: reasons.length ? reasons.join('; ') : 'no overlap', url: isRealUrl(study.storyUrl) ? study.storyUrl : null};
}

/** Matches with relevance ≥ 0.30, best first, at most 10 (ties by customer name). */
export function matchCaseStudies(target: RelevanceTarget, studies: readonly CaseStudy[]): CaseStudyMatch[] {
	const seen = new Set<string>();
	const prepared = prepare(target);
	return studies
		.map((study) => relevance(prepared, study))
		.filter((match) => match.score >= RELEVANCE_THRESHOLD)
		.sort((a, b) => b.score - a.score || a.caseStudy.customerName.localeCompare(b.caseStudy.customerName))
		.filter((match) => {
			// intel_case_study_matches is unique per (domain, customer).
			const key = match.caseStudy.customerName.toLowerCase();
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.slice(0, MAX_MATCHES);
}
