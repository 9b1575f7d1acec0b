import {describe, expect, it} from 'vitest';
import {runPipeline, standardSteps, validateGraph, type PipelineContext, type PipelineStep, type StepResult} from '../../source/enrichment/pipeline.js';
import {MODULE_NAMES, type EnrichmentModule, type ModuleOutcome} from '../../source/enrichment/types.js';
import type {Sql} from '../../source/db/client.js';

const context = (signal = new AbortController().signal): PipelineContext => ({sql: {} as Sql, domain: 'acme.com', jobId: 'job-1', signal, env: {}});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A step that records when it ran and returns a fixed outcome. */
function step(name: string, dependsOn: string[] = [], outcome: ModuleOutcome | (() => Promise<ModuleOutcome>) = {status: 'completed'}, log: string[] = [], ms = 0): PipelineStep {
	return {
		name,
		dependsOn,
		sources: [],
		async run(ctx) {
			log.push(`start ${name}`);
			if (ms) await sleep(ms);
			ctx.usage.apiCalls += 1;
			ctx.usage.costEstimate += 0.01;
			log.push(`end ${name}`);
			return typeof outcome === 'function' ? outcome() : outcome;
		},
	};
}

describe('runPipeline', () => {
	it('runs independent steps concurrently and dependents after their dependencies', async () => {
		const log: string[] = [];
		const steps = [step('a', [], undefined, log, 30), step('b', ['a'], undefined, log, 30), step('c', ['a'], undefined, log, 30), step('d', ['b', 'c'], undefined, log, 0)];
		const report = await runPipeline(steps, context());
		expect(report.completed.sort()).toEqual(['a', 'b', 'c', 'd']);
		// b and c start before either ends; d starts after both end.
		expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end b'));
		expect(log.indexOf('start d')).toBeGreaterThan(Math.max(log.indexOf('end b'), log.indexOf('end c')));
		expect(report.usage).toEqual({apiCalls: 4, costEstimate: 0.04});
		expect(report.aborted).toBe(false);
	});

	it('a failing step never stops the others; only its dependents are skipped, with the reason', async () => {
		const steps = [
			step('context'),
			step('financials', ['context'], {status: 'failed', note: 'HTTP 500 from Yahoo', retryable: true}),
			step('investor', ['financials']),
			step('executives', ['investor']),
			step('traffic', ['context']),
			step('icp', ['traffic', 'financials']),
			step('hiring', ['context']),
		];
		const report = await runPipeline(steps, context());
		expect(report.completed.sort()).toEqual(['context', 'hiring', 'traffic']);
		expect(report.failed).toEqual(['financials']);
		expect(report.skipped.sort()).toEqual(['executives', 'icp', 'investor']);
		const byName = Object.fromEntries(report.results.map((result) => [result.name, result]));
		expect(byName.financials).toMatchObject({status: 'failed', note: 'HTTP 500 from Yahoo', retryable: true});
		expect(byName.investor!.note).toBe('not run: it depends on financials (financials failed)');
		expect(byName.executives!.note).toBe('not run: it depends on investor (investor was skipped)');
		expect(byName.icp!.note).toBe('not run: it depends on financials (financials failed)');
	});

	it('a skipped step (no API key) does not block its dependents', async () => {
		const steps = [step('technology', [], {status: 'skipped', note: 'BUILTWITH_API_KEY is not set'}), step('competitors', ['technology'])];
		const report = await runPipeline(steps, context());
		expect(report.skipped).toEqual(['technology']);
		expect(report.completed).toEqual(['competitors']);
	});

	it('turns a thrown error or a bad outcome into a failed step with a note', async () => {
		const unrecoverable = Object.assign(new Error('404 no data'), {name: 'UnrecoverableError'});
		const steps: PipelineStep[] = [
			{name: 'throws', dependsOn: [], sources: [], run: async () => Promise.reject(new Error('socket hang up'))},
			{name: 'fatal', dependsOn: [], sources: [], run: async () => Promise.reject(unrecoverable)},
			{name: 'flagged', dependsOn: [], sources: [], run: async () => Promise.reject(Object.assign(new Error('bad JSON'), {retryable: false}))},
			{name: 'nonsense', dependsOn: [], sources: [], run: async () => ({status: 'maybe'}) as unknown as ModuleOutcome},
		];
		const report = await runPipeline(steps, context());
		const byName = Object.fromEntries(report.results.map((result) => [result.name, result]));
		expect(byName.throws).toMatchObject({status: 'failed', note: 'socket hang up', retryable: true});
		expect(byName.fatal).toMatchObject({status: 'failed', note: '404 no data', retryable: false});
		expect(byName.flagged).toMatchObject({status: 'failed', retryable: false});
		expect(byName.nonsense).toMatchObject({status: 'failed', retryable: false});
	});

	it('runs only the selected steps, counting unselected dependencies as met, and skips those already done', async () => {
		const log: string[] = [];
		const steps = [step('a', [], undefined, log), step('b', ['a'], undefined, log), step('c', ['b'], undefined, log), step('d', ['c'], undefined, log)];
		const only = await runPipeline(steps, context(), {only: ['c', 'd']});
		expect(only.completed).toEqual(['c', 'd']);
		const resumed = await runPipeline(steps, context(), {done: new Set(['a', 'b'])});
		expect(resumed.completed).toEqual(['c', 'd']);
		expect(log.filter((line) => line.startsWith('start'))).toEqual(['start c', 'start d', 'start c', 'start d']);
	});

	it('reports each settled step once, serially, and stops starting steps once aborted', async () => {
		const controller = new AbortController();
		const reported: StepResult[] = [];
		let inReport = 0;
		const steps = [
			step('a', [], undefined, [], 10),
			step('b', ['a'], async () => {
				controller.abort();
				return {status: 'completed'};
			}),
			step('c', ['b']),
			step('x', [], undefined, [], 5),
		];
		const report = await runPipeline(steps, context(controller.signal), {
			onResult: async (result) => {
				inReport++;
				expect(inReport).toBe(1);
				await sleep(5);
				reported.push(result);
				inReport--;
			},
		});
		expect(reported.map((result) => result.name).sort()).toEqual(['a', 'b', 'x']);
		expect(report.notRun).toEqual(['c']);
		expect(report.aborted).toBe(true);
	});

	it('coalesces reports (one per coalesceMs while steps run) and can leave the last batch to the caller', async () => {
		const batches: string[][] = [];
		const steps = [step('a', [], undefined, [], 5), step('b', ['a'], undefined, [], 5), step('c', ['b'], undefined, [], 5), step('d', ['c'], undefined, [], 5), step('e', ['d'])];
		const report = await runPipeline(steps, context(), {coalesceMs: 1_000, leaveLastResults: true, onResults: (results) => void batches.push(results.map((result) => result.name))});
		// The first settled step is written at once; the rest wait for the gap, which the end of the run cuts short.
		expect(batches).toEqual([['a']]);
		expect(report.unreported.map((result) => result.name)).toEqual(['b', 'c', 'd', 'e']);
		const all: string[][] = [];
		const whole = await runPipeline(steps, context(), {coalesceMs: 1_000, onResults: (results) => void all.push(results.map((result) => result.name))});
		expect(all).toEqual([['a'], ['b', 'c', 'd', 'e']]);
		expect(whole.unreported).toEqual([]);
	});

	it('starts prefetches with the run, counts their calls as the step\'s, and settles the step after its prefetch', async () => {
		const log: string[] = [];
		const prefetching = (name: string, dependsOn: string[], outcome?: ModuleOutcome): PipelineStep => ({
			...step(name, dependsOn, outcome, log),
			async prefetch(ctx) {
				log.push(`prefetch ${name}`);
				await sleep(20);
				ctx.usage.apiCalls += 2;
				ctx.usage.costEstimate += 0.1;
				log.push(`prefetched ${name}`);
			},
		});
		const steps = [step('context', [], undefined, log, 10), prefetching('traffic', ['context']), step('bad', [], {status: 'failed', note: 'no', retryable: false}), prefetching('late', ['bad'])];
		const report = await runPipeline(steps, context());
		expect(log.indexOf('prefetch traffic')).toBeLessThan(log.indexOf('end context'));
		expect(log.indexOf('prefetch late')).toBeGreaterThan(-1);
		const byName = Object.fromEntries(report.results.map((result) => [result.name, result]));
		expect(byName.traffic).toMatchObject({status: 'completed', apiCalls: 3, cost: 0.11});
		// Skipped for its failed dependency, yet charged the calls its prefetch made.
		expect(byName.late).toMatchObject({status: 'skipped', apiCalls: 2, cost: 0.1});
		expect(report.usage).toEqual({apiCalls: 7, costEstimate: 0.23});
	});

	it('fails loudly when a reporting write fails', async () => {
		await expect(runPipeline([step('a'), step('b', ['a'])], context(), {onResult: () => Promise.reject(new Error('database gone'))})).rejects.toThrow('database gone');
	});

	it('refuses unknown dependencies and cycles', () => {
		expect(() => validateGraph([step('a', ['nope'])])).toThrow(/unknown step "nope"/);
		expect(() => validateGraph([step('a', ['b']), step('b', ['a'])])).toThrow(/cycle/);
	});
});

describe('standardSteps', () => {
	it('is domain.md\'s graph; modules with no implementation are skipped with a note and block nothing', async () => {
		const steps = standardSteps(undefined, undefined);
		expect(steps.map((s) => s.name)).toEqual([...MODULE_NAMES]);
		const report = await runPipeline(steps, context());
		expect(report.skipped).toHaveLength(MODULE_NAMES.length);
		expect(report.results.find((result) => result.name === 'brief')!.note).toBe('brief: not available in this build');
	});

	it('runs fetch modules (array or record) and analysis steps; landscape and hiring summary follow their module', async () => {
		const calls: string[] = [];
		const fetch = (name: EnrichmentModule['name'], outcome: ModuleOutcome = {status: 'completed', rowsWritten: 2}): EnrichmentModule => ({
			name,
			sources: ['builtwith'],
			async run() {
				calls.push(`fetch ${name}`);
				return outcome;
			},
		});
		const analysis = Object.fromEntries(
			['competitor_landscape', 'hiring_summary', 'buying_committee', 'displacement', 'case_studies', 'icp', 'signals', 'brief'].map((name) => [
				name,
				async (_sql: Sql, domain: string) => {
					calls.push(`analysis ${name} ${domain}`);
					if (name === 'hiring_summary') throw new Error('no postings table');
				},
			]),
		);
		const modules = [fetch('company_context'), fetch('technology'), fetch('competitors'), fetch('hiring')];
		for (const variant of [modules, Object.fromEntries(modules.map((module) => [module.name, module]))]) {
			calls.length = 0;
			const report = await runPipeline(standardSteps(variant, analysis), context());
			const byName = Object.fromEntries(report.results.map((result) => [result.name, result]));
			expect(byName.competitors).toMatchObject({status: 'completed', rowsWritten: 2});
			expect(calls.indexOf('analysis competitor_landscape acme.com')).toBeGreaterThan(calls.indexOf('fetch competitors'));
			expect(byName.hiring).toMatchObject({status: 'failed', note: 'hiring summary failed: no postings table'});
			expect(byName.icp!.status).toBe('completed');
			expect(byName.displacement!.status).toBe('completed');
			// signals depends on hiring, which failed.
			expect(byName.signals).toMatchObject({status: 'skipped'});
			expect(byName.brief).toMatchObject({status: 'skipped'});
			expect(byName.traffic).toMatchObject({status: 'skipped', note: 'traffic: not available in this build'});
		}
	});
});
