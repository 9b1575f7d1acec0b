/**
 * Compares the migrated catalog with the spec (../shared/spec/schema-v2.md): every
 * table, column (type, nullability, default), primary key, unique constraint, check
 * constraint, foreign key, index and view column list. The spec is parsed here, not
 * copied; deviations (docs/schema-deviations.md) are listed below with their reason.
 */
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTestDatabase, type TestDatabase} from './helpers/database.js';
import {repoRoot} from './helpers/run-pf.js';

const specPath = path.resolve(repoRoot, '..', 'shared', 'spec', 'schema-v2.md');
const haveSpec = existsSync(specPath);

type SpecColumn = {name: string; type: string; notNull: boolean; default?: string; primaryKey: boolean; unique: boolean; references?: {table: string; column: string}};
type SpecTable = {name: string; columns: SpecColumn[]; checks: string[]; uniques: string[][]};
type SpecIndex = {name: string; table: string; columns: string[]};

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of text) {
		if (char === '(') depth++;
		if (char === ')') depth--;
		if (char === ',' && depth === 0) {
			parts.push(current);
			current = '';
		} else {
			current += char;
		}
	}
	if (current.trim()) parts.push(current);
	return parts.map((part) => part.trim()).filter(Boolean);
}

function parseSpec(markdown: string) {
	const body = markdown.slice(markdown.indexOf('## Schema Namespaces'), markdown.indexOf('## Alembic Migration Example'));
	const sqlText = [...body.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n').replace(/--[^\n]*/g, '');
	const tables: SpecTable[] = [];
	for (const match of sqlText.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
		const table: SpecTable = {name: match[1]!, columns: [], checks: [], uniques: []};
		for (const item of splitTopLevel(match[2]!)) {
			const line = item.replace(/\s+/g, ' ');
			const check = /^CONSTRAINT (\w+) CHECK/.exec(line);
			if (check) {
				table.checks.push(check[1]!);
				continue;
			}
			const unique = /^UNIQUE ?\(([^)]+)\)/.exec(line);
			if (unique) {
				table.uniques.push(unique[1]!.split(',').map((column) => column.trim()).sort());
				continue;
			}
			const column = /^(\w+) ((?:VARCHAR|DECIMAL)\([^)]*\)|\w+)(.*)$/.exec(line)!;
			const rest = column[3]!;
			const reference = /REFERENCES (\w+)\((\w+)\)/.exec(rest);
			table.columns.push({
				name: column[1]!,
				type: column[2]!,
				notNull: /NOT NULL|PRIMARY KEY/.test(rest),
				default: /DEFAULT ('[^']*'|[\w.]+\(\)|\w+)/.exec(rest)?.[1],
				primaryKey: /PRIMARY KEY/.test(rest),
				unique: / UNIQUE\b/.test(` ${rest}`),
				references: reference ? {table: reference[1]!, column: reference[2]!} : undefined,
			});
		}
		tables.push(table);
	}
	const indexes: SpecIndex[] = [...sqlText.matchAll(/CREATE INDEX (\w+) ON (\w+)\(([^)]+)\)/g)].map((match) => ({
		name: match[1]!,
		table: match[2]!,
		columns: match[3]!.split(',').map((column) => column.trim().split(' ')[0]!),
	}));
	const views = new Map<string, string[]>();
	for (const match of sqlText.matchAll(/CREATE VIEW (\w+) AS\s+SELECT([\s\S]*?)\nFROM /g)) {
		views.set(match[1]!, splitTopLevel(match[2]!).map((item) => (/\bAS (\w+)\s*$/.exec(item)?.[1] ?? item.split('.').pop()!).trim()));
	}
	return {tables, indexes, views};
}

function expectedType(type: string): {dataType: string; length?: number; precision?: number; scale?: number} {
	const varchar = /^VARCHAR\((\d+)\)$/.exec(type);
	if (varchar) return {dataType: 'character varying', length: Number(varchar[1])};
	const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
	if (decimal) return {dataType: 'numeric', precision: Number(decimal[1]), scale: Number(decimal[2])};
	const simple: Record<string, string> = {UUID: 'uuid', INTEGER: 'integer', BIGINT: 'bigint', BOOLEAN: 'boolean', TEXT: 'text', JSONB: 'jsonb', DATE: 'date', TIMESTAMPTZ: 'timestamp with time zone'};
	return {dataType: simple[type]!};
}

function normaliseDefault(text: string | null | undefined): string | undefined {
	if (text === null || text === undefined) return undefined;
	return text.replace(/::[\w ]+(\[\])?/g, '').replace(/^\((.*)\)$/, '$1').toLowerCase();
}

/** Deviations: where the catalog may differ from the spec, and why (docs/schema-deviations.md). */
const partitioned: Record<string, string> = {audit_api_calls: 'called_at', jobs_enrichment_history: 'created_at'};

let db: TestDatabase;
beforeAll(async () => {
	if (haveSpec) db = await createTestDatabase();
});
afterAll(async () => {
	await db?.drop();
});

describe.skipIf(!haveSpec)(`schema conformance with ${haveSpec ? 'the spec' : `the spec (skipped: ${specPath} not found)`}`, () => {
	const spec = haveSpec ? parseSpec(readFileSync(specPath, 'utf8')) : {tables: [], indexes: [], views: new Map<string, string[]>()};

	it('has the 33 tables of the five namespaces and the three views', () => {
		expect(spec.tables.length).toBe(33);
		const prefixes = spec.tables.map((table) => table.name.split('_')[0]);
		expect(prefixes.filter((p) => p === 'core').length).toBe(5);
		expect(prefixes.filter((p) => p === 'intel').length).toBe(18);
		expect(prefixes.filter((p) => p === 'jobs').length).toBe(3);
		expect(prefixes.filter((p) => p === 'users').length).toBe(4);
		expect(prefixes.filter((p) => p === 'audit').length).toBe(3);
		expect([...spec.views.keys()].sort()).toEqual(['v_displacement_targets', 'v_enrichment_dashboard', 'v_hot_leads']);
	});

	it('has every column with its type, nullability and default', async () => {
		const rows = await db.sql<{table_name: string; column_name: string; data_type: string; character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null; is_nullable: string; column_default: string | null}[]>`
			select table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default
			from information_schema.columns where table_schema = current_schema()`;
		const catalog = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
		const problems: string[] = [];
		for (const table of spec.tables) {
			for (const column of table.columns) {
				const key = `${table.name}.${column.name}`;
				const row = catalog.get(key);
				if (!row) {
					problems.push(`${key}: missing`);
					continue;
				}
				const want = expectedType(column.type);
				if (row.data_type !== want.dataType) problems.push(`${key}: type ${row.data_type}, spec ${column.type}`);
				if (want.length !== undefined && row.character_maximum_length !== want.length) problems.push(`${key}: length ${row.character_maximum_length}, spec ${want.length}`);
				if (want.precision !== undefined && (row.numeric_precision !== want.precision || row.numeric_scale !== want.scale)) problems.push(`${key}: numeric(${row.numeric_precision},${row.numeric_scale}), spec ${column.type}`);
				const notNull = row.is_nullable === 'NO';
				const partitionKey = partitioned[table.name] === column.name;
				if (column.notNull !== notNull && !partitionKey) problems.push(`${key}: nullable ${row.is_nullable}, spec ${column.notNull ? 'NOT NULL' : 'nullable'}`);
				if (normaliseDefault(row.column_default) !== normaliseDefault(column.default)) problems.push(`${key}: default ${row.column_default}, spec ${column.default}`);
			}
		}
		expect(problems).toEqual([]);
	});

	it('has every primary key, unique constraint, check constraint and foreign key', async () => {
		const constraints = await db.sql<{table_name: string; name: string; type: string; columns: string[]; foreign_table: string | null; foreign_columns: string[] | null}[]>`
			select c.conrelid::regclass::text as table_name, c.conname as name, c.contype as type,
				array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k order by a.attname) as columns,
				c.confrelid::regclass::text as foreign_table,
				array(select a.attname::text from unnest(c.confkey) k join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k) as foreign_columns
			from pg_constraint c join pg_class t on t.oid = c.conrelid
			where t.relnamespace = current_schema()::regnamespace and c.conparentid = 0`;
		const problems: string[] = [];
		const find = (table: string, predicate: (row: (typeof constraints)[number]) => boolean) => constraints.some((row) => row.table_name === table && predicate(row));
		for (const table of spec.tables) {
			const pk = table.columns.filter((column) => column.primaryKey).map((column) => column.name);
			const pkWanted = partitioned[table.name] ? [...pk, partitioned[table.name]!].sort() : pk.sort();
			if (!find(table.name, (row) => row.type === 'p' && JSON.stringify(row.columns) === JSON.stringify(pkWanted))) problems.push(`${table.name}: primary key (${pkWanted})`);
			for (const column of table.columns.filter((c) => c.unique)) {
				if (!find(table.name, (row) => row.type === 'u' && JSON.stringify(row.columns) === JSON.stringify([column.name]))) problems.push(`${table.name}: UNIQUE(${column.name})`);
			}
			for (const columns of table.uniques) {
				if (!find(table.name, (row) => row.type === 'u' && JSON.stringify(row.columns) === JSON.stringify(columns))) problems.push(`${table.name}: UNIQUE(${columns})`);
			}
			for (const check of table.checks) {
				if (!find(table.name, (row) => row.type === 'c' && row.name === check)) problems.push(`${table.name}: CHECK ${check}`);
			}
			for (const column of table.columns.filter((c) => c.references)) {
				if (!find(table.name, (row) => row.type === 'f' && JSON.stringify(row.columns) === JSON.stringify([column.name]) && row.foreign_table === column.references!.table && JSON.stringify(row.foreign_columns) === JSON.stringify([column.references!.column]))) {
					problems.push(`${table.name}.${column.name}: REFERENCES ${column.references!.table}(${column.references!.column})`);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('has every index on its table and columns', async () => {
		const indexes = await db.sql<{name: string; table_name: string; columns: string[]}[]>`
			select i.relname as name, t.relname as table_name,
				array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n) as columns
			from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
			where t.relnamespace = current_schema()::regnamespace`;
		const byName = new Map(indexes.map((index) => [index.name, index]));
		expect(spec.indexes.length).toBe(90);
		// Spec indexes that are the leading columns of a unique index, which carries the
		// spec's name and serves the same lookups (docs/schema-deviations.md, sql/0780).
		const servedByUniqueIndex = new Set(['idx_techstack_domain']);
		const problems = spec.indexes
			.filter((index) => {
				const found = byName.get(index.name);
				if (!found || found.table_name !== index.table) return true;
				const columns = servedByUniqueIndex.has(index.name) ? found.columns.slice(0, index.columns.length) : found.columns;
				return JSON.stringify(columns) !== JSON.stringify(index.columns);
			})
			.map((index) => `${index.name} ON ${index.table}(${index.columns})`);
		expect(problems).toEqual([]);
	});

	it('has the three views with the spec\'s columns in order', async () => {
		for (const [view, columns] of spec.views) {
			const rows = await db.sql<{column_name: string}[]>`
				select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${view} order by ordinal_position`;
			expect(rows.map((row) => row.column_name), view).toEqual(columns);
		}
	});
});
