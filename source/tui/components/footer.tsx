/**
 * The bottom two lines: a one-line notice (errors, results of actions) and the footer
 * with 4–6 key hints plus `? help` on the left and the row count and data age on the right.
 */
import React from 'react';
import {Box, Text} from 'ink';
import type {Theme} from '../theme/theme.js';
import {fit} from '../format.js';

export type Notice = {text: string; kind: 'info' | 'error'};

export function NoticeLine({notice, theme, width}: {notice: Notice | undefined; theme: Theme; width: number}) {
	if (!notice) return <Text> </Text>;
	const prefix = notice.kind === 'error' ? '! ' : '· ';
	return (
		<Text color={notice.kind === 'error' ? theme.bad : theme.accent} wrap="truncate">
			{fit(prefix + notice.text, Math.max(1, width - 1))}
		</Text>
	);
}

export function Footer({hints, right, theme, width}: {hints: readonly [string, string][]; right: string; theme: Theme; width: number}) {
	const all = [...hints, ['?', 'help'] as [string, string]];
	// Drop hints from the end (keeping `? help`) until the line fits.
	let shown = all;
	const text = (list: readonly [string, string][]) => list.map(([k, label]) => `${k} ${label}`).join('  ');
	while (shown.length > 1 && text(shown).length + right.length + 2 > width - 1) shown = [...shown.slice(0, -2), shown.at(-1)!];
	const left = text(shown);
	const gap = Math.max(1, width - 1 - left.length - right.length);
	return (
		<Box>
			<Text wrap="truncate">
				{shown.map(([k, label], i) => (
					<Text key={i}>
						<Text bold color={theme.accent}>
							{k}
						</Text>
						<Text color={theme.muted}> {label}</Text>
						{i < shown.length - 1 ? '  ' : ''}
					</Text>
				))}
				{' '.repeat(gap)}
				<Text color={theme.muted}>{right}</Text>
			</Text>
		</Box>
	);
}
