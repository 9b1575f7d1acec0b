/**
 * Web/news search results (Brave Search API shape: {results:[{title, url, description,
 * age, page_age, meta_url:{hostname}}]} for /res/v1/news/search, or web.results[] for
 * /res/v1/web/search) → trigger events, initiatives and caution signals. Pure; only
 * results that name the company count.
 */
import {dateFromText, textValue} from './values.js';
import type {TriggerEvent} from './types.js';

export type NewsItem = {title: string; url: string; description: string | null; date: string | null; publisher: string | null};

/** Reads news or web results. */
export function readNewsResults(body: unknown): NewsItem[] {
	const root = (body ?? {}) as Record<string, any>;
	const list: any[] = Array.isArray(root.results) ? root.results : Array.isArray(root.news?.results) ? root.news.results : Array.isArray(root.web?.results) ? root.web.results : [];
	return list
		.map((item) => ({
			title: textValue(item?.title)?.replace(/<[^>]+>/g, '') ?? '',
			url: textValue(item?.url) ?? '',
			description: textValue(item?.description)?.replace(/<[^>]+>/g, '') ?? null,
			date: dateFromText(item?.page_age) ?? dateFromText(item?.age),
			publisher: textValue(item?.meta_url?.hostname) ?? textValue(item?.profile?.name),
		}))
		.filter((item) => item.title !== '' && /^https?:\/\//.test(item.url));
}

const rules: {type: string; pattern: RegExp; kind: 'trigger' | 'initiative' | 'caution'}[] = [
	{type: 'layoffs', pattern: /\b(lay-?offs?|laid off|job cuts|cuts? \d[\d,]* jobs|redundanc(y|ies)|workforce reduction)\b/i, kind: 'caution'},
	{type: 'executive_hire', pattern: /\b(appoint(s|ed)?|names?|hires?|promot(es|ed))\b.{0,80}\b(chief (digital|technology|information|data|product|e-?commerce|experience) officer|cto|cdo|cio|head of (digital|e-?commerce|search))\b/i, kind: 'trigger'},
	{type: 'digital_initiative', pattern: /\b(digital transformation|re-?platform\w*|new (e-?commerce|online) (platform|site|store)|launch(es|ed)? (a |its )?new (website|app|online store)|headless commerce|composable commerce)\b/i, kind: 'initiative'},
	{type: 'acquisition_news', pattern: /\b(acquires?|acquired|acquisition of|to buy|merger with)\b/i, kind: 'trigger'},
	{type: 'funding', pattern: /\b(raises?|raised) \$?\d[\d.,]* ?(m|million|bn|billion)\b|\bseries [a-f] (round|funding)\b/i, kind: 'trigger'},
];

export type NewsSignals = {triggerEvents: TriggerEvent[]; initiatives: TriggerEvent[]; cautions: TriggerEvent[]};

/** Classifies news that mentions the company (by name or domain). */
export function newsSignals(items: readonly NewsItem[], company: {name: string | null; domain: string}): NewsSignals {
	const label = company.domain.split('.')[0]!;
	const mentions = (text: string) => (company.name ? text.toLowerCase().includes(company.name.toLowerCase()) : false) || new RegExp(`\\b${label.replace(/[^a-z0-9]/gi, '')}\\b`, 'i').test(text);
	const result: NewsSignals = {triggerEvents: [], initiatives: [], cautions: []};
	const seen = new Set<string>();
	for (const item of items) {
		const text = `${item.title}. ${item.description ?? ''}`;
		if (!mentions(text) || seen.has(item.url)) continue;
		const rule = rules.find((candidate) => candidate.pattern.test(text));
		if (!rule) continue;
		seen.add(item.url);
		const event: TriggerEvent = {type: rule.type, title: item.title.slice(0, 300), description: (item.description ?? item.title).slice(0, 600), date: item.date, source: 'websearch', source_url: item.url, evidence: {publisher: item.publisher}};
		(rule.kind === 'caution' ? result.cautions : rule.kind === 'initiative' ? result.initiatives : result.triggerEvents).push(event);
	}
	return result;
}
