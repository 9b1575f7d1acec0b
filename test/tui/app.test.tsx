/**
 * The app through ink-testing-library against a real database: every view, the keymap,
 * filter / sort / marks, column picker, help, company and brief screens, empty and
 * error states, narrow widths, NO_COLOR (mono), export, copy, preferences saved.
 */
import React from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {render, cleanup} from 'ink-testing-library';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {App} from '../../source/tui/app.js';
import {browseServices, type BrowseServices} from '../../source/services/leads.js';
import {defaultPreferences, type Preferences} from '../../source/config/preferences.js';
import {BARE_DOMAIN, FULL_DOMAIN, seedCompanies} from './seed.js';
import {contains, keys, press, waitForFrame, waitUntil} from './helpers.js';

let db: TestDatabase;
let services: BrowseServices;
let exportDir: string;

beforeAll(async () => {
	db = await createTestDatabase();
	await seedCompanies(db.sql, {extra: 250});
	services = browseServices(db.sql);
	exportDir = mkdtempSync(path.join(os.tmpdir(), 'pf-tui-export-'));
});

afterAll(async () => {
	await db?.drop();
	rmSync(exportDir, {recursive: true, force: true});
});

afterEach(() => cleanup());

function start(options: {preferences?: Partial<Preferences>; colorEnabled?: boolean; services?: BrowseServices; saved?: Preferences[]; copied?: string[]} = {}) {
	const preferences = {...defaultPreferences(), exportDirectory: exportDir, ...options.preferences};
	return render(
		<App
			services={options.services ?? services}
			preferences={preferences}
			savePreferences={(next) => options.saved?.push(next)}
			colorEnabled={options.colorEnabled ?? false}
			clipboard={(text) => options.copied?.push(text)}
			tickMs={0}
		/>,
	);
}

describe('list views', () => {
	it('opens on hot leads, best priority first, with footer hints, row count and data age', async () => {
		const {lastFrame} = start();
		const frame = await waitForFrame(lastFrame, contains('/252 · data just now'));
		expect(frame).toContain('1 Hot leads');
		expect(frame).toContain('Priority↓');
		const lines = frame.split('\n');
		expect(lines[3]).toContain(FULL_DOMAIN); // first row: highest priority
		expect(frame).toMatch(/1\/252 · data just now/);
		expect(frame).toContain('? help');
		expect(frame).toContain('/ filter');
	});

	it('switches views with 1–4, Tab and Shift-Tab', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '2');
		let frame = await waitForFrame(lastFrame, contains('Displacement targets'));
		expect(frame).toContain('Search now');
		frame = await waitForFrame(lastFrame, contains('Elasticsearch  HIGH'));
		await press(stdin, keys.tab);
		frame = await waitForFrame(lastFrame, contains('Enrichment'));
		frame = await waitForFrame(lastFrame, (f) => f.includes('Level') && f.includes('Complete') && f.includes('Scored'));
		await press(stdin, keys.tab);
		frame = await waitForFrame(lastFrame, contains('No enrichment jobs'));
		await press(stdin, keys.shiftTab);
		await waitForFrame(lastFrame, contains('Level'));
		await press(stdin, '1');
		await waitForFrame(lastFrame, contains('Priority↓'));
	});

	it('moves with j/k, arrows, pages, top and bottom (server-side pages)', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, 'j', 'j', keys.down);
		await waitForFrame(lastFrame, contains('4/252'));
		await press(stdin, 'k');
		await waitForFrame(lastFrame, contains('3/252'));
		await press(stdin, keys.pageDown);
		const paged = await waitForFrame(lastFrame, (f) => /\b(1[0-9]|2[0-9])\/252/.test(f));
		expect(paged).toContain('›');
		await press(stdin, 'G');
		const bottom = await waitForFrame(lastFrame, (f) => f.includes('252/252') && !f.includes('…  '));
		// The last row is the lowest priority: a generated lead, fetched from the far end.
		expect(bottom).toMatch(/› .*lead-\d{6}\.com/);
		await press(stdin, 'g');
		await waitForFrame(lastFrame, (f) => f.includes('1/252') && /› .*acme-widgets\.com/.test(f));
		await press(stdin, keys.ctrlD);
		await waitForFrame(lastFrame, (f) => !f.includes(' 1/252'));
	});

	it('filters on the server as you type, keeps the filter with Enter and clears it with Esc', async () => {
		const saved: Preferences[] = [];
		const {lastFrame, stdin} = start({saved});
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '/', 'a', 'c', 'm', 'e');
		const filtered = await waitForFrame(lastFrame, contains('1/1 ·'));
		expect(filtered).toContain('/ acme');
		expect(filtered).toContain(FULL_DOMAIN);
		expect(filtered).not.toContain('lead-000001.com');
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, contains('/ filter'));
		await waitUntil(() => saved.at(-1)?.views.hot.filter === 'acme');
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, contains('/252'));
		// A filter that matches nothing says so.
		await press(stdin, '/', 'z', 'z', 'q');
		await waitForFrame(lastFrame, contains('No rows match "zzq"'));
		await press(stdin, keys.backspace, keys.backspace, keys.backspace);
		await waitForFrame(lastFrame, contains('/252'));
	});

	it('treats LIKE wildcards in the filter literally', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '/', '%');
		await waitForFrame(lastFrame, contains('No rows match "%"'));
	});

	it('sorts with s (next column) and S (reverse), keeping the filter', async () => {
		const saved: Preferences[] = [];
		const {lastFrame, stdin} = start({saved});
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '/', 'l', 'e', 'a', 'd', '-', '0', '0', '0', '0', '0', keys.enter);
		await waitForFrame(lastFrame, contains('/9 ·'));
		await press(stdin, 's');
		let frame = await waitForFrame(lastFrame, contains('sort Tier'));
		for (let i = 0; i < 13 && !(lastFrame() ?? '').includes('sort Domain ↓'); i++) await press(stdin, 's');
		frame = await waitForFrame(lastFrame, contains('sort Domain ↓'));
		await press(stdin, 'S');
		frame = await waitForFrame(lastFrame, (f) => f.includes('sort Domain ↑') && /› .*lead-000001\.com/.test(f));
		expect(frame).toContain('/ lead-00000');
		expect(frame).toContain('/9 ·');
		await waitUntil(() => saved.at(-1)?.views.hot.sort?.column === 'domain' && saved.at(-1)?.views.hot.sort?.descending === false);
	});

	it('marks rows with Space and all with *, and copies the marked domains', async () => {
		const copied: string[] = [];
		const {lastFrame, stdin} = start({copied, colorEnabled: true});
		await waitForFrame(lastFrame, contains('/252 · data just now'));
		await press(stdin, ' ', ' ');
		let frame = await waitForFrame(lastFrame, contains('2 marked'));
		expect(frame).toMatch(/ ●acme-widgets\.com/);
		await press(stdin, 'y');
		await waitForFrame(lastFrame, contains('copied 2 domains'));
		expect(copied.at(-1)?.split('\n')).toHaveLength(2);
		expect(copied.at(-1)).toContain(FULL_DOMAIN);
		await press(stdin, '*');
		frame = await waitForFrame(lastFrame, (f) => !f.includes('marked'));
		await press(stdin, '*');
		frame = await waitForFrame(lastFrame, contains('252 marked'));
		expect(frame).toContain('marked all 252 rows');
	});

	it('copies the domain of the selected row with y', async () => {
		const copied: string[] = [];
		const {lastFrame, stdin} = start({copied});
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, 'y');
		await waitForFrame(lastFrame, contains(`copied ${FULL_DOMAIN}`));
		expect(copied).toEqual([FULL_DOMAIN]);
	});

	it('picks, hides and reorders columns, saved per view', async () => {
		const saved: Preferences[] = [];
		const {lastFrame, stdin} = start({saved});
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, 'c');
		let frame = await waitForFrame(lastFrame, contains('Columns of Hot leads'));
		expect(frame).toContain('[x] Domain');
		expect(frame).toContain('[ ] Ticker');
		await press(stdin, 'j', ' '); // hide Company
		frame = await waitForFrame(lastFrame, contains('[ ] Company'));
		await press(stdin, 'K'); // the cursor is on Priority now: move it to the top
		await press(stdin, keys.enter);
		frame = await waitForFrame(lastFrame, (f) => f.includes('data just now') && !f.includes('Columns of'));
		expect(frame.split('\n')[2]).toMatch(/^\s+Priority↓\s+Domain/);
		expect(frame.split('\n')[3]).not.toContain('Acme Widgets');
		await waitUntil(() => JSON.stringify(saved.at(-1)?.views.hot.columns?.slice(0, 2)) === '["priority_score","domain"]');
	});

	it('shows every binding in the help overlay', async () => {
		const {lastFrame, stdin} = start({preferences: {keys: {'nav.down': ['n', 'down']}}});
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '?');
		const frame = await waitForFrame(lastFrame, contains('Keys (rebind'));
		expect(frame).toContain('[nav.down]');
		expect(frame).toMatch(/n ↓\s+move down/);
		expect(frame).toContain('[list.export]');
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, contains('1 Hot leads'));
	});

	it('uses rebound keys from preferences', async () => {
		const {lastFrame, stdin} = start({preferences: {keys: {'nav.down': ['n']}}});
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, 'j'); // no longer bound
		await press(stdin, 'n');
		await waitForFrame(lastFrame, contains('2/252'));
	});

	it('exports exactly what the view shows (filter, sort, visible columns) as CSV or JSON', async () => {
		const views = {...defaultPreferences().views, hot: {filter: 'lead-00000', sort: {column: 'domain', descending: false}, columns: ['domain', 'priority_score']}};
		for (const format of ['csv', 'json'] as const) {
			const dir = mkdtempSync(path.join(exportDir, `${format}-`));
			const {lastFrame, stdin, unmount} = start({preferences: {views, exportFormat: format, exportDirectory: dir}});
			await waitForFrame(lastFrame, contains('/9 ·'));
			await press(stdin, 'x');
			await waitForFrame(lastFrame, contains('exported 9 rows'));
			const [file] = readdirSync(dir);
			expect(file).toMatch(new RegExp(`^pf-hot-\\d{8}T\\d{6}\\.${format}$`));
			const text = readFileSync(path.join(dir, file!), 'utf8');
			if (format === 'csv') {
				const lines = text.trim().split('\r\n');
				expect(lines[0]).toBe('domain,priority_score');
				expect(lines).toHaveLength(10);
				expect(lines[1]).toMatch(/^lead-000001\.com,\d+$/);
			} else {
				const rows = JSON.parse(text) as Record<string, unknown>[];
				expect(rows).toHaveLength(9);
				expect(Object.keys(rows[0]!)).toEqual(['domain', 'priority_score']);
				expect(rows[0]!.domain).toBe('lead-000001.com');
			}
			expect(statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600);
			unmount();
		}
	});

	it('shows an empty view with a hint, not a blank screen', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '4');
		const frame = await waitForFrame(lastFrame, contains('No enrichment jobs'));
		expect(frame).toContain('0/0');
	});
});

describe('company and brief screens', () => {
	it('Enter opens every intel section with source and age; charts and highlights', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, keys.enter);
		let frame = await waitForFrame(lastFrame, contains('Acme Widgets Inc.  acme-widgets.com'));
		expect(frame).toContain('▌Company');
		expect(frame).toContain('Salesforce Commerce Cloud ★ partner (premier)');
		expect(frame).toContain('⚑ competitor search: Elastic');
		expect(frame).toContain('source: builtwith · retrieved 3d ago');
		// Scroll through every section.
		const seen = new Set<string>();
		for (let page = 0; page < 8; page++) {
			for (const match of frame.matchAll(/▌([^\n]+?)\s{2}/g)) seen.add(match[1]!);
			for (const match of frame.matchAll(/▌([A-Za-z ]+)$/gm)) seen.add(match[1]!.trim());
			if (frame.includes('Monthly visits')) expect(frame).toMatch(/Monthly visits\s+13M\s+▁▃▄▅▇█/);
			if (frame.includes('FY2025')) expect(frame).toMatch(/FY2025\s+█+\s+\$357B/);
			if (frame.includes('Margin zone')) expect(frame).toMatch(/Margin zone\s+ YELLOW /);
			await press(stdin, keys.pageDown);
			frame = lastFrame() ?? '';
		}
		for (const title of ['Company', 'Technology stack', 'Search provider', 'Traffic', 'Financials', 'Competitors and landscape', 'Hiring', 'Strategic context', 'Investor intelligence and quotes', 'Executives and buying committee', 'Displacement analysis', 'Case studies', 'ICP and signal scores']) {
			expect(seen, `section ${title}`).toContain(title);
		}
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, contains('1 Hot leads'));
	});

	it('a company without intel says "not enriched" and offers e; e says the queue state', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '/', 'b', 'a', 'r', 'e', keys.enter);
		await waitForFrame(lastFrame, contains('1/1 ·'));
		await press(stdin, keys.enter);
		const frame = await waitForFrame(lastFrame, contains('Bare Shop'));
		expect(frame).toContain('not enriched — press e to enrich');
		await press(stdin, 'e');
		await waitForFrame(lastFrame, (f) => /enrichment queued|not set up|queue/i.test(f.split('\n').at(-2) ?? ''));
	});

	it('b opens the brief with numbered sources; Esc goes back to where it came from', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, contains('▌Company'));
		await press(stdin, 'b');
		const frame = await waitForFrame(lastFrame, contains('Strategic Signal Brief'));
		expect(frame).toContain('The 60-second story');
		expect(frame).toContain('[1] Acme 10-K 2025');
		expect(frame).toContain('[2] Director of Search & Discovery posting');
		expect(frame).toContain('https://www.sec.gov/acme-10k');
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, contains('▌Company'));
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, contains('1 Hot leads'));
	});

	it('a company without a brief says so', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '2');
		await waitForFrame(lastFrame, contains('Displacement targets'));
		await press(stdin, '/', 'z', 'e', 't', 'a', keys.enter);
		await waitForFrame(lastFrame, (f) => f.includes('1/1 ·') && f.includes('zeta-outdoor.com'));
		await press(stdin, 'b');
		await waitForFrame(lastFrame, (f) => f.includes('No Strategic Signal Brief for'));
	});
});

describe('terminal manners', () => {
	it('under 100 columns drops low-priority columns, under 60 shows the list only, and re-lays out on resize', async () => {
		const {lastFrame, stdout} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		const resize = (columns: number) => {
			Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
			stdout.emit('resize');
		};
		const header = (f: string) => f.split('\n')[2] ?? '';
		resize(80);
		const fits = (width: number) => (f: string) => f.split('\n').every((line) => line.length <= width);
		let frame = await waitForFrame(lastFrame, fits(80));
		expect(header(frame)).toContain('Tier');
		expect(header(frame)).not.toContain('Vertical');
		expect(frame).toContain('Revenue: $357B'); // the hidden fields stack below the list
		resize(50);
		frame = await waitForFrame(lastFrame, fits(50));
		expect(header(frame)).not.toContain('Tier');
		expect(header(frame)).toContain('Domain');
		expect(frame).not.toContain('Ticker:');
		resize(140);
		await waitForFrame(lastFrame, (f) => header(f).includes('Revenue'));
	});

	it('mono theme (NO_COLOR): no escape codes, cursor and marks still visible as characters', async () => {
		const {lastFrame, stdin} = start({colorEnabled: false});
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, ' ');
		const frame = await waitForFrame(lastFrame, contains('1 marked'));
		expect(frame).not.toMatch(/\u001B\[/);
		expect(frame).toMatch(/ \*acme-widgets\.com/);
		expect(frame).toMatch(/› lead-/);
	});

	it('a database that is not there gives a one-line notice, not a blank screen or a stack, and recovers', async () => {
		let reachable = false;
		const flaky: BrowseServices = {
			...services,
			loadPage: async (...args) => {
				if (!reachable) throw Object.assign(new Error('cannot reach PostgreSQL at 127.0.0.1:1/nowhere: ECONNREFUSED'), {exitCode: 3});
				return services.loadPage(...args);
			},
			count: async (...args) => {
				if (!reachable) throw new Error('ECONNREFUSED');
				return services.count(...args);
			},
		};
		const {lastFrame} = start({services: flaky});
		const frame = await waitForFrame(lastFrame, contains('cannot reach PostgreSQL'));
		expect(frame).toContain('retrying');
		expect(frame).toContain('1 Hot leads');
		expect(frame).not.toMatch(/at .*\.ts:\d+/);
		reachable = true;
		await waitForFrame(lastFrame, (f) => f.includes(FULL_DOMAIN) && !f.includes('cannot reach'), 10_000);
	});

	it('a real unreachable server is reported the same way', async () => {
		const {default: postgres} = await import('postgres');
		const dead = postgres('postgres://postgres@127.0.0.1:1/nowhere', {connect_timeout: 1, max: 1, onnotice: () => {}});
		const {lastFrame} = start({services: browseServices(dead as never, () => '127.0.0.1:1/nowhere')});
		const frame = await waitForFrame(lastFrame, contains('cannot reach PostgreSQL at 127.0.0.1:1/nowhere'));
		expect(frame.split('\n').filter((line) => line.includes('ECONNREFUSED'))).toHaveLength(1);
		await dead.end({timeout: 0});
	});

	it('q quits', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, 'q');
		// After exit the last frame stays; a further key changes nothing.
		const before = lastFrame();
		await press(stdin, 'j');
		expect(lastFrame()).toBe(before);
	});

	it('shows bare-shop (a lead without a search provider) in hot leads', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '/', 'b', 'a', 'r', 'e');
		await waitForFrame(lastFrame, contains(BARE_DOMAIN));
	});
});
