/**
 * The lead score (0–100): the legacy ICP model of ../shared/docs/domain.md, kept because
 * the legacy data was scored with it. Its breakdown always sums to the total. One
 * deliberate change: the vertical tier comes from an explicit map, and a vertical the map
 * does not know is "unknown" (5 points), never Commerce (the legacy code's default, which
 * made banks hot commerce leads).
 */
import {findPartnerTechnology} from '../technology-catalogue.js';

export type IcpTier = 0 | 1 | 2 | 3;
export const ICP_TIER_NAMES: Record<IcpTier, string> = {0: 'Unknown', 1: 'Commerce', 2: 'Content', 3: 'Internal Support'};
export const ICP_TIER_DESCRIPTIONS: Record<IcpTier, string> = {
	0: 'Vertical unknown: not enough data to place the company in a tier',
	1: 'Tier 1 Commerce: product discovery drives revenue',
	2: 'Tier 2 Content: media, listings and content discovery',
	3: 'Tier 3 Internal Support: B2B, documentation, knowledge and service search',
};
export const TIER_POINTS: Record<IcpTier, number> = {0: 5, 1: 40, 2: 25, 3: 15};

/**
 * BuiltWith's IAB-style verticals (and the few synonyms the legacy data uses) to tiers.
 * Keys are lowercase. Anything else, including "Unknown" and empty, is tier 0.
 */
export const VERTICAL_TIERS: Readonly<Record<string, 1 | 2 | 3>> = {
	// Tier 1 Commerce: consumers search a catalogue and buy.
	'shopping': 1,
	'style and fashion': 1,
	'home and garden': 1,
	'food and drink': 1,
	'automotive and vehicles': 1,
	'sports': 1,
	'pets': 1,
	'hobbies and interests': 1,
	'health and fitness': 1,
	'family and parenting': 1,
	'travel': 1,
	'retail': 1,
	'ecommerce': 1,
	'e-commerce': 1,
	// Tier 2 Content: media, publishing, listings.
	'art and entertainment': 2,
	'arts and entertainment': 2,
	'news': 2,
	'news and politics': 2,
	'society': 2,
	'religion and spirituality': 2,
	'science': 2,
	'careers': 2,
	'real estate': 2,
	'media': 2,
	// Tier 3 Internal Support: B2B, technology, institutions, finance.
	'technology and computing': 3,
	'education': 3,
	'business and industrial': 3,
	'finance': 3,
	'personal finance': 3,
	'law, govt and politics': 3,
	'law, government and politics': 3,
};

export function verticalTier(vertical: string | null | undefined): IcpTier {
	if (!vertical) return 0;
	return VERTICAL_TIERS[vertical.trim().toLowerCase()] ?? 0;
}

/** [threshold, points], highest first: a value ≥ threshold earns the points. */
export const VISIT_BUCKETS: readonly (readonly [number, number])[] = [
	[50_000_000, 30],
	[10_000_000, 25],
	[5_000_000, 20],
	[1_000_000, 15],
	[500_000, 10],
	[100_000, 5],
];

export const TECH_SPEND_BUCKETS: readonly (readonly [number, number])[] = [
	[100_000, 20],
	[50_000, 15],
	[25_000, 10],
	[10_000, 5],
];

/** Points for a partner technology that is flagged as one but is not in the catalogue. */
export const OTHER_PARTNER_POINTS = 3;

export function bucketPoints(value: number | null | undefined, buckets: readonly (readonly [number, number])[]): number {
	if (value === null || value === undefined || !Number.isFinite(value)) return 0;
	for (const [threshold, points] of buckets) if (value >= threshold) return points;
	return 0;
}

export type LeadScoreInput = {
	vertical: string | null;
	monthlyVisits: number | null;
	/** BuiltWith tech spend, USD per month. */
	techSpend: number | null;
	/** Names of the partner technologies the company runs (detected or imported). */
	partnerTechnologies: readonly string[];
};

export type LeadScoreBreakdown = {vertical: number; traffic: number; tech_spend: number; partner_tech: number};

export type LeadScore = {
	total: number;
	breakdown: LeadScoreBreakdown;
	tier: IcpTier;
	tierName: string;
	/** The partner technology that earned the partner points, if any. */
	partnerTechnology: string | null;
	/** One line per component, for the reasoning and the brief. */
	reasons: string[];
};

export function partnerPoints(names: readonly string[]): {points: number; technology: string | null} {
	let best = {points: 0, technology: null as string | null};
	for (const name of names) {
		const known = findPartnerTechnology(name);
		const points = known ? known.leadScorePoints : OTHER_PARTNER_POINTS;
		if (points > best.points) best = {points, technology: known?.name ?? name};
	}
	return best;
}

function formatCount(value: number): string {
	if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(value >= 10_000_000 ? 0 : 1)}M`;
	if (value >= 1_000) return `${Math.round(value / 1_000)}K`;
	return String(value);
}

export function leadScore(input: LeadScoreInput): LeadScore {
	const tier = verticalTier(input.vertical);
	const partner = partnerPoints(input.partnerTechnologies);
	const breakdown: LeadScoreBreakdown = {
		vertical: TIER_POINTS[tier],
		traffic: bucketPoints(input.monthlyVisits, VISIT_BUCKETS),
		tech_spend: bucketPoints(input.techSpend, TECH_SPEND_BUCKETS),
		partner_tech: partner.points,
	};
	const reasons = [
		tier === 0 ? `vertical unknown${input.vertical ? ` ("${input.vertical}" is not in the tier map)` : ''}: ${breakdown.vertical}` : `Tier ${tier} ${ICP_TIER_NAMES[tier]} (${input.vertical}): ${breakdown.vertical}`,
		input.monthlyVisits === null ? 'monthly visits unknown: 0' : `${formatCount(input.monthlyVisits)} monthly visits: ${breakdown.traffic}`,
		input.techSpend === null ? 'tech spend unknown: 0' : `tech spend $${formatCount(input.techSpend)}: ${breakdown.tech_spend}`,
		partner.technology ? `partner technology ${partner.technology}: ${breakdown.partner_tech}` : 'no partner technology known: 0',
	];
	return {
		total: breakdown.vertical + breakdown.traffic + breakdown.tech_spend + breakdown.partner_tech,
		breakdown,
		tier,
		tierName: ICP_TIER_NAMES[tier],
		partnerTechnology: partner.technology,
		reasons,
	};
}
