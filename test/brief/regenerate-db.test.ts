// Regenerating a brief stores the next version in one statement, without a lock; writers
// racing on one domain still get distinct, dense versions and the latest row is the newest.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {getBrief, regenerateBrief} from '../../source/services/brief.js';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {insertBundle, insertCaseStudies, northwind, NOW} from '../fixtures/scoring/intel.js';

let db: TestDatabase;
const domain = 'northwind-outfitters.com';

beforeAll(async () => {
	db = await createTestDatabase();
	await insertBundle(db.sql, northwind());
	await insertCaseStudies(db.sql, northwind());
});
afterAll(async () => {
	await db?.drop();
});

describe('regenerateBrief', () => {
	it('stores versions 1, 2, … and the latest in intel_strategic_signal_briefs, with the score', async () => {
		expect((await regenerateBrief(db.sql, domain, {now: NOW})).version).toBe(1);
		expect((await regenerateBrief(db.sql, domain, {now: NOW})).version).toBe(2);
		const [latest] = await db.sql`select version, full_brief->>'version' as document_version from intel_strategic_signal_briefs where domain = ${domain}`;
		expect(latest).toEqual({version: 2, document_version: '2'});
		const [score] = await db.sql`select model_version from intel_icp_priority_mapping where domain = ${domain}`;
		expect(score).toEqual({model_version: 'pf-signals-1'});
		expect((await getBrief(db.sql, domain)).version).toBe(2);
	});

	it('racing regenerations get distinct dense versions; the latest row holds the highest', async () => {
		const before = (await getBrief(db.sql, domain)).version;
		const briefs = await Promise.all(Array.from({length: 6}, () => regenerateBrief(db.sql, domain, {now: NOW})));
		expect(briefs.map((brief) => brief.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6].map((n) => before + n));
		const versions = await db.sql<{version: number}[]>`select version from intel_brief_versions where domain = ${domain} order by version`;
		expect(versions.map((row) => row.version)).toEqual(Array.from({length: before + 6}, (_, i) => i + 1));
		const [latest] = await db.sql`select version, (full_brief->>'version')::int as document_version from intel_strategic_signal_briefs where domain = ${domain}`;
		expect(latest).toEqual({version: before + 6, document_version: before + 6});
	});
});
