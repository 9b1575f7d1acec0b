/**
 * Pre-laid-out text lines (segments with colour) and a scrolling window over them:
 * the company and brief screens build their lines as data (pure, testable) and this
 * view shows `height` of them from `top`.
 */
import React from 'react';
import {Box, Text} from 'ink';

export type Segment = {text: string; color?: string | undefined; bold?: boolean; dim?: boolean; inverse?: boolean; underline?: boolean};
export type Line = Segment[];

export const plain = (text: string): Line => [{text}];

export function LinesView({lines, top, height}: {lines: readonly Line[]; top: number; height: number}) {
	const shown = lines.slice(top, top + height);
	return (
		<Box flexDirection="column" height={height}>
			{shown.map((line, index) => (
				<Text key={top + index} wrap="truncate">
					{line.length === 0 ? ' ' : line.map((segment, i) => (
						<Text key={i} color={segment.color} bold={segment.bold} dimColor={segment.dim} inverse={segment.inverse} underline={segment.underline}>
							{segment.text}
						</Text>
					))}
				</Text>
			))}
		</Box>
	);
}

/** Plain text of lines (tests, copy). */
export function linesText(lines: readonly Line[]): string {
	return lines.map((line) => line.map((s) => s.text).join('')).join('\n');
}
