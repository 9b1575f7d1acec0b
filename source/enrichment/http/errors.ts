/**
 * Classified source failures. `retryable` says whether trying again later could help:
 * 429, 5xx, timeouts and network errors are; "no data" (404), bad keys, other 4xx and
 * malformed bodies are not.
 */
import type {ApiSource} from '../types.js';

export type SourceFailureKind =
	| 'no_data'
	| 'unauthorized'
	| 'client_error'
	| 'rate_limited'
	| 'server_error'
	| 'timeout'
	| 'network'
	| 'malformed'
	| 'aborted';

const retryableKinds = new Set<SourceFailureKind>(['rate_limited', 'server_error', 'timeout', 'network']);

export class SourceHttpError extends Error {
	readonly source: ApiSource;
	readonly kind: SourceFailureKind;
	readonly status: number | undefined;
	/** The request URL with secrets redacted. */
	readonly url: string;
	readonly retryable: boolean;
	/** Attempts made (1 + retries). */
	attempts: number;

	constructor(options: {source: ApiSource; kind: SourceFailureKind; message: string; url: string; status?: number; attempts?: number; cause?: unknown}) {
		super(options.message, {cause: options.cause});
		this.name = 'SourceHttpError';
		this.source = options.source;
		this.kind = options.kind;
		this.status = options.status;
		this.url = options.url;
		this.retryable = retryableKinds.has(options.kind);
		this.attempts = options.attempts ?? 1;
	}
}

/** True for failures worth another attempt within the same call. */
export function isRetryableKind(kind: SourceFailureKind): boolean {
	return retryableKinds.has(kind);
}

export function isSourceHttpError(error: unknown): error is SourceHttpError {
	return error instanceof SourceHttpError;
}
