import {describe, expect, it} from 'vitest';
import meow, {type AnyFlags} from 'meow';
import {quickParse} from '../source/commands/parse.js';

const flags = {
	json: {type: 'boolean', default: false},
	dryRun: {type: 'boolean', default: false},
	limit: {type: 'number'},
	status: {type: 'string', choices: ['HOT', 'WARM', 'COOL', 'COLD']},
	modules: {type: 'string', isMultiple: true},
	file: {type: 'string', shortFlag: 'f'},
	color: {type: 'boolean', default: true},
} as const satisfies AnyFlags;

function viaMeow(argv: string[]) {
	const result = meow('help', {importMeta: import.meta, argv, flags, allowUnknownFlags: false, autoHelp: false, autoVersion: false});
	return {input: result.input, flags: result.flags};
}

describe('the fast flag parser agrees with meow', () => {
	const cases: string[][] = [
		[],
		['acme.com'],
		['acme.com', 'bbc.co.uk', '--json'],
		['--dry-run', 'file.sqlite'],
		['--limit', '50', '--status', 'HOT'],
		['--limit=7'],
		['--modules', 'technology', '--modules', 'traffic'],
		['-f', 'list.txt', '--no-color'],
		['--no-json'],
	];
	for (const argv of cases) {
		it(`pf … ${argv.join(' ') || '(no arguments)'}`, () => {
			const quick = quickParse(argv, flags);
			expect(quick).toBeDefined();
			expect(quick).toEqual(viaMeow(argv));
		});
	}

	it('reads `--file -` as the value "-" (stdin), where meow would split it off as input', () => {
		expect(quickParse(['--file', '-'], flags)?.flags.file).toBe('-');
	});

	it('leaves help, version and invalid values to meow', () => {
		expect(quickParse(['--help'], flags)).toBeUndefined();
		expect(quickParse(['--version'], flags)).toBeUndefined();
		expect(quickParse(['--status', 'LUKEWARM'], flags)).toBeUndefined();
		expect(quickParse(['--limit', 'many'], flags)).toBeUndefined();
	});

	it('refuses an unknown flag as bad usage', () => {
		expect(() => quickParse(['--bogus'], flags)).toThrow(/unknown flag --bogus/);
	});
});
