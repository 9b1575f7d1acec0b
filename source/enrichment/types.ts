/**
 * The contract between the enrichment modules (one per kind of intel, each fetching from
 * its sources and persisting to the intel tables) and the pipeline that runs them as a
 * dependency graph inside a queue job. See ../shared/docs/domain.md, "Enrichment order".
 */
import type {Sql} from '../db/client.js';

/** The spec's api_source values (core_api_cache.valid_api_source) plus job postings. */
export type ApiSource = 'builtwith' | 'similarweb' | 'yahoo_finance' | 'sec_edgar' | 'websearch' | 'jsearch';

/** Modules in dependency order (domain.md). */
export const MODULE_NAMES = [
	'company_context',
	'technology',
	'traffic',
	'financials',
	'competitors',
	'hiring',
	'strategic',
	'investor',
	'executives',
	'buying_committee',
	'displacement',
	'case_studies',
	'icp',
	'signals',
	'brief',
] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

/** What a module needs to have run first (domain.md's graph). */
export const MODULE_DEPENDENCIES: Record<ModuleName, readonly ModuleName[]> = {
	company_context: [],
	technology: ['company_context'],
	traffic: ['company_context'],
	financials: ['company_context'],
	competitors: ['company_context', 'technology'],
	hiring: ['company_context'],
	strategic: ['company_context'],
	investor: ['financials'],
	executives: ['investor'],
	buying_committee: ['executives'],
	displacement: ['technology', 'competitors'],
	case_studies: ['displacement'],
	icp: ['company_context', 'technology', 'traffic', 'financials', 'competitors'],
	signals: ['hiring', 'strategic', 'investor', 'icp'],
	brief: ['signals', 'buying_committee', 'case_studies', 'displacement'],
};

export type ModuleStatus = 'completed' | 'skipped' | 'failed';

export type ModuleOutcome = {
	status: ModuleStatus;
	/** Why it was skipped or failed, in words (a source with no key is skipped, not failed). */
	note?: string;
	/** Whether retrying the job could help (429/5xx/timeouts: yes; 404 "no data": no). */
	retryable?: boolean;
	/** Rows written or updated, for the job's report. */
	rowsWritten?: number;
};

export type ModuleContext = {
	sql: Sql;
	/** Normalised domain being enriched. */
	domain: string;
	/** A ticker from `pf enrich --ticker`, if given. */
	ticker?: string;
	/** The queue job this run belongs to (for audit rows and progress). */
	jobId?: string;
	/** Aborted on worker shutdown or job cancel. */
	signal: AbortSignal;
	/** Environment the sources read keys and base URLs from. */
	env: NodeJS.ProcessEnv;
	/** Records API calls and cost, for jobs_enrichment_history. */
	usage: {apiCalls: number; costEstimate: number};
	/** What the modules of one run share (runPipeline makes it); absent when a module runs on its own. */
	job?: JobScope;
};

/** The state one enrichment run shares between its modules. */
export type JobScope = {
	/** Values worked out once per run: source answers already read, the company's ticker. */
	memo: Map<string, unknown>;
	/** Resolves once every fetch module of the run has written its intel (or settled, or the run stopped). */
	fetchesWritten(): Promise<void>;
	/** A fetch module's writes are done (its follow-up analysis may still run). */
	written(name: string): void;
};

export type EnrichmentModule = {
	name: ModuleName;
	/** Sources this module calls (for "skipped: no key" notes and rate limiting). */
	sources: readonly ApiSource[];
	run(context: ModuleContext): Promise<ModuleOutcome>;
	/**
	 * Starts, at the start of the run, the source calls that need nothing but the domain
	 * (SimilarWeb's visits, BuiltWith's changes), so their latency overlaps the modules this
	 * one waits for; `run` takes the answers over from the run's memo. Writes nothing
	 * itself (the graph still orders the writes); counts its calls in `context.usage`, the
	 * module's own counter. Resolves once its calls and their bookkeeping are done; never rejects.
	 */
	prefetch?(context: ModuleContext): Promise<void>;
};
