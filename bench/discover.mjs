// bench/discover: `pf discover` over 100,000 listed domains replayed by a local Lists
// server (100 pages of 1,000), run twice (first run: inserts; second run: all known),
// against a row-by-row baseline (one customer check and two upserts per domain, the
// obvious implementation) measured in the same run.
// Target (issue 7): ≥ 20,000 domains/s excluding the server's own time.
//   node build.mjs && node bench/discover.mjs [--domains 100000] [--page 1000] [--baseline 5000]
//     [--old DIR]   also run an older build (DIR/dist/cli.js with its own DIR/sql, e.g. a
//                   `git worktree` built at the old commit) on its own scratch database, the
//                   runs interleaved: old first, new first, old second, new second.
//     [--audit-share] also run this build on a database whose audit triggers on
//                   core_companies and intel_technology_stack are disabled (what the audit
//                   trail costs discovery), interleaved the same way.
// (server: DATABASE_URL or 127.0.0.1:5432/test; scratch databases are created and dropped)
//
// "PostgreSQL CPU" is the CPU time of pf's server backends (read from /proc/<pid>/stat
// every 50 ms while pf runs), so it is only shown when the server runs on this machine.
import {spawnSync, spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {cli as defaultCli, adminUrl, printTable, scratchName, withDatabase} from './lib.mjs';

const arg = (name, fallback) => {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : fallback;
};
const total = Number(arg('domains', 100_000));
const pageSize = Number(arg('page', 1_000));
const baselineSample = Number(arg('baseline', 5_000));
const cli = process.env.PF_TEST_CLI || defaultCli;
const oldDir = arg('old', undefined);
const oldCli = oldDir ? path.resolve(oldDir, 'dist', 'cli.js') : undefined;
const auditShare = process.argv.includes('--audit-share');
if (oldCli && !existsSync(oldCli)) throw new Error(`--old: ${oldCli} does not exist (build that checkout first)`);

const domainOf = (i) => `site-${i}.bench-${i % 97}.com`;
const isCustomer = (i) => i % 50 === 0; // 2% are Algolia customers
const isKnown = (i) => i % 10 === 5; // 10% are already known companies

// The replayed pages, serialised before the clock starts: the server only writes bytes.
const pages = [];
for (let start = 0, page = 0; start < total; start += pageSize, page++) {
	const results = [];
	for (let i = start; i < Math.min(total, start + pageSize); i++) {
		results.push({D: i % 1000 === 999 ? 'not a domain' : domainOf(i), FD: 1622505600000 + i * 1000, LD: 1763942400000, META: {CompanyName: `Bench Company ${i}`, Vertical: 'Shopping', Country: 'US'}});
	}
	const next = start + pageSize >= total ? 'END' : `offset-${page + 1}`;
	pages.push(Buffer.from(JSON.stringify({NextOffset: next, Results: results})));
}
let serverMs = 0;
const server = http.createServer((request, response) => {
	const started = process.hrtime.bigint();
	const offset = new URL(request.url, 'http://x').searchParams.get('OFFSET');
	const body = pages[offset ? Number(offset.slice('offset-'.length)) : 0];
	response.writeHead(200, {'content-type': 'application/json', 'content-length': body.length});
	response.end(body);
	serverMs += Number(process.hrtime.bigint() - started) / 1e6;
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const serverUrl = `http://127.0.0.1:${server.address().port}`;

const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
const local = ['127.0.0.1', 'localhost', '::1', ''].includes(new URL(adminUrl()).hostname) && existsSync('/proc/self/stat');
const ticks = 100; // USER_HZ on Linux
const cpuMsOf = (pid) => {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
	} catch {
		return undefined;
	}
};

/** A migrated, seeded scratch database for one build. */
async function prepare(buildCli, {withoutAudit = false} = {}) {
	const name = scratchName('pf_bench_discover');
	await admin`create database ${admin(name)}`;
	const url = withDatabase(adminUrl(), name);
	const env = {...process.env, DATABASE_URL: url, PF_BUILTWITH_URL: serverUrl, BUILTWITH_API_KEY: 'bench-key', PF_RATE_LIMIT_BUILTWITH: 'off', PF_USER: 'bench', NO_COLOR: '1'};
	const migrated = spawnSync(process.execPath, [buildCli, 'db', 'migrate'], {env, encoding: 'utf8'});
	if (migrated.status !== 0) throw new Error(`pf db migrate failed: ${migrated.stderr}`);
	const sql = postgres(url, {max: 4, onnotice: () => {}});
	const customers = [];
	const known = [];
	for (let i = 0; i < total + baselineSample; i++) {
		if (isCustomer(i)) customers.push(domainOf(i));
		else if (isKnown(i)) known.push(domainOf(i));
	}
	await sql`select 1`; // let postgres.js load the array types before the first array parameter
	await sql`insert into core_customers (domain, source) select unnest(${sql.array(customers, 25)}::text[]), 'manual'`;
	await sql`insert into core_companies (domain) select unnest(${sql.array(known, 25)}::text[])`;
	await sql`analyze`;
	if (withoutAudit) {
		// Bench only: the audit triggers of the two tables discovery writes, by name from the catalog.
		const triggers = await sql`select tgrelid::regclass::text as relation, tgname as name from pg_trigger
			where tgrelid in ('core_companies'::regclass, 'intel_technology_stack'::regclass) and not tgisinternal and tgname like '%audit%'`;
		for (const trigger of triggers) await sql`alter table ${sql(trigger.relation)} disable trigger ${sql(trigger.name)}`;
	}
	const [{pid}] = await sql`select pg_backend_pid() as pid`;
	return {name, url, env, sql, buildCli, ownPid: pid};
}

/** Runs `pf discover` once; its report, wall time, the Lists server's time and its backends' CPU. */
async function runDiscover(target) {
	// The seeding's (and the previous run's) dirty pages are written out before the clock
	// starts, so each run pays for its own writes only (needs a superuser; else skipped).
	await admin`checkpoint`.catch(() => {});
	return new Promise((resolve, reject) => {
		serverMs = 0;
		const backends = new Map(); // pid → [first seen cpu ms, last cpu ms]
		let sampling = true;
		const sample = async () => {
			while (sampling && local) {
				const rows = await admin`select pid from pg_stat_activity where datname = ${target.name} and backend_type = 'client backend' and pid <> ${target.ownPid}`;
				for (const {pid} of rows) {
					const cpu = cpuMsOf(pid);
					if (cpu === undefined) continue;
					const seen = backends.get(pid);
					if (seen) seen[1] = cpu;
					else backends.set(pid, [0, cpu]); // a new backend: all its CPU is pf's
				}
				await new Promise((r) => setTimeout(r, 50));
			}
		};
		const sampler = sample();
		const started = process.hrtime.bigint();
		const child = spawn(process.execPath, [target.buildCli, 'discover', 'Adobe-Experience-Manager', '--json'], {env: target.env, stdio: ['ignore', 'pipe', 'pipe']});
		// pf's own CPU (start-up included), sampled like the backends' until it exits.
		let pfCpuMs = null;
		const pfSampler = local ? setInterval(() => (pfCpuMs = cpuMsOf(child.pid) ?? pfCpuMs), 20) : undefined;
		child.on('exit', () => clearInterval(pfSampler));
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (err += chunk));
		child.on('close', async (code) => {
			const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
			sampling = false;
			await sampler;
			if (code !== 0) return reject(new Error(`pf discover exited ${code}: ${err}`));
			const pgCpuMs = local ? [...backends.values()].reduce((sum, [first, last]) => sum + last - first, 0) : null;
			resolve({report: JSON.parse(out), wallMs, serverMs, pgCpuMs, pfCpuMs, load: os.loadavg()[0]});
		});
	});
}

const targets = [];
try {
	const current = await prepare(cli);
	targets.push(current);
	const old = oldCli ? await prepare(oldCli) : undefined;
	if (old) targets.push(old);
	const bare = auditShare ? await prepare(cli, {withoutAudit: true}) : undefined;
	if (bare) targets.push(bare);

	const results = {};
	// Interleaved so the load of the moment hits both builds alike.
	if (old) results.oldFirst = await runDiscover(old);
	if (bare) results.bareFirst = await runDiscover(bare);
	results.first = await runDiscover(current);
	if (old) results.oldSecond = await runDiscover(old);
	if (bare) results.bareSecond = await runDiscover(bare);
	results.second = await runDiscover(current);

	// Baseline: the same work row by row, on domains the runs above never saw.
	const sql = current.sql;
	const tech = {name: 'Adobe Experience Manager', category: 'CMS', tier: 'premier'};
	const baselineStarted = process.hrtime.bigint();
	for (let i = total; i < total + baselineSample; i++) {
		const domain = domainOf(i);
		const [{customer}] = await sql`select exists (select 1 from v_effective_customers where domain = ${domain}) as customer`;
		if (customer) continue;
		await sql`insert into core_companies (domain, company_name, vertical, headquarters_country) values (${domain}, ${`Bench Company ${i}`}, 'Shopping', 'US') on conflict (domain) do nothing`;
		await sql`insert into intel_technology_stack (domain, technology_name, category, is_partner_tech, partner_tier, first_detected, last_detected, source, data_source, retrieved_at)
			values (${domain}, ${tech.name}, ${tech.category}, true, ${tech.tier}, now()::date, now()::date, 'builtwith_lists', 'builtwith', now())
			on conflict (domain, technology_name) do update set last_detected = excluded.last_detected, retrieved_at = excluded.retrieved_at`;
	}
	const baselineMs = Number(process.hrtime.bigint() - baselineStarted) / 1e6;

	const rate = (n, ms) => (ms > 0 ? Math.round(n / (ms / 1000)).toLocaleString('en-US') : '-');
	const row = (name, result) => {
		const t = result.report.timings;
		const listed = result.report.counts.listed;
		return {
			run: name,
			domains: listed.toLocaleString('en-US'),
			'pf ms': t.processMs.toFixed(0),
			'domains/s': rate(listed, t.processMs),
			'db wait ms': t.dbMs.toFixed(0),
			'PostgreSQL CPU ms': result.pgCpuMs === null ? '-' : result.pgCpuMs.toFixed(0),
			'pf CPU ms': result.pfCpuMs === null ? '-' : result.pfCpuMs.toFixed(0),
			'client-side domains/s': rate(listed, t.processMs - t.dbMs),
			'HTTP wait ms': t.fetchMs.toFixed(0),
			'wall ms': result.wallMs.toFixed(0),
			'lists server ms': result.serverMs.toFixed(0),
			load: result.load.toFixed(1),
		};
	};
	const rows = [];
	if (results.oldFirst) rows.push(row('old build: first run (inserts)', results.oldFirst));
	if (results.bareFirst) rows.push(row('without audit triggers: first run', results.bareFirst));
	rows.push(row('pf discover: first run (inserts)', results.first));
	if (results.oldSecond) rows.push(row('old build: second run (all known)', results.oldSecond));
	if (results.bareSecond) rows.push(row('without audit triggers: second run', results.bareSecond));
	rows.push(row('pf discover: second run (all known)', results.second));
	rows.push({run: 'baseline: row by row', domains: baselineSample.toLocaleString('en-US'), 'pf ms': baselineMs.toFixed(0), 'domains/s': rate(baselineSample, baselineMs), 'db wait ms': '-', 'PostgreSQL CPU ms': '-', 'pf CPU ms': '-', 'client-side domains/s': '-', 'HTTP wait ms': '-', 'wall ms': '-', 'lists server ms': '-', load: os.loadavg()[0].toFixed(1)});
	printTable(rows, ['run', 'domains', 'pf ms', 'domains/s', 'db wait ms', 'PostgreSQL CPU ms', 'pf CPU ms', 'client-side domains/s', 'HTTP wait ms', 'wall ms', 'lists server ms', 'load']);
	const f = results.first.report;
	const s = results.second.report;
	console.log(`\nfirst run: ${f.counts.newCompanies} new, ${f.counts.alreadyKnown} known, ${f.counts.skippedCustomer} customers, ${f.counts.invalid} invalid, ${f.pages} pages, ${f.apiCalls} calls`);
	console.log(`second run: ${s.counts.newCompanies} new, ${s.counts.alreadyKnown} known, ${s.counts.skippedCustomer} customers, ${s.counts.invalid} invalid`);
	if (results.oldFirst) {
		const o = results.oldFirst.report.counts;
		if (o.newCompanies !== f.counts.newCompanies || o.alreadyKnown !== f.counts.alreadyKnown || o.skippedCustomer !== f.counts.skippedCustomer) console.log(`!! the old build counted differently: ${JSON.stringify(o)}`);
	}
	console.log(`\n"pf ms" = pf's time minus the time it only waited for the Lists server ("HTTP wait"; a page fetched during the previous page's write is not waiting), PostgreSQL included;`);
	console.log(`"db wait ms" = waiting for the page writes; "PostgreSQL CPU" = CPU of pf's server backends; "pf CPU" = the pf process's own CPU, start-up included; "client-side" = pf's time minus the db wait;`);
	console.log(`"wall ms" includes process start-up and HTTP. Load = 1-minute load average at the end of the run, ${os.cpus().length} cores.`);
	console.log(`server: ${adminUrl()}; target: ≥ 20,000 domains/s excluding the server's own time`);
} finally {
	for (const target of targets) {
		await target.sql.end();
		await admin`drop database if exists ${admin(target.name)} with (force)`;
	}
	server.close();
	await admin.end();
}
