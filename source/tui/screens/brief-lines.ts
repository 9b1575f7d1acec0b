/**
 * The Strategic Signal Brief as lines (pure): the brief service's plain-text rendering
 * (every section in order, each fact with its source numbers [1][3] or its provenance),
 * wrapped to the width, section headings highlighted, the numbered sources at the end.
 */
import type {BriefView} from '../../services/company.js';
import type {Theme} from '../theme/theme.js';
import {age, wrap} from '../format.js';
import type {Line} from '../components/lines.js';

export function briefLines(brief: BriefView, options: {width: number; theme: Theme; now: Date}): Line[] {
	const {theme, now} = options;
	const inner = Math.max(20, options.width - 3);
	const lines: Line[] = [];
	const source = brief.text.replace(/\n+$/, '').split('\n');
	for (let index = 0; index < source.length; index++) {
		const line = source[index]!;
		const next = source[index + 1] ?? '';
		if (index === 0) {
			lines.push([{text: line, bold: true}]);
			continue;
		}
		// A heading is a line underlined by ─ on the next line.
		if (/^─+$/.test(next) && line.trim() !== '') {
			lines.push([{text: `▌${line}`, bold: true, color: theme.accent}]);
			index++;
			continue;
		}
		if (line.trim() === '') {
			lines.push([]);
			continue;
		}
		const indent = /^(\s*(?:- |\d+\. )?)/.exec(line)?.[1]?.length ?? 0;
		const isSource = /^\d+\. /.test(line);
		const wrapped = wrap(line.slice(indent), inner - indent);
		wrapped.forEach((part, i) => lines.push([{text: (i === 0 ? line.slice(0, indent) : ' '.repeat(indent)) + part, color: isSource ? theme.muted : undefined, bold: isSource && i === 0 ? false : undefined}]));
	}
	if (brief.generatedAt) lines.splice(1, 0, [{text: `generated ${age(brief.generatedAt, now) === 'now' ? 'just now' : `${age(brief.generatedAt, now)} ago`} · ${brief.sources.length} numbered source${brief.sources.length === 1 ? '' : 's'}`, color: theme.muted}]);
	return lines;
}
