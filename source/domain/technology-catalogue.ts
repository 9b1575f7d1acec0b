/**
 * The technologies the product reasons about, as pure data shared by scoring, the
 * BuiltWith transforms and discovery (../shared/docs/domain.md). The partner catalogue
 * table (`pf partners`) is seeded from PARTNER_TECHNOLOGIES; analysts can add more there.
 */

export type PartnerTier = 'premier' | 'core' | 'other';

export type PartnerTechnology = {
	/** Display name. */
	name: string;
	/** The technology's name in BuiltWith responses (Technologies[].Name). */
	builtwithName: string;
	/** The name the BuiltWith Lists API takes: spaces become dashes. */
	listsName: string;
	category: 'CMS' | 'Commerce' | 'DXP';
	tier: PartnerTier;
	/** Points in the lead score's partner-technology component (max 10). */
	leadScorePoints: 10 | 7 | 3;
	/** Other names the same technology goes by in legacy data and detections. */
	aliases: string[];
};

export const PARTNER_TECHNOLOGIES: readonly PartnerTechnology[] = [
	{name: 'Adobe Experience Manager', builtwithName: 'Adobe Experience Manager', listsName: 'Adobe-Experience-Manager', category: 'CMS', tier: 'premier', leadScorePoints: 10, aliases: ['AEM', 'Adobe AEM', 'Adobe CQ', 'Day CQ']},
	{name: 'Adobe Commerce', builtwithName: 'Magento Enterprise', listsName: 'Magento-Enterprise', category: 'Commerce', tier: 'premier', leadScorePoints: 10, aliases: ['Magento Commerce', 'Adobe Commerce Cloud', 'Magento 2 Commerce']},
	{name: 'Salesforce Commerce Cloud', builtwithName: 'Salesforce Commerce Cloud', listsName: 'Salesforce-Commerce-Cloud', category: 'Commerce', tier: 'premier', leadScorePoints: 10, aliases: ['Demandware', 'SFCC']},
	{name: 'Shopify Plus', builtwithName: 'Shopify Plus', listsName: 'Shopify-Plus', category: 'Commerce', tier: 'premier', leadScorePoints: 10, aliases: []},
	{name: 'Shopify', builtwithName: 'Shopify', listsName: 'Shopify', category: 'Commerce', tier: 'core', leadScorePoints: 7, aliases: []},
	{name: 'commercetools', builtwithName: 'commercetools', listsName: 'commercetools', category: 'Commerce', tier: 'core', leadScorePoints: 7, aliases: ['Commercetools']},
	{name: 'BigCommerce', builtwithName: 'BigCommerce', listsName: 'BigCommerce', category: 'Commerce', tier: 'core', leadScorePoints: 7, aliases: []},
	{name: 'Amplience', builtwithName: 'Amplience', listsName: 'Amplience', category: 'CMS', tier: 'core', leadScorePoints: 7, aliases: []},
	{name: 'Spryker', builtwithName: 'Spryker', listsName: 'Spryker', category: 'Commerce', tier: 'core', leadScorePoints: 7, aliases: []},
	{name: 'Contentful', builtwithName: 'Contentful', listsName: 'Contentful', category: 'CMS', tier: 'core', leadScorePoints: 7, aliases: []},
	{name: 'Sitecore', builtwithName: 'Sitecore', listsName: 'Sitecore', category: 'DXP', tier: 'other', leadScorePoints: 3, aliases: ['Sitecore CMS', 'Sitecore Experience Platform']},
];

export type SearchProviderKind = 'algolia' | 'competitor' | 'native' | 'open_source';
export type DisplacementDifficulty = 'LOW' | 'MEDIUM' | 'HIGH';

export type SearchProvider = {
	name: string;
	/** Substrings that identify it in BuiltWith technology names (lowercase). */
	match: string[];
	kind: SearchProviderKind;
	/** domain.md: displacement difficulty by current provider. */
	difficulty: DisplacementDifficulty | null;
};

export const SEARCH_PROVIDERS: readonly SearchProvider[] = [
	{name: 'Algolia', match: ['algolia'], kind: 'algolia', difficulty: null},
	{name: 'Coveo', match: ['coveo'], kind: 'competitor', difficulty: 'HIGH'},
	{name: 'Constructor', match: ['constructor.io', 'constructor io'], kind: 'competitor', difficulty: 'HIGH'},
	{name: 'Bloomreach', match: ['bloomreach'], kind: 'competitor', difficulty: 'HIGH'},
	{name: 'Lucidworks', match: ['lucidworks', 'fusion search'], kind: 'competitor', difficulty: 'HIGH'},
	{name: 'Elasticsearch', match: ['elasticsearch', 'elastic search', 'elastic app search', 'elastic enterprise search'], kind: 'open_source', difficulty: 'MEDIUM'},
	{name: 'OpenSearch', match: ['opensearch'], kind: 'open_source', difficulty: 'MEDIUM'},
	{name: 'Searchspring', match: ['searchspring'], kind: 'competitor', difficulty: 'MEDIUM'},
	{name: 'Yext', match: ['yext'], kind: 'competitor', difficulty: 'MEDIUM'},
	{name: 'Solr', match: ['solr'], kind: 'open_source', difficulty: 'LOW'},
	{name: 'Klevu', match: ['klevu'], kind: 'competitor', difficulty: 'LOW'},
	{name: 'Swiftype', match: ['swiftype'], kind: 'competitor', difficulty: 'LOW'},
	{name: 'Doofinder', match: ['doofinder'], kind: 'competitor', difficulty: 'LOW'},
	{name: 'Searchanise', match: ['searchanise'], kind: 'competitor', difficulty: 'LOW'},
	{name: 'Nosto', match: ['nosto search'], kind: 'competitor', difficulty: 'MEDIUM'},
	{name: 'Google Cloud Retail Search', match: ['google retail search', 'vertex ai search', 'google cloud search'], kind: 'competitor', difficulty: 'HIGH'},
];

/** Finds the partner technology a technology name refers to (name, BuiltWith name, alias). */
export function findPartnerTechnology(technologyName: string, catalogue: readonly PartnerTechnology[] = PARTNER_TECHNOLOGIES): PartnerTechnology | undefined {
	const wanted = technologyName.trim().toLowerCase();
	return catalogue.find((tech) => [tech.name, tech.builtwithName, tech.listsName, ...tech.aliases].some((name) => name.toLowerCase() === wanted));
}

/** Finds the search provider a technology name refers to, if any. */
export function findSearchProvider(technologyName: string): SearchProvider | undefined {
	const name = technologyName.toLowerCase();
	return SEARCH_PROVIDERS.find((provider) => provider.match.some((fragment) => name.includes(fragment)));
}
