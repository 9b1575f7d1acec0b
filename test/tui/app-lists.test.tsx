/**
 * The app through ink-testing-library against a real database: the four views, the keymap, moving through server-side pages, filter and sort.
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
		const sortLabel = (f: string) => /sort (.+?) [↑↓]/.exec(f)?.[1] ?? '';
		for (let i = 0; i < 13 && !(lastFrame() ?? '').includes('sort Domain ↓'); i++) {
			const before = sortLabel(lastFrame() ?? '');
			await press(stdin, 's');
			await waitForFrame(lastFrame, (f) => sortLabel(f) !== before);
		}
		frame = await waitForFrame(lastFrame, contains('sort Domain ↓'));
		await press(stdin, 'S');
		frame = await waitForFrame(lastFrame, (f) => f.includes('sort Domain ↑') && /› .*lead-000001\.com/.test(f));
		expect(frame).toContain('/ lead-00000');
		expect(frame).toContain('/9 ·');
		await waitUntil(() => saved.at(-1)?.views.hot.sort?.column === 'domain' && saved.at(-1)?.views.hot.sort?.descending === false);
	});

});
