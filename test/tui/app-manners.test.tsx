/**
 * The app through ink-testing-library against a real database: narrow widths and resize, NO_COLOR (mono), a database that goes away, quitting.
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
			...app.services,
			loadPage: async (...args) => {
				if (!reachable) throw Object.assign(new Error('cannot reach PostgreSQL at 127.0.0.1:1/nowhere: ECONNREFUSED'), {exitCode: 3});
				return app.services.loadPage(...args);
			},
			count: async (...args) => {
				if (!reachable) throw new Error('ECONNREFUSED');
				return app.services.count(...args);
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
