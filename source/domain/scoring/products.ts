/**
 * Which Algolia products fit a company, and why — derived only from its tier and the
 * signals the data shows (no signal, no claim).
 */
import type {IcpTier} from './lead-score.js';
import type {ScoredSignal} from './signals.js';

export type ProductFit = {product: string; reason: string};

export function algoliaProductMapping(tier: IcpTier, signals: readonly ScoredSignal[], facts: {hasEcommerceRevenue: boolean; aiHiring: boolean}): ProductFit[] {
	const fits: ProductFit[] = [];
	const has = (type: ScoredSignal['type']) => signals.some((signal) => signal.type === type && signal.excluded === null);
	if (tier === 1) {
		fits.push({product: 'Algolia AI Search (NeuralSearch)', reason: 'Tier 1 Commerce: catalogue search drives revenue'});
		fits.push({product: 'Algolia Recommend', reason: 'Tier 1 Commerce: product recommendations on product and cart pages'});
		fits.push({product: 'Merchandising Studio', reason: 'Tier 1 Commerce: merchandisers steer results without engineering'});
	} else if (tier === 2) {
		fits.push({product: 'Algolia AI Search (NeuralSearch)', reason: 'Tier 2 Content: content discovery across large archives'});
		fits.push({product: 'Algolia Recommend', reason: 'Tier 2 Content: related content keeps readers on site'});
	} else if (tier === 3) {
		fits.push({product: 'Algolia AI Search (NeuralSearch)', reason: 'Tier 3 Internal Support: documentation and support search'});
	}
	if (has('exec_quote_search') || has('search_vendor_removed')) fits.push({product: 'Algolia AI Search (NeuralSearch)', reason: 'executives talk about search / a search vendor was removed'});
	if (has('high_bounce_rate')) fits.push({product: 'Query Suggestions & Autocomplete', reason: 'bounce rate above 50%: visitors leave before they find things'});
	if (facts.aiHiring) fits.push({product: 'Algolia AI Search (NeuralSearch)', reason: 'hiring for AI/ML roles'});
	if (facts.hasEcommerceRevenue && tier !== 1) fits.push({product: 'Algolia Recommend', reason: 'reported e-commerce revenue'});
	if (has('platform_migration')) fits.push({product: 'Algolia connectors for the new platform', reason: 'a platform migration is under way: search is rebuilt anyway'});
	// One entry per product, reasons merged.
	const merged = new Map<string, string[]>();
	for (const fit of fits) merged.set(fit.product, [...(merged.get(fit.product) ?? []), fit.reason]);
	return [...merged].map(([product, reasons]) => ({product, reason: [...new Set(reasons)].join('; ')}));
}
