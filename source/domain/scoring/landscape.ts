/**
 * Competitor landscape and displacement difficulty (../shared/docs/domain.md).
 * First-mover opportunity = no analysed competitor uses Algolia AND at least half of
 * them have a known search provider; unknown providers are reported, never counted as
 * "not Algolia".
 */
import {findSearchProvider, type DisplacementDifficulty} from '../technology-catalogue.js';
import type {CompetitorIntel} from './intel.js';

export type CompetitorLandscape = {
	totalCompetitorsAnalyzed: number;
	algoliaUsers: number;
	constructorUsers: number;
	elasticsearchUsers: number;
	nativeSearchUsers: number;
	otherSearchUsers: number;
	unknownProvider: number;
	firstMoverOpportunity: boolean;
	competitivePositioning: string;
	competitors: {domain: string; provider: string | null; usesAlgolia: boolean; sourceUrl: string | null; dataSource: string | null}[];
};

const nativePattern = /\b(native|platform|built[- ]in|in-house|inhouse|custom|sap commerce|salesforce|shopify|magento|adobe|commercetools|sitecore|bigcommerce)\b/i;
const unknownPattern = /^(unknown|none detected|n\/a|na|-|\?|)$/i;

type ProviderClass = 'algolia' | 'constructor' | 'elasticsearch' | 'native' | 'other' | 'unknown';

export function classifyProvider(provider: string | null | undefined, usesAlgolia = false): ProviderClass {
	if (usesAlgolia) return 'algolia';
	if (!provider || unknownPattern.test(provider.trim())) return 'unknown';
	const known = findSearchProvider(provider);
	if (known?.kind === 'algolia') return 'algolia';
	if (known?.name === 'Constructor') return 'constructor';
	if (known?.name === 'Elasticsearch' || known?.name === 'OpenSearch') return 'elasticsearch';
	if (!known && nativePattern.test(provider)) return 'native';
	if (known?.name === 'Solr' && nativePattern.test(provider)) return 'native';
	return 'other';
}

export function competitorLandscape(competitors: readonly CompetitorIntel[]): CompetitorLandscape {
	const counts: Record<ProviderClass, number> = {algolia: 0, constructor: 0, elasticsearch: 0, native: 0, other: 0, unknown: 0};
	const rows = competitors.map((competitor) => {
		const kind = classifyProvider(competitor.competitorSearchProvider, competitor.competitorUsesAlgolia);
		counts[kind]++;
		return {domain: competitor.competitorDomain, provider: competitor.competitorSearchProvider, usesAlgolia: kind === 'algolia', sourceUrl: competitor.sourceUrl, dataSource: competitor.dataSource};
	});
	const total = competitors.length;
	const known = total - counts.unknown;
	const firstMover = total > 0 && counts.algolia === 0 && known * 2 >= total;
	let positioning: string;
	if (total === 0) positioning = 'No competitors analysed yet.';
	else if (counts.algolia > 0) positioning = `${counts.algolia} of ${total} analysed competitors already search with Algolia: the company risks falling behind its peers.`;
	else if (firstMover) positioning = `None of the ${total} analysed competitors uses Algolia and ${known} have a known search provider: a first-mover opportunity.`;
	else positioning = `None of the ${total} analysed competitors is known to use Algolia, but only ${known} have a known search provider (${counts.unknown} unknown): not enough to call it a first-mover opportunity.`;
	return {
		totalCompetitorsAnalyzed: total,
		algoliaUsers: counts.algolia,
		constructorUsers: counts.constructor,
		elasticsearchUsers: counts.elasticsearch,
		nativeSearchUsers: counts.native,
		otherSearchUsers: counts.other,
		unknownProvider: counts.unknown,
		firstMoverOpportunity: firstMover,
		competitivePositioning: positioning,
		competitors: rows,
	};
}

export type Displacement = {
	currentProvider: string | null;
	providerType: 'none' | 'native' | 'open_source' | 'competitor' | 'algolia' | 'unknown';
	difficulty: DisplacementDifficulty | null;
	reasoning: string;
};

/**
 * Displacement difficulty by current provider: LOW — none, native/platform search, Solr,
 * Klevu, Swiftype, Doofinder; MEDIUM — Elasticsearch/OpenSearch, Searchspring, Yext;
 * HIGH — Coveo, Constructor, Bloomreach, Lucidworks. A provider pf cannot place is
 * reported as unknown difficulty, not guessed.
 */
export function displacementDifficulty(currentProvider: string | null | undefined, providerType?: string | null): Displacement {
	const provider = currentProvider?.trim() || null;
	if (!provider || /^(none|no search|none detected)$/i.test(provider)) {
		if (providerType === 'unknown' || (!provider && providerType !== 'none' && providerType !== 'native')) {
			return {currentProvider: null, providerType: 'unknown', difficulty: null, reasoning: 'Current search provider unknown: difficulty cannot be assessed.'};
		}
		return {currentProvider: provider, providerType: providerType === 'native' ? 'native' : 'none', difficulty: 'LOW', reasoning: 'No dedicated search provider detected: LOW difficulty (nothing to rip out).'};
	}
	const known = findSearchProvider(provider);
	if (known?.kind === 'algolia') return {currentProvider: provider, providerType: 'algolia', difficulty: null, reasoning: 'Already on Algolia: not a displacement.'};
	if (known) {
		// "SAP Commerce Cloud (Solr)": platform search built on Solr is still LOW.
		return {
			currentProvider: provider,
			providerType: known.kind === 'open_source' ? 'open_source' : 'competitor',
			difficulty: known.difficulty,
			reasoning: `${known.name} → ${known.difficulty} difficulty (${known.difficulty === 'HIGH' ? 'an enterprise search platform with contracts and deep integration' : known.difficulty === 'MEDIUM' ? 'a capable engine the team has invested in' : 'a basic engine that is easy to replace'}).`,
		};
	}
	if (providerType === 'native' || nativePattern.test(provider)) {
		return {currentProvider: provider, providerType: 'native', difficulty: 'LOW', reasoning: `${provider} is native/platform search → LOW difficulty.`};
	}
	return {currentProvider: provider, providerType: 'unknown', difficulty: null, reasoning: `${provider} is not in pf's provider catalogue: difficulty not assessed.`};
}
