// bench/audit (issue 8), one run:
// 1. The legacy import (`pf import` of ../shared/data/legacy/partnerforge.db) into fresh
//    databases with the audit triggers of sql/0600 enabled vs disabled, interleaved.
//    Target: the triggers add ≤ 20 %.
// 2. What checking an API key and its rate limit adds to an enqueue: the key check
//    (hash + look-up) + the sliding window (PostgreSQL, and Redis when REDIS_URL is set
//    or 127.0.0.1:6379 answers) per call, and a whole enqueueEnrichment with a key vs
//    as the system actor (no key, no limit). Target: ≤ 5 ms.
//   node build.mjs && node bench/audit.mjs [--rounds 5] [--legacy FILE]
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {build} from 'esbuild';
import postgres from 'postgres';
import {adminUrl, cli, createScratchDatabase, median, printTable, repoRoot, scratchName, timeCommand, withDatabase} from './lib.mjs';

const argValue = (name, fallback) => {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : process.argv[index + 1];
};
const rounds = Number(argValue('--rounds', '5'));
const legacy = path.resolve(argValue('--legacy', path.join(repoRoot, '..', 'shared', 'data', 'legacy', 'partnerforge.db')));
if (!existsSync(cli)) throw new Error('run `node build.mjs` first (bench/audit runs dist/cli.js)');
if (!existsSync(legacy)) throw new Error(`no legacy file at ${legacy} (--legacy FILE)`);

const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
const created = [];
async function createDatabase(name, template) {
	await createScratchDatabase(admin, name, template);
	created.push(name);
	return withDatabase(adminUrl(), name);
}
const envFor = (url, extra = {}) => ({...process.env, DATABASE_URL: url, REDIS_URL: '', NO_COLOR: '1', ...extra});

try {
	// ---- 1. the legacy import with and without the audit triggers ----------------------
	const withTriggers = scratchName('pf_bench_audit_on');
	const withoutTriggers = scratchName('pf_bench_audit_off');
	for (const name of [withTriggers, withoutTriggers]) {
		const url = await createDatabase(name);
		const migrated = spawnSync(process.execPath, [cli, 'db', 'migrate'], {env: envFor(url), encoding: 'utf8'});
		if (migrated.status !== 0) throw new Error(migrated.stderr);
	}
	const off = postgres(withDatabase(adminUrl(), withoutTriggers), {max: 1, onnotice: () => {}});
	const triggers = await off`select tgrelid::regclass::text as table, tgname from pg_trigger where tgname like '%\\_audit\\_%' and not tgisinternal`;
	for (const {table, tgname} of triggers) await off`alter table ${off(table)} disable trigger ${off(tgname)}`;
	await off.end();

	const samples = {on: [], off: []};
	let auditRows = 0;
	for (let round = 0; round < rounds; round++) {
		// Alternate which goes first, so load drifts hit both alike.
		const order = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
		for (const kind of order) {
			const name = scratchName(`pf_bench_audit_${kind}_r${round}`);
			const url = await createDatabase(name, kind === 'on' ? withTriggers : withoutTriggers);
			samples[kind].push(timeCommand(process.execPath, [cli, 'import', legacy], envFor(url)));
			if (kind === 'on' && round === 0) {
				const db = postgres(url, {max: 1, onnotice: () => {}});
				[{n: auditRows}] = await db`select count(*)::int as n from audit_data_changes`;
				await db.end();
			}
			await admin`drop database if exists ${admin(name)} with (force)`;
		}
	}
	const importOn = median(samples.on);
	const importOff = median(samples.off);
	console.log(`\n1. pf import of the legacy database (${path.basename(legacy)}), ${rounds} fresh databases each, interleaved`);
	printTable(
		[
			{case: 'audit triggers disabled', 'median ms': importOff.toFixed(0), 'min ms': Math.min(...samples.off).toFixed(0)},
			{case: 'audit triggers enabled', 'median ms': importOn.toFixed(0), 'min ms': Math.min(...samples.on).toFixed(0)},
		],
		['case', 'median ms', 'min ms'],
	);
	console.log(`audit_data_changes rows written by one import: ${auditRows}; overhead: ${(((importOn - importOff) / importOff) * 100).toFixed(1)} % (target ≤ 20 %)`);

	// 1b. The same cost measured inside PostgreSQL, less sensitive to machine load: the
	// imported core and intel rows inserted again (one INSERT … SELECT per table, as the
	// import does) under EXPLAIN ANALYZE, which times the audit trigger apart from the
	// insert itself. Rolled back.
	const probeName = scratchName('pf_bench_audit_probe');
	const probeUrl = await createDatabase(probeName, withTriggers);
	spawnSync(process.execPath, [cli, 'import', legacy], {env: envFor(probeUrl)});
	const probe = postgres(probeUrl, {max: 1, onnotice: () => {}});
	const audited = await probe`select distinct tgrelid::regclass::text as table from pg_trigger where tgname like '%\\_audit\\_insert' order by 1`;
	let insertMs = 0;
	let triggerMs = 0;
	let rowsInserted = 0;
	await probe
		.begin(async (tx) => {
			for (const {table} of audited) {
				const [{n}] = await tx`select count(*)::int as n from ${tx(table)}`;
				if (n === 0) continue;
				await tx`create temp table ${tx(`copy_${table}`)} on commit drop as select * from ${tx(table)}`;
				await tx`set local session_replication_role = replica`; // empty the table without triggers or foreign-key checks
				await tx`delete from ${tx(table)}`;
				await tx`set local session_replication_role = origin`;
				const [row] = await tx`explain (analyze, format json) insert into ${tx(table)} select * from ${tx(`copy_${table}`)}`;
				const plan = row['QUERY PLAN'][0];
				const trigger = (plan.Triggers ?? []).filter((t) => t['Trigger Name'].endsWith('_audit_insert')).reduce((sum, t) => sum + t.Time, 0);
				triggerMs += trigger;
				insertMs += plan['Execution Time'] - trigger;
				rowsInserted += n;
			}
			throw new Error('rollback');
		})
		.catch((error) => {
			if (error.message !== 'rollback') throw error;
		});
	await probe.end();
	console.log(
		`inside PostgreSQL: inserting the ${rowsInserted} imported core/intel rows took ${insertMs.toFixed(0)} ms, their audit triggers ${triggerMs.toFixed(0)} ms ` +
			`(${((triggerMs / importOff) * 100).toFixed(1)} % of the import's median time without triggers)`,
	);

	// ---- 2. key check + rate limit on the enqueue path ----------------------------------
	const outdir = mkdtempSync(path.join(os.tmpdir(), 'pf-bench-audit-'));
	const entry = path.join(outdir, 'entry.mjs');
	await build({
		stdin: {
			contents: `
				export {actorFromKey, checkRateLimit, recordAction, guardEnqueue} from './source/services/access.ts';
				export {addUser, createKey} from './source/services/users.ts';
				export {enqueueEnrichment} from './source/services/enrichment-queue.ts';
				export {shutdown} from './source/lifecycle.ts';
				export {clientOptions} from './source/db/client.ts';`,
			resolveDir: repoRoot,
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		outfile: entry,
		logLevel: 'error',
		// Named apart: the bundled source/queue/backend.ts imports createRequire itself.
		banner: {js: "import {createRequire as pfBenchCreateRequire} from 'node:module'; const require = pfBenchCreateRequire(import.meta.url);"},
	});
	// The bundle resolves packages from the repository.
	const moved = path.join(repoRoot, 'bench', `.audit-bench-${path.basename(outdir)}.mjs`);
	spawnSync('cp', [entry, moved]);
	rmSync(outdir, {recursive: true, force: true});
	let pf;
	try {
		pf = await import(moved);
	} finally {
		rmSync(moved, {force: true});
	}
	const guardUrl = await createDatabase(scratchName('pf_bench_audit_key'), withTriggers);
	const sql = postgres(guardUrl, pf.clientOptions({max: 4}));
	const local = {kind: 'local'};
	await pf.addUser(sql, {email: 'bench@example.com', role: 'user'}, {actor: local});
	const {key} = await pf.createKey(sql, {email: 'bench@example.com', permissions: 'read,enrich', rateLimitRpm: 100_000}, {actor: local});

	const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
	let redisUp = false;
	try {
		const {Redis} = await import('ioredis');
		const probe = new Redis(redisUrl, {lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000});
		probe.on('error', () => {});
		await probe.connect();
		await probe.ping();
		probe.disconnect();
		redisUp = true;
	} catch {}

	const time = async (count, work) => {
		const values = [];
		for (let i = 0; i < count; i++) {
			const started = process.hrtime.bigint();
			await work(i);
			values.push(Number(process.hrtime.bigint() - started) / 1e6);
		}
		values.sort((a, b) => a - b);
		return {median: median(values), p95: values[Math.floor(values.length * 0.95)]};
	};
	const iterations = 300;
	const rows = [];
	const check = (redis) => async () => {
		const actor = await pf.actorFromKey(sql, key, 'PF_API_KEY');
		await pf.checkRateLimit(sql, actor, {redisUrl: redis});
	};
	await time(20, check(undefined)); // warm up the connections
	const pgCheck = await time(iterations, check(undefined));
	rows.push({step: 'key check + rate limit (PostgreSQL window)', ...pgCheck});
	if (redisUp) {
		await time(20, check(redisUrl));
		rows.push({step: 'key check + rate limit (Redis window)', ...(await time(iterations, check(redisUrl)))});
	}
	const actor = await pf.actorFromKey(sql, key, 'PF_API_KEY');
	rows.push({step: 'audit row of the enqueue (recordAction)', ...(await time(iterations, () => pf.recordAction(sql, actor, {action: 'enrich.enqueue', domain: 'bench.example.com'})))});

	// Whole enqueues (PostgreSQL queue backend), one new domain each, interleaved.
	const enqueueSamples = {key: [], system: []};
	const env = {...process.env, PF_API_KEY: key, REDIS_URL: ''};
	const saved = {...process.env};
	Object.assign(process.env, env);
	delete process.env.REDIS_URL;
	for (let i = 0; i < 5; i++) await pf.enqueueEnrichment(sql, {domains: [`warm${i}.example.com`], actor: {kind: 'system'}});
	for (let i = 0; i < 100; i++) {
		for (const kind of i % 2 ? ['key', 'system'] : ['system', 'key']) {
			const started = process.hrtime.bigint();
			await pf.enqueueEnrichment(sql, {domains: [`${kind}${i}.example.com`], ...(kind === 'system' ? {actor: {kind: 'system'}} : {})});
			enqueueSamples[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
		}
	}
	process.env = saved;
	const enqueueKey = median(enqueueSamples.key);
	const enqueueSystem = median(enqueueSamples.system);
	console.log(`\n2. checking a key and its rate limit on the enqueue path (${iterations} calls each, in-process, postgres.js)`);
	printTable(
		[
			...rows.map((row) => ({step: row.step, 'median ms': row.median.toFixed(2), 'p95 ms': row.p95.toFixed(2)})),
			{step: 'enqueueEnrichment, system actor (no key, no limit)', 'median ms': enqueueSystem.toFixed(2), 'p95 ms': '-'},
			{step: 'enqueueEnrichment, PF_API_KEY (key + PostgreSQL window)', 'median ms': enqueueKey.toFixed(2), 'p95 ms': '-'},
		],
		['step', 'median ms', 'p95 ms'],
	);
	console.log(`added to an enqueue by the key check + rate limit: ${(enqueueKey - enqueueSystem).toFixed(2)} ms (median difference; target ≤ 5 ms)${redisUp ? '' : '; Redis not reachable: its window was not measured'}`);
	await sql.end();
	await pf.shutdown();
	console.log('\nmachine: 2 cores; server:', adminUrl().replace(/\/\/[^@]*@/, '//'));
} finally {
	for (const name of created) await admin`drop database if exists ${admin(name)} with (force)`.catch(() => {});
	await admin.end();
}
