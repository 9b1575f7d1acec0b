import meow, {type AnyFlags} from 'meow';

/**
 * meow for one subcommand: its own help text and flags, unknown flags refused with
 * exit 2 (meow's own behaviour), and `--no-color` / `--debug` accepted everywhere.
 */
export function parseCommand<F extends AnyFlags>(help: string, argv: string[], flags: F) {
	return meow(help, {
		importMeta: import.meta,
		argv,
		flags: {...flags, color: {type: 'boolean', default: true}, debug: {type: 'boolean', default: false}},
		allowUnknownFlags: false,
		description: false,
		autoVersion: true,
		autoHelp: true,
	});
}
