/**
 * `c`: the columns of the view, visible first in their order, then hidden ones.
 * Space shows/hides, J/K move a column, Enter or Esc closes (saved per view).
 */
import React from 'react';
import {Box, Text} from 'ink';
import type {ViewDefinition} from '../../services/leads.js';
import type {Theme} from '../theme/theme.js';
import {pickerOrder} from '../hooks/use-table-state.js';

export function ColumnPicker({view, visible, index, theme, height}: {view: ViewDefinition; visible: readonly string[]; index: number; theme: Theme; height: number}) {
	const order = pickerOrder(visible, view.columns.map((c) => c.key));
	const top = Math.max(0, Math.min(index - Math.floor((height - 2) / 2), order.length - (height - 2)));
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>Columns of {view.title} — Space show/hide · J/K move · Enter done</Text>
			{order.slice(top, top + height - 2).map((key, i) => {
				const column = view.columns.find((c) => c.key === key)!;
				const selected = top + i === index;
				return (
					<Text key={key} inverse={selected && !theme.selectedBackground} backgroundColor={selected ? theme.selectedBackground : undefined} color={selected ? theme.selectedForeground : undefined}>
						{visible.includes(key) ? '[x] ' : '[ ] '}
						{column.header.padEnd(14)} <Text dimColor>{key}{column.priority === 3 ? ' (hidden under 100 columns)' : column.priority === 2 ? ' (hidden under 60 columns)' : ''}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
