/**
 * `pf config push|pull`: the local preferences (conf, source/config/preferences.ts)
 * and the account's users_preferences row. The row's own columns carry what they name
 * (default_view, export_format); everything else of the local preferences (theme,
 * views, keys, refresh interval, export directory) travels in dashboard_filters as
 * `{"pf": <preferences>}`. Notification settings and the Slack webhook are never
 * touched: they are not local preferences, and the webhook is a secret.
 *
 * The saved API key is not a preference (it lives in credentials.json) and never leaves
 * the machine this way.
 */
import type {Sql} from '../db/client.js';
import {readPreferencesRow, writePreferencesRow} from '../db/users.js';
import {NotPermittedError} from '../errors.js';
import {authorize, type Actor, type KeyActor} from './access.js';

/** The local store, as the TUI's preferences module provides it. */
export type LocalPreferences<P> = {read(): P; write(preferences: P): void};

async function accountActor(sql: Sql, action: 'config.push' | 'config.pull', options: {actor?: Actor; env?: NodeJS.ProcessEnv}): Promise<KeyActor> {
	const actor = await authorize(sql, {action, actor: options.actor, env: options.env});
	if (actor.kind !== 'key') {
		throw new NotPermittedError('preferences are synced with an account, and pf does not know yours', 'set PF_API_KEY or run `pf keys save` with your key (an admin makes one with `pf keys create --user <email>`)');
	}
	return actor;
}

/** Pure: local preferences → the row's columns. */
export function preferencesToRow<P extends {defaultView?: unknown; exportFormat?: unknown}>(preferences: P) {
	return {
		default_view: typeof preferences.defaultView === 'string' ? preferences.defaultView : 'hot',
		export_format: typeof preferences.exportFormat === 'string' ? preferences.exportFormat : 'csv',
		dashboard_filters: {pf: preferences as unknown},
	};
}

/** Pure: the row → local preferences over the current ones (unknown parts ignored). */
export function rowToPreferences<P extends object>(row: {default_view: string | null; export_format: string | null; dashboard_filters: unknown}, current: P): P {
	const stored = (row.dashboard_filters as {pf?: unknown} | null)?.pf;
	const blob = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : undefined;
	const merged: Record<string, unknown> = {...(current as Record<string, unknown>), ...blob};
	// The columns speak only where the blob is silent (a row written by another client).
	if (row.default_view && blob?.defaultView === undefined) merged.defaultView = row.default_view;
	if (row.export_format && blob?.exportFormat === undefined) merged.exportFormat = row.export_format;
	// A key of the API kind must never arrive through preferences.
	delete merged.apiKey;
	return merged as P;
}

export async function pushPreferences<P extends {defaultView?: unknown; exportFormat?: unknown}>(sql: Sql, local: LocalPreferences<P>, options: {actor?: Actor; env?: NodeJS.ProcessEnv} = {}): Promise<{email: string}> {
	const actor = await accountActor(sql, 'config.push', options);
	const preferences = {...local.read()} as P & {apiKey?: unknown};
	delete preferences.apiKey;
	await writePreferencesRow(sql, actor.userId, preferencesToRow(preferences));
	return {email: actor.email};
}

export async function pullPreferences<P extends object>(sql: Sql, local: LocalPreferences<P>, options: {actor?: Actor; env?: NodeJS.ProcessEnv} = {}): Promise<{email: string; found: boolean}> {
	const actor = await accountActor(sql, 'config.pull', options);
	const row = await readPreferencesRow(sql, actor.userId);
	if (!row) return {email: actor.email, found: false};
	local.write(rowToPreferences(row, local.read()));
	return {email: actor.email, found: true};
}
