import {describe, expect, it} from 'vitest';
import {legacyDisplacementPriority, legacyPriorityStatus, legacyTriggerEvent, transformTarget, transformCustomer, type TransformContext} from '../../source/legacy/transform.js';
import {copyLine} from '../../source/legacy/copy-text.js';
import {defaultTimestampOptions} from '../../source/legacy/values.js';

const context: TransformContext = {timestamps: defaultTimestampOptions, evidenceDomain: () => undefined};

describe('legacy transforms', () => {
	it('bands the legacy lead score: HOT ≥ 80, WARM ≥ 60, COOL ≥ 40, else COLD', () => {
		expect([95, 80, 79, 60, 59, 40, 39, 0].map(legacyPriorityStatus)).toEqual(['HOT', 'HOT', 'WARM', 'WARM', 'COOL', 'COOL', 'COLD', 'COLD']);
	});

	it('derives the displacement priority from the lead score and the provider', () => {
		expect(legacyDisplacementPriority(85, 'Elasticsearch')).toBe('HIGH');
		expect(legacyDisplacementPriority(60, null)).toBe('HIGH');
		expect(legacyDisplacementPriority(59, null)).toBe('MEDIUM');
		expect(legacyDisplacementPriority(15, null)).toBe('MEDIUM');
		expect(legacyDisplacementPriority(90, 'Algolia')).toBe('NONE');
	});

	it('splits a legacy trigger event into the event and its unlinked source label', () => {
		expect(legacyTriggerEvent('MB.OS digital platform launch - $3B investment [TechCrunch, Oct 2025]')).toEqual({
			event: 'MB.OS digital platform launch - $3B investment', source_label: 'TechCrunch, Oct 2025', source_url: null, sourced: false, provenance: 'legacy, unsourced',
		});
		expect(legacyTriggerEvent('No label here')).toMatchObject({event: 'No label here', source_label: null});
	});

	it('rejects a target whose domain is a company name, with the reason', () => {
		expect(transformTarget({id: 1, domain: '7-eleven, inc.'}, context)).toEqual({ok: false, reason: 'domain "7-eleven, inc." is not a domain: it contains spaces (a company name, not a domain?)'});
		expect(transformTarget({id: 2, domain: ''}, context)).toEqual({ok: false, reason: 'domain is empty'});
		expect(transformTarget({id: null, domain: 'x.com'}, context)).toEqual({ok: false, reason: 'id is missing or not an integer'});
	});

	it('reads empty JSON strings as null and keeps the partner technology flagged', () => {
		const result = transformTarget({id: 3, domain: 'Shop.Example.co.uk', partner_tech: 'Adobe Experience Manager', emails: '', socials: '', score_reasons: '', lead_score: 42, created_at: '2026-02-25 15:59:17'}, context);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.record).toMatchObject({domain: 'shop.example.co.uk', emails: null, socials: null, partner_tech: 'Adobe Experience Manager', partner_tier: 'premier', priority_status: 'COOL', displacement_priority: 'MEDIUM', retrieved_at: '2026-02-25T15:59:17.000Z'});
	});

	it('keeps what v2 has no column for of a customer in its note', () => {
		const result = transformCustomer({id: 9, domain: '7-eleven, inc.', name: '7-Eleven, Inc.', algolia_arr: 1234.5, algolia_products: '["Search"]', partner_populations: ''}, context);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.record).toMatchObject({legacy_id: 9, domain: null, company_name: '7-Eleven, Inc.', resolution: 'unresolved'});
		expect(JSON.parse(result.record.note as string)).toEqual({legacy: {legacy_domain: '7-eleven, inc.', algolia_arr: 1234.5, algolia_products: ['Search'], domain_resolution: 'unresolved'}});
	});

	it('encodes COPY text with escapes and \\N', () => {
		expect(copyLine({a: 'tab\there', b: null, c: true, d: {x: 'line\nbreak'}, e: 'back\\slash'}, ['a', 'b', 'c', 'd', 'e'])).toBe('tab\\there\t\\N\tt\t{"x":"line\\\\nbreak"}\tback\\\\slash\n');
		// A number that is not finite is NULL (it was written as the text \N), plain text passes as it is.
		expect(copyLine({a: Number.NaN, b: 'plain', c: 12.5}, ['a', 'b', 'c'])).toBe('\\N\tplain\t12.5\n');
	});
});
