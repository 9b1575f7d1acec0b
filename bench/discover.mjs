// bench/discover: `pf discover` over 100,000 listed domains replayed by a local Lists
// server (100 pages of 1,000), against a row-by-row baseline (one customer check and two
// upserts per domain, the obvious implementation) measured in the same run.
// Target (issue 7): ≥ 20,000 domains/s excluding the server's own time.
//   node build.mjs && node bench/discover.mjs [--domains 100000] [--page 1000]
// (server: DATABASE_URL or 127.0.0.1:5432/test; a scratch database is created and dropped)
import {spawnSync, spawn} from 'node:child_process';
import http from 'node:http';
import postgres from 'postgres';
import {cli as defaultCli, adminUrl, printTable, scratchName, withDatabase} from './lib.mjs';

const arg = (name, fallback) => {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const total = arg('domains', 100_000);
const pageSize = arg('page', 1_000);
const baselineSample = arg('baseline', 5_000);
const cli = process.env.PF_TEST_CLI || defaultCli;

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

const scratch = scratchName('pf_bench_discover');
const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
await admin`create database ${admin(scratch)}`;
const url = withDatabase(adminUrl(), scratch);
const env = {...process.env, DATABASE_URL: url, PF_BUILTWITH_URL: serverUrl, BUILTWITH_API_KEY: 'bench-key', PF_RATE_LIMIT_BUILTWITH: 'off', PF_USER: 'bench', NO_COLOR: '1'};
const migrated = spawnSync(process.execPath, [cli, 'db', 'migrate'], {env, encoding: 'utf8'});
if (migrated.status !== 0) throw new Error(`pf db migrate failed: ${migrated.stderr}`);

const sql = postgres(url, {max: 4, onnotice: () => {}});
try {
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

	const runDiscover = () =>
		new Promise((resolve, reject) => {
			const started = process.hrtime.bigint();
			const child = spawn(process.execPath, [cli, 'discover', 'Adobe-Experience-Manager', '--json'], {env, stdio: ['ignore', 'pipe', 'pipe']});
			let out = '';
			let err = '';
			child.stdout.on('data', (chunk) => (out += chunk));
			child.stderr.on('data', (chunk) => (err += chunk));
			child.on('close', (code) => {
				const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
				if (code !== 0) return reject(new Error(`pf discover exited ${code}: ${err}`));
				resolve({report: JSON.parse(out), wallMs});
			});
		});

	serverMs = 0;
	const first = await runDiscover();
	const firstServerMs = serverMs;
	serverMs = 0;
	const second = await runDiscover();
	const secondServerMs = serverMs;

	// Baseline: the same work row by row, on domains the runs above never saw.
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

	const [{companies}] = await sql`select count(*)::int as companies from core_companies`;
	const rate = (n, ms) => (ms > 0 ? Math.round(n / (ms / 1000)).toLocaleString('en-US') : '-');
	const row = (name, listed, timings, wallMs, server) => ({
		run: name,
		domains: listed.toLocaleString('en-US'),
		'pf ms': timings.processMs.toFixed(0),
		'domains/s': rate(listed, timings.processMs),
		'of which db ms': timings.dbMs === null ? '-' : timings.dbMs.toFixed(0),
		'client-side domains/s': timings.dbMs === null ? '-' : rate(listed, timings.processMs - timings.dbMs),
		'wall ms': wallMs === null ? '-' : wallMs.toFixed(0),
		'lists server ms': server === null ? '-' : server.toFixed(0),
	});
	const f = first.report;
	const s = second.report;
	printTable(
		[
			row('pf discover (first run: inserts)', f.counts.listed, f.timings, first.wallMs, firstServerMs),
			row('pf discover (second run: all known)', s.counts.listed, s.timings, second.wallMs, secondServerMs),
			row('baseline: row by row', baselineSample, {processMs: baselineMs, dbMs: null}, null, null),
		],
		['run', 'domains', 'pf ms', 'domains/s', 'of which db ms', 'client-side domains/s', 'wall ms', 'lists server ms'],
	);
	console.log(`\nfirst run: ${f.counts.newCompanies} new, ${f.counts.alreadyKnown} known, ${f.counts.skippedCustomer} customers, ${f.counts.invalid} invalid, ${f.pages} pages, ${f.apiCalls} calls; HTTP wait ${f.timings.fetchMs} ms of ${f.timings.totalMs} ms`);
	console.log(`second run: ${s.counts.newCompanies} new, ${s.counts.alreadyKnown} known; HTTP wait ${s.timings.fetchMs} ms of ${s.timings.totalMs} ms`);
	console.log(`companies in the database: ${companies}`);
	const load = (await import('node:os')).loadavg()[0];
	console.log(`\n"pf ms" = pf's own time (the run minus waiting for the Lists server), PostgreSQL included; "db ms" = waiting for the page writes;`);
	console.log(`"client-side" = pf's time minus PostgreSQL's; "wall ms" includes process start-up and HTTP. Load average during the run: ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores.`);
	console.log(`server: ${adminUrl()}; target: ≥ 20,000 domains/s excluding the server's own time`);
} finally {
	await sql.end();
	server.close();
	await admin`drop database if exists ${admin(scratch)} with (force)`;
	await admin.end();
}
