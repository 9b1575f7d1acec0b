/**
 * `pf discover <technology>`: finds the sites BuiltWith lists on a partner technology
 * and adds the ones that are not Algolia customers as displacement targets.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {toJson} from '../output/format.js';
import {discover, validateDiscoverFilters, type DiscoverProgress, type DiscoverReport} from '../services/discovery.js';
import {changingUser, currentActor} from '../services/customers.js';

const help = `
  Usage
    $ pf discover <technology> [--since 30d] [--country CC] [--max N] [--dry-run] [--json]

  Pages through the BuiltWith Lists API for a partner technology (see \`pf partners list\`;
  the display name, the BuiltWith name or the Lists name all work) and adds every listed
  site that is not an Algolia customer to the targets, with the technology in its stack.
  Customers (\`pf customers\`) are skipped. An interrupted run resumes from its last page:
  run the same command again.

  Options
    --since     only sites that started using it since: 30d, 12w, 6m, 1y or 2026-01-31
    --country   ISO country codes, comma-separated (gb, de, …)
    --max       stop after N listed domains (the next run with the same filters continues)
    --dry-run   fetch and classify, write nothing (the API calls still cost credits)
    --json      the report as JSON

  Environment
    BUILTWITH_API_KEY   required
    PF_BUILTWITH_URL    default https://api.builtwith.com
`;

const number = (value: number) => value.toLocaleString('en-US');

function progressLine(progress: DiscoverProgress): string {
	return `page ${progress.page} · ${number(progress.listed)} listed · ${number(progress.newCompanies)} new · ${number(progress.alreadyKnown)} known · ${number(progress.skippedCustomer)} customers · ${number(progress.invalid)} invalid`;
}

function formatReport(report: DiscoverReport): string {
	const c = report.counts;
	const filters = [report.since ? `since ${report.since}` : '', report.country ? `country ${report.country}` : ''].filter(Boolean).join(' · ') || 'none';
	const lines = [
		`technology          ${report.technology} (${report.listsName})`,
		`filters             ${filters}`,
		`status              ${report.status}${report.dryRun ? ' (dry run: nothing written)' : ''}${report.resumed ? ' (resumed an unfinished run)' : ''}`,
		`pages               ${number(report.pages)}`,
		`listed              ${number(c.listed)}`,
		`new                 ${number(c.newCompanies)}`,
		`already known       ${number(c.alreadyKnown)}`,
		`skipped (customer)  ${number(c.skippedCustomer)}`,
		`invalid             ${number(c.invalid)}`,
		`api calls           ${number(report.apiCalls)}`,
		`cost (estimated)    $${report.costEstimate.toFixed(2)}`,
	];
	if (report.runTotals && report.resumed) {
		const t = report.runTotals;
		lines.push(`whole run           ${number(t.pages)} pages · ${number(t.listed)} listed · ${number(t.newCompanies)} new · ${number(t.apiCalls)} calls · $${t.costEstimate.toFixed(2)}`);
	}
	if (report.status === 'paused') lines.push('next                run the same command again to continue');
	return lines.join('\n') + '\n';
}

export default async function discoverCommand(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		since: {type: 'string'},
		country: {type: 'string'},
		max: {type: 'string'},
		dryRun: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
	});
	if (cli.input.length === 0) throw new UsageError('missing the partner technology', 'usage: pf discover <technology>; see `pf partners list`');
	if (cli.input.length > 1) throw new UsageError(`unexpected argument "${cli.input[1]}"`, 'quote a technology name with spaces, or use its Lists name (Adobe-Experience-Manager)');
	// Bad filters are refused before the database is even opened.
	validateDiscoverFilters(cli.flags);
	const sql = await database();
	const tty = process.stderr.isTTY === true;
	const report = await discover(sql, {
		technology: cli.input[0]!,
		since: cli.flags.since,
		country: cli.flags.country,
		max: cli.flags.max === undefined ? undefined : Number(cli.flags.max),
		dryRun: cli.flags.dryRun,
		actor: cli.flags.dryRun ? currentActor() : await changingUser(sql, 'enrich', 'discover targets'),
		env: process.env,
		onProgress: tty ? (progress) => process.stderr.write(`\r\x1b[2K${progressLine(progress)}`) : undefined,
	});
	if (tty) process.stderr.write('\r\x1b[2K');
	for (const example of report.invalidExamples.slice(0, 5)) process.stderr.write(`pf: skipped "${example.value}": ${example.reason}\n`);
	process.stdout.write(cli.flags.json ? toJson(report) : formatReport(report));
	return 0;
}
