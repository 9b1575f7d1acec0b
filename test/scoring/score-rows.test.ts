// The score rows are serialised by hand (services/scoring.ts) for speed. They must stay byte
// for byte what JSON.stringify gives for the row objects (fingerprints stored by earlier
// versions keep matching), and what reaches the table through COPY must be those rows.
import {createHash} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {scoreDomains, serialiseScore, storeScore} from '../../source/services/scoring.js';
import {scoreCompany, type CompanyScore} from '../../source/domain/scoring/detect.js';
import type {ScoredSignal, SignalCategory} from '../../source/domain/scoring/signals.js';
import {createTestDatabase, type TestDatabase} from '../helpers/database.js';
import {bundleOf, insertBundle, legacyOnly, northwind, NOW} from '../fixtures/scoring/intel.js';

/** The serialisation of the version before the hand-built one (row objects + JSON.stringify). */
function reference(score: CompanyScore): {icpJson: string; signalsJson: string; fingerprint: string} {
	const signalJson = (signal: ScoredSignal) => ({
		type: signal.type, label: signal.label, evidence: signal.evidence, source_url: signal.sourceUrl, detected_at: signal.detectedAt, data_source: signal.dataSource,
		base_points: signal.basePoints, points: signal.points, age_days: signal.ageDays, window_days: signal.windowDays, excluded: signal.excluded,
	});
	const byCategory = (category: SignalCategory) => score.signals.signals.filter((signal) => signal.category === category).map(signalJson);
	const active = score.signals.signals.filter((signal) => signal.excluded === null).map(signalJson);
	const icp = {
		domain: score.domain, icp_tier: score.lead.tier, icp_tier_name: score.lead.tierName, icp_tier_description: score.tierDescription, icp_confidence: score.confidence,
		lead_score_total: score.lead.total, lead_score_breakdown: {...score.lead.breakdown, reasons: score.lead.reasons}, signal_score_total: score.signals.adjusted,
		signal_score_active: active, signal_types: [...new Set(active.map((signal) => signal.type))], priority_score: score.priority.score,
		priority_status: score.priority.status, priority_reasoning: score.priority.reasoning, algolia_product_mapping: score.products, model_version: score.priority.modelVersion,
	};
	const signals = {
		domain: score.domain, budget_signals: byCategory('budget'), budget_total: score.signals.totals.budget, has_budget_signal: score.signals.present.budget,
		pain_signals: byCategory('pain'), pain_total: score.signals.totals.pain, has_pain_signal: score.signals.present.pain, timing_signals: byCategory('timing'),
		timing_total: score.signals.totals.timing, has_timing_signal: score.signals.present.timing, negative_signals: byCategory('negative'),
		negative_total: score.signals.totals.negative, raw_signal_score: score.signals.raw, adjusted_signal_score: score.signals.adjusted,
		signal_quality: score.signals.quality, model_version: score.priority.modelVersion,
	};
	const icpBody = JSON.stringify(icp);
	const signalsJson = JSON.stringify(signals);
	const fingerprint = createHash('sha1').update(icpBody).update(signalsJson).digest('hex');
	return {icpJson: `${icpBody.slice(0, -1)},"score_fingerprint":"${fingerprint}"}`, signalsJson, fingerprint};
}

/** Northwind with text that COPY must escape (backslash, tab, newline, quotes, non-ASCII). */
function awkward() {
	const bundle = northwind();
	bundle.domain = 'awkward.example';
	bundle.company = {...bundle.company, domain: 'awkward.example'};
	bundle.quotes = bundle.quotes.map((quote) => ({...quote, quote: `Search\\discovery "matters"\tto us;\nÜber-wichtig: ${quote.quote} ☃`}));
	bundle.hiring = bundle.hiring.map((role) => ({...role, roleTitle: `${role.roleTitle}\\ (Zürich)\t"remote"`}));
	return bundle;
}

describe('score rows', () => {
	it('are what JSON.stringify gives for the row objects (same fingerprints as before)', () => {
		for (const bundle of [northwind(), legacyOnly(), awkward(), bundleOf('empty.example', {vertical: null})]) {
			const score = scoreCompany(bundle, NOW);
			expect(serialiseScore(score)).toEqual(reference(score));
		}
	});

	describe('through COPY', () => {
		let db: TestDatabase;
		beforeAll(async () => {
			db = await createTestDatabase();
			for (const bundle of [northwind(), legacyOnly(), awkward()]) await insertBundle(db.sql, bundle);
		});
		afterAll(async () => {
			await db?.drop();
		});

		it('store exactly the serialised rows; a rescore writes nothing', async () => {
			await scoreDomains(db.sql, {all: true}, {now: NOW});
			for (const bundle of [northwind(), legacyOnly(), awkward()]) {
				const score = scoreCompany(bundle, NOW);
				const expected = reference(score);
				const [icp] = await db.sql`
					select to_jsonb(r) - 'id' - 'created_at' - 'updated_at' - 'data_source' - 'retrieved_at' as row from intel_icp_priority_mapping r where domain = ${bundle.domain}`;
				expect(icp!.row).toEqual(JSON.parse(expected.icpJson));
				const [signals] = await db.sql`
					select to_jsonb(r) - 'id' - 'created_at' - 'updated_at' - 'data_source' - 'retrieved_at' as row from intel_signal_scoring r where domain = ${bundle.domain}`;
				// A legacy-banded score with nothing detected has no signal row.
				if (score.priority.modelVersion === 'legacy-icp' && score.signals.signals.length === 0) expect(signals).toBeUndefined();
				else expect(signals!.row).toEqual(JSON.parse(expected.signalsJson));
			}
			const [before] = await db.sql`select count(*)::int as n from audit_data_changes`;
			const again = await scoreDomains(db.sql, {all: true}, {now: NOW});
			expect(again.filter((change) => change.changed)).toEqual([]);
			const [after] = await db.sql`select count(*)::int as n from audit_data_changes`;
			expect(after!.n).toBe(before!.n);
		});

		it('one company in one statement (the worker path) stores the same rows; again, nothing', async () => {
			const rowsOf = async (domain: string) => {
				const [icp] = await db.sql`select to_jsonb(r) - 'id' - 'created_at' - 'updated_at' - 'retrieved_at' as row from intel_icp_priority_mapping r where domain = ${domain}`;
				const [signals] = await db.sql`select to_jsonb(r) - 'id' - 'created_at' - 'updated_at' - 'retrieved_at' as row from intel_signal_scoring r where domain = ${domain}`;
				return {icp: icp?.row, signals: signals?.row};
			};
			for (const bundle of [northwind(), legacyOnly(), awkward()]) {
				const batched = await rowsOf(bundle.domain);
				expect(batched.icp).toBeDefined();
				await db.sql`delete from intel_icp_priority_mapping where domain = ${bundle.domain}`;
				// A signal row left from an earlier scoring: removed when the score has none.
				if (!batched.signals) await db.sql`insert into intel_signal_scoring (domain, raw_signal_score) values (${bundle.domain}, 5) on conflict do nothing`;
				await storeScore(db.sql, bundle, NOW);
				expect(await rowsOf(bundle.domain)).toEqual(batched);
				const [before] = await db.sql`select count(*)::int as n from audit_data_changes`;
				await storeScore(db.sql, bundle, NOW);
				const [after] = await db.sql`select count(*)::int as n from audit_data_changes`;
				expect(after!.n).toBe(before!.n);
			}
		});
	});
});
