/**
 * The colour policy of docs/ux-conventions: off when the stream is not a TTY, when
 * NO_COLOR is non-empty, when TERM=dumb, or with --no-color. chalk (and Ink) ignore
 * NO_COLOR on purpose, so the TUI sets its level from this too.
 */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): boolean {
	if (argv.includes('--no-color')) return false;
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
	if (env.TERM === 'dumb') return false;
	if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
	return Boolean(stream.isTTY);
}

const codes = {bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39]} as const;
export type Style = keyof typeof codes;

/** Wraps text in an ANSI style when colour is on for that stream. */
export function paint(text: string, style: Style, enabled: boolean): string {
	if (!enabled) return text;
	const [open, close] = codes[style];
	return `\u001B[${open}m${text}\u001B[${close}m`;
}
