/**
 * The app pages through hot leads and displacement targets as derived tables (the
 * views' SELECTs without their ORDER BY, source/db/leads.ts). They must hold exactly the
 * rows of v_hot_leads and v_displacement_targets; this fails when a migration redefines
 * a view without the list query following.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {loadViewPage} from '../../source/services/leads.js';
import {toJson} from '../../source/output/format.js';
import {BARE_DOMAIN, seedCompanies} from './seed.js';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
	await seedCompanies(db.sql, {extra: 30});
	// Edge cases the views filter on: a soft-deleted company, a listed customer, a target
	// known only from its partner technology.
	await db.sql`update core_companies set deleted_at = now() where domain = 'lead-000001.com'`;
	await db.sql`insert into core_customers (domain, is_customer, source) values ('lead-000002.com', true, 'manual')`;
	await db.sql`insert into core_companies (domain, company_name) values ('partner-only.com', 'Partner Only')`;
	await db.sql`insert into intel_technology_stack (domain, technology_name, is_partner_tech, partner_tier) values ('partner-only.com', 'Adobe Commerce', true, 'core')`;
});
afterAll(async () => db?.drop());

describe('list queries against the schema views', () => {
	for (const [view, schemaView] of [
		['hot', 'v_hot_leads'],
		['targets', 'v_displacement_targets'],
		['enrichment', 'v_enrichment_dashboard'],
	] as const) {
		it(`the ${view} list holds exactly the rows of ${schemaView}`, async () => {
			const listed = await loadViewPage(db.sql, view, {sort: {column: 'domain', descending: false}, offset: 0, limit: 10_000});
			const schema = await db.sql`select * from ${db.sql(schemaView)} order by domain`;
			expect(schema.length).toBeGreaterThan(0);
			// Same rows, same columns, same values (days_since_enrichment moves with now()).
			const normal = (rows: readonly Record<string, unknown>[]) => JSON.parse(toJson(rows.map(({days_since_enrichment: _ignored, ...rest}) => rest)));
			expect(normal(listed)).toEqual(normal(schema));
		});
	}

	it('hides what the schema views hide', async () => {
		const hot = (await loadViewPage(db.sql, 'hot', {offset: 0, limit: 1000})).map((r) => r.domain);
		expect(hot).not.toContain('lead-000001.com');
		expect(hot).not.toContain('lead-000002.com');
		expect(hot).toContain(BARE_DOMAIN);
		const targets = (await loadViewPage(db.sql, 'targets', {offset: 0, limit: 1000})).map((r) => r.domain);
		expect(targets).toContain('partner-only.com');
	});
});
