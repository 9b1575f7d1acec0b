/**
 * Text of cells and figures in the app: compact numbers (1.2M), money ($3.4B), ages
 * (5m, 3d), progress bars, fitting text to a width. Pure.
 */
import type {ColumnKind} from '../services/leads.js';

export function compactNumber(value: number): string {
	const abs = Math.abs(value);
	if (abs >= 1e12) return `${(value / 1e12).toFixed(abs >= 1e13 ? 0 : 1)}T`;
	if (abs >= 1e9) return `${(value / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}B`;
	if (abs >= 1e6) return `${(value / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
	if (abs >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
	return value.toLocaleString('en-US', {maximumFractionDigits: 2});
}

export function money(value: unknown): string {
	const n = toNumber(value);
	return n === null ? '' : `$${compactNumber(n)}`;
}

export function toNumber(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'bigint') return Number(value);
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

/** How long ago: `now`, `42s`, `5m`, `3h`, `12d`, `4mo`, `2y`. */
export function age(date: Date | string | null | undefined, now: Date = new Date()): string {
	if (!date) return '';
	const then = date instanceof Date ? date : new Date(date);
	if (Number.isNaN(then.getTime())) return '';
	const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
	if (seconds < 5) return 'now';
	if (seconds < 60) return `${seconds}s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
	if (seconds < 86_400 * 60) return `${Math.floor(seconds / 86_400)}d`;
	if (seconds < 86_400 * 730) return `${Math.floor(seconds / (86_400 * 30))}mo`;
	return `${Math.floor(seconds / (86_400 * 365))}y`;
}

export function isoDay(value: unknown): string {
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'string') return value.slice(0, 10);
	return '';
}

/** A cell's text for the table. */
export function cellDisplay(kind: ColumnKind, value: unknown, now: Date = new Date()): string {
	if (value === null || value === undefined) return '';
	switch (kind) {
		case 'count': {
			const n = toNumber(value);
			return n === null ? String(value) : compactNumber(n);
		}
		case 'money':
			return money(value);
		case 'integer': {
			const n = toNumber(value);
			return n === null ? String(value) : String(Math.round(n));
		}
		case 'date':
			return isoDay(value);
		case 'age':
			return age(value as Date, now);
		case 'progress': {
			const {requested, completed, failed} = value as {requested: number; completed: number; failed: number};
			return progressText(completed, failed, requested, 6);
		}
		default:
			return typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
}

/** `███░░░ 3/6` (failed modules counted as done, flagged with `!N`). */
export function progressText(completed: number, failed: number, requested: number, barWidth: number): string {
	if (requested <= 0) return completed + failed > 0 ? `${completed + failed} done` : '';
	const done = Math.min(requested, completed + failed);
	const filled = Math.round((done / requested) * barWidth);
	return `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${done}/${requested}${failed ? ` !${failed}` : ''}`;
}

/** Text cut or padded to exactly `width` columns (… when cut). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const flat = text.replace(/\s+/g, ' ');
	const chars = [...flat];
	const cut = chars.length > width ? chars.slice(0, Math.max(0, width - 1)).join('') + '…' : flat;
	const pad = Math.max(0, width - [...cut].length);
	return align === 'right' ? ' '.repeat(pad) + cut : cut + ' '.repeat(pad);
}

/** Words wrapped to `width` columns; a word longer than the width is split. */
export function wrap(text: string, width: number): string[] {
	const w = Math.max(8, width);
	const lines: string[] = [];
	for (const paragraph of text.split(/\r?\n/)) {
		let line = '';
		for (let word of paragraph.split(/\s+/).filter(Boolean)) {
			while ([...word].length > w) {
				if (line) {
					lines.push(line);
					line = '';
				}
				lines.push([...word].slice(0, w).join(''));
				word = [...word].slice(w).join('');
			}
			if (!line) line = word;
			else if ([...line].length + 1 + [...word].length <= w) line += ` ${word}`;
			else {
				lines.push(line);
				line = word;
			}
		}
		lines.push(line);
	}
	while (lines.length > 1 && lines.at(-1) === '') lines.pop();
	return lines;
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A sparkline of values, one character per value. */
export function sparkline(values: readonly number[]): string {
	if (values.length === 0) return '';
	const min = Math.min(...values);
	const max = Math.max(...values);
	return values.map((v) => SPARK[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARK.length - 1))]).join('');
}

/** A horizontal bar `width` long at most, scaled to `max`. */
export function bar(value: number, max: number, width: number): string {
	if (max <= 0 || value <= 0) return '';
	return '█'.repeat(Math.max(1, Math.round((value / max) * width)));
}

/** The footer's data age: `data just now`, `data 42s old`. */
export function dataAge(fetchedAt: Date, now: Date = new Date()): string {
	const text = age(fetchedAt, now);
	return text === 'now' ? 'data just now' : `data ${text} old`;
}
