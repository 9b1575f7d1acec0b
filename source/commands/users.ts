/**
 * `pf users add|list|deactivate`: accounts of a shared database. On a database without
 * accounts anyone may add the first ones (single-user install → shared); after that,
 * changes need an admin key.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {addUser, deactivateUser, listUsers} from '../services/users.js';
import {listFormat, renderList, toJson, type Column} from '../output/format.js';

const help = `
  Usage
    $ pf users add <email> [--role admin|user|readonly] [--name N] [--json]
    $ pf users list [--json|--csv|--tsv]
    $ pf users deactivate <email>

  Roles: admin (everything), user (read and enrich), readonly (read).
  The first account may be added by anyone; then an admin key is needed
  (PF_API_KEY or \`pf keys save\`). Give the account a key with \`pf keys create\`.
`;

type AccountListRow = Awaited<ReturnType<typeof listUsers>>[number];

const columns: Column<AccountListRow>[] = [
	{key: 'email', header: 'EMAIL', value: (row) => row.email},
	{key: 'role', header: 'ROLE', value: (row) => row.role},
	{key: 'status', header: 'STATUS', value: (row) => (row.is_active ? 'active' : 'deactivated')},
	{key: 'active_keys', header: 'KEYS', value: (row) => row.active_keys, align: 'right'},
	{key: 'name', header: 'NAME', value: (row) => row.name},
	{key: 'created_at', header: 'CREATED', value: (row) => row.created_at},
];

export default async function users(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		role: {type: 'string'},
		name: {type: 'string'},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	const [action = 'list', email, ...extra] = cli.input;
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'see `pf users --help`');
	switch (action) {
		case 'add': {
			if (!email) throw new UsageError('which account?', 'pf users add name@example.com --role user');
			const sql = await database();
			const account = await addUser(sql, {email, role: cli.flags.role, name: cli.flags.name});
			if (cli.flags.json) process.stdout.write(toJson({email: account.email, role: account.role, name: account.name, active: account.is_active, createdAt: account.created_at}));
			process.stderr.write(`pf: added ${account.email} (${account.role}); give it a key with \`pf keys create --user ${account.email}\`\n`);
			return 0;
		}
		case 'list': {
			if (email) throw new UsageError(`unexpected argument "${email}"`, 'pf users list');
			const sql = await database();
			const rows = await listUsers(sql);
			process.stdout.write(renderList(rows, columns, listFormat(cli.flags), (row) => ({email: row.email, role: row.role, active: row.is_active, activeKeys: row.active_keys, name: row.name, createdAt: row.created_at, lastLoginAt: row.last_login_at})));
			return 0;
		}
		case 'deactivate': {
			if (!email) throw new UsageError('which account?', 'pf users deactivate name@example.com');
			const sql = await database();
			const account = await deactivateUser(sql, email);
			process.stderr.write(`pf: deactivated ${account.email}; its keys no longer work\n`);
			return 0;
		}
		default:
			throw new UsageError(`unknown users action "${action}"`, 'use one of: add, list, deactivate');
	}
}
