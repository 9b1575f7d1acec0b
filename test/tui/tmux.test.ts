/**
 * The built binary in a real terminal (tmux) against a real database: open the app,
 * filter to a company, open it, open its brief, go back, quit — checking the screen at
 * each step, and that the alternate screen is left on exit. Skipped (with the reason)
 * when tmux is not installed.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {cliPath} from '../helpers/run-pf.js';
import {FULL_DOMAIN, seedCompanies} from './seed.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `pf-test-${process.pid}`;
const session = 'pf';
let db: TestDatabase;
let configHome: string;

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', session);

async function waitForScreen(check: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
	const started = Date.now();
	for (;;) {
		const text = screen();
		if (check(text)) return text;
		if (Date.now() - started > timeoutMs) throw new Error(`the screen never showed ${what}; it shows:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe.skipIf(!hasTmux)('pf in a real terminal (tmux)', () => {
	beforeAll(async () => {
		db = await createTestDatabase();
		await seedCompanies(db.sql, {extra: 50});
		configHome = mkdtempSync(path.join(os.tmpdir(), 'pf-tmux-config-'));
		// CI=true as on the CI machine: Ink would draw nothing but a last frame, and pf must
		// still be interactive on a terminal (source/commands/app.ts).
		const command = `env CI=true DATABASE_URL='${db.url}' XDG_CONFIG_HOME='${configHome}' NO_COLOR= TERM=xterm-256color '${process.execPath}' '${cliPath}'; echo "pf exited $?"; sleep 60`;
		tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '30', command);
	});

	afterAll(async () => {
		spawnSync('tmux', ['-L', socket, 'kill-server']);
		await db?.drop();
		if (configHome) rmSync(configHome, {recursive: true, force: true});
	});

	it('open, filter to a company, open it, open its brief, go back, quit', async () => {
		let text = await waitForScreen((t) => t.includes('1 Hot leads') && t.includes(FULL_DOMAIN) && /1\/52 · data/.test(t), 'the hot leads');
		expect(text).toContain('? help');

		tmux('send-keys', '-t', session, '/');
		tmux('send-keys', '-t', session, '-l', 'acme');
		text = await waitForScreen((t) => t.includes('/ acme') && t.includes('1/1 ·'), 'the filtered list');
		expect(text).not.toContain('lead-000001.com');
		tmux('send-keys', '-t', session, 'Enter');
		await waitForScreen((t) => t.includes('/ filter'), 'the kept filter');

		tmux('send-keys', '-t', session, 'Enter');
		text = await waitForScreen((t) => t.includes('Acme Widgets Inc.  acme-widgets.com') && t.includes('▌Technology stack'), 'the company screen');
		expect(text).toContain('★ partner (premier)');
		expect(text).toMatch(/source: builtwith · retrieved 3d ago/);

		tmux('send-keys', '-t', session, 'b');
		text = await waitForScreen((t) => t.includes('Strategic Signal Brief') && t.includes('THE 60-SECOND STORY'), 'the brief');
		expect(text).toMatch(/\d+ numbered sources?/);

		tmux('send-keys', '-t', session, 'Escape');
		await waitForScreen((t) => t.includes('▌Technology stack') && !t.includes('Strategic Signal Brief'), 'the company screen again');
		tmux('send-keys', '-t', session, 'Escape');
		text = await waitForScreen((t) => t.includes('1 Hot leads') && t.includes('/ acme'), 'the list again, filter kept');

		tmux('send-keys', '-t', session, 'q');
		text = await waitForScreen((t) => t.includes('pf exited 0'), 'the shell after quitting');
		// The alternate screen is gone: no frame of the app is left on the terminal.
		expect(text).not.toContain('1 Hot leads');
		expect(text).not.toContain('▌Technology stack');
	});
});
