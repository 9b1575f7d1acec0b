import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export type PfRun = {code: number | null; stdout: string; stderr: string};

/**
 * Runs `node dist/cli.js …` (the built binary; `npm test` builds it first through
 * `pretest`). `env` is merged over a copy of process.env without DATABASE_URL/REDIS_URL,
 * so each test says which database and queue it means.
 */
export function runPf(args: string[], options: {env?: Record<string, string | undefined>; input?: string; timeoutMs?: number} = {}): Promise<PfRun> {
	const env: Record<string, string | undefined> = {...process.env, DATABASE_URL: undefined, REDIS_URL: undefined, NO_COLOR: '1', ...options.env};
	for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}
