/**
 * A lint, as a test: SQL reaches PostgreSQL only through postgres.js tagged templates
 * (values become parameters, names go through sql(identifier)). So in source/:
 * - no `.unsafe(` outside source/db/migrate.ts (which runs the shipped sql/ files),
 * - no `.file(` (a query text read at run time), no driver `.query(` with text,
 * - no SQL text assembled from strings: an untagged template literal or a concatenated
 *   string that starts like a statement.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../helpers/run-pf.js';

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [full] : [];
	});
}

/** The text with comments blanked out (line numbers kept), so prose about SQL does not count. */
function withoutComments(text: string): string {
	return text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const statement = String.raw`(?:select\s+[\w*(]|insert\s+into|update\s+[\w."]+\s+set|delete\s+from|drop\s+(?:table|index|schema)|alter\s+table|truncate\s|create\s+(?:table|index))`;

export const rules: {name: string; pattern: RegExp; allowed?: (file: string) => boolean}[] = [
	{name: 'sql.unsafe() outside the migration runner', pattern: /\.unsafe\s*\(/, allowed: (file) => file === 'source/db/migrate.ts'},
	{name: 'sql.file() (query text read at run time)', pattern: /\b(?:sql|tx|db)\.file\s*\(/},
	{name: 'driver .query() with a text', pattern: /\.query\s*\(\s*(?:['"`]|[A-Za-z_$][\w$.]*\s*[,)+])/},
	// An untagged template (not preceded by a tag such as sql` or sql<Row[]>`) holding a statement and an interpolation.
	{name: 'SQL in an untagged template literal with ${…}', pattern: new RegExp(String.raw`(?<!(?:[\w$)\]]|[\w$]\s*<[^\n\x60]*>))\x60\s*${statement}[^\x60]*\$\{`, 'i'),
		// The read-only reader of the legacy SQLite file: better-sqlite3 has no tagged
		// templates; its table and column names are a closed set, quoted, values bound with ?.
		allowed: (file) => file === 'source/db/legacy-sqlite.ts'},
	{name: 'SQL text concatenated with +', pattern: new RegExp(String.raw`['"\x60]\s*${statement}[^'"\x60]*['"\x60]\s*\+`, 'i')},
];

export function violations(files: string[], root: string) {
	const found: string[] = [];
	for (const file of files) {
		const relative = path.relative(root, file).split(path.sep).join('/');
		const text = withoutComments(readFileSync(file, 'utf8'));
		for (const rule of rules) {
			if (rule.allowed?.(relative)) continue;
			const match = rule.pattern.exec(text);
			if (match) found.push(`${relative}:${text.slice(0, match.index).split('\n').length}: ${rule.name}`);
		}
	}
	return found;
}

describe('no string-built SQL', () => {
	it('source/ builds SQL only with tagged templates', () => {
		expect(violations(sourceFiles(path.join(repoRoot, 'source')), repoRoot)).toEqual([]);
	});

	it('the rules catch the patterns they are for', () => {
		const samples: Record<string, string> = {
			unsafe: 'await sql.unsafe(`select * from t where id = ${id}`);',
			file: "await sql.file('query.sql');",
			query: 'await client.query("select " + col + " from t");',
			template: 'const text = `select * from core_companies where domain = \'${domain}\'`;',
			concat: "const text = 'delete from intel_x where id = ' + id;",
		};
		for (const [name, sample] of Object.entries(samples)) {
			const hit = rules.some((rule) => rule.pattern.test(sample));
			expect(hit, name).toBe(true);
		}
		const safe = ['const rows = await sql<{id: string}[]>`select id from t where a = ${a}`;', 'await sql`select * from t where id = ${id}`;', 'await tx`update t set a = ${a} where id = ${id}`;', 'sql`delete from ${sql(table)} where id = any(${ids})`'];
		for (const sample of safe) expect(rules.some((rule) => rule.pattern.test(sample)), sample).toBe(false);
	});
});
