/**
 * `pf import` end to end on small legacy files built here, with every trap the legacy
 * README lists: name-as-domain, multi-label domains and sub-domains, empty JSON strings,
 * both timestamp formats, a missing table and a missing column, duplicates after
 * normalisation, sample quotes without sources, REAL revenues.
 */
import {createHash} from 'node:crypto';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {targetRow, writeLegacyFile} from '../fixtures/import/legacy-file.js';

type Report = {
	ok: boolean;
	newRows: number;
	updatedRows: number;
	dryRun: boolean;
	tables: {table: string; read: number; loaded: number; merged: number; rejected: number; ok: boolean}[];
	missingTables: string[];
	missingColumns: {table: string; columns: string[]}[];
	rejects: {table: string; legacyId: string; reason: string}[];
	customers: {resolved: Record<string, number>; unresolved: number};
};

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function legacyRows() {
	return {
		technologies: [{id: 1, name: 'Adobe Experience Manager', category: 'CMS', is_partner: 1, created_at: '2026-02-25 15:53:13'}],
		companies: [
			{id: 1, domain: 'customer-target.com', name: 'Customer Target', vertical: 'Retail', algolia_arr: 12000.5},
			{id: 2, domain: 'dealer inspire ', name: 'Dealer Inspire / Cars.com', vertical: 'B2B2C'},
			{id: 3, domain: '5.11 tactical', name: '5.11 Tactical'},
			{id: 4, domain: 'nuts inc', name: 'Nuts Inc', algolia_products: ''},
			{id: 5, domain: 'cars.com', name: 'Cars.com'},
			{id: 6, domain: 's.oliver', name: 's.Oliver'},
		],
		customer_quotes: [{id: 1, customer_name: 'Nuts Inc', customer_domain: 'nuts.com', quote_text: '"Search got fast."', source: 'TechValidate', source_date: '2021-10-01', tags: ''}],
		customer_logos: [
			{id: 1, company_name: 'Customer Target', company_domain: 'customer-target.com', company_id: 1, signed_date: '1970-01-01', has_logo_rights: 1},
			{id: 2, company_name: 's.Oliver', company_domain: 's.oliver', company_id: 6, signed_date: '2023-07-31'},
		],
		case_studies: [
			{id: 1, customer_name: 'Arc’teryx', customer_domain: 'algolia.com', vertical: 'Fashion', story_url: 'https://www.algolia.com/customers/arcteryx', features_used: '', partner_integrations: '["Adobe"]', key_results: '+20% conversion', created_at: '2026-02-25 15:53:13', updated_at: '2026-02-25 15:53:13'},
		],
		verified_case_studies: [{id: 1, company_name: 'Arc’teryx', url: 'https://www.algolia.com/customers/arcteryx', headline: '+20%', is_verified: 1, last_verified: '2026-02-25T14:29:45.366585', created_at: '2026-02-25 19:29:45'}],
		proof_points: [{id: 1, vertical: 'Fashion', theme: 'Conversion', result_text: '3–8% uplift', source: 'Gong Call'}],
		company_technologies: [
			{id: 1, company_id: 1, technology_id: 1, source: 'customer_evidence'},
			{id: 2, company_id: 99, technology_id: 1, source: 'customer_evidence'},
		],
		displacement_targets: [
			targetRow({
				id: 1, domain: 'bbc.co.uk', company_name: 'BBC', lead_score: 85, icp_score: 95, revenue: 136974000128.0, gross_margin: 0.16554001, traffic_growth: 12.4,
				ticker: 'BBC.L', is_public: 1, sw_monthly_visits: 7511424, current_search: 'Elasticsearch', last_enriched: '2026-02-25T16:12:17.583523', enrichment_level: 'full',
				trigger_events: '["Platform migration announced [Q3 2025 Earnings]", "New CDO [LinkedIn, Dec 2025]"]',
				exec_quote: 'Search is how our audience finds us.', exec_name: 'Jane Doe', exec_title: 'CEO', quote_source: 'Q4 2025 Earnings Call',
				competitors_using_algolia: 'ITV, Channel 4', displacement_angle: 'Elasticsearch lacks semantic search',
				financials_json: '{"revenue": 136974000128, "ebitda": 11358999552, "operating_margin": 0.01229, "market_cap": 52196761600, "current_price": 58.99, "recommendation": "buy"}',
				phones: '["+44 20 7946 0000"]', socials: '["twitter.com/bbc"]', exec_titles: '["C-Suite"]', emails: '', hiring_signals: '',
				score_reasons: '["Tier 1: Commerce", "1M+ visits", "Uses Adobe AEM"]', score_breakdown: '{"vertical": 40, "traffic": 20, "tech_spend": 15, "partner_tech": 10}',
			}),
			targetRow({id: 2, domain: 'accounts.illinois.gov', company_name: '', vertical: 'Law, Govt And Politics', lead_score: 62, matched_case_studies: '[1]', emails: '', socials: '', created_at: '2026-02-25T10:00:00.000001'}),
			targetRow({id: 3, domain: 'WWW.Example-Shop.COM', company_name: 'Example Shop', vertical: 'Unknown', lead_score: 45}),
			targetRow({id: 4, domain: 'example-shop.com', company_name: 'Example Shop Inc', lead_score: 40}),
			targetRow({id: 5, domain: 'Acme Corporation', company_name: 'Acme', lead_score: 70}),
			targetRow({id: 6, domain: 'customer-target.com', company_name: 'Customer Target', lead_score: 81}),
			targetRow({id: 7, domain: 'broken-json.com', score_reasons: '["Tier 1', lead_score: 30}),
			targetRow({id: 8, domain: 'cold-lead.com', lead_score: 15, vertical: ''}),
		],
		competitive_intel: [{id: 1, target_domain: 'bbc.co.uk', competitor_domain: 'itv.com', similarity_score: 0.975199747736146, search_provider: 'Algolia', has_algolia: 1, partner_techs: '[]', is_displacement_target: 0}],
		enrichment_status: [{domain: 'bbc.co.uk', financials_enriched: 1, last_enriched: '2026-02-25T14:09:42.327609', enrichment_errors: ''}],
	};
}

describe('pf import', () => {
	let db: TestDatabase;
	let file: string;
	let first: Report;

	beforeAll(async () => {
		db = await createTestDatabase();
		file = writeLegacyFile(legacyRows(), {omitTables: ['buying_committee'], omitColumns: {displacement_targets: ['tech_stack_json']}});
		const before = sha(file);
		const run = await runPf(['import', file, '--json'], {env: {DATABASE_URL: db.url}});
		expect(run.stderr).toBe('');
		expect(run.code, run.stderr).toBe(0);
		first = JSON.parse(run.stdout) as Report;
		// Opened read-only: the file is byte for byte the same, and no journal was left beside it.
		expect(sha(file)).toBe(before);
		expect(readdirSync(path.dirname(file))).toEqual(['partnerforge.db']);
	});

	afterAll(async () => {
		await db?.drop();
	});

	it('reconciles every legacy table: read = loaded + merged + rejected', () => {
		expect(first.ok).toBe(true);
		for (const table of first.tables) {
			expect(table.ok, table.table).toBe(true);
			expect(table.read, table.table).toBe(table.loaded + table.merged + table.rejected);
		}
		const byName = Object.fromEntries(first.tables.map((table) => [table.table, table]));
		expect(byName.displacement_targets).toMatchObject({read: 8, loaded: 5, merged: 1, rejected: 2});
		expect(byName.companies).toMatchObject({read: 6, loaded: 5, merged: 1, rejected: 0});
		expect(byName.company_technologies).toMatchObject({read: 2, loaded: 1, rejected: 1});
		expect(byName.case_studies).toMatchObject({read: 1, loaded: 1});
	});

	it('reports a missing table and a missing column without failing', () => {
		expect(first.missingTables).toEqual(['buying_committee']);
		expect(first.missingColumns).toEqual([{table: 'displacement_targets', columns: ['tech_stack_json']}]);
	});

	it('keeps rejected and merged rows with the raw legacy row and the reason', async () => {
		const rows = await db.sql<{legacy_table: string; legacy_id: string; reason: string; disposition: string; raw_row: Record<string, unknown>}[]>`
			select legacy_table, legacy_id, reason, disposition, raw_row from import_rejects order by legacy_table, legacy_id`;
		const byKey = Object.fromEntries(rows.map((row) => [`${row.legacy_table}:${row.legacy_id}`, row]));
		expect(byKey['displacement_targets:5']).toMatchObject({disposition: 'rejected', raw_row: {domain: 'Acme Corporation', lead_score: 70}});
		expect(byKey['displacement_targets:5']!.reason).toMatch(/not a domain/);
		expect(byKey['displacement_targets:7']!.reason).toMatch(/score_reasons: invalid JSON/);
		expect(byKey['displacement_targets:4']).toMatchObject({disposition: 'merged', raw_row: {domain: 'example-shop.com'}});
		expect(byKey['companies:5']).toMatchObject({disposition: 'merged'});
		expect(byKey['company_technologies:2']!.reason).toMatch(/company_id 99 is not in companies/);
	});

	it('loads multi-label domains and sub-domains, normalised', async () => {
		const rows = await db.sql<{domain: string}[]>`select domain from core_companies order by domain`;
		expect(rows.map((row) => row.domain)).toEqual(['accounts.illinois.gov', 'bbc.co.uk', 'cold-lead.com', 'customer-target.com', 'example-shop.com']);
		const [shop] = await db.sql`select company_name, vertical from core_companies where domain = 'example-shop.com'`;
		expect(shop).toEqual({company_name: 'Example Shop', vertical: null}); // "Unknown" stays unknown
	});

	it('keeps every digit of the revenue', async () => {
		const [row] = await db.sql`select latest_revenue::text as revenue, stock_market_cap::text as cap, margin_zone, data_source from intel_financial_profile where domain = 'bbc.co.uk'`;
		expect(row).toEqual({revenue: '136974000128', cap: '52196761600', margin_zone: 'RED', data_source: 'legacy_import'});
	});

	it('records provenance with the legacy timestamps, both formats', async () => {
		const [icp] = await db.sql`select retrieved_at, data_source, model_version from intel_icp_priority_mapping where domain = 'bbc.co.uk'`;
		expect(icp).toMatchObject({data_source: 'legacy_import', model_version: 'legacy-icp'});
		expect((icp!.retrieved_at as Date).toISOString()).toBe('2026-02-25T21:12:17.583Z'); // ISO, US Eastern
		const [plain] = await db.sql`select retrieved_at from intel_search_provider where domain = 'cold-lead.com'`;
		expect((plain!.retrieved_at as Date).toISOString()).toBe('2026-02-25T15:59:17.000Z'); // SQLite CURRENT_TIMESTAMP, UTC
		const [status] = await db.sql`select last_enriched from legacy_enrichment_status where domain = 'bbc.co.uk'`;
		expect((status!.last_enriched as Date).toISOString()).toBe('2026-02-25T19:09:42.327Z');
		const missing = await db.sql`select count(*)::int as n from intel_search_provider where data_source is distinct from 'legacy_import' or retrieved_at is null`;
		expect(missing[0]!.n).toBe(0);
	});

	it('keeps the legacy sample quotes and trigger events visibly unsourced', async () => {
		const [quote] = await db.sql`select speaker_name, quote_context, source_url from intel_executive_quotes where domain = 'bbc.co.uk'`;
		expect(quote).toEqual({speaker_name: 'Jane Doe', quote_context: 'legacy, unsourced: Q4 2025 Earnings Call', source_url: null});
		const [context] = await db.sql`select trigger_events from intel_strategic_context where domain = 'bbc.co.uk'`;
		expect(context!.trigger_events).toEqual([
			{event: 'Platform migration announced', source_label: 'Q3 2025 Earnings', source_url: null, sourced: false, provenance: 'legacy, unsourced'},
			{event: 'New CDO', source_label: 'LinkedIn, Dec 2025', source_url: null, sourced: false, provenance: 'legacy, unsourced'},
		]);
	});

	it('maps the legacy lead score to priority with the legacy bands, so hot leads show at once', async () => {
		const rows = await db.sql<{domain: string; priority_status: string; priority_score: number}[]>`
			select domain, priority_status, priority_score from intel_icp_priority_mapping order by domain`;
		expect(rows).toEqual([
			{domain: 'accounts.illinois.gov', priority_status: 'WARM', priority_score: 62},
			{domain: 'bbc.co.uk', priority_status: 'HOT', priority_score: 85},
			{domain: 'cold-lead.com', priority_status: 'COLD', priority_score: 15},
			{domain: 'customer-target.com', priority_status: 'COLD', priority_score: 81}, // an existing customer is always COLD
			{domain: 'example-shop.com', priority_status: 'COOL', priority_score: 45},
		]);
		const [breakdown] = await db.sql`select lead_score_breakdown from intel_icp_priority_mapping where domain = 'bbc.co.uk'`;
		expect(breakdown!.lead_score_breakdown).toEqual({vertical: 40, traffic: 20, tech_spend: 15, partner_tech: 10, reasons: ['Tier 1: Commerce', '1M+ visits', 'Uses Adobe AEM']});
		const hot = await db.sql`select domain from v_hot_leads`;
		expect(hot.map((row) => row.domain)).toEqual(['bbc.co.uk']);
	});

	it('lists targets by priority and excludes the customers', async () => {
		const targets = await db.sql<{domain: string; displacement_priority: string}[]>`select domain, displacement_priority from v_displacement_targets`;
		expect(targets).toEqual([
			{domain: 'bbc.co.uk', displacement_priority: 'HIGH'},
			{domain: 'accounts.illinois.gov', displacement_priority: 'HIGH'},
			{domain: 'example-shop.com', displacement_priority: 'MEDIUM'},
			{domain: 'cold-lead.com', displacement_priority: 'MEDIUM'},
		]);
		const [provider] = await db.sql`select is_algolia, displacement_priority from intel_search_provider where domain = 'customer-target.com'`;
		expect(provider).toEqual({is_algolia: true, displacement_priority: 'NONE'});
	});

	it('resolves customer names to domains where the legacy data allows, and keeps the rest by name', async () => {
		const rows = await db.sql<{legacy_id: number; domain: string | null; company_name: string}[]>`select legacy_id, domain, company_name from core_customers order by legacy_id`;
		expect(rows).toEqual([
			{legacy_id: 1, domain: 'customer-target.com', company_name: 'Customer Target'},
			{legacy_id: 2, domain: 'cars.com', company_name: 'Dealer Inspire / Cars.com'},
			{legacy_id: 3, domain: null, company_name: '5.11 Tactical'},
			{legacy_id: 4, domain: 'nuts.com', company_name: 'Nuts Inc'},
			{legacy_id: 6, domain: null, company_name: 's.Oliver'},
		]);
		expect(first.customers).toEqual({resolved: {domain_column: 2, domain_in_name: 1, evidence_library: 1, unresolved: 2}, unresolved: 2});
		const [note] = await db.sql`select note from core_customers where legacy_id = 1`;
		expect(JSON.parse(note!.note as string).legacy).toMatchObject({algolia_arr: 12000.5, vertical: 'Retail'});
	});

	it('loads the evidence library and the legacy case-study matches', async () => {
		const [study] = await db.sql`select customer_name, customer_domain, features_used, partner_integrations, data_source, legacy_id from evidence_case_studies`;
		expect(study).toEqual({customer_name: 'Arc’teryx', customer_domain: null, features_used: null, partner_integrations: ['Adobe'], data_source: 'legacy_import', legacy_id: 1});
		const [verified] = await db.sql`select case_study_id is not null as linked, last_verified from evidence_verified_case_studies`;
		expect(verified!.linked).toBe(true);
		expect((verified!.last_verified as Date).toISOString()).toBe('2026-02-25T19:29:45.366Z');
		const [logo] = await db.sql`select signed_date, customer_id is not null as linked from evidence_customer_logos where legacy_id = 1`;
		expect(logo).toEqual({signed_date: null, linked: true});
		const matches = await db.sql`select domain, case_study_customer from intel_case_study_matches`;
		expect(matches).toEqual([{domain: 'accounts.illinois.gov', case_study_customer: 'Arc’teryx'}]);
		const [links] = await db.sql`select count(*)::int as n from evidence_customer_technologies`;
		expect(links!.n).toBe(1);
		const [landscape] = await db.sql`select total_competitors_analyzed, algolia_users, first_mover_opportunity from intel_competitor_landscape where domain = 'bbc.co.uk'`;
		expect(landscape).toEqual({total_competitors_analyzed: 1, algolia_users: 1, first_mover_opportunity: false});
		const [details] = await db.sql`select emails, socials, gross_margin::float as gross_margin, legacy_icp_score from legacy_target_details where domain = 'bbc.co.uk'`;
		expect(details).toEqual({emails: null, socials: ['twitter.com/bbc'], gross_margin: 0.16554001, legacy_icp_score: 95});
	});

	it('is idempotent: the same file again writes no new row', async () => {
		const counts = async () => (await db.sql`select (select count(*) from core_companies) + (select count(*) from intel_icp_priority_mapping) + (select count(*) from core_customers) + (select count(*) from evidence_case_studies) + (select count(*) from audit_data_changes where to_regclass('audit_data_changes') is not null) as n`)[0]!.n;
		const before = await counts();
		const run = await runPf(['import', file, '--json'], {env: {DATABASE_URL: db.url}});
		expect(run.code, run.stderr).toBe(0);
		const again = JSON.parse(run.stdout) as Report;
		expect(again.ok).toBe(true);
		expect(again.newRows, JSON.stringify((again as unknown as {written: unknown}).written)).toBe(0);
		expect(again.updatedRows, JSON.stringify((again as unknown as {written: unknown}).written)).toBe(0);
		expect(again.tables).toEqual(first.tables);
		expect(await counts()).toBe(before);
		const runs = await db.sql`select status from import_runs order by started_at`;
		expect(runs.map((row) => row.status)).toEqual(['completed', 'completed']);
	});

	it('a newer export updates what changed', async () => {
		const rows = legacyRows();
		rows.displacement_targets[1] = {...rows.displacement_targets[1]!, lead_score: 82};
		rows.displacement_targets[4] = {...rows.displacement_targets[4]!, domain: 'acme.com'}; // fixed in the newer export
		const newer = writeLegacyFile(rows);
		const run = await runPf(['import', newer, '--json'], {env: {DATABASE_URL: db.url}});
		expect(run.code, run.stderr).toBe(0);
		const report = JSON.parse(run.stdout) as Report;
		expect(report.newRows).toBeGreaterThan(0);
		expect(report.updatedRows).toBeGreaterThan(0);
		expect(report.tables.find((table) => table.table === 'displacement_targets')).toMatchObject({read: 8, loaded: 6, merged: 1, rejected: 1});
		const [row] = await db.sql`select priority_status, priority_score from intel_icp_priority_mapping where domain = 'accounts.illinois.gov'`;
		expect(row).toEqual({priority_status: 'HOT', priority_score: 82});
		// The row that loads now is no longer a reject.
		const rejects = await db.sql`select legacy_id from import_rejects where legacy_table = 'displacement_targets' order by legacy_id`;
		expect(rejects.map((r) => r.legacy_id)).toEqual(['4', '7']);
		// The table left out by the first file is now present and empty: nothing to report.
		expect(report.missingTables).toEqual([]);
	});

	it('--dry-run validates and reports without writing', async () => {
		const fresh = await createTestDatabase();
		try {
			const run = await runPf(['import', file, '--dry-run', '--json'], {env: {DATABASE_URL: fresh.url}});
			expect(run.code, run.stderr).toBe(0);
			const report = JSON.parse(run.stdout) as Report;
			expect(report.dryRun).toBe(true);
			expect(report.ok).toBe(true);
			expect(report.newRows).toBeGreaterThan(0);
			const [counts] = await fresh.sql`select (select count(*) from core_companies)::int as companies, (select count(*) from import_runs)::int as runs, (select count(*) from import_rejects)::int as rejects`;
			expect(counts).toEqual({companies: 0, runs: 0, rejects: 0});
		} finally {
			await fresh.drop();
		}
	});

	it('prints the reconciliation as TSV when piped, the summary on stderr', async () => {
		const run = await runPf(['import', file, '--dry-run'], {env: {DATABASE_URL: db.url}});
		expect(run.code, run.stderr).toBe(0);
		const [header, ...lines] = run.stdout.trim().split('\n');
		expect(header).toBe('table\tdestination\tread\tloaded\tmerged\trejected\tok');
		expect(lines.find((line) => line.startsWith('displacement_targets\t'))).toBe('displacement_targets\tcore_companies\t8\t5\t1\t2\tyes');
		expect(run.stderr).toMatch(/dry run of/);
		expect(run.stderr).toMatch(/no table buying_committee/);
		expect(run.stderr).toMatch(/rejected displacement_targets 5: domain "Acme Corporation" is not a domain/);
	});

	it('never turns an analyst\'s "is not a customer" into a customer', async () => {
		const fresh = await createTestDatabase();
		try {
			await fresh.sql`insert into core_customers (domain, company_name, is_customer, source) values ('customer-target.com', 'Customer Target', false, 'manual')`;
			const run = await runPf(['import', file, '--json'], {env: {DATABASE_URL: fresh.url}});
			expect(run.code, run.stderr).toBe(0);
			const report = JSON.parse(run.stdout) as Report;
			expect(report.tables.find((table) => table.table === 'companies')).toMatchObject({read: 6, loaded: 4, merged: 2});
			const [row] = await fresh.sql`select is_customer, source from core_customers where domain = 'customer-target.com'`;
			expect(row).toEqual({is_customer: false, source: 'manual'});
			const targets = await fresh.sql`select domain from v_displacement_targets where domain = 'customer-target.com'`;
			expect(targets).toHaveLength(1);
		} finally {
			await fresh.drop();
		}
	});
});
