/**
 * The enrichment pipeline: runs the modules of one domain as a dependency graph
 * (domain.md, "Enrichment order"). Every module whose dependencies are settled starts at
 * once, so independent modules run concurrently; a module that fails never stops the
 * others — only the modules that depend on it are skipped, with the reason. Modules write
 * with idempotent upserts, so running a module again (a retry, a worker killed mid-job)
 * leaves no duplicate rows.
 */
import {MODULE_DEPENDENCIES, MODULE_NAMES, type ApiSource, type EnrichmentModule, type JobScope, type ModuleContext, type ModuleName, type ModuleOutcome, type ModuleStatus} from './types.js';
import type {Sql} from '../db/client.js';

/** One node of the graph: a module, or anything shaped like one (tests, analysis steps). */
export type PipelineStep = {
	name: string;
	dependsOn: readonly string[];
	sources: readonly ApiSource[];
	/** A fetch module (writes intel from the sources); analysis steps wait for these to have written. */
	kind?: 'fetch' | 'analysis';
	run(context: ModuleContext): Promise<ModuleOutcome>;
	/** Started with the run, before the dependencies settle (EnrichmentModule.prefetch). */
	prefetch?(context: ModuleContext): Promise<void>;
};

/** What one step did, as recorded in the job (core_enrichment_jobs.module_results). */
export type StepResult = {
	name: string;
	status: ModuleStatus;
	note?: string;
	retryable?: boolean;
	rowsWritten?: number;
	apiCalls: number;
	cost: number;
	ms: number;
};

export type PipelineReport = {
	results: StepResult[];
	completed: string[];
	failed: string[];
	skipped: string[];
	/** Steps not started because the run was aborted (worker shutdown or cancel). */
	notRun: string[];
	/** With `leaveLastResults`: the settled steps not passed to onResults (the caller's last write takes them). */
	unreported: StepResult[];
	aborted: boolean;
	usage: {apiCalls: number; costEstimate: number};
};

export type PipelineOptions = {
	/** Run only these steps (a partial job); dependencies outside the set count as met (stored data). */
	only?: readonly string[];
	/** Steps already completed by an earlier attempt of the same job: not run again. */
	done?: ReadonlySet<string>;
	/** Called once per settled step, in the order they settle (calls are serialised). */
	onResult?: (result: StepResult) => Promise<void> | void;
	/**
	 * Like onResult, but for the steps that settled while the previous call was running,
	 * all at once (in the order they settled): one write per batch instead of one per step.
	 */
	onResults?: (results: StepResult[]) => Promise<void> | void;
	/**
	 * With onResults: at most one call per this many milliseconds while steps still run
	 * (the steps settling meanwhile wait and go together); the last batch goes as soon as
	 * the run is over. Default 0: as soon as the previous call is done.
	 */
	coalesceMs?: number;
	/**
	 * With onResults: the batch still waiting when the run is over is not passed to it but
	 * returned as `unreported`, for the caller to write with whatever it writes next.
	 */
	leaveLastResults?: boolean;
};

/** The base of every module's context; each module gets its own usage counter (and the run a JobScope). */
export type PipelineContext = Omit<ModuleContext, 'usage'>;

/** The run's shared state: a memo, and a latch on the fetch modules' writes. */
function jobScope(fetchSteps: readonly string[], signal: AbortSignal): JobScope {
	const waiting = new Set(fetchSteps);
	let release: () => void = () => {};
	const all = new Promise<void>((resolve) => {
		release = resolve;
	});
	const check = () => {
		if (waiting.size === 0 || signal.aborted) release();
	};
	signal.addEventListener('abort', check, {once: true});
	check();
	return {
		memo: new Map(),
		fetchesWritten: () => all,
		written(name) {
			waiting.delete(name);
			check();
		},
	};
}

/** Why a step that must not retry failed: an error with `retryable: false` or BullMQ's UnrecoverableError. */
function isRetryable(error: unknown): boolean {
	const candidate = error as {retryable?: unknown; name?: unknown};
	if (candidate?.retryable === false) return false;
	return candidate?.name !== 'UnrecoverableError';
}

/**
 * Checks the graph: every dependency names a step, no cycles. Throws with the names
 * involved (a programming error, not user input).
 */
export function validateGraph(steps: readonly PipelineStep[]): void {
	const byName = new Map(steps.map((step) => [step.name, step]));
	if (byName.size !== steps.length) throw new Error('pipeline: two steps share a name');
	for (const step of steps) {
		for (const dependency of step.dependsOn) {
			if (!byName.has(dependency)) throw new Error(`pipeline: step "${step.name}" depends on unknown step "${dependency}"`);
		}
	}
	const state = new Map<string, 'visiting' | 'done'>();
	const visit = (name: string, path: string[]) => {
		if (state.get(name) === 'done') return;
		if (state.get(name) === 'visiting') throw new Error(`pipeline: dependency cycle ${[...path, name].join(' → ')}`);
		state.set(name, 'visiting');
		for (const dependency of byName.get(name)!.dependsOn) visit(dependency, [...path, name]);
		state.set(name, 'done');
	};
	for (const step of steps) visit(step.name, []);
}

/** Runs the graph for one domain; never throws for a module's failure (only if onResult does). */
export async function runPipeline(steps: readonly PipelineStep[], context: PipelineContext, options: PipelineOptions = {}): Promise<PipelineReport> {
	validateGraph(steps);
	const selected = options.only ? new Set(options.only) : undefined;
	const done = options.done ?? new Set<string>();
	const todo = steps.filter((step) => (!selected || selected.has(step.name)) && !done.has(step.name));
	const inRun = new Set(todo.map((step) => step.name));
	const job = context.job ?? jobScope(todo.filter((step) => step.kind === 'fetch').map((step) => step.name), context.signal);

	// Settled state of each step in this run; a dependency outside the run counts as met.
	const settled = new Map<string, {status: ModuleStatus; blocking: boolean}>();
	const results: StepResult[] = [];
	const usage = {apiCalls: 0, costEstimate: 0};
	let reporting: Promise<void> = Promise.resolve();
	let reportError: unknown;
	let batch: StepResult[] | undefined;
	let unreported: StepResult[] = [];
	const coalesceMs = options.coalesceMs ?? 0;
	let lastReport = -Infinity;
	let over: () => void = () => {};
	const runOver = new Promise<void>((resolve) => {
		over = resolve;
	});
	/** Until `coalesceMs` after the previous report began, or the end of the run. */
	const reportGap = async () => {
		const wait = lastReport + coalesceMs - performance.now();
		if (wait <= 0) return;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([runOver, new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))]);
		clearTimeout(timer);
	};

	const record = (result: StepResult, blocking: boolean) => {
		settled.set(result.name, {status: result.status, blocking});
		job.written(result.name);
		results.push(result);
		usage.apiCalls += result.apiCalls;
		usage.costEstimate += result.cost;
		if (options.onResults) {
			const onResults = options.onResults;
			if (batch) {
				batch.push(result); // the report already waiting takes it along
				return;
			}
			const mine = (batch = [result]);
			reporting = reporting.then(async () => {
				await reportGap();
				if (mine === unreported) return; // left to the caller
				batch = undefined;
				if (reportError) return;
				lastReport = performance.now();
				try {
					await onResults(mine);
				} catch (error) {
					reportError = error;
				}
			});
		} else if (options.onResult) {
			const onResult = options.onResult;
			reporting = reporting.then(async () => {
				if (reportError) return;
				try {
					await onResult(result);
				} catch (error) {
					reportError = error;
				}
			});
		}
	};

	// Each step's calls count on its own usage; a prefetch's too, from the start of the run.
	const usageOf = new Map<string, {apiCalls: number; costEstimate: number}>();
	const stepUsage = (name: string) => {
		let counter = usageOf.get(name);
		if (!counter) usageOf.set(name, (counter = {apiCalls: 0, costEstimate: 0}));
		return counter;
	};
	const prefetches = new Map<string, Promise<void>>();
	if (!context.signal.aborted) {
		for (const step of todo) {
			if (!step.prefetch) continue;
			let started: Promise<void>;
			try {
				started = step.prefetch({...context, job, usage: stepUsage(step.name)}).catch(() => {});
			} catch {
				continue;
			}
			prefetches.set(step.name, started);
		}
	}

	const runStep = async (step: PipelineStep): Promise<void> => {
		const usage = stepUsage(step.name);
		const started = performance.now();
		let outcome: ModuleOutcome;
		try {
			outcome = await step.run({...context, job, usage});
		} catch (error) {
			outcome = {status: 'failed', note: (error as Error)?.message ?? String(error), retryable: isRetryable(error)};
		}
		// What the prefetch started is part of the step (its calls, their audit rows).
		await prefetches.get(step.name);
		if (!outcome || !['completed', 'skipped', 'failed'].includes(outcome.status)) {
			outcome = {status: 'failed', note: `module returned no valid outcome (${JSON.stringify(outcome)})`, retryable: false};
		}
		const result: StepResult = {
			name: step.name,
			status: outcome.status,
			apiCalls: usage.apiCalls,
			cost: roundCost(usage.costEstimate),
			ms: Math.round(performance.now() - started),
		};
		if (outcome.note !== undefined) result.note = outcome.note;
		if (outcome.status === 'failed') result.retryable = outcome.retryable ?? true;
		if (outcome.rowsWritten !== undefined) result.rowsWritten = outcome.rowsWritten;
		// A failure blocks the dependents; a skip (no API key, nothing to do) does not.
		record(result, outcome.status === 'failed');
	};

	const running = new Map<string, Promise<void>>();
	const pending = new Set(inRun);
	for (;;) {
		let progressed = false;
		for (const name of [...pending]) {
			const step = steps.find((candidate) => candidate.name === name)!;
			const dependencies = step.dependsOn.filter((dependency) => inRun.has(dependency));
			if (!dependencies.every((dependency) => settled.has(dependency))) continue;
			pending.delete(name);
			progressed = true;
			const blockers = dependencies.filter((dependency) => settled.get(dependency)!.blocking);
			if (blockers.length > 0) {
				const first = blockers[0]!;
				const why = settled.get(first)!.status === 'failed' ? `${first} failed` : `${first} was skipped`;
				const skip = () => {
					const usage = stepUsage(name);
					record({name, status: 'skipped', note: `not run: it depends on ${blockers.join(', ')} (${why})`, apiCalls: usage.apiCalls, cost: roundCost(usage.costEstimate), ms: 0}, true);
				};
				const prefetching = prefetches.get(name);
				// Calls its prefetch made are still counted (and their audit rows on record).
				if (prefetching) running.set(name, prefetching.then(skip).finally(() => running.delete(name)));
				else skip();
				continue;
			}
			if (context.signal.aborted || reportError) {
				job.written(name); // never runs: nobody waits for it
				continue;
			}
			running.set(name, runStep(step).finally(() => running.delete(name)));
		}
		if (progressed) continue;
		if (running.size === 0) break;
		await Promise.race(running.values());
	}
	over();
	if (options.leaveLastResults && batch) {
		unreported = batch;
		batch = undefined;
	}
	await reporting;
	if (reportError) throw reportError;

	const notRun = todo.map((step) => step.name).filter((name) => !settled.has(name));
	return {
		results,
		completed: results.filter((result) => result.status === 'completed').map((result) => result.name),
		failed: results.filter((result) => result.status === 'failed').map((result) => result.name),
		skipped: results.filter((result) => result.status === 'skipped').map((result) => result.name),
		notRun,
		unreported,
		aborted: notRun.length > 0,
		usage: {apiCalls: usage.apiCalls, costEstimate: roundCost(usage.costEstimate)},
	};
}

function roundCost(value: number): number {
	return Math.round(value * 10_000) / 10_000;
}

/** The analysis steps issue 4 exports from source/services/analysis.ts. */
export type AnalysisStepName = 'competitor_landscape' | 'hiring_summary' | 'buying_committee' | 'displacement' | 'case_studies' | 'icp' | 'signals' | 'brief';
export type AnalysisSteps = Partial<Record<AnalysisStepName, (sql: Sql, domain: string) => Promise<void>>>;
/** Analysis steps of one run sharing one read of the intel, made after `ready` (analysis.ts, `analysisSession`). */
export type AnalysisSession = (ready: () => Promise<void>) => AnalysisSteps;

/**
 * Analysis writers that refine what a fetch module stored run inside that module, right
 * after it, so everything downstream sees them: the competitor landscape after
 * `competitors`, the hiring summary after `hiring`.
 */
const followUps: Partial<Record<ModuleName, AnalysisStepName>> = {competitors: 'competitor_landscape', hiring: 'hiring_summary'};
const analysisModules = ['buying_committee', 'displacement', 'case_studies', 'icp', 'signals', 'brief'] as const satisfies readonly (ModuleName & AnalysisStepName)[];

/** The fetch modules as the sources half exports them: an array or a record by name. */
export type FetchModules = readonly EnrichmentModule[] | Partial<Record<ModuleName, EnrichmentModule>>;

/**
 * The standard graph: one step per module of domain.md, built from the fetch modules and
 * the analysis steps that exist. A module with no implementation is still a node: it is
 * recorded as skipped with a note ("not available"), and it does not block its dependents.
 */
export function standardSteps(fetchModules: FetchModules | undefined, analysis: AnalysisSteps | undefined, missingNote = 'not available in this build', options: {session?: AnalysisSession} = {}): PipelineStep[] {
	// With a session the analysis steps of a run read the intel once, after the fetch
	// modules have written; without one each reads it when it runs.
	const session = options.session;
	const analysisOf = (context: ModuleContext, name: AnalysisStepName) => {
		if (!session || !context.job) return analysis?.[name];
		let steps = context.job.memo.get('analysis') as AnalysisSteps | undefined;
		if (!steps) context.job.memo.set('analysis', (steps = session(() => context.job!.fetchesWritten())));
		return steps[name];
	};
	const fetchByName = new Map<string, EnrichmentModule>();
	const list = Array.isArray(fetchModules) ? fetchModules : Object.values(fetchModules ?? {});
	for (const module of list as EnrichmentModule[]) if (module && typeof module.run === 'function') fetchByName.set(module.name, module);

	return MODULE_NAMES.map((name): PipelineStep => {
		const dependsOn = MODULE_DEPENDENCIES[name];
		const fetch = fetchByName.get(name);
		const analysisName = (analysisModules as readonly string[]).includes(name) ? (name as AnalysisStepName) : undefined;
		const write = analysisName ? analysis?.[analysisName] : undefined;
		if (fetch) {
			const followUp = followUps[name];
			const after = followUp ? analysis?.[followUp] : undefined;
			const prefetch = fetch.prefetch ? {prefetch: (context: ModuleContext) => fetch.prefetch!(context)} : {};
			if (!followUp || !after) return {name, dependsOn, sources: fetch.sources, kind: 'fetch', run: (context) => fetch.run(context), ...prefetch};
			return {
				name,
				dependsOn,
				sources: fetch.sources,
				kind: 'fetch',
				...prefetch,
				async run(context) {
					const outcome = await fetch.run(context);
					context.job?.written(name);
					if (outcome.status === 'failed') return outcome;
					try {
						await (analysisOf(context, followUp) ?? after)(context.sql, context.domain);
					} catch (error) {
						return {status: 'failed', note: `${followUp.replace('_', ' ')} failed: ${(error as Error).message}`, retryable: isRetryable(error), rowsWritten: outcome.rowsWritten};
					}
					return outcome;
				},
			};
		}
		if (write) {
			return {
				name,
				dependsOn,
				sources: [],
				kind: 'analysis',
				async run(context) {
					await (analysisOf(context, analysisName!) ?? write)(context.sql, context.domain);
					return {status: 'completed'};
				},
			};
		}
		return {name, dependsOn, sources: [], run: async () => ({status: 'skipped', note: `${name}: ${missingNote}`})};
	});
}
