/**
 * `pf keys create|list|revoke|save|forget|whoami`: API keys. A new key is printed
 * once, on stdout, and never again: pf keeps its SHA-256 hash and its 8-character
 * prefix. `pf keys save` keeps a key on this machine (credentials.json, mode 0600),
 * read from stdin so it never appears in the shell history or the process list.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database} from '../db/client.js';
import {createKey, listApiKeys, revokeApiKey} from '../services/users.js';
import {actorFromKey, resolveActor} from '../services/access.js';
import {forgetSavedKey, saveKey} from '../access/saved-key.js';
import {parseExpiry} from '../access/durations.js';
import {listFormat, renderList, toJson, type Column} from '../output/format.js';

const help = `
  Usage
    $ pf keys create --user <email> [--name N] [--permissions read,enrich] [--expires 90d|2027-01-31] [--rpm 60] [--save] [--json]
    $ pf keys list [--user <email>] [--json|--csv|--tsv]
    $ pf keys revoke <prefix>
    $ pf keys save              read a key from stdin and keep it on this machine (mode 0600)
    $ pf keys forget            remove the saved key
    $ pf keys whoami [--json]   who pf acts as

  Permissions: read, enrich, admin (default: read); an account's role caps them.
  --rpm is the enqueue rate limit per minute (default 60).
  The key is shown once. pf uses PF_API_KEY, else the saved key.
`;

type KeyListRow = Awaited<ReturnType<typeof listApiKeys>>[number];

const columns: Column<KeyListRow>[] = [
	{key: 'prefix', header: 'PREFIX', value: (row) => row.key_prefix},
	{key: 'user', header: 'USER', value: (row) => row.email},
	{key: 'name', header: 'NAME', value: (row) => row.name},
	{key: 'permissions', header: 'PERMISSIONS', value: (row) => row.permissions.join(',')},
	{key: 'rpm', header: 'RPM', value: (row) => row.rate_limit_rpm, align: 'right'},
	{key: 'status', header: 'STATUS', value: (row) => row.status},
	{key: 'expires_at', header: 'EXPIRES', value: (row) => row.expires_at},
	{key: 'last_used_at', header: 'LAST USED', value: (row) => row.last_used_at},
];

async function readKeyFromStdin(): Promise<string> {
	if (process.stdin.isTTY) {
		process.stderr.write('paste the key, then press Enter: ');
		process.stdin.setRawMode(true);
		let typed = '';
		for await (const chunk of process.stdin) {
			const text = String(chunk);
			if (text === '\u0003') {
				process.stdin.setRawMode(false);
				process.exit(130);
			}
			const end = text.search(/[\r\n]/);
			typed += end === -1 ? text : text.slice(0, end);
			if (end !== -1) break;
		}
		process.stdin.setRawMode(false);
		process.stderr.write('\n');
		return typed.trim();
	}
	let input = '';
	for await (const chunk of process.stdin) input += String(chunk);
	return input.trim().split(/\r?\n/)[0]?.trim() ?? '';
}

export default async function keys(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {
		user: {type: 'string'},
		name: {type: 'string'},
		permissions: {type: 'string'},
		expires: {type: 'string'},
		rpm: {type: 'string'},
		save: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		csv: {type: 'boolean', default: false},
		tsv: {type: 'boolean', default: false},
	});
	const [action = 'list', target, ...extra] = cli.input;
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'see `pf keys --help`');
	switch (action) {
		case 'create': {
			if (target) throw new UsageError(`unexpected argument "${target}"`, 'name the account with --user <email>');
			if (!cli.flags.user) throw new UsageError('whose key?', 'pf keys create --user name@example.com --permissions read,enrich');
			let expiresAt: Date | null = null;
			if (cli.flags.expires) {
				const parsed = parseExpiry(cli.flags.expires, Date.now());
				if (!parsed) throw new UsageError(`--expires "${cli.flags.expires}" is not a duration or date`, 'use e.g. 90d, 12h, or 2027-01-31');
				expiresAt = parsed;
			}
			let rateLimitRpm: number | undefined;
			if (cli.flags.rpm !== undefined) {
				rateLimitRpm = Number(cli.flags.rpm);
				if (!Number.isInteger(rateLimitRpm)) throw new UsageError(`--rpm "${cli.flags.rpm}" is not a whole number`);
			}
			const sql = await database();
			const created = await createKey(sql, {email: cli.flags.user, name: cli.flags.name, permissions: cli.flags.permissions, expiresAt, rateLimitRpm});
			if (cli.flags.json) {
				process.stdout.write(toJson({key: created.key, prefix: created.prefix, user: created.email, name: created.name, permissions: created.permissions, rateLimitRpm: created.rateLimitRpm, expiresAt: created.expiresAt}));
			} else {
				process.stdout.write(`${created.key}\n`);
			}
			let saved = '';
			if (cli.flags.save) saved = `; saved in ${await saveKey(created.key)}`;
			process.stderr.write(`pf: created key ${created.prefix} for ${created.email} (${created.permissions.join(', ')}, ${created.rateLimitRpm}/min${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ''})${saved}\npf: this is the only time the key is shown: store it now (PF_API_KEY or \`pf keys save\`)\n`);
			return 0;
		}
		case 'list': {
			if (target) throw new UsageError(`unexpected argument "${target}"`, 'filter with --user <email>');
			const sql = await database();
			const rows = await listApiKeys(sql, {email: cli.flags.user});
			process.stdout.write(renderList(rows, columns, listFormat(cli.flags), (row) => ({prefix: row.key_prefix, user: row.email, name: row.name, permissions: row.permissions, rateLimitRpm: row.rate_limit_rpm, status: row.status, expiresAt: row.expires_at, createdAt: row.created_at, lastUsedAt: row.last_used_at})));
			return 0;
		}
		case 'revoke': {
			if (!target) throw new UsageError('which key?', 'pf keys revoke <prefix> (see `pf keys list`)');
			const sql = await database();
			const key = await revokeApiKey(sql, target);
			process.stderr.write(`pf: revoked key ${key.key_prefix} of ${key.email}\n`);
			return 0;
		}
		case 'save': {
			if (target) throw new UsageError('the key is read from stdin, not from the command line', 'echo "$KEY" | pf keys save   (or run it and paste the key)');
			const key = await readKeyFromStdin();
			if (!key) throw new UsageError('no key on stdin', 'echo "$KEY" | pf keys save');
			const sql = await database();
			const actor = await actorFromKey(sql, key, 'the key given');
			const where = await saveKey(key);
			process.stderr.write(`pf: saved key ${actor.keyPrefix} (${actor.email}) in ${where}\n`);
			return 0;
		}
		case 'forget': {
			const had = await forgetSavedKey();
			process.stderr.write(had ? 'pf: removed the saved key\n' : 'pf: no key was saved\n');
			return 0;
		}
		case 'whoami': {
			const sql = await database();
			const actor = await resolveActor(sql);
			const summary =
				actor.kind === 'key'
					? {kind: 'key', user: actor.email, role: actor.role, key: actor.keyPrefix, permissions: actor.permissions, rateLimitRpm: actor.rateLimitRpm}
					: {kind: actor.kind};
			if (cli.flags.json) process.stdout.write(toJson(summary));
			else if (actor.kind === 'key') process.stdout.write(`${actor.email}\t${actor.role}\tkey ${actor.keyPrefix}\t${actor.permissions.join(',')}\t${actor.rateLimitRpm}/min\n`);
			else process.stdout.write(actor.kind === 'local' ? 'local\tsingle-user install (no accounts)\n' : 'anonymous\tno key: reads only\n');
			return 0;
		}
		default:
			throw new UsageError(`unknown keys action "${action}"`, 'use one of: create, list, revoke, save, forget, whoami');
	}
}
