/**
 * Accounts, API keys and the PostgreSQL rate-limit buckets (users_accounts,
 * users_api_keys, users_rate_limits, users_preferences). Key hashes are read here only
 * to be compared; no query returns them to a caller that prints.
 */
import type {Sql} from './client.js';

export type AccountRow = {id: string; email: string; name: string | null; role: string; is_active: boolean; created_at: Date; last_login_at: Date | null};

export type KeyRow = {
	id: string;
	user_id: string;
	email: string;
	key_prefix: string;
	name: string | null;
	permissions: string[];
	rate_limit_rpm: number;
	is_active: boolean;
	expires_at: Date | null;
	created_at: Date;
	last_used_at: Date | null;
};

/** A key candidate for the check: the stored hash plus what decides whether it may act. */
export type KeyCandidate = KeyRow & {key_hash: string; role: string; user_active: boolean};

export async function countAccounts(sql: Sql): Promise<number> {
	const [row] = await sql<{count: number}[]>`select count(*)::int as count from users_accounts`;
	return row!.count;
}

export async function insertAccount(sql: Sql, account: {email: string; role: string; name?: string | null}): Promise<AccountRow> {
	const [row] = await sql<AccountRow[]>`
		insert into users_accounts (email, role, name) values (${account.email}, ${account.role}, ${account.name ?? null})
		returning id, email, name, role, is_active, created_at, last_login_at`;
	return row!;
}

export async function findAccount(sql: Sql, email: string): Promise<AccountRow | undefined> {
	const [row] = await sql<AccountRow[]>`select id, email, name, role, is_active, created_at, last_login_at from users_accounts where lower(email) = lower(${email})`;
	return row;
}

export async function listAccounts(sql: Sql): Promise<(AccountRow & {active_keys: number})[]> {
	return sql<(AccountRow & {active_keys: number})[]>`
		select a.id, a.email, a.name, a.role, a.is_active, a.created_at, a.last_login_at,
			(select count(*)::int from users_api_keys k where k.user_id = a.id and k.is_active and (k.expires_at is null or k.expires_at > now())) as active_keys
		from users_accounts a order by a.email`;
}

export async function deactivateAccount(sql: Sql, id: string): Promise<void> {
	await sql`update users_accounts set is_active = false where id = ${id}`;
}

/** Whether an active admin account holds a usable key with the admin permission. */
export async function activeAdminKeyExists(sql: Sql): Promise<boolean> {
	const [row] = await sql<{exists: boolean}[]>`
		select exists (
			select 1 from users_api_keys k join users_accounts a on a.id = k.user_id
			where k.is_active and a.is_active and a.role = 'admin' and k.permissions ? 'admin'
				and (k.expires_at is null or k.expires_at > now())
		) as exists`;
	return row!.exists;
}

export async function insertKey(
	sql: Sql,
	key: {userId: string; hash: string; prefix: string; name: string | null; permissions: string[]; rateLimitRpm: number; expiresAt: Date | null},
): Promise<KeyRow> {
	const [row] = await sql<{id: string}[]>`
		insert into users_api_keys (user_id, key_hash, key_prefix, name, permissions, rate_limit_rpm, expires_at)
		values (${key.userId}, ${key.hash}, ${key.prefix}, ${key.name}, ${sql.json(key.permissions)}, ${key.rateLimitRpm}, ${key.expiresAt})
		returning id`;
	return (await keysByPrefix(sql, key.prefix)).find((candidate) => candidate.id === row!.id)!;
}

/** Keys whose public prefix is `prefix` (normally one), without their hashes. */
export async function keysByPrefix(sql: Sql, prefix: string): Promise<KeyRow[]> {
	return sql<KeyRow[]>`
		select k.id, k.user_id, a.email, k.key_prefix, k.name, k.permissions, k.rate_limit_rpm, k.is_active, k.expires_at, k.created_at, k.last_used_at
		from users_api_keys k join users_accounts a on a.id = k.user_id
		where k.key_prefix = ${prefix} order by k.created_at`;
}

/** Candidates for a presented key, found by its public prefix; the caller compares hashes. */
export async function keyCandidates(sql: Sql, prefix: string): Promise<KeyCandidate[]> {
	return sql<KeyCandidate[]>`
		select k.id, k.user_id, a.email, k.key_prefix, k.name, k.permissions, k.rate_limit_rpm, k.is_active, k.expires_at, k.created_at, k.last_used_at,
			k.key_hash, a.role, a.is_active as user_active
		from users_api_keys k join users_accounts a on a.id = k.user_id
		where k.key_prefix = ${prefix}`;
}

export async function listKeys(sql: Sql, filter: {email?: string} = {}): Promise<KeyRow[]> {
	return sql<KeyRow[]>`
		select k.id, k.user_id, a.email, k.key_prefix, k.name, k.permissions, k.rate_limit_rpm, k.is_active, k.expires_at, k.created_at, k.last_used_at
		from users_api_keys k join users_accounts a on a.id = k.user_id
		${filter.email ? sql`where lower(a.email) = lower(${filter.email})` : sql``}
		order by a.email, k.created_at`;
}

export async function revokeKey(sql: Sql, id: string): Promise<void> {
	await sql`update users_api_keys set is_active = false where id = ${id}`;
}

/** Marks a key used; at most once a minute per key so the check stays one cheap read. */
export async function touchKey(sql: Sql, id: string): Promise<void> {
	await sql`update users_api_keys set last_used_at = now() where id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`;
}

/**
 * One step of the PostgreSQL sliding window, in one round trip (sql/0602
 * `pf_rate_limit_take`): lock the key's row, sum the live per-second buckets, count
 * `cost` requests in the current bucket when they fit, drop buckets older than two
 * windows. Returns the decision and the live buckets as they were before this request.
 */
export async function takeRateLimitBuckets(
	sql: Sql,
	keyId: string,
	window: {oldestCounted: Date; bucket: Date; expiredBefore: Date; limit: number; cost: number},
): Promise<{allowed: boolean; used: number; buckets: {start: number; count: number}[]}> {
	const [row] = await sql<{allowed: boolean; used: number; buckets: [number, number][]}[]>`
		select allowed, used, buckets from pf_rate_limit_take(${keyId}, ${window.oldestCounted}, ${window.bucket}, ${window.expiredBefore}, ${window.limit}, ${window.cost})`;
	return {allowed: row!.allowed, used: row!.used, buckets: row!.buckets.map(([start, count]) => ({start: Number(start), count}))};
}

export type PreferencesRow = {default_view: string | null; export_format: string | null; dashboard_filters: unknown; updated_at: Date};

export async function readPreferencesRow(sql: Sql, userId: string): Promise<PreferencesRow | undefined> {
	const [row] = await sql<PreferencesRow[]>`select default_view, export_format, dashboard_filters, updated_at from users_preferences where user_id = ${userId}`;
	return row;
}

/** Upserts the synced columns; notification settings and the Slack webhook are left as they are. */
export async function writePreferencesRow(sql: Sql, userId: string, row: {default_view: string; export_format: string; dashboard_filters: unknown}): Promise<void> {
	await sql`
		insert into users_preferences (user_id, default_view, export_format, dashboard_filters)
		values (${userId}, ${row.default_view}, ${row.export_format}, ${sql.json(row.dashboard_filters as never)})
		on conflict (user_id) do update set default_view = excluded.default_view, export_format = excluded.export_format,
			dashboard_filters = excluded.dashboard_filters, updated_at = now()`;
}
