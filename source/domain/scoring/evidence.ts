/**
 * Small pure helpers for reading evidence out of intel rows: is a URL a real source,
 * how old is a date, and what is in the free-form JSON lists (trigger events,
 * initiatives, source lists) that importers and enrichment modules write in slightly
 * different shapes. No I/O.
 */

/** True for an absolute http(s) URL with a dotted host: the only thing a brief may cite. */
export function isRealUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const text = value.trim();
	if (!/^https?:\/\//i.test(text)) return false;
	try {
		const url = new URL(text);
		return url.hostname.includes('.') && !/\s/.test(text);
	} catch {
		return false;
	}
}

/** A date-like value as an ISO date (YYYY-MM-DD), or null. Accepts Date, ISO strings, epoch ms. */
export function isoDate(value: unknown): string | null {
	const time = toTime(value);
	return time === null ? null : new Date(time).toISOString().slice(0, 10);
}

/** A date-like value as an ISO timestamp, or null. */
export function isoTimestamp(value: unknown): string | null {
	const time = toTime(value);
	return time === null ? null : new Date(time).toISOString();
}

export function toTime(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string') {
		const text = value.trim();
		// "2025-10" (a month) means the first of that month.
		const month = /^(\d{4})-(\d{2})$/.exec(text);
		const time = month ? Date.UTC(Number(month[1]), Number(month[2]) - 1, 1) : Date.parse(text);
		return Number.isNaN(time) ? null : time;
	}
	return null;
}

const dayMs = 86_400_000;

/** Whole days from `from` to `now` (0 for dates in the future), or null when unknown. */
export function ageInDays(from: unknown, now: Date): number | null {
	const time = toTime(from);
	if (time === null) return null;
	return Math.max(0, Math.floor((now.getTime() - time) / dayMs));
}

/** A number from a number, numeric string or {raw} object (Yahoo's shape); else null. */
export function toNumber(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'bigint') return Number(value);
	if (typeof value === 'string') {
		const n = Number(value);
		return Number.isFinite(n) ? n : null;
	}
	if (typeof value === 'object' && 'raw' in (value as Record<string, unknown>)) return toNumber((value as {raw: unknown}).raw);
	return null;
}

/** One item of a free-form evidence list (trigger events, initiatives, cautions). */
export type EvidenceItem = {text: string; type: string | null; sourceUrl: string | null; sourceName: string | null; date: string | null};

const textKeys = ['title', 'event', 'headline', 'initiative', 'name', 'description', 'text', 'summary', 'signal'];
const typeKeys = ['type', 'trigger_type', 'event_type', 'kind', 'category'];
const urlKeys = ['source_url', 'sourceUrl', 'url', 'link', 'href'];
const sourceNameKeys = ['source', 'source_name', 'publisher'];
const dateKeys = ['date', 'source_date', 'published', 'published_at', 'publishedAt', 'detected_at', 'detectedAt', 'announced', 'effective_date'];

function firstString(record: Record<string, unknown>, keys: string[]): string | null {
	for (const key of keys) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return null;
}

/**
 * Reads a JSON list of events in any of the shapes the writers use: an array of strings
 * ("MB.OS launch [TechCrunch, Oct 2025]"), an array of objects with a title/description
 * and a source_url/date, or an object holding such an array. Unknown shapes yield [].
 */
export function evidenceItems(value: unknown): EvidenceItem[] {
	if (value === null || value === undefined) return [];
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return [];
		if (text.startsWith('[') || text.startsWith('{')) {
			try {
				return evidenceItems(JSON.parse(text));
			} catch {
				// plain text that happens to start with a bracket
			}
		}
		return [{text, type: null, sourceUrl: null, sourceName: null, date: null}];
	}
	if (Array.isArray(value)) return value.flatMap((item) => evidenceItems(item));
	if (typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const text = firstString(record, textKeys);
		if (text === null) {
			// An object wrapping lists ({events: [...]}) or keyed by name.
			return Object.values(record).flatMap((inner) => (typeof inner === 'object' ? evidenceItems(inner) : []));
		}
		const url = firstString(record, urlKeys);
		const description = typeof record.description === 'string' && record.description.trim() !== text ? record.description.trim() : null;
		return [
			{
				text: description && text !== description && firstString(record, ['title', 'event', 'headline']) ? `${text}: ${description}` : text,
				type: firstString(record, typeKeys)?.toLowerCase() ?? null,
				sourceUrl: isRealUrl(url) ? url : null,
				sourceName: firstString(record, sourceNameKeys),
				date: isoDate(firstString(record, dateKeys)),
			},
		];
	}
	return [];
}

/** Real URLs in a JSON value: a string, an array of strings/objects, or an object of them. */
export function urlsIn(value: unknown): string[] {
	const found: string[] = [];
	const visit = (inner: unknown) => {
		if (typeof inner === 'string') {
			if (isRealUrl(inner)) found.push(inner.trim());
		} else if (Array.isArray(inner)) {
			inner.forEach(visit);
		} else if (inner && typeof inner === 'object') {
			Object.values(inner as Record<string, unknown>).forEach(visit);
		}
	};
	visit(value);
	return [...new Set(found)];
}

/** Word-boundary match on any of the patterns (case-insensitive). */
export function mentions(text: string | null | undefined, pattern: RegExp): boolean {
	return typeof text === 'string' && pattern.test(text);
}
