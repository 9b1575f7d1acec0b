/**
 * `pf partners list|add`: the partner catalogue — the technologies whose users are
 * displacement targets, with their BuiltWith and Lists names, category, tier and
 * lead-score points.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {listFormat, renderList, toJson, type Column} from '../output/format.js';
import {addPartner, listPartners, PARTNER_CATEGORIES, PARTNER_TIERS, type PartnerRow} from '../services/partners.js';
import {changingUser} from '../services/customers.js';

const help = `
  Usage
    $ pf partners list [--json|--csv|--tsv]
    $ pf partners add "<name>" --category <c> --tier <t> [--builtwith-name "…"] [--lists-name …] [--points N] [--alias "…"]

  The built-in technologies come from pf's catalogue (../shared/docs/domain.md) and are
  kept in line with it; add your own with \`pf partners add\`.

  Options
    --category        ${PARTNER_CATEGORIES.join(', ')}
    --tier            ${PARTNER_TIERS.join(', ')} (lead-score points 10, 7, 3 unless --points)
    --builtwith-name  the technology's name in BuiltWith answers (default: the name)
    --lists-name      the name the BuiltWith Lists API takes (default: the name, spaces as dashes)
    --alias           another name it goes by (repeatable)
`;

const columns: Column<PartnerRow>[] = [
	{key: 'name', header: 'NAME', value: (row) => row.name},
	{key: 'lists_name', header: 'LISTS NAME', value: (row) => row.listsName},
	{key: 'builtwith_name', header: 'BUILTWITH NAME', value: (row) => row.builtwithName},
	{key: 'category', header: 'CATEGORY', value: (row) => row.category},
	{key: 'tier', header: 'TIER', value: (row) => row.tier},
	{key: 'points', header: 'POINTS', value: (row) => row.leadScorePoints, align: 'right'},
	{key: 'source', header: 'SOURCE', value: (row) => row.source},
];

export default async function partners(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		category: {type: 'string'},
		tier: {type: 'string'},
		builtwithName: {type: 'string'},
		listsName: {type: 'string'},
		points: {type: 'string'},
		alias: {type: 'string', isMultiple: true},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	const [action = 'list', ...args] = cli.input;
	switch (action) {
		case 'list': {
			if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`, 'usage: pf partners list');
			const sql = await database();
			const rows = await listPartners(sql);
			process.stdout.write(renderList(rows, columns, listFormat(cli.flags)));
			return 0;
		}
		case 'add': {
			if (args.length !== 1) throw new UsageError(args.length === 0 ? 'missing the technology\'s name' : `unexpected argument "${args[1]}" (quote a name with spaces)`, 'usage: pf partners add "<name>" --category <c> --tier <t>');
			if (!cli.flags.category) throw new UsageError('missing --category', `use one of: ${PARTNER_CATEGORIES.join(', ')}`);
			if (!cli.flags.tier) throw new UsageError('missing --tier', `use one of: ${PARTNER_TIERS.join(', ')}`);
			let points: number | undefined;
			if (cli.flags.points !== undefined) {
				points = Number(cli.flags.points);
				if (!Number.isInteger(points)) throw new UsageError(`--points "${cli.flags.points}" is not a whole number`, 'give 0 to 10');
			}
			const sql = await database();
			const row = await addPartner(sql, {
				name: args[0]!,
				category: cli.flags.category,
				tier: cli.flags.tier,
				builtwithName: cli.flags.builtwithName,
				listsName: cli.flags.listsName,
				leadScorePoints: points,
				aliases: cli.flags.alias ?? [],
				actor: await changingUser(sql, 'admin', 'add partner technologies'),
			});
			if (cli.flags.json) process.stdout.write(toJson(row));
			else process.stderr.write(`pf: added ${row.name} (Lists name ${row.listsName}, ${row.category}, ${row.tier}, ${row.leadScorePoints} points)\n`);
			return 0;
		}
		default:
			throw new UsageError(`unknown partners action "${action}"`, 'use one of: list, add');
	}
}
