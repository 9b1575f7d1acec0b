/**
 * `pf db status|migrate|start|stop`: where the database is, which server, whether it
 * runs, and which migrations are applied or pending.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {databaseStatus, migrateDatabase, startDatabase, stopDatabase, type DatabaseStatus} from '../services/database.js';
import {toJson} from '../output/format.js';
import {colorEnabled, paint} from '../output/color.js';

const help = `
  Usage
    $ pf db status [--json]    where the database is, server version, running, migrations
    $ pf db migrate [--json]   apply pending migrations (forward-only, in one transaction)
    $ pf db start              start the embedded database (pf starts it on demand anyway)
    $ pf db stop               stop the embedded database

  Without DATABASE_URL, pf uses an embedded PostgreSQL in PF_DATA_DIR that keeps running
  in the background until \`pf db stop\`.
`;

export default async function db(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {json: {type: 'boolean', default: false}});
	const [action = 'status', ...extra] = cli.input;
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'see `pf db --help`');
	switch (action) {
		case 'status': {
			const status = await databaseStatus();
			process.stdout.write(cli.flags.json ? toJson(status) : formatStatus(status));
			return 0;
		}
		case 'migrate': {
			const applied = await migrateDatabase();
			if (cli.flags.json) {
				process.stdout.write(toJson({applied: applied.map((m) => m.name)}));
			} else {
				process.stderr.write(applied.length === 0 ? 'pf: the database is up to date\n' : `pf: applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}\n`);
			}
			return 0;
		}
		case 'start': {
			const where = await startDatabase();
			process.stderr.write(`pf: database running: ${where}\n`);
			return 0;
		}
		case 'stop': {
			const stopped = await stopDatabase();
			process.stderr.write(stopped ? 'pf: the embedded database stopped\n' : 'pf: the embedded database was not running\n');
			return 0;
		}
		default:
			throw new UsageError(`unknown db action "${action}"`, 'use one of: status, migrate, start, stop');
	}
}

function formatStatus(status: DatabaseStatus): string {
	const color = colorEnabled();
	const state = status.running ? paint('running', 'green', color) : paint(status.reachable ? 'reachable' : 'not running', 'yellow', color);
	const lines = [
		`database    ${status.kind === 'embedded' ? 'embedded' : 'server'}: ${status.location}`,
		`state       ${state}`,
		`server      ${status.serverVersion ?? '-'}`,
		`migrations  ${status.migrations.applied.length} applied, ${status.migrations.pending.length} pending${status.migrations.pending.length ? ` (${status.migrations.pending.join(', ')})` : ''}`,
	];
	if (status.note) lines.push(`note        ${status.note}`);
	return lines.join('\n') + '\n';
}
