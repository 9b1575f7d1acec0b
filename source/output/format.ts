/**
 * Formats for data on stdout (docs/ux-conventions): TSV with a header when piped, CSV
 * and JSON on request, an aligned table on a TTY. No colour and no truncation in the
 * machine formats.
 */

export type Column<Row> = {key: string; header: string; value: (row: Row) => unknown; align?: 'left' | 'right'};

/** A cell as plain text: dates as ISO-8601, objects as JSON, null as empty. */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

export function toTsv<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
	// TSV cannot hold tabs or newlines inside a field: they become spaces.
	const clean = (text: string) => text.replace(/[\t\r\n]+/g, ' ');
	const lines = [columns.map((column) => column.key).join('\t')];
	for (const row of rows) lines.push(columns.map((column) => clean(cellText(column.value(row)))).join('\t'));
	return lines.join('\n') + '\n';
}

export function csvField(text: string): string {
	return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
	const lines = [columns.map((column) => csvField(column.key)).join(',')];
	for (const row of rows) lines.push(columns.map((column) => csvField(cellText(column.value(row)))).join(','));
	return lines.join('\r\n') + '\r\n';
}

/** Stable JSON with a trailing newline. BigInt becomes a string so no digit is lost. */
export function toJson(value: unknown): string {
	return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner), 2) + '\n';
}

/** An aligned plain-text table for a TTY, cells cut to fit `width` where needed. */
export function toTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], width = process.stdout.columns || 120): string {
	const cells = rows.map((row) => columns.map((column) => cellText(column.value(row)).replace(/\s+/g, ' ')));
	const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index]!.length)));
	// Shrink the widest columns until the table fits the terminal.
	const total = () => widths.reduce((sum, w) => sum + w, 0) + (widths.length - 1) * 2;
	while (total() > width) {
		const widest = widths.indexOf(Math.max(...widths));
		if (widths[widest]! <= 6) break;
		widths[widest]!--;
	}
	const fit = (text: string, w: number, align: 'left' | 'right' = 'left') => {
		const cut = text.length > w ? text.slice(0, Math.max(0, w - 1)) + '…' : text;
		return align === 'right' ? cut.padStart(w) : cut.padEnd(w);
	};
	const out = [columns.map((column, i) => fit(column.header, widths[i]!, column.align)).join('  ').trimEnd()];
	for (const line of cells) out.push(line.map((text, i) => fit(text, widths[i]!, columns[i]!.align)).join('  ').trimEnd());
	return out.join('\n') + '\n';
}

export type ListFormat = 'json' | 'csv' | 'tsv' | 'table';

/** The format of a list command: an explicit flag wins, else a table on a TTY and TSV in a pipe. */
export function listFormat(flags: {json?: boolean; csv?: boolean; tsv?: boolean}, stdout: {isTTY?: boolean} = process.stdout): ListFormat {
	if (flags.json) return 'json';
	if (flags.csv) return 'csv';
	if (flags.tsv) return 'tsv';
	return stdout.isTTY ? 'table' : 'tsv';
}

export function renderList<Row>(rows: readonly Row[], columns: readonly Column<Row>[], format: ListFormat, toJsonRow: (row: Row) => unknown = (row) => row): string {
	switch (format) {
		case 'json':
			return toJson(rows.map(toJsonRow));
		case 'csv':
			return toCsv(rows, columns);
		case 'tsv':
			return toTsv(rows, columns);
		case 'table':
			return toTable(rows, columns);
	}
}
