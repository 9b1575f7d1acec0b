/**
 * Starts the app in the terminal: colour policy (chalk ignores NO_COLOR, so its level is
 * set here), the alternate screen (restored on exit, on a crash and on signals),
 * preferences, and the services bound to the shared database client. The database is
 * reached lazily, so the first frame does not wait for it.
 */
import React from 'react';
import {render} from 'ink';
import chalk from 'chalk';
import {App} from './app.js';
import {colorDisabledByEnvironment} from './theme/theme.js';
import {defaultBrowseServices, type ViewId} from '../services/leads.js';
import {preferenceStore} from '../config/preferences.js';

const ENTER_ALTERNATE = '\u001B[?1049h\u001B[H';
const LEAVE_ALTERNATE = '\u001B[?25h\u001B[?1049l';

/** OSC 52: the terminal (also over ssh, and tmux with set-clipboard) puts text on the clipboard. */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

export async function runApp(options: {view?: ViewId; noColor?: boolean}): Promise<number> {
	const colorOff = colorDisabledByEnvironment(process.env, options.noColor ?? false);
	if (colorOff) chalk.level = 0;
	const store = preferenceStore();
	let preferences = store.read();
	const services = defaultBrowseServices();

	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		process.stdout.write(LEAVE_ALTERNATE);
	};
	process.stdout.write(ENTER_ALTERNATE);
	process.on('exit', restore);
	const crash = (error: unknown) => {
		restore();
		process.stderr.write(`pf: error: the app crashed: ${(error as Error)?.message ?? String(error)}\nhint: run again with --debug for the stack and please report it\n`);
		if (process.argv.includes('--debug')) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
		process.exit(1);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {
		restore();
		process.exit(128 + (signal === 'SIGTERM' ? 15 : 1));
	});

	const instance = render(
		<App
			services={services}
			preferences={preferences}
			savePreferences={(next) => {
				preferences = next;
				store.write(next);
			}}
			initialView={options.view}
			colorEnabled={!colorOff}
			clipboard={(text) => process.stdout.write(osc52(text))}
		/>,
		{exitOnCtrlC: false, maxFps: 60, patchConsole: true},
	);
	try {
		await instance.waitUntilExit();
	} finally {
		instance.cleanup();
		restore();
	}
	return 0;
}
