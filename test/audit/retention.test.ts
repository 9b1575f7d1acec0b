/**
 * The retention purge removes exactly what the policy says — whole expired monthly
 * partitions, older rows elsewhere, year-old audit and intel rows after archiving them
 * — and nothing else; `--dry-run` lists the same and changes nothing.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {runPf} from '../helpers/run-pf.js';
import {runPurge, type PurgeItem} from '../../source/services/retention.js';

let db: TestDatabase;
let archiveDir: string;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

const ids: Record<string, string[]> = {};
async function insertReturning(label: string, query: Promise<{id: string}[]>) {
	ids[label] = (await query).map((row) => row.id);
}

beforeAll(async () => {
	db = await createTestDatabase();
	archiveDir = mkdtempSync(path.join(os.tmpdir(), 'pf-archive-test-'));
	const sql = db.sql;
	// Old monthly partitions, made before any row of their month arrives.
	await sql`create table jobs_enrichment_history_2025_01 partition of jobs_enrichment_history for values from ('2025-01-01') to ('2025-02-01')`;
	await sql`create table audit_api_calls_2025_03 partition of audit_api_calls for values from ('2025-03-01') to ('2025-04-01')`;
	const history = (created: Date) => ({domain: 'h.example.com', job_type: 'full', status: 'completed', created_at: created});
	await insertReturning('historyOldPartition', sql`insert into jobs_enrichment_history ${sql([history(new Date('2025-01-05')), history(new Date('2025-01-20')), history(new Date('2025-01-31T23:59:59Z'))])} returning id`);
	await insertReturning('historyOld', sql`insert into jobs_enrichment_history ${sql([history(daysAgo(91)), history(daysAgo(200))])} returning id`);
	await insertReturning('historyKept', sql`insert into jobs_enrichment_history ${sql([history(daysAgo(89)), history(daysAgo(1))])} returning id`);
	const call = (at: Date) => ({external_api: 'builtwith', domain: 'c.example.com', called_at: at});
	await insertReturning('callsOldPartition', sql`insert into audit_api_calls ${sql([call(new Date('2025-03-10')), call(new Date('2025-03-11'))])} returning id`);
	await insertReturning('callsOld', sql`insert into audit_api_calls ${sql([call(daysAgo(31))])} returning id`);
	await insertReturning('callsKept', sql`insert into audit_api_calls ${sql([call(daysAgo(29)), call(now)])} returning id`);
	await insertReturning('actionsOld', sql`insert into audit_user_actions ${sql([{action: 'brief.read', domain: 'a.example.com', action_at: daysAgo(366)}, {action: 'export', domain: null, action_at: daysAgo(900)}])} returning id`);
	await insertReturning('actionsKept', sql`insert into audit_user_actions ${sql([{action: 'brief.read', domain: 'a.example.com', action_at: daysAgo(364)}])} returning id`);
	await insertReturning('changesOld', sql`insert into audit_data_changes ${sql([{table_name: 'intel_x', record_id: '11111111-1111-1111-1111-111111111111', operation: 'UPDATE', changed_at: daysAgo(400)}])} returning id`);
	await insertReturning('intelOld', sql`insert into intel_search_provider ${sql([
		{domain: 'old-retrieved.example.com', retrieved_at: daysAgo(400), updated_at: daysAgo(10)},
		{domain: 'old-unsourced.example.com', retrieved_at: null, updated_at: daysAgo(400)},
	])} returning id`);
	await insertReturning('intelKept', sql`insert into intel_search_provider ${sql([
		{domain: 'fresh-retrieved.example.com', retrieved_at: daysAgo(10), updated_at: daysAgo(400)},
		{domain: 'fresh.example.com', retrieved_at: null, updated_at: daysAgo(30)},
	])} returning id`);
	await insertReturning('quotesOld', sql`insert into intel_executive_quotes ${sql([{domain: 'q.example.com', speaker_name: 'A. Person', quote: 'We love search', created_at: daysAgo(500)}])} returning id`);
	await insertReturning('core', sql`insert into core_companies ${sql([{domain: 'ancient.example.com', company_name: 'Ancient', created_at: daysAgo(3000), updated_at: daysAgo(3000)}])} returning id`);
});

afterAll(async () => {
	rmSync(archiveDir, {recursive: true, force: true});
	await db.drop();
});

const find = (items: PurgeItem[], table: string, action: PurgeItem['action']) => items.filter((item) => item.table === table && item.action === action);

async function remaining(table: string, label: string): Promise<number> {
	const [row] = await db.sql<{n: number}[]>`select count(*)::int as n from ${db.sql(table)} where id = any(${ids[label]!}::uuid[])`;
	return row!.n;
}

describe('pf purge', () => {
	it('--dry-run lists exactly what would go and changes nothing', async () => {
		const report = await runPurge(db.sql, {dryRun: true, now, actor: {kind: 'local'}});
		expect(find(report.items, 'jobs_enrichment_history', 'drop partition')).toEqual([expect.objectContaining({partition: 'jobs_enrichment_history_2025_01', rows: 3})]);
		expect(find(report.items, 'jobs_enrichment_history', 'delete')[0]!.rows).toBe(2);
		expect(find(report.items, 'audit_api_calls', 'drop partition')).toEqual([expect.objectContaining({partition: 'audit_api_calls_2025_03', rows: 2})]);
		expect(find(report.items, 'audit_api_calls', 'delete')[0]!.rows).toBe(1);
		expect(find(report.items, 'audit_user_actions', 'archive')[0]!.rows).toBe(2);
		expect(find(report.items, 'audit_data_changes', 'archive')[0]!.rows).toBe(1);
		expect(find(report.items, 'intel_search_provider', 'archive')[0]!.rows).toBe(2);
		expect(find(report.items, 'intel_executive_quotes', 'archive')[0]!.rows).toBe(1);
		const otherIntel = report.items.filter((item) => item.category === 'intel' && !['intel_search_provider', 'intel_executive_quotes'].includes(item.table));
		expect(otherIntel.every((item) => item.rows === 0)).toBe(true);
		expect(find(report.items, 'core_companies', 'keep')).toHaveLength(1);
		for (const label of Object.keys(ids)) {
			const table = {history: 'jobs_enrichment_history', calls: 'audit_api_calls', actions: 'audit_user_actions', changes: 'audit_data_changes', intel: 'intel_search_provider', quotes: 'intel_executive_quotes', core: 'core_companies'}[label.replace(/(OldPartition|Old|Kept)$/, '')]!;
			expect(await remaining(table, label), label).toBe(ids[label]!.length);
		}
	});

	it('the CLI dry run prints the same plan', async () => {
		const result = await runPf(['purge', '--dry-run', '--json'], {env: {DATABASE_URL: db.url}});
		expect(result.stderr).toContain('would drop 2 partition(s) (5 rows)');
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as {dryRun: boolean; items: PurgeItem[]};
		expect(report.dryRun).toBe(true);
		expect(report.items.filter((item) => item.rows > 0).map((item) => [item.table, item.action, item.rows])).toEqual([
			['jobs_enrichment_history', 'drop partition', 3],
			['jobs_enrichment_history', 'delete', 2],
			['audit_api_calls', 'drop partition', 2],
			['audit_api_calls', 'delete', 1],
			['audit_user_actions', 'archive', 2],
			['audit_data_changes', 'archive', 1],
			['intel_executive_quotes', 'archive', 1],
			['intel_search_provider', 'archive', 2],
		]);
	});

	it('removes exactly that, archiving first, and nothing else', async () => {
		const [before] = await db.sql<{n: number}[]>`select count(*)::int as n from audit_user_actions where action = 'purge'`;
		const report = await runPurge(db.sql, {now, archiveDir, actor: {kind: 'local'}});
		for (const label of ['historyOldPartition', 'historyOld', 'callsOldPartition', 'callsOld', 'actionsOld', 'changesOld', 'intelOld', 'quotesOld']) {
			const table = {history: 'jobs_enrichment_history', calls: 'audit_api_calls', actions: 'audit_user_actions', changes: 'audit_data_changes', intel: 'intel_search_provider', quotes: 'intel_executive_quotes'}[label.replace(/(OldPartition|Old)$/, '')]!;
			expect(await remaining(table, label), label).toBe(0);
		}
		expect(await remaining('jobs_enrichment_history', 'historyKept')).toBe(2);
		expect(await remaining('audit_api_calls', 'callsKept')).toBe(2);
		expect(await remaining('audit_user_actions', 'actionsKept')).toBe(1);
		expect(await remaining('intel_search_provider', 'intelKept')).toBe(2);
		expect(await remaining('core_companies', 'core')).toBe(1);
		const [partitions] = await db.sql`select to_regclass('jobs_enrichment_history_2025_01') as h, to_regclass('audit_api_calls_2025_03') as c`;
		expect(partitions).toEqual({h: null, c: null});

		// The archive holds exactly the removed rows, one JSON object a line.
		expect(report.archiveFile).toMatch(/pf-archive-\d{8}T\d{6}Z\.jsonl\.gz$/);
		expect(statSync(report.archiveFile!).mode & 0o777).toBe(0o600);
		const lines = gunzipSync(readFileSync(report.archiveFile!)).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as {table: string; row: {id: string}});
		const archived = (table: string) => lines.filter((line) => line.table === table).map((line) => line.row.id).sort();
		expect(archived('audit_user_actions')).toEqual([...ids.actionsOld!].sort());
		expect(archived('audit_data_changes')).toEqual([...ids.changesOld!].sort());
		expect(archived('intel_search_provider')).toEqual([...ids.intelOld!].sort());
		expect(archived('intel_executive_quotes')).toEqual([...ids.quotesOld!].sort());
		expect(lines).toHaveLength(6);

		// One audit row for the purge; the intel deletes are recorded without a copy.
		const [after] = await db.sql<{n: number}[]>`select count(*)::int as n from audit_user_actions where action = 'purge'`;
		expect(after!.n - before!.n).toBe(1);
		const deletes = await db.sql<{old_data: unknown}[]>`select old_data from audit_data_changes where operation = 'DELETE' and table_name = 'intel_search_provider'`;
		expect(deletes).toHaveLength(2);
		expect(deletes.every((row) => row.old_data === null)).toBe(true);

		// A second run finds nothing.
		const again = await runPurge(db.sql, {dryRun: true, now, actor: {kind: 'local'}});
		expect(again.items.filter((item) => item.action !== 'keep' && item.rows > 0)).toEqual([]);
	});

	it('is a scheduled task the worker runs', async () => {
		const [task] = await db.sql`select task_type, schedule_cron, is_active from jobs_scheduled_tasks where task_name = 'retention-purge'`;
		expect(task).toEqual({task_type: 'retention', schedule_cron: '30 3 * * *', is_active: true});
	});
});
