/**
 * `pf audit`: the audit trail. By default the user actions (who read a brief,
 * enqueued, exported, imported, changed keys or accounts); `--changes` lists the data
 * changes the triggers recorded (table, record, operation, changed fields, who).
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {dataChanges, userActions} from '../services/audit.js';
import {parseSince} from '../access/durations.js';
import {listFormat, renderList, type Column} from '../output/format.js';
import type {DataChangeRow, UserActionRow} from '../db/audit.js';

const help = `
  Usage
    $ pf audit [--domain D] [--user U] [--since T] [--action A] [--limit N] [--json|--csv|--tsv]
    $ pf audit --changes [--domain D] [--user U] [--since T] [--table T] [--limit N] [--json]

  --since takes a duration (7d, 24h, 30m) or a date (2026-11-01).
  Newest first; --limit defaults to 100. Needs an admin key once accounts exist.
`;

const actionColumns: Column<UserActionRow>[] = [
	{key: 'action_at', header: 'WHEN', value: (row) => row.action_at},
	{key: 'user', header: 'USER', value: (row) => row.email ?? '(local)'},
	{key: 'key', header: 'KEY', value: (row) => row.key_prefix},
	{key: 'action', header: 'ACTION', value: (row) => row.action},
	{key: 'domain', header: 'DOMAIN', value: (row) => row.domain},
	{key: 'resource', header: 'RESOURCE', value: (row) => (row.resource_type ? `${row.resource_type}${row.resource_id ? ` ${row.resource_id}` : ''}` : null)},
];

const changeColumns: Column<DataChangeRow>[] = [
	{key: 'changed_at', header: 'WHEN', value: (row) => row.changed_at},
	{key: 'user', header: 'USER', value: (row) => row.email},
	{key: 'table', header: 'TABLE', value: (row) => row.table_name},
	{key: 'operation', header: 'OP', value: (row) => row.operation},
	{key: 'domain', header: 'DOMAIN', value: (row) => row.domain},
	{key: 'record_id', header: 'RECORD', value: (row) => row.record_id},
	{key: 'changed_fields', header: 'CHANGED', value: (row) => row.changed_fields?.join(',') ?? null},
];

export default async function audit(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		domain: {type: 'string'},
		user: {type: 'string'},
		since: {type: 'string'},
		action: {type: 'string'},
		table: {type: 'string'},
		limit: {type: 'string'},
		changes: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0]}"`, 'see `pf audit --help`');
	let since: Date | undefined;
	if (cli.flags.since) {
		since = parseSince(cli.flags.since, Date.now());
		if (!since) throw new UsageError(`--since "${cli.flags.since}" is not a duration or date`, 'use e.g. 7d, 24h or 2026-11-01');
	}
	const limit = cli.flags.limit === undefined ? 100 : Number(cli.flags.limit);
	if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit "${cli.flags.limit}" is not a positive whole number`);
	const query = {domain: cli.flags.domain, email: cli.flags.user, since, action: cli.flags.action, table: cli.flags.table, limit};
	const format = listFormat(cli.flags);
	const sql = await database();
	if (cli.flags.changes) {
		const rows = await dataChanges(sql, query);
		process.stdout.write(
			renderList(rows, changeColumns, format, (row) => ({changedAt: row.changed_at, user: row.email, table: row.table_name, operation: row.operation, domain: row.domain, recordId: row.record_id, changedFields: row.changed_fields, oldData: row.old_data, newData: row.new_data})),
		);
	} else {
		const rows = await userActions(sql, query);
		process.stdout.write(renderList(rows, actionColumns, format, (row) => ({actionAt: row.action_at, user: row.email, key: row.key_prefix, action: row.action, domain: row.domain, resourceType: row.resource_type, resourceId: row.resource_id})));
	}
	return 0;
}
