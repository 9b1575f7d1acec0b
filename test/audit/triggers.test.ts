/**
 * audit_data_changes is filled by the statement-level triggers of sql/0600.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {asActor} from '../../source/services/audit.js';
import {listDataChanges} from '../../source/db/audit.js';
import {addUser} from '../../source/services/users.js';

let db: TestDatabase;
let analystId: string;

beforeAll(async () => {
	db = await createTestDatabase();
	analystId = (await addUser(db.sql, {email: 'analyst@example.com', role: 'user'}, {actor: {kind: 'local'}})).id;
});
afterAll(async () => db.drop());

const changes = (table: string, domain: string) =>
	db.sql<{operation: string; changed_fields: string[] | null; old_data: Record<string, unknown> | null; new_data: Record<string, unknown> | null; changed_by: string | null; record_id: string}[]>`
		select operation, changed_fields, old_data, new_data, changed_by, record_id from audit_data_changes
		where table_name = ${table} and domain = ${domain} order by changed_at, operation`;

describe('data-change triggers', () => {
	it('an UPDATE of an intel row leaves a row with the old row, the new row, the changed fields and who', async () => {
		const [row] = await db.sql<{id: string}[]>`insert into intel_search_provider (domain, current_provider, provider_type) values ('shop.example.com', 'Elasticsearch', 'third_party') returning id`;
		await asActor(db.sql, {kind: 'key', userId: analystId, email: 'analyst@example.com', role: 'user', keyId: '00000000-0000-0000-0000-000000000000', keyPrefix: 'abcdefgh', permissions: ['read', 'enrich'], rateLimitRpm: 60}, async (tx) => {
			await tx`update intel_search_provider set current_provider = 'Algolia', is_algolia = true where domain = 'shop.example.com'`;
		});
		const rows = await changes('intel_search_provider', 'shop.example.com');
		expect(rows.map((r) => r.operation)).toEqual(['INSERT', 'UPDATE']);
		const update = rows[1]!;
		expect(update.record_id).toBe(row!.id);
		expect(update.changed_fields).toEqual(['current_provider', 'is_algolia']);
		expect(update.old_data).toMatchObject({current_provider: 'Elasticsearch'});
		expect(update.new_data).toMatchObject({current_provider: 'Algolia'});
		expect(update.changed_by).toBe(analystId);
		// Without an actor (single-user install, the worker) changed_by is empty.
		expect(rows[0]!.changed_by).toBeNull();
		expect(rows[0]!.new_data).toMatchObject({domain: 'shop.example.com'});
	});

	it('the actor setting does not outlive its transaction', async () => {
		await asActor(db.sql, {kind: 'key', userId: analystId, email: 'a', role: 'user', keyId: '', keyPrefix: '', permissions: [], rateLimitRpm: 1}, async (tx) => {
			await tx`insert into intel_traffic_analysis (domain, monthly_visits) values ('inside.example.com', 10)`;
		});
		await db.sql`insert into intel_traffic_analysis (domain, monthly_visits) values ('outside.example.com', 10)`;
		expect((await changes('intel_traffic_analysis', 'inside.example.com'))[0]!.changed_by).toBe(analystId);
		expect((await changes('intel_traffic_analysis', 'outside.example.com'))[0]!.changed_by).toBeNull();
	});

	it('a bulk upsert leaves one row per inserted or really changed record, none for unchanged ones', async () => {
		const rows = Array.from({length: 500}, (_, i) => ({domain: `bulk${i}.example.com`, technology_name: 'Shopify', category: 'ecommerce'}));
		await db.sql`insert into intel_technology_stack ${db.sql(rows)}`;
		const changed = rows.map((row, i) => ({...row, category: i < 100 ? 'commerce' : 'ecommerce'}));
		await db.sql`
			insert into intel_technology_stack ${db.sql(changed)}
			on conflict (domain, technology_name) do update set category = excluded.category`;
		const [counts] = await db.sql<{inserts: number; updates: number}[]>`
			select count(*) filter (where operation = 'INSERT')::int as inserts, count(*) filter (where operation = 'UPDATE')::int as updates
			from audit_data_changes where table_name = 'intel_technology_stack' and domain like 'bulk%'`;
		expect(counts).toEqual({inserts: 500, updates: 100});
	});

	it('DELETEs keep the old row; a retention purge records them without a copy', async () => {
		await db.sql`insert into intel_hiring_summary (domain) values ('gone.example.com'), ('archived.example.com')`;
		await db.sql`delete from intel_hiring_summary where domain = 'gone.example.com'`;
		await db.sql.begin(async (tx) => {
			await tx`select set_config('pf.retention_purge', 'on', true)`;
			await tx`delete from intel_hiring_summary where domain = 'archived.example.com'`;
		});
		const gone = (await changes('intel_hiring_summary', 'gone.example.com')).find((r) => r.operation === 'DELETE')!;
		expect(gone.old_data).toMatchObject({domain: 'gone.example.com'});
		const archived = (await changes('intel_hiring_summary', 'archived.example.com')).find((r) => r.operation === 'DELETE')!;
		expect(archived.old_data).toBeNull();
	});

	it('core tables are audited too, brands under their company domain', async () => {
		const [company] = await db.sql<{id: string}[]>`insert into core_companies (domain, company_name) values ('brandco.example.com', 'BrandCo') returning id`;
		await db.sql`insert into core_brands (company_id, brand_name) values (${company!.id}, 'Sub')`;
		await db.sql`update core_companies set deleted_at = now() where id = ${company!.id}`;
		const rows = await db.sql<{table_name: string; operation: string; changed_fields: string[] | null}[]>`
			select table_name, operation, changed_fields from audit_data_changes where domain = 'brandco.example.com' order by table_name, operation`;
		expect(rows).toEqual([
			{table_name: 'core_brands', operation: 'INSERT', changed_fields: null},
			{table_name: 'core_companies', operation: 'INSERT', changed_fields: null},
			{table_name: 'core_companies', operation: 'UPDATE', changed_fields: ['deleted_at']},
		]);
	});

	it('a table without a UUID id or a domain column does not break its writers', async () => {
		await db.sql`create table intel_pf_test_no_id (name text)`;
		await db.sql`create table intel_pf_test_no_domain (id uuid primary key default gen_random_uuid(), note text)`;
		await db.sql`select pf_audit_attach('intel_pf_test_no_id'), pf_audit_attach('intel_pf_test_no_domain')`;
		await db.sql`insert into intel_pf_test_no_id values ('x')`;
		await db.sql`insert into intel_pf_test_no_domain (note) values ('y')`;
		const rows = await db.sql`select table_name, domain from audit_data_changes where table_name like 'intel_pf_test%'`;
		expect(rows).toEqual([{table_name: 'intel_pf_test_no_domain', domain: null}]);
		await db.sql`drop table intel_pf_test_no_id, intel_pf_test_no_domain`;
	});

	it('an UPDATE keeps the changed fields\' old values; `pf audit` shows the whole old row (sql/0760)', async () => {
		await db.sql`insert into intel_search_provider (domain, current_provider, provider_type, tech_spend_estimate) values ('lean.example.com', 'Elasticsearch', 'third_party', 5000)`;
		const [before] = await db.sql<{row: Record<string, unknown>}[]>`select to_jsonb(p) as row from intel_search_provider p where domain = 'lean.example.com'`;
		await db.sql`update intel_search_provider set current_provider = 'Algolia', tech_spend_estimate = null where domain = 'lean.example.com'`;
		const [after] = await db.sql<{row: Record<string, unknown>}[]>`select to_jsonb(p) as row from intel_search_provider p where domain = 'lean.example.com'`;
		const update = (await changes('intel_search_provider', 'lean.example.com')).find((r) => r.operation === 'UPDATE')!;
		expect(update.changed_fields).toEqual(['current_provider', 'tech_spend_estimate']);
		expect(update.old_data).toEqual({current_provider: 'Elasticsearch', tech_spend_estimate: 5000, updated_at: before!.row.updated_at});
		expect(update.new_data).toEqual(after!.row);
		const [shown] = await listDataChanges(db.sql, {domain: 'lean.example.com', table: 'intel_search_provider', limit: 1});
		expect(shown!.old_data).toEqual(before!.row);
		expect(shown!.new_data).toEqual(after!.row);
	});

	it('a table altered after its trigger was generated is still audited in full, and pf_audit_refresh() regenerates it', async () => {
		await db.sql`create table intel_pf_test_altered (id uuid primary key default gen_random_uuid(), domain varchar(255), note text, updated_at timestamptz default now())`;
		await db.sql`select pf_audit_attach('intel_pf_test_altered')`;
		await db.sql`alter table intel_pf_test_altered add column extra jsonb`;
		await db.sql`alter table intel_pf_test_altered rename column note to remark`;
		await db.sql`insert into intel_pf_test_altered (domain, remark, extra) values ('altered.example.com', 'a', '{"k": 1}')`;
		await db.sql`update intel_pf_test_altered set extra = '{"k": 2}'`;
		const [row] = await db.sql<{refreshed: number}[]>`select pf_audit_refresh() as refreshed`;
		const refreshed = row!.refreshed;
		expect(refreshed).toBeGreaterThanOrEqual(1);
		await db.sql`update intel_pf_test_altered set remark = 'b'`;
		const rows = await changes('intel_pf_test_altered', 'altered.example.com');
		expect(rows.map((r) => [r.operation, r.changed_fields, r.old_data && {...r.old_data, updated_at: undefined}])).toEqual([
			['INSERT', null, null],
			['UPDATE', ['extra'], {extra: {k: 1}, updated_at: undefined}],
			['UPDATE', ['remark'], {remark: 'a', updated_at: undefined}],
		]);
		expect(rows[0]!.new_data).toMatchObject({remark: 'a', extra: {k: 1}});
		await db.sql`drop table intel_pf_test_altered`;
		await db.sql`delete from pf_audit_tables where table_name = 'intel_pf_test_altered'`;
	});

	it('every intel table carries the three audit triggers', async () => {
		const rows = await db.sql<{table: string; triggers: number}[]>`
			select c.relname as table, count(t.tgname)::int as triggers
			from pg_class c left join pg_trigger t on t.tgrelid = c.oid and t.tgname like '%\\_audit\\_%'
			where c.relkind = 'r' and c.relname like 'intel\\_%' and c.relnamespace = 'public'::regnamespace
			group by c.relname`;
		expect(rows.length).toBeGreaterThan(15);
		for (const row of rows) expect(row, row.table).toMatchObject({triggers: 3});
	});
});
