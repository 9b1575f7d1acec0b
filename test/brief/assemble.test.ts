import {describe, expect, it} from 'vitest';
import {assembleBrief, Bibliography} from '../../source/domain/brief/assemble.js';
import {diffBriefs, renderDiff} from '../../source/domain/brief/diff.js';
import {renderBrief} from '../../source/domain/brief/render.js';
import {SECTION_KEYS, type Brief, type Ref} from '../../source/domain/brief/types.js';
import {isRealUrl} from '../../source/domain/scoring/evidence.js';
import {bundleOf, legacyOnly, northwind, NOW} from '../fixtures/scoring/intel.js';
import {expectValidBrief} from './schema.js';

const build = (bundle = northwind(), version = 1) => assembleBrief(bundle, {version, generatedAt: NOW});

/** Every object with `sources`/`provenance` in a brief. */
function refs(value: unknown, out: Ref[] = []): Ref[] {
	if (Array.isArray(value)) value.forEach((item) => refs(item, out));
	else if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		if (Array.isArray(record.sources) && typeof record.provenance === 'string') out.push(record as unknown as Ref);
		for (const [key, inner] of Object.entries(record)) if (key !== 'sources') refs(inner, out);
	}
	return out;
}

describe('brief assembly from stored intel', () => {
	it('has every section, in order, and follows the published schema', () => {
		const brief = build();
		expect(Object.keys(brief)).toEqual(expect.arrayContaining([...SECTION_KEYS]));
		const order = Object.keys(brief).filter((key) => (SECTION_KEYS as readonly string[]).includes(key));
		expect(order).toEqual([...SECTION_KEYS]);
		expectValidBrief(JSON.parse(JSON.stringify(brief)));
	});

	it('numbers every source once, with a real URL and a retrieval date', () => {
		const brief = build();
		expect(brief.sources.length).toBeGreaterThan(5);
		expect(brief.sources.map((source) => source.n)).toEqual(brief.sources.map((_, index) => index + 1));
		expect(new Set(brief.sources.map((source) => source.url)).size).toBe(brief.sources.length);
		for (const source of brief.sources) {
			expect(isRealUrl(source.url)).toBe(true);
			expect(source.retrieved_at).not.toBeNull();
		}
		// Every reference points into the bibliography, and every entry is referenced.
		const used = new Set<number>();
		for (const ref of refs(brief)) for (const n of ref.sources) {
			expect(n).toBeGreaterThanOrEqual(1);
			expect(n).toBeLessThanOrEqual(brief.sources.length);
			used.add(n);
		}
		expect(used.size).toBe(brief.sources.length);
	});

	it('fills each section from the data', () => {
		const brief = build();
		expect(brief.sixty_second_story.sentences).toHaveLength(5);
		expect(brief.sixty_second_story.text).toContain('Northwind Outfitters');
		expect(brief.timing_signals.items.some((item) => item.type === 'new_technology_executive' && item.scored)).toBe(true);
		expect(brief.in_their_own_words.quotes[0]).toMatchObject({speaker: 'Dana Reyes', title: 'CEO', provenance: 'cited'});
		expect(brief.people.entry_point?.name).toBe('Sam Okafor');
		expect(brief.money.revenue).toMatchObject({value: 2_400_000_000, display: '$2.4B', provenance: 'cited'});
		expect(brief.money.margin_zone?.value).toBe('GREEN');
		expect(brief.money.addressable_search_revenue).toMatchObject({value: 120_000_000, provenance: 'derived'});
		expect(brief.money.roi_scenarios.map((scenario) => scenario.additional_revenue)).toEqual([6_000_000, 12_000_000, 18_000_000]);
		expect(brief.gaps.items.map((gap) => gap.gap)).toEqual(expect.arrayContaining(['Search runs on a competitor product', 'Competitors already search with Algolia']));
		expect(brief.competitive_landscape).toMatchObject({total_analyzed: 2, algolia_users: 1, unknown_provider: 1, first_mover_opportunity: false});
		expect(brief.competitive_landscape.current_search).toMatchObject({provider: 'Coveo', difficulty: 'HIGH'});
		expect(brief.competitive_landscape.competitors.find((c) => c.domain === 'contoso-gear.com')?.provenance).toBe('unsourced');
		expect(brief.hiring_intelligence).toMatchObject({total_open_roles: 2, tier_1: 1, tier_3: 1});
		expect(brief.icp_mapping).toMatchObject({tier: 1, lead_score: 90, priority_status: 'HOT', model_version: 'pf-signals-1'});
		expect(brief.the_angle.text).toContain('Coveo');
		expect(brief.the_angle.case_studies.map((study) => study.customer)).toEqual(['Trailhead Apparel']);
	});

	it('legacy facts without a source are "legacy, unsourced", never cited', () => {
		const brief = build(legacyOnly());
		expectValidBrief(JSON.parse(JSON.stringify(brief)));
		expect(brief.sources).toEqual([]);
		expect(brief.in_their_own_words.quotes[0]).toMatchObject({provenance: 'legacy, unsourced', sources: [], url: null});
		expect(brief.money.revenue).toMatchObject({value: 136_974_000_128, provenance: 'legacy, unsourced'});
		expect(brief.money.margin_zone).toMatchObject({value: 'RED', provenance: 'legacy, unsourced'});
		const events = brief.timing_signals.items.map((item) => [item.evidence, item.provenance, item.scored]);
		expect(events).toContainEqual(['RichRelevance REMOVED from tech stack [BuiltWith, Dec 2025]', 'legacy, unsourced', false]);
		expect(brief.icp_mapping).toMatchObject({lead_score: 85, priority_status: 'HOT', model_version: 'legacy-icp'});
		expect(brief.sixty_second_story.text).toContain('legacy bands');
		const markdown = renderBrief(brief, {markdown: true});
		expect(markdown).toContain('(legacy, unsourced)');
		expect(markdown).not.toMatch(/\[\d+\]/);
	});

	it('a company with no intel: each section says it has no data, nothing is invented', () => {
		const brief = build(bundleOf('empty.example'));
		expectValidBrief(JSON.parse(JSON.stringify(brief)));
		for (const key of ['timing_signals', 'in_their_own_words', 'people', 'money', 'gaps', 'competitive_landscape', 'hiring_intelligence', 'the_angle'] as const) {
			expect(brief[key].available, key).toBe(false);
			expect(brief[key].note, key).toMatch(/\w/);
		}
		expect(brief.sources).toEqual([]);
		expect(brief.money.revenue).toBeNull();
		expect(brief.the_angle.text).toBe('');
		expect(brief.sixty_second_story.text).toContain('unknown vertical');
	});

	it('is deterministic', () => {
		expect(JSON.stringify(build())).toBe(JSON.stringify(build()));
	});

	it('renders every section in Markdown and text with the same content', () => {
		const brief = build();
		const markdown = renderBrief(brief, {markdown: true});
		const text = renderBrief(brief, {markdown: false});
		for (const title of ['The 60-second story', 'Timing signals', 'In their own words', 'People', 'Money', 'Gaps', 'Competitive landscape', 'Hiring intelligence', 'ICP mapping', 'The angle', 'Sources']) {
			expect(markdown).toContain(`## ${title}`);
			expect(text).toContain(title.toUpperCase());
		}
		for (const source of brief.sources) {
			expect(markdown).toContain(source.url);
			expect(text).toContain(source.url);
		}
		expect(markdown).toContain('> “Customers tell us search');
	});

	it('diffs two versions', () => {
		const before = build(northwind(), 1);
		const changed = northwind();
		changed.financial = {...changed.financial!, marginZone: 'YELLOW', ebitdaMargin: 0.15};
		const after = build(changed, 2);
		const diff = diffBriefs(before, after);
		expect(diff).toMatchObject({from: 1, to: 2});
		expect(diff.changes).toContainEqual({path: 'money.margin_zone.value', kind: 'changed', before: 'GREEN', after: 'YELLOW'});
		expect(diff.changes.some((change) => change.path === 'version' || change.path === 'generated_at')).toBe(false);
		expect(renderDiff(diff)).toContain('~ money.margin_zone.value: "GREEN" → "YELLOW"');
		expect(diffBriefs(before, build(northwind(), 2)).changes).toEqual([]);
	});
});

describe('bibliography', () => {
	it('gives one number per URL and none to non-URLs', () => {
		const bib = new Bibliography();
		const origin = {dataSource: 'builtwith', retrievedAt: '2026-05-01T00:00:00.000Z'};
		expect(bib.cite('https://a.example/x', origin, 'A')).toEqual({sources: [1], provenance: 'cited'});
		expect(bib.cite('https://b.example/y', origin, 'B')).toEqual({sources: [2], provenance: 'cited'});
		expect(bib.cite('https://a.example/x', origin, 'A again')).toEqual({sources: [1], provenance: 'cited'});
		expect(bib.cite('Q4 2025 Earnings Call', {dataSource: 'legacy_import', retrievedAt: null}, 'x')).toEqual({sources: [], provenance: 'legacy, unsourced'});
		expect(bib.cite(null, {dataSource: 'websearch', retrievedAt: null}, 'x')).toEqual({sources: [], provenance: 'unsourced'});
		expect(bib.entries.map((entry) => entry.url)).toEqual(['https://a.example/x', 'https://b.example/y']);
	});
});

// Type-level check that the fixture brief is a Brief.
const _typed: Brief = build();
void _typed;
