/**
 * sql/0740 replaced the regex of pf_is_hostname (the CHECK of every domain column) with
 * one PostgreSQL evaluates about ten times faster. It must answer exactly as the 0001
 * definition did: compared here on the boundary cases and on random strings built to
 * hit them (label lengths around 63, hyphens at either end, "xn--" prefixes, empty labels).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';

const edgeCases = (() => {
	const r = (text: string, n: number) => text.repeat(n);
	return [
		'a.b', 'bbc.co.uk', 'accounts.illinois.gov', 'a.xn--', 'a.xn--' + r('a', 61), 'a.xn--' + r('a', 62), 'a.xn--' + r('a', 63),
		'a.' + r('a', 63), 'a.' + r('a', 64), r('a', 63) + '.com', r('a', 64) + '.com', 'a-.com', '-a.com', 'a.1com', 'a.c-',
		'a..com', '.a.com', 'a.com.', 'x.xn--a-', 'x.xn--9', 'xn--' + r('b', 59) + '.com', 'xn--' + r('b', 60) + '.com',
		'a.b' + r('-', 61) + 'c', 'a.b' + r('-', 62) + 'c', r('a.', 126) + 'ab', r('a.', 126) + 'abc', 'A.com', 'a b.com',
		'a.xn--' + r('-', 61) + 'a', 'a.xn--' + r('-', 62) + 'a', 'a.xn-' + r('a', 62), 'a.x' + r('a', 62), 'a.x' + r('a', 63),
		'localhost', '1.2.3.4', 'shop.tailspin.com.au', '',
	];
})();

function randomHostnames(count: number): string[] {
	const alphabet = 'ab0-z9xn-';
	let seed = 7;
	const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
	const pick = (n: number) => Math.floor(random() * n);
	const label = () => {
		const length = random() < 0.3 ? 55 + pick(16) : pick(7);
		let text = random() < 0.1 ? 'xn--' : '';
		for (let i = 0; i < length; i++) text += random() < 0.01 ? '.' : alphabet[pick(alphabet.length)];
		return text;
	};
	return Array.from({length: count}, () => Array.from({length: 1 + pick(4)}, label).join('.'));
}

describe('pf_is_hostname (sql/0740)', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('answers as the 0001 definition on the boundary cases and 50,000 random strings', async () => {
		const connection = await db.sql.reserve();
		try {
			// The 0001 definition, verbatim, as a session-local function.
			await connection`
				create function pg_temp.hostname_0001(name text) returns boolean language sql immutable strict as $$
				    SELECT char_length(name) <= 253
				       AND name ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+([a-z]|xn--)([a-z0-9-]{0,61}[a-z0-9])?$'
				$$`;
			const strings = [...edgeCases, ...randomHostnames(50_000)];
			const [result] = await connection<{valid: number; long: number; mismatches: string[] | null}[]>`
				select count(*) filter (where pg_temp.hostname_0001(s))::int as valid,
				       count(*) filter (where pg_temp.hostname_0001(s) and char_length(s) > 60)::int as long,
				       array_agg(s) filter (where pg_temp.hostname_0001(s) is distinct from pf_is_hostname(s)) as mismatches
				from unnest(${strings}::text[]) as s`;
			expect(result!.mismatches).toBeNull();
			// The sample really exercises both answers, long names included.
			expect(result!.valid).toBeGreaterThan(3_000);
			expect(result!.long).toBeGreaterThan(1_000);
		} finally {
			connection.release();
		}
	});
});
