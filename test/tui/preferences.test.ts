/**
 * Preferences through conf: defaults, dotted get/set with validation, a bad stored
 * value falling back to its default, the file mode 0600, and redirection by `cwd`.
 */
import {afterAll, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {defaultPreferences, flattenPreferences, getPath, mergePreferences, preferenceProblems, preferenceStore, setPath} from '../../source/config/preferences.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pf-prefs-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('preferences', () => {
	it('starts from the defaults and writes a 0600 file where told', () => {
		const store = preferenceStore({cwd: path.join(dir, 'a')});
		expect(store.read()).toEqual(defaultPreferences());
		store.write(setPath(store.read(), 'theme', 'light'));
		expect(store.path).toBe(path.join(dir, 'a', 'config.json'));
		expect(statSync(store.path).mode & 0o777).toBe(0o600);
		expect(preferenceStore({cwd: path.join(dir, 'a')}).read().theme).toBe('light');
	});

	it('sets and gets dotted paths with types checked', () => {
		let p = defaultPreferences();
		p = setPath(p, 'refreshInterval', '30');
		p = setPath(p, 'views.hot.columns', '["domain","priority_score"]');
		p = setPath(p, 'views.targets.sort', '{"column":"domain","descending":false}');
		p = setPath(p, 'views.hot.filter', '123');
		p = setPath(p, 'keys.nav.down', 'n,down');
		p = setPath(p, 'exportFormat', 'json');
		expect(p.refreshInterval).toBe(30);
		expect(getPath(p, 'views.hot.columns')).toEqual(['domain', 'priority_score']);
		expect(p.views.targets.sort).toEqual({column: 'domain', descending: false});
		expect(p.views.hot.filter).toBe('123');
		expect(p.keys['nav.down']).toEqual(['n', 'down']);
		expect(() => setPath(p, 'theme', 'purple')).toThrow(/theme must be default, light or mono/);
		expect(() => setPath(p, 'refreshInterval', '-1')).toThrow(/refreshInterval/);
		expect(() => setPath(p, 'nope', '1')).toThrow(/unknown preference "nope"/);
		expect(() => setPath(p, 'views.hot.sort', '"x"')).toThrow(/views\.hot\.sort/);
		expect(flattenPreferences(p)).toContainEqual(['views.hot.columns', ['domain', 'priority_score']]);
		expect(flattenPreferences(p)).toContainEqual(['keys.nav.down', ['n', 'down']]);
	});

	it('a hand-edited file with bad values falls back value by value', () => {
		const cwd = path.join(dir, 'b');
		const store = preferenceStore({cwd});
		store.write(defaultPreferences());
		writeFileSync(store.path, JSON.stringify({theme: 'neon', refreshInterval: 10, views: {hot: {filter: 'acme', sort: 5}, bogus: {}}, keys: {'nav.down': 'j'}}));
		const read = preferenceStore({cwd}).read();
		expect(read.theme).toBe('default');
		expect(read.refreshInterval).toBe(10);
		expect(read.views.hot).toEqual(defaultPreferences().views.hot); // the whole bad view falls back
		expect(read.keys).toEqual({});
		expect(preferenceProblems({views: {bogus: {}}})).toEqual(['views.bogus is not a view (hot, targets, enrichment, jobs)']);
		expect(mergePreferences('garbage')).toEqual(defaultPreferences());
	});

	it('refuses to write invalid preferences', () => {
		const store = preferenceStore({cwd: path.join(dir, 'c')});
		expect(() => store.write({...defaultPreferences(), theme: 'x' as never})).toThrow(/invalid preferences/);
	});
});
