/**
 * The steps a worker runs for one enrichment: the fetch modules of the sources half
 * (source/enrichment/modules, `fetchModules`) and the analysis writers of the scoring
 * half (source/services/analysis.ts, `analysisSteps`), arranged as domain.md's graph by
 * standardSteps(). Whatever is missing is recorded as skipped with a note, never a crash.
 *
 * PF_ENRICHMENT_MODULES names an ES module file whose `steps` (or default) export
 * replaces them: an array of {name, dependsOn, sources, run}. The test suite and the
 * benchmark use it to run the queue with modules of their own.
 */
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {standardSteps, validateGraph, type AnalysisSession, type AnalysisSteps, type FetchModules, type PipelineStep} from '../enrichment/pipeline.js';

async function optionalImport(load: () => Promise<unknown>): Promise<Record<string, unknown> | undefined> {
	try {
		return (await load()) as Record<string, unknown>;
	} catch (error) {
		const code = (error as {code?: string}).code;
		const message = (error as Error).message ?? '';
		if (code === 'ERR_MODULE_NOT_FOUND' || /not found in bundle|Cannot find module|Failed to load url/i.test(message)) return undefined;
		throw error;
	}
}

// Loaded lazily: `pf enrich` and `pf jobs` never load the source clients or the scoring.
async function loadFetchModules(): Promise<FetchModules | undefined> {
	const module = await optionalImport(() => import('../enrichment/modules/index.js'));
	return module?.fetchModules as FetchModules | undefined;
}

async function loadAnalysisSteps(): Promise<{steps: AnalysisSteps; session?: AnalysisSession} | undefined> {
	const module = await optionalImport(() => import('../services/analysis.js'));
	if (!module?.analysisSteps) return undefined;
	return {steps: module.analysisSteps as AnalysisSteps, session: module.analysisSession as AnalysisSession | undefined};
}

/** Loads a step file named by PF_ENRICHMENT_MODULES. */
export async function loadStepFile(file: string): Promise<PipelineStep[]> {
	const module = (await import(pathToFileURL(path.resolve(file)).href)) as {steps?: unknown; default?: unknown};
	const steps = (module.steps ?? module.default) as PipelineStep[] | undefined;
	if (!Array.isArray(steps)) throw new Error(`PF_ENRICHMENT_MODULES (${file}) must export \`steps\`: an array of {name, dependsOn, sources, run}`);
	validateGraph(steps);
	return steps;
}

/** The steps of a full enrichment, loaded once per process. */
export function stepsLoader(env: NodeJS.ProcessEnv = process.env): () => Promise<PipelineStep[]> {
	let loaded: Promise<PipelineStep[]> | undefined;
	return () => {
		loaded ??= (async () => {
			if (env.PF_ENRICHMENT_MODULES) return loadStepFile(env.PF_ENRICHMENT_MODULES);
			const [fetchModules, analysis] = await Promise.all([loadFetchModules(), loadAnalysisSteps()]);
			// One read of the intel per run for the analysis steps (analysisSession).
			return standardSteps(fetchModules, analysis?.steps, undefined, analysis?.session ? {session: analysis.session} : {});
		})();
		loaded.catch(() => {
			loaded = undefined;
		});
		return loaded;
	};
}
