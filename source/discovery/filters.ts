/**
 * The filters of `pf discover`, read from what a user types and turned into the BuiltWith
 * Lists API's parameters. Pure: no I/O.
 *
 *   --since 30d | 12w | 6m | 2026-01-31   → SINCE=30 Days Ago | 84 Days Ago | 6 Months Ago | 2026-01-31
 *   --country gb,de                        → COUNTRY=UK,DE (BuiltWith writes the United Kingdom as UK)
 */

export type ParsedSince = {ok: true; param: string} | {ok: false; reason: string};

/** Reads --since. Relative spans go to BuiltWith as "N Days Ago" / "N Months Ago"; dates as given. */
export function parseSince(input: string, today: Date = new Date()): ParsedSince {
	const text = input.trim().toLowerCase();
	const relative = /^(\d{1,4})\s*(d|day|days|w|week|weeks|m|month|months|y|year|years)$/.exec(text);
	if (relative) {
		const amount = Number(relative[1]);
		if (amount < 1) return {ok: false, reason: 'the span must be at least 1'};
		const unit = relative[2]![0];
		if (unit === 'd') return amount > 3660 ? {ok: false, reason: 'more than ten years'} : {ok: true, param: `${amount} Days Ago`};
		if (unit === 'w') return amount > 520 ? {ok: false, reason: 'more than ten years'} : {ok: true, param: `${amount * 7} Days Ago`};
		if (unit === 'm') return amount > 120 ? {ok: false, reason: 'more than ten years'} : {ok: true, param: `${amount} Months Ago`};
		return amount > 10 ? {ok: false, reason: 'more than ten years'} : {ok: true, param: `${amount * 12} Months Ago`};
	}
	const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (date) {
		const value = new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
		if (value.getUTCFullYear() !== Number(date[1]) || value.getUTCMonth() !== Number(date[2]) - 1 || value.getUTCDate() !== Number(date[3])) {
			return {ok: false, reason: 'that date does not exist'};
		}
		if (value.getTime() > today.getTime()) return {ok: false, reason: 'that date is in the future'};
		return {ok: true, param: text};
	}
	return {ok: false, reason: 'expected a span such as 30d, 12w, 6m, 1y or a date such as 2026-01-31'};
}

export type ParsedCountry = {ok: true; param: string} | {ok: false; reason: string};

/** Reads --country: ISO 3166-1 alpha-2 codes, comma-separated; GB is sent as UK. */
export function parseCountry(input: string): ParsedCountry {
	const codes = input.split(',').map((code) => code.trim().toUpperCase()).filter(Boolean);
	if (codes.length === 0) return {ok: false, reason: 'no country code given'};
	for (const code of codes) {
		if (!/^[A-Z]{2}$/.test(code)) return {ok: false, reason: `"${code}" is not a two-letter country code`};
	}
	const sent = [...new Set(codes.map((code) => (code === 'GB' ? 'UK' : code)))].sort();
	return {ok: true, param: sent.join(',')};
}

/** Identifies "the same discovery" for resuming: technology and filters as sent. */
export function discoveryKey(listsName: string, since: string | null, country: string | null): string {
	return JSON.stringify([listsName.toLowerCase(), since?.toLowerCase() ?? null, country ?? null]);
}
