// bench/startup: `node -e 0` (the floor of any Node one-liner), `pf --version` and
// `pf db status` against a running server, interleaved in one run.
// Target (issue 2): pf db status ≤ 2× node -e 0.
//   node build.mjs && node bench/startup.mjs            (server: DATABASE_URL or 127.0.0.1:5432/test)
//   node bench/startup.mjs --embedded                   (the embedded default, started first)
import {spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {cli, compare, adminUrl, printTable, scratchName, withDatabase} from './lib.mjs';

const embedded = process.argv.includes('--embedded');
const env = {...process.env};
let scratch;
if (embedded) {
	delete env.DATABASE_URL;
	env.PF_DATA_DIR = process.env.PF_DATA_DIR || mkdtempSync(path.join(os.tmpdir(), 'pf-bench-startup-'));
	spawnSync(process.execPath, [cli, 'db', 'start'], {env, stdio: 'inherit'});
} else {
	// A scratch database on the server, migrated by pf and dropped at the end.
	scratch = scratchName('pf_bench_startup');
	const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
	await admin`create database ${admin(scratch)}`;
	await admin.end();
	env.DATABASE_URL = withDatabase(adminUrl(), scratch);
	spawnSync(process.execPath, [cli, 'db', 'migrate'], {env, stdio: 'inherit'});
}

const results = compare([
	{name: 'node -e 0', command: process.execPath, args: ['-e', '0'], env},
	{name: 'pf --version', command: process.execPath, args: [cli, '--version'], env},
	{name: 'pf db status', command: process.execPath, args: [cli, 'db', 'status'], env},
]);
const floor = results[0].median;
printTable(
	results.map((row) => ({command: row.name, 'median ms': row.median.toFixed(1), 'min ms': row.min.toFixed(1), 'x node -e 0': (row.median / floor).toFixed(2)})),
	['command', 'median ms', 'min ms', 'x node -e 0'],
);
console.log(`\nserver: ${embedded ? `embedded (${env.PF_DATA_DIR})` : adminUrl()}; target: pf db status ≤ 2.00x node -e 0`);
if (embedded && !process.env.PF_DATA_DIR) spawnSync(process.execPath, [cli, 'db', 'stop'], {env, stdio: 'inherit'});
if (scratch) {
	const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
	await admin`drop database if exists ${admin(scratch)} with (force)`;
	await admin.end();
}
