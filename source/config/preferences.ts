/**
 * Local preferences of the app (conf 15): default view, per-view filter / sort /
 * columns, export format, theme, refresh interval and key bindings. Stored in
 * `$XDG_CONFIG_HOME/partnerforge-nodejs/config.json` (mode 0600). Only the CLI / TUI
 * process writes this file, never the worker. Values are checked here (not by conf's
 * JSON-schema option) so a hand-edited file with a bad value falls back to the default
 * for that value instead of refusing to start.
 */
import Conf from 'conf';
import {UsageError} from '../errors.js';

export type ViewName = 'hot' | 'targets' | 'enrichment' | 'jobs';
export const VIEW_NAMES: readonly ViewName[] = ['hot', 'targets', 'enrichment', 'jobs'];
export type ThemeName = 'default' | 'light' | 'mono';
export type ExportFormatName = 'csv' | 'json';

export type ViewPreferences = {filter: string; sort: {column: string; descending: boolean} | null; columns: string[] | null};

export type Preferences = {
	defaultView: ViewName;
	theme: ThemeName;
	exportFormat: ExportFormatName;
	/** Where `x` writes its file; empty: the current directory. */
	exportDirectory: string;
	/** Seconds between automatic refreshes of a view; 0 = off. */
	refreshInterval: number;
	views: Record<ViewName, ViewPreferences>;
	/** Action name → keys (e.g. "list.down": ["j", "down"]); replaces the default keys of that action. */
	keys: Record<string, string[]>;
};

const emptyView = (): ViewPreferences => ({filter: '', sort: null, columns: null});

export function defaultPreferences(): Preferences {
	return {
		defaultView: 'hot',
		theme: 'default',
		exportFormat: 'csv',
		exportDirectory: '',
		refreshInterval: 0,
		views: {hot: emptyView(), targets: emptyView(), enrichment: emptyView(), jobs: emptyView()},
		keys: {},
	};
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Problems with a preferences object, in words (empty when valid). Pure. */
export function preferenceProblems(value: unknown): string[] {
	const problems: string[] = [];
	if (!isRecord(value)) return ['preferences must be an object'];
	const p = value as Partial<Preferences>;
	if (p.defaultView !== undefined && !VIEW_NAMES.includes(p.defaultView)) problems.push(`defaultView must be one of ${VIEW_NAMES.join(', ')}`);
	if (p.theme !== undefined && !['default', 'light', 'mono'].includes(p.theme)) problems.push('theme must be default, light or mono');
	if (p.exportFormat !== undefined && !['csv', 'json'].includes(p.exportFormat)) problems.push('exportFormat must be csv or json');
	if (p.exportDirectory !== undefined && typeof p.exportDirectory !== 'string') problems.push('exportDirectory must be a path');
	if (p.refreshInterval !== undefined && !(typeof p.refreshInterval === 'number' && Number.isFinite(p.refreshInterval) && p.refreshInterval >= 0 && p.refreshInterval <= 86_400)) problems.push('refreshInterval must be seconds between 0 (off) and 86400');
	if (p.views !== undefined) {
		if (!isRecord(p.views)) problems.push('views must be an object');
		else
			for (const [name, view] of Object.entries(p.views)) {
				if (!VIEW_NAMES.includes(name as ViewName)) problems.push(`views.${name} is not a view (${VIEW_NAMES.join(', ')})`);
				else if (!isRecord(view)) problems.push(`views.${name} must be an object`);
				else {
					const v = view as Partial<ViewPreferences>;
					if (v.filter !== undefined && typeof v.filter !== 'string') problems.push(`views.${name}.filter must be text`);
					if (v.sort !== undefined && v.sort !== null && !(isRecord(v.sort) && typeof v.sort.column === 'string' && typeof v.sort.descending === 'boolean')) problems.push(`views.${name}.sort must be {"column": "...", "descending": true|false} or null`);
					if (v.columns !== undefined && v.columns !== null && !(Array.isArray(v.columns) && v.columns.every((c) => typeof c === 'string'))) problems.push(`views.${name}.columns must be a list of column names or null`);
				}
			}
	}
	if (p.keys !== undefined) {
		if (!isRecord(p.keys)) problems.push('keys must be an object of action → list of keys');
		else for (const [action, keys] of Object.entries(p.keys)) if (!(Array.isArray(keys) && keys.every((k) => typeof k === 'string' && k !== ''))) problems.push(`keys.${action} must be a list of keys, e.g. ["j", "down"]`);
	}
	return problems;
}

/** Stored values over the defaults, each bad value replaced by its default. Pure. */
export function mergePreferences(stored: unknown): Preferences {
	const base = defaultPreferences();
	if (!isRecord(stored)) return base;
	const pick = <K extends keyof Preferences>(key: K): Preferences[K] => (preferenceProblems({[key]: stored[key]}).length === 0 && stored[key] !== undefined ? (stored[key] as Preferences[K]) : base[key]);
	const views = {...base.views};
	if (isRecord(stored.views)) {
		for (const name of VIEW_NAMES) {
			const view = stored.views[name];
			if (preferenceProblems({views: {[name]: view}}).length === 0 && isRecord(view)) views[name] = {...emptyView(), ...(view as Partial<ViewPreferences>)};
		}
	}
	return {defaultView: pick('defaultView'), theme: pick('theme'), exportFormat: pick('exportFormat'), exportDirectory: pick('exportDirectory'), refreshInterval: pick('refreshInterval'), views, keys: pick('keys')};
}

export type PreferenceStore = {
	read(): Preferences;
	write(preferences: Preferences): void;
	path: string;
};

/**
 * The preferences file. `cwd` puts it in a given directory (tests); otherwise conf's
 * per-user config directory (XDG_CONFIG_HOME respected).
 */
export function preferenceStore(options: {cwd?: string} = {}): PreferenceStore {
	const conf = new Conf<Record<string, unknown>>({
		projectName: 'partnerforge',
		configFileMode: 0o600,
		...(options.cwd || process.env.PF_CONFIG_DIR ? {cwd: options.cwd ?? process.env.PF_CONFIG_DIR} : {}),
	});
	return {
		path: conf.path,
		read: () => mergePreferences(conf.store),
		write: (preferences) => {
			const problems = preferenceProblems(preferences);
			if (problems.length > 0) throw new UsageError(`invalid preferences: ${problems.join('; ')}`, 'see `pf config list` for the current values');
			conf.store = preferences as unknown as Record<string, unknown>;
		},
	};
}

/** The value at a dotted path (`views.hot.filter`), or undefined. Pure. */
export function getPath(preferences: Preferences, dotted: string): unknown {
	let value: unknown = preferences;
	for (const part of dotted.split('.')) {
		if (!isRecord(value)) return undefined;
		value = value[part];
	}
	return value;
}

/** Parses a value typed on the command line: JSON when it is JSON, text otherwise. */
export function parseValue(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * A copy of the preferences with a dotted path set. Keys (`keys.list.down`) take the
 * rest of the path as the action name and accept "j,down" as well as a JSON list.
 */
export function setPath(preferences: Preferences, dotted: string, raw: string): Preferences {
	const next = structuredClone(preferences);
	const parts = dotted.split('.');
	if (parts[0] === 'keys' && parts.length >= 2) {
		const action = parts.slice(1).join('.');
		const value = parseValue(raw);
		next.keys[action] = Array.isArray(value) ? (value as string[]) : String(raw).split(',').map((k) => k.trim()).filter(Boolean);
	} else {
		const known = getPath(defaultPreferences(), dotted);
		if (known === undefined && !(parts[0] === 'views' && parts.length === 3)) throw new UsageError(`unknown preference "${dotted}"`, 'run `pf config list` to see the preferences');
		let value = parseValue(raw);
		// Text preferences keep what was typed (a filter of "123" stays text).
		if (typeof known === 'string' && typeof value !== 'string') value = raw;
		let holder: Record<string, unknown> = next as unknown as Record<string, unknown>;
		for (const part of parts.slice(0, -1)) {
			if (!isRecord(holder[part])) throw new UsageError(`unknown preference "${dotted}"`, 'run `pf config list` to see the preferences');
			holder = holder[part] as Record<string, unknown>;
		}
		holder[parts.at(-1)!] = value;
	}
	const problems = preferenceProblems(next);
	if (problems.length > 0) throw new UsageError(`cannot set ${dotted}: ${problems.join('; ')}`, 'see `pf config --help`');
	return next;
}

/** Every leaf preference as [dotted path, value], for `pf config list`. Pure. */
export function flattenPreferences(preferences: Preferences): [string, unknown][] {
	const out: [string, unknown][] = [];
	const walk = (value: unknown, prefix: string) => {
		if (isRecord(value) && !(prefix.startsWith('keys.') || /^views\.[a-z]+\.sort$/.test(prefix))) {
			const entries = Object.entries(value);
			if (entries.length === 0 && prefix) out.push([prefix, value]);
			for (const [key, inner] of entries) walk(inner, prefix ? `${prefix}.${key}` : key);
		} else out.push([prefix, value]);
	};
	walk(preferences, '');
	return out;
}
