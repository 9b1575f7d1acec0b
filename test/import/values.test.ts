import {describe, expect, it} from 'vitest';
import {bool, dateValue, exactInteger, fraction, json, stringArray, text, timestamp} from '../../source/legacy/values.js';

describe('legacy values', () => {
	it('reads both legacy timestamp formats', () => {
		// SQLite CURRENT_TIMESTAMP: UTC.
		expect(timestamp('2026-02-25 15:53:13')).toBe('2026-02-25T15:53:13.000Z');
		// Python isoformat() without a zone: local time of the legacy machine (US Eastern, UTC-5 in February).
		expect(timestamp('2026-02-25T14:29:45.366585')).toBe('2026-02-25T19:29:45.366Z');
		// The same instant written both ways reads back equal (verified_case_studies carries both).
		expect(timestamp('2026-02-25T14:29:45')).toBe(timestamp('2026-02-25 19:29:45'));
		expect(timestamp('2026-07-01T12:00:00')).toBe('2026-07-01T16:00:00.000Z'); // EDT, UTC-4
		expect(timestamp('2026-02-25T14:29:45', {isoTimeZone: 'UTC'})).toBe('2026-02-25T14:29:45.000Z');
		expect(timestamp('2026-02-25T14:29:45+01:00')).toBe('2026-02-25T13:29:45.000Z');
		expect(timestamp('')).toBeNull();
		expect(timestamp(null)).toBeNull();
		expect(timestamp('yesterday')).toBeNull();
		expect(timestamp('2026-02-30 10:00:00')).toBeNull();
	});

	it('reads dates and treats the 1970-01-01 placeholder as unknown', () => {
		expect(dateValue('2021-10-01')).toBe('2021-10-01');
		expect(dateValue('1970-01-01')).toBeNull();
		expect(dateValue('')).toBeNull();
	});

	it('parses JSON in TEXT columns, empty strings as null', () => {
		expect(json('')).toEqual({ok: true, value: null});
		expect(json('   ')).toEqual({ok: true, value: null});
		expect(json(null)).toEqual({ok: true, value: null});
		expect(json('["a", "b"]')).toEqual({ok: true, value: ['a', 'b']});
		expect(json('{"vertical": 40}')).toEqual({ok: true, value: {vertical: 40}});
		expect(json('[1, 2').ok).toBe(false);
		expect(stringArray(['A/B Testing', ' Rules ', ''])).toEqual(['A/B Testing', 'Rules']);
	});

	it('keeps every digit of revenues stored as SQLite REAL', () => {
		expect(exactInteger(136974000128.0)).toBe('136974000128');
		expect(exactInteger(357000000000)).toBe('357000000000');
		expect(exactInteger('136974000128.0')).toBe('136974000128');
		expect(exactInteger(9007199254740993n)).toBe('9007199254740993');
		expect(exactInteger(null)).toBeNull();
		expect(exactInteger('n/a')).toBeNull();
	});

	it('reads shares written as fractions or per cent', () => {
		expect(fraction(0.16554001)).toBeCloseTo(0.16554001);
		expect(fraction(71.3)).toBeCloseTo(0.713);
		expect(fraction(null)).toBeNull();
	});

	it('reads flags and text', () => {
		expect(bool(1)).toBe(true);
		expect(bool(0)).toBe(false);
		expect(bool('')).toBeNull();
		expect(text('dealer inspire ')).toBe('dealer inspire');
		expect(text('   ')).toBeNull();
	});
});
