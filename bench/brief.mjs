// bench/brief: the Strategic Signal Brief and scoring, in one run against a running
// PostgreSQL (DATABASE_URL or 127.0.0.1:5432), on a scratch database dropped at the end.
//   1. `pf brief <domain> --json` of a stored brief vs `node -e 0`, interleaved (target ≤ 2×);
//   2. regenerating one brief inside the process (target ≤ 50 ms);
//   3. `pf score --all` over N synthetic companies (default 100,000; target ≤ 10 s). Like the
//      imported legacy data, 80% carry only legacy intel without sources (partner technology,
//      traffic, tech spend); 20% are enriched (URLs, dates, provider, bounce rate), and of
//      those half have job postings and financials and a quarter competitor data.
//   node build.mjs && node bench/brief.mjs [--companies N] [--rounds R]
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
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

const keep = process.argv.includes('--keep');
const scratch = process.env.PF_BENCH_DATABASE || scratchName('pf_bench_brief');
const admin = postgres(adminUrl(), {max: 1, onnotice: () => {}});
await admin`create database ${admin(scratch)}`;
await admin.end();
const url = withDatabase(adminUrl(), scratch);
const env = {...process.env, DATABASE_URL: url, NO_COLOR: '1'};
const run = (args) => {
	const result = spawnSync(process.execPath, [cli, ...args], {env, encoding: 'utf8', maxBuffer: 1 << 30});
	if (result.status !== 0) throw new Error(`pf ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	return result;
};
run(['db', 'migrate']);
const sql = postgres(url, {max: 4, onnotice: () => {}});

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

	// --- 3. pf score --all --------------------------------------------------------------
	run(['db', 'migrate']); // a migration added to sql/ while seeding must not fail the run
	const scoreStarted = performance.now();
	const scored = run(['score', '--all', '--json']);
	const scoreSeconds = (performance.now() - scoreStarted) / 1000;
	const scoreChanges = JSON.parse(scored.stdout).length;
	console.error(`bench/brief: seeded ${companies} companies in ${seedSeconds.toFixed(1)} s; pf score --all ${scoreSeconds.toFixed(2)} s`);
	const rescoreStarted = performance.now();
	run(['score', '--all', '--json']);
	const rescoreSeconds = (performance.now() - rescoreStarted) / 1000;

	// --- 2. regenerate one brief in-process (the service bundled from source) -----------
	await build({
		entryPoints: {brief: path.join(repoRoot, 'source/services/brief.ts'), client: path.join(repoRoot, 'source/db/client.ts')},
		outdir: bundleDir,
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		packages: 'external',
		logLevel: 'warning',
		absWorkingDir: repoRoot,
	});
	const {regenerateBrief} = await import(pathToFileURL(path.join(bundleDir, 'brief.js')).href);
	const {clientOptions} = await import(pathToFileURL(path.join(bundleDir, 'client.js')).href);
	const client = postgres(url, clientOptions({max: 4}));
	const domain = 'c10.example'; // enriched: hiring, financials, competitors
	await regenerateBrief(client, domain); // warm-up: connections, JIT
	const regenerations = [];
	for (let i = 0; i < rounds; i++) {
		const started = performance.now();
		await regenerateBrief(client, domain);
		regenerations.push(performance.now() - started);
	}
	await client.end();

	// --- 1. pf brief --json of a stored brief vs node -e 0 ------------------------------
	const stored = run(['brief', domain, '--json']).stdout;
	const document = JSON.parse(stored);
	const startup = compare(
		[
			{name: 'node -e 0', command: process.execPath, args: ['-e', '0'], env},
			{name: `pf brief ${domain} --json`, command: process.execPath, args: [cli, 'brief', domain, '--json'], env},
		],
		rounds,
	);
	const floor = startup[0].median;

	console.log(`bench/brief on ${os.cpus().length} cores, PostgreSQL at ${new URL(adminUrl()).host}; ${companies.toLocaleString('en-US')} synthetic companies seeded in ${seedSeconds.toFixed(1)} s\n`);
	printTable(
		[
			...startup.map((row) => ({measure: row.name, median: `${row.median.toFixed(1)} ms`, ratio: `${(row.median / floor).toFixed(2)}× node -e 0`, target: row.name === 'node -e 0' ? 'floor' : '≤ 2.00×'})),
			{measure: 'regenerate one brief (in-process)', median: `${median(regenerations).toFixed(1)} ms`, ratio: `min ${Math.min(...regenerations).toFixed(1)} ms`, target: '≤ 50 ms'},
			{measure: `pf score --all (${companies.toLocaleString('en-US')} companies, first run)`, median: `${scoreSeconds.toFixed(2)} s`, ratio: `${scoreChanges.toLocaleString('en-US')} changed`, target: '≤ 10 s'},
			{measure: 'pf score --all (again, nothing changed)', median: `${rescoreSeconds.toFixed(2)} s`, ratio: '', target: '≤ 10 s'},
		],
		['measure', 'median', 'ratio', 'target'],
	);
	console.log(`\nbrief ${domain}: ${document.sources.length} sources, ${stored.length.toLocaleString('en-US')} bytes, version ${document.version}`);
} finally {
	await sql.end();
	rmSync(bundleDir, {recursive: true, force: true});
	if (!keep) {
		const cleanup = postgres(adminUrl(), {max: 1, onnotice: () => {}});
		await cleanup`drop database if exists ${cleanup(scratch)} with (force)`;
		await cleanup.end();
	}
}
