/**
 * Use-cases of the customer list, shared by `pf customers` and the TUI's company screen:
 * mark a company as a customer / not a customer (the analyst's override, which beats
 * detection in both directions), withdraw that decision, resolve a name-only customer,
 * import a CSV. Every change records who (the actor), when and why.
 *
 * The TUI calls, for the "mark as customer / not customer" action:
 *   await markCustomer(sql, {domain, isCustomer: true, reason, actor: currentActor(), via: 'tui'})
 */
import os from 'node:os';
import type {Sql} from '../db/client.js';
import {normaliseDomain} from '../domain/domain-name.js';
import {NotFoundError, NotPermittedError, UsageError} from '../errors.js';
import {resolveActor} from './access.js';
import {readCustomerCsv, type CustomerCsvReject} from '../discovery/customer-csv.js';
import {
	importCustomerRows,
	resetCustomerDecision,
	resolveCustomerDomain,
	selectCustomerChanges,
	selectCustomers,
	selectCustomerStatus,
	selectEffectiveCustomers,
	selectUnresolvedMatches,
	upsertCustomerDecision,
	type CustomerChangeRow,
	type CustomerRow,
	type CustomerStatusRow,
	type CustomerVia,
	type DecisionResult,
	type EffectiveCustomerRow,
	type ImportCounts,
} from '../db/customers.js';

export type {CustomerRow, CustomerChangeRow, CustomerStatusRow, EffectiveCustomerRow, CustomerVia};

/**
 * Who is acting, until accounts exist (issue 8 replaces this with the account behind
 * the API key): PF_USER, else the operating-system user.
 */
export function currentActor(env: NodeJS.ProcessEnv = process.env): string {
	const fromEnv = env.PF_USER?.trim();
	if (fromEnv) return fromEnv;
	try {
		return os.userInfo().username || 'unknown';
	} catch {
		return 'unknown';
	}
}

/**
 * Who is changing data, checked against the accounts (issue 8): a database without
 * accounts is a single-user install (the actor is PF_USER / the login); once accounts
 * exist, a change needs a key whose permissions include `permission` (a bad key is
 * refused even so), and the change is recorded under the key's account e-mail.
 */
export async function changingUser(sql: Sql, permission: 'enrich' | 'admin', what: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const actor = await resolveActor(sql, env);
	if (actor.kind === 'key') {
		if (!actor.permissions.includes(permission)) {
			throw new NotPermittedError(`key ${actor.keyPrefix} (${actor.email}, ${actor.role}) may not ${what}: that needs the ${permission} permission`, `ask an admin for a key with the ${permission} permission`);
		}
		return actor.email;
	}
	if (actor.kind === 'anonymous') {
		throw new NotPermittedError(`to ${what} on this database pf needs an API key (it has accounts, so changes need a key)`, 'set PF_API_KEY or run `pf keys save`');
	}
	return currentActor(env);
}

/** A domain as typed by a user, normalised, or exit 2 saying why it is not one. */
export function requireDomain(input: string): string {
	const result = normaliseDomain(input);
	if (!result.ok) throw new UsageError(`"${input}" is not a domain: ${result.reason}`, 'give the company\'s website domain, e.g. acme.com');
	return result.domain;
}

function cleanReason(reason: string | undefined | null): string | null {
	const text = reason?.trim();
	return text ? text : null;
}

export type MarkInput = {domain: string; isCustomer: boolean; reason?: string | null; actor: string; via?: CustomerVia; companyName?: string | null};

export type MarkResult = DecisionResult & {effective: boolean};

/**
 * The analyst's decision: `isCustomer` true ("is a customer") or false ("is not a
 * customer"). Effective at once in every target view.
 */
export async function markCustomer(sql: Sql, input: MarkInput): Promise<MarkResult> {
	const domain = requireDomain(input.domain);
	const result = await upsertCustomerDecision(sql, {
		domain,
		isCustomer: input.isCustomer,
		companyName: input.companyName ?? null,
		reason: cleanReason(input.reason),
		actor: input.actor,
		via: input.via ?? 'service',
	});
	const status = await selectCustomerStatus(sql, domain);
	return {...result, effective: status.effective};
}

/** Withdraws the analyst's decision for a domain: detection decides again. */
export async function resetCustomer(sql: Sql, input: {domain: string; reason?: string | null; actor: string; via?: CustomerVia}): Promise<{domain: string; before: boolean; effective: boolean}> {
	const domain = requireDomain(input.domain);
	const reset = await resetCustomerDecision(sql, {domain, reason: cleanReason(input.reason), actor: input.actor, via: input.via ?? 'service'});
	if (!reset) throw new NotFoundError(`${domain} is not on the customer list`, 'see `pf customers list`; only a listed decision can be reset');
	const status = await selectCustomerStatus(sql, domain);
	return {domain, before: reset.before, effective: status.effective};
}

/** What the list, detection and the effective definition say about a domain. */
export async function customerStatus(sql: Sql, domainInput: string): Promise<CustomerStatusRow> {
	return selectCustomerStatus(sql, requireDomain(domainInput));
}

/** The list: decisions with a domain (default), or the unresolved name-only customers. */
export async function listCustomers(sql: Sql, options: {unresolved?: boolean} = {}): Promise<CustomerRow[]> {
	return selectCustomers(sql, {unresolved: options.unresolved});
}

/** Every effective customer, whether the list or detection made it one. */
export async function listEffectiveCustomers(sql: Sql): Promise<EffectiveCustomerRow[]> {
	return selectEffectiveCustomers(sql);
}

export async function customerHistory(sql: Sql, options: {domain?: string; limit?: number} = {}): Promise<CustomerChangeRow[]> {
	return selectCustomerChanges(sql, {domain: options.domain ? requireDomain(options.domain) : undefined, limit: options.limit});
}

/** Gives an unresolved (name-only) customer its domain; `nameOrId` is its list id or its exact name. */
export async function resolveCustomer(sql: Sql, input: {nameOrId: string; domain: string; reason?: string | null; actor: string; via?: CustomerVia}): Promise<{customerId: string; domain: string; companyName: string | null; merged: boolean}> {
	const domain = requireDomain(input.domain);
	const matches = await selectUnresolvedMatches(sql, input.nameOrId.trim());
	if (matches.length === 0) {
		throw new NotFoundError(`no unresolved customer is named or numbered "${input.nameOrId}"`, 'see `pf customers list --unresolved` for names and ids');
	}
	if (matches.length > 1) {
		throw new UsageError(`${matches.length} unresolved customers are named "${input.nameOrId}"`, `give the id instead: ${matches.map((m) => m.id).join(', ')}`);
	}
	const match = matches[0]!;
	const result = await resolveCustomerDomain(sql, {customerId: match.id, domain, reason: cleanReason(input.reason), actor: input.actor, via: input.via ?? 'service'});
	return {...result, companyName: match.companyName};
}

export type CustomerImportReport = ImportCounts & {
	file?: string;
	columns: {domain: string; companyName?: string; note?: string};
	rows: number;
	rejected: CustomerCsvReject[];
	duplicates: number;
	dryRun: boolean;
};

/**
 * Imports a customer CSV (a header row with a domain column; optional company name and
 * note columns). Refuses a file without a domain column before writing anything; rows
 * whose domain is not valid are reported and skipped; rows with only a company name
 * become unresolved customers.
 */
export async function importCustomersCsv(sql: Sql, text: string, input: {reason?: string | null; actor: string; via?: CustomerVia; dryRun?: boolean; file?: string}): Promise<CustomerImportReport> {
	const csv = readCustomerCsv(text);
	if (!csv.ok) {
		throw new UsageError(`${input.file ?? 'the CSV'}: ${csv.reason}`, 'the first line must be a header with a column named domain (or website/url); nothing was written');
	}
	const base = {file: input.file, columns: csv.columns, rows: csv.rows.length + csv.rejected.length + csv.duplicates, rejected: csv.rejected, duplicates: csv.duplicates, dryRun: input.dryRun ?? false};
	if (input.dryRun) {
		return {...base, added: 0, changed: 0, unchanged: 0, unresolvedAdded: 0, unresolvedKnown: 0};
	}
	const counts = await importCustomerRows(sql, csv.rows, {
		reason: cleanReason(input.reason) ?? `CSV import${input.file ? ` of ${input.file}` : ''}`,
		actor: input.actor,
		via: input.via ?? 'csv_import',
	});
	return {...base, ...counts};
}
