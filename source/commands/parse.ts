/**
 * Flag parsing for subcommands. meow is the parser of record: it renders `--help`,
 * answers `--version`, and refuses unknown or invalid flags with exit 2. But importing
 * meow costs ~70 ms (more than half of `node -e 0`), which alone would break the
 * start-up targets of the data one-liners (`pf brief --json`, `pf leads --json`,
 * `pf db status`: ≤ 2× `node -e 0`). So the common case — valid flags, no help — is
 * read with node's built-in `util.parseArgs` from the same meow flag definitions, and
 * meow is loaded only when that pre-parse cannot vouch for the result (help, version,
 * unknown flag, bad value, a required flag missing). test/cli-parse.test.ts checks that
 * both give the same answer.
 */
import {parseArgs} from 'node:util';
import type {AnyFlags, Result} from 'meow';
import {UsageError} from '../errors.js';

const commonFlags = {
	color: {type: 'boolean', default: true},
	debug: {type: 'boolean', default: false},
} as const satisfies AnyFlags;

type Parsed<F extends AnyFlags> = Pick<Result<F & typeof commonFlags>, 'input' | 'flags' | 'showHelp'>;

function kebab(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The meow-compatible fast path; undefined when meow must decide. */
export function quickParse(argv: readonly string[], flags: AnyFlags): {input: string[]; flags: Record<string, unknown>} | undefined {
	if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) return undefined;
	const options: Record<string, {type: 'string' | 'boolean'; multiple?: boolean; short?: string}> = {};
	const byOption = new Map<string, string>();
	for (const [name, flag] of Object.entries(flags)) {
		const option = kebab(name);
		options[option] = {type: flag.type === 'boolean' ? 'boolean' : 'string', multiple: Boolean(flag.isMultiple)};
		if (flag.shortFlag) options[option]!.short = flag.shortFlag;
		byOption.set(option, name);
		for (const alias of flag.aliases ?? []) {
			options[alias] = {...options[option]!};
			delete options[alias]!.short;
			byOption.set(alias, name);
		}
	}
	// --no-<flag> negates a boolean (meow's behaviour; parseArgs on Node 20 lacks it).
	const negated = new Set<string>();
	const args: string[] = [];
	for (const arg of argv) {
		const match = /^--no-(.+)$/.exec(arg);
		if (match && options[match[1]!]?.type === 'boolean') {
			negated.add(byOption.get(match[1]!)!);
			continue;
		}
		args.push(arg);
	}
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({args, options, strict: true, allowPositionals: true});
	} catch (error) {
		const code = (error as {code?: string}).code;
		if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
			const flag = /'([^']+)'/.exec((error as Error).message)?.[1] ?? 'given';
			throw new UsageError(`unknown flag ${flag}`, 'run the command with --help for its flags');
		}
		return undefined;
	}
	const values: Record<string, unknown> = {};
	for (const [name, flag] of Object.entries(flags)) values[name] = flag.default;
	for (const [option, value] of Object.entries(parsed.values)) {
		const name = byOption.get(option)!;
		const flag = flags[name]!;
		let result: unknown = value;
		if (flag.type === 'number') {
			const numbers = (Array.isArray(value) ? value : [value]).map(Number);
			if (numbers.some((n) => Number.isNaN(n))) return undefined;
			result = flag.isMultiple ? numbers : numbers[0];
		}
		if (flag.type === 'string' && !flag.isMultiple && Array.isArray(value)) return undefined;
		values[name] = result;
	}
	for (const name of negated) values[name] = false;
	for (const [name, flag] of Object.entries(flags)) {
		const value = values[name];
		if (flag.isRequired === true && value === undefined) return undefined;
		if (flag.choices && value !== undefined) {
			const list = Array.isArray(value) ? value : [value];
			if (!list.every((item) => (flag.choices as unknown[]).includes(item))) return undefined;
		}
		if (flag.isMultiple && value === undefined) values[name] = [];
	}
	return {input: parsed.positionals, flags: values};
}

/**
 * Thrown by parseCommand when the fast path cannot vouch for the arguments; cli.tsx
 * catches it, loads meow, and lets meow print help, the version or its error (exit 0
 * or 2). Should meow accept what the fast path refused, cli.tsx runs the command again
 * with meow's result (commands parse before doing anything else).
 */
export class MeowNeeded extends Error {
	constructor(readonly help: string, readonly argv: string[], readonly flags: AnyFlags) {
		super('meow needed');
	}
}

let meowOverride: {argv: string[]; result: {input: string[]; flags: Record<string, unknown>}} | undefined;

/** Called by cli.tsx: runs meow on arguments the fast path refused. */
export async function parseWithMeow(needed: MeowNeeded): Promise<void> {
	const {default: meow} = await import('meow');
	const result = meow(needed.help, {
		importMeta: import.meta,
		argv: needed.argv,
		flags: needed.flags,
		allowUnknownFlags: false,
		description: false,
		autoVersion: true,
		autoHelp: true,
	});
	meowOverride = {argv: needed.argv, result: {input: result.input, flags: result.flags}};
}

/**
 * Parses one subcommand's arguments with its help text and meow flag definitions;
 * `--no-color` and `--debug` are accepted everywhere.
 */
export function parseCommand<F extends AnyFlags>(help: string, argv: string[], flags: F): Parsed<F> {
	const allFlags = {...flags, ...commonFlags} as F & typeof commonFlags;
	const showHelp = () => {
		process.stdout.write(help);
		process.exit(2);
	};
	if (meowOverride && meowOverride.argv === argv) {
		const {result} = meowOverride;
		meowOverride = undefined;
		return {input: result.input, flags: result.flags as Parsed<F>['flags'], showHelp};
	}
	const quick = quickParse(argv, allFlags);
	if (!quick) throw new MeowNeeded(help, argv, allFlags);
	return {input: quick.input, flags: quick.flags as Parsed<F>['flags'], showHelp};
}
