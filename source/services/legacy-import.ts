/**
 * `pf import` as a use-case: validate the legacy file first (bad input never touches
 * the database), then import it in one transaction and reconcile. A reconciliation
 * mismatch rolls the import back, is recorded as a failed run, and is an error (exit 1).
 */
import {database, type Sql} from '../db/client.js';
import {finishImportRun, startImportRun} from '../db/legacy-import.js';
import {PfError} from '../errors.js';
import {openLegacyFile} from '../legacy/extract.js';
import {importLegacyFile, type ImportReport} from '../legacy/load.js';
import type {TimestampOptions} from '../legacy/values.js';

export type {ImportReport} from '../legacy/load.js';

export type ImportRequest = {path: string; dryRun: boolean; timestamps?: TimestampOptions; onProgress?: (message: string) => void; sql?: Sql};

export async function importLegacyDatabase(request: ImportRequest): Promise<ImportReport> {
	const file = await openLegacyFile(request.path);
	try {
		const sql = request.sql ?? (await database());
		// Issue 8: importing needs the admin permission once accounts exist; a real import leaves one audit row.
		const {authorize, recordAction} = await import('./access.js');
		const actor = await authorize(sql, {action: 'import'});
		const report = await importLegacyFile(sql, file, {dryRun: request.dryRun, timestamps: request.timestamps, onProgress: request.onProgress});
		if (report.ok && !request.dryRun) await recordAction(sql, actor, {action: 'import', resourceType: 'legacy_import', requestPath: file.path.slice(-500)});
		if (!report.ok && !request.dryRun) {
			// The import was rolled back; keep a record of the failed attempt and its report.
			await sql.begin(async (tx) => {
				const id = await startImportRun(tx as unknown as Sql, {sourcePath: file.path, sha256: file.sha256, bytes: file.bytes, dryRun: false});
				await finishImportRun(tx as unknown as Sql, id, 'failed', report, 'reconciliation mismatch');
			});
		}
		return report;
	} finally {
		file.db.close();
	}
}

/** The error for a report that does not reconcile (the caller prints the report first). */
export function reconciliationError(report: ImportReport): PfError {
	const bad = report.tables.filter((table) => !table.ok);
	return new PfError(
		`the import does not reconcile for ${bad.map((table) => `${table.table} (${table.problem})`).join(', ')}; ${report.dryRun ? 'nothing was written (dry run)' : 'it was rolled back, nothing was written'}`,
		{hint: 'this is a bug in pf import or a damaged file: please report it with the output of `pf import --json`'},
	);
}
