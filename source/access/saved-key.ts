/**
 * The API key saved on this machine (`pf keys save`), kept apart from the preferences:
 * `credentials.json` beside conf's `config.json` (same directory: PF_CONFIG_DIR, or
 * `$XDG_CONFIG_HOME/partnerforge-nodejs`), file mode 0600. The preferences file is
 * synced to the database by `pf config push` and rewritten whole by the app, so a key
 * must never live in it.
 *
 * The TUI's source/config/preferences.ts owns config.json; this accessor only touches
 * credentials.json.
 */
import Conf from 'conf';

type Credentials = {apiKey?: string};

function credentials(env: NodeJS.ProcessEnv = process.env): Conf<Credentials> {
	return new Conf<Credentials>({
		projectName: 'partnerforge',
		configName: 'credentials',
		configFileMode: 0o600,
		...(env.PF_CONFIG_DIR ? {cwd: env.PF_CONFIG_DIR} : {}),
	});
}

/** The saved key, or undefined. Never logged. */
export function readSavedKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
	try {
		const key = credentials(env).get('apiKey');
		return typeof key === 'string' && key !== '' ? key : undefined;
	} catch {
		// An unreadable file is no key: the user is told when a write needs one.
		return undefined;
	}
}

/** Saves a key (mode 0600); returns the file's path. */
export function saveKey(key: string, env: NodeJS.ProcessEnv = process.env): string {
	const store = credentials(env);
	store.set('apiKey', key);
	return store.path;
}

/** Removes the saved key; returns whether there was one. */
export function forgetSavedKey(env: NodeJS.ProcessEnv = process.env): boolean {
	const store = credentials(env);
	const had = store.has('apiKey');
	store.delete('apiKey');
	return had;
}

/** Where the saved key lives, for messages. */
export function savedKeyPath(env: NodeJS.ProcessEnv = process.env): string {
	return credentials(env).path;
}
