/**
 * The subtraction: targets = companies on partner technology − effective customers.
 * v_displacement_targets and v_hot_leads are checked against the customer list; an
 * analyst's decision beats detection in both directions, takes effect at once and is
 * logged with who, when and why.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {customerHistory, customerStatus, listCustomers, listEffectiveCustomers, markCustomer, resetCustomer, resolveCustomer} from '../../source/services/customers.js';
import {UsageError, NotFoundError} from '../../source/errors.js';

async function company(db: TestDatabase, domain: string, options: {hot?: boolean; provider?: {name: string; algolia: boolean; priority: string}; partnerTech?: boolean; algoliaTech?: boolean}) {
	await db.sql`insert into core_companies (domain, company_name) values (${domain}, ${domain.split('.')[0]!})`;
	if (options.hot !== undefined) {
		await db.sql`insert into intel_icp_priority_mapping (domain, priority_status, priority_score, lead_score_total) values (${domain}, ${options.hot ? 'HOT' : 'WARM'}, ${options.hot ? 85 : 55}, 70)`;
	}
	if (options.provider) {
		await db.sql`insert into intel_search_provider (domain, current_provider, is_algolia, displacement_priority) values (${domain}, ${options.provider.name}, ${options.provider.algolia}, ${options.provider.priority})`;
	}
	if (options.partnerTech) {
		await db.sql`insert into intel_technology_stack (domain, technology_name, is_partner_tech, partner_tier) values (${domain}, 'Adobe Experience Manager', true, 'premier')`;
	}
	if (options.algoliaTech) {
		await db.sql`insert into intel_technology_stack (domain, technology_name, category) values (${domain}, 'Algolia Search', 'Search')`;
	}
}

describe('customers and the target views', () => {
	let db: TestDatabase;
	const actor = 'ana@example.com';
	const targets = async () => (await db.sql<{domain: string}[]>`select domain from v_displacement_targets`).map((r) => r.domain).sort();
	const hotLeads = async () => (await db.sql<{domain: string}[]>`select domain from v_hot_leads`).map((r) => r.domain).sort();
	const elastic = {name: 'Elasticsearch', algolia: false, priority: 'HIGH'};

	beforeAll(async () => {
		db = await createTestDatabase();
		await company(db, 'hot.com', {hot: true, provider: elastic, partnerTech: true});
		await company(db, 'listed-customer.com', {hot: true, provider: elastic, partnerTech: true});
		await db.sql`insert into core_customers (domain, source) values ('listed-customer.com', 'legacy_import')`;
		await company(db, 'detected.com', {hot: true, provider: {name: 'Algolia', algolia: true, priority: 'HIGH'}, partnerTech: true});
		await company(db, 'override.com', {hot: true, provider: {name: 'Algolia', algolia: true, priority: 'MEDIUM'}, partnerTech: true});
		await db.sql`insert into core_customers (domain, is_customer, source) values ('override.com', false, 'manual')`;
		await company(db, 'tech-algolia.com', {hot: true, provider: elastic, algoliaTech: true});
		await company(db, 'discovered.com', {partnerTech: true});
		await company(db, 'no-provider-no-tech.com', {});
		await company(db, 'low.com', {hot: false, provider: {name: 'Solr', algolia: false, priority: 'LOW'}, partnerTech: true});
		await company(db, 'withdrawn.com', {hot: true, provider: elastic});
		await db.sql`insert into core_customers (domain, source, deleted_at) values ('withdrawn.com', 'manual', now())`;
		await db.sql`insert into core_customers (domain, company_name, source, legacy_id) values (null, 'Globex Corporation', 'legacy_import', 17), (null, 'Initech', 'legacy_import', 18), (null, 'Initech', 'legacy_import', 19)`;
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('never shows an effective customer as a target or a hot lead', async () => {
		expect(await targets()).toEqual(['discovered.com', 'hot.com', 'override.com', 'withdrawn.com']);
		expect(await hotLeads()).toEqual(['hot.com', 'override.com', 'withdrawn.com']);
		const effective = await listEffectiveCustomers(db.sql);
		expect(effective.map((e) => [e.domain, e.decidedBy])).toEqual([
			['detected.com', 'detection'],
			['listed-customer.com', 'list'],
			['tech-algolia.com', 'detection'],
		]);
		// No row of either view is an effective customer, whatever the data.
		const [leakRow] = await db.sql<{leaks: number}[]>`
			select count(*)::int as leaks from (select domain from v_displacement_targets union all select domain from v_hot_leads) v
			where exists (select 1 from v_effective_customers ec where ec.domain = v.domain)`;
		expect(leakRow!.leaks).toBe(0);
	});

	it('shows a company on partner technology with no known search provider (discovered, not yet enriched)', async () => {
		const [row] = await db.sql`select * from v_displacement_targets where domain = 'discovered.com'`;
		expect(row).toMatchObject({current_provider: null, displacement_priority: null, partner_tech: 'Adobe Experience Manager', partner_tier: 'premier'});
	});

	it('marking a company a customer removes it from every target view at once, and logs who, when and why', async () => {
		const result = await markCustomer(db.sql, {domain: 'https://www.Hot.com/pricing', isCustomer: true, reason: 'signed 2026-11', actor, via: 'tui'});
		expect(result).toMatchObject({domain: 'hot.com', before: null, after: true, changed: true, effective: true});
		expect(await targets()).not.toContain('hot.com');
		expect(await hotLeads()).not.toContain('hot.com');
		const [change] = await customerHistory(db.sql, {domain: 'hot.com'});
		expect(change).toMatchObject({action: 'mark_customer', isCustomerBefore: null, isCustomerAfter: true, reason: 'signed 2026-11', actor, via: 'tui'});
		expect(Date.now() - change!.changedAt.getTime()).toBeLessThan(60_000);
	});

	it('"is not a customer" beats detection, and resetting hands the decision back to detection', async () => {
		await markCustomer(db.sql, {domain: 'detected.com', isCustomer: false, reason: 'Algolia was a trial, removed', actor, via: 'cli'});
		expect(await targets()).toContain('detected.com');
		expect(await hotLeads()).toContain('detected.com');
		expect(await customerStatus(db.sql, 'detected.com')).toMatchObject({detected: true, effective: false, decidedBy: null});

		const reset = await resetCustomer(db.sql, {domain: 'detected.com', reason: 'let detection decide', actor, via: 'cli'});
		expect(reset).toEqual({domain: 'detected.com', before: false, effective: true});
		expect(await targets()).not.toContain('detected.com');
		const history = await customerHistory(db.sql, {domain: 'detected.com'});
		expect(history.map((h) => [h.action, h.isCustomerBefore, h.isCustomerAfter])).toEqual([
			['reset', false, null],
			['mark_not_customer', null, false],
		]);
	});

	it('"is a customer" beats detection that missed it, and a repeated decision changes and logs nothing', async () => {
		const first = await markCustomer(db.sql, {domain: 'override.com', isCustomer: true, reason: 'contract found', actor, via: 'cli'});
		expect(first).toMatchObject({before: false, after: true, changed: true});
		const again = await markCustomer(db.sql, {domain: 'override.com', isCustomer: true, reason: 'again', actor, via: 'cli'});
		expect(again.changed).toBe(false);
		expect(await customerHistory(db.sql, {domain: 'override.com'})).toHaveLength(1);
		expect(await targets()).toEqual(['discovered.com', 'withdrawn.com']);
	});

	it('lists name-only customers as unresolved and resolves them to a domain', async () => {
		const unresolved = await listCustomers(db.sql, {unresolved: true});
		expect(unresolved.map((u) => u.companyName)).toEqual(['Globex Corporation', 'Initech', 'Initech']);
		await expect(resolveCustomer(db.sql, {nameOrId: 'Initech', domain: 'initech.com', actor})).rejects.toBeInstanceOf(UsageError);
		await expect(resolveCustomer(db.sql, {nameOrId: 'Umbrella', domain: 'umbrella.com', actor})).rejects.toBeInstanceOf(NotFoundError);
		// Resolving to a domain that is a target takes it out of the views.
		const resolved = await resolveCustomer(db.sql, {nameOrId: 'globex corporation', domain: 'withdrawn.com', reason: 'Globex runs withdrawn.com', actor, via: 'cli'});
		expect(resolved).toMatchObject({domain: 'withdrawn.com', companyName: 'Globex Corporation', merged: true});
		expect(await targets()).toEqual(['discovered.com']);
		expect((await listCustomers(db.sql, {unresolved: true})).map((u) => u.companyName)).toEqual(['Initech', 'Initech']);
		const byId = (await listCustomers(db.sql, {unresolved: true}))[0]!;
		const second = await resolveCustomer(db.sql, {nameOrId: byId.id, domain: 'initech.com', actor, via: 'cli'});
		expect(second).toMatchObject({domain: 'initech.com', merged: false});
		const [row] = await db.sql`select domain, legacy_id from core_customers where id = ${byId.id}`;
		expect(row!.domain).toBe('initech.com');
	});

	it('refuses a name where a domain belongs', async () => {
		await expect(markCustomer(db.sql, {domain: 'Acme Corp', isCustomer: true, actor})).rejects.toThrow(/not a domain: it contains spaces/);
	});
});
