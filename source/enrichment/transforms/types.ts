/** Shapes the transforms share with the modules and the scoring that reads their rows. */

/**
 * One dated, sourced event in intel_strategic_context.trigger_events (and the evidence
 * signal scoring reads). `type` values:
 *   search_vendor_removed, competitor_search_added, algolia_added, platform_migration
 *     (BuiltWith Change API);
 *   executive_change (8-K item 5.02), acquisition (8-K item 2.01) (SEC EDGAR);
 *   layoffs, digital_initiative, executive_hire, acquisition_news, funding (news search).
 */
export type TriggerEvent = {
	type: string;
	title: string;
	description: string;
	/** YYYY-MM-DD, or null when the source gives no date. */
	date: string | null;
	source: 'builtwith' | 'sec_edgar' | 'websearch';
	source_url: string;
	evidence?: Record<string, unknown>;
};
