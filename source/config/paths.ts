import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

let cachedRoot: string | undefined;

/**
 * The package root (where package.json and sql/ live). Found by walking up from this
 * module, because the same code runs from source/ under vitest and from a bundled
 * chunk under dist/.
 */
export function packageRoot(): string {
	if (cachedRoot) return cachedRoot;
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'sql'))) {
			cachedRoot = dir;
			return dir;
		}
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('pf: cannot find its package root (package.json beside sql/)');
		dir = parent;
	}
}

export function sqlDirectory(): string {
	return path.join(packageRoot(), 'sql');
}

/**
 * Where the embedded database lives. `PF_DATA_DIR` wins. Otherwise the per-user data
 * directory (`$XDG_DATA_HOME/partnerforge` or `~/.local/share/partnerforge`). As root
 * the server runs as the `postgres` user, which cannot enter /root, so root's default is
 * /var/lib/partnerforge.
 */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
	if (env.PF_DATA_DIR) return path.resolve(env.PF_DATA_DIR);
	if (process.getuid?.() === 0) return '/var/lib/partnerforge';
	const base = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
	return path.join(base, 'partnerforge');
}
