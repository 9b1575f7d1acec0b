/** Small pure readers shared by the transforms: vendor numbers, dates and column limits. */

/** A finite number from a number, a numeric string or Yahoo's `{raw, fmt}` object; `{}`, null, NaN → null. */
export function numberValue(value: unknown): number | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string') {
		if (value.trim() === '') return null;
		const parsed = Number(value.replace(/,/g, ''));
		return Number.isFinite(parsed) ? parsed : null;
	}
	if (typeof value === 'object' && 'raw' in (value as object)) return numberValue((value as {raw: unknown}).raw);
	return null;
}

/** A whole number (BIGINT-safe as a JS number up to 2^53; larger values are kept as strings by callers). */
export function integerValue(value: unknown): number | null {
	const n = numberValue(value);
	return n === null ? null : Math.round(n);
}

/** A non-empty trimmed string, else null. */
export function textValue(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

/** YYYY-MM-DD of an epoch in milliseconds (BuiltWith), or null. */
export function dateFromEpochMs(value: unknown): string | null {
	const ms = numberValue(value);
	if (ms === null || ms <= 0) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** YYYY-MM-DD of an epoch in seconds (Yahoo, JSearch), or null. */
export function dateFromEpochSeconds(value: unknown): string | null {
	const s = numberValue(value);
	return s === null || s <= 0 ? null : dateFromEpochMs(s * 1000);
}

/** YYYY-MM-DD of an ISO-ish date text, or null. */
export function dateFromText(value: unknown): string | null {
	const text = textValue(value);
	if (!text) return null;
	if (/^\d{4}-\d{2}$/.test(text)) return `${text}-01`;
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/**
 * A ratio for a DECIMAL(p, s) column: rounded to `scale` places; when it does not fit
 * (|value| ≥ 10^(p−s)) it is clamped to the limit and the caller gets a note, because
 * a +1,200% month must not abort the whole write.
 */
export function fitDecimal(value: number | null, precision: number, scale: number): {value: number | null; note?: string} {
	if (value === null || !Number.isFinite(value)) return {value: null};
	const limit = 10 ** (precision - scale) - 10 ** -scale;
	const rounded = Number(value.toFixed(scale));
	if (Math.abs(rounded) <= limit) return {value: rounded};
	const clamped = Math.sign(rounded) * limit;
	return {value: Number(clamped.toFixed(scale)), note: `${value} exceeds DECIMAL(${precision},${scale}); stored as ${clamped.toFixed(scale)}`};
}

/** Registrable-ish host of a URL or bare domain, lowercased without www.; null when unreadable. */
export function hostOf(value: unknown): string | null {
	const text = textValue(value);
	if (!text) return null;
	try {
		const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
		return url.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '') || null;
	} catch {
		return null;
	}
}

/** True when `host` is `domain` or one of its sub-domains. */
export function hostBelongsTo(host: string | null, domain: string): boolean {
	if (!host) return false;
	return host === domain || host.endsWith(`.${domain}`);
}
