/**
 * `pf company <domain>`: every intel section of one company with its source and age.
 * `--json` gives one object (sections with provenance); piped, TSV lines of
 * section/field/value/source/retrieved_at; on a TTY the same as a table. Exit 2 for a
 * string that is not a domain, 5 for a domain the database does not know.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {intelFacts, loadCompanyIntel, parseDomainArgument, type IntelFact} from '../services/company.js';
import {listFormat, renderList, toJson, type Column} from '../output/format.js';

const help = `
  Usage
    $ pf company <domain> [--json|--csv|--tsv]

  Everything known about one company, section by section (company, technology stack,
  search provider, traffic, financials, competitors, hiring, strategic context, investor
  intelligence, executives, displacement, case studies, scores), each fact with its
  source and when it was retrieved. Sections without data say "not enriched".

  Exit codes: 2 when the argument is not a domain, 5 when the company is unknown.
`;

const factColumns: Column<IntelFact>[] = [
	{key: 'section', header: 'Section', value: (f) => f.section},
	{key: 'field', header: 'Field', value: (f) => f.field},
	{key: 'value', header: 'Value', value: (f) => f.value},
	{key: 'source', header: 'Source', value: (f) => f.source},
	{key: 'retrieved_at', header: 'Retrieved', value: (f) => f.retrieved_at},
];

export default async function company(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	const [domainInput, ...extra] = cli.input;
	if (!domainInput) throw new UsageError('which company? give its domain', 'pf company example.com');
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'see `pf company --help`');
	parseDomainArgument(domainInput); // exit 2 before touching the database
	const sql = await database();
	const intel = await loadCompanyIntel(sql, domainInput);
	const format = listFormat(cli.flags);
	process.stdout.write(format === 'json' ? toJson(intel) : renderList(intelFacts(intel), factColumns, format));
	return 0;
}
