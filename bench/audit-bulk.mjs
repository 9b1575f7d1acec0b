// bench/audit-bulk (issue 8 follow-up): what the audit triggers cost a bulk write.
// Three scratch databases, measured interleaved in one run (the order rotates per round):
//   off  — audit triggers disabled
//   0603 — the triggers as of sql/0603 (every migration but 0760–0779)
//   0760-61 — the triggers as of sql/0760–0761 (generated per table, static SQL, lean
//          UPDATE diff, time-ordered audit ids): every migration
// Workloads (N rows, default 100,000): a bulk INSERT and a bulk upsert that updates every
// row (2 fields, as `pf score --all` re-scoring) into intel_icp_priority_mapping; a bulk
// INSERT and UPDATE of core_companies; 1,000 one-row INSERTs into intel_technology_stack
// (the per-statement cost that enrichment pays). Each is timed by wall clock, by the
// server backend's CPU time (/proc/<pid>/schedstat, when the server is on this machine)
// and by EXPLAIN (ANALYZE, BUFFERS), which reports the audit trigger's time apart.
//   node bench/audit-bulk.mjs [--rows 100000] [--rounds 3]
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import postgres from 'postgres';
import {adminUrl, median, printTable, repoRoot, scratchName, withDatabase} from './lib.mjs';

const argValue = (name, fallback) => {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : process.argv[index + 1];
};
const rows = Number(argValue('--rows', '100000'));
const rounds = Number(argValue('--rounds', '3'));
const small = 1000;

const sqlDir = path.join(repoRoot, 'sql');
const migrations = readdirSync(sqlDir).filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name)).sort();
const ours = (name) => Number(name.slice(0, 4)) >= 760 && Number(name.slice(0, 4)) <= 779;

const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
const created = [];
const clients = [];

async function scratch(label, files) {
	const name = scratchName(`pf_bench_auditbulk_${label.replace('-', '_')}`);
	await admin`create database ${admin(name)}`;
	created.push(name);
	const sql = postgres(withDatabase(adminUrl(), name), {max: 1, onnotice: () => {}});
	clients.push(sql);
	await sql.begin(async (tx) => {
		for (const file of files) await tx.unsafe(readFileSync(path.join(sqlDir, file), 'utf8'));
	});
	// The rows to write, staged once per database.
	await sql.unsafe(`
		create table bench_icp as
		select 'd' || g || '.example.com' as domain, (g % 4) + 1 as icp_tier, 'Tier ' || (g % 4) as icp_tier_name,
			'Commerce sites with a competitor search' as icp_tier_description, 0.812::numeric as icp_confidence, g % 100 as lead_score_total,
			jsonb_build_object('vertical', 20, 'traffic', 15, 'tech_spend', 10, 'partner_tech', 5) as lead_score_breakdown,
			g % 50 as signal_score_total,
			jsonb_build_array(jsonb_build_object('type', 'hiring', 'weight', 5), jsonb_build_object('type', 'funding', 'weight', 10)) as signal_score_active,
			'["hiring", "funding"]'::jsonb as signal_types, g % 100 as priority_score, (array['HOT', 'WARM', 'COOL', 'COLD'])[(g % 4) + 1] as priority_status,
			'Runs Shopify with a competitor search and is hiring search engineers.' as priority_reasoning,
			'{"search": "Algolia Search", "recommend": "Recommend"}'::jsonb as algolia_product_mapping, 'v2.1' as model_version, md5(g::text) as score_fingerprint
		from generate_series(1, ${rows}) g;
		create table bench_co as
		select 'd' || g || '.example.com' as domain, 'Company ' || g as company_name, 'Retail' as vertical, 'Apparel' as sub_vertical,
			'US' as headquarters_country, g % 5000 as employee_count, 'A retailer of things, number ' || g as description
		from generate_series(1, ${rows}) g;
		analyze bench_icp; analyze bench_co;`);
	const [{pid}] = await sql`select pg_backend_pid() as pid`;
	return {label, sql, pid};
}

function backendCpuMs(pid) {
	try {
		return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
	} catch {
		return Number.NaN;
	}
}

const icpColumns = 'domain, icp_tier, icp_tier_name, icp_tier_description, icp_confidence, lead_score_total, lead_score_breakdown, signal_score_total, signal_score_active, signal_types, priority_score, priority_status, priority_reasoning, algolia_product_mapping, model_version, score_fingerprint';
const workloads = [
	{name: `intel INSERT ${rows}`, text: `insert into intel_icp_priority_mapping (${icpColumns}) select * from bench_icp`},
	{
		name: `intel upsert→UPDATE ${rows}`,
		text: `insert into intel_icp_priority_mapping (${icpColumns}) select ${icpColumns.replace('priority_score', 'priority_score + 1').replace('priority_reasoning', "priority_reasoning || ' Re-scored.'")} from bench_icp
			on conflict (domain) do update set priority_score = excluded.priority_score, priority_reasoning = excluded.priority_reasoning`,
	},
	{name: `core_companies INSERT ${rows}`, text: `insert into core_companies (domain, company_name, vertical, sub_vertical, headquarters_country, employee_count, description) select * from bench_co`},
	{name: `core_companies UPDATE ${rows}`, text: `update core_companies set employee_count = employee_count + 1`},
	{name: `${small} one-row INSERTs`, small: true},
];

async function measure(db, workload) {
	const {sql, pid} = db;
	const cpu0 = backendCpuMs(pid);
	const started = process.hrtime.bigint();
	let triggerMs = 0;
	let tempBlocks = 0;
	if (workload.small) {
		for (let i = 0; i < small; i++) await sql`insert into intel_technology_stack (domain, technology_name, category) values (${`s${i}.example.com`}, 'Shopify', 'ecommerce')`;
	} else {
		const [row] = await sql.unsafe(`explain (analyze, buffers, format json) ${workload.text}`);
		const plan = row['QUERY PLAN'][0];
		triggerMs = (plan.Triggers ?? []).filter((t) => t['Trigger Name'].includes('_audit_')).reduce((sum, t) => sum + t.Time, 0);
		tempBlocks = plan.Plan['Temp Written Blocks'] ?? 0;
	}
	const wall = Number(process.hrtime.bigint() - started) / 1e6;
	return {wall, cpu: backendCpuMs(pid) - cpu0, trigger: triggerMs, temp: tempBlocks};
}

try {
	const all = migrations;
	const before = migrations.filter((name) => !ours(name));
	const dbs = [await scratch('off', all), await scratch('0603', before), await scratch('0760-61', all)];
	const off = dbs[0].sql;
	const triggers = await off`select tgrelid::regclass::text as table, tgname from pg_trigger where tgname like '%\\_audit\\_%' and not tgisinternal`;
	for (const {table, tgname} of triggers) await off`alter table ${off(table)} disable trigger ${off(tgname)}`;

	const samples = new Map();
	const auditSize = new Map();
	for (let round = 0; round < rounds; round++) {
		const order = dbs.map((_, i) => dbs[(i + round) % dbs.length]);
		for (const db of order) {
			await db.sql`truncate intel_icp_priority_mapping, core_companies, intel_technology_stack, audit_data_changes cascade`;
			for (const workload of workloads) {
				const key = `${workload.name}|${db.label}`;
				if (!samples.has(key)) samples.set(key, []);
				samples.get(key).push(await measure(db, workload));
			}
			const [{bytes, n}] = await db.sql`select pg_total_relation_size('audit_data_changes')::bigint as bytes, count(*)::int as n from audit_data_changes`;
			auditSize.set(db.label, {bytes: Number(bytes), n});
		}
		process.stderr.write(`round ${round + 1}/${rounds} done\n`);
	}

	const table = [];
	for (const workload of workloads) {
		const base = samples.get(`${workload.name}|off`);
		const baseWall = median(base.map((s) => s.wall));
		const baseCpu = median(base.map((s) => s.cpu));
		for (const db of dbs) {
			const list = samples.get(`${workload.name}|${db.label}`);
			const wall = median(list.map((s) => s.wall));
			const cpu = median(list.map((s) => s.cpu));
			table.push({
				workload: workload.name,
				triggers: db.label,
				'wall ms': wall.toFixed(0),
				'+wall': db.label === 'off' ? '' : `${(((wall - baseWall) / baseWall) * 100).toFixed(0)} %`,
				'backend CPU ms': Number.isNaN(cpu) ? '-' : cpu.toFixed(0),
				'+CPU': db.label === 'off' || Number.isNaN(cpu) ? '' : `${(((cpu - baseCpu) / baseCpu) * 100).toFixed(0)} %`,
				'audit trigger ms': workload.small ? '-' : median(list.map((s) => s.trigger)).toFixed(0),
				'temp blocks': workload.small ? '-' : String(median(list.map((s) => s.temp))),
			});
		}
	}
	console.log(`\naudit triggers on bulk writes: ${rows} rows, ${rounds} rounds interleaved, medians (wall and the server backend's CPU; audit trigger time from EXPLAIN ANALYZE)`);
	printTable(table, ['workload', 'triggers', 'wall ms', '+wall', 'backend CPU ms', '+CPU', 'audit trigger ms', 'temp blocks']);
	console.log('\naudit_data_changes after one round (all workloads):');
	printTable(
		dbs.filter((db) => db.label !== 'off').map((db) => ({triggers: db.label, rows: auditSize.get(db.label).n, 'size MB': (auditSize.get(db.label).bytes / 1e6).toFixed(1)})),
		['triggers', 'rows', 'size MB'],
	);
	console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${os.cpus().length} cores; server ${adminUrl().replace(/\/\/[^@]*@/, '//')}`);
} finally {
	for (const sql of clients) await sql.end().catch(() => {});
	for (const name of created) await admin`drop database if exists ${admin(name)} with (force)`.catch(() => {});
	await admin.end();
}
