/**
 * Clean-up that must run before a pf command exits (closing the sql client, queue
 * connections). Modules register here instead of cli.tsx importing them, so a command
 * that never opened a connection never loads the module that would close it.
 */
const tasks = new Set<() => Promise<void>>();

export function onShutdown(task: () => Promise<void>): () => void {
	tasks.add(task);
	return () => tasks.delete(task);
}

export async function shutdown(): Promise<void> {
	const pending = [...tasks];
	tasks.clear();
	await Promise.allSettled(pending.map((task) => task()));
}
