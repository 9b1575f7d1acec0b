/**
 * Reading the audit trail (`pf audit`), and running writes as an actor so the
 * data-change triggers know who made them.
 */
import type {Sql} from '../db/client.js';
import {listDataChanges, listUserActions, setActor, type DataChangeRow, type UserActionRow} from '../db/audit.js';
import {normaliseDomain} from '../domain/domain-name.js';
import {UsageError} from '../errors.js';
import {actorUserId, authorize, type Actor} from './access.js';

export type AuditQuery = {domain?: string; email?: string; since?: Date; action?: string; table?: string; limit?: number};

function cleanFilter(query: AuditQuery) {
	let domain: string | undefined;
	if (query.domain) {
		const normalised = normaliseDomain(query.domain);
		if (!normalised.ok) throw new UsageError(`"${query.domain}" is not a domain: ${normalised.reason}`, 'give a domain such as example.com');
		domain = normalised.domain;
	}
	const limit = query.limit ?? 100;
	if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError('--limit must be between 1 and 100000');
	return {domain, email: query.email?.trim().toLowerCase() || undefined, since: query.since, action: query.action, limit};
}

export async function userActions(sql: Sql, query: AuditQuery, options: {actor?: Actor; env?: NodeJS.ProcessEnv} = {}): Promise<UserActionRow[]> {
	await authorize(sql, {action: 'audit.read', actor: options.actor, env: options.env});
	return listUserActions(sql, cleanFilter(query));
}

export async function dataChanges(sql: Sql, query: AuditQuery, options: {actor?: Actor; env?: NodeJS.ProcessEnv} = {}): Promise<DataChangeRow[]> {
	await authorize(sql, {action: 'audit.read', actor: options.actor, env: options.env});
	return listDataChanges(sql, {...cleanFilter(query), table: query.table});
}

/**
 * Runs `work` in a transaction in which the data-change triggers record `actor` as
 * changed_by. Writers of core and intel rows on behalf of a person use this.
 */
export async function asActor<T>(sql: Sql, actor: Actor, work: (tx: Sql) => Promise<T>): Promise<T> {
	return sql.begin(async (tx) => {
		await setActor(tx as unknown as Sql, actorUserId(actor));
		return work(tx as unknown as Sql);
	}) as Promise<T>;
}
