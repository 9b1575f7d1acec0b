/**
 * `pf leads [--status HOT|WARM|COOL|COLD] [--limit N]`: leads by priority score, TSV
 * when piped, a table on a TTY, `--json` / `--csv` on request. Loads no ink or react.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {listLeads, type LeadStatus, type ListRow} from '../services/leads.js';
import {listFormat, type Column} from '../output/format.js';
import {parseLimit, printList} from './list-output.js';

const help = `
  Usage
    $ pf leads [--status HOT|WARM|COOL|COLD] [--limit N] [--json|--csv|--tsv]

  Leads (companies with an ICP priority), best priority score first. Without --status,
  every status. TSV with a header when piped, a table on a TTY (first 100 rows unless
  --limit), a JSON array with --json.

  Examples
    $ pf leads --status HOT --limit 20
    $ pf leads --json | jq '.[].domain'
`;

const STATUSES: readonly LeadStatus[] = ['HOT', 'WARM', 'COOL', 'COLD'];

export const leadColumns: Column<ListRow>[] = [
	{key: 'domain', header: 'Domain', value: (r) => r.domain},
	{key: 'company_name', header: 'Company', value: (r) => r.company_name},
	{key: 'priority_status', header: 'Status', value: (r) => r.priority_status},
	{key: 'priority_score', header: 'Priority', value: (r) => r.priority_score, align: 'right'},
	{key: 'icp_tier', header: 'Tier', value: (r) => r.icp_tier, align: 'right'},
	{key: 'lead_score_total', header: 'Lead', value: (r) => r.lead_score_total, align: 'right'},
	{key: 'vertical', header: 'Vertical', value: (r) => r.vertical},
	{key: 'search_provider', header: 'Search', value: (r) => r.search_provider},
	{key: 'monthly_visits', header: 'Visits/mo', value: (r) => r.monthly_visits, align: 'right'},
	{key: 'latest_revenue', header: 'Revenue', value: (r) => r.latest_revenue, align: 'right'},
	{key: 'overall_timing', header: 'Timing', value: (r) => r.overall_timing},
	{key: 'updated_at', header: 'Updated', value: (r) => r.updated_at},
];

export default async function leads(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		status: {type: 'string'},
		limit: {type: 'string'},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0]}"`, 'see `pf leads --help`');
	const status = cli.flags.status?.toUpperCase();
	if (status !== undefined && !STATUSES.includes(status as LeadStatus)) throw new UsageError(`unknown status "${cli.flags.status}"`, `use one of ${STATUSES.join(', ')}`);
	const format = listFormat(cli.flags);
	const limit = parseLimit(cli.flags.limit, format);
	const sql = await database();
	const rows = await listLeads(sql, {status: status as LeadStatus | undefined, limit});
	printList(rows, leadColumns, format, limit, cli.flags.limit === undefined);
	return 0;
}

