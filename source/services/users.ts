/**
 * Accounts and API keys: `pf users …` and `pf keys …`. Each change is authorised,
 * made, and recorded in audit_user_actions in one transaction (exactly one row each).
 * A key is returned once, by `createKey`; afterwards only its prefix and hash exist.
 */
import type {Sql} from '../db/client.js';
import {deactivateAccount, findAccount, insertAccount, insertKey, keysByPrefix, listAccounts, listKeys, revokeKey, type AccountRow, type KeyRow} from '../db/users.js';
import {NotFoundError, PfError, UsageError} from '../errors.js';
import {generateApiKey} from '../access/api-key.js';
import {isRole, parsePermissions, rolePermissions, type Permission, type Role} from '../access/permissions.js';
import {authorize, forgetResolvedActors, recordAction, type Actor} from './access.js';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
	const clean = email.trim().toLowerCase();
	if (!emailPattern.test(clean) || clean.length > 255) throw new UsageError(`"${email}" is not an email address`, 'give the account as name@example.com');
	return clean;
}

type Options = {actor?: Actor; env?: NodeJS.ProcessEnv};

export async function addUser(sql: Sql, input: {email: string; role?: string; name?: string}, options: Options = {}): Promise<AccountRow> {
	const email = normaliseEmail(input.email);
	const role = input.role ?? 'user';
	if (!isRole(role)) throw new UsageError(`unknown role "${role}"`, 'use one of: admin, user, readonly');
	const actor = await authorize(sql, {action: 'users.add', actor: options.actor, env: options.env});
	if (await findAccount(sql, email)) throw new PfError(`the account ${email} exists already`, {exitCode: 2, hint: 'see `pf users list`'});
	return sql.begin(async (tx) => {
		const account = await insertAccount(tx as unknown as Sql, {email, role, name: input.name ?? null});
		await recordAction(tx as unknown as Sql, actor, {action: 'users.add', resourceType: 'user', resourceId: account.id});
		return account;
	}) as Promise<AccountRow>;
}

export async function listUsers(sql: Sql, options: Options = {}) {
	await authorize(sql, {action: 'users.list', actor: options.actor, env: options.env});
	return listAccounts(sql);
}

async function accountOrFail(sql: Sql, email: string): Promise<AccountRow> {
	const account = await findAccount(sql, normaliseEmail(email));
	if (!account) throw new NotFoundError(`no account ${email.trim().toLowerCase()}`, 'see `pf users list`, or add it with `pf users add <email>`');
	return account;
}

export async function deactivateUser(sql: Sql, email: string, options: Options = {}): Promise<AccountRow> {
	const actor = await authorize(sql, {action: 'users.deactivate', actor: options.actor, env: options.env});
	const account = await accountOrFail(sql, email);
	if (actor.kind === 'key' && actor.userId === account.id) throw new UsageError('you cannot deactivate your own account', 'ask another admin');
	await sql.begin(async (tx) => {
		await deactivateAccount(tx as unknown as Sql, account.id);
		await recordAction(tx as unknown as Sql, actor, {action: 'users.deactivate', resourceType: 'user', resourceId: account.id});
	});
	forgetResolvedActors(sql);
	return {...account, is_active: false};
}

export type CreatedKey = {key: string; prefix: string; email: string; name: string | null; permissions: Permission[]; rateLimitRpm: number; expiresAt: Date | null};

export async function createKey(
	sql: Sql,
	input: {email: string; name?: string; permissions?: string; expiresAt?: Date | null; rateLimitRpm?: number},
	options: Options = {},
): Promise<CreatedKey> {
	const actor = await authorize(sql, {action: 'keys.create', actor: options.actor, env: options.env});
	const account = await accountOrFail(sql, input.email);
	if (!account.is_active) throw new UsageError(`the account ${account.email} is deactivated`, 'keys can only be made for active accounts');
	const role = (isRole(account.role) ? account.role : 'readonly') as Role;
	const {valid, unknown} = parsePermissions(input.permissions ?? 'read');
	if (unknown.length > 0) throw new UsageError(`unknown permission "${unknown[0]}"`, 'use a comma-separated list of: read, enrich, admin');
	if (valid.length === 0) throw new UsageError('a key needs at least one permission', 'e.g. --permissions read,enrich');
	const beyond = valid.filter((permission) => !rolePermissions[role].includes(permission));
	if (beyond.length > 0) {
		throw new UsageError(`a ${role} account cannot hold the ${beyond.join(', ')} permission`, `allowed for ${role}: ${rolePermissions[role].join(', ')}; or change the account's role`);
	}
	if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new UsageError('the expiry is in the past', 'give --expires as a duration (90d) or a future date');
	const rateLimitRpm = input.rateLimitRpm ?? 60;
	if (!Number.isInteger(rateLimitRpm) || rateLimitRpm < 1 || rateLimitRpm > 100_000) throw new UsageError('--rpm must be a whole number between 1 and 100000');
	const name = input.name?.trim() || null;
	if (name && name.length > 100) throw new UsageError('a key name is at most 100 characters');
	// The prefix names the key in lists and `pf keys revoke`: draw again on the rare clash.
	let generated = generateApiKey();
	while ((await keysByPrefix(sql, generated.prefix)).length > 0) generated = generateApiKey();
	const row = (await sql.begin(async (tx) => {
		const created = await insertKey(tx as unknown as Sql, {userId: account.id, hash: generated.hash, prefix: generated.prefix, name, permissions: valid, rateLimitRpm, expiresAt: input.expiresAt ?? null});
		await recordAction(tx as unknown as Sql, actor, {action: 'keys.create', resourceType: 'api_key', resourceId: created.id});
		return created;
	})) as KeyRow;
	return {key: generated.key, prefix: row.key_prefix, email: account.email, name, permissions: valid, rateLimitRpm, expiresAt: row.expires_at};
}

export type KeyStatus = 'active' | 'revoked' | 'expired' | 'account deactivated';

export function keyStatus(key: KeyRow, now = new Date()): Exclude<KeyStatus, 'account deactivated'> {
	if (!key.is_active) return 'revoked';
	if (key.expires_at && key.expires_at.getTime() <= now.getTime()) return 'expired';
	return 'active';
}

export async function listApiKeys(sql: Sql, filter: {email?: string} = {}, options: Options = {}) {
	await authorize(sql, {action: 'keys.list', actor: options.actor, env: options.env});
	const rows = await listKeys(sql, {email: filter.email ? normaliseEmail(filter.email) : undefined});
	return rows.map((row) => ({...row, status: keyStatus(row)}));
}

export async function revokeApiKey(sql: Sql, prefix: string, options: Options = {}): Promise<KeyRow> {
	const clean = prefix.trim();
	if (!/^[0-9A-Za-z]{8}$/.test(clean)) throw new UsageError(`"${prefix}" is not a key prefix`, 'give the 8-character prefix shown by `pf keys list`');
	const actor = await authorize(sql, {action: 'keys.revoke', actor: options.actor, env: options.env});
	const matches = await keysByPrefix(sql, clean);
	if (matches.length === 0) throw new NotFoundError(`no key with the prefix ${clean}`, 'see `pf keys list`');
	if (matches.length > 1) throw new UsageError(`${matches.length} keys share the prefix ${clean}`, 'revoke them in the database by id, or ask for help');
	const key = matches[0]!;
	await sql.begin(async (tx) => {
		await revokeKey(tx as unknown as Sql, key.id);
		await recordAction(tx as unknown as Sql, actor, {action: 'keys.revoke', resourceType: 'api_key', resourceId: key.id});
	});
	forgetResolvedActors(sql);
	return {...key, is_active: false};
}
