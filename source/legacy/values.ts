/**
 * Reading legacy SQLite values: JSON stored as TEXT (empty strings are null), 0/1 as
 * booleans, REAL revenues as exact integers, and the two timestamp formats the legacy
 * tool wrote. Pure: no I/O.
 */

/** A value as better-sqlite3 returns it. */
export type SqliteValue = string | number | bigint | Buffer | null | undefined;

/** Trimmed text, or null for null/empty/whitespace. */
export function text(value: SqliteValue): string | null {
	if (value === null || value === undefined) return null;
	const result = (typeof value === 'string' ? value : String(value)).trim();
	return result === '' ? null : result;
}

/** Text capped to a column's length (VARCHAR(n)), keeping whole characters. */
export function capped(value: SqliteValue, length: number): string | null {
	const result = text(value);
	if (result === null) return null;
	const chars = [...result];
	return chars.length <= length ? result : chars.slice(0, length - 1).join('') + '…';
}

export type JsonResult = {ok: true; value: unknown} | {ok: false; reason: string};

/** JSON in a TEXT column: null and '' (and whitespace) are null; invalid JSON is an error. */
export function json(value: SqliteValue): JsonResult {
	const raw = text(value);
	if (raw === null) return {ok: true, value: null};
	try {
		return {ok: true, value: JSON.parse(raw)};
	} catch {
		return {ok: false, reason: `invalid JSON: ${raw.length > 40 ? raw.slice(0, 40) + '…' : raw}`};
	}
}

/** A JSON array of strings (other element types are kept as their JSON text); null if absent. */
export function stringArray(value: unknown): string[] | null {
	if (value === null || value === undefined) return null;
	const items = Array.isArray(value) ? value : [value];
	return items.map((item) => (typeof item === 'string' ? item.trim() : JSON.stringify(item))).filter((item) => item !== '');
}

/** 0/1 (or '0'/'1', 'true'/'false') as a boolean; null if absent. */
export function bool(value: SqliteValue): boolean | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
	const lower = String(value).trim().toLowerCase();
	if (['1', 'true', 'yes', 't', 'y'].includes(lower)) return true;
	if (['0', 'false', 'no', 'f', 'n'].includes(lower)) return false;
	return null;
}

/** A finite number, or null (non-numeric text is null). */
export function number(value: SqliteValue): number | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'bigint') return Number(value);
	const result = typeof value === 'number' ? value : Number(String(value).trim());
	return Number.isFinite(result) ? result : null;
}

/**
 * An integer with every digit, as decimal text for BIGINT/NUMERIC columns. SQLite REAL
 * 136974000128.0 is an exact double, so it becomes '136974000128'; a fractional value
 * rounds to the nearest integer.
 */
export function exactInteger(value: SqliteValue): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'string') {
		const trimmed = value.trim().replace(/\.0+$/, '');
		if (/^-?\d{1,18}$/.test(trimmed)) return BigInt(trimmed).toString();
	}
	const n = number(value);
	if (n === null || Math.abs(n) >= 9.2e18) return null;
	return BigInt(Math.round(n)).toString();
}

/** An integer that fits PostgreSQL INTEGER, or null. */
export function int32(value: SqliteValue): number | null {
	const n = number(value);
	if (n === null) return null;
	const rounded = Math.round(n);
	return rounded >= -2147483648 && rounded <= 2147483647 ? rounded : null;
}

/**
 * A share as a fraction: the legacy file mixes 0.16554 and 71.3 (per cent) in one
 * column, so values above 1 are read as per cent.
 */
export function fraction(value: SqliteValue): number | null {
	const n = number(value);
	if (n === null) return null;
	return Math.abs(n) > 1 ? n / 100 : n;
}

/** Rounds to `places` decimals and returns null when the result does not fit DECIMAL(p, places). */
export function decimal(value: number | null, precision: number, places: number): number | null {
	if (value === null) return null;
	const rounded = Number(value.toFixed(places));
	return Math.abs(rounded) < 10 ** (precision - places) ? rounded : null;
}

const sqliteTimestamp = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

const offsets = new Map<string, number>();

/**
 * Offset in minutes of `timeZone` from UTC at an instant (e.g. -300 for New York in
 * February). Offsets change at most on the hour, and formatting is slow, so each hour's
 * offset is computed once.
 */
function zoneOffsetMinutes(instant: number, timeZone: string): number {
	const key = `${timeZone}|${Math.floor(instant / 3_600_000)}`;
	let offset = offsets.get(key);
	if (offset === undefined) {
		if (offsets.size > 100_000) offsets.clear();
		offset = computeZoneOffset(instant, timeZone);
		offsets.set(key, offset);
	}
	return offset;
}

function computeZoneOffset(instant: number, timeZone: string): number {
	// Building a formatter costs far more than using one: keep one per zone.
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'});
		formatters.set(timeZone, formatter);
	}
	const parts = formatter.formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

export type TimestampOptions = {
	/**
	 * Zone of timestamps written without one in ISO form (`2026-02-25T14:29:45.366585`).
	 * The legacy tool wrote SQLite's CURRENT_TIMESTAMP (`2026-02-25 19:29:45`, UTC) and
	 * Python's local `datetime.now().isoformat()`: rows that carry both show the ISO one
	 * five hours behind, i.e. US Eastern.
	 */
	isoTimeZone: string;
};

export const defaultTimestampOptions: TimestampOptions = {isoTimeZone: 'America/New_York'};

/**
 * Both legacy timestamp formats as an ISO-8601 UTC string, or null if absent/unreadable:
 * `YYYY-MM-DD HH:MM:SS` (SQLite CURRENT_TIMESTAMP, UTC) and `YYYY-MM-DDTHH:MM:SS.ffffff`
 * (local time of the legacy machine, see TimestampOptions). An explicit zone wins.
 */
export function timestamp(value: SqliteValue, options: TimestampOptions = defaultTimestampOptions): string | null {
	const raw = text(value);
	if (raw === null) return null;
	if (typeof value === 'number') return epochToIso(value);
	const date = dateOnly.exec(raw);
	if (date) return validDate(Number(date[1]), Number(date[2]), Number(date[3])) ? `${date[1]}-${date[2]}-${date[3]}T00:00:00.000Z` : null;
	const match = sqliteTimestamp.exec(raw);
	if (!match) return /^\d{9,13}$/.test(raw) ? epochToIso(Number(raw)) : null;
	const [, y, mo, d, h, mi, s = '0', frac = '', zone] = match;
	if (!validDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
	const millis = Number((frac + '000').slice(0, 3));
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
	let instant = wall;
	if (zone) {
		if (zone !== 'Z') {
			const sign = zone.startsWith('-') ? -1 : 1;
			const digits = zone.slice(1).replace(':', '');
			instant = wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
		}
	} else if (raw.includes('T')) {
		// Wall time in the legacy machine's zone: find the offset at that instant (twice, for DST edges).
		let offset = zoneOffsetMinutes(wall, options.isoTimeZone);
		offset = zoneOffsetMinutes(wall - offset * 60000, options.isoTimeZone);
		instant = wall - offset * 60000;
	}
	return new Date(instant).toISOString();
}

function epochToIso(value: number): string | null {
	if (!Number.isFinite(value) || value <= 0) return null;
	const millis = value < 1e11 ? value * 1000 : value;
	return new Date(millis).toISOString();
}

function validDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A date (YYYY-MM-DD) from a legacy date or timestamp; the Unix epoch placeholder 1970-01-01 is null. */
export function dateValue(value: SqliteValue, options: TimestampOptions = defaultTimestampOptions): string | null {
	const raw = text(value);
	if (raw === null) return null;
	const iso = dateOnly.test(raw) ? `${raw}T00:00:00.000Z` : timestamp(raw, options);
	if (iso === null) return null;
	const day = iso.slice(0, 10);
	return day === '1970-01-01' ? null : day;
}
