/**
 * The brief and the scores on the real legacy database: import ../shared's legacy file,
 * `pf score --all`, then `pf brief mercedes-benz.com` (the one fully enriched legacy
 * target) — every section present, only real URLs in the bibliography, legacy facts
 * without a source shown as "legacy, unsourced".
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {SECTION_KEYS} from '../../source/domain/brief/types.js';
import {isRealUrl} from '../../source/domain/scoring/evidence.js';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {repoRoot} from '../helpers/run-pf.js';
import {expectValidBrief} from '../brief/schema.js';

const legacyFile = path.resolve(repoRoot, '..', 'shared', 'data', 'legacy', 'partnerforge.db');

describe.skipIf(!existsSync(legacyFile))('scores and briefs on the imported legacy database', () => {
	let db: TestDatabase;
	const env = () => ({DATABASE_URL: db.url});

	beforeAll(async () => {
		db = await createTestDatabase();
		const imported = await runPf(['import', legacyFile, '--json'], {env: env(), timeoutMs: 150_000});
		expect(imported.code, imported.stderr).toBe(0);
	}, 180_000);

	afterAll(async () => {
		await db?.drop();
	});

	it('pf score --all scores all 2,687 targets; unknown verticals stay unknown', async () => {
		const run = await runPf(['score', '--all', '--json'], {env: env(), timeoutMs: 120_000});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stderr).toContain('scored 2687 companies');
		const [counts] = await db.sql`
			select count(*)::int as scored,
				count(*) filter (where model_version = 'legacy-icp')::int as legacy,
				count(*) filter (where icp_tier = 1 and (c.vertical is null or c.vertical = 'Unknown'))::int as unknown_as_commerce,
				count(*) filter (where lead_score_total <> (lead_score_breakdown->>'vertical')::int + (lead_score_breakdown->>'traffic')::int
					+ (lead_score_breakdown->>'tech_spend')::int + (lead_score_breakdown->>'partner_tech')::int)::int as bad_sums
			from intel_icp_priority_mapping icp join core_companies c using (domain)`;
		expect(counts).toEqual({scored: 2687, legacy: 2687, unknown_as_commerce: 0, bad_sums: 0});
		const [mercedes] = await db.sql`select lead_score_total, priority_status, model_version from intel_icp_priority_mapping where domain = 'mercedes-benz.com'`;
		expect(mercedes).toEqual({lead_score_total: 85, priority_status: 'HOT', model_version: 'legacy-icp'});
		// A second run changes nothing.
		const again = await runPf(['score', '--all', '--json'], {env: env(), timeoutMs: 120_000});
		expect(JSON.parse(again.stdout)).toEqual([]);
	}, 240_000);

	it('pf brief mercedes-benz.com --json has every section and only real URLs in the bibliography', async () => {
		const run = await runPf(['brief', 'mercedes-benz.com', '--json'], {env: env()});
		expect(run.code, run.stderr).toBe(0);
		const brief = JSON.parse(run.stdout);
		expectValidBrief(brief);
		for (const key of SECTION_KEYS) expect(brief).toHaveProperty(key);
		for (const source of brief.sources) {
			expect(isRealUrl(source.url), source.url).toBe(true);
			expect(source.retrieved_at).not.toBeNull();
		}
		expect(brief.icp_mapping).toMatchObject({lead_score: 85, tier_name: 'Commerce', model_version: 'legacy-icp'});
		// The legacy sample quote and trigger events are there, marked, and score nothing.
		expect(brief.in_their_own_words.quotes.length).toBeGreaterThan(0);
		for (const quote of brief.in_their_own_words.quotes) expect(quote).toMatchObject({provenance: 'legacy, unsourced', sources: []});
		expect(brief.timing_signals.items.length).toBeGreaterThan(0);
		for (const item of brief.timing_signals.items) {
			expect(item.provenance).toBe('legacy, unsourced');
			expect(item.scored).toBe(false);
		}
		expect(brief.money.revenue).toMatchObject({value: 136974000128, provenance: 'legacy, unsourced'});
	});

	it('--markdown renders the same content; --diff after --regenerate', async () => {
		const markdown = await runPf(['brief', 'mercedes-benz.com', '--markdown'], {env: env()});
		expect(markdown.code).toBe(0);
		expect(markdown.stdout).toContain('# Strategic Signal Brief: Mercedes-Benz Group AG');
		expect(markdown.stdout).toContain('(legacy, unsourced)');
		await db.sql`update intel_traffic_analysis set monthly_visits = 12000000 where domain = 'mercedes-benz.com'`;
		expect((await runPf(['brief', 'mercedes-benz.com', '--regenerate'], {env: env()})).code).toBe(0);
		const diff = await runPf(['brief', 'mercedes-benz.com', '--diff'], {env: env()});
		expect(diff.stdout).toContain('version 1 → 2');
		expect(diff.stdout).toContain('icp_mapping.lead_score: 85 → 90');
	});

	it('pf brief --all builds a brief for every other target', async () => {
		const run = await runPf(['brief', '--all'], {env: env(), timeoutMs: 120_000});
		expect(run.code, run.stderr).toBe(0);
		const [counted] = await db.sql`select count(*)::int as briefs from intel_strategic_signal_briefs`;
		expect(counted!.briefs).toBe(2687);
		const [bad] = await db.sql`
			select count(*)::int as cited from intel_strategic_signal_briefs, jsonb_array_elements(sources_bibliography) s
			where s->>'url' !~ '^https?://[^\\s/]+\\.'`;
		expect(bad!.cited).toBe(0);
	}, 150_000);
});
