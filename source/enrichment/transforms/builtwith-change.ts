/**
 * BuiltWith Change API → trigger events for intel_strategic_context: "search vendor
 * removed", "platform migration", "added a competitor search product". Pure.
 *
 * Shape (BuiltWith docs): Results[].{Lookup, Changes:{since_utc, last_checked_utc,
 * summary, events[]:{type: technology_added|technology_removed, technology, category,
 * tag?, importance?, ...a date}}}. No public recording exists, so the reader also takes
 * `Name`/`Tag`/`Categories` spellings and several date field names.
 */
import {findPartnerTechnology, findSearchProvider} from '../../domain/technology-catalogue.js';
import {dateFromEpochMs, dateFromText, numberValue, textValue} from './values.js';
import type {TriggerEvent} from './types.js';

export type TechnologyChange = {
	change: 'added' | 'removed';
	technology: string;
	category: string | null;
	date: string | null;
};

function changeDate(event: Record<string, unknown>, fallback: string | null): string | null {
	for (const key of ['detected_utc', 'date_utc', 'date', 'detected', 'detected_on', 'change_date', 'first_detected', 'last_detected', 'FirstDetected', 'LastDetected']) {
		const value = event[key];
		if (typeof value === 'number') return numberValue(value)! > 1e11 ? dateFromEpochMs(value) : dateFromEpochMs(value * 1000);
		const text = dateFromText(value);
		if (text) return text;
	}
	return fallback;
}

/** Reads the technology changes of one Change API body. */
export function readTechnologyChanges(body: unknown): TechnologyChange[] {
	const root = (body ?? {}) as {Results?: any[]};
	const changes: TechnologyChange[] = [];
	for (const result of Array.isArray(root.Results) ? root.Results : []) {
		const block = result?.Changes ?? result?.changes ?? result;
		const fallback = dateFromText(block?.last_checked_utc) ?? dateFromText(block?.since_utc);
		const events: any[] = Array.isArray(block?.events) ? block.events : Array.isArray(block?.Events) ? block.Events : [];
		for (const event of events) {
			const type = String(event?.type ?? event?.Type ?? '').toLowerCase();
			const change = type.includes('removed') ? 'removed' : type.includes('added') ? 'added' : undefined;
			const technology = textValue(event?.technology ?? event?.Technology ?? event?.Name ?? event?.name);
			if (!change || !technology) continue;
			const categories = event?.categories ?? event?.Categories;
			const category = textValue(event?.category ?? event?.Category) ?? (Array.isArray(categories) ? textValue(categories[0]) : null) ?? textValue(event?.tag ?? event?.Tag);
			changes.push({change, technology, category, date: changeDate(event, fallback)});
		}
	}
	return changes;
}

const platformCategory = /e-?commerce|shopping cart|cms|content management|dxp|experience platform/i;

function isPlatform(change: TechnologyChange): boolean {
	return findPartnerTechnology(change.technology) !== undefined || (change.category !== null && platformCategory.test(change.category));
}

/** Turns technology changes into dated, sourced trigger events. */
export function triggerEventsFromChanges(changes: readonly TechnologyChange[], sourceUrl: string): TriggerEvent[] {
	const events: TriggerEvent[] = [];
	for (const change of changes) {
		const provider = findSearchProvider(change.technology);
		if (provider && change.change === 'removed') {
			events.push({type: 'search_vendor_removed', title: `Removed ${change.technology}`, description: `BuiltWith stopped detecting ${change.technology} (${provider.name}) on the site.`, date: change.date, source: 'builtwith', source_url: sourceUrl, evidence: {technology: change.technology, provider: provider.name, change: 'removed'}});
		} else if (provider && change.change === 'added' && provider.kind !== 'algolia') {
			events.push({type: 'competitor_search_added', title: `Added ${change.technology}`, description: `BuiltWith first detected ${change.technology} (${provider.name}), a competing search product.`, date: change.date, source: 'builtwith', source_url: sourceUrl, evidence: {technology: change.technology, provider: provider.name, change: 'added'}});
		} else if (provider && change.change === 'added') {
			events.push({type: 'algolia_added', title: `Added ${change.technology}`, description: `BuiltWith first detected ${change.technology}.`, date: change.date, source: 'builtwith', source_url: sourceUrl, evidence: {technology: change.technology, change: 'added'}});
		}
	}
	const added = changes.filter((change) => change.change === 'added' && isPlatform(change));
	const removed = changes.filter((change) => change.change === 'removed' && isPlatform(change));
	for (const to of added) {
		const from = removed.find((candidate) => candidate.category === to.category) ?? removed[0];
		const partner = findPartnerTechnology(to.technology);
		events.push({
			type: 'platform_migration',
			title: from ? `Moved from ${from.technology} to ${to.technology}` : `Adopted ${to.technology}`,
			description: from
				? `BuiltWith detected ${to.technology} added${to.date ? ` on ${to.date}` : ''} and ${from.technology} removed${from.date ? ` on ${from.date}` : ''}.`
				: `BuiltWith first detected ${to.technology}${to.date ? ` on ${to.date}` : ''}${partner ? ` (partner technology: ${partner.name})` : ''}.`,
			date: to.date,
			source: 'builtwith',
			source_url: sourceUrl,
			evidence: {added: to.technology, removed: from?.technology ?? null, category: to.category},
		});
	}
	return events;
}
