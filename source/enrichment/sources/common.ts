/**
 * What every source client shares: its ApiSource, whether it is configured (a key, or
 * SEC's User-Agent) and, when not, the note a module reports when it skips it.
 */
import type {SourceHttp} from '../http.js';
import {SOURCE_SETTINGS, sourceKey} from '../http.js';
import type {ApiSource} from '../types.js';

export type SourceClient = {
	readonly source: ApiSource;
	/** Undefined when the client can call its API; otherwise why not, in words. */
	readonly unavailable: string | undefined;
};

/** The note for a source without its key. */
export function missingKeyNote(source: ApiSource): string {
	const settings = SOURCE_SETTINGS[source];
	if (source === 'sec_edgar') return `SEC EDGAR not configured: set SEC_USER_AGENT to an app name and contact e-mail (SEC requires it)`;
	return `${settings.label} not configured: set ${settings.keyEnv}`;
}

/** Unavailable note for a keyed source, or undefined when its key is set. */
export function keyState(http: SourceHttp, source: ApiSource): {key: string | undefined; unavailable: string | undefined} {
	const settings = SOURCE_SETTINGS[source];
	if (!settings.keyEnv) return {key: undefined, unavailable: undefined};
	const key = sourceKey(source, http.env);
	return {key, unavailable: key || settings.keyOptional ? undefined : missingKeyNote(source)};
}

/** YYYY-MM of a month `offset` months from `now` (negative = back). */
export function monthOffset(now: Date, offset: number): string {
	const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
	return date.toISOString().slice(0, 7);
}

/** PF_NOW (ISO date) pins "now" for date windows in tests and replays; else the clock. */
export function sourceNow(env: NodeJS.ProcessEnv): Date {
	const pinned = env.PF_NOW ? new Date(env.PF_NOW) : undefined;
	return pinned && !Number.isNaN(pinned.getTime()) ? pinned : new Date();
}
