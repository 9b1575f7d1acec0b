// Regenerating a brief stores the next version in one statement, without a lock; writers
// racing on one domain still get distinct, dense versions and the latest row is the newest.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {briefJson, getBrief, regenerateBrief} from '../../source/services/brief.js';
import {storeBrief} from '../../source/db/briefs.js';
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

	it('a locked writer whose number an unlocked writer took meanwhile numbers again', async () => {
		const brief = await getBrief(db.sql, domain);
		const next = brief.version + 1;
		// An unlocked writer (storeBriefAs's one statement) inserting version `next`, not committed yet.
		const other = await db.sql.reserve();
		await other`begin`;
		await other`
			insert into intel_brief_versions (domain, version, full_brief, document, model_version, generated_at, data_source, retrieved_at)
			select domain, ${next}, full_brief, document, model_version, generated_at, data_source, retrieved_at
			from intel_brief_versions where domain = ${domain} and version = ${brief.version}`;
		// The locked writer reads `next - 1` as the latest, numbers `next`, and waits on the other's row.
		const stored = storeBrief(db.sql, domain, (version) => ({...brief, version}), briefJson);
		for (let waited = 0; waited < 100; waited++) {
			const [waiting] = await db.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
			if (waiting!.n > 0) break;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await other`commit`;
		other.release();
		expect((await stored).brief.version).toBe(next + 1);
		const versions = await db.sql<{version: number}[]>`select version from intel_brief_versions where domain = ${domain} order by version`;
		expect(versions.map((row) => row.version)).toEqual(Array.from({length: next + 1}, (_, i) => i + 1));
	});
});
