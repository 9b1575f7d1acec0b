/**
 * Which columns fit a terminal and how wide each is. Under 100 columns the
 * low-priority (3) columns go, under 60 only priority 1 stays. Pure.
 */
import type {ViewColumn, ViewDefinition} from '../../services/leads.js';

export const MARK_WIDTH = 2;
export const NARROW = 100;
export const TINY = 60;

/** Visible columns the user chose (known to the view, in their order), else the defaults. */
export function chosenColumns(view: ViewDefinition, preference: readonly string[] | null | undefined): string[] {
	const known = new Set(view.columns.map((c) => c.key));
	const chosen = (preference ?? []).filter((key) => known.has(key));
	return chosen.length > 0 ? chosen : view.columns.filter((c) => c.shownByDefault).map((c) => c.key);
}

export type LaidOutColumn = ViewColumn & {shownWidth: number; align: 'left' | 'right'};

const rightAligned = new Set(['integer', 'count', 'money']);

export function layoutColumns(view: ViewDefinition, visible: readonly string[], terminalWidth: number): LaidOutColumn[] {
	const maxPriority = terminalWidth < TINY ? 1 : terminalWidth < NARROW ? 2 : 3;
	let columns = visible.map((key) => view.columns.find((c) => c.key === key)).filter((c): c is ViewColumn => c !== undefined && c.priority <= maxPriority);
	if (columns.length === 0) columns = [view.columns[0]!];
	const available = Math.max(10, terminalWidth - MARK_WIDTH - 1);
	// Room for the header and its sort arrow.
	const widths = columns.map((c) => Math.max(c.width, Math.min(c.header.length + 1, 13)));
	const total = () => widths.reduce((sum, w) => sum + w, 0) + widths.length - 1;
	const shrinkTo = (floor: number) => {
		while (total() > available) {
			const widest = widths.indexOf(Math.max(...widths));
			if (widths[widest]! <= floor) return;
			widths[widest]!--;
		}
	};
	// Too wide: shrink the widest columns a little, then drop the least important
	// columns (rightmost first), and only then cut further.
	shrinkTo(16);
	while (total() > available && columns.length > 1) {
		const worst = Math.max(...columns.map((c) => c.priority)) as 1 | 2 | 3;
		const index = columns.map((c) => c.priority).lastIndexOf(worst);
		if (worst === 1) break;
		columns = columns.filter((_, i) => i !== index);
		widths.splice(index, 1);
	}
	shrinkTo(6);
	// Spare room goes to the text columns (names are what gets cut).
	let spare = available - total();
	const textIndexes = columns.map((c, i) => (c.kind === 'text' ? i : -1)).filter((i) => i >= 0);
	for (let round = 0; spare > 0 && textIndexes.length > 0 && round < 40; round++) {
		for (const i of textIndexes) {
			if (spare <= 0) break;
			if (widths[i]! < columns[i]!.width * 2) {
				widths[i]!++;
				spare--;
			}
		}
	}
	if (widths.length === 1) widths[0] = Math.min(widths[0]!, available);
	return columns.map((c, i) => ({...c, shownWidth: widths[i]!, align: rightAligned.has(c.kind) ? 'right' : 'left'}));
}

/** Rows the table gets: the terminal minus tabs, status, header, details, notice, footer. */
export function tableHeight(rows: number, columns: number): number {
	const chrome = 6 + (columns >= TINY ? 2 : 0);
	return Math.max(3, rows - chrome);
}
