/**
 * One page of the BuiltWith Lists API, read into plain rows. Pure: no I/O.
 *
 * Shape (JSON): {"NextOffset": "<token>" | "END", "Results": [{"D": "example.com",
 * "FD": 1431475200000, "LD": 1732406400000, "S": 1200, "META": {"CompanyName": …,
 * "Vertical": …, "Country": …, "City": …, "State": …}}, …]}. Dates are epoch
 * milliseconds like the Domain API's; ISO strings are read too. An error answer carries
 * "Errors": [{"Message": …}].
 */

export type ListedSite = {
	/** D as sent (normalised later). */
	domain: string;
	companyName: string | null;
	vertical: string | null;
	country: string | null;
	city: string | null;
	state: string | null;
	/** YYYY-MM-DD */
	firstDetected: string | null;
	lastDetected: string | null;
};

export type ListsPage = {
	/** The OFFSET of the next page; null when NextOffset is END (or absent). */
	nextOffset: string | null;
	sites: ListedSite[];
};

export type ListsPageError = {message: string; keyProblem: boolean};

/** The error an answer carries (an Errors list, or no Results at all), if any. */
export function listsPageError(body: unknown): ListsPageError | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return {message: 'the answer is not a JSON object', keyProblem: false};
	const record = body as Record<string, unknown>;
	const errors = record.Errors ?? record.errors;
	if (Array.isArray(errors) && errors.length > 0) {
		const first = errors[0] as Record<string, unknown> | string;
		const message = typeof first === 'string' ? first : String(first?.Message ?? first?.message ?? JSON.stringify(first));
		return {message, keyProblem: /\bkey\b|credit|auth|unauthori[sz]ed|subscription|plan/i.test(message)};
	}
	if (!Array.isArray(record.Results) && record.Results !== null && record.Results !== undefined) return {message: 'Results is not a list', keyProblem: false};
	if (record.Results === undefined && record.NextOffset === undefined) return {message: 'the answer has neither Results nor NextOffset', keyProblem: false};
	return undefined;
}

const text = (value: unknown, max: number): string | null => {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed ? trimmed.slice(0, max) : null;
};

/** Epoch ms (or s), or an ISO date string, as YYYY-MM-DD; null when absent or unreadable. */
export function listsDate(value: unknown): string | null {
	let ms: number | undefined;
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) ms = value < 1e11 ? value * 1000 : value;
	else if (typeof value === 'string' && value.trim()) {
		const numeric = Number(value);
		if (Number.isFinite(numeric) && numeric > 0) ms = numeric < 1e11 ? numeric * 1000 : numeric;
		else {
			const parsed = Date.parse(value);
			if (!Number.isNaN(parsed)) ms = parsed;
		}
	}
	return ms === undefined ? null : isoDay(ms);
}

/**
 * Day number → YYYY-MM-DD ('' when out of range). A Lists page has two dates per site and
 * they repeat (a few thousand distinct days): formatting each with Date was ≈ 10 % of pf's
 * own CPU on a 100,000-site walk.
 */
const isoDays = new Map<number, string>();
const dayMs = 86_400_000;

function isoDay(ms: number): string | null {
	const day = Math.floor(ms / dayMs);
	let iso = isoDays.get(day);
	if (iso === undefined) {
		const date = new Date(day * dayMs);
		const year = date.getUTCFullYear();
		iso = year >= 1990 && year <= 2100 ? date.toISOString().slice(0, 10) : '';
		if (isoDays.size >= 100_000) isoDays.clear();
		isoDays.set(day, iso);
	}
	return iso || null;
}

/** Reads a page; call listsPageError first (this one assumes a well-formed answer). */
export function readListsPage(body: unknown): ListsPage {
	const record = (body ?? {}) as Record<string, unknown>;
	const next = typeof record.NextOffset === 'string' ? record.NextOffset.trim() : '';
	const results = Array.isArray(record.Results) ? record.Results : [];
	const sites: ListedSite[] = [];
	for (const item of results) {
		if (!item || typeof item !== 'object') {
			sites.push({domain: typeof item === 'string' ? item : '', companyName: null, vertical: null, country: null, city: null, state: null, firstDetected: null, lastDetected: null});
			continue;
		}
		const result = item as Record<string, unknown>;
		const meta = (result.META ?? result.Meta ?? result.meta ?? {}) as Record<string, unknown>;
		sites.push({
			domain: String(result.D ?? result.Domain ?? ''),
			companyName: text(meta.CompanyName, 500),
			vertical: text(meta.Vertical, 100),
			country: text(meta.Country, 100),
			city: text(meta.City, 100),
			state: text(meta.State, 100),
			firstDetected: listsDate(result.FD ?? result.FirstDetected),
			lastDetected: listsDate(result.LD ?? result.LastDetected),
		});
	}
	return {nextOffset: next === '' || next.toUpperCase() === 'END' ? null : next, sites};
}
