// bench/brief: the Strategic Signal Brief and scoring, in one run against a running
// PostgreSQL (DATABASE_URL or 127.0.0.1:5432), on a scratch database dropped at the end.
//   1. `pf brief <domain> --json` of a stored brief vs `node -e 0`, interleaved (target ≤ 2×);
//   2. regenerating one brief inside the process (target ≤ 50 ms);
//   3. `pf score --all` over N synthetic companies (default 100,000; target ≤ 10 s). Like the
//      imported legacy data, 80% carry only legacy intel without sources (partner technology,
//      traffic, tech spend); 20% are enriched (URLs, dates, provider, bounce rate), and of
//      those half have job postings and financials and a quarter competitor data.
//   node build.mjs && node bench/brief.mjs [--companies N] [--rounds R] [--baseline DIR]
// --baseline DIR: an older checkout (DIR/dist/cli.js built, DIR/source for the in-process
// regeneration), measured in the same run: each build scores its own copy of the seeded
// database, first runs and rescores interleaved. Every `pf score --all` is reported with
// its wall time, the CPU time of the pf process (user+sys) and of its PostgreSQL backends
// (read from /proc while it runs, so the server must be local), and the load average.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import postgres from 'postgres';
import {adminUrl, cli, compare, median, printTable, repoRoot, scratchName, withDatabase} from './lib.mjs';

const argument = (name, fallback) => {
	const index = process.argv.indexOf(name);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const companies = argument('--companies', 100_000);
const rounds = argument('--rounds', 21);
const baselineIndex = process.argv.indexOf('--baseline');
const baselineRoot = baselineIndex > 0 ? path.resolve(process.argv[baselineIndex + 1]) : undefined;
if (baselineRoot && !existsSync(path.join(baselineRoot, 'dist', 'cli.js'))) throw new Error(`--baseline ${baselineRoot}: no dist/cli.js there (build it first)`);
const builds = [{name: 'this build', root: repoRoot, cli}, ...(baselineRoot ? [{name: 'baseline', root: baselineRoot, cli: path.join(baselineRoot, 'dist', 'cli.js')}] : [])];
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** CPU time (ms) of a local process from /proc, or undefined once it has exited. */
function processCpu(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
	} catch {
		return undefined;
	}
}

/**
 * Runs pf against a database and measures it: wall time, the pf process's CPU time and
 * the CPU time of the database's backends, both sampled from /proc while it runs (the
 * last few milliseconds before each exits are not counted).
 */
async function measured(program, database, args) {
	const monitor = postgres(adminUrl(), {max: 1, onnotice: () => {}});
	const backends = new Map();
	let running = true;
	const sampling = (async () => {
		while (running) {
			for (const {pid} of await monitor`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`) {
				const cpu = processCpu(pid);
				if (cpu !== undefined) backends.set(pid, cpu);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	})();
	const started = performance.now();
	const child = spawn(process.execPath, [program, ...args], {env: {...env, DATABASE_URL: withDatabase(adminUrl(), database)}, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr += chunk));
	let nodeCpu = 0;
	const cpuSampler = setInterval(() => {
		const cpu = processCpu(child.pid);
		if (cpu !== undefined) nodeCpu = cpu;
	}, 20);
	const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	clearInterval(cpuSampler);
	const wall = (performance.now() - started) / 1000;
	running = false;
	await sampling;
	await monitor.end();
	if (status !== 0) throw new Error(`pf ${args.join(' ')} exited ${status}: ${stderr}`);
	let server = 0;
	for (const cpu of backends.values()) server += cpu;
	return {wall, nodeCpu: nodeCpu / 1000, serverCpu: server / 1000, load: loadAverage(), stdout, stderr};
}

const keep = process.argv.includes('--keep');
const scratch = process.env.PF_BENCH_DATABASE || scratchName('pf_bench_brief');
const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
await admin`create database ${admin(scratch)}`;
await admin.end();
const url = withDatabase(adminUrl(), scratch);
const env = {...process.env, DATABASE_URL: url, NO_COLOR: '1'};
const run = (args, entry = {cli, url}) => {
	const result = spawnSync(process.execPath, [entry.cli, ...args], {env: {...env, DATABASE_URL: entry.url}, encoding: 'utf8', maxBuffer: 1 << 30});
	if (result.status !== 0) throw new Error(`pf ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	return result;
};
// The schema of the oldest build; each build then migrates its own copy to its own level.
run(['db', 'migrate'], {cli: builds.at(-1).cli, url});
// Seeding without triggers (session_replication_role = replica): the synthetic intel is
// not audited (it took minutes); every write pf makes below is.
const sql = postgres(url, {max: 1, onnotice: () => {}, connection: {session_replication_role: 'replica'}});
const databases = [];

// Inside node_modules so the bundle resolves 'postgres' from the project.
mkdirSync(path.join(repoRoot, 'node_modules', '.cache'), {recursive: true});
const bundleDir = mkdtempSync(path.join(repoRoot, 'node_modules', '.cache', 'pf-bench-brief-'));
try {
	// --- Synthetic data (set-based, in the server) --------------------------------------
	const seedStarted = performance.now();
	await sql`
		insert into core_companies (domain, company_name, vertical, headquarters_city, headquarters_country, ticker, is_public)
		select 'c' || i || '.example', 'Company ' || i,
			(array['Shopping','Style And Fashion','Automotive And Vehicles','Finance','Technology And Computing','Art And Entertainment','Unknown',null])[1 + i % 8],
			'City ' || (i % 100), 'US', case when i % 10 = 0 then 'T' || i end, i % 10 = 0
		from generate_series(1, ${companies}) as i`;
	await sql`
		insert into intel_traffic_analysis (domain, monthly_visits, bounce_rate, data_month, source_url, data_source, retrieved_at)
		select 'c' || i || '.example', (i::bigint * 7919) % 60000000, case when i % 5 = 0 then ((i % 70) + 20) / 100.0 end, '2026-10',
			case when i % 5 = 0 then 'https://www.similarweb.com/website/c' || i || '.example/' end,
			case when i % 5 = 0 then 'similarweb' else 'legacy_import' end, now() - interval '3 days'
		from generate_series(1, ${companies}) as i`;
	await sql`
		insert into intel_search_provider (domain, current_provider, provider_type, tech_spend_estimate, source_url, data_source, retrieved_at)
		select 'c' || i || '.example', case when i % 5 = 0 then (array['Coveo','Solr','Elasticsearch','Klevu',null])[1 + i % 7 % 5] end, null, (i::bigint * 104729) % 150000,
			case when i % 5 = 0 then 'https://builtwith.com/c' || i || '.example' end,
			case when i % 5 = 0 then 'builtwith' else 'legacy_import' end, now() - interval '3 days'
		from generate_series(1, ${companies}) as i`;
	await sql`
		insert into intel_technology_stack (domain, technology_name, is_partner_tech, first_detected, last_detected, source_url, data_source, retrieved_at)
		select 'c' || i || '.example', (array['Adobe Experience Manager','Shopify Plus','Contentful','Sitecore'])[1 + i % 4], true,
			case when i % 5 = 0 then current_date - (i % 400) end, case when i % 5 = 0 then current_date - 2 end,
			case when i % 5 = 0 then 'https://builtwith.com/c' || i || '.example' end,
			case when i % 5 = 0 then 'builtwith' else 'legacy_import' end, now() - interval '3 days'
		from generate_series(1, ${companies}) as i`;
	await sql`
		insert into intel_hiring_signals (domain, role_title, source_url, posted_date, data_source, retrieved_at)
		select 'c' || i || '.example', (array['Director of E-commerce','Search Engineer','Head of Digital Product','Store Associate'])[1 + i % 4],
			'https://jobs.example.org/c' || i || '/' || (i % 4), current_date - (i % 50), 'jsearch', now()
		from generate_series(1, ${companies}) as i where i % 10 = 0`;
	await sql`
		insert into intel_financial_profile (domain, ticker, latest_revenue, revenue_3yr, ebitda_margin, ecommerce_revenue, ecommerce_growth_yoy, source_urls, data_source, retrieved_at)
		select 'c' || i || '.example', 'T' || i, 1000000000 + i, jsonb_build_array(jsonb_build_object('fiscal_year', '2024', 'revenue', 900000000), jsonb_build_object('fiscal_year', '2025', 'revenue', 1000000000 + i)),
			((i % 40) - 5) / 100.0, 200000000, ((i % 50) - 10) / 100.0, jsonb_build_array('https://data.sec.gov/api/xbrl/companyfacts/CIK' || lpad(i::text, 10, '0') || '.json'), 'sec_edgar', now() - interval '10 days'
		from generate_series(1, ${companies}) as i where i % 10 = 0`;
	await sql`
		insert into intel_competitor_intelligence (domain, competitor_domain, competitor_search_provider, competitor_uses_algolia, source_url, data_source, retrieved_at)
		select 'c' || i || '.example', 'rival' || i || '.example', case when i % 40 = 0 then 'Algolia' else 'Coveo' end, i % 40 = 0,
			'https://builtwith.com/rival' || i || '.example', 'builtwith', now()
		from generate_series(1, ${companies}) as i where i % 20 = 0`;
	await sql`
		insert into evidence_case_studies (customer_name, vertical, use_case, story_url, partner_integrations, key_results, data_source, legacy_id, retrieved_at)
		select 'Customer ' || i, (array['Fashion','Automotive Parts','Media','SaaS','Grocery'])[1 + i % 5], 'B2C Ecommerce',
			'https://www.algolia.com/customers/customer-' || i, jsonb_build_array((array['Shopify Plus','Adobe Magento','SFCC'])[1 + i % 3]), '+' || (i % 20) || '% conversion', 'manual', i, now()
		from generate_series(1, 160) as i`;
	await sql`analyze`;
	const seedSeconds = (performance.now() - seedStarted) / 1000;

	await sql.end();
	console.error(`bench/brief: seeded ${companies} companies in ${seedSeconds.toFixed(1)} s (load ${loadAverage()})`);

	// --- 3. pf score --all, each build on its own copy, interleaved ----------------------
	const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
	for (const [index, entry] of builds.entries()) {
		entry.database = `${scratch}_${index}`;
		await admin`create database ${admin(entry.database)} template ${admin(scratch)}`;
		databases.push(entry.database);
		entry.url = withDatabase(adminUrl(), entry.database);
		run(['db', 'migrate'], entry); // its own migrations (a build may add some)
	}
	await admin.end();
	for (const phase of ['first', 'again']) {
		for (const entry of builds) {
			run(['db', 'migrate'], entry); // a migration added to sql/ meanwhile must not fail the run
			const result = await measured(entry.cli, entry.database, ['score', '--all', '--json']);
			entry[phase] = {...result, changed: JSON.parse(result.stdout).length};
			console.error(`bench/brief: ${entry.name}: pf score --all (${phase}) ${result.wall.toFixed(2)} s, pf CPU ${result.nodeCpu.toFixed(2)} s, server CPU ${result.serverCpu.toFixed(2)} s, load ${result.load}`);
		}
	}

	// --- 2. regenerate one brief in-process (each build's service bundled from its source)
	const domain = 'c10.example'; // enriched: hiring, financials, competitors
	for (const entry of builds) {
		const outdir = path.join(bundleDir, String(builds.indexOf(entry)));
		await build({
			entryPoints: {brief: path.join(entry.root, 'source/services/brief.ts'), client: path.join(entry.root, 'source/db/client.ts')},
			outdir,
			bundle: true,
			splitting: true,
			format: 'esm',
			platform: 'node',
			target: 'node20',
			packages: 'external',
			logLevel: 'warning',
			absWorkingDir: entry.root,
		});
		const {regenerateBrief} = await import(pathToFileURL(path.join(outdir, 'brief.js')).href);
		const {clientOptions} = await import(pathToFileURL(path.join(outdir, 'client.js')).href);
		entry.client = postgres(entry.url, clientOptions({max: 4}));
		entry.regenerate = () => regenerateBrief(entry.client, domain);
		await entry.regenerate(); // warm-up: connections, JIT
		entry.regenerations = [];
		entry.regenerationCpu = 0;
	}
	for (let i = 0; i < rounds; i++) {
		for (const entry of builds) {
			const cpu = process.cpuUsage();
			const started = performance.now();
			await entry.regenerate();
			entry.regenerations.push(performance.now() - started);
			const used = process.cpuUsage(cpu);
			entry.regenerationCpu += (used.user + used.system) / 1000;
		}
	}
	for (const entry of builds) await entry.client.end();

	// --- 1. pf brief --json of a stored brief vs node -e 0 ------------------------------
	const stored = run(['brief', domain, '--json'], builds[0]).stdout;
	const document = JSON.parse(stored);
	const startup = compare(
		[
			{name: 'node -e 0', command: process.execPath, args: ['-e', '0'], env},
			...builds.map((entry) => ({name: `pf brief ${domain} --json (${entry.name})`, command: process.execPath, args: [entry.cli, 'brief', domain, '--json'], env: {...env, DATABASE_URL: entry.url}})),
		],
		rounds,
	);
	const floor = startup[0].median;

	console.log(`bench/brief on ${os.cpus().length} cores, PostgreSQL at ${new URL(adminUrl()).host}; ${companies.toLocaleString('en-US')} synthetic companies seeded in ${seedSeconds.toFixed(1)} s\n`);
	const seconds = (value) => `${value.toFixed(2)} s`;
	printTable(
		[
			...startup.map((row) => ({measure: row.name, result: `${row.median.toFixed(1)} ms`, detail: `${(row.median / floor).toFixed(2)}× node -e 0`, target: row.name === 'node -e 0' ? 'floor' : '≤ 2.00×'})),
			...builds.map((entry) => ({
				measure: `regenerate one brief in-process (${entry.name})`,
				result: `${median(entry.regenerations).toFixed(1)} ms`,
				detail: `min ${Math.min(...entry.regenerations).toFixed(1)} ms, pf CPU ${(entry.regenerationCpu / rounds).toFixed(1)} ms`,
				target: '≤ 50 ms',
			})),
			...['first', 'again'].flatMap((phase) =>
				builds.map((entry) => ({
					measure: `pf score --all, ${companies.toLocaleString('en-US')} companies, ${phase === 'first' ? 'first run' : 'again (nothing changed)'} (${entry.name})`,
					result: seconds(entry[phase].wall),
					detail: `${entry[phase].changed.toLocaleString('en-US')} changed; CPU pf ${seconds(entry[phase].nodeCpu)}, server ${seconds(entry[phase].serverCpu)}; load ${entry[phase].load}`,
					target: '≤ 10 s',
				})),
			),
		],
		['measure', 'result', 'detail', 'target'],
	);
	console.log(`\nbrief ${domain}: ${document.sources.length} sources, ${stored.length.toLocaleString('en-US')} bytes, version ${document.version}`);
} finally {
	await sql.end().catch(() => {});
	rmSync(bundleDir, {recursive: true, force: true});
	if (!keep) {
		const cleanup = postgres(adminUrl(), {max: 1, onnotice: () => {}});
		for (const database of [scratch, ...databases]) await cleanup`drop database if exists ${cleanup(database)} with (force)`;
		await cleanup.end();
	}
}
