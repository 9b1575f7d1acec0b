/**
 * Who is acting, whether they may, at what rate, and the record of it.
 *
 * - A database with no accounts is a single-user install: the actor is `local` and may
 *   do everything.
 * - Once an account exists, the actor is the API key in PF_API_KEY or the key saved by
 *   `pf keys save`; without one the actor is `anonymous` and may only read (and, until
 *   an admin key exists, create the first accounts and keys: the bootstrap).
 * - A key that is presented is always checked: unknown, revoked, expired or belonging
 *   to a deactivated account is refused (exit 6), even for a read.
 *
 * Nothing here prints or stores a key: messages name a key by its public prefix.
 */
import type {Sql} from '../db/client.js';
import {activeAdminKeyExists, countAccounts, keyCandidates, touchKey, type KeyCandidate} from '../db/users.js';
import {insertUserAction, insertUserActions, type UserActionInput} from '../db/audit.js';
import {NotPermittedError} from '../errors.js';
import {apiKeyPrefix, hashApiKey, hashesMatch} from '../access/api-key.js';
import {actionPermission, effectivePermissions, isRole, permits, writeActions, type Action, type Permission, type Role} from '../access/permissions.js';
import {retryText} from '../access/sliding-window.js';
import {readSavedKey} from '../access/saved-key.js';
import {takeRateLimit, type RateLimitOptions} from './rate-limit.js';

export type KeyActor = {
	kind: 'key';
	userId: string;
	email: string;
	role: Role;
	keyId: string;
	keyPrefix: string;
	permissions: Permission[];
	rateLimitRpm: number;
};

/**
 * `local`: a database without accounts (single-user install). `anonymous`: accounts
 * exist, no key was given. `system`: pf itself on a schedule (the worker's refresh and
 * purge tasks), never a person. `key`: a checked API key.
 */
export type Actor = {kind: 'local'} | {kind: 'anonymous'} | {kind: 'system'} | KeyActor;

/** Where the presented key came from, for messages (never the key). */
function keySource(env: NodeJS.ProcessEnv): {key: string; from: string} | undefined {
	const fromEnv = env.PF_API_KEY?.trim();
	if (fromEnv) return {key: fromEnv, from: 'PF_API_KEY'};
	const saved = readSavedKey(env);
	return saved ? {key: saved, from: 'the saved key (`pf keys save`)'} : undefined;
}

const keyHint = 'ask an admin for a key (`pf keys create --user <email>`), then set PF_API_KEY or run `pf keys save`';

// A dummy hash compared when no stored key has the presented prefix, so an unknown
// prefix costs the same as a wrong secret.
const absentHash = '0'.repeat(64);

/** Checks a presented key; returns the actor or throws NotPermittedError. */
export async function actorFromKey(sql: Sql, key: string, from: string, now = new Date()): Promise<KeyActor> {
	const prefix = apiKeyPrefix(key);
	if (!prefix) throw new NotPermittedError(`${from} is not a pf API key`, keyHint);
	const hash = hashApiKey(key);
	const candidates = await keyCandidates(sql, prefix);
	let match: KeyCandidate | undefined;
	// Compare against every candidate (constant time each), never stopping early.
	for (const candidate of candidates.length > 0 ? candidates : [undefined]) {
		const equal = hashesMatch(hash, candidate?.key_hash ?? absentHash);
		if (equal && candidate) match = candidate;
	}
	if (!match) throw new NotPermittedError(`${from} is not a valid API key on this database`, keyHint);
	const name = `key ${match.key_prefix}`;
	if (!match.is_active) throw new NotPermittedError(`${name} (${match.email}) was revoked`, keyHint);
	if (match.expires_at && match.expires_at.getTime() <= now.getTime()) {
		throw new NotPermittedError(`${name} (${match.email}) expired on ${match.expires_at.toISOString()}`, keyHint);
	}
	if (!match.user_active) throw new NotPermittedError(`the account ${match.email} of ${name} is deactivated`, 'ask an admin to reactivate the account or to give you another one');
	const role: Role = isRole(match.role) ? match.role : 'readonly';
	// Not awaited: when the key was last used is bookkeeping, not part of the check.
	touchKey(sql, match.id).catch(() => {});
	return {
		kind: 'key',
		userId: match.user_id,
		email: match.email,
		role,
		keyId: match.id,
		keyPrefix: match.key_prefix,
		permissions: effectivePermissions(role, Array.isArray(match.permissions) ? match.permissions : []),
		rateLimitRpm: match.rate_limit_rpm,
	};
}

// The TUI lives for hours: a resolved actor is reused for a few seconds only, so a
// revoked key stops working promptly.
const cacheMs = 10_000;
const cache = new WeakMap<Sql, Map<string, {at: number; actor: Promise<Actor>}>>();

/**
 * Who is acting: the key in PF_API_KEY (else the saved key), `local` on a database
 * without accounts, `anonymous` otherwise. Throws NotPermittedError for a bad key.
 */
export async function resolveActor(sql: Sql, env: NodeJS.ProcessEnv = process.env): Promise<Actor> {
	const presented = keySource(env);
	const cacheKey = presented ? hashApiKey(presented.key) : '';
	let perSql = cache.get(sql);
	if (!perSql) cache.set(sql, (perSql = new Map()));
	const hit = perSql.get(cacheKey);
	if (hit && Date.now() - hit.at < cacheMs) return hit.actor;
	const actor: Promise<Actor> = presented
		? actorFromKey(sql, presented.key, presented.from)
		: countAccounts(sql).then((count) => (count === 0 ? {kind: 'local'} : {kind: 'anonymous'}));
	perSql.set(cacheKey, {at: Date.now(), actor});
	actor.catch(() => perSql.delete(cacheKey));
	return actor;
}

/** Forgets resolved actors (tests, and after `pf keys revoke` in a long-lived process). */
export function forgetResolvedActors(sql: Sql): void {
	cache.delete(sql);
}

const actionWords: Record<Action, string> = {
	'brief.read': 'read briefs',
	'leads.read': 'read leads',
	'export': 'export',
	'enrich.enqueue': 'enqueue enrichments',
	'import': 'import data',
	'users.add': 'add users',
	'users.deactivate': 'deactivate users',
	'users.list': 'list users',
	'keys.create': 'create keys',
	'keys.revoke': 'revoke keys',
	'keys.list': 'list keys',
	'audit.read': 'read the audit trail',
	'purge': 'purge old data',
	'config.push': 'push preferences',
	'config.pull': 'pull preferences',
	'data.write': 'change analysis data',
	'catalogue.write': 'change the customer list or partner catalogue',
};

const bootstrapActions = new Set<Action>(['users.add', 'users.list', 'keys.create', 'keys.list']);

/**
 * May the actor do `action`? Returns the actor, or throws NotPermittedError (exit 6)
 * naming what is missing.
 */
export async function authorize(sql: Sql, request: {action: Action; domain?: string; actor?: Actor; env?: NodeJS.ProcessEnv}): Promise<Actor> {
	const actor = request.actor ?? (await resolveActor(sql, request.env));
	const needed = actionPermission[request.action];
	if (actor.kind === 'local' || actor.kind === 'system') return actor;
	if (actor.kind === 'anonymous') {
		if (needed === 'read') return actor;
		if (bootstrapActions.has(request.action) && !(await activeAdminKeyExists(sql))) return actor;
		throw new NotPermittedError(`to ${actionWords[request.action]} on this database pf needs an API key${writeActions.has(request.action) ? ' (it has accounts, so changes need a key)' : ''}`, keyHint);
	}
	if (!permits(actor.permissions, request.action)) {
		throw new NotPermittedError(
			`key ${actor.keyPrefix} (${actor.email}, ${actor.role}) may not ${actionWords[request.action]}: that needs the ${needed} permission, the key has ${actor.permissions.join(', ') || 'none'}`,
			needed === 'admin' ? 'ask an admin to do it' : `ask an admin for a key with the ${needed} permission`,
		);
	}
	return actor;
}

/**
 * Takes `cost` enqueues from the actor's key's per-minute budget, or throws
 * NotPermittedError saying when to retry. Actors without a key are not limited.
 */
export async function checkRateLimit(sql: Sql, actor: Actor, options: RateLimitOptions & {env?: NodeJS.ProcessEnv} = {}): Promise<void> {
	if (actor.kind !== 'key') return;
	const env = options.env ?? process.env;
	const redisUrl = 'redisUrl' in options ? options.redisUrl : env.REDIS_URL?.trim() || undefined;
	const now = options.now ?? Date.now();
	const decision = await takeRateLimit(sql, actor.keyId, actor.rateLimitRpm, {...options, now, redisUrl});
	if (!decision.allowed) {
		const at = new Date(now + decision.retryAfterMs);
		throw new NotPermittedError(
			`rate limit reached: key ${actor.keyPrefix} may enqueue ${actor.rateLimitRpm} per minute and has used ${decision.count}${(options.cost ?? 1) > 1 ? ` (this request needs ${options.cost})` : ''}; nothing was enqueued`,
			`retry in ${retryText(decision.retryAfterMs)} (after ${at.toISOString().replace(/\.\d+Z$/, 'Z')})`,
		);
	}
}

export type ActionRecord = {action: Action; domain?: string | null; resourceType?: string | null; resourceId?: string | null; requestPath?: string | null};

/** The audit_user_actions row of an action by an actor. */
export function userAction(actor: Actor, record: ActionRecord): UserActionInput {
	return {
		userId: actor.kind === 'key' ? actor.userId : null,
		apiKeyId: actor.kind === 'key' ? actor.keyId : null,
		action: record.action,
		domain: record.domain ?? null,
		resourceType: record.resourceType ?? null,
		resourceId: record.resourceId ?? null,
		requestPath: record.requestPath ?? (actor.kind === 'system' ? 'scheduled' : null),
	};
}

/** Writes the one audit_user_actions row of an action. */
export async function recordAction(sql: Sql, actor: Actor, record: ActionRecord): Promise<void> {
	await insertUserAction(sql, userAction(actor, record));
}

/** The users_accounts id to hand to the data-change triggers (`setActor`), if any. */
export function actorUserId(actor: Actor): string | null {
	return actor.kind === 'key' ? actor.userId : null;
}

/**
 * The guard of the enqueue path (`enqueueEnrichment`): authorise, take one rate-limit
 * unit per domain — all or nothing, so an over-limit request enqueues nothing — and
 * return `record()`, to be called once the jobs are enqueued (one audit row per domain).
 */
export async function guardEnqueue(
	sql: Sql,
	request: {domains: readonly string[]; actor?: Actor; env?: NodeJS.ProcessEnv; now?: number; redisUrl?: string},
): Promise<{actor: Actor; record: (domains?: readonly string[]) => Promise<void>}> {
	const actor = await authorize(sql, {action: 'enrich.enqueue', actor: request.actor, env: request.env});
	if (request.domains.length > 0) {
		await checkRateLimit(sql, actor, {cost: request.domains.length, env: request.env, now: request.now, ...('redisUrl' in request ? {redisUrl: request.redisUrl} : {})});
	}
	return {
		actor,
		async record(domains = request.domains) {
			await insertUserActions(
				sql,
				domains.map((domain) => ({
					userId: actor.kind === 'key' ? actor.userId : null,
					apiKeyId: actor.kind === 'key' ? actor.keyId : null,
					action: 'enrich.enqueue',
					domain,
					resourceType: 'enrichment',
					requestPath: actor.kind === 'system' ? 'scheduled' : null,
				})),
			);
		},
	};
}
