/**
 * Every audited action leaves exactly one audit_user_actions row: reading a brief,
 * enqueueing (one per domain), importing, changing accounts and keys, purging. Refused
 * or failed actions leave none; reads of lists and the audit itself leave none.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {writeLegacyFile, targetRow} from '../fixtures/import/legacy-file.js';
import {addUser, createKey, deactivateUser, listApiKeys, listUsers, revokeApiKey} from '../../source/services/users.js';
import {guardEnqueue, type Actor} from '../../source/services/access.js';
import {runPurge} from '../../source/services/retention.js';
import {userActions} from '../../source/services/audit.js';
import {exportView} from '../../source/services/leads.js';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let db: TestDatabase;
const local: Actor = {kind: 'local'};

beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function actionRows() {
	return db.sql<{action: string; domain: string | null; user_id: string | null; api_key_id: string | null; resource_id: string | null}[]>`
		select action, domain, user_id, api_key_id, resource_id from audit_user_actions order by action_at, action, domain`;
}

/** The rows an action adds. */
async function added(work: () => Promise<unknown>) {
	const before = (await actionRows()).length;
	await work();
	return (await actionRows()).slice(before);
}

describe('audit_user_actions', () => {
	it('imports and brief reads leave one row each (CLI)', async () => {
		const file = writeLegacyFile({displacement_targets: [targetRow({id: 1, domain: 'acme.com', company_name: 'Acme'})]});
		const imported = await added(async () => {
			const result = await runPf(['import', file], {env: {DATABASE_URL: db.url}});
			expect(result.code, result.stderr).toBe(0);
		});
		expect(imported.map((row) => row.action)).toEqual(['import']);
		const dry = await added(() => runPf(['import', file, '--dry-run'], {env: {DATABASE_URL: db.url}}));
		expect(dry).toEqual([]);

		const read = await added(async () => {
			const result = await runPf(['brief', 'acme.com', '--json'], {env: {DATABASE_URL: db.url}});
			expect(result.code, result.stderr).toBe(0);
		});
		expect(read.map((row) => [row.action, row.domain])).toEqual([['brief.read', 'acme.com']]);
		const again = await added(() => runPf(['brief', 'acme.com'], {env: {DATABASE_URL: db.url}}));
		expect(again.map((row) => row.action)).toEqual(['brief.read']);
		// The stored brief's fast path reads and records in one statement: still one row.
		const stored = await added(async () => {
			const result = await runPf(['brief', 'acme.com', '--json'], {env: {DATABASE_URL: db.url}});
			expect(result.code, result.stderr).toBe(0);
			expect(JSON.parse(result.stdout).domain).toBe('acme.com');
		});
		expect(stored.map((row) => [row.action, row.domain])).toEqual([['brief.read', 'acme.com']]);
		const missing = await added(() => runPf(['brief', 'acme.com', '--json', '--version', '9'], {env: {DATABASE_URL: db.url}}));
		expect(missing).toEqual([]);
	});

	it('account and key changes leave one row each, naming the actor and the resource', async () => {
		const account = await added(() => addUser(db.sql, {email: 'chief@example.com', role: 'admin'}, {actor: local}));
		expect(account.map((row) => row.action)).toEqual(['users.add']);
		let key = {key: '', prefix: ''};
		const created = await added(async () => {
			key = await createKey(db.sql, {email: 'chief@example.com', permissions: 'read,enrich,admin'}, {actor: local});
		});
		expect(created.map((row) => row.action)).toEqual(['keys.create']);
		const env = {PF_API_KEY: key.key, PF_CONFIG_DIR: '/nonexistent'} as NodeJS.ProcessEnv;
		const [keyRow] = await db.sql<{id: string; user_id: string}[]>`select id, user_id from users_api_keys where key_prefix = ${key.prefix}`;

		const second = await added(() => addUser(db.sql, {email: 'temp@example.com', role: 'user'}, {env}));
		expect(second).toEqual([expect.objectContaining({action: 'users.add', user_id: keyRow!.user_id, api_key_id: keyRow!.id})]);
		const tempKey = await createKey(db.sql, {email: 'temp@example.com', permissions: 'read'}, {env});
		expect((await added(() => revokeApiKey(db.sql, tempKey.prefix, {env}))).map((row) => row.action)).toEqual(['keys.revoke']);
		expect((await added(() => deactivateUser(db.sql, 'temp@example.com', {env}))).map((row) => row.action)).toEqual(['users.deactivate']);

		// Lists and the audit itself are not recorded; refused actions leave nothing.
		expect(await added(() => listUsers(db.sql, {env}))).toEqual([]);
		expect(await added(() => listApiKeys(db.sql, {}, {env}))).toEqual([]);
		expect(await added(() => userActions(db.sql, {limit: 10}, {env}))).toEqual([]);
		expect(await added(() => addUser(db.sql, {email: 'nobody@example.com'}, {env: {PF_CONFIG_DIR: '/nonexistent'}}).catch(() => {}))).toEqual([]);
	});

	it('an enqueue leaves one row per domain, written by record() after the jobs are queued', async () => {
		const guard = await guardEnqueue(db.sql, {domains: ['a.example.com', 'b.example.com'], actor: local});
		const rows = await added(() => guard.record());
		expect(rows.map((row) => [row.action, row.domain])).toEqual([
			['enrich.enqueue', 'a.example.com'],
			['enrich.enqueue', 'b.example.com'],
		]);
	});

	it('an export of a view leaves one row', async () => {
		const directory = mkdtempSync(path.join(os.tmpdir(), 'pf-export-audit-'));
		try {
			const rows = await added(() => exportView(db.sql, 'hot', {columns: ['domain'], format: 'csv', file: path.join(directory, 'hot.csv')}));
			expect(rows.map((row) => row.action)).toEqual(['export']);
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	it('a purge leaves one row; a dry run none', async () => {
		expect(await added(() => runPurge(db.sql, {dryRun: true, actor: local}))).toEqual([]);
		expect((await added(() => runPurge(db.sql, {actor: local, archiveDir: '/tmp'}))).map((row) => row.action)).toEqual(['purge']);
	});
});
