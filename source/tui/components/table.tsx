/**
 * The project's windowed table (ink-table does not load with Ink 6, and a list of a
 * million rows needs windowing anyway): only the rows in the window are rendered; rows
 * not fetched yet show as `…`.
 *
 *     Domain                   Company              Priority
 *   ● acme.com                 Acme Inc.                  97   ← cursor (inverse / colour)
 *     example.org              Example                    91
 */
import React from 'react';
import {Box, Text} from 'ink';
import chalk, {type ChalkInstance} from 'chalk';
import type {ListRow, SortOrder} from '../../services/leads.js';
import type {Theme} from '../theme/theme.js';
import {cellDisplay, fit} from '../format.js';
import type {LaidOutColumn} from './table-layout.js';

export type TableProps = {
	columns: readonly LaidOutColumn[];
	rowAt: (index: number) => ListRow | undefined;
	top: number;
	height: number;
	cursor: number;
	total: number;
	rowKey: (row: ListRow) => string;
	marks: ReadonlyMap<string, string>;
	sort: SortOrder;
	theme: Theme;
	now: Date;
	stale: boolean;
	statusColor: (column: string, value: unknown) => string | undefined;
};

export function headerText(columns: readonly LaidOutColumn[], sort: SortOrder): string {
	return (
		'  ' +
		columns
			.map((c) => {
				const arrow = c.key === sort.column ? (sort.descending ? '↓' : '↑') : '';
				return fit(c.header + arrow, c.shownWidth, c.align);
			})
			.join(' ')
	);
}

/** Text with the theme's styles as ANSI (chalk; nothing when its level is 0: NO_COLOR). */
function paint(text: string, style: {color?: string | undefined; background?: string | undefined; inverse?: boolean; bold?: boolean; dim?: boolean}): string {
	let painter: ChalkInstance = chalk;
	if (style.color && style.color in chalk) painter = (painter as unknown as Record<string, ChalkInstance>)[style.color]!;
	if (style.background) {
		const name = `bg${style.background[0]!.toUpperCase()}${style.background.slice(1)}`;
		if (name in chalk) painter = (painter as unknown as Record<string, ChalkInstance>)[name]!;
	}
	if (style.inverse) painter = painter.inverse;
	if (style.bold) painter = painter.bold;
	if (style.dim) painter = painter.dim;
	return painter === chalk ? text : painter(text);
}

/**
 * One <Text> per row (the row's string, coloured with ANSI): Ink lays out and diffs ~25
 * nodes per frame instead of one per cell, which keeps the frame after a key fast.
 */
export function Table(props: TableProps) {
	const {columns, rowAt, top, height, cursor, total, rowKey, marks, sort, theme, now, stale} = props;
	const lines: React.ReactNode[] = [];
	for (let index = top; index < Math.min(total, top + height); index++) {
		const row = rowAt(index);
		const selected = index === cursor;
		const marked = row ? marks.has(rowKey(row)) : false;
		// The cursor is also a character, so it shows without colour (NO_COLOR).
		const cursorText = selected ? '›' : ' ';
		const markText = marked ? paint(theme.name === 'mono' ? '*' : '●', {color: theme.mark, bold: true}) : ' ';
		const cells = columns.map((c) => {
			const text = row ? fit(cellDisplay(c.kind, row[c.key], now), c.shownWidth, c.align) : fit('…', c.shownWidth, c.align);
			const color = row && !selected ? props.statusColor(c.key, row[c.key]) : undefined;
			return color ? paint(text, {color}) : text;
		});
		const body = cells.join(' ');
		const shown = selected ? paint(body, {background: theme.selectedBackground, color: theme.selectedForeground, inverse: !theme.selectedBackground}) : body;
		lines.push(
			<Text key={index} wrap="truncate" dimColor={stale || !row}>
				{cursorText + markText + shown}
			</Text>,
		);
	}
	return (
		<Box flexDirection="column" height={height + 1}>
			<Text bold wrap="truncate" color={theme.accent}>
				{headerText(columns, sort)}
			</Text>
			{lines}
		</Box>
	);
}
