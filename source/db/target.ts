/**
 * Which PostgreSQL pf talks to: the server named by DATABASE_URL, or the embedded
 * default in the data directory.
 */
import {UsageError} from '../errors.js';
import {dataDirectory} from '../config/paths.js';

export type DatabaseTarget =
	| {kind: 'url'; url: string; host: string; port: number; database: string}
	| {kind: 'embedded'; dataDir: string};

/** Parses DATABASE_URL; a malformed one is bad input (exit 2), never a connection attempt. */
export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
	const raw = env.DATABASE_URL?.trim();
	if (!raw) return {kind: 'embedded', dataDir: dataDirectory(env)};
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new UsageError('DATABASE_URL is not a valid URL', 'use the form postgres://user@host:5432/database, or unset it to use the embedded database');
	}
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
		throw new UsageError(`DATABASE_URL has the scheme "${url.protocol.replace(/:$/, '')}"; pf needs postgres:// or postgresql://`, 'use the form postgres://user@host:5432/database');
	}
	const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
	const port = url.port ? Number(url.port) : 5432;
	if (!Number.isInteger(port) || port <= 0 || port > 65535) {
		throw new UsageError(`DATABASE_URL has an invalid port "${url.port}"`, 'use a port between 1 and 65535');
	}
	return {kind: 'url', url: raw, host: url.hostname || 'localhost', port, database: database || url.username || 'postgres'};
}

/** The URL with any password removed, for messages and `pf db status`. */
export function redactUrl(raw: string): string {
	try {
		const url = new URL(raw);
		if (url.password) url.password = '***';
		return url.toString();
	} catch {
		return '(unparseable URL)';
	}
}
