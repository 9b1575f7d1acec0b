/**
 * competitors: SimilarWeb similar sites → intel_competitor_intelligence; what each
 * competitor searches with (stored intel, else a BuiltWith lookup of the top
 * PF_COMPETITOR_LOOKUPS, default 5) → intel_competitor_landscape. Unknown providers are
 * reported, not counted as "not Algolia" (domain.md, first-mover rule).
 */
import {readKnownSearchProviders, readTechnologyNames, replaceCompetitors, upsertCompetitorLandscape, writeIntel, type CompetitorWrite} from '../../db/intel-writes.js';
import {findSearchProvider} from '../../domain/technology-catalogue.js';
import {builtWithClient} from '../sources/builtwith.js';
import {similarWebClient} from '../sources/similarweb.js';
import {transformBuiltWithDomain} from '../transforms/builtwith.js';
import {similarSites} from '../transforms/similarweb.js';
import {defineModule, joinNotes, ModuleSkip, unlessNoData} from './shared.js';

export const competitorsModule = defineModule(
	'competitors',
	['similarweb', 'builtwith'],
	async (context, http) => {
		const similarweb = similarWebClient(http);
		const builtwith = builtWithClient(http);
		if (similarweb.unavailable) throw new ModuleSkip(similarweb.unavailable);
		const notes: string[] = [];
		const response = await similarweb.similarSites(context.domain);
		const sites = similarSites(response.body, context.domain);
		if (sites.length === 0) throw new ModuleSkip(`no data: SimilarWeb lists no similar sites for ${context.domain}`);

		const lookups = Math.max(0, Number(context.env.PF_COMPETITOR_LOOKUPS ?? 5) || 0);
		const [known, technologyNames] = await Promise.all([readKnownSearchProviders(context.sql, sites.map((site) => site.domain)), readTechnologyNames(context.sql, context.domain)]);
		const ownTechnologies = new Set(technologyNames.map((name) => name.toLowerCase()));
		if (builtwith.unavailable) notes.push(`${builtwith.unavailable} (competitors' search providers unknown unless enriched before)`);

		// The BuiltWith lookups of the first unknown competitors run together (cached 30 days).
		const toLookUp = builtwith.unavailable ? [] : sites.filter((site) => !known.has(site.domain)).slice(0, lookups);
		const lookedUp = new Map(
			await Promise.all(
				toLookUp.map(async (site) => {
					const lookup = await unlessNoData(builtwith.domain(site.domain));
					return [site.domain, lookup ? transformBuiltWithDomain(lookup.body, lookup.url) : undefined] as const;
				}),
			),
		);
		const rows: CompetitorWrite[] = sites.map((site) => {
			const intel = lookedUp.get(site.domain);
			const overlap = intel && ownTechnologies.size > 0 ? intel.technologies.filter((tech) => ownTechnologies.has(tech.technologyName.toLowerCase())).map((tech) => tech.technologyName).slice(0, 50) : null;
			return {
				competitorDomain: site.domain,
				similarityScore: site.similarityScore,
				competitorMonthlyVisits: null,
				competitorSearchProvider: intel ? intel.searchProvider.currentProvider : known.get(site.domain)?.provider ?? null,
				competitorUsesAlgolia: intel ? intel.searchProvider.isAlgolia : known.get(site.domain)?.isAlgolia ?? false,
				techOverlap: overlap,
				sourceUrl: response.url,
			};
		});

		const withProvider = rows.filter((row) => row.competitorSearchProvider !== null);
		const kindOf = (name: string) => findSearchProvider(name);
		const algoliaUsers = rows.filter((row) => row.competitorUsesAlgolia).length;
		const constructorUsers = withProvider.filter((row) => kindOf(row.competitorSearchProvider!)?.name === 'Constructor').length;
		const elasticsearchUsers = withProvider.filter((row) => ['Elasticsearch', 'OpenSearch'].includes(kindOf(row.competitorSearchProvider!)?.name ?? '')).length;
		const otherSearchUsers = withProvider.length - algoliaUsers - constructorUsers - elasticsearchUsers;
		const unknown = rows.length - withProvider.length;
		const firstMover = algoliaUsers === 0 && withProvider.length * 2 >= rows.length;
		const positioning = `${rows.length} similar sites (SimilarWeb); search provider known for ${withProvider.length}, unknown for ${unknown}; ${algoliaUsers} on Algolia.${firstMover ? ' First-mover opportunity: no analysed competitor uses Algolia.' : ''}`;

		const provenance = {dataSource: 'similarweb', retrievedAt: response.retrievedAt};
		// The writes of the transaction are sent together (pipelined on its connection).
		const written = await writeIntel(context.sql, async (tx) => {
			const [count] = await Promise.all([
				replaceCompetitors(tx, context.domain, rows, provenance),
				upsertCompetitorLandscape(tx, context.domain, {totalCompetitorsAnalyzed: rows.length, algoliaUsers, constructorUsers, elasticsearchUsers, nativeSearchUsers: 0, otherSearchUsers: Math.max(0, otherSearchUsers), firstMoverOpportunity: firstMover, competitivePositioning: positioning}, provenance),
			]);
			return count + 1;
		});
		return {status: 'completed', rowsWritten: written, note: joinNotes(notes)};
	},
	// The similar sites need nothing but the domain: asked while technology runs.
	async (context, http) => {
		const similarweb = similarWebClient(http);
		if (!similarweb.unavailable) await similarweb.similarSites(context.domain);
	},
);
