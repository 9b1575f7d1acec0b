/**
 * Reads a customer list from CSV text: finds the header row and its domain column (and
 * the optional company-name and note columns), normalises each domain, and sorts rows
 * into accepted, name-only (no domain: an unresolved customer) and rejected. Pure: no I/O.
 */
import {normaliseDomain} from '../domain/domain-name.js';

export type CustomerCsvRow = {line: number; domain: string | null; companyName: string | null; note: string | null};
export type CustomerCsvReject = {line: number; value: string; reason: string};

export type CustomerCsv =
	| {ok: true; columns: {domain: string; companyName?: string; note?: string}; rows: CustomerCsvRow[]; rejected: CustomerCsvReject[]; duplicates: number}
	| {ok: false; reason: string; header: string[]};

const domainHeaders = ['domain', 'domainname', 'domains', 'companydomain', 'customerdomain', 'website', 'websiteurl', 'web', 'site', 'url', 'hostname', 'host'];
const nameHeaders = ['companyname', 'company', 'customername', 'customer', 'accountname', 'account', 'name', 'organisation', 'organization'];
const noteHeaders = ['note', 'notes', 'comment', 'comments'];

const headerKey = (text: string) => text.trim().toLowerCase().replace(/[^a-z0-9]/g, '');

/** Splits CSV text into records (RFC 4180: quoted fields, doubled quotes, CRLF). */
export function parseCsvRecords(text: string, delimiter = ','): {line: number; fields: string[]}[] {
	const records: {line: number; fields: string[]}[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let recordLine = 1;
	const source = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < source.length; i++) {
		const char = source[i]!;
		if (quoted) {
			if (char === '"') {
				if (source[i + 1] === '"') {
					field += '"';
					i++;
				} else {
					quoted = false;
				}
			} else {
				if (char === '\n') line++;
				field += char;
			}
			continue;
		}
		if (char === '"' && field.trim() === '') {
			quoted = true;
			field = '';
		} else if (char === delimiter) {
			fields.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && source[i + 1] === '\n') i++;
			fields.push(field);
			records.push({line: recordLine, fields});
			fields = [];
			field = '';
			line++;
			recordLine = line;
		} else {
			field += char;
		}
	}
	if (field !== '' || fields.length > 0) {
		fields.push(field);
		records.push({line: recordLine, fields});
	}
	return records.filter((record) => record.fields.some((value) => value.trim() !== ''));
}

/** The delimiter of the first line: the most frequent of comma, semicolon and tab. */
function detectDelimiter(text: string): string {
	const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
	const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
	return best[1] > 0 ? best[0] : ',';
}

/** Reads a customer CSV. A file without a recognisable domain column is refused as a whole. */
export function readCustomerCsv(text: string): CustomerCsv {
	const delimiter = detectDelimiter(text);
	const records = parseCsvRecords(text, delimiter);
	if (records.length === 0) return {ok: false, reason: 'the file is empty', header: []};
	const header = records[0]!.fields.map((value) => value.trim());
	const keys = header.map(headerKey);
	const find = (names: string[]) => {
		for (const name of names) {
			const index = keys.indexOf(name);
			if (index >= 0) return index;
		}
		return -1;
	};
	const domainIndex = find(domainHeaders);
	if (domainIndex < 0) {
		const looksLikeData = header.some((value) => normaliseDomain(value).ok);
		return {
			ok: false,
			header,
			reason: looksLikeData
				? `its first line (${header.join(', ')}) is data, not a header: the file needs a header row naming the domain column`
				: `no domain column in its header (${header.join(', ') || 'empty'})`,
		};
	}
	const nameIndex = find(nameHeaders);
	const noteIndex = find(noteHeaders);
	const rows: CustomerCsvRow[] = [];
	const rejected: CustomerCsvReject[] = [];
	const seen = new Set<string>();
	let duplicates = 0;
	for (const record of records.slice(1)) {
		const cell = (index: number) => (index >= 0 ? (record.fields[index] ?? '').trim() || null : null);
		const rawDomain = cell(domainIndex);
		const companyName = cell(nameIndex);
		const note = cell(noteIndex);
		if (rawDomain === null) {
			if (companyName) rows.push({line: record.line, domain: null, companyName, note});
			else rejected.push({line: record.line, value: '', reason: 'no domain and no company name'});
			continue;
		}
		const result = normaliseDomain(rawDomain);
		if (!result.ok) {
			rejected.push({line: record.line, value: rawDomain, reason: result.reason});
			continue;
		}
		if (seen.has(result.domain)) {
			duplicates++;
			continue;
		}
		seen.add(result.domain);
		rows.push({line: record.line, domain: result.domain, companyName, note});
	}
	return {
		ok: true,
		columns: {domain: header[domainIndex]!, ...(nameIndex >= 0 ? {companyName: header[nameIndex]!} : {}), ...(noteIndex >= 0 ? {note: header[noteIndex]!} : {})},
		rows,
		rejected,
		duplicates,
	};
}
