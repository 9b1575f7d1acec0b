/**
 * `pf` with no command: on a TTY (stdin and stdout) the app; otherwise the hot leads
 * as TSV (or --json / --csv), so `pf | head` works in a pipe. The app, ink and react
 * are imported only on the TTY path.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {listFormat} from '../output/format.js';

const help = `
  Usage
    $ pf [--view hot|targets|enrichment|jobs] [--no-color]

  On a terminal, opens the app (press ? inside for every key). In a pipe, prints the hot
  leads as TSV (--json / --csv on request) instead.
`;

const VIEWS = ['hot', 'targets', 'enrichment', 'jobs'] as const;

export default async function app(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		view: {type: 'string'},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	if (cli.input.length > 0) throw new UsageError(`unknown command "${cli.input[0]}"`, 'run `pf --help` for the list of commands');
	const view = cli.flags.view;
	if (view !== undefined && !(VIEWS as readonly string[]).includes(view)) throw new UsageError(`unknown view "${view}"`, `use one of ${VIEWS.join(', ')}`);
	const wantsData = cli.flags.json || cli.flags.csv || cli.flags.tsv;
	if (!wantsData && process.stdin.isTTY && process.stdout.isTTY) {
		// chalk (Ink's colours) reads FORCE_COLOR when it loads and ignores NO_COLOR.
		if (!cli.flags.color || (process.env.NO_COLOR ?? '') !== '' || process.env.TERM === 'dumb') process.env.FORCE_COLOR = '0';
		// Ink (through is-in-ci, read when it loads) draws nothing but the last frame when CI
		// or CONTINUOUS_INTEGRATION is set, which leaves a blank screen in an app that never
		// exits by itself. Both streams are a terminal here, so a person is at the keys:
		// the app is interactive whatever the environment says.
		delete process.env.CI;
		delete process.env.CONTINUOUS_INTEGRATION;
		const {runApp} = await import('../tui/run.js');
		return runApp({view: view as (typeof VIEWS)[number] | undefined, noColor: !cli.flags.color});
	}
	const [{database}, {listLeads}, {leadColumns}, {printList}] = await Promise.all([import('../db/client.js'), import('../services/leads.js'), import('./leads.js'), import('./list-output.js')]);
	const sql = await database();
	const rows = await listLeads(sql, {status: 'HOT'});
	printList(rows, leadColumns, listFormat({json: cli.flags.json, csv: cli.flags.csv, tsv: true}), undefined, false);
	return 0;
}
