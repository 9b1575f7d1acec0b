/**
 * The app through ink-testing-library against a real database: the company screen (every section with source and age, "not enriched") and the brief screen.
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
		await waitForFrame(lastFrame, (f) => /enrichment queued|queue/i.test(f.split('\n').at(-2) ?? ''));
	});

	it('C marks the company as a customer (and back) through the customer service', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '2');
		await waitForFrame(lastFrame, contains('Displacement targets'));
		await press(stdin, '/', 'z', 'e', 't', 'a', keys.enter);
		await waitForFrame(lastFrame, (f) => f.includes('zeta-outdoor.com') && f.includes('1/1 ·'));
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, contains('Algolia customer: no'));
		await press(stdin, 'C');
		await waitForFrame(lastFrame, (f) => f.includes('marked as an Algolia customer') && f.includes('Algolia customer: yes (customer list)'));
		await press(stdin, 'C');
		await waitForFrame(lastFrame, (f) => f.includes('marked as not an Algolia customer') && f.includes('Algolia customer: no'));
	});

	it('b opens the brief with numbered sources; Esc goes back to where it came from', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, keys.enter);
		await waitForFrame(lastFrame, contains('▌Company'));
		await press(stdin, 'b');
		let frame = await waitForFrame(lastFrame, contains('Strategic Signal Brief'));
		expect(frame).toContain('▌THE 60-SECOND STORY');
		expect(frame).toMatch(/\d+ numbered sources/);
		await press(stdin, 'G');
		frame = await waitForFrame(lastFrame, contains('▌SOURCES'));
		expect(frame).toMatch(/^1\. .*https:\/\//m);
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, contains('▌Company'));
		await press(stdin, keys.escape);
		await waitForFrame(lastFrame, contains('1 Hot leads'));
	});

	it('a company without a stored brief gets one built on first request', async () => {
		const {lastFrame, stdin} = start();
		await waitForFrame(lastFrame, contains('data just now'));
		await press(stdin, '2');
		await waitForFrame(lastFrame, contains('Displacement targets'));
		await press(stdin, '/', 'z', 'e', 't', 'a', keys.enter);
		await waitForFrame(lastFrame, (f) => f.includes('1/1 ·') && f.includes('zeta-outdoor.com'));
		await press(stdin, 'b');
		await waitForFrame(lastFrame, (f) => f.includes('Strategic Signal Brief') && f.includes('zeta-outdoor.com') && f.includes('generated just now'));
	});
});

