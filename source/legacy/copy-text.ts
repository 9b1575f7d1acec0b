/**
 * PostgreSQL COPY text format for staged records: tab-separated, `\N` for null,
 * backslash escapes for tab, newline, carriage return and backslash; objects become
 * JSON text (for JSONB columns). Pure.
 */
import type {StageRecord, StageValue} from './transform.js';

function field(value: StageValue | undefined): string {
	if (value === null || value === undefined) return '\\N';
	let text: string;
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number') {
		if (!Number.isFinite(value)) return '\\N';
		text = String(value);
	} else if (typeof value === 'boolean') return value ? 't' : 'f';
	else text = JSON.stringify(value);
	// Most values need no escape: one test instead of five replaces (a million-target
	// import formats ≈ 40 million fields). NUL cannot be stored in PostgreSQL text;
	// legacy text never should hold one.
	if (!copySpecial.test(text)) return text;
	return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u0000/g, '');
}

const copySpecial = /[\\\t\n\r\u0000]/;

/** One COPY line (with its newline) of a record in `columns` order. */
export function copyLine(record: StageRecord, columns: readonly string[]): string {
	let line = '';
	for (let i = 0; i < columns.length; i++) {
		if (i > 0) line += '\t';
		line += field(record[columns[i]!]);
	}
	return line + '\n';
}

/**
 * A record as query parameters for a multi-row insert. postgres.js learns each column's
 * type from the server and serialises by it (objects as JSON for JSONB, booleans as
 * booleans), so values pass through as they are.
 */
export function parameterRow(record: StageRecord, columns: readonly string[]): Record<string, StageValue> {
	const row: Record<string, StageValue> = {};
	for (const column of columns) {
		const value = record[column];
		row[column] = value === undefined ? null : typeof value === 'string' ? value.replace(/\u0000/g, '') : typeof value === 'number' && !Number.isFinite(value) ? null : value;
	}
	return row;
}
