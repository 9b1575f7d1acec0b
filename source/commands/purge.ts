/**
 * `pf purge [--dry-run]`: the data retention policy (job history 90 days, API-call
 * audit 30 days: purged; user actions, data changes and intel older than a year:
 * archived to a gzip JSON-lines file, then removed; core data: kept, soft delete only).
 * The worker also runs it daily (jobs_scheduled_tasks `retention-purge`).
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {purgeSummary, runPurge, type PurgeItem} from '../services/retention.js';
import {listFormat, renderList, toJson, type Column} from '../output/format.js';

const help = `
  Usage
    $ pf purge --dry-run [--json]     list exactly what the policy would remove
    $ pf purge [--archive-dir DIR] [--json]

  Policy (schema v2): job history 90 days and API-call audit 30 days are purged
  (whole monthly partitions are dropped); user actions, data changes and intel older
  than a year are archived to DIR/pf-archive-<time>.jsonl.gz, then removed; core data
  is never removed (soft delete only). DIR: --archive-dir, PF_ARCHIVE_DIR, or the
  archive folder of the data directory. Needs an admin key once accounts exist.
`;

const columns: Column<PurgeItem>[] = [
	{key: 'category', header: 'CATEGORY', value: (item) => item.category},
	{key: 'table', header: 'TABLE', value: (item) => item.table},
	{key: 'action', header: 'ACTION', value: (item) => (item.action === 'keep' ? 'keep (soft delete only)' : item.action)},
	{key: 'partition', header: 'PARTITION', value: (item) => item.partition ?? null},
	{key: 'rows', header: 'ROWS', value: (item) => item.rows, align: 'right'},
	{key: 'before', header: 'OLDER THAN', value: (item) => item.before},
];

export default async function purge(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		dryRun: {type: 'boolean', default: false},
		archiveDir: {type: 'string'},
		all: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0]}"`, 'see `pf purge --help`');
	const sql = await database();
	const report = await runPurge(sql, {dryRun: cli.flags.dryRun, ...(cli.flags.archiveDir ? {archiveDir: cli.flags.archiveDir} : {})});
	// Only what goes (rows > 0), unless --all asks for every rule.
	const items = cli.flags.all ? report.items : report.items.filter((item) => item.rows > 0 || item.action === 'drop partition');
	if (cli.flags.json) {
		process.stdout.write(toJson({dryRun: report.dryRun, now: report.now, archiveFile: report.archiveFile, items: report.items}));
	} else {
		process.stdout.write(renderList(items, columns, listFormat(cli.flags)));
	}
	process.stderr.write(`pf: ${purgeSummary(report)}\n`);
	return 0;
}
