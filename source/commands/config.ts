/**
 * `pf config get|set|list|path`: the app's local preferences (conf). Values are JSON
 * when they parse as JSON, text otherwise; key bindings accept "j,down".
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {flattenPreferences, getPath, preferenceStore, setPath} from '../config/preferences.js';
import {toJson} from '../output/format.js';

const help = `
  Usage
    $ pf config list [--json]        every preference and its value
    $ pf config get <key> [--json]   one value (e.g. theme, views.hot.columns)
    $ pf config set <key> <value>    change one (JSON or text)
    $ pf config path                 where the preferences file is
    $ pf config push                 save them in your account (needs your API key)
    $ pf config pull                 load them from your account

  Preferences
    defaultView          hot | targets | enrichment | jobs
    theme                default | light | mono (mono is forced by NO_COLOR, TERM=dumb, --no-color)
    exportFormat         csv | json (what x writes in the app)
    exportDirectory      where x writes (empty: the current directory)
    refreshInterval      seconds between automatic refreshes, 0 = off
    views.<view>.filter  the saved filter of a view
    views.<view>.sort    {"column":"priority_score","descending":true} or null
    views.<view>.columns ["domain","company_name",…] or null for the defaults
    keys.<action>        keys of an action, e.g. pf config set keys.list.down "j,down"

  Examples
    $ pf config set theme light
    $ pf config set refreshInterval 30
    $ pf config set views.hot.columns '["domain","priority_score"]'
`;

export default async function config(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {json: {type: 'boolean', default: false}});
	const [action = 'list', key, value, ...extra] = cli.input;
	if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, 'quote a value that has spaces');
	const store = preferenceStore();
	switch (action) {
		case 'path':
			process.stdout.write(`${store.path}\n`);
			return 0;
		case 'list': {
			const preferences = store.read();
			if (cli.flags.json) process.stdout.write(toJson(preferences));
			else process.stdout.write(flattenPreferences(preferences).map(([path, v]) => `${path}\t${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n') + '\n');
			return 0;
		}
		case 'get': {
			if (!key) throw new UsageError('which preference?', 'pf config get theme');
			const found = getPath(store.read(), key);
			if (found === undefined) throw new UsageError(`unknown preference "${key}"`, 'run `pf config list` to see the preferences');
			process.stdout.write(cli.flags.json ? toJson(found) : `${typeof found === 'string' ? found : JSON.stringify(found)}\n`);
			return 0;
		}
		case 'set': {
			if (!key || value === undefined) throw new UsageError('set needs a key and a value', 'pf config set theme light');
			store.write(setPath(store.read(), key, value));
			process.stderr.write(`pf: ${key} set\n`);
			return 0;
		}
		case 'push':
		case 'pull': {
			// Issue 8: sync with the account's users_preferences row (source/services/preferences-sync.ts).
			if (key) throw new UsageError(`unexpected argument "${key}"`, `pf config ${action}`);
			const [{database}, sync] = await Promise.all([import('../db/client.js'), import('../services/preferences-sync.js')]);
			const sql = await database();
			if (action === 'push') process.stderr.write(`pf: preferences pushed to ${(await sync.pushPreferences(sql, store)).email}\n`);
			else {
				const pulled = await sync.pullPreferences(sql, store);
				process.stderr.write(pulled.found ? `pf: preferences pulled from ${pulled.email}\n` : `pf: ${pulled.email} has no preferences stored yet (run \`pf config push\` first)\n`);
			}
			return 0;
		}
		default:
			throw new UsageError(`unknown config action "${action}"`, 'use one of: get, set, list, path, push, pull');
	}
}
