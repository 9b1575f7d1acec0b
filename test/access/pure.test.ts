import {describe, expect, it} from 'vitest';
import {apiKeyPrefix, generateApiKey, hashApiKey, hashesMatch, looksLikeApiKey} from '../../source/access/api-key.js';
import {effectivePermissions, parsePermissions, permits} from '../../source/access/permissions.js';
import {bucketStart, decideBuckets, decideExact, oldestCountedBucket, retryText} from '../../source/access/sliding-window.js';
import {parseExpiry, parseSince} from '../../source/access/durations.js';
import {archiveFileName, cutoff, intelAgeColumn, partitionExpired} from '../../source/access/retention-policy.js';

describe('API keys', () => {
	it('are pf_ + 8-character prefix + 40-character secret, hashed with SHA-256', () => {
		const {key, prefix, hash} = generateApiKey();
		expect(key).toMatch(/^pf_[0-9A-Za-z]{48}$/);
		expect(prefix).toHaveLength(8);
		expect(key.slice(3, 11)).toBe(prefix);
		expect(apiKeyPrefix(key)).toBe(prefix);
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(hash).toBe(hashApiKey(key));
		expect(hash).not.toContain(key.slice(11));
	});

	it('are different every time', () => {
		const keys = new Set(Array.from({length: 200}, () => generateApiKey().key));
		expect(keys.size).toBe(200);
	});

	it('a key guessed from its prefix has another hash', () => {
		const {key, prefix, hash} = generateApiKey();
		const guess = `pf_${prefix}${'A'.repeat(40)}`;
		expect(looksLikeApiKey(guess)).toBe(true);
		expect(guess).not.toBe(key);
		expect(hashesMatch(hashApiKey(guess), hash)).toBe(false);
		expect(hashesMatch(hash, hash)).toBe(true);
	});

	it('refuses malformed candidates and hashes', () => {
		expect(apiKeyPrefix('pf_short')).toBeUndefined();
		expect(apiKeyPrefix('xx_' + 'a'.repeat(48))).toBeUndefined();
		expect(hashesMatch('abc', 'abc')).toBe(false);
	});
});

describe('permissions', () => {
	it('are what both the role and the key allow', () => {
		expect(effectivePermissions('readonly', ['read', 'enrich', 'admin'])).toEqual(['read']);
		expect(effectivePermissions('user', ['read'])).toEqual(['read']);
		expect(effectivePermissions('user', ['admin'])).toEqual(['read', 'enrich']);
		expect(effectivePermissions('admin', ['read', 'enrich'])).toEqual(['read', 'enrich']);
		expect(effectivePermissions('admin', ['admin'])).toEqual(['read', 'enrich', 'admin']);
		expect(effectivePermissions('user', ['nonsense'])).toEqual([]);
	});

	it('map actions to the permission they need', () => {
		expect(permits(['read'], 'enrich.enqueue')).toBe(false);
		expect(permits(['read', 'enrich'], 'enrich.enqueue')).toBe(true);
		expect(permits(['read', 'enrich'], 'keys.create')).toBe(false);
		expect(permits(['read'], 'brief.read')).toBe(true);
	});

	it('parse a comma list', () => {
		expect(parsePermissions('read, Enrich,read')).toEqual({valid: ['read', 'enrich'], unknown: []});
		expect(parsePermissions('read,write').unknown).toEqual(['write']);
	});
});

describe('sliding window', () => {
	const t0 = Date.UTC(2026, 10, 25, 12, 0, 0, 250);

	it('exact: the 61st request in a minute is refused and fits when the first leaves', () => {
		const accepted: number[] = [];
		for (let i = 0; i < 60; i++) {
			const decision = decideExact(accepted, t0 + i * 100, 60);
			expect(decision.allowed).toBe(true);
			accepted.push(t0 + i * 100);
		}
		const refused = decideExact(accepted, t0 + 6_000, 60);
		expect(refused.allowed).toBe(false);
		expect(refused.retryAfterMs).toBe(54_000);
		expect(decideExact(accepted, t0 + 60_000, 60).allowed).toBe(true);
	});

	it('buckets: never more than the limit in any window, retry when a bucket leaves', () => {
		let buckets: {start: number; count: number}[] = [];
		const take = (now: number) => {
			const decision = decideBuckets(buckets, now, 60);
			if (decision.allowed) {
				const start = bucketStart(now);
				const bucket = buckets.find((b) => b.start === start);
				if (bucket) bucket.count++;
				else buckets = [...buckets, {start, count: 1}];
			}
			return decision;
		};
		for (let i = 0; i < 60; i++) expect(take(t0 + i * 50).allowed).toBe(true);
		const refused = take(t0 + 3_100);
		expect(refused.allowed).toBe(false);
		// The first bucket (12:00:00) counts until 12:01:01.
		expect(refused.retryAfterMs).toBe(bucketStart(t0) + 61_000 - (t0 + 3_100));
		expect(take(t0 + 59_000).allowed).toBe(false);
		expect(take(bucketStart(t0) + 61_000).allowed).toBe(true);
	});

	it('the oldest counted bucket matches the bucket test', () => {
		for (const now of [t0, t0 + 750, Date.UTC(2026, 0, 1)]) {
			const oldest = oldestCountedBucket(now);
			expect(decideBuckets([{start: oldest, count: 1}], now, 1).allowed).toBe(false);
			expect(decideBuckets([{start: oldest - 1000, count: 1}], now, 1).allowed).toBe(true);
		}
	});

	it('says when to retry in words', () => {
		expect(retryText(42_000)).toBe('42 s');
		expect(retryText(65_000)).toBe('1 min 5 s');
		expect(retryText(10)).toBe('1 s');
	});
});

describe('durations and retention arithmetic', () => {
	const now = Date.UTC(2026, 10, 25);
	it('parse durations and dates', () => {
		expect(parseSince('7d', now)?.toISOString()).toBe('2026-11-18T00:00:00.000Z');
		expect(parseExpiry('12h', now)?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
		expect(parseSince('2026-11-01', now)?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
		expect(parseSince('yesterday', now)).toBeUndefined();
	});
	it('cut-offs, partitions and archive names', () => {
		expect(cutoff(new Date(now), 30).toISOString()).toBe('2026-10-26T00:00:00.000Z');
		expect(partitionExpired(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-26T00:00:00Z'))).toBe(true);
		expect(partitionExpired(new Date('2026-11-01T00:00:00Z'), new Date('2026-10-26T00:00:00Z'))).toBe(false);
		expect(intelAgeColumn(['id', 'created_at', 'updated_at'])).toBe('updated_at');
		expect(intelAgeColumn(['id', 'generated_at'])).toBe('generated_at');
		expect(archiveFileName(new Date('2026-11-25T03:30:00.123Z'))).toBe('pf-archive-20261125T033000Z.jsonl.gz');
	});
});
