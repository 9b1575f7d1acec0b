/**
 * Keys, permissions and rate limits against a real PostgreSQL (and Redis, when
 * REDIS_URL is set and answers). Clocks are injected: no test sleeps a minute.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Redis} from 'ioredis';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {actorFromKey, authorize, checkRateLimit, forgetResolvedActors, guardEnqueue, resolveActor, type Actor, type KeyActor} from '../../source/services/access.js';
import {addUser, createKey, deactivateUser, revokeApiKey} from '../../source/services/users.js';
import {closeRateLimitRedis} from '../../source/services/rate-limit.js';
import {NotPermittedError} from '../../source/errors.js';

let db: TestDatabase;
const local: Actor = {kind: 'local'};
const noKeyEnv = {PF_CONFIG_DIR: '/nonexistent-pf-config-dir'} as NodeJS.ProcessEnv;

const redisUrl = process.env.REDIS_URL ?? '';
let redisUp = false;

beforeAll(async () => {
	db = await createTestDatabase();
	if (!redisUrl) return;
	const probe = new Redis(redisUrl, {lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000});
	probe.on('error', () => {});
	redisUp = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
	probe.disconnect();
});

afterAll(async () => {
	await closeRateLimitRedis();
	await db.drop();
});

async function keyFor(email: string, role: 'admin' | 'user' | 'readonly', permissions: string, extra: {expiresAt?: Date; rateLimitRpm?: number} = {}) {
	const existing = await db.sql`select 1 from users_accounts where email = ${email}`;
	if (existing.length === 0) await addUser(db.sql, {email, role}, {actor: local});
	return createKey(db.sql, {email, permissions, ...extra}, {actor: local});
}

async function expectRefused(promise: Promise<unknown>, message: RegExp) {
	const error = await promise.then(() => undefined, (caught: unknown) => caught);
	expect(error).toBeInstanceOf(NotPermittedError);
	expect((error as NotPermittedError).exitCode).toBe(6);
	expect((error as Error).message).toMatch(message);
	return error as NotPermittedError;
}

describe('who is acting', () => {
	it('a database without accounts is a single-user install', async () => {
		expect(await resolveActor(db.sql, noKeyEnv)).toEqual({kind: 'local'});
		expect(await authorize(db.sql, {action: 'enrich.enqueue', env: noKeyEnv})).toEqual({kind: 'local'});
	});

	it('once an account exists, a write needs a key; a read does not', async () => {
		const created = await keyFor('first@example.com', 'admin', 'read,enrich,admin');
		forgetResolvedActors(db.sql);
		expect(await resolveActor(db.sql, noKeyEnv)).toEqual({kind: 'anonymous'});
		await expectRefused(authorize(db.sql, {action: 'enrich.enqueue', env: noKeyEnv}), /needs an API key/);
		expect((await authorize(db.sql, {action: 'brief.read', env: noKeyEnv})).kind).toBe('anonymous');
		const actor = (await resolveActor(db.sql, {...noKeyEnv, PF_API_KEY: created.key})) as KeyActor;
		expect(actor).toMatchObject({kind: 'key', email: 'first@example.com', role: 'admin', keyPrefix: created.prefix});
		expect(actor.permissions).toEqual(['read', 'enrich', 'admin']);
	});

	it('a readonly key cannot enqueue', async () => {
		const created = await keyFor('reader@example.com', 'readonly', 'read');
		const error = await expectRefused(guardEnqueue(db.sql, {domains: ['example.com'], env: {...noKeyEnv, PF_API_KEY: created.key}}), /may not enqueue/);
		expect(error.message).not.toContain(created.key);
		// A user whose key lacks enrich is refused the same way.
		const userKey = await keyFor('analyst@example.com', 'user', 'read');
		await expectRefused(guardEnqueue(db.sql, {domains: ['example.com'], env: {...noKeyEnv, PF_API_KEY: userKey.key}}), /needs the enrich permission/);
	});

	it('revoked, expired, unknown, guessed and deactivated keys are refused', async () => {
		const revoked = await keyFor('revoked@example.com', 'user', 'read,enrich');
		await revokeApiKey(db.sql, revoked.prefix, {actor: local});
		await expectRefused(actorFromKey(db.sql, revoked.key, 'PF_API_KEY'), /was revoked/);

		const expiring = await keyFor('expiring@example.com', 'user', 'read,enrich', {expiresAt: new Date(Date.now() + 60_000)});
		expect((await actorFromKey(db.sql, expiring.key, 'PF_API_KEY')).kind).toBe('key');
		await expectRefused(actorFromKey(db.sql, expiring.key, 'PF_API_KEY', new Date(Date.now() + 120_000)), /expired/);
		await db.sql`update users_api_keys set expires_at = now() - interval '1 second' where key_prefix = ${expiring.prefix}`;
		await expectRefused(actorFromKey(db.sql, expiring.key, 'PF_API_KEY'), /expired/);

		const real = await keyFor('guessed@example.com', 'user', 'read,enrich');
		const guess = `pf_${real.prefix}${'x'.repeat(40)}`;
		const error = await expectRefused(actorFromKey(db.sql, guess, 'PF_API_KEY'), /not a valid API key/);
		expect(error.message).not.toContain(real.prefix + 'x');
		await expectRefused(actorFromKey(db.sql, 'pf_' + 'Q'.repeat(48), 'PF_API_KEY'), /not a valid API key/);
		await expectRefused(actorFromKey(db.sql, 'hunter2', 'PF_API_KEY'), /not a pf API key/);

		const leaver = await keyFor('leaver@example.com', 'user', 'read,enrich');
		await deactivateUser(db.sql, 'leaver@example.com', {actor: local});
		await expectRefused(actorFromKey(db.sql, leaver.key, 'PF_API_KEY'), /deactivated/);
	});

	it('a presented key that is bad is refused even for a read', async () => {
		await expectRefused(resolveActor(db.sql, {...noKeyEnv, PF_API_KEY: 'pf_' + 'z'.repeat(48)}), /not a valid API key/);
	});

	it('key permissions cannot exceed the role', async () => {
		await addUser(db.sql, {email: 'ro@example.com', role: 'readonly'}, {actor: local});
		await expect(createKey(db.sql, {email: 'ro@example.com', permissions: 'read,enrich'}, {actor: local})).rejects.toThrow(/cannot hold the enrich permission/);
	});

	it('only the hash and the prefix are stored', async () => {
		const created = await keyFor('stored@example.com', 'user', 'read');
		const [row] = await db.sql`select to_jsonb(k)::text as text from users_api_keys k where key_prefix = ${created.prefix}`;
		expect(row!.text).not.toContain(created.key);
		expect(row!.text).not.toContain(created.key.slice(11));
	});
});

describe('rate limits', () => {
	const t0 = Date.UTC(2026, 10, 25, 9, 0, 0, 0);

	async function limitedActor(email: string, rpm = 60): Promise<KeyActor> {
		const created = await keyFor(email, 'user', 'read,enrich', {rateLimitRpm: rpm});
		return actorFromKey(db.sql, created.key, 'PF_API_KEY');
	}

	async function sixtyOneInAMinute(actor: KeyActor, redis: string | undefined) {
		for (let i = 0; i < 60; i++) await checkRateLimit(db.sql, actor, {now: t0 + i * 500, redisUrl: redis});
		const error = await expectRefused(checkRateLimit(db.sql, actor, {now: t0 + 40_000, redisUrl: redis}), /rate limit reached.*60 per minute/);
		expect(error.hint).toMatch(/retry in \d+ s/);
		// After the window the oldest requests have left: it goes through.
		await checkRateLimit(db.sql, actor, {now: t0 + 61_000, redisUrl: redis});
	}

	it('PostgreSQL: the 61st enqueue in a minute is refused and succeeds after the window', async () => {
		await sixtyOneInAMinute(await limitedActor('pg-rate@example.com'), undefined);
		const [row] = await db.sql`select count(*)::int as buckets from users_rate_limits`;
		expect(row!.buckets).toBeGreaterThan(0);
	});

	it.skipIf(!process.env.REDIS_URL)('Redis (skipped without REDIS_URL): the 61st enqueue in a minute is refused and succeeds after the window', async (context) => {
		if (!redisUp) context.skip('Redis is not reachable at ' + redisUrl);
		const actor = await limitedActor('redis-rate@example.com');
		const before = await db.sql`select count(*)::int as n from users_rate_limits where api_key_id = ${actor.keyId}`;
		await sixtyOneInAMinute(actor, redisUrl);
		const after = await db.sql`select count(*)::int as n from users_rate_limits where api_key_id = ${actor.keyId}`;
		expect(after[0]!.n).toBe(before[0]!.n);
	});

	it('an enqueue of several domains takes all or nothing', async () => {
		const actor = await limitedActor('batch-rate@example.com', 5);
		await checkRateLimit(db.sql, actor, {now: t0, cost: 3, redisUrl: undefined});
		await expectRefused(checkRateLimit(db.sql, actor, {now: t0 + 1000, cost: 3, redisUrl: undefined}), /this request needs 3/);
		await checkRateLimit(db.sql, actor, {now: t0 + 1000, cost: 2, redisUrl: undefined});
		await expectRefused(checkRateLimit(db.sql, actor, {now: t0 + 2000, redisUrl: undefined}), /rate limit/);
	});

	it('concurrent enqueues of one key never pass the limit (PostgreSQL)', async () => {
		const actor = await limitedActor('concurrent-rate@example.com', 10);
		const results = await Promise.allSettled(Array.from({length: 25}, (_, i) => checkRateLimit(db.sql, actor, {now: t0 + i, redisUrl: undefined})));
		expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
	});
});
