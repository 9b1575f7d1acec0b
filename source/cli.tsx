/**
 * pf's entry: dispatches a subcommand, maps errors to the exit codes of the CLI
 * contract (0 ok · 1 failed · 2 usage · 3 database · 4 queue · 5 not found · 6 not
 * permitted · 130 interrupted) and keeps stdout for data only. Nothing heavy is imported
 * here: each command, and the TUI, is loaded on demand.
 */
import {readFileSync} from 'node:fs';
import {commands} from './commands/registry.js';
import {ExitCode, PfError} from './errors.js';
import {packageRoot} from './config/paths.js';
import {shutdown} from './lifecycle.js';
import {MeowNeeded, parseWithMeow} from './commands/parse.js';

const helpText = () => `
  PartnerForge Terminal: displacement targets for Algolia partner sales

  Usage
    $ pf                 open the app (prints the hot leads as TSV when not on a TTY)
    $ pf <command> [options]

  Commands
${Object.entries(commands)
	.map(([name, entry]) => `    ${name.padEnd(10)} ${entry.summary}`)
	.join('\n')}

  Options
    --help       show help (also: pf <command> --help)
    --version    show the version
    --no-color   no colour (also NO_COLOR=1 or TERM=dumb)
    --debug      print stack traces of unexpected errors

  Environment
    DATABASE_URL   PostgreSQL server (default: the embedded database in PF_DATA_DIR)
    REDIS_URL      Redis for the queue (default: the queue lives in PostgreSQL)
    PF_DATA_DIR    where the embedded database lives

  Exit codes
    0 ok · 1 failed · 2 bad usage or input · 3 database unreachable · 4 queue unreachable
    5 not found · 6 not permitted or over a rate limit · 130 interrupted
`;

function version(): string {
	return (JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as {version: string}).version;
}

function printError(error: unknown, debug: boolean): number {
	if (error instanceof PfError) {
		process.stderr.write(`pf: error: ${error.message}\n`);
		if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
		if (debug && error.cause) process.stderr.write(`${(error.cause as Error).stack ?? String(error.cause)}\n`);
		return error.exitCode;
	}
	process.stderr.write(`pf: error: ${(error as Error)?.message ?? String(error)}\n`);
	if (debug) {
		process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	} else {
		process.stderr.write('hint: this looks like a bug in pf; run again with --debug for the stack and please report it\n');
	}
	return ExitCode.failed;
}

async function main(argv: string[]): Promise<number> {
	const debug = argv.includes('--debug') || process.env.PF_DEBUG === '1';
	const [first, ...rest] = argv;
	if (first === '--version' || first === '-v') {
		process.stdout.write(`${version()}\n`);
		return ExitCode.ok;
	}
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(helpText());
		return ExitCode.ok;
	}
	try {
		if (first === undefined || first.startsWith('-')) {
			// No command: the app on a TTY, the default list as TSV in a pipe.
			const entry = commands.app;
			if (!entry) {
				process.stdout.write(helpText());
				return ExitCode.ok;
			}
			return (await (await entry.load()).default(argv)) ?? ExitCode.ok;
		}
		const entry = commands[first];
		if (!entry) {
			process.stderr.write(`pf: error: unknown command "${first}"\nhint: run \`pf --help\` for the list of commands\n`);
			return ExitCode.usage;
		}
		const module = await entry.load();
		try {
			return (await module.default(rest)) ?? ExitCode.ok;
		} catch (error) {
			if (!(error instanceof MeowNeeded)) throw error;
			// Help, version or a flag error: meow prints it and exits; if meow accepts
			// the arguments after all, the command runs with meow's reading of them.
			await parseWithMeow(error);
			return (await module.default(rest)) ?? ExitCode.ok;
		}
	} catch (error) {
		return printError(error, debug);
	} finally {
		await shutdown();
	}
}

process.on('SIGINT', () => process.exit(ExitCode.interrupted));
// A closed pipe (`pf leads | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(ExitCode.ok);
});

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain naturally; a stray handle (a library's timer) must not keep pf alive.
setTimeout(() => process.exit(code), 3000).unref();
