/**
 * `pf config push|pull`: local preferences ↔ the account's users_preferences row; the
 * saved key never travels, and without a key there is no account to sync with.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {addUser, createKey} from '../../source/services/users.js';
import {preferencesToRow, rowToPreferences} from '../../source/services/preferences-sync.js';

let db: TestDatabase;
let laptop: string;
let desktop: string;
let key: string;

beforeAll(async () => {
	db = await createTestDatabase();
	laptop = mkdtempSync(path.join(os.tmpdir(), 'pf-sync-laptop-'));
	desktop = mkdtempSync(path.join(os.tmpdir(), 'pf-sync-desktop-'));
	await addUser(db.sql, {email: 'ana@example.com', role: 'user'}, {actor: {kind: 'local'}});
	key = (await createKey(db.sql, {email: 'ana@example.com', permissions: 'read,enrich'}, {actor: {kind: 'local'}})).key;
});

afterAll(async () => {
	rmSync(laptop, {recursive: true, force: true});
	rmSync(desktop, {recursive: true, force: true});
	await db.drop();
});

const pf = (args: string[], configDir: string, env: Record<string, string | undefined> = {}) => runPf(args, {env: {DATABASE_URL: db.url, PF_CONFIG_DIR: configDir, ...env}});

describe('preferences sync', () => {
	it('maps preferences to the row and back (pure)', () => {
		const local = {defaultView: 'targets', exportFormat: 'json', theme: 'light', apiKey: 'never'};
		const row = preferencesToRow(local);
		expect(row).toMatchObject({default_view: 'targets', export_format: 'json'});
		const back = rowToPreferences({...row, dashboard_filters: row.dashboard_filters}, {defaultView: 'hot', exportFormat: 'csv', theme: 'default'});
		expect(back).toEqual({defaultView: 'targets', exportFormat: 'json', theme: 'light'});
		expect(rowToPreferences({default_view: 'jobs', export_format: null, dashboard_filters: null}, {defaultView: 'hot'})).toEqual({defaultView: 'jobs'});
	});

	it('push on one machine, pull on another', async () => {
		expect((await pf(['config', 'set', 'theme', 'light'], laptop)).code).toBe(0);
		expect((await pf(['config', 'set', 'defaultView', 'targets'], laptop)).code).toBe(0);
		const pushed = await pf(['config', 'push'], laptop, {PF_API_KEY: key});
		expect(pushed.code, pushed.stderr).toBe(0);
		const [row] = await db.sql`select p.default_view, p.dashboard_filters::text as filters from users_preferences p join users_accounts a on a.id = p.user_id where a.email = 'ana@example.com'`;
		expect(row!.default_view).toBe('targets');
		expect(row!.filters).not.toContain(key.slice(11));
		const pulled = await pf(['config', 'pull'], desktop, {PF_API_KEY: key});
		expect(pulled.code, pulled.stderr).toBe(0);
		expect((await pf(['config', 'get', 'theme'], desktop)).stdout).toBe('light\n');
		expect(readFileSync(path.join(desktop, 'config.json'), 'utf8')).not.toContain(key.slice(11));
	});

	it('needs an account: without a key it is refused with exit 6', async () => {
		const result = await pf(['config', 'push'], laptop);
		expect(result.code).toBe(6);
		expect(result.stderr).toMatch(/pf does not know yours/);
	});
});
