// bench/tui (issue 6), one run on a scratch database with 1,000,000 synthetic
// displacement targets (all HOT leads too, so both lists hold a million rows):
// 1. start-up in a terminal (a pty via script(1)): the time to the first frame of a bare
//    Ink "hello" app vs `pf` (first frame, and first frame with rows). Target: pf's first
//    frame ≤ 2× Ink hello.
// 2. after a key, the time to the next frame: moves (j), pages (PgDn) and filter
//    keystrokes (/ then characters); also when the filtered rows arrive. Target: median
//    next frame ≤ 50 ms.
// 3. `pf leads --json --limit 50` vs `node -e 0`. Target: ≤ 2×.
//   node build.mjs && node bench/tui.mjs [--rows 1000000] [--rounds 5]
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {adminUrl, cli, compare, median, printTable, repoRoot, scratchName, timeCommand, withDatabase} from './lib.mjs';

const argValue = (name, fallback) => {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : process.argv[index + 1];
};
const rows = Number(argValue('--rows', '1000000'));
const rounds = Number(argValue('--rounds', '5'));
if (!existsSync(cli)) throw new Error('run `node build.mjs` first (bench/tui runs dist/cli.js)');

const name = scratchName('pf_bench_tui');
const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
const configHome = mkdtempSync(path.join(os.tmpdir(), 'pf-bench-tui-'));
const url = withDatabase(adminUrl(), name);
const env = {...process.env, DATABASE_URL: url, REDIS_URL: '', XDG_CONFIG_HOME: configHome, TERM: 'xterm-256color', NO_COLOR: ''};

/** A process in a pseudo-terminal (script -q), with its output as a growing string. */
function inTerminal(command, args, options = {}) {
	const line = [command, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
	const child = spawn('script', ['-qfec', `stty cols ${options.columns ?? 120} rows ${options.rows ?? 30}; exec ${line}`, '/dev/null'], {env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']});
	const state = {child, output: '', chunks: [], started: performance.now()};
	child.stdout.on('data', (chunk) => {
		state.output += chunk.toString();
		state.chunks.push({at: performance.now(), length: state.output.length});
	});
	return state;
}

async function waitFor(state, check, timeoutMs = 60_000) {
	const started = performance.now();
	while (!check(state.output)) {
		if (performance.now() - started > timeoutMs) throw new Error(`timed out; output so far:\n${state.output.slice(-2000)}`);
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
	return performance.now();
}

const end = async (state) => {
	state.child.kill('SIGKILL');
	await new Promise((resolve) => (state.child.exitCode !== null ? resolve() : state.child.once('close', resolve)));
};

/** Sends a key, returns ms to the next output chunk (the next frame) and to quiet (settled). */
async function keyLatency(state, key, settleQuietMs = 250) {
	const before = state.chunks.length;
	const sent = performance.now();
	state.child.stdin.write(key);
	while (state.chunks.length === before) {
		if (performance.now() - sent > 10_000) throw new Error(`no frame after ${JSON.stringify(key)}`);
		await new Promise((resolve) => setImmediate(resolve));
	}
	const next = state.chunks[before].at - sent;
	// Settled: no output for settleQuietMs.
	for (;;) {
		const last = state.chunks.at(-1).at;
		if (performance.now() - last >= settleQuietMs) return {next, settled: last - sent};
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

try {
	await admin`create database ${admin(name)}`;
	const migrated = timeCommand(process.execPath, [cli, 'db', 'migrate'], env);
	const sql = postgres(url, {max: 1, onnotice: () => {}});
	const loadStarted = performance.now();
	// Bulk load the scratch database: row triggers (updated_at, the audit trail) off for
	// this session, and the two trigram indexes built once after the load instead of row
	// by row. The schema at the end is the migrated one.
	await sql`set session_replication_role = replica`;
	const [{trigram}] = await sql`select count(*)::int as trigram from pg_indexes where indexname = 'idx_companies_domain_trgm'`;
	if (trigram) await sql`drop index idx_companies_domain_trgm, idx_companies_name_trgm`;
	// Synthetic targets generated on the server: domain, name, a partner platform, a
	// non-Algolia search provider (HIGH/MEDIUM), traffic and an ICP priority.
	await sql`insert into core_companies (domain, company_name, vertical)
		select 'target-' || lpad(g::text, 7, '0') || '.com', 'Target Company ' || g, (array['Retail','Fashion','Home goods','Sports','Grocery'])[1 + g % 5]
		from generate_series(1, ${rows}) g`;
	await sql`insert into intel_icp_priority_mapping (domain, icp_tier, lead_score_total, priority_score, priority_status)
		select 'target-' || lpad(g::text, 7, '0') || '.com', 1 + g % 3, g % 100, (g::bigint * 7919) % 100, 'HOT' from generate_series(1, ${rows}) g`;
	await sql`insert into intel_search_provider (domain, current_provider, is_algolia, displacement_priority)
		select 'target-' || lpad(g::text, 7, '0') || '.com', (array['Elasticsearch','Constructor','Coveo','Solr'])[1 + g % 4], false, case when g % 3 = 0 then 'HIGH' else 'MEDIUM' end
		from generate_series(1, ${rows}) g`;
	await sql`insert into intel_traffic_analysis (domain, monthly_visits)
		select 'target-' || lpad(g::text, 7, '0') || '.com', (g::bigint * 104729) % 50000000 from generate_series(1, ${rows}) g`;
	if (trigram) {
		await sql`create index idx_companies_domain_trgm on core_companies using gin (domain gin_trgm_ops)`;
		await sql`create index idx_companies_name_trgm on core_companies using gin (company_name gin_trgm_ops)`;
	}
	await sql`vacuum analyze core_companies, intel_icp_priority_mapping, intel_search_provider, intel_traffic_analysis`;
	await sql.end();
	const loadSeconds = (performance.now() - loadStarted) / 1000;
	console.log(`scratch database ${name}: migrated in ${(migrated / 1000).toFixed(1)} s, ${rows.toLocaleString('en-US')} targets loaded in ${loadSeconds.toFixed(1)} s`);

	// ---- 1. start-up in a terminal, interleaved -----------------------------------------
	const startup = {hello: [], frame: [], rows: []};
	for (let round = 0; round < rounds; round++) {
		const hello = inTerminal(process.execPath, [path.join(repoRoot, 'bench', 'tui-ink-hello.mjs')]);
		startup.hello.push((await waitFor(hello, (out) => out.includes('hello from ink'))) - hello.started);
		await end(hello);
		const app = inTerminal(process.execPath, [cli], {env});
		startup.frame.push((await waitFor(app, (out) => out.includes('1 Hot leads'))) - app.started);
		startup.rows.push((await waitFor(app, (out) => /target-\d{5}/.test(out) && /1\/~?[\d,]+ · data/.test(out))) - app.started);
		await end(app);
	}

	// ---- 2. key to next frame -------------------------------------------------------------
	const app = inTerminal(process.execPath, [cli], {env});
	await waitFor(app, (out) => /target-\d{5}/.test(out) && / · data /.test(out));
	await new Promise((resolve) => setTimeout(resolve, 500));
	const samples = {move: [], page: [], filter: [], filterSettled: [], clear: []};
	for (let i = 0; i < 20; i++) samples.move.push((await keyLatency(app, 'j', 60)).next);
	for (let i = 0; i < 10; i++) samples.page.push((await keyLatency(app, '\u001B[6~', 300)).next);
	await keyLatency(app, '/', 100);
	for (const char of 'target-00042') {
		const {next, settled} = await keyLatency(app, char, 400);
		samples.filter.push(next);
		samples.filterSettled.push(settled);
	}
	samples.clear.push((await keyLatency(app, '\u001B', 400)).next);
	await end(app);

	// ---- 3. the one-liner vs node -e 0 ----------------------------------------------------
	const oneLiner = compare(
		[
			{name: 'node -e 0', command: process.execPath, args: ['-e', '0'], env},
			{name: 'pf leads --json --limit 50', command: process.execPath, args: [cli, 'leads', '--json', '--limit', '50'], env},
		],
		Math.max(11, rounds * 2 + 1),
	);

	const ms = (value) => `${Math.round(value)} ms`;
	console.log(`\nstart-up in a terminal (median of ${rounds}, 2 cores)`);
	printTable(
		[
			{what: 'bare Ink "hello", first frame', median: ms(median(startup.hello)), ratio: '1.00×'},
			{what: 'pf, first frame', median: ms(median(startup.frame)), ratio: `${(median(startup.frame) / median(startup.hello)).toFixed(2)}× (target ≤ 2×)`},
			{what: `pf, first frame with rows (${rows.toLocaleString('en-US')} targets)`, median: ms(median(startup.rows)), ratio: `${(median(startup.rows) / median(startup.hello)).toFixed(2)}×`},
		],
		['what', 'median', 'ratio'],
	);
	console.log(`\nafter a key, the next frame (${rows.toLocaleString('en-US')} rows; target median ≤ 50 ms)`);
	printTable(
		[
			{key: 'j (move), 20×', median: ms(median(samples.move)), max: ms(Math.max(...samples.move))},
			{key: 'PgDn (page, server-side), 10×', median: ms(median(samples.page)), max: ms(Math.max(...samples.page))},
			{key: 'filter keystrokes, 12×', median: ms(median(samples.filter)), max: ms(Math.max(...samples.filter))},
			{key: 'filter: filtered rows on screen', median: ms(median(samples.filterSettled)), max: ms(Math.max(...samples.filterSettled))},
			{key: 'Esc (clear filter)', median: ms(median(samples.clear)), max: ms(Math.max(...samples.clear))},
			{key: 'all keys above (next frame)', median: ms(median([...samples.move, ...samples.page, ...samples.filter, ...samples.clear])), max: ''},
		],
		['key', 'median', 'max'],
	);
	console.log('\none-liner (median wall time)');
	const base = oneLiner[0].median;
	printTable(
		oneLiner.map((entry) => ({command: entry.name, median: ms(entry.median), ratio: `${(entry.median / base).toFixed(2)}×${entry === oneLiner[1] ? ' (target ≤ 2×)' : ''}`})),
		['command', 'median', 'ratio'],
	);
} finally {
	await admin`drop database if exists ${admin(name)} with (force)`.catch(() => {});
	await admin.end();
	rmSync(configHome, {recursive: true, force: true});
}
