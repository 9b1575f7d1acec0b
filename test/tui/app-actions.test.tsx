/**
 * The app through ink-testing-library against a real database: marks, copy, column picker, help overlay, rebound keys, export, empty views.
 */
import React from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {browseServices, type BrowseServices} from '../../source/services/leads.js';
import {BARE_DOMAIN, FULL_DOMAIN, seedCompanies} from './seed.js';
import {contains, keys, press, waitForFrame, waitUntil} from './helpers.js';
import {appHarness} from './app-harness.js';
import {defaultPreferences, type Preferences} from '../../source/config/preferences.js';

const app = appHarness();
const {start} = app;

describe('list views: marks, columns, help, export', () => {
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
			const dir = mkdtempSync(path.join(app.exportDir, `${format}-`));
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

