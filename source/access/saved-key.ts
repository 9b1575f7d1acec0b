/**
 * The API key saved on this machine (`pf keys save`), kept apart from the preferences:
 * `credentials.json` beside conf's `config.json` (same directory: PF_CONFIG_DIR, else
 * conf's per-user directory, e.g. `$XDG_CONFIG_HOME/partnerforge-nodejs`), file mode
 * 0600. The preferences file is synced to the database by `pf config push` and
 * rewritten whole by the app, so a key must never live in it.
 *
 * The TUI's source/config/preferences.ts owns config.json; this accessor only touches
 * credentials.json. Reading does not load conf (its import is slow, and every guarded
 * command reads the key); writing goes through conf (atomic write, file mode).
 */
import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const projectDirectory = 'partnerforge-nodejs';
const fileName = 'credentials.json';

/** Where the saved key lives (the same directory conf uses for config.json). */
export function savedKeyPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env.PF_CONFIG_DIR) return path.join(path.resolve(env.PF_CONFIG_DIR), fileName);
	const home = os.homedir();
	if (process.platform === 'darwin') return path.join(home, 'Library', 'Preferences', projectDirectory, fileName);
	if (process.platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), projectDirectory, 'Config', fileName);
	return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), projectDirectory, fileName);
}

/** The saved key, or undefined. Never logged. */
export function readSavedKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
	try {
		const stored = JSON.parse(readFileSync(savedKeyPath(env), 'utf8')) as {apiKey?: unknown};
		return typeof stored.apiKey === 'string' && stored.apiKey !== '' ? stored.apiKey : undefined;
	} catch {
		// No file, or an unreadable one: no key. The user is told when a write needs one.
		return undefined;
	}
}

async function credentials(env: NodeJS.ProcessEnv) {
	const {default: Conf} = await import('conf');
	return new Conf<{apiKey?: string}>({
		projectName: 'partnerforge',
		configName: 'credentials',
		configFileMode: 0o600,
		cwd: path.dirname(savedKeyPath(env)),
	});
}

/** Saves a key (file mode 0600); returns the file's path. */
export async function saveKey(key: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const store = await credentials(env);
	store.set('apiKey', key);
	return store.path;
}

/** Removes the saved key; returns whether there was one. */
export async function forgetSavedKey(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
	const store = await credentials(env);
	const had = store.has('apiKey');
	store.delete('apiKey');
	return had;
}
