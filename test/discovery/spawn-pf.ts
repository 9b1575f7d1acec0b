/**
 * Starts the built CLI as a child process whose pid the test controls (the kill-and-resume
 * test), and waits for it. PF_TEST_CLI may point at another build of source/cli.tsx.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {cliPath} from '../helpers/run-pf.js';

export type Spawned = {child: ChildProcess; done: Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>};

export const testCli = process.env.PF_TEST_CLI || cliPath;

export function spawnPf(args: string[], env: Record<string, string | undefined>): Spawned {
	const merged: Record<string, string | undefined> = {...process.env, DATABASE_URL: undefined, REDIS_URL: undefined, NO_COLOR: '1', ...env};
	for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
	const child = spawn(process.execPath, [testCli, ...args], {env: merged as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const done = new Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
	return {child, done};
}

/** Runs the CLI to the end (killed after `timeoutMs`). */
export async function pf(args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000) {
	const spawned = spawnPf(args, env);
	const timer = setTimeout(() => spawned.child.kill('SIGKILL'), timeoutMs);
	try {
		return await spawned.done;
	} finally {
		clearTimeout(timer);
	}
}
