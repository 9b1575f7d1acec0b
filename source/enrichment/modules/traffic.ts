/**
 * traffic: SimilarWeb visits (13 months: monthly visits, MoM, YoY, trend), engagement,
 * traffic sources, geography and global rank → intel_traffic_analysis. Visits are
 * required ("no data" → skipped); the other endpoints may lack data on their own.
 */
import {upsertTraffic} from '../../db/intel-writes.js';
import {similarWebClient} from '../sources/similarweb.js';
import {geographyShares, latestGlobalRank, latestMetric, summariseVisits, trafficSourceShares} from '../transforms/similarweb.js';
import {fitDecimal} from '../transforms/values.js';
import {defineModule, joinNotes, ModuleSkip, unlessNoData} from './shared.js';

/** The endpoints read after visits, when SimilarWeb has visits for the domain. */
function detailCalls(similarweb: ReturnType<typeof similarWebClient>, domain: string) {
	return [
		similarweb.engagement(domain, 'bounce-rate'),
		similarweb.engagement(domain, 'pages-per-visit'),
		similarweb.engagement(domain, 'average-visit-duration'),
		similarweb.trafficSources(domain),
		similarweb.geography(domain),
		similarweb.globalRank(domain),
	] as const;
}

export const trafficModule = defineModule(
	'traffic',
	['similarweb'],
	async (context, http) => {
		const similarweb = similarWebClient(http);
		if (similarweb.unavailable) throw new ModuleSkip(similarweb.unavailable);
		const visits = await similarweb.visits(context.domain);
		const summary = summariseVisits(visits.body);
		if (summary.monthlyVisits === null) throw new ModuleSkip(`no data: SimilarWeb returned no visits for ${context.domain}`);
		const notes = [...summary.notes];
		const [bounce, pages, duration, sources, geography, rank] = await Promise.all(detailCalls(similarweb, context.domain).map((call) => unlessNoData(call)));
		const bounceRate = fitDecimal(bounce ? latestMetric(bounce.body, 'bounce_rate') : null, 4, 3);
		const pagesPerVisit = fitDecimal(pages ? latestMetric(pages.body, 'pages_per_visit') : null, 4, 2);
		if (bounceRate.note) notes.push(`bounce_rate ${bounceRate.note}`);
		if (pagesPerVisit.note) notes.push(`pages_per_visit ${pagesPerVisit.note}`);
		const missing = [['engagement', bounce && pages && duration], ['traffic sources', sources], ['geography', geography], ['global rank', rank]].filter(([, value]) => !value).map(([name]) => name);
		if (missing.length) notes.push(`SimilarWeb had no data for: ${missing.join(', ')}`);
		const rankValue = rank ? latestGlobalRank(rank.body) : null;
		if (rank && rankValue === null) notes.push('global rank 0: unranked');
		const durationSeconds = duration ? latestMetric(duration.body, 'average_visit_duration') : null;
		await upsertTraffic(
			context.sql,
			context.domain,
			{
				monthlyVisits: summary.monthlyVisits,
				avgVisitDurationSeconds: durationSeconds === null ? null : Math.round(durationSeconds),
				pagesPerVisit: pagesPerVisit.value,
				bounceRate: bounceRate.value,
				momChange: summary.momChange,
				yoyChange: summary.yoyChange,
				trendDirection: summary.trendDirection,
				trafficSources: sources ? trafficSourceShares(sources.body, context.domain) : null,
				geography: geography ? geographyShares(geography.body) : null,
				keywords: null,
				websiteRankGlobal: rankValue,
				dataMonth: summary.dataMonth,
				sourceUrl: visits.url,
			},
			{dataSource: 'similarweb', retrievedAt: visits.retrievedAt},
		);
		return {status: 'completed', rowsWritten: 1, note: joinNotes(notes)};
	},
	// Visits, then (only when it has data: an unknown domain costs one call) the six
	// others, while company_context runs.
	async (context, http) => {
		const similarweb = similarWebClient(http);
		if (similarweb.unavailable) return;
		const visits = await similarweb.visits(context.domain);
		if (summariseVisits(visits.body).monthlyVisits === null) return;
		await Promise.allSettled(detailCalls(similarweb, context.domain));
	},
);
