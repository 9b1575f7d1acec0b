/**
 * strategic: dated, sourced trigger events → intel_strategic_context. BuiltWith Change
 * API (search vendor removed, platform migration, competitor search added), SEC 8-K
 * items 5.02/2.01 (last 18 months) and, with WEBSEARCH_API_KEY, news (initiatives,
 * layoffs as caution signals, executive hires).
 */
import {upsertStrategicContext} from '../../db/intel-writes.js';
import {builtWithClient} from '../sources/builtwith.js';
import {sourceNow} from '../sources/common.js';
import {secClient} from '../sources/sec.js';
import {webSearchClient} from '../sources/websearch.js';
import {readTechnologyChanges, triggerEventsFromChanges} from '../transforms/builtwith-change.js';
import {filingTriggerEvents, readSubmissions} from '../transforms/sec.js';
import type {TriggerEvent} from '../transforms/types.js';
import {newsSignals, readNewsResults} from '../transforms/websearch.js';
import {defineModule, joinNotes, ModuleSkip, resolvePublicCompany, unlessNoData} from './shared.js';

export const strategicModule = defineModule(
	'strategic',
	['builtwith', 'sec_edgar', 'websearch'],
	async (context, http) => {
		const builtwith = builtWithClient(http);
		const sec = secClient(http);
		const news = webSearchClient(http);
		const notes: string[] = [];
		if (builtwith.unavailable && sec.unavailable && news.unavailable) throw new ModuleSkip([builtwith.unavailable, sec.unavailable, news.unavailable].join('; '));
		for (const client of [builtwith, sec, news]) if (client.unavailable) notes.push(client.unavailable);

		const triggers: TriggerEvent[] = [];
		const initiatives: TriggerEvent[] = [];
		const cautions: TriggerEvent[] = [];
		const sources: string[] = [];
		const retrieved: Date[] = [];
		const dataSources: string[] = [];

		// The three sources are independent: asked together.
		const company = await resolvePublicCompany(context, sec.unavailable ? undefined : sec);
		const [changes, submissions, newsResponse] = await Promise.all([
			builtwith.unavailable ? undefined : unlessNoData(builtwith.changes(context.domain), notes),
			!sec.unavailable && company.cik ? unlessNoData(sec.submissions(company.cik), notes) : undefined,
			news.unavailable ? undefined : unlessNoData(news.news(company.companyName ? `"${company.companyName}"` : context.domain), notes),
		]);
		if (changes) {
			triggers.push(...triggerEventsFromChanges(readTechnologyChanges(changes.body), changes.url));
			sources.push(changes.url);
			retrieved.push(changes.retrievedAt);
			dataSources.push('builtwith');
		}
		if (submissions && company.cik) {
			const since = new Date(sourceNow(context.env).getTime() - 548 * 86_400_000).toISOString().slice(0, 10);
			const filings = readSubmissions(submissions.body, sec.wwwUrl, company.cik);
			triggers.push(...filingTriggerEvents(filings.filings, {since, companyName: filings.name}));
			sources.push(submissions.url);
			retrieved.push(submissions.retrievedAt);
			dataSources.push('sec_edgar');
		}
		if (newsResponse) {
			const signals = newsSignals(readNewsResults(newsResponse.body), {name: company.companyName, domain: context.domain});
			triggers.push(...signals.triggerEvents);
			initiatives.push(...signals.initiatives);
			cautions.push(...signals.cautions);
			sources.push(newsResponse.url);
			retrieved.push(newsResponse.retrievedAt);
			dataSources.push('websearch');
		}
		if (retrieved.length === 0) throw new ModuleSkip(`no data: ${notes.join('; ') || 'no source answered'}`);
		const byDate = (a: TriggerEvent, b: TriggerEvent) => (b.date ?? '').localeCompare(a.date ?? '');
		await upsertStrategicContext(context.sql, context.domain, {
			triggerEvents: triggers.sort(byDate),
			strategicInitiatives: initiatives.sort(byDate),
			cautionSignals: cautions.sort(byDate),
			sourceUrls: [...new Set([...sources, ...triggers.map((event) => event.source_url)])],
			dataSource: dataSources.join('+'),
			retrievedAt: new Date(Math.min(...retrieved.map((date) => date.getTime()))),
		});
		return {status: 'completed', rowsWritten: 1, note: joinNotes([`${triggers.length} trigger events`, ...notes])};
	},
	// BuiltWith's changes need nothing but the domain: asked while company_context runs.
	async (context, http) => {
		const builtwith = builtWithClient(http);
		if (!builtwith.unavailable) await builtwith.changes(context.domain);
	},
);
