/**
 * Queries behind the browsing lists (the app's four views and `pf leads` / `pf targets`):
 * one page of a view, filtered and sorted on the server, and its row count. Sort columns
 * are checked against the view's column list before they reach `sql(identifier)`.
 */
import type {Sql} from './client.js';

/** The app's lists. */
export type ListRelation = 'hot_leads' | 'displacement_targets' | 'enrichment_dashboard' | 'jobs';

/**
 * The rows of a list as a derived table. Hot leads and displacement targets are the
 * SELECTs of v_hot_leads and v_displacement_targets (as redefined by 0500, customers
 * excluded) WITHOUT the views' ORDER BY: PostgreSQL sorts every row of a view by its own
 * ORDER BY before the query's ORDER BY … LIMIT, which cost seconds per page on a million
 * rows; a derived table without it is flattened and a page is an index walk (0401).
 * test/tui/list-views.test.ts checks that they hold exactly the rows of the views: a
 * migration that redefines those views must change these too.
 */
function listSource(sql: Sql, relation: ListRelation) {
	switch (relation) {
		case 'hot_leads':
			return sql`(
				select c.domain, c.company_name, c.vertical, c.ticker, icp.icp_tier, icp.lead_score_total, icp.priority_status, icp.priority_score,
					sp.current_provider as search_provider, ta.monthly_visits, fp.latest_revenue, fp.ecommerce_revenue, bc.champion, sc.overall_timing, icp.updated_at
				from core_companies c
				join intel_icp_priority_mapping icp on c.domain = icp.domain
				left join intel_search_provider sp on c.domain = sp.domain
				left join intel_traffic_analysis ta on c.domain = ta.domain
				left join intel_financial_profile fp on c.domain = fp.domain
				left join intel_buying_committee bc on c.domain = bc.domain
				left join intel_strategic_context sc on c.domain = sc.domain
				where icp.priority_status = 'HOT' and c.deleted_at is null
				  and not exists (select 1 from v_effective_customers ec where ec.domain = c.domain)
			) as hot_leads`;
		case 'displacement_targets':
			return sql`(
				select c.domain, c.company_name, c.vertical, sp.current_provider, sp.displacement_priority, ts.technology_name as partner_tech, ts.partner_tier,
					ta.monthly_visits, icp.lead_score_total, icp.priority_status
				from core_companies c
				left join intel_search_provider sp on c.domain = sp.domain
				left join lateral (
					select t.technology_name, t.partner_tier from intel_technology_stack t
					where t.domain = c.domain and t.is_partner_tech = true
					order by case lower(t.partner_tier) when 'premier' then 0 when 'core' then 1 when 'other' then 2 else 3 end, t.partner_tier nulls last, t.technology_name
					limit 1
				) ts on true
				left join intel_traffic_analysis ta on c.domain = ta.domain
				left join intel_icp_priority_mapping icp on c.domain = icp.domain
				where c.deleted_at is null
				  and (sp.displacement_priority in ('HIGH', 'MEDIUM') or (sp.domain is null and ts.technology_name is not null))
				  and not exists (select 1 from v_effective_customers ec where ec.domain = c.domain)
			) as displacement_targets`;
		case 'enrichment_dashboard':
			return sql`v_enrichment_dashboard`;
		case 'jobs':
			return sql`v_pf_jobs`;
	}
}

export type PageRequest = {
	relation: ListRelation;
	/** Columns the filter text is matched against (ILIKE '%text%'). */
	filterColumns: readonly string[];
	filter?: string;
	sortColumn: string;
	descending: boolean;
	/** Tie-breaker after the sort column, so pages never overlap. */
	uniqueColumn: string;
	offset: number;
	limit: number;
};

export type ListRow = Record<string, unknown>;

/** `text` as a LIKE pattern matching it anywhere, with its own % _ \ taken literally. */
export function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function filterFragment(sql: Sql, columns: readonly string[], filter: string | undefined) {
	const text = filter?.trim();
	if (!text || columns.length === 0) return sql`true`;
	const pattern = containsPattern(text);
	const anyColumn = columns.slice(1).reduce((fragment, column) => sql`${fragment} or ${sql(column)} ilike ${pattern}`, sql`${sql(columns[0]!)} ilike ${pattern}`);
	return sql`(${anyColumn})`;
}

/**
 * One page of a list. Beyond the middle of a large result the page is read from the
 * other end (reversed order, smaller offset) when `total` is known, so the bottom of
 * 1,000,000 rows costs what the top does.
 */
export async function selectPage(sql: Sql, request: PageRequest, total?: number): Promise<ListRow[]> {
	const {relation, filterColumns, filter, sortColumn, descending, uniqueColumn, offset, limit} = request;
	const where = filterFragment(sql, filterColumns, filter);
	if (total !== undefined && offset > total / 2 && total > limit) {
		const end = Math.min(total, offset + limit);
		const reverseOffset = total - end;
		const reversed = await sql<ListRow[]>`
			select * from ${listSource(sql, relation)} where ${where}
			order by ${sql(sortColumn)} ${descending ? sql`asc nulls first` : sql`desc nulls first`}, ${sql(uniqueColumn)} desc
			limit ${end - offset} offset ${reverseOffset}`;
		return [...reversed].reverse();
	}
	return [
		...(await sql<ListRow[]>`
		select * from ${listSource(sql, relation)} where ${where}
		order by ${sql(sortColumn)} ${descending ? sql`desc nulls last` : sql`asc nulls last`}, ${sql(uniqueColumn)} asc
		limit ${limit} offset ${offset}`),
	];
}

/**
 * The number of rows of a filtered list, counted exactly up to `cap`; above it the
 * planner's estimate (`exact: false`), so a 1,000,000-row count never holds a frame.
 */
export async function countRows(sql: Sql, relation: ListRelation, filterColumns: readonly string[], filter: string | undefined, cap: number): Promise<{count: number; exact: boolean}> {
	const where = filterFragment(sql, filterColumns, filter);
	const [row] = await sql<{n: number}[]>`select count(*)::int as n from (select 1 from ${listSource(sql, relation)} where ${where} limit ${cap + 1}) capped`;
	const counted = row?.n ?? 0;
	if (counted <= cap) return {count: counted, exact: true};
	return {count: await estimateRows(sql, relation, filterColumns, filter, cap), exact: false};
}

/** Exact count without a cap (going to the bottom of a huge list needs it). */
export async function countAllRows(sql: Sql, relation: ListRelation, filterColumns: readonly string[], filter: string | undefined): Promise<number> {
	const where = filterFragment(sql, filterColumns, filter);
	const [row] = await sql<{n: number}[]>`select count(*)::int as n from ${listSource(sql, relation)} where ${where}`;
	return row?.n ?? 0;
}

async function estimateRows(sql: Sql, relation: ListRelation, filterColumns: readonly string[], filter: string | undefined, floor: number): Promise<number> {
	const where = filterFragment(sql, filterColumns, filter);
	const [plan] = await sql<{'QUERY PLAN': [{Plan: {'Plan Rows': number}}]}[]>`explain (format json) select 1 from ${listSource(sql, relation)} where ${where}`;
	const estimate = Math.round(plan?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? floor);
	return Math.max(estimate, floor + 1);
}

export type LeadStatus = 'HOT' | 'WARM' | 'COOL' | 'COLD';

/**
 * Leads of any priority status (v_hot_leads holds HOT only): the columns of v_hot_leads,
 * best priority score first.
 */
export async function selectLeads(sql: Sql, options: {status?: LeadStatus; limit?: number}): Promise<ListRow[]> {
	const status = options.status ? sql`and icp.priority_status = ${options.status}` : sql``;
	const limit = options.limit !== undefined ? sql`limit ${options.limit}` : sql``;
	return [
		...(await sql<ListRow[]>`
		select c.domain, c.company_name, c.vertical, c.ticker, icp.icp_tier, icp.lead_score_total,
			icp.priority_status, icp.priority_score, sp.current_provider as search_provider, ta.monthly_visits,
			fp.latest_revenue, fp.ecommerce_revenue, sc.overall_timing, icp.updated_at
		from core_companies c
		join intel_icp_priority_mapping icp on c.domain = icp.domain
		left join intel_search_provider sp on c.domain = sp.domain
		left join intel_traffic_analysis ta on c.domain = ta.domain
		left join intel_financial_profile fp on c.domain = fp.domain
		left join intel_strategic_context sc on c.domain = sc.domain
		where c.deleted_at is null ${status}
		order by icp.priority_score desc nulls last, icp.domain
		${limit}`),
	];
}

/** Displacement targets, optionally of one displacement priority. */
export async function selectTargets(sql: Sql, options: {priority?: 'HIGH' | 'MEDIUM'; limit?: number}): Promise<ListRow[]> {
	const priority = options.priority ? sql`where displacement_priority = ${options.priority}` : sql``;
	const limit = options.limit !== undefined ? sql`limit ${options.limit}` : sql``;
	return [...(await sql<ListRow[]>`select * from ${listSource(sql, 'displacement_targets')} ${priority} order by domain ${limit}`)];
}

export type JobProgressRow = {
	id: string;
	domain: string;
	status: string;
	modules_requested: unknown;
	modules_completed: unknown;
	modules_failed: unknown;
	error_message: string | null;
	created_at: Date | null;
	completed_at: Date | null;
};

/** The newest job of each of these domains (live table first, then the history). */
export async function selectLatestJobs(sql: Sql, domains: readonly string[]): Promise<JobProgressRow[]> {
	if (domains.length === 0) return [];
	return [
		...(await sql<JobProgressRow[]>`
		select distinct on (domain) id, domain, status, modules_requested, modules_completed, modules_failed, error_message, created_at, completed_at
		from v_pf_jobs where domain in ${sql(domains as string[])}
		order by domain, (origin = 'queue') desc, created_at desc`),
	];
}
