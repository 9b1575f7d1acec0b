/**
 * API key format and hashing. A key is `pf_` + an 8-character public prefix + a
 * 40-character secret, all base62 (≈ 286 bits of randomness in total). It is shown once
 * at creation; the database keeps only its SHA-256 hash (hex) and the prefix, which
 * names the key in lists and `pf keys revoke` without revealing it.
 *
 * Pure: no I/O. The random source is a parameter so tests can pin it.
 */
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';

export const keyPrefixLength = 8;
const secretLength = 40;
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const keyPattern = new RegExp(`^pf_[0-9A-Za-z]{${keyPrefixLength + secretLength}}$`);

/** Draws `length` base62 characters without modulo bias (rejection sampling). */
function base62(length: number, random: (size: number) => Buffer): string {
	let out = '';
	while (out.length < length) {
		for (const byte of random(length * 2)) {
			if (byte < 248) out += alphabet[byte % 62];
			if (out.length === length) break;
		}
	}
	return out;
}

export type GeneratedKey = {key: string; prefix: string; hash: string};

/** A new key with its prefix and hash. Only `prefix` and `hash` may be stored. */
export function generateApiKey(random: (size: number) => Buffer = randomBytes): GeneratedKey {
	const body = base62(keyPrefixLength + secretLength, random);
	const key = `pf_${body}`;
	return {key, prefix: body.slice(0, keyPrefixLength), hash: hashApiKey(key)};
}

/** Whether a string has the shape of a pf key (a cheap check before any lookup). */
export function looksLikeApiKey(candidate: string): boolean {
	return keyPattern.test(candidate);
}

/** The public prefix of a well-formed key, or undefined. */
export function apiKeyPrefix(candidate: string): string | undefined {
	return looksLikeApiKey(candidate) ? candidate.slice(3, 3 + keyPrefixLength) : undefined;
}

/** SHA-256 of the whole key, lowercase hex (64 characters, `users_api_keys.key_hash`). */
export function hashApiKey(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Compares two hex hashes in constant time, so response timing does not tell an
 * attacker how much of a guessed key's hash matched a stored one.
 */
export function hashesMatch(a: string, b: string): boolean {
	const left = Buffer.from(a, 'hex');
	const right = Buffer.from(b, 'hex');
	if (left.length !== 32 || right.length !== 32) return false;
	return timingSafeEqual(left, right);
}
