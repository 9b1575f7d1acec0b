/**
 * `pf import <legacy.sqlite> [--dry-run] [--json]`: moves the legacy PartnerForge SQLite
 * database into schema v2 and prints the reconciliation table by table.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {importLegacyDatabase, reconciliationError, type ImportReport} from '../services/legacy-import.js';
import {toJson, toTable, toTsv, type Column} from '../output/format.js';
import type {TableReconciliation} from '../legacy/reconcile.js';

const help = `
  Usage
    $ pf import <legacy.sqlite> [--dry-run] [--json]

  Moves the legacy PartnerForge SQLite database into pf's database in one transaction:
  targets become companies with their intel, the customer list becomes customers, the
  evidence library its own tables. For every legacy table it reports
  rows read = loaded + merged + rejected; a mismatch rolls everything back (exit 1).
  Importing the same file again changes nothing. The file is opened read-only.

  Options
    --dry-run                 validate and report; write nothing
    --json                    the report as JSON
    --legacy-timezone <zone>  zone of the legacy ISO timestamps without one
                              (default America/New_York, where the legacy tool ran)

  Rejected rows are kept, with the raw legacy row and the reason, in import_rejects.
`;

const columns: Column<TableReconciliation>[] = [
	{key: 'table', header: 'legacy table', value: (row) => row.table},
	{key: 'destination', header: 'into', value: (row) => row.destination},
	{key: 'read', header: 'read', value: (row) => row.read, align: 'right'},
	{key: 'loaded', header: 'loaded', value: (row) => row.loaded, align: 'right'},
	{key: 'merged', header: 'merged', value: (row) => row.merged, align: 'right'},
	{key: 'rejected', header: 'rejected', value: (row) => row.rejected, align: 'right'},
	{key: 'ok', header: 'ok', value: (row) => (row.ok ? 'yes' : `NO: ${row.problem}`)},
];

function summary(report: ImportReport): string {
	const lines: string[] = [];
	const verb = report.dryRun ? 'would write' : 'wrote';
	lines.push(`pf: ${report.dryRun ? 'dry run of' : 'imported'} ${report.file.path} (sha256 ${report.file.sha256.slice(0, 12)}…) in ${(report.elapsedMs / 1000).toFixed(1)} s`);
	lines.push(`pf: ${verb} ${report.newRows} new row(s), updated ${report.updatedRows}${report.newRows + report.updatedRows === 0 ? ' (nothing changed)' : ''}`);
	const c = report.customers;
	const resolved = Object.entries(c.resolved).filter(([how]) => how !== 'unresolved').map(([how, n]) => `${n} by ${how.replace(/_/g, ' ')}`);
	if (Object.keys(c.resolved).length > 0) lines.push(`pf: customers: ${resolved.join(', ') || 'none'} resolved to a domain; ${c.unresolved} kept by name only (unresolved)`);
	if (report.missingTables.length > 0) lines.push(`pf: note: the file has no table ${report.missingTables.join(', ')} (older export; nothing to import there)`);
	for (const missing of report.missingColumns) lines.push(`pf: note: ${missing.table} has no column ${missing.columns.join(', ')} (read as empty)`);
	if (report.unknownTables.length > 0) lines.push(`pf: note: tables not imported (unknown to pf): ${report.unknownTables.join(', ')}`);
	const shown = report.rejects.slice(0, 10);
	for (const reject of shown) lines.push(`pf: rejected ${reject.table} ${reject.legacyId}: ${reject.reason}`);
	if (report.rejects.length > shown.length) lines.push(`pf: … and ${report.rejects.length - shown.length} more rejected row(s): see the import_rejects table`);
	return lines.join('\n') + '\n';
}

export default async function importCommand(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		dryRun: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		legacyTimezone: {type: 'string', default: 'America/New_York'},
	});
	const [file, ...extra] = cli.input;
	if (!file) throw new UsageError('which legacy file? pf import needs the path of the legacy SQLite database', 'pf import partnerforge.db [--dry-run] [--json]');
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'pf import takes one file');
	const zone = cli.flags.legacyTimezone;
	try {
		new Intl.DateTimeFormat('en-US', {timeZone: zone});
	} catch {
		throw new UsageError(`unknown time zone "${zone}"`, 'use an IANA zone name such as America/New_York or UTC');
	}
	const started = Date.now();
	const progress =
		cli.flags.debug || (process.stderr.isTTY && !cli.flags.json)
			? (message: string) => process.stderr.write(`pf: ${cli.flags.debug ? `[${((Date.now() - started) / 1000).toFixed(2)} s] ` : ''}${message}…\n`)
			: undefined;
	const report = await importLegacyDatabase({path: file, dryRun: cli.flags.dryRun, timestamps: {isoTimeZone: zone}, onProgress: progress});
	if (cli.flags.json) {
		process.stdout.write(toJson(report));
	} else {
		process.stdout.write(process.stdout.isTTY ? toTable(report.tables, columns) : toTsv(report.tables, columns));
		process.stderr.write(summary(report));
	}
	if (!report.ok) throw reconciliationError(report);
	return 0;
}
