// Writes a synthetic legacy PartnerForge SQLite file with N displacement targets (and a
// small customer list and evidence library), shaped like the real export: JSON in TEXT
// columns (some empty strings), both timestamp formats, multi-label domains, REAL
// revenues. Usage: node bench/make-legacy-file.mjs <out.db> [targets=1000000]
import Database from 'better-sqlite3';
import {rmSync} from 'node:fs';

const tables = {
	companies: `id INTEGER PRIMARY KEY AUTOINCREMENT, domain TEXT UNIQUE, name TEXT, vertical TEXT, sub_vertical TEXT, country TEXT, country_code TEXT,
		is_algolia_customer INTEGER DEFAULT 1, algolia_arr REAL, algolia_products TEXT, algolia_cs_coverage TEXT, has_logo_rights INTEGER DEFAULT 0,
		has_case_study_consent INTEGER DEFAULT 0, has_reference_consent INTEGER DEFAULT 0, partner_populations TEXT, signed_date TEXT, competitor_displaced TEXT,
		tech_platform TEXT, notes TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP, updated_at TEXT DEFAULT CURRENT_TIMESTAMP`,
	technologies: `id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL, category TEXT, is_partner INTEGER DEFAULT 0, is_competitor INTEGER DEFAULT 0, builtwith_name TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP`,
	company_technologies: `id INTEGER PRIMARY KEY AUTOINCREMENT, company_id INTEGER, technology_id INTEGER, source TEXT, is_live INTEGER DEFAULT 1, created_at TEXT DEFAULT CURRENT_TIMESTAMP`,
	customer_logos: `id INTEGER PRIMARY KEY AUTOINCREMENT, company_name TEXT NOT NULL, company_domain TEXT, company_id INTEGER, signed_date TEXT, vertical TEXT,
		has_case_study_in_contract INTEGER DEFAULT 0, has_logo_rights INTEGER DEFAULT 0, social_completed INTEGER DEFAULT 0, is_reference INTEGER DEFAULT 0,
		has_press_release INTEGER DEFAULT 0, partner TEXT, tech_platform TEXT, competitor_displaced TEXT, notes TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP`,
	case_studies: `id INTEGER PRIMARY KEY AUTOINCREMENT, customer_name TEXT NOT NULL, customer_domain TEXT, company_id INTEGER, country TEXT, region TEXT, vertical TEXT,
		sub_vertical TEXT, use_case TEXT, customer_type TEXT, story_url TEXT, slide_deck_url TEXT, pdf_url TEXT, status TEXT DEFAULT 'Complete', features_used TEXT,
		partner_integrations TEXT, competitor_takeout TEXT, key_results TEXT, localized_urls TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP, updated_at TEXT DEFAULT CURRENT_TIMESTAMP`,
	displacement_targets: `id INTEGER PRIMARY KEY AUTOINCREMENT, domain TEXT UNIQUE, company_name TEXT, partner_tech TEXT, vertical TEXT, country TEXT, city TEXT, state TEXT,
		tech_spend INTEGER, emails TEXT, phones TEXT, socials TEXT, exec_titles TEXT, sw_monthly_visits INTEGER, sw_bounce_rate REAL, sw_pages_per_visit REAL,
		sw_avg_duration INTEGER, sw_search_traffic_pct REAL, sw_rank_global INTEGER, matched_case_studies TEXT, lead_score INTEGER, created_at TEXT DEFAULT CURRENT_TIMESTAMP,
		icp_tier INTEGER, icp_score INTEGER, score_reasons TEXT, icp_tier_name TEXT, score_breakdown TEXT, ticker TEXT, is_public INTEGER DEFAULT 0,
		enrichment_level TEXT DEFAULT 'basic', last_enriched TIMESTAMP, revenue REAL, gross_margin REAL, traffic_growth REAL, current_search TEXT, trigger_events TEXT,
		exec_quote TEXT, exec_name TEXT, exec_title TEXT, quote_source TEXT, competitors_using_algolia TEXT, displacement_angle TEXT, financials_json TEXT,
		hiring_signals TEXT, tech_stack_json TEXT`,
	competitive_intel: `id INTEGER PRIMARY KEY AUTOINCREMENT, target_domain TEXT NOT NULL, competitor_domain TEXT NOT NULL, similarity_score REAL, search_provider TEXT,
		has_algolia INTEGER, partner_techs TEXT, is_displacement_target INTEGER, created_at TEXT DEFAULT CURRENT_TIMESTAMP`,
	enrichment_status: `domain TEXT PRIMARY KEY, financials_enriched INTEGER DEFAULT 0, quotes_enriched INTEGER DEFAULT 0, hiring_enriched INTEGER DEFAULT 0,
		triggers_enriched INTEGER DEFAULT 0, committee_enriched INTEGER DEFAULT 0, last_enriched TIMESTAMP, enrichment_errors TEXT`,
};

const verticals = ['Business And Industrial', 'Technology And Computing', 'Automotive And Vehicles', 'Shopping', 'Finance', 'Unknown', ''];
const suffixes = ['com', 'co.uk', 'com.au', 'de', 'fr', 'com.br', 'gov', 'io'];
const tierName = {0: 'Unknown', 1: 'Commerce', 2: 'Content', 3: 'Internal Support'};

/** Deterministic pseudo-random numbers (the same file for the same N). */
function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

export function makeLegacyFile(file, targets = 1_000_000) {
	rmSync(file, {force: true});
	const db = new Database(file);
	db.pragma('journal_mode = OFF');
	db.pragma('synchronous = OFF');
	for (const [name, columns] of Object.entries(tables)) db.exec(`CREATE TABLE ${name} (${columns})`);
	const rnd = random(targets);
	db.transaction(() => {
		db.prepare("INSERT INTO technologies (name, category, is_partner) VALUES ('Adobe Experience Manager', 'CMS', 1), ('Adobe Commerce', 'Ecommerce', 1)").run();
		const customer = db.prepare('INSERT INTO companies (domain, name, vertical) VALUES (?, ?, ?)');
		for (let i = 0; i < 400; i++) customer.run(i % 10 === 0 ? `customer-${i}.com` : `customer ${i} inc.`, `Customer ${i} Inc.`, 'E-Comm');
		const link = db.prepare("INSERT INTO company_technologies (company_id, technology_id, source) VALUES (?, 1, 'customer_evidence')");
		for (let i = 1; i <= 390; i++) link.run(i);
		const study = db.prepare("INSERT INTO case_studies (customer_name, customer_domain, vertical, story_url, features_used, key_results) VALUES (?, 'algolia.com', 'Retail', ?, ?, ?)");
		for (let i = 0; i < 160; i++) study.run(`Story ${i}`, `https://www.algolia.com/customers/story-${i}`, i % 3 ? '["Rules", "Personalization"]' : '', `+${i % 40}% conversion`);
		const target = db.prepare(`INSERT INTO displacement_targets (domain, company_name, partner_tech, vertical, country, city, state, tech_spend, emails, phones, socials, exec_titles,
			sw_monthly_visits, matched_case_studies, lead_score, created_at, icp_tier, icp_score, score_reasons, icp_tier_name, score_breakdown, ticker, is_public,
			enrichment_level, last_enriched, revenue, gross_margin, traffic_growth, current_search)
			VALUES (?, ?, 'Adobe Experience Manager', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
		for (let i = 0; i < targets; i++) {
			const suffix = suffixes[i % suffixes.length];
			const domain = i % 50 === 0 ? `shop.brand-${i}.${suffix}` : `brand-${i}.${suffix}`;
			const tier = Math.floor(rnd() * 4);
			const vertical = verticals[i % verticals.length];
			const breakdown = {vertical: [5, 40, 25, 15][tier], traffic: [0, 5, 10, 15, 20][i % 5], tech_spend: [0, 5, 10, 15][i % 4], partner_tech: 10};
			const lead = breakdown.vertical + breakdown.traffic + breakdown.tech_spend + breakdown.partner_tech;
			const enriched = i % 100 === 0;
			target.run(
				domain, i % 2 ? `Brand ${i} Group` : '', vertical, i % 3 ? 'US' : '', i % 3 ? 'Springfield' : '', i % 3 ? 'IL' : '', Math.floor(rnd() * 200000),
				i % 7 === 0 ? `["info@brand-${i}.${suffix}"]` : null, i % 4 === 0 ? '["+1-555-0100", "+1-555-0101"]' : null, i % 2 === 0 ? `["twitter.com/brand${i}", "linkedin.com/company/brand${i}"]` : i % 9 === 0 ? '' : null,
				i % 8 === 0 ? '["C-Suite", "Director"]' : null, enriched ? Math.floor(rnd() * 5e7) : null, i % 200 === 0 ? '[1, 2, 3]' : null, lead,
				i % 2 ? '2026-02-25 15:59:17' : '2026-02-25T10:59:17.123456', tier, lead + 5, JSON.stringify([`Tier ${tier}`, 'Uses Adobe AEM']), tierName[tier], JSON.stringify(breakdown),
				enriched ? `T${i}` : null, enriched ? 1 : 0, enriched ? 'full' : 'basic', enriched ? '2026-02-25T14:29:06.848359' : null,
				enriched ? 136974000128.0 + i : null, enriched ? 0.16554001 : null, enriched ? 12.4 : null, enriched ? 'Elasticsearch' : null,
			);
		}
	})();
	db.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [out, count] = process.argv.slice(2);
	if (!out) {
		console.error('usage: node bench/make-legacy-file.mjs <out.db> [targets=1000000]');
		process.exit(2);
	}
	const started = Date.now();
	makeLegacyFile(out, Number(count ?? 1_000_000));
	console.error(`wrote ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
