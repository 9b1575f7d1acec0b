/**
 * `pf targets [--priority HIGH|MEDIUM] [--limit N]`: displacement targets (partner
 * technology, not Algolia), best lead score first. Loads no ink or react.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {listTargets, type ListRow} from '../services/leads.js';
import {listFormat, type Column} from '../output/format.js';
import {parseLimit, printList} from './list-output.js';

const help = `
  Usage
    $ pf targets [--priority HIGH|MEDIUM] [--limit N] [--json|--csv|--tsv]

  Displacement targets: companies on a partner technology whose search is not Algolia,
  best lead score first. TSV when piped, a table on a TTY, JSON with --json.
`;

const targetColumns: Column<ListRow>[] = [
	{key: 'domain', header: 'Domain', value: (r) => r.domain},
	{key: 'company_name', header: 'Company', value: (r) => r.company_name},
	{key: 'vertical', header: 'Vertical', value: (r) => r.vertical},
	{key: 'current_provider', header: 'Search now', value: (r) => r.current_provider},
	{key: 'displacement_priority', header: 'Displace', value: (r) => r.displacement_priority},
	{key: 'partner_tech', header: 'Partner tech', value: (r) => r.partner_tech},
	{key: 'partner_tier', header: 'Tier', value: (r) => r.partner_tier},
	{key: 'monthly_visits', header: 'Visits/mo', value: (r) => r.monthly_visits, align: 'right'},
	{key: 'lead_score_total', header: 'Lead', value: (r) => r.lead_score_total, align: 'right'},
	{key: 'priority_status', header: 'Status', value: (r) => r.priority_status},
];

export default async function targets(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		priority: {type: 'string'},
		limit: {type: 'string'},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0]}"`, 'see `pf targets --help`');
	const priority = cli.flags.priority?.toUpperCase();
	if (priority !== undefined && priority !== 'HIGH' && priority !== 'MEDIUM') throw new UsageError(`unknown priority "${cli.flags.priority}"`, 'use HIGH or MEDIUM');
	const format = listFormat(cli.flags);
	const limit = parseLimit(cli.flags.limit, format);
	const sql = await database();
	const rows = await listTargets(sql, {priority: priority as 'HIGH' | 'MEDIUM' | undefined, limit});
	printList(rows, targetColumns, format, limit, cli.flags.limit === undefined);
	return 0;
}
