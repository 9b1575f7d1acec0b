import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {briefDiff, getBrief, regenerateBrief} from '../../source/services/brief.js';
import {NotFoundError} from '../../source/errors.js';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {insertBundle, insertCaseStudies, legacyOnly, northwind} from '../fixtures/scoring/intel.js';
import {expectValidBrief} from './schema.js';

let db: TestDatabase;
const env = () => ({DATABASE_URL: db.url});

beforeAll(async () => {
	db = await createTestDatabase();
	await insertBundle(db.sql, northwind());
	await insertBundle(db.sql, legacyOnly());
	await insertCaseStudies(db.sql, northwind());
});
afterAll(async () => {
	await db?.drop();
});

describe('getBrief / regenerateBrief / briefDiff', () => {
	it('builds on first request, stores it, and serves the stored version after', async () => {
		const first = await getBrief(db.sql, 'northwind-outfitters.com');
		expect(first.version).toBe(1);
		expectValidBrief(first);
		const again = await getBrief(db.sql, 'northwind-outfitters.com');
		expect(again).toEqual(first);
		const [row] = await db.sql`select version, sixty_second_story, jsonb_array_length(sources_bibliography) as sources, data_source from intel_strategic_signal_briefs where domain = 'northwind-outfitters.com'`;
		expect(row).toMatchObject({version: 1, sources: first.sources.length, data_source: 'analysis'});
		expect(row!.sixty_second_story).toBe(first.sixty_second_story.text);
		// The score was stored with the brief, so the lists and the brief agree.
		const [icp] = await db.sql`select priority_status from intel_icp_priority_mapping where domain = 'northwind-outfitters.com'`;
		expect(icp!.priority_status).toBe(first.icp_mapping.priority_status);
	});

	it('regenerating makes a new version; earlier versions stay retrievable; the diff shows the change', async () => {
		await db.sql`update intel_financial_profile set margin_zone = 'YELLOW', ebitda_margin = 0.15 where domain = 'northwind-outfitters.com'`;
		const second = await regenerateBrief(db.sql, 'northwind-outfitters.com');
		expect(second.version).toBe(2);
		expect((await getBrief(db.sql, 'northwind-outfitters.com', {version: 1})).money.margin_zone?.value).toBe('GREEN');
		expect((await getBrief(db.sql, 'northwind-outfitters.com')).money.margin_zone?.value).toBe('YELLOW');
		const diff = await briefDiff(db.sql, 'northwind-outfitters.com');
		expect(diff).toMatchObject({from: 1, to: 2});
		expect(diff!.changes).toContainEqual({path: 'money.margin_zone.value', kind: 'changed', before: 'GREEN', after: 'YELLOW'});
	});

	it('unknown domain and unknown version are NotFoundError', async () => {
		await expect(getBrief(db.sql, 'nope.example')).rejects.toBeInstanceOf(NotFoundError);
		await expect(getBrief(db.sql, 'northwind-outfitters.com', {version: 99})).rejects.toBeInstanceOf(NotFoundError);
		await expect(regenerateBrief(db.sql, 'nope.example')).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('pf brief (CLI)', () => {
	it('--json prints exactly one document valid against docs/brief.schema.json', async () => {
		const run = await runPf(['brief', 'legacy-motors.de', '--json'], {env: env()});
		expect(run.code).toBe(0);
		const document = JSON.parse(run.stdout);
		expectValidBrief(document);
		expect(run.stdout.endsWith('}\n')).toBe(true);
		expect(document.sources).toEqual([]);
		expect(document.icp_mapping.model_version).toBe('legacy-icp');
		// Stored now: the second call prints the same bytes.
		const again = await runPf(['brief', 'https://www.Legacy-Motors.de/', '--json'], {env: env()});
		expect(again.stdout).toBe(run.stdout);
	});

	it('--markdown renders the same content; the default is text', async () => {
		const json = JSON.parse((await runPf(['brief', 'northwind-outfitters.com', '--json'], {env: env()})).stdout);
		const markdown = await runPf(['brief', 'northwind-outfitters.com', '--markdown'], {env: env()});
		expect(markdown.code).toBe(0);
		expect(markdown.stdout).toContain('# Strategic Signal Brief: Northwind Outfitters');
		for (const source of json.sources) expect(markdown.stdout).toContain(source.url);
		expect(markdown.stdout).toContain(json.sixty_second_story.sentences[0].text);
		const text = await runPf(['brief', 'northwind-outfitters.com'], {env: env()});
		expect(text.stdout).toContain('THE 60-SECOND STORY');
	});

	it('--regenerate, --version N and --diff', async () => {
		const regenerated = await runPf(['brief', 'legacy-motors.de', '--regenerate', '--json'], {env: env()});
		expect(JSON.parse(regenerated.stdout).version).toBe(2);
		expect(regenerated.stderr).toContain('new brief version 2');
		expect(JSON.parse((await runPf(['brief', 'legacy-motors.de', '--version', '1', '--json'], {env: env()})).stdout).version).toBe(1);
		const diff = await runPf(['brief', 'legacy-motors.de', '--diff'], {env: env()});
		expect(diff.code).toBe(0);
		expect(diff.stdout).toContain('version 1 → 2');
		const diffJson = JSON.parse((await runPf(['brief', 'northwind-outfitters.com', '--diff', '--json'], {env: env()})).stdout);
		expect(diffJson.changes.length).toBeGreaterThan(0);
	});

	it('--all builds the briefs that are missing', async () => {
		await db.sql`insert into core_companies (domain, company_name) values ('third.example', 'Third')`;
		const run = await runPf(['brief', '--all'], {env: env()});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('built 1 brief');
		const [row] = await db.sql`select version from intel_strategic_signal_briefs where domain = 'third.example'`;
		expect(row!.version).toBe(1);
	});

	it('an invalid domain exits 2, an unknown one 5, an unknown version 5; stdout stays empty', async () => {
		const invalid = await runPf(['brief', 'not a domain', '--json'], {env: env()});
		expect(invalid).toMatchObject({code: 2, stdout: ''});
		expect(invalid.stderr).toContain('pf: error:');
		const unknown = await runPf(['brief', 'nope.example', '--json'], {env: env()});
		expect(unknown).toMatchObject({code: 5, stdout: ''});
		expect(unknown.stderr).toContain('no company nope.example');
		const version = await runPf(['brief', 'legacy-motors.de', '--version', '42', '--json'], {env: env()});
		expect(version).toMatchObject({code: 5, stdout: ''});
		expect((await runPf(['brief', 'a.com', '--json', '--markdown'], {env: env()})).code).toBe(2);
		expect((await runPf(['brief'], {env: env()})).code).toBe(2);
	});
});
