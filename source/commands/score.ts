/**
 * `pf score [<domain>…] [--all] [--json]`: recompute and store scores, print what changed.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {normaliseDomain} from '../domain/domain-name.js';
import {listFormat, renderList, type Column} from '../output/format.js';

const help = `
  Usage
    $ pf score <domain>… [--json]   recompute and store the scores of these companies
    $ pf score --all [--json]       recompute every company's score

  Prints the companies whose status or priority changed (named domains are always
  listed): domain, the status move (WARM → HOT), the priority move and the model.
  A summary goes to stderr. Companies with no sourced signals that were never enriched
  keep the legacy bands (model legacy-icp); see docs/scoring.md.

  Options
    --all     every company in the database
    --json    a JSON array of {domain, previousStatus, newStatus, previousScore, newScore, modelVersion, leadScore, changed}
    --csv, --tsv   machine formats (TSV is the default when piped)
`;

export default async function score(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		all: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	const domains: string[] = [];
	for (const input of cli.input) {
		const result = normaliseDomain(input);
		if (!result.ok) throw new UsageError(`"${input}" is not a domain: ${result.reason}`, 'pass a registrable domain such as acme.com');
		domains.push(result.domain);
	}
	if (cli.flags.all && domains.length > 0) throw new UsageError('--all and a list of domains do not go together', 'use one or the other');
	if (!cli.flags.all && domains.length === 0) throw new UsageError('no company to score', 'name one or more domains, or use --all');

	const [{database}, {scoreDomains}] = await Promise.all([import('../db/client.js'), import('../services/scoring.js')]);
	const sql = await database();
	// Scoring stores scores: it needs a valid key once the database has accounts (issue 8).
	const {authorize} = await import('../services/access.js');
	await authorize(sql, {action: 'data.write'});
	const started = performance.now();
	const changes = await scoreDomains(sql, cli.flags.all ? {all: true} : {domains});
	const shown = cli.flags.all ? changes.filter((change) => change.changed) : changes;
	type Change = (typeof changes)[number];
	const columns: Column<Change>[] = [
		{key: 'domain', header: 'DOMAIN', value: (c) => c.domain},
		{key: 'previous_status', header: 'WAS', value: (c) => c.previousStatus ?? ''},
		{key: 'status', header: 'NOW', value: (c) => c.newStatus},
		{key: 'move', header: 'MOVE', value: (c) => (c.previousStatus === c.newStatus ? (c.changed ? '=' : 'unchanged') : `${c.previousStatus ?? 'new'} → ${c.newStatus}`)},
		{key: 'previous_score', header: 'WAS', value: (c) => c.previousScore ?? '', align: 'right'},
		{key: 'score', header: 'PRIORITY', value: (c) => c.newScore, align: 'right'},
		{key: 'lead_score', header: 'LEAD', value: (c) => c.leadScore, align: 'right'},
		{key: 'model_version', header: 'MODEL', value: (c) => c.modelVersion},
	];
	const format = listFormat(cli.flags);
	if (shown.length > 0 || format === 'json') process.stdout.write(renderList(shown, columns, format));
	const counts = {HOT: 0, WARM: 0, COOL: 0, COLD: 0} as Record<string, number>;
	for (const change of changes) counts[change.newStatus] = (counts[change.newStatus] ?? 0) + 1;
	const moved = changes.filter((change) => change.previousStatus !== change.newStatus).length;
	process.stderr.write(
		`pf: scored ${changes.length} ${changes.length === 1 ? 'company' : 'companies'} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${changes.filter((c) => c.changed).length} changed, ${moved} changed status (HOT ${counts.HOT}, WARM ${counts.WARM}, COOL ${counts.COOL}, COLD ${counts.COLD})\n`,
	);
	return 0;
}
