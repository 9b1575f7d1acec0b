/**
 * The browsing use-cases shared by the app and the one-liners: the four list views
 * (hot leads, displacement targets, enrichment, jobs) with their columns, one page of a
 * view filtered and sorted on the server, its row count, export of a whole filtered
 * view, and enrichment requests with their job progress. No ink, no react.
 */
import {createWriteStream} from 'node:fs';
import {once} from 'node:events';
import {connectionError, database as sharedDatabase, databaseWhere, type Sql} from '../db/client.js';
import {countAllRows, countRows, selectLatestJobs, selectLeads, selectPage, selectTargets, type LeadStatus, type ListRelation, type ListRow} from '../db/leads.js';
import {cellText, csvField} from '../output/format.js';
import {loadBrief, loadCompanyIntel, setCustomerStatus, type BriefView, type CompanyIntel} from './company.js';

export type ViewId = 'hot' | 'targets' | 'enrichment' | 'jobs';
export const VIEW_IDS: readonly ViewId[] = ['hot', 'targets', 'enrichment', 'jobs'];

export type ColumnKind = 'text' | 'integer' | 'count' | 'money' | 'date' | 'age' | 'status' | 'progress';

/** A column of a list view. `priority` 1 is always shown; 2 goes under 100 columns; 3 first. */
export type ViewColumn = {
	key: string;
	header: string;
	width: number;
	priority: 1 | 2 | 3;
	kind: ColumnKind;
	sortable: boolean;
	/** Shown unless the user's column choice says otherwise. */
	shownByDefault: boolean;
};

export type ViewDefinition = {
	id: ViewId;
	title: string;
	relation: ListRelation;
	columns: readonly ViewColumn[];
	filterColumns: readonly string[];
	defaultSort: {column: string; descending: boolean};
	uniqueColumn: string;
	/** Rows of this view open a company (the jobs view too: its domain). */
	emptyText: string;
};

const column = (key: string, header: string, width: number, priority: 1 | 2 | 3, kind: ColumnKind = 'text', options: {sortable?: boolean; shown?: boolean} = {}): ViewColumn => ({
	key,
	header,
	width,
	priority,
	kind,
	sortable: options.sortable ?? true,
	shownByDefault: options.shown ?? true,
});

export const VIEWS: Record<ViewId, ViewDefinition> = {
	hot: {
		id: 'hot',
		title: 'Hot leads',
		relation: 'hot_leads',
		columns: [
			column('domain', 'Domain', 24, 1),
			column('company_name', 'Company', 24, 1),
			column('priority_score', 'Priority', 8, 1, 'integer'),
			column('icp_tier', 'Tier', 4, 2, 'integer'),
			column('lead_score_total', 'Lead', 5, 2, 'integer'),
			column('vertical', 'Vertical', 14, 3),
			column('search_provider', 'Search', 14, 2),
			column('monthly_visits', 'Visits/mo', 9, 3, 'count'),
			column('latest_revenue', 'Revenue', 9, 3, 'money'),
			column('overall_timing', 'Timing', 9, 3),
			column('ticker', 'Ticker', 6, 3, 'text', {shown: false}),
			column('ecommerce_revenue', 'E-com rev', 9, 3, 'money', {shown: false}),
			column('updated_at', 'Updated', 8, 3, 'age', {shown: false}),
		],
		filterColumns: ['domain', 'company_name'],
		defaultSort: {column: 'priority_score', descending: true},
		uniqueColumn: 'domain',
		emptyText: 'No hot leads yet: import the legacy database or enrich companies.',
	},
	targets: {
		id: 'targets',
		title: 'Displacement targets',
		relation: 'displacement_targets',
		columns: [
			column('domain', 'Domain', 24, 1),
			column('company_name', 'Company', 22, 1),
			column('current_provider', 'Search now', 14, 1),
			column('displacement_priority', 'Displace', 8, 2, 'status'),
			column('partner_tech', 'Partner tech', 18, 2),
			column('partner_tier', 'Tier', 7, 3),
			column('monthly_visits', 'Visits/mo', 9, 3, 'count'),
			column('lead_score_total', 'Lead', 5, 2, 'integer'),
			column('priority_status', 'Status', 6, 2, 'status'),
			column('vertical', 'Vertical', 14, 3, 'text', {shown: false}),
		],
		filterColumns: ['domain', 'company_name'],
		// By domain: an index walk. Sorting by a column of a LEFT JOINed table (scores,
		// displacement priority) sorts every row, seconds on a million.
		defaultSort: {column: 'domain', descending: false},
		uniqueColumn: 'domain',
		emptyText: 'No displacement targets: they appear once companies have a search provider that is not Algolia.',
	},
	enrichment: {
		id: 'enrichment',
		title: 'Enrichment',
		relation: 'enrichment_dashboard',
		columns: [
			column('domain', 'Domain', 26, 1),
			column('company_name', 'Company', 24, 1),
			column('enrichment_level', 'Level', 12, 1, 'status'),
			column('last_enriched', 'Last enriched', 13, 2, 'date'),
			column('days_since_enrichment', 'Days', 5, 2, 'integer'),
		],
		filterColumns: ['domain', 'company_name'],
		defaultSort: {column: 'domain', descending: false},
		uniqueColumn: 'domain',
		emptyText: 'No companies yet.',
	},
	jobs: {
		id: 'jobs',
		title: 'Jobs',
		relation: 'jobs',
		columns: [
			column('domain', 'Domain', 24, 1),
			column('status', 'Status', 9, 1, 'status'),
			column('progress', 'Modules', 16, 1, 'progress', {sortable: false}),
			column('job_type', 'Type', 12, 3),
			column('created_at', 'Queued', 8, 2, 'age'),
			column('completed_at', 'Ended', 8, 3, 'age'),
			column('error_message', 'Error', 30, 3),
			column('origin', 'Where', 7, 3, 'text', {shown: false}),
		],
		filterColumns: ['domain', 'status'],
		defaultSort: {column: 'created_at', descending: true},
		uniqueColumn: 'id',
		emptyText: 'No enrichment jobs: press e on a company (or on marked rows) to enqueue one.',
	},
};

export type SortOrder = {column: string; descending: boolean};

export type PageQuery = {filter?: string; sort?: SortOrder; offset: number; limit: number; total?: number};

/** A sort the view allows, else its default (a stale preference must not break a query). */
export function validSort(view: ViewDefinition, sort: SortOrder | undefined | null): SortOrder {
	if (sort && view.columns.some((c) => c.key === sort.column && c.sortable)) return sort;
	return view.defaultSort;
}

/** Jobs carry their module lists as JSON arrays; progress is computed from them. */
function withProgress(row: ListRow): ListRow {
	const requested = arrayLength(row.modules_requested);
	const completed = arrayLength(row.modules_completed);
	const failed = arrayLength(row.modules_failed);
	return {...row, progress: {requested, completed, failed}};
}

function arrayLength(value: unknown): number {
	return Array.isArray(value) ? value.length : 0;
}

/** One page of a view. `total`, when known, lets deep pages be read from the far end. */
export async function loadViewPage(sql: Sql, viewId: ViewId, query: PageQuery): Promise<ListRow[]> {
	const view = VIEWS[viewId];
	const sort = validSort(view, query.sort);
	const rows = await selectPage(
		sql,
		{relation: view.relation, filterColumns: view.filterColumns, filter: query.filter, sortColumn: sort.column, descending: sort.descending, uniqueColumn: view.uniqueColumn, offset: query.offset, limit: query.limit},
		query.total,
	);
	return viewId === 'jobs' ? rows.map(withProgress) : rows;
}

/** Counting stops at this many rows; above it the count is the planner's estimate. */
export const EXACT_COUNT_CAP = 100_000;

export async function countView(sql: Sql, viewId: ViewId, filter: string | undefined): Promise<{count: number; exact: boolean}> {
	const view = VIEWS[viewId];
	return countRows(sql, view.relation, view.filterColumns, filter, EXACT_COUNT_CAP);
}

export async function countViewExactly(sql: Sql, viewId: ViewId, filter: string | undefined): Promise<number> {
	const view = VIEWS[viewId];
	return countAllRows(sql, view.relation, view.filterColumns, filter);
}

/** A cell for export and one-liners: progress as `done/requested`, the rest as plain text. */
export function exportCell(columnKind: ColumnKind, value: unknown): string {
	if (columnKind === 'progress' && value && typeof value === 'object') {
		const {requested, completed, failed} = value as {requested: number; completed: number; failed: number};
		return `${completed}/${requested}${failed ? ` (${failed} failed)` : ''}`;
	}
	return cellText(value);
}

export type ExportFormat = 'csv' | 'json';

/**
 * Writes the whole filtered, sorted view with exactly the given columns (what the app
 * shows) to `file`, page by page so a million rows never sit in memory.
 */
export async function exportView(sql: Sql, viewId: ViewId, options: {filter?: string; sort?: SortOrder; columns: readonly string[]; format: ExportFormat; file: string; pageSize?: number}): Promise<{rows: number; file: string}> {
	// Issue 8: a bad API key is refused before anything is written; each export leaves one audit row.
	const {authorize, recordAction} = await import('./access.js');
	const actor = await authorize(sql, {action: 'export'});
	const view = VIEWS[viewId];
	const columns = options.columns.map((key) => view.columns.find((c) => c.key === key)).filter((c): c is ViewColumn => c !== undefined);
	const out = createWriteStream(options.file, {mode: 0o600});
	const write = async (text: string) => {
		if (!out.write(text)) await once(out, 'drain');
	};
	const pageSize = options.pageSize ?? 5000;
	let written = 0;
	try {
		if (options.format === 'csv') await write(columns.map((c) => csvField(c.key)).join(',') + '\r\n');
		else await write('[');
		for (let offset = 0; ; offset += pageSize) {
			const rows = await loadViewPage(sql, viewId, {filter: options.filter, sort: options.sort, offset, limit: pageSize});
			for (const row of rows) {
				if (options.format === 'csv') {
					await write(columns.map((c) => csvField(exportCell(c.kind, row[c.key]))).join(',') + '\r\n');
				} else {
					const record = Object.fromEntries(columns.map((c) => [c.key, jsonValue(c.kind, row[c.key])]));
					await write(`${written === 0 ? '\n' : ',\n'}  ${JSON.stringify(record)}`);
				}
				written++;
			}
			if (rows.length < pageSize) break;
		}
		if (options.format === 'json') await write(written === 0 ? ']\n' : '\n]\n');
	} finally {
		out.end();
		await once(out, 'close');
	}
	await recordAction(sql, actor, {action: 'export', resourceType: `view:${viewId}`, requestPath: options.file.slice(-500)});
	return {rows: written, file: options.file};
}

function jsonValue(kind: ColumnKind, value: unknown): unknown {
	if (kind === 'progress') return value;
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'bigint') return value.toString();
	return value ?? null;
}

// ---------------------------------------------------------------- one-liners

export async function listLeads(sql: Sql, options: {status?: LeadStatus; limit?: number}): Promise<ListRow[]> {
	return selectLeads(sql, options);
}

export async function listTargets(sql: Sql, options: {priority?: 'HIGH' | 'MEDIUM'; limit?: number}): Promise<ListRow[]> {
	return selectTargets(sql, options);
}

// ---------------------------------------------------------------- enrichment

export type EnrichmentRequest = {ok: true; message: string; domains: string[]} | {ok: false; message: string};

/**
 * Asks the enrichment queue to enrich these domains. The producer (issue 5,
 * source/services/enrichment-queue.ts) is loaded lazily, so browsing never loads the
 * queue client. A refusal (queue unreachable, not permitted) comes back as a message.
 */
export async function requestEnrichment(sql: Sql, domains: readonly string[]): Promise<EnrichmentRequest> {
	if (domains.length === 0) return {ok: false, message: 'nothing to enrich'};
	try {
		const {enqueueEnrichment} = await import('./enrichment-queue.js');
		const jobs = await enqueueEnrichment(sql, {domains: [...domains]});
		const existing = jobs.filter((job) => job.existing).length;
		const subject = jobs.length === 1 ? jobs[0]!.domain : `${jobs.length} companies`;
		const message = existing === jobs.length ? `${subject} already ${jobs.length === 1 ? 'has an enrichment' : 'have enrichments'} running` : `enrichment queued for ${subject}${existing ? ` (${existing} already running)` : ''}; start \`pf worker\` if none runs`;
		return {ok: true, message, domains: jobs.map((job) => job.domain)};
	} catch (error) {
		const hint = (error as {hint?: string}).hint;
		return {ok: false, message: `${(error as Error).message}${hint ? ` (${hint})` : ''}`};
	}
}

export type JobProgress = {domain: string; status: string; requested: number; completed: number; failed: number; error: string | null; createdAt: Date | null; completedAt: Date | null; modulesCompleted: string[]; modulesFailed: string[]; modulesRequested: string[]};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : typeof item === 'object' && item && 'module' in item ? String((item as {module: unknown}).module) : JSON.stringify(item))) : []);

/** The newest job of each domain with its per-module progress (from the database, not events). */
export async function latestJobs(sql: Sql, domains: readonly string[]): Promise<JobProgress[]> {
	const rows = await selectLatestJobs(sql, domains);
	return rows.map((row) => ({
		domain: row.domain,
		status: row.status,
		requested: arrayLength(row.modules_requested),
		completed: arrayLength(row.modules_completed),
		failed: arrayLength(row.modules_failed),
		error: row.error_message,
		createdAt: row.created_at,
		completedAt: row.completed_at,
		modulesRequested: strings(row.modules_requested),
		modulesCompleted: strings(row.modules_completed),
		modulesFailed: strings(row.modules_failed),
	}));
}

export function jobIsActive(status: string): boolean {
	return status === 'pending' || status === 'running' || status === 'queued' || status === 'processing';
}

export type {LeadStatus, ListRow};

// ---------------------------------------------------------------- the app's data access

/**
 * What the app may do with data, bound to one database. The app reaches data only
 * through this object (tests build it on their own database). Connection failures come
 * back as DatabaseUnreachableError (a one-line notice in the app, then a retry).
 */
export type BrowseServices = {
	loadPage: (view: ViewId, query: PageQuery) => Promise<ListRow[]>;
	count: (view: ViewId, filter: string | undefined) => Promise<{count: number; exact: boolean}>;
	countExactly: (view: ViewId, filter: string | undefined) => Promise<number>;
	exportView: (view: ViewId, options: {filter?: string; sort?: SortOrder; columns: readonly string[]; format: ExportFormat; file: string}) => Promise<{rows: number; file: string}>;
	company: (domain: string) => Promise<CompanyIntel>;
	brief: (domain: string) => Promise<BriefView | undefined>;
	enrich: (domains: readonly string[]) => Promise<EnrichmentRequest>;
	jobs: (domains: readonly string[]) => Promise<JobProgress[]>;
	/** "Mark as customer / not customer" (issue 7 wires source/services/customers.ts). */
	setCustomer: (domain: string, isCustomer: boolean) => Promise<{ok: boolean; message: string}>;
};

export function browseServices(database: Sql | (() => Promise<Sql>), where: () => string = () => databaseWhere() ?? 'the database'): BrowseServices {
	const sqlOf = typeof database === 'function' && !('unsafe' in database) ? (database as () => Promise<Sql>) : async () => database as Sql;
	const guarded =
		<A extends unknown[], R>(run: (sql: Sql, ...args: A) => Promise<R>) =>
		async (...args: A): Promise<R> => {
			try {
				return await run(await sqlOf(), ...args);
			} catch (error) {
				throw connectionError(error, where());
			}
		};
	return {
		loadPage: guarded((sql, view: ViewId, query: PageQuery) => loadViewPage(sql, view, query)),
		count: guarded((sql, view: ViewId, filter: string | undefined) => countView(sql, view, filter)),
		countExactly: guarded((sql, view: ViewId, filter: string | undefined) => countViewExactly(sql, view, filter)),
		exportView: guarded((sql, view: ViewId, options: Parameters<BrowseServices['exportView']>[1]) => exportView(sql, view, options)),
		company: guarded((sql, domain: string) => loadCompanyIntel(sql, domain)),
		brief: guarded((sql, domain: string) => loadBrief(sql, domain)),
		enrich: guarded((sql, domains: readonly string[]) => requestEnrichment(sql, domains)),
		jobs: guarded((sql, domains: readonly string[]) => latestJobs(sql, domains)),
		setCustomer: guarded((sql, domain: string, isCustomer: boolean) => setCustomerStatus(sql, domain, isCustomer)),
	};
}

/** The app's services on the process's shared client (connected on first use). */
export function defaultBrowseServices(): BrowseServices {
	return browseServices(() => sharedDatabase());
}
