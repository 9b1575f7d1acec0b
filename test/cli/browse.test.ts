/**
 * `pf leads`, `pf targets`, `pf company`, `pf config` and `pf` in a pipe, run as the
 * built binary: formats (TSV piped, --json, --csv), exit codes with stdout empty on
 * error, preferences written 0600 under XDG_CONFIG_HOME, and no ink/react loaded by
 * the data one-liners.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, runPf, type TestDatabase} from '../helpers/database.js';
import {repoRoot} from '../helpers/run-pf.js';
import {FULL_DOMAIN, seedCompanies} from '../tui/seed.js';

let db: TestDatabase;
let env: Record<string, string>;
const configHome = mkdtempSync(path.join(os.tmpdir(), 'pf-cli-config-'));

beforeAll(async () => {
	db = await createTestDatabase();
	await seedCompanies(db.sql, {extra: 20});
	env = {DATABASE_URL: db.url, XDG_CONFIG_HOME: configHome};
});
afterAll(async () => {
	await db?.drop();
	rmSync(configHome, {recursive: true, force: true});
});

describe('pf leads', () => {
	it('prints TSV with a header when piped, best priority first', async () => {
		const run = await runPf(['leads', '--limit', '3'], {env});
		expect(run.code).toBe(0);
		const lines = run.stdout.trimEnd().split('\n');
		expect(lines[0]!.split('\t').slice(0, 4)).toEqual(['domain', 'company_name', 'priority_status', 'priority_score']);
		expect(lines).toHaveLength(4);
		expect(lines[1]!.startsWith(`${FULL_DOMAIN}\tAcme Widgets Inc.\tHOT\t97`)).toBe(true);
		expect(run.stdout).not.toMatch(/\u001B\[/);
	});

	it('--json is an array with stable keys, ISO dates, full revenue digits; --csv is CSV', async () => {
		const run = await runPf(['leads', '--json', '--status', 'hot', '--limit', '1'], {env});
		expect(run.code).toBe(0);
		const [row] = JSON.parse(run.stdout) as Record<string, unknown>[];
		expect(Object.keys(row!).slice(0, 3)).toEqual(['domain', 'company_name', 'priority_status']);
		expect(row!.latest_revenue).toBe(357000000000);
		expect(row!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(run.stdout.endsWith('\n')).toBe(true);
		const csv = await runPf(['leads', '--csv', '--status', 'WARM'], {env});
		expect(csv.stdout.split('\r\n')[1]).toMatch(/^zeta-outdoor\.com,Zeta Outdoor,WARM,75,/);
	});

	it('a bad status or limit is exit 2 with stdout empty', async () => {
		for (const args of [['leads', '--status', 'LUKEWARM'], ['leads', '--limit', 'ten'], ['leads', '--bogus']]) {
			const run = await runPf(args, {env});
			expect(run.code, args.join(' ')).toBe(2);
			expect(run.stdout).toBe('');
		}
		const run = await runPf(['leads', '--status', 'LUKEWARM'], {env});
		expect(run.stderr).toMatch(/^pf: error: unknown status "LUKEWARM"\nhint: use one of HOT, WARM, COOL, COLD/);
	});

	it('an unreachable database is exit 3', async () => {
		const run = await runPf(['leads'], {env: {DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere'}});
		expect(run.code).toBe(3);
		expect(run.stdout).toBe('');
	});
});

describe('pf targets', () => {
	it('filters by displacement priority', async () => {
		const run = await runPf(['targets', '--priority', 'HIGH', '--json'], {env});
		expect(run.code).toBe(0);
		const rows = JSON.parse(run.stdout) as {domain: string; displacement_priority: string}[];
		expect(rows.length).toBeGreaterThan(1);
		expect(rows.every((r) => r.displacement_priority === 'HIGH')).toBe(true);
		expect((await runPf(['targets', '--priority', 'LOW'], {env})).code).toBe(2);
	});
});

describe('pf company', () => {
	it('--json is one object with every section, its source and age', async () => {
		const run = await runPf(['company', 'WWW.Acme-Widgets.com', '--json'], {env});
		expect(run.code).toBe(0);
		const intel = JSON.parse(run.stdout) as Record<string, {enriched: boolean; provenance: {dataSource: string | null; retrievedAt: string | null}}>;
		expect(intel.domain).toBe(FULL_DOMAIN);
		expect(intel.technology!.enriched).toBe(true);
		expect(intel.technology!.provenance.dataSource).toBe('builtwith');
		expect(intel.technology!.provenance.retrievedAt).toMatch(/^\d{4}-/);
	});

	it('piped: TSV facts with section, field, value, source, retrieved_at', async () => {
		const run = await runPf(['company', 'zeta-outdoor.com'], {env});
		expect(run.code).toBe(0);
		const lines = run.stdout.trimEnd().split('\n');
		expect(lines[0]).toBe('section\tfield\tvalue\tsource\tretrieved_at');
		expect(lines).toContain('traffic\tstatus\tnot enriched\t\t');
	});

	it('not a domain is exit 2, an unknown one exit 5, both with stdout empty', async () => {
		const bad = await runPf(['company', 'Acme Widgets'], {env});
		expect(bad.code).toBe(2);
		expect(bad.stdout).toBe('');
		const unknown = await runPf(['company', 'nobody-here.com'], {env});
		expect(unknown.code).toBe(5);
		expect(unknown.stdout).toBe('');
		expect(unknown.stderr).toContain('pf: error: no company with domain nobody-here.com');
	});
});

describe('pf config', () => {
	it('set, get, list and path; the file is 0600 and bad values are exit 2', async () => {
		expect((await runPf(['config', 'set', 'theme', 'light'], {env})).code).toBe(0);
		expect((await runPf(['config', 'set', 'views.hot.columns', '["domain","priority_score"]'], {env})).code).toBe(0);
		expect((await runPf(['config', 'set', 'keys.nav.down', 'n,down'], {env})).code).toBe(0);
		expect((await runPf(['config', 'get', 'theme'], {env})).stdout).toBe('light\n');
		expect(JSON.parse((await runPf(['config', 'get', 'views.hot.columns', '--json'], {env})).stdout)).toEqual(['domain', 'priority_score']);
		const list = await runPf(['config', 'list'], {env});
		expect(list.stdout).toContain('keys.nav.down\t["n","down"]');
		const file = (await runPf(['config', 'path'], {env})).stdout.trim();
		expect(file).toBe(path.join(configHome, 'partnerforge-nodejs', 'config.json'));
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(JSON.parse(readFileSync(file, 'utf8')).theme).toBe('light');
		const bad = await runPf(['config', 'set', 'theme', 'neon'], {env});
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('theme must be default, light or mono');
		expect((await runPf(['config', 'get', 'nope'], {env})).code).toBe(2);
	});
});

describe('pf with no TTY', () => {
	it('prints the hot leads as TSV instead of opening the app', async () => {
		const run = await runPf([], {env});
		expect(run.code).toBe(0);
		const lines = run.stdout.trimEnd().split('\n');
		expect(lines[0]!.startsWith('domain\tcompany_name\tpriority_status')).toBe(true);
		expect(lines.slice(1).every((line) => line.split('\t')[2] === 'HOT')).toBe(true);
		expect(lines).toHaveLength(1 + 22);
		expect(run.stdout).not.toMatch(/\u001B/);
	});
});

describe('data one-liners do not load ink or react', () => {
	it('no chunk statically reachable from leads/targets/company/config imports them', () => {
		const dist = path.join(repoRoot, 'dist');
		const cli = readFileSync(path.join(dist, 'cli.js'), 'utf8');
		const staticImports = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*import\s*(?:[^'"()]*?from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
		for (const name of ['leads', 'targets', 'company', 'config']) {
			const chunk = new RegExp(`import\\("\\./(chunks/${name}-[A-Z0-9]+\\.js)"\\)`).exec(cli)?.[1];
			expect(chunk, name).toBeDefined();
			const seen = new Set<string>();
			const queue = [path.join(dist, chunk!)];
			const packages = new Set<string>();
			while (queue.length > 0) {
				const file = queue.pop()!;
				if (seen.has(file)) continue;
				seen.add(file);
				for (const spec of staticImports(file)) {
					if (spec.startsWith('.')) queue.push(path.resolve(path.dirname(file), spec));
					else packages.add(spec.split('/')[0]!);
				}
			}
			expect([...packages].filter((p) => ['ink', 'react', 'chalk', 'yoga-layout'].includes(p)), name).toEqual([]);
		}
	});
});
