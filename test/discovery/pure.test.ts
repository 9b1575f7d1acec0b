/** The pure parts of discovery and the customer list: filters, Lists pages, customer CSVs. */
import {describe, expect, it} from 'vitest';
import {discoveryKey, parseCountry, parseSince} from '../../source/discovery/filters.js';
import {listsDate, listsPageError, readListsPage} from '../../source/discovery/lists-page.js';
import {parseCsvRecords, readCustomerCsv} from '../../source/discovery/customer-csv.js';
import {listsUrl} from '../../source/enrichment/sources/builtwith-lists.js';
import {normaliseSites, validateDiscoverFilters} from '../../source/services/discovery.js';
import {fixture} from './lists-server.js';

describe('--since', () => {
	const today = new Date('2026-11-25T12:00:00Z');
	it.each([
		['30d', '30 Days Ago'],
		['1 day', '1 Days Ago'],
		['12w', '84 Days Ago'],
		['6m', '6 Months Ago'],
		['1y', '12 Months Ago'],
		['2026-01-31', '2026-01-31'],
	])('%s → SINCE=%s', (input, param) => {
		expect(parseSince(input, today)).toEqual({ok: true, param});
	});
	it.each(['30', 'thirty days', '0d', '-3d', '2026-13-01', '2026-02-29', '2027-01-01', '30x', ''])('refuses %j', (input) => {
		expect(parseSince(input, today).ok).toBe(false);
	});
});

describe('--country', () => {
	it('upper-cases, sorts, dedupes and writes GB as UK', () => {
		expect(parseCountry('gb, de,GB')).toEqual({ok: true, param: 'DE,UK'});
	});
	it.each(['', 'Britain', 'g', 'gb,,x1'])('refuses %j', (input) => {
		expect(parseCountry(input).ok).toBe(false);
	});
	it('keys a discovery by technology and filters', () => {
		expect(discoveryKey('Shopify-Plus', '30 Days Ago', 'UK')).toBe(discoveryKey('shopify-plus', '30 days ago', 'UK'));
		expect(discoveryKey('Shopify-Plus', null, 'UK')).not.toBe(discoveryKey('Shopify-Plus', null, null));
	});
	it('validates --max', () => {
		expect(validateDiscoverFilters({max: '25'}).max).toBe(25);
		expect(() => validateDiscoverFilters({max: '2.5'})).toThrow(/--max "2.5" is not valid/);
	});
});

describe('Lists pages', () => {
	it('reads sites, META and dates; NextOffset END means the last page', () => {
		const first = readListsPage(JSON.parse(fixture('aem-page-1.json')));
		expect(first.nextOffset).toBe('oQEwEnH2FJuIzeXOEk2T');
		expect(first.sites[0]).toEqual({domain: 'www.Northwind-Retail.com', companyName: 'Northwind Retail Ltd', vertical: 'Shopping', country: 'UK', city: 'London', state: null, firstDetected: '2021-06-01', lastDetected: '2025-11-24'});
		expect(readListsPage(JSON.parse(fixture('aem-page-4.json'))).nextOffset).toBeNull();
		expect(readListsPage(JSON.parse(fixture('aem-page-2.json')))).toEqual({nextOffset: 'pR2xT9aa01-Zq', sites: []});
	});
	it('recognises error answers', () => {
		expect(listsPageError(JSON.parse(fixture('error-invalid-key.json')))).toEqual({message: 'The API key is invalid or has no Lists credits left', keyProblem: true});
		expect(listsPageError({Errors: [{Message: 'Technology not found'}]})).toEqual({message: 'Technology not found', keyProblem: false});
		expect(listsPageError([])).toMatchObject({keyProblem: false});
		expect(listsPageError({foo: 1})).toMatchObject({message: 'the answer has neither Results nor NextOffset'});
		expect(listsPageError(JSON.parse(fixture('aem-page-2.json')))).toBeUndefined();
	});
	it('reads dates as epoch ms, epoch s or ISO, and drops nonsense', () => {
		expect(listsDate(1622505600000)).toBe('2021-06-01');
		expect(listsDate(1622505600)).toBe('2021-06-01');
		expect(listsDate('2023-03-01T00:00:00Z')).toBe('2023-03-01');
		expect(listsDate(0)).toBeNull();
		expect(listsDate('soon')).toBeNull();
		expect(listsDate(null)).toBeNull();
	});
	it('formats a date (from its cached day) as Date does, within 1990–2100', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
		for (let i = 0; i < 20_000; i++) {
			const ms = Math.floor(random() * 5_000_000_000_000) + 100_000_000_000; // (below 1e11 it would be read as seconds)
			const date = new Date(ms);
			const expected = date.getUTCFullYear() >= 1990 && date.getUTCFullYear() <= 2100 ? date.toISOString().slice(0, 10) : null;
			expect(listsDate(ms)).toBe(expected);
			expect(listsDate(ms)).toBe(expected);
		}
		expect(listsDate(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29');
		expect(listsDate(Date.UTC(2024, 2, 1))).toBe('2024-03-01');
	});
	it('normalises listed domains: invalid ones are counted, duplicates dropped', () => {
		const {valid, invalid, duplicates} = normaliseSites(readListsPage({NextOffset: 'END', Results: [{D: 'WWW.Example.com'}, {D: 'example.com'}, {D: 'bad name'}, {D: ''}, 'raw.io']}).sites);
		expect(valid.map((v) => v.domain)).toEqual(['example.com', 'raw.io']);
		expect(invalid.map((i) => i.value)).toEqual(['bad name', '']);
		expect(duplicates).toBe(1);
	});
	it('builds the request URL with spaces as %20', () => {
		const url = listsUrl({PF_BUILTWITH_URL: 'http://127.0.0.1:9/'}, 'K', {tech: 'Shopify-Plus', since: '30 Days Ago', country: 'UK', offset: 'abc+/='});
		expect(url).toBe('http://127.0.0.1:9/lists13/api.json?KEY=K&TECH=Shopify-Plus&META=yes&SINCE=30%20Days%20Ago&COUNTRY=UK&OFFSET=abc%2B%2F%3D');
	});
});

describe('customer CSV', () => {
	it('parses quoted fields, doubled quotes, CRLF and embedded newlines', () => {
		expect(parseCsvRecords('a,"b,1","say ""hi"""\r\n"multi\nline",x,\n')).toEqual([
			{line: 1, fields: ['a', 'b,1', 'say "hi"']},
			{line: 2, fields: ['multi\nline', 'x', '']},
		]);
	});
	it('finds the domain column under other names and keeps name-only rows', () => {
		const result = readCustomerCsv('Company,URL\nAcme,https://acme.com/x\nGlobex,\n,\n');
		expect(result).toMatchObject({ok: true, columns: {domain: 'URL', companyName: 'Company'}});
		if (!result.ok) throw new Error('unreachable');
		expect(result.rows).toEqual([
			{line: 2, domain: 'acme.com', companyName: 'Acme', note: null},
			{line: 3, domain: null, companyName: 'Globex', note: null},
		]);
	});
	it('refuses a file without a domain column', () => {
		expect(readCustomerCsv('name\tnote\nAcme\tx\n')).toMatchObject({ok: false, reason: 'no domain column in its header (name, note)'});
	});
});
