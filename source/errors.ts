/**
 * Errors a user can cause or fix carry an exit code, a message naming what was wrong
 * and a hint saying what to do. cli.tsx prints them as `pf: error: …` / `hint: …`
 * with no stack; anything else is a bug and is printed with its stack.
 */

/** Exit codes of the CLI contract (docs/ux-conventions). */
export const ExitCode = {
	ok: 0,
	failed: 1,
	usage: 2,
	databaseUnreachable: 3,
	queueUnreachable: 4,
	notFound: 5,
	notPermitted: 6,
	interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class PfError extends Error {
	readonly exitCode: ExitCodeValue;
	readonly hint: string | undefined;

	constructor(message: string, options: {exitCode?: ExitCodeValue; hint?: string; cause?: unknown} = {}) {
		super(message, {cause: options.cause});
		this.name = 'PfError';
		this.exitCode = options.exitCode ?? ExitCode.failed;
		this.hint = options.hint;
	}
}

/** Bad usage or input: exit 2. */
export class UsageError extends PfError {
	constructor(message: string, hint?: string) {
		super(message, {exitCode: ExitCode.usage, hint});
		this.name = 'UsageError';
	}
}

/** The database could not be reached: exit 3. */
export class DatabaseUnreachableError extends PfError {
	constructor(message: string, hint?: string, cause?: unknown) {
		super(message, {exitCode: ExitCode.databaseUnreachable, hint, cause});
		this.name = 'DatabaseUnreachableError';
	}
}

/** The queue backend could not be reached: exit 4. */
export class QueueUnreachableError extends PfError {
	constructor(message: string, hint?: string, cause?: unknown) {
		super(message, {exitCode: ExitCode.queueUnreachable, hint, cause});
		this.name = 'QueueUnreachableError';
	}
}

/** A named thing does not exist: exit 5. */
export class NotFoundError extends PfError {
	constructor(message: string, hint?: string) {
		super(message, {exitCode: ExitCode.notFound, hint});
		this.name = 'NotFoundError';
	}
}

/** Not permitted, or over a rate limit: exit 6. */
export class NotPermittedError extends PfError {
	constructor(message: string, hint?: string) {
		super(message, {exitCode: ExitCode.notPermitted, hint});
		this.name = 'NotPermittedError';
	}
}
