/**
 * The audit trail: rows of audit_user_actions (one per audited action) and reads of
 * audit_user_actions / audit_data_changes for `pf audit`. audit_data_changes is written
 * by the triggers of sql/0600 (generated per table since sql/0760); `setActor` tells
 * them who is acting.
 */
import type {Sql} from './client.js';

export type UserActionInput = {
	userId: string | null;
	apiKeyId: string | null;
	action: string;
	domain?: string | null;
	resourceType?: string | null;
	resourceId?: string | null;
	requestPath?: string | null;
};

export async function insertUserAction(sql: Sql, action: UserActionInput): Promise<string> {
	const [row] = await sql<{id: string}[]>`
		insert into audit_user_actions (user_id, api_key_id, action, domain, resource_type, resource_id, request_path, request_method)
		values (${action.userId}, ${action.apiKeyId}, ${action.action}, ${action.domain ?? null}, ${action.resourceType ?? null},
			${action.resourceId ?? null}, ${action.requestPath ?? null}, 'CLI')
		returning id`;
	return row!.id;
}

/** Many actions in one statement (an enqueue of many domains). */
export async function insertUserActions(sql: Sql, actions: readonly UserActionInput[]): Promise<void> {
	for (let start = 0; start < actions.length; start += 1000) {
		const rows = actions.slice(start, start + 1000).map((action) => ({
			user_id: action.userId,
			api_key_id: action.apiKeyId,
			action: action.action,
			domain: action.domain ?? null,
			resource_type: action.resourceType ?? null,
			resource_id: action.resourceId ?? null,
			request_path: action.requestPath ?? null,
			request_method: 'CLI',
		}));
		await sql`insert into audit_user_actions ${sql(rows)}`;
	}
}

/**
 * Sets who is acting for the data-change triggers, for the rest of the current
 * transaction only (`set_config(…, true)`): call it inside `sql.begin`.
 */
export async function setActor(tx: Sql, userId: string | null): Promise<void> {
	await tx`select set_config('pf.actor_id', ${userId ?? ''}, true)`;
}

export type AuditFilter = {domain?: string; email?: string; since?: Date; action?: string; limit: number};

export type UserActionRow = {id: string; action_at: Date; email: string | null; key_prefix: string | null; action: string; domain: string | null; resource_type: string | null; resource_id: string | null};

export async function listUserActions(sql: Sql, filter: AuditFilter): Promise<UserActionRow[]> {
	return sql<UserActionRow[]>`
		select u.id, u.action_at, a.email, k.key_prefix, u.action, u.domain, u.resource_type, u.resource_id
		from audit_user_actions u
		left join users_accounts a on a.id = u.user_id
		left join users_api_keys k on k.id = u.api_key_id
		where true
			${filter.domain ? sql`and u.domain = ${filter.domain}` : sql``}
			${filter.email ? sql`and lower(a.email) = lower(${filter.email})` : sql``}
			${filter.since ? sql`and u.action_at >= ${filter.since}` : sql``}
			${filter.action ? sql`and u.action = ${filter.action}` : sql``}
		order by u.action_at desc, u.id
		limit ${filter.limit}`;
}

export type DataChangeRow = {id: string; changed_at: Date; email: string | null; table_name: string; record_id: string; domain: string | null; operation: string; changed_fields: string[] | null; old_data: unknown; new_data: unknown};

export async function listDataChanges(sql: Sql, filter: AuditFilter & {table?: string}): Promise<DataChangeRow[]> {
	return sql<DataChangeRow[]>`
		select d.id, d.changed_at, a.email, d.table_name, d.record_id, d.domain, d.operation, d.changed_fields,
			-- An UPDATE recorded since sql/0760 keeps only the changed fields' old values:
			-- the whole old row is the new row with those laid over it (rows recorded
			-- before, with the whole old row, come out unchanged).
			case when d.operation = 'UPDATE' and d.new_data is not null and d.old_data is not null then d.new_data || d.old_data else d.old_data end as old_data,
			d.new_data
		from audit_data_changes d
		left join users_accounts a on a.id = d.changed_by
		where true
			${filter.domain ? sql`and d.domain = ${filter.domain}` : sql``}
			${filter.email ? sql`and lower(a.email) = lower(${filter.email})` : sql``}
			${filter.since ? sql`and d.changed_at >= ${filter.since}` : sql``}
			${filter.table ? sql`and d.table_name = ${filter.table}` : sql``}
		order by d.changed_at desc, d.id
		limit ${filter.limit}`;
}
