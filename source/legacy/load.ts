/**
 * The import pipeline inside one transaction: stream each legacy table through its
 * transform into a staging table (COPY), move staged rows into schema v2 with
 * set-based upserts, record rejects and merges with their raw rows, verify that every
 * loaded row is in its destination, and reconcile table by table. Nothing becomes
 * visible unless everything reconciles; a dry run rolls back at the end.
 */
import type {Sql} from '../db/client.js';
import * as q from '../db/legacy-import.js';
import {iterateLegacyRows, legacyRowCount, legacyRowsByKey, type LegacyRowValue} from '../db/legacy-sqlite.js';
import {copyLine, parameterRow} from './copy-text.js';
import {reconcileTable, type TableCounts, type TableReconciliation} from './reconcile.js';
import {LEGACY_TABLE_BY_NAME, LEGACY_TABLES, type LegacyTableName} from './tables.js';
import {evidenceDomainEntry, STAGE_COLUMNS, TRANSFORMS, type LegacyRow, type StageRecord, type TransformContext} from './transform.js';
import {defaultTimestampOptions, type TimestampOptions} from './values.js';
import type {LegacyFile} from './extract.js';

/** Tables with more rows than this stream through COPY; smaller ones are inserted in one statement. */
const copyThreshold = 5000;

export type ImportOptions = {dryRun: boolean; timestamps?: TimestampOptions; onProgress?: (message: string) => void};

export type WrittenCount = {table: string; inserted: number; updated: number};

export type ImportReport = {
	file: {path: string; sha256: string; bytes: number};
	dryRun: boolean;
	runId: string | null;
	ok: boolean;
	tables: TableReconciliation[];
	written: WrittenCount[];
	newRows: number;
	updatedRows: number;
	missingTables: string[];
	missingColumns: {table: string; columns: string[]}[];
	unknownTables: string[];
	rejects: {table: string; legacyId: string; reason: string}[];
	customers: {resolved: Record<string, number>; unresolved: number};
	elapsedMs: number;
};

/** Thrown inside the transaction to roll it back (dry run, or a reconciliation mismatch). */
class Rollback extends Error {
	constructor(readonly report: ImportReport) {
		super('rollback');
	}
}

/** JSON-safe raw row: bigints as text, blobs as base64. */
function rawRow(row: Record<string, LegacyRowValue>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		out[key] = typeof value === 'bigint' ? value.toString() : Buffer.isBuffer(value) ? {base64: value.toString('base64')} : value;
	}
	return out;
}

const keyOf = (table: LegacyTableName, row: Record<string, LegacyRowValue>, ordinal: number): string => {
	const value = row[LEGACY_TABLE_BY_NAME.get(table)!.key];
	return value === null || value === undefined || value === '' ? `row ${ordinal}` : String(value);
};

const evidenceSources: Partial<Record<LegacyTableName, [string, string]>> = {
	customer_logos: ['company_name', 'company_domain'],
	customer_quotes: ['customer_name', 'customer_domain'],
	case_studies: ['customer_name', 'customer_domain'],
};

export async function importLegacyFile(sql: Sql, file: LegacyFile, options: ImportOptions): Promise<ImportReport> {
	const started = Date.now();
	const progress = options.onProgress ?? (() => {});
	const evidence = new Map<string, string>();
	const context: TransformContext = {timestamps: options.timestamps ?? defaultTimestampOptions, evidenceDomain: (key) => evidence.get(key)};
	const counts = new Map<LegacyTableName, TableCounts>();
	const rejects: q.RejectRecord[] = [];
	const resolved: Record<string, number> = {};
	const report = (runId: string | null, tables: TableReconciliation[], written: WrittenCount[]): ImportReport => ({
		file: {path: file.path, sha256: file.sha256, bytes: file.bytes},
		dryRun: options.dryRun,
		runId,
		ok: tables.every((table) => table.ok),
		tables,
		written,
		newRows: written.reduce((sum, w) => sum + w.inserted, 0),
		updatedRows: written.reduce((sum, w) => sum + w.updated, 0),
		missingTables: file.missingTables,
		missingColumns: file.missingColumns,
		unknownTables: file.unknownTables,
		rejects: rejects.map((r) => ({table: r.legacy_table, legacyId: r.legacy_id, reason: r.reason, disposition: r.disposition})).filter((r) => r.disposition === 'rejected').map(({table, legacyId, reason}) => ({table, legacyId, reason})),
		customers: {resolved, unresolved: resolved.unresolved ?? 0},
		elapsedMs: Date.now() - started,
	});

	try {
		return await sql.begin(async (tx) => {
			await q.lockImports(tx as unknown as Sql);
			const t = tx as unknown as Sql;
			const runId = options.dryRun ? null : await q.startImportRun(t, {sourcePath: file.path, sha256: file.sha256, bytes: file.bytes, dryRun: false});
			await q.createStagingTables(t);

			// Extract + transform + stage, table by table, streaming.
			for (const spec of LEGACY_TABLES) {
				if (!file.tables.has(spec.name)) continue;
				const columns = STAGE_COLUMNS[spec.name];
				const transform = TRANSFORMS[spec.name];
				const source = evidenceSources[spec.name];
				let read = 0;
				let rejected = 0;
				const records = function* (): Generator<StageRecord> {
					for (const row of iterateLegacyRows(file.db, spec.name)) {
						read++;
						const result = transform(row as LegacyRow, context);
						if (!result.ok) {
							rejected++;
							rejects.push({legacy_table: spec.name, legacy_id: keyOf(spec.name, row, read), raw_row: rawRow(row), reason: result.reason, disposition: 'rejected'});
							continue;
						}
						if (source) {
							const entry = evidenceDomainEntry(row as LegacyRow, source[0], source[1]);
							if (entry && !evidence.has(entry[0])) evidence.set(entry[0], entry[1]);
						}
						if (spec.name === 'companies') {
							const how = String(result.record.resolution);
							resolved[how] = (resolved[how] ?? 0) + 1;
						}
						yield result.record;
					}
				};
				const lines = function* (): Generator<string> {
					let chunk = '';
					for (const record of records()) {
						chunk += copyLine(record, columns);
						if (chunk.length >= 65536) {
							yield chunk;
							chunk = '';
						}
					}
					if (chunk) yield chunk;
				};
				progress(`reading ${spec.name}`);
				const counted = legacyRowCount(file.db, spec.name);
				if (counted > copyThreshold) {
					// Large tables stream through COPY: one row in memory at a time.
					await q.copyIntoStage(t, spec.name, columns, lines());
					await q.analyseStage(t, spec.name);
				} else if (counted > 0) {
					const rows: Record<string, unknown>[] = [];
					for (const record of records()) rows.push(parameterRow(record, columns));
					await q.insertIntoStage(t, spec.name, columns, rows);
				}
				counts.set(spec.name, {table: spec.name, destination: spec.destination, read, counted, rejectedInTransform: rejected, mergedInLoad: 0, rejectedInLoad: 0, kept: 0, present: 0, foreign: 0});
			}

			progress('checking duplicates');
			await q.markDuplicates(t);
			const dups = await q.targetDuplicatesExist(t);
			const written: WrittenCount[] = [];
			const step = async (table: string, run: () => Promise<q.UpsertCount>) => {
				progress(`loading ${table}`);
				const result = await run();
				const existing = written.find((w) => w.table === table);
				if (existing) {
					existing.inserted += result.inserted;
					existing.updated += result.updated;
				} else {
					written.push({table, ...result});
				}
			};
			// Statements whose staging tables are all empty are skipped (each is a round trip).
			const has = (...tables: LegacyTableName[]) => tables.some((name) => {
				const c = counts.get(name);
				return c !== undefined && c.read > c.rejectedInTransform;
			});
			const targets = has('displacement_targets');
			if (has('technologies')) await step('evidence_technologies', () => q.upsertTechnologies(t));
			if (has('companies')) await step('core_customers', () => q.upsertCustomers(t));
			if (has('case_studies')) await step('evidence_case_studies', () => q.upsertCaseStudies(t));
			if (has('verified_case_studies')) await step('evidence_verified_case_studies', () => q.upsertVerifiedCaseStudies(t));
			if (has('customer_quotes')) await step('evidence_customer_quotes', () => q.upsertCustomerQuotes(t));
			if (has('proof_points')) await step('evidence_proof_points', () => q.upsertProofPoints(t));
			if (has('customer_logos')) await step('evidence_customer_logos', () => q.upsertCustomerLogos(t));
			if (has('company_technologies')) await step('evidence_customer_technologies', () => q.upsertCustomerTechnologies(t));
			if (targets) {
				await q.applyCustomersToStagedTargets(t);
				await step('core_companies', () => q.upsertCompanies(t, dups));
				await step('intel_technology_stack', () => q.upsertTargetTechnology(t, dups));
				await step('intel_search_provider', () => q.upsertSearchProvider(t, dups));
				await step('intel_traffic_analysis', () => q.upsertTraffic(t, dups));
			}
			if (targets || has('company_financials')) await step('intel_financial_profile', () => q.upsertFinancials(t, dups));
			if (targets || has('strategic_triggers')) await step('intel_strategic_context', () => q.upsertStrategicContext(t, dups));
			if (targets || has('executive_quotes')) await step('intel_executive_quotes', () => q.upsertExecutiveQuotes(t, dups));
			if (targets) {
				await step('intel_displacement_analysis', () => q.upsertDisplacementAnalysis(t, dups));
				await step('intel_icp_priority_mapping', () => q.upsertIcpPriority(t, dups));
				await step('intel_case_study_matches', () => q.upsertCaseStudyMatches(t, dups));
				await step('legacy_target_details', () => q.upsertTargetDetails(t, dups));
			}
			if (has('competitive_intel')) {
				await step('intel_competitor_intelligence', () => q.upsertCompetitors(t));
				await step('intel_competitor_landscape', () => q.upsertCompetitorLandscape(t));
			}
			if (has('enrichment_status')) await step('legacy_enrichment_status', () => q.upsertEnrichmentStatus(t));
			if (has('hiring_signals')) await step('intel_hiring_signals', () => q.upsertHiringSignals(t));
			if (has('buying_committee')) await step('intel_executive_intelligence', () => q.upsertExecutives(t));
			await step('intel_search_provider', () => q.markCustomerCompanies(t));

			progress('recording merged and rejected rows');
			// Merged and set-rejected rows keep their raw legacy row in import_rejects.
			const dispositions = await q.stagedDispositions(t);
			for (const d of dispositions) {
				const table = d.legacy_table as LegacyTableName;
				const c = counts.get(table)!;
				if (d.disposition === 'merged') c.mergedInLoad++;
				else c.rejectedInLoad++;
				const spec = LEGACY_TABLE_BY_NAME.get(table)!;
				const key = spec.key === 'id' ? Number(d.legacy_key) : d.legacy_key;
				const [raw] = legacyRowsByKey(file.db, table, spec.key, [key]);
				rejects.push({legacy_table: table, legacy_id: d.legacy_key, raw_row: raw ? rawRow(raw) : null, reason: d.reason, disposition: d.disposition});
			}

			progress('verifying');
			for (const presence of await q.verifyPresence(t)) {
				const c = counts.get(presence.legacy_table as LegacyTableName);
				if (!c) continue;
				c.kept = presence.kept;
				c.present = presence.present;
				c.foreign = presence.foreign;
			}
			const tables = [...counts.values()].map(reconcileTable);
			progress('recording the run');
			if (runId) {
				await q.clearResolvedRejects(t, [...counts.keys()], rejects.map((r) => ({legacy_table: r.legacy_table, legacy_id: r.legacy_id})));
				const newRejects = await q.recordRejects(t, runId, rejects);
				written.push({table: 'import_rejects', inserted: newRejects, updated: 0});
			}
			const result = report(runId, tables, written);
			if (options.dryRun || !result.ok) throw new Rollback(result);
			await q.finishImportRun(t, runId!, 'completed', result);
			return result;
		});
	} catch (error) {
		if (error instanceof Rollback) return error.report;
		throw error;
	}
}
