/**
 * Times given on the command line: `--since 7d`, `--expires 90d`, or an ISO-8601
 * date/time. Pure: `now` is a parameter.
 */

const units: Record<string, number> = {s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** Parses `30d`, `12h`, `45m`, `2w` into milliseconds; undefined if it is not a duration. */
export function parseDuration(text: string): number | undefined {
	const match = /^(\d+)\s*(s|m|min|h|d|w)$/i.exec(text.trim());
	if (!match) return undefined;
	return Number(match[1]) * units[match[2]!.toLowerCase()]!;
}

/** A moment in the past: `7d` ago, or an absolute ISO date. Undefined if unreadable. */
export function parseSince(text: string, now: number): Date | undefined {
	const duration = parseDuration(text);
	if (duration !== undefined) return new Date(now - duration);
	return parseDate(text);
}

/** A moment in the future: in `90d`, or an absolute ISO date. Undefined if unreadable. */
export function parseExpiry(text: string, now: number): Date | undefined {
	const duration = parseDuration(text);
	if (duration !== undefined) return new Date(now + duration);
	return parseDate(text);
}

function parseDate(text: string): Date | undefined {
	if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
	const date = new Date(text.trim());
	return Number.isNaN(date.getTime()) ? undefined : date;
}
