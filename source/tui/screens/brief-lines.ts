/**
 * The Strategic Signal Brief as lines (pure): the sections in order, citations kept as
 * written ([1], [2]…), and the numbered sources at the end.
 */
import type {BriefView} from '../../services/company.js';
import type {Theme} from '../theme/theme.js';
import {age, wrap} from '../format.js';
import type {Line} from '../components/lines.js';
import {describeJson} from './company-lines.js';

export function briefLines(brief: BriefView, options: {width: number; theme: Theme; now: Date}): Line[] {
	const {theme, now} = options;
	const inner = Math.max(20, options.width - 4);
	const lines: Line[] = [];
	lines.push([{text: 'Strategic Signal Brief', bold: true}, {text: `  ${brief.domain}`, color: theme.muted}, {text: `  ${[brief.generatedAt ? `generated ${age(brief.generatedAt, now)} ago` : null, brief.version !== null ? `v${brief.version}` : null].filter(Boolean).join(' · ')}`, color: theme.muted}]);
	for (const section of brief.sections) {
		lines.push([]);
		lines.push([{text: `▌${section.title}`, bold: true, color: theme.accent}]);
		const body = section.body;
		if (typeof body === 'string') {
			for (const line of wrap(body, inner)) lines.push([{text: `  ${line}`}]);
		} else if (Array.isArray(body)) {
			for (const item of body) for (const [i, line] of wrap(describeJson(item)[0] ?? JSON.stringify(item), inner - 4).entries()) lines.push([{text: `${i === 0 ? '  • ' : '    '}${line}`}]);
		} else if (body && typeof body === 'object') {
			for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
				const items = typeof value === 'object' && value !== null ? describeJson(value) : [String(value)];
				if (items.length === 0) continue;
				lines.push([{text: `  ${key.replace(/_/g, ' ')}`, color: theme.muted}]);
				for (const item of items.slice(0, 8)) for (const [i, line] of wrap(item, inner - 6).entries()) lines.push([{text: `${i === 0 ? '    • ' : '      '}${line}`}]);
			}
		}
	}
	lines.push([]);
	lines.push([{text: '▌Sources', bold: true, color: theme.accent}]);
	if (brief.sources.length === 0) lines.push([{text: '  no sources recorded', color: theme.warn}]);
	for (const source of brief.sources) {
		const label = `  [${source.number}] `;
		const [first = '', ...rest] = wrap(source.text, inner - label.length);
		lines.push([{text: label, bold: true}, {text: first}]);
		for (const line of rest) lines.push([{text: ' '.repeat(label.length) + line}]);
		if (source.url && source.url !== source.text) lines.push([{text: ' '.repeat(label.length) + source.url, color: theme.muted, underline: theme.name !== 'mono'}]);
	}
	return lines;
}
