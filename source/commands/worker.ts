/**
 * `pf worker [--concurrency N]`: the second process. Runs enrichment jobs (N at a time)
 * and the scheduled tasks until SIGTERM or SIGINT, then stops cleanly: no new jobs, the
 * running ones finish (a second signal, or PF_WORKER_SHUTDOWN_MS, makes them give up and
 * go back to the queue for the next worker). It never writes local preferences.
 */
import {parseCommand} from './parse.js';
import {UsageError} from '../errors.js';
import {database, openClient} from '../db/client.js';
import {databaseTarget} from '../db/target.js';
import {onShutdown} from '../lifecycle.js';
import {startWorker} from '../queue/worker.js';

const help = `
  Usage
    $ pf worker [--concurrency N]

  Options
    --concurrency N   enrichment jobs at a time (default 5)

  Runs enrichment jobs from the queue (Redis at REDIS_URL, else PostgreSQL) and the
  scheduled tasks of jobs_scheduled_tasks. Start as many workers as you like, on as
  many machines, against the same Redis and PostgreSQL. Stops cleanly on SIGTERM or
  ctrl-c (press it again to stop at once; unfinished jobs go back to the queue).
`;

/**
 * The jobs' database connections: PF_WORKER_DB_POOL, else max(4, N/2). Few on purpose: the
 * client pipelines the statements of concurrent modules and jobs on a busy connection (one
 * socket write for several), and fewer PostgreSQL backends compete for the cores — on
 * bench/enrich (2 cores, N = 10) 4 connections gave 2× the throughput of 30.
 */
export function workerPoolSize(concurrency: number, env: NodeJS.ProcessEnv): number {
	const configured = Number(env.PF_WORKER_DB_POOL);
	if (Number.isInteger(configured) && configured > 0) return configured;
	return Math.max(4, Math.ceil(concurrency / 2));
}

function stamp(): string {
	return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export default async function worker(argv: string[]): Promise<number> {
	const cli = parseCommand(help, argv, {concurrency: {type: 'number', default: 5}});
	if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0]}"`, 'see `pf worker --help`');
	const concurrency = cli.flags.concurrency;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) throw new UsageError(`--concurrency must be a whole number from 1 to 100, not ${concurrency}`);
	const shutdownMs = Number(process.env.PF_WORKER_SHUTDOWN_MS) > 0 ? Number(process.env.PF_WORKER_SHUTDOWN_MS) : 30_000;

	// Lines logged in the same turn of the event loop (ten jobs finishing together) go out
	// in one write: every write is a system call.
	let pending = '';
	const flush = () => {
		if (pending === '') return;
		const out = pending;
		pending = '';
		process.stderr.write(out);
	};
	const log = (line: string) => {
		if (pending === '') setImmediate(flush);
		pending += `${stamp()} ${line}\n`;
	};
	// database() connects, checks the migrations and starts the embedded server if needed;
	// the jobs get a pool of their own (workerPoolSize).
	await database();
	const {sql} = await openClient(databaseTarget(), {max: workerPoolSize(concurrency, process.env)});
	onShutdown(() => sql.end({timeout: 5}));
	const handle = await startWorker(sql, {concurrency, log});
	log(`pf worker ${process.pid}: ${concurrency} job${concurrency === 1 ? '' : 's'} at a time, queue on ${handle.backend.where}`);

	// cli.tsx exits on SIGINT at once; a worker stops cleanly instead.
	process.removeAllListeners('SIGINT');
	let signalled: NodeJS.Signals | undefined;
	const stopped = new Promise<void>((resolve) => {
		const onSignal = (signal: NodeJS.Signals) => {
			if (signalled) {
				log('stopping now: running jobs go back to the queue');
				void handle.close(true);
				return;
			}
			signalled = signal;
			const running = handle.running();
			log(`${signal}: stopping${running > 0 ? `, waiting for ${running} running job${running === 1 ? '' : 's'} (again to stop at once)` : ''}`);
			const force = setTimeout(() => {
				log(`still stopping after ${shutdownMs} ms: running jobs go back to the queue`);
				void handle.close(true);
			}, shutdownMs);
			force.unref();
			handle.close().then(
				() => {
					clearTimeout(force);
					resolve();
				},
				(error: Error) => {
					log(`error while stopping: ${error.message}`);
					resolve();
				},
			);
		};
		process.on('SIGTERM', onSignal);
		process.on('SIGINT', onSignal);
	});
	await stopped;
	log('stopped');
	flush();
	return signalled === 'SIGINT' ? 130 : 0;
}
