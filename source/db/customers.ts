/**
 * The customer list (core_customers) and its change log (core_customer_changes).
 * Every decision an analyst makes is written together with its change row, in one
 * transaction, so the list and its history never disagree. "Effective customer" is
 * defined once, in SQL (v_effective_customers, sql/0500): these functions only read it.
 */
import type {Sql} from './client.js';

export type CustomerVia = 'cli' | 'csv_import' | 'tui' | 'service';

export type CustomerRow = {
	id: string;
	domain: string | null;
	companyName: string | null;
	isCustomer: boolean;
	source: string;
	legacyId: number | null;
	note: string | null;
	createdBy: string | null;
	createdAt: Date;
	updatedAt: Date;
	/** The latest manual change, if any. */
	changedBy: string | null;
	changedAt: Date | null;
	reason: string | null;
};

export type CustomerChangeRow = {
	id: string;
	customerId: string;
	domain: string | null;
	companyName: string | null;
	action: 'mark_customer' | 'mark_not_customer' | 'reset' | 'resolve';
	isCustomerBefore: boolean | null;
	isCustomerAfter: boolean | null;
	reason: string | null;
	actor: string;
	via: CustomerVia;
	changedAt: Date;
};

export type EffectiveCustomerRow = {domain: string; companyName: string | null; decidedBy: 'list' | 'detection'; source: string; decidedAt: Date | null};

export type CustomerStatusRow = {
	domain: string;
	/** The live list row (the analyst's decision), if any. */
	listed: CustomerRow | undefined;
	/** What detection says (intel_search_provider.is_algolia or an Algolia technology row). */
	detected: boolean;
	/** The answer: v_effective_customers. */
	effective: boolean;
	decidedBy: 'list' | 'detection' | null;
};

const customerColumns = (sql: Sql) => sql`
	cu.id, cu.domain, cu.company_name as "companyName", cu.is_customer as "isCustomer", cu.source,
	cu.legacy_id as "legacyId", cu.note, cu.created_by as "createdBy", cu.created_at as "createdAt", cu.updated_at as "updatedAt",
	ch.actor as "changedBy", ch.changed_at as "changedAt", ch.reason
`;

const latestChange = (sql: Sql) => sql`
	left join lateral (
		select c.actor, c.changed_at, c.reason from core_customer_changes c
		where c.customer_id = cu.id order by c.changed_at desc, c.id limit 1
	) ch on true
`;

/** Live list rows: with a domain (customers and "not a customer" overrides), or only the unresolved (no domain). */
export async function selectCustomers(sql: Sql, options: {unresolved?: boolean; limit?: number} = {}): Promise<CustomerRow[]> {
	const filter = options.unresolved ? sql`cu.domain is null` : sql`cu.domain is not null`;
	const limit = options.limit ?? null;
	return sql<CustomerRow[]>`
		select ${customerColumns(sql)}
		from core_customers cu ${latestChange(sql)}
		where cu.deleted_at is null and ${filter}
		order by cu.domain nulls last, cu.company_name, cu.id
		limit ${limit}
	`;
}

/** Every effective customer (the list's customers and detection's, minus "not a customer" overrides). */
export async function selectEffectiveCustomers(sql: Sql): Promise<EffectiveCustomerRow[]> {
	return sql<EffectiveCustomerRow[]>`
		select ec.domain, coalesce(ec.company_name, co.company_name) as "companyName", ec.decided_by as "decidedBy", ec.source, ec.decided_at as "decidedAt"
		from v_effective_customers ec
		left join core_companies co on co.domain = ec.domain
		order by ec.domain
	`;
}

/** What the list, detection and the effective definition say about one domain. */
export async function selectCustomerStatus(sql: Sql, domain: string): Promise<CustomerStatusRow> {
	const [listed] = await sql<CustomerRow[]>`
		select ${customerColumns(sql)} from core_customers cu ${latestChange(sql)}
		where cu.domain = ${domain} and cu.deleted_at is null
	`;
	const [row] = await sql<{detected: boolean; decidedBy: 'list' | 'detection' | null}[]>`
		select exists (select 1 from v_detected_customers d where d.domain = ${domain}) as detected,
		       (select ec.decided_by from v_effective_customers ec where ec.domain = ${domain} limit 1) as "decidedBy"
	`;
	return {domain, listed, detected: row!.detected, effective: row!.decidedBy !== null, decidedBy: row!.decidedBy};
}

/** The change log, newest first. */
export async function selectCustomerChanges(sql: Sql, options: {domain?: string; customerId?: string; limit?: number} = {}): Promise<CustomerChangeRow[]> {
	const domain = options.domain ?? null;
	const customerId = options.customerId ?? null;
	return sql<CustomerChangeRow[]>`
		select id, customer_id as "customerId", domain, company_name as "companyName", action,
		       is_customer_before as "isCustomerBefore", is_customer_after as "isCustomerAfter",
		       reason, actor, via, changed_at as "changedAt"
		from core_customer_changes
		where (${domain}::text is null or domain = ${domain})
		  and (${customerId}::uuid is null or customer_id = ${customerId}::uuid)
		order by changed_at desc, id
		limit ${options.limit ?? 1000}
	`;
}

export type DecisionInput = {
	domain: string;
	isCustomer: boolean;
	companyName?: string | null;
	reason: string | null;
	actor: string;
	via: CustomerVia;
	/** core_customers.source of a row this creates. */
	source?: 'manual' | 'csv_import';
};

export type DecisionResult = {customerId: string; domain: string; before: boolean | null; after: boolean; changed: boolean};

/**
 * Records the analyst's decision for one domain ("is" / "is not a customer"): upserts the
 * list row (reviving a soft-deleted one) and writes the change row, in one transaction.
 * Deciding what is already decided changes nothing and logs nothing.
 */
export async function upsertCustomerDecision(sql: Sql, input: DecisionInput): Promise<DecisionResult> {
	return sql.begin(async (tx) => {
		const [before] = await tx<{id: string; isCustomer: boolean; deletedAt: Date | null}[]>`
			select id, is_customer as "isCustomer", deleted_at as "deletedAt" from core_customers where domain = ${input.domain} for update
		`;
		const previous = before && before.deletedAt === null ? before.isCustomer : null;
		if (previous === input.isCustomer) {
			if (input.companyName) {
				await tx`update core_customers set company_name = ${input.companyName} where id = ${before!.id} and company_name is null`;
			}
			return {customerId: before!.id, domain: input.domain, before: previous, after: input.isCustomer, changed: false};
		}
		const [row] = await tx<{id: string; companyName: string | null}[]>`
			insert into core_customers (domain, company_name, is_customer, source, note, created_by)
			values (${input.domain}, ${input.companyName ?? null}, ${input.isCustomer}, ${input.source ?? 'manual'}, ${input.reason}, ${input.actor})
			on conflict (domain) do update set
				is_customer = excluded.is_customer,
				deleted_at = null,
				company_name = coalesce(excluded.company_name, core_customers.company_name)
			returning id, company_name as "companyName"
		`;
		await tx`
			insert into core_customer_changes (customer_id, domain, company_name, action, is_customer_before, is_customer_after, reason, actor, via)
			values (${row!.id}, ${input.domain}, ${row!.companyName}, ${input.isCustomer ? 'mark_customer' : 'mark_not_customer'},
			        ${previous}, ${input.isCustomer}, ${input.reason}, ${input.actor}, ${input.via})
		`;
		return {customerId: row!.id, domain: input.domain, before: previous, after: input.isCustomer, changed: true};
	}) as Promise<DecisionResult>;
}

/** Withdraws the analyst's decision (soft-deletes the list row): detection decides again. */
export async function resetCustomerDecision(sql: Sql, input: {domain: string; reason: string | null; actor: string; via: CustomerVia}): Promise<{customerId: string; before: boolean} | undefined> {
	return sql.begin(async (tx) => {
		const [row] = await tx<{id: string; isCustomer: boolean; companyName: string | null}[]>`
			update core_customers set deleted_at = now()
			where domain = ${input.domain} and deleted_at is null
			returning id, is_customer as "isCustomer", company_name as "companyName"
		`;
		if (!row) return undefined;
		await tx`
			insert into core_customer_changes (customer_id, domain, company_name, action, is_customer_before, is_customer_after, reason, actor, via)
			values (${row.id}, ${input.domain}, ${row.companyName}, 'reset', ${row.isCustomer}, null, ${input.reason}, ${input.actor}, ${input.via})
		`;
		return {customerId: row.id, before: row.isCustomer};
	}) as Promise<{customerId: string; before: boolean} | undefined>;
}

/** Unresolved (name-only) list rows whose id is `idOrName` or whose name matches it (case-insensitive). */
export async function selectUnresolvedMatches(sql: Sql, idOrName: string): Promise<CustomerRow[]> {
	const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
	const match = isUuid ? sql`cu.id = ${idOrName}::uuid` : sql`lower(cu.company_name) = lower(${idOrName})`;
	return sql<CustomerRow[]>`
		select ${customerColumns(sql)} from core_customers cu ${latestChange(sql)}
		where cu.deleted_at is null and cu.domain is null and ${match}
		order by cu.company_name, cu.id
	`;
}

export type ResolveResult = {customerId: string; domain: string; merged: boolean};

/**
 * Gives a name-only customer its domain. When the domain is already on the list, the
 * name-only row is merged into that row (soft-deleted, its name kept where the other has
 * none) and the list row becomes a customer if it was not one.
 */
export async function resolveCustomerDomain(sql: Sql, input: {customerId: string; domain: string; reason: string | null; actor: string; via: CustomerVia}): Promise<ResolveResult> {
	return sql.begin(async (tx) => {
		const [named] = await tx<{id: string; companyName: string | null; isCustomer: boolean}[]>`
			select id, company_name as "companyName", is_customer as "isCustomer" from core_customers
			where id = ${input.customerId} and domain is null and deleted_at is null for update
		`;
		if (!named) throw new Error(`customer ${input.customerId} is not an unresolved list row`);
		const [existing] = await tx<{id: string; isCustomer: boolean; deletedAt: Date | null}[]>`
			select id, is_customer as "isCustomer", deleted_at as "deletedAt" from core_customers where domain = ${input.domain} for update
		`;
		if (!existing) {
			await tx`update core_customers set domain = ${input.domain} where id = ${named.id}`;
			await tx`
				insert into core_customer_changes (customer_id, domain, company_name, action, is_customer_before, is_customer_after, reason, actor, via)
				values (${named.id}, ${input.domain}, ${named.companyName}, 'resolve', null, ${named.isCustomer}, ${input.reason}, ${input.actor}, ${input.via})
			`;
			return {customerId: named.id, domain: input.domain, merged: false};
		}
		const before = existing.deletedAt === null ? existing.isCustomer : null;
		await tx`
			update core_customers set
				is_customer = ${named.isCustomer}, deleted_at = null,
				company_name = coalesce(company_name, ${named.companyName})
			where id = ${existing.id}
		`;
		await tx`update core_customers set deleted_at = now(), note = concat_ws(' · ', note, ${`merged into ${input.domain}`}::text) where id = ${named.id}`;
		await tx`
			insert into core_customer_changes (customer_id, domain, company_name, action, is_customer_before, is_customer_after, reason, actor, via)
			values (${existing.id}, ${input.domain}, ${named.companyName}, 'resolve', ${before}, ${named.isCustomer}, ${input.reason}, ${input.actor}, ${input.via}),
			       (${named.id}, ${input.domain}, ${named.companyName}, 'resolve', ${named.isCustomer}, null, ${input.reason}, ${input.actor}, ${input.via})
		`;
		return {customerId: existing.id, domain: input.domain, merged: true};
	}) as Promise<ResolveResult>;
}

export type ImportRow = {domain: string | null; companyName: string | null; note: string | null};

export type ImportCounts = {added: number; changed: number; unchanged: number; unresolvedAdded: number; unresolvedKnown: number};

/**
 * Marks every listed domain as a customer in one set-based statement per kind of row
 * (domains unique within `rows`): new rows are added (source csv_import), "not a
 * customer" and withdrawn rows become customers again, each change logged. Rows with
 * only a name become unresolved customers unless that name is already listed.
 */
export async function importCustomerRows(sql: Sql, rows: readonly ImportRow[], input: {reason: string | null; actor: string; via: CustomerVia}): Promise<ImportCounts> {
	const withDomain = rows.filter((row) => row.domain !== null);
	const nameOnly = rows.filter((row) => row.domain === null && row.companyName);
	return sql.begin(async (tx) => {
		const listed = JSON.stringify(withDomain.map((row) => ({domain: row.domain, company_name: row.companyName, note: row.note})));
		const [counts] = await tx<{added: number; changed: number; unchanged: number}[]>`
			with input as (
				select * from jsonb_to_recordset(${listed}::text::jsonb) as i(domain text, company_name text, note text)
			),
			previous as (
				select cu.id, cu.domain, case when cu.deleted_at is null then cu.is_customer end as was
				from core_customers cu join input i on i.domain = cu.domain
			),
			written as (
				insert into core_customers (domain, company_name, is_customer, source, note, created_by)
				select i.domain, i.company_name, true, 'csv_import', i.note, ${input.actor} from input i
				on conflict (domain) do update set
					is_customer = true,
					deleted_at = null,
					company_name = coalesce(core_customers.company_name, excluded.company_name)
				where core_customers.is_customer is distinct from true
				   or core_customers.deleted_at is not null
				   or (core_customers.company_name is null and excluded.company_name is not null)
				returning id, domain, company_name
			),
			logged as (
				insert into core_customer_changes (customer_id, domain, company_name, action, is_customer_before, is_customer_after, reason, actor, via)
				select w.id, w.domain, w.company_name, 'mark_customer', p.was, true, ${input.reason}, ${input.actor}, ${input.via}
				from written w left join previous p on p.domain = w.domain
				where p.was is distinct from true
				returning customer_id
			)
			select
				(select count(*)::int from written w where not exists (select 1 from previous p where p.domain = w.domain)) as added,
				(select count(*)::int from previous p where p.was is distinct from true) as changed,
				(select count(*)::int from previous p where p.was is true) as unchanged,
				(select count(*)::int from logged) as logged
		`;
		let unresolvedAdded = 0;
		if (nameOnly.length > 0) {
			const [row] = await tx<{added: number}[]>`
				with input as (
					select distinct on (lower(i.company_name)) i.company_name, i.note
					from jsonb_to_recordset(${JSON.stringify(nameOnly.map((r) => ({company_name: r.companyName, note: r.note})))}::text::jsonb) as i(company_name text, note text)
					order by lower(i.company_name)
				),
				written as (
					insert into core_customers (domain, company_name, is_customer, source, note, created_by)
					select null, i.company_name, true, 'csv_import', i.note, ${input.actor} from input i
					where not exists (select 1 from core_customers cu where cu.deleted_at is null and lower(cu.company_name) = lower(i.company_name))
					returning id, company_name
				),
				logged as (
					insert into core_customer_changes (customer_id, domain, company_name, action, is_customer_before, is_customer_after, reason, actor, via)
					select w.id, null, w.company_name, 'mark_customer', null, true, ${input.reason}, ${input.actor}, ${input.via} from written w
					returning 1
				)
				select (select count(*)::int from written) as added
			`;
			unresolvedAdded = row!.added;
		}
		return {added: counts!.added, changed: counts!.changed, unchanged: counts!.unchanged, unresolvedAdded, unresolvedKnown: nameOnly.length - unresolvedAdded};
	}) as Promise<ImportCounts>;
}
