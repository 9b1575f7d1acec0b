/**
 * Shared by the list one-liners (`pf leads`, `pf targets`, `pf` in a pipe): the
 * `--limit` flag and printing a list in the chosen format.
 */
import {UsageError} from '../errors.js';
import {renderList, type Column, type ListFormat} from '../output/format.js';

/** On a TTY a table of the first 100 rows unless --limit; in a pipe no truncation. */
export const TABLE_DEFAULT_LIMIT = 100;

export function parseLimit(text: string | undefined, format: ListFormat): number | undefined {
	if (text === undefined) return format === 'table' ? TABLE_DEFAULT_LIMIT : undefined;
	if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--limit must be a whole number above 0, not "${text}"`, 'e.g. --limit 50');
	return Number(text);
}

export function printList<Row>(rows: readonly Row[], columns: readonly Column<Row>[], format: ListFormat, limit: number | undefined, defaultLimit: boolean): void {
	process.stdout.write(renderList(rows, columns, format, (row) => jsonRow(row as Record<string, unknown>, columns as Column<Record<string, unknown>>[])));
	if (format === 'table' && defaultLimit && limit !== undefined && rows.length === limit) {
		process.stderr.write(`pf: showing the first ${limit} rows; use --limit N for more, or pipe the output for all\n`);
	}
}

/** A JSON row: the listed columns in order, dates as ISO-8601, nulls kept. */
function jsonRow(row: Record<string, unknown>, columns: readonly Column<Record<string, unknown>>[]): Record<string, unknown> {
	return Object.fromEntries(columns.map((column) => {
		const value = column.value(row);
		return [column.key, value instanceof Date ? value.toISOString() : (value ?? null)];
	}));
}
