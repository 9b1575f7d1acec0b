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

export function Table(props: TableProps) {
	const {columns, rowAt, top, height, cursor, total, rowKey, marks, sort, theme, now, stale} = props;
	const lines: React.ReactNode[] = [];
	for (let index = top; index < Math.min(total, top + height); index++) {
		const row = rowAt(index);
		const selected = index === cursor;
		const marked = row ? marks.has(rowKey(row)) : false;
		// The cursor is also a character, so it shows without colour (NO_COLOR).
		const markText = `${selected ? '›' : ' '}${marked ? (theme.name === 'mono' ? '*' : '●') : ' '}`;
		const cells = columns.map((c) => {
			const text = row ? fit(cellDisplay(c.kind, row[c.key], now), c.shownWidth, c.align) : fit('…', c.shownWidth, c.align);
			return {text, color: row && !selected ? props.statusColor(c.key, row[c.key]) : undefined};
		});
		lines.push(
			<Text key={index} wrap="truncate" dimColor={stale || !row}>
				<Text color={marked ? theme.mark : undefined} bold={marked}>
					{markText}
				</Text>
				<Text inverse={selected && !theme.selectedBackground} backgroundColor={selected ? theme.selectedBackground : undefined} color={selected ? theme.selectedForeground : undefined}>
					{cells.map((cell, i) => (
						<Text key={i} color={cell.color}>
							{cell.text}
							{i < cells.length - 1 ? ' ' : ''}
						</Text>
					))}
				</Text>
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
