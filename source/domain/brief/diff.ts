/**
 * What changed between two versions of a brief: every leaf value by JSON path, added,
 * removed or changed. The version number and generation time are left out (they always
 * change).
 */
import type {Brief} from './types.js';

export type BriefChange = {path: string; kind: 'added' | 'removed' | 'changed'; before: unknown; after: unknown};

export type BriefDiff = {domain: string; from: number; to: number; changes: BriefChange[]};

const ignored = new Set(['version', 'generated_at']);

function flatten(value: unknown, path: string, out: Map<string, unknown>) {
	if (Array.isArray(value)) {
		if (value.length === 0) out.set(path, []);
		value.forEach((item, index) => flatten(item, `${path}[${index}]`, out));
	} else if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>);
		if (entries.length === 0) out.set(path, {});
		for (const [key, inner] of entries) {
			if (path === '' && ignored.has(key)) continue;
			flatten(inner, path ? `${path}.${key}` : key, out);
		}
	} else {
		out.set(path, value);
	}
}

export function diffBriefs(before: Brief, after: Brief): BriefDiff {
	const a = new Map<string, unknown>();
	const b = new Map<string, unknown>();
	flatten(before, '', a);
	flatten(after, '', b);
	const changes: BriefChange[] = [];
	for (const [path, value] of a) {
		if (!b.has(path)) changes.push({path, kind: 'removed', before: value, after: undefined});
		else if (JSON.stringify(b.get(path)) !== JSON.stringify(value)) changes.push({path, kind: 'changed', before: value, after: b.get(path)});
	}
	for (const [path, value] of b) if (!a.has(path)) changes.push({path, kind: 'added', before: undefined, after: value});
	// Group by section, in the brief's order (a stable sort keeps paths in order within one).
	const order = Object.keys(after);
	const section = (path: string) => order.indexOf(path.split(/[.[]/)[0]!);
	changes.sort((x, y) => section(x.path) - section(y.path));
	return {domain: after.domain, from: before.version, to: after.version, changes};
}

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}…` : value) : JSON.stringify(value));

/** A readable diff: one line per change, grouped by section. */
export function renderDiff(diff: BriefDiff): string {
	const lines = [`Brief ${diff.domain}: version ${diff.from} → ${diff.to}, ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}`];
	let section = '';
	for (const change of diff.changes) {
		const top = change.path.split(/[.[]/)[0]!;
		if (top !== section) {
			section = top;
			lines.push('', `${section}:`);
		}
		if (change.kind === 'added') lines.push(`  + ${change.path} = ${show(change.after)}`);
		else if (change.kind === 'removed') lines.push(`  - ${change.path} (was ${show(change.before)})`);
		else lines.push(`  ~ ${change.path}: ${show(change.before)} → ${show(change.after)}`);
	}
	return lines.join('\n') + '\n';
}
