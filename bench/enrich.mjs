// bench/enrich (issue 5, the queue), one run, on each queue backend (BullMQ's PostgreSQL
// backend in a scratch database; Redis when REDIS_URL is set or 127.0.0.1:6379 answers):
// 1. Enqueueing 1,000 domains from a file: wall time of `pf enrich --file F` (a whole
//    process: start, checks, one transaction, addBulk). Target ≤ 1 s.
// 2. Throughput: a local HTTP server answers every source (BuiltWith, SimilarWeb, SEC,
//    Yahoo, JSearch, web search) after 50 ms, rate limits lifted, one `pf worker
//    --concurrency 10` with the real modules; N domains enqueued, timed until all are
//    completed. Target ≥ 20 domains/s. The same with the queue's test modules (15 steps,
//    one 50 ms call each) shows what the queue and the pipeline themselves cost.
// 3. The same N domains again within the cache TTL: external calls made. Target 0.
//   node build.mjs && node bench/enrich.mjs [--domains 200] [--enqueue 1000] [--enqueue-only]
//   [--baseline DIR]: also time DIR/cli.js (an older build) in the same run: enqueue runs
//   interleaved, the real modules' throughput right after the new build's.
//   [--backend postgres|redis] only one backend; [--real-only] skip the test modules;
//   [--cpu-prof DIR] the worker writes a V8 CPU profile there; [--statements] counts the
//   worker's SQL statements per domain (a counting proxy between the worker and PostgreSQL);
//   PostgreSQL's CPU per domain is that of the backends connected to the scratch database
//   (the worker's) from /proc, before and after each pass;
//   [--statements-detail FILE] also writes the count of each statement text to FILE.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {randomBytes} from 'node:crypto';
import postgres from 'postgres';
import {adminUrl, cli, createScratchDatabase, median, printTable, repoRoot, scratchName, withDatabase} from './lib.mjs';

const argValue = (name, fallback) => {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : process.argv[index + 1];
};
const domainCount = Number(argValue('--domains', '200'));
const enqueueCount = Number(argValue('--enqueue', '1000'));
const delayMs = Number(argValue('--delay', '50'));
const concurrency = Number(argValue('--concurrency', '10'));
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const enqueueOnly = process.argv.includes('--enqueue-only');
const baselineCli = argValue('--baseline', undefined) ? path.resolve(argValue('--baseline'), 'cli.js') : undefined;
const onlyBackend = argValue('--backend', undefined);
const realOnly = process.argv.includes('--real-only');
const cpuProfDir = argValue('--cpu-prof', undefined) ? path.resolve(argValue('--cpu-prof')) : undefined;
const statementDetail = argValue('--statements-detail', undefined);
const countStatements = process.argv.includes('--statements') || statementDetail !== undefined;

const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
const created = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pf-bench-enrich-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function createDatabase(template) {
	const name = scratchName('pf_bench_enrich');
	await createScratchDatabase(admin, name, template);
	created.push(name);
	const url = withDatabase(adminUrl(), name);
	// Up to date even if sql/ gained a migration since the template was made.
	if (template) runCli(['db', 'migrate'], {...process.env, DATABASE_URL: url, REDIS_URL: ''});
	return {name, url};
}

function redisAnswers() {
	const probe = spawnSync(process.execPath, ['-e', `const {Redis}=require('ioredis');const c=new Redis(${JSON.stringify(redisUrl)},{lazyConnect:true,connectTimeout:1000,retryStrategy:()=>null,maxRetriesPerRequest:0});c.on('error',()=>{});c.connect().then(()=>c.ping()).then(()=>process.exit(0),()=>process.exit(1))`], {cwd: repoRoot, timeout: 5_000});
	return probe.status === 0;
}

// ---- the local source server ---------------------------------------------------------
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'enrichment');
const body = (name) => readFileSync(path.join(fixtures, name));
const routes = [
	[/^\/v21\/api\.json$/, 'builtwith-domain-northwind.json'],
	[/^\/change1\/api\.json$/, 'builtwith-change-northwind.json'],
	[/\/total-traffic-and-engagement\/visits$/, 'similarweb-visits-northwind.json'],
	[/\/total-traffic-and-engagement\/bounce-rate$/, 'similarweb-bounce-rate-northwind.json'],
	[/\/total-traffic-and-engagement\/pages-per-visit$/, 'similarweb-pages-per-visit-northwind.json'],
	[/\/total-traffic-and-engagement\/average-visit-duration$/, 'similarweb-average-visit-duration-northwind.json'],
	[/\/traffic-sources\/overview-share$/, 'similarweb-traffic-sources-northwind.json'],
	[/\/geo\/traffic-by-country$/, 'similarweb-geo-northwind.json'],
	[/\/similar-sites\/similarsites$/, 'similarweb-similarsites-northwind.json'],
	[/\/global-rank\/global-rank$/, 'similarweb-global-rank-northwind.json'],
	[/^\/files\/company_tickers\.json$/, 'sec-company-tickers.json'],
	[/^\/submissions\/CIK\d+\.json$/, 'sec-submissions-northwind.json'],
	[/^\/api\/xbrl\/companyfacts\/CIK\d+\.json$/, 'sec-xbrl-facts-northwind.json'],
	[/\/index\.json$/, 'sec-folder-index-northwind-8k.json'],
	[/\.htm$/, 'sec-exhibit-northwind-ex991.htm'],
	[/^\/v10\/finance\/quoteSummary\//, 'yahoo-quotesummary-nwdo.json'],
	[/^\/v8\/finance\/chart\//, 'yahoo-chart-nwdo.json'],
	[/^\/search$/, 'jsearch-northwind.json'],
	[/^\/res\/v1\/news\/search$/, 'websearch-news-northwind.json'],
].map(([pattern, file]) => [pattern, body(file)]);

function startSourceServer() {
	let requests = 0;
	const server = http.createServer((request, response) => {
		requests++;
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		setTimeout(() => {
			if (url.pathname === '/') {
				response.writeHead(404, {'set-cookie': 'A3=d=AQABBbench; Path=/'});
				response.end('Not Found');
				return;
			}
			if (url.pathname === '/v1/test/getcrumb') {
				response.writeHead(200, {'content-type': 'text/plain'});
				response.end('crumb-bench');
				return;
			}
			if (url.pathname === '/bench') {
				response.writeHead(200, {'content-type': 'application/json'});
				response.end('{"ok":true}');
				return;
			}
			const match = routes.find(([pattern]) => pattern.test(url.pathname));
			if (!match) {
				response.writeHead(404, {'content-type': 'application/xml'});
				response.end(body('sec-error-404-nosuchkey.xml'));
				return;
			}
			response.writeHead(200, {'content-type': url.pathname.endsWith('.htm') ? 'text/html' : 'application/json'});
			response.end(match[1]);
		}, delayMs);
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address();
			resolve({url: `http://127.0.0.1:${port}`, requests: () => requests, close: () => new Promise((done) => server.close(done))});
		});
	});
}

const sourceEnv = (url) => ({
	BUILTWITH_API_KEY: 'bench-key',
	SIMILARWEB_API_KEY: 'bench-key',
	JSEARCH_API_KEY: 'bench-key',
	WEBSEARCH_API_KEY: 'bench-key',
	SEC_USER_AGENT: 'pf-bench bench@example.com',
	PF_BUILTWITH_URL: url,
	PF_SIMILARWEB_URL: url,
	PF_SEC_DATA_URL: url,
	PF_SEC_WWW_URL: url,
	PF_YAHOO_URL: url,
	PF_JSEARCH_URL: url,
	PF_WEBSEARCH_URL: url,
	PF_RATE_LIMITS: 'off',
	PF_NOW: '2026-11-15T00:00:00Z',
});

// ---- a PostgreSQL proxy counting the statements its clients execute --------------------
// Counts the frontend's Execute ('E') and simple Query ('Q') messages: one per statement.
function startCountingProxy(target) {
	let statements = 0;
	const byText = new Map();
	const sockets = new Set();
	const server = net.createServer((client) => {
		const upstream = net.connect(target.port, target.host);
		sockets.add(client).add(upstream);
		let buffer = Buffer.alloc(0);
		let started = false;
		const named = new Map();
		let portal = '';
		const cstring = (at) => {
			const end = buffer.indexOf(0, at);
			return [buffer.toString('utf8', at, end), end + 1];
		};
		client.on('data', (chunk) => {
			upstream.write(chunk);
			buffer = Buffer.concat([buffer, chunk]);
			for (;;) {
				if (!started) {
					// The startup message has no type byte: length (4) then the body.
					if (buffer.length < 4) break;
					const length = buffer.readInt32BE(0);
					if (buffer.length < length) break;
					const code = buffer.readInt32BE(4);
					buffer = buffer.subarray(length);
					if (code !== 80877103) started = true; // an SSLRequest is followed by the startup message
					continue;
				}
				if (buffer.length < 5) break;
				const length = buffer.readInt32BE(1);
				if (buffer.length < length + 1) break;
				const type = String.fromCharCode(buffer[0]);
				if (type === 'E' || type === 'Q') statements++;
				if (statementDetail) {
					if (type === 'P') {
						const [name, next] = cstring(5);
						const [text] = cstring(next);
						named.set(name, text);
						portal = text;
					} else if (type === 'B') {
						const [, next] = cstring(5);
						const [name] = cstring(next);
						portal = named.get(name) ?? portal;
					} else if (type === 'E' || type === 'Q') {
						const text = (type === 'Q' ? cstring(5)[0] : portal).replace(/\s+/g, ' ').trim().slice(0, 160);
						byText.set(text, (byText.get(text) ?? 0) + 1);
					}
				}
				buffer = buffer.subarray(length + 1);
			}
		});
		upstream.on('data', (chunk) => client.write(chunk));
		const close = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			resolve({
				port: server.address().port,
				statements: () => statements,
				byText: () => new Map(byText),
				close: () => {
					for (const socket of sockets) socket.destroy();
					return new Promise((done) => server.close(done));
				},
			});
		});
	});
}

// ---- helpers -------------------------------------------------------------------------
function baseEnv(url, backend, prefix, extra = {}) {
	return {...process.env, DATABASE_URL: url, REDIS_URL: backend === 'Redis' ? redisUrl : '', PF_QUEUE_PREFIX: prefix, NO_COLOR: '1', ...extra};
}

function runCli(args, env, input, program = cli) {
	const started = process.hrtime.bigint();
	const result = spawnSync(process.execPath, [program, ...args], {env, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) throw new Error(`pf ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	return {ms, stdout: result.stdout.toString()};
}

function startWorker(env, nodeArgs = [], program = cli) {
	const child = spawn(process.execPath, [...nodeArgs, program, 'worker', '--concurrency', String(concurrency)], {env, stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	return {
		child,
		ready: async () => {
			for (let i = 0; i < 400 && !/jobs? at a time/.test(stderr); i++) {
				if (child.exitCode !== null) throw new Error(`worker exited: ${stderr}`);
				await sleep(50);
			}
		},
		stop: () => new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.on('exit', resolve);
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
		}),
		stderr: () => stderr,
	};
}

/** CPU seconds (user + system) of a process, from /proc (Linux). */
function workerCpu(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return NaN;
	}
}

/** CPU seconds of the PostgreSQL backends now connected to a database (the worker's pool and its queue's). */
async function backendCpu(database) {
	const rows = await admin`select pid from pg_stat_activity where datname = ${database}`;
	return rows.reduce((sum, row) => sum + (workerCpu(row.pid) || 0), 0);
}

async function untilFinished(sql, domains, timeoutMs = 300_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [row] = await sql`
			select count(*) filter (where status in ('completed', 'failed', 'cancelled'))::int as done,
				count(*) filter (where status = 'failed')::int as failed,
				coalesce(sum(api_calls_made), 0)::int as calls
			from (select distinct on (domain) status, api_calls_made from core_enrichment_jobs where domain in ${sql(domains)} order by domain, created_at desc) latest
		`;
		if (row.done >= domains.length) return row;
		if (Date.now() > deadline) throw new Error(`only ${row.done} of ${domains.length} finished in time`);
		await sleep(50);
	}
}

async function dropRedisKeys(pattern) {
	const script = `const {Redis}=require('ioredis');const c=new Redis(${JSON.stringify(redisUrl)});(async()=>{let cur='0';do{const [n,k]=await c.scan(cur,'MATCH',${JSON.stringify(pattern)},'COUNT',1000);cur=n;if(k.length)await c.del(...k);}while(cur!=='0');c.disconnect();})()`;
	spawnSync(process.execPath, ['-e', script], {cwd: repoRoot});
}

const prefixes = [];
const newPrefix = () => {
	const prefix = `pfbench-${randomBytes(4).toString('hex')}`;
	prefixes.push(prefix);
	return prefix;
};

// ---- the run -------------------------------------------------------------------------
const backends = ['PostgreSQL', ...(redisAnswers() ? ['Redis'] : [])].filter((name) => !onlyBackend || name.toLowerCase().startsWith(onlyBackend.toLowerCase().slice(0, 4)));
if (backends.length === 1) console.error(`bench/enrich: ${redisUrl} does not answer: Redis rows skipped`);
const server = await startSourceServer();
const rows = [];
try {
	const template = await createDatabase();
	runCli(['db', 'migrate'], baseEnv(template.url, 'PostgreSQL', 'unused'));
	// BullMQ's own schema (its migrations) once in the template, as any earlier use would have.
	const preparer = startWorker(baseEnv(template.url, 'PostgreSQL', 'unused'));
	await preparer.ready();
	await preparer.stop();
	await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${template.name}`;

	const file = path.join(scratch, 'domains.txt');
	writeFileSync(file, Array.from({length: enqueueCount}, (_, i) => `shop-${String(i).padStart(5, '0')}.bench-enqueue.test`).join('\n') + '\n');

	for (const backend of backends) {
		// 1. enqueue from a file: three runs, each into a fresh database / prefix.
		const programs = [['', cli], ...(baselineCli ? [[' — baseline build', baselineCli]] : [])];
		const samples = programs.map(() => []);
		for (let run = 0; run < 3; run++) {
			for (const [index, [, program]] of programs.entries()) {
				const db = await createDatabase(template.name);
				samples[index].push(runCli(['enrich', '--file', file], baseEnv(db.url, backend, newPrefix()), undefined, program).ms);
			}
		}
		programs.forEach(([label], index) => {
			const values = samples[index];
			rows.push({backend, measure: `enqueue ${enqueueCount} domains from a file (pf enrich --file, wall)${label}`, value: `${Math.round(median(values))} ms (min ${Math.round(Math.min(...values))})`, target: '≤ 1000 ms', ok: median(values) <= 1000 ? 'yes' : 'NO'});
		});
		if (enqueueOnly) continue;

		// With --baseline the real modules also run on the older build (after the new one).
		const runs = [['real modules', cli, ''], ...(baselineCli ? [['real modules', baselineCli, ' — baseline build']] : []), ...(realOnly ? [] : [['queue test modules', cli, '']])];
		for (const [modules, program, label] of runs) {
			const db = await createDatabase(template.name);
			const sql = postgres(db.url, {max: 2, onnotice: () => {}});
			const prefix = newPrefix();
			const extra = modules === 'real modules' ? sourceEnv(server.url) : {PF_ENRICHMENT_MODULES: path.join(repoRoot, 'test', 'fixtures', 'queue', 'steps.mjs'), PF_TEST_STEP_MS: '0', PF_TEST_HTTP_URL: `${server.url}/bench`};
			const env = baseEnv(db.url, backend, prefix, extra);
			const proxy = countStatements ? await startCountingProxy({host: new URL(db.url).hostname, port: Number(new URL(db.url).port || 5432)}) : undefined;
			const workerUrl = new URL(db.url);
			if (proxy) workerUrl.port = String(proxy.port);
			const worker = startWorker({...env, DATABASE_URL: workerUrl.toString()}, cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [], program);
			try {
				await worker.ready();
				const domains = Array.from({length: domainCount}, (_, i) => `shop-${String(i).padStart(4, '0')}.bench-${modules === 'real modules' ? 'real' : 'steps'}.test`);
				const list = path.join(scratch, `${prefix}.txt`);
				writeFileSync(list, domains.join('\n') + '\n');
				for (const pass of ['first', 'repeat']) {
					const cpuBefore = workerCpu(worker.child.pid);
					const serverCpuBefore = await backendCpu(db.name);
					const statementsBefore = proxy?.statements() ?? 0;
					const before = server.requests();
					const started = performance.now();
					runCli(['enrich', '--file', list], env);
					const result = await untilFinished(sql, domains);
					const seconds = (performance.now() - started) / 1000;
					const calls = server.requests() - before;
					const rate = domainCount / seconds;
					const cpuPerDomain = ((workerCpu(worker.child.pid) - cpuBefore) * 1000) / domainCount;
					// The same backends before and after (the worker keeps its connections): PostgreSQL's share.
					const serverCpuPerDomain = (((await backendCpu(db.name)) - serverCpuBefore) * 1000) / domainCount;
					const statements = proxy ? `; ${((proxy.statements() - statementsBefore) / domainCount).toFixed(1)} SQL statements/domain` : '';
					if (pass === 'first') {
						const [latency] = await sql`
							select percentile_cont(0.5) within group (order by extract(epoch from completed_at - started_at)) as p50,
								percentile_cont(0.9) within group (order by extract(epoch from completed_at - started_at)) as p90
							from core_enrichment_jobs where domain in ${sql(domains)} and status = 'completed'`;
						const slowest = await sql`
							select key as module, percentile_cont(0.5) within group (order by (value->>'ms')::int) as ms
							from core_enrichment_jobs, jsonb_each(module_results) where domain in ${sql(domains)}
							group by key order by ms desc limit 4`;
						const latencyRow = ({backend, measure: `  one domain, start to end (${modules}${label}); slowest modules`, value: `p50 ${(latency.p50 * 1000).toFixed(0)} ms, p90 ${(latency.p90 * 1000).toFixed(0)} ms; ${slowest.map((m) => `${m.module} ${Math.round(m.ms)}`).join(', ')}`, target: '', ok: ''});
						rows.push({backend, measure: `${domainCount} domains fully enriched, ${modules}, ${delayMs} ms sources, concurrency ${concurrency}${label}`, value: `${rate.toFixed(1)} domains/s (${seconds.toFixed(1)} s, ${calls} calls, ${result.failed} failed; worker CPU ${cpuPerDomain.toFixed(0)} ms/domain, PostgreSQL ${serverCpuPerDomain.toFixed(0)}${statements})`, target: modules === 'real modules' ? '≥ 20 domains/s' : '(reference)', ok: modules === 'real modules' ? (rate >= 20 && result.failed === 0 ? 'yes' : 'NO') : ''});
						rows.push(latencyRow);
					} else if (modules === 'real modules') {
						rows.push({backend, measure: `the same ${domainCount} again within the TTL${label}`, value: `${calls} external calls (${rate.toFixed(1)} domains/s; worker CPU ${cpuPerDomain.toFixed(0)} ms/domain, PostgreSQL ${serverCpuPerDomain.toFixed(0)}${statements})`, target: '0 calls', ok: calls === 0 ? 'yes' : 'NO'});
					}
					if (modules !== 'real modules') break;
				}
			} finally {
				await worker.stop();
				if (proxy && statementDetail) {
					const sorted = [...proxy.byText()].sort((a, b) => b[1] - a[1]);
					writeFileSync(statementDetail, sorted.map(([text, n]) => `${String(n).padStart(7)}  ${text}`).join('\n') + '\n', {flag: 'a'});
				}
				await proxy?.close();
				await sql.end();
				if (backend === 'Redis') await dropRedisKeys(`${prefix}:*`);
			}
		}
	}
} finally {
	await server.close();
	for (const prefix of prefixes) await dropRedisKeys(`${prefix}:*`);
	// The sources' Redis response cache is under each worker's PF_QUEUE_PREFIX (dropped
	// above); a --baseline build from before that kept it under pf:api-cache:.
	if (baselineCli && backends.includes('Redis')) await dropRedisKeys(`pf:api-cache:*//${new URL(server.url).host}/*`);
	for (const name of created.reverse()) await admin`drop database if exists ${admin(name)} with (force)`.catch(() => {});
	await admin.end();
	rmSync(scratch, {recursive: true, force: true});
}

console.log(`\nbench/enrich — ${os.cpus().length} cores, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}\n`);
printTable(rows, ['backend', 'measure', 'value', 'target', 'ok']);
