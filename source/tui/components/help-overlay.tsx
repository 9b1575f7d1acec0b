/**
 * `?`: every action with its keys (after the user's rebinding), grouped by where it
 * works. Esc, `?` or `q` closes it.
 */
import React from 'react';
import {Box, Text} from 'ink';
import {ACTIONS, displayKey, type Keymap, type Scope} from '../keys/keymap.js';
import type {Theme} from '../theme/theme.js';
import {fit} from '../format.js';

const GROUPS: readonly [Scope, string][] = [
	['nav', 'Moving'],
	['list', 'Lists'],
	['company', 'Companies'],
	['picker', 'Column picker'],
	['global', 'Anywhere'],
];

export function helpLines(keymap: Keymap): {group: string; keys: string; description: string}[] {
	return GROUPS.flatMap(([scope, group]) =>
		ACTIONS.filter((a) => a.scope === scope).map((a) => ({group, keys: keymap.keysOf(a.name).map(displayKey).join(' ') || '(unbound)', description: `${a.description}  [${a.name}]`})),
	);
}

export function HelpOverlay({keymap, theme, width, height}: {keymap: Keymap; theme: Theme; width: number; height: number}) {
	const lines = helpLines(keymap);
	const twoColumns = width >= 120 && lines.length > height - 2;
	const perColumn = twoColumns ? Math.ceil(lines.length / 2) : lines.length;
	const columnWidth = twoColumns ? Math.floor((width - 2) / 2) : width - 1;
	const render = (slice: typeof lines) =>
		slice.map((line, i) => (
			<Text key={i} wrap="truncate">
				<Text bold color={theme.accent}>
					{fit(line.keys, 14)}
				</Text>
				<Text>{fit(line.description, Math.max(10, columnWidth - 15))}</Text>
			</Text>
		));
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>Keys (rebind with `pf config set keys.&lt;action&gt; "k1,k2"`) — Esc closes</Text>
			<Box>
				<Box flexDirection="column" width={columnWidth}>
					{render(lines.slice(0, Math.min(perColumn, height - 1)))}
				</Box>
				{twoColumns ? (
					<Box flexDirection="column" width={columnWidth}>
						{render(lines.slice(perColumn, perColumn + height - 1))}
					</Box>
				) : null}
			</Box>
		</Box>
	);
}
