// bench/import: `pf import` against pgloader and against plain COPY, in the same run.
//
//   1. The shared legacy file (../shared/data/legacy/partnerforge.db): wall time of
//      `pf import` (transform + validation + load + reconciliation, into a migrated
//      database) next to `pgloader` copying the same file into an empty database.
//      Target: pf ≤ 0.8 × pgloader. Rounds are interleaved so machine load hits both.
//   2. A synthetic legacy file with N targets (default 1,000,000; bench/make-legacy-file.mjs):
//      rows written per second by `pf import`, next to a plain COPY of exactly the rows it
//      wrote into the same (migrated, empty) tables. Target: ≥ 70 %. Peak RSS of the
//      import at N/10 and N shows whether memory stays flat.
//
// Usage: node bench/import.mjs [--targets N] [--rounds R] [--skip-shared] [--skip-synthetic]
// Scratch databases on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432),
// dropped afterwards. pgloader: `apt-get install -y pgloader` (skipped, and said so, when absent).
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, statSync, createReadStream} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import postgres from 'postgres';
import {adminUrl, cli, median, printTable, repoRoot, scratchName, withDatabase} from './lib.mjs';
import {makeLegacyFile} from './make-legacy-file.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : fallback;
};
const targets = Number(option('targets', 1_000_000));
const rounds = Number(option('rounds', 3));
const sharedFile = path.resolve(repoRoot, '..', 'shared', 'data', 'legacy', 'partnerforge.db');
const scratchDir = path.join(os.tmpdir(), 'pf-bench-import');
mkdirSync(scratchDir, {recursive: true});

const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
const created = [];

async function scratchDatabase(migrated) {
	const name = scratchName('pf_bench_import');
	await admin`create database ${admin(name)}`;
	created.push(name);
	const url = withDatabase(adminUrl(), name);
	if (migrated) run(process.execPath, [cli, 'db', 'migrate'], {DATABASE_URL: url});
	return url;
}

async function dropAll() {
	for (const name of created.splice(0)) await admin`drop database if exists ${admin(name)} with (force)`;
}

function run(command, commandArgs, env = {}) {
	const result = spawnSync(command, commandArgs, {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28});
	if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited ${result.status}: ${result.stderr}`);
	return result.stdout.toString();
}

/** Runs a command, returning wall time, stdout and the peak RSS (VmHWM, polled from /proc). */
function measured(command, commandArgs, env = {}) {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const child = spawn(command, commandArgs, {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		let peakKb = 0;
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const poll = setInterval(() => {
			try {
				const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
				if (match) peakKb = Math.max(peakKb, Number(match[1]));
			} catch {}
		}, 50);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(poll);
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			if (code !== 0) reject(new Error(`${command} exited ${code}: ${stderr.slice(-2000)}`));
			else resolve({ms, stdout, stderr, peakMb: peakKb / 1024});
		});
	});
}

const seconds = (ms) => (ms / 1000).toFixed(2);

async function sharedFileBench() {
	if (!existsSync(sharedFile)) {
		console.log(`skipped: ${sharedFile} is not there`);
		return;
	}
	const pgloader = spawnSync('pgloader', ['--version'], {stdio: 'ignore'}).status === 0;
	if (!pgloader) console.log('pgloader is not installed (apt-get install -y pgloader): timing pf import alone');
	const pf = [];
	const loader = [];
	let revenue = {};
	for (let round = 0; round < rounds; round++) {
		const target = await scratchDatabase(true);
		pf.push((await measured(process.execPath, [cli, 'import', sharedFile], {DATABASE_URL: target})).ms);
		if (round === 0) {
			const sql = postgres(target, {max: 1, onnotice: () => {}});
			revenue.pf = (await sql`select latest_revenue::text as r from intel_financial_profile where domain = 'mercedes-benz.com'`)[0]?.r;
			await sql.end();
		}
		if (pgloader) {
			const empty = await scratchDatabase(false);
			loader.push((await measured('pgloader', ['--quiet', `sqlite://${sharedFile}`, empty])).ms);
			if (round === 0) {
				const sql = postgres(empty, {max: 1, onnotice: () => {}});
				const [row] = await sql`select revenue::text as r, pg_typeof(revenue)::text as t from displacement_targets where domain = 'mercedes-benz.com'`;
				revenue.pgloader = `${row?.r} (${row?.t})`;
				await sql.end();
			}
		}
		await dropAll();
	}
	const rows = [{what: 'pf import (transform+validate+load+reconcile)', median_s: seconds(median(pf)), min_s: seconds(Math.min(...pf)), 'revenue of mercedes-benz.com': revenue.pf}];
	if (pgloader) rows.push({what: 'pgloader plain copy', median_s: seconds(median(loader)), min_s: seconds(Math.min(...loader)), 'revenue of mercedes-benz.com': revenue.pgloader});
	console.log(`\nshared legacy file (${(statSync(sharedFile).size / 1e6).toFixed(1)} MB), ${rounds} rounds interleaved, ${os.cpus().length} cores`);
	printTable(rows, ['what', 'median_s', 'min_s', 'revenue of mercedes-benz.com']);
	if (pgloader) console.log(`ratio pf / pgloader (median): ${(median(pf) / median(loader)).toFixed(2)} (target ≤ 0.80)`);
}

async function importRun(file) {
	const target = await scratchDatabase(true);
	const result = await measured(process.execPath, [cli, 'import', file, '--json'], {DATABASE_URL: target});
	const report = JSON.parse(result.stdout);
	if (!report.ok) throw new Error('the synthetic import did not reconcile');
	return {target, report, ...result};
}

async function syntheticBench() {
	const small = Math.max(1000, Math.round(targets / 10));
	const files = {};
	for (const n of [small, targets]) {
		const file = path.join(scratchDir, `synthetic-${n}.db`);
		if (!existsSync(file)) {
			const started = Date.now();
			makeLegacyFile(file, n);
			console.log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${seconds(Date.now() - started)} s`);
		}
		files[n] = file;
	}
	const smallRun = await importRun(files[small]);
	await dropAll();
	const big = await importRun(files[targets]);
	const written = big.report.written.filter((w) => w.inserted > 0 && !w.table.startsWith('import_'));
	const rowsWritten = written.reduce((sum, w) => sum + w.inserted, 0);

	// Plain COPY of the same rows into the same tables of a fresh migrated database.
	// (psql dumps the rows: postgres.js's COPY readable stalled on small tables here.)
	const dumps = [];
	for (const {table} of written) {
		const file = path.join(scratchDir, `${table}.copy`);
		run('psql', [big.target, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy ${table} to '${file}'`]);
		dumps.push({table, file});
	}
	await dropAll();
	const baselineUrl = await scratchDatabase(true);
	const baseline = postgres(baselineUrl, {max: 1, onnotice: () => {}});
	const started = process.hrtime.bigint();
	await baseline.begin(async (tx) => {
		for (const {table, file} of dumps) await pipeline(createReadStream(file), await tx`copy ${tx(table)} from stdin`.writable());
	});
	const copyMs = Number(process.hrtime.bigint() - started) / 1e6;
	await baseline.end();
	for (const {file} of dumps) rmSync(file, {force: true});
	await dropAll();

	const importRate = rowsWritten / (big.ms / 1000);
	const copyRate = rowsWritten / (copyMs / 1000);
	console.log(`\nsynthetic legacy file: ${targets.toLocaleString('en')} targets → ${rowsWritten.toLocaleString('en')} rows written into ${written.length} tables`);
	printTable(
		[
			{what: 'pf import (read+transform+stage+upsert+reconcile)', seconds: seconds(big.ms), 'rows/s': Math.round(importRate).toLocaleString('en'), 'peak RSS MB': big.peakMb.toFixed(0)},
			{what: 'plain COPY of the same rows, same tables', seconds: seconds(copyMs), 'rows/s': Math.round(copyRate).toLocaleString('en'), 'peak RSS MB': '-'},
			{what: `pf import of ${small.toLocaleString('en')} targets (memory check)`, seconds: seconds(smallRun.ms), 'rows/s': '-', 'peak RSS MB': smallRun.peakMb.toFixed(0)},
		],
		['what', 'seconds', 'rows/s', 'peak RSS MB'],
	);
	console.log(`ratio import / COPY rows per second: ${(importRate / copyRate).toFixed(2)} (target ≥ 0.70); peak RSS ${smallRun.peakMb.toFixed(0)} MB at ${small.toLocaleString('en')} targets vs ${big.peakMb.toFixed(0)} MB at ${targets.toLocaleString('en')}`);
}

try {
	if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `node build.mjs` first');
	console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
	if (!args.includes('--skip-shared')) await sharedFileBench();
	if (!args.includes('--skip-synthetic')) await syntheticBench();
} finally {
	await dropAll().catch(() => {});
	await admin.end();
}
