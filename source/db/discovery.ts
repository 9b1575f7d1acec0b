/**
 * Discovery's writes: discovery runs (the resumable cursor) and the set-based upsert of
 * one Lists page into core_companies + intel_technology_stack. A page's writes and the
 * cursor move in one transaction, so a killed run resumes after its last committed page.
 */
import type {Sql} from './client.js';

export type DiscoveryRunStatus = 'running' | 'paused' | 'failed' | 'completed';

export type DiscoveryRunRow = {
	id: string;
	technology: string;
	listsName: string;
	since: string | null;
	country: string | null;
	filterKey: string;
	status: DiscoveryRunStatus;
	pageOffset: string | null;
	pagePosition: number;
	pagesFetched: number;
	listed: number;
	newCompanies: number;
	alreadyKnown: number;
	skippedCustomer: number;
	invalid: number;
	apiCalls: number;
	costEstimate: number;
	errorMessage: string | null;
	startedBy: string | null;
	startedAt: Date;
	updatedAt: Date;
	completedAt: Date | null;
};

const runColumns = (sql: Sql) => sql`
	id, technology, lists_name as "listsName", since, country, filter_key as "filterKey", status,
	page_offset as "pageOffset", page_position as "pagePosition", pages_fetched as "pagesFetched",
	listed, new_companies as "newCompanies", already_known as "alreadyKnown", skipped_customer as "skippedCustomer",
	invalid, api_calls as "apiCalls", cost_estimate::float8 as "costEstimate", error_message as "errorMessage",
	started_by as "startedBy", started_at as "startedAt", updated_at as "updatedAt", completed_at as "completedAt"
`;

/** Arbitrary constant: the advisory-lock namespace of discoveries (the second key hashes the filter key). */
const discoveryLockSpace = 7_302_007;

/**
 * Takes the session-level advisory lock of one discovery on a reserved connection, so two
 * `pf discover` with the same technology and filters never walk the same run at once.
 * Returns the release function, or undefined when another process holds it. A killed
 * process's lock goes with its connection.
 */
export async function lockDiscovery(sql: Sql, filterKey: string): Promise<(() => Promise<void>) | undefined> {
	const connection = await sql.reserve();
	try {
		const [row] = await connection<{locked: boolean}[]>`select pg_try_advisory_lock(${discoveryLockSpace}, hashtext(${filterKey})) as locked`;
		if (!row!.locked) {
			connection.release();
			return undefined;
		}
	} catch (error) {
		connection.release();
		throw error;
	}
	return async () => {
		try {
			await connection`select pg_advisory_unlock(${discoveryLockSpace}, hashtext(${filterKey}))`;
		} finally {
			connection.release();
		}
	};
}

/** The unfinished run of a discovery, if any. */
export async function selectOpenRun(sql: Sql, filterKey: string): Promise<DiscoveryRunRow | undefined> {
	const [row] = await sql<DiscoveryRunRow[]>`select ${runColumns(sql)} from core_discovery_runs where filter_key = ${filterKey} and status <> 'completed'`;
	return row;
}

export async function selectRun(sql: Sql, id: string): Promise<DiscoveryRunRow | undefined> {
	const [row] = await sql<DiscoveryRunRow[]>`select ${runColumns(sql)} from core_discovery_runs where id = ${id}`;
	return row;
}

export async function selectRuns(sql: Sql, limit = 50): Promise<DiscoveryRunRow[]> {
	return sql<DiscoveryRunRow[]>`select ${runColumns(sql)} from core_discovery_runs order by started_at desc limit ${limit}`;
}

/** Resumes the unfinished run of a discovery, or starts one. `resumed` says which. */
export async function openRun(sql: Sql, input: {technology: string; listsName: string; since: string | null; country: string | null; filterKey: string; actor: string}): Promise<{run: DiscoveryRunRow; resumed: boolean}> {
	for (let attempt = 0; ; attempt++) {
		const [resumed] = await sql<DiscoveryRunRow[]>`
			update core_discovery_runs set status = 'running', error_message = null
			where filter_key = ${input.filterKey} and status <> 'completed'
			returning ${runColumns(sql)}
		`;
		if (resumed) return {run: resumed, resumed: true};
		try {
			const [started] = await sql<DiscoveryRunRow[]>`
				insert into core_discovery_runs (technology, lists_name, since, country, filter_key, started_by)
				values (${input.technology}, ${input.listsName}, ${input.since}, ${input.country}, ${input.filterKey}, ${input.actor})
				returning ${runColumns(sql)}
			`;
			return {run: started!, resumed: false};
		} catch (error) {
			// Another pf started the same discovery between the two statements: resume it.
			if ((error as {code?: string}).code !== '23505' || attempt > 2) throw error;
		}
	}
}

export async function markRun(sql: Sql, runId: string, status: DiscoveryRunStatus, errorMessage: string | null = null): Promise<void> {
	await sql`
		update core_discovery_runs set status = ${status}, error_message = ${errorMessage},
			completed_at = case when ${status} = 'completed' then now() else completed_at end
		where id = ${runId}
	`;
}

/** Counts an API call that produced no page (an error answer) on the run. */
export async function addRunCalls(sql: Sql, runId: string, calls: number, cost: number): Promise<void> {
	await sql`update core_discovery_runs set api_calls = api_calls + ${calls}, cost_estimate = cost_estimate + ${cost} where id = ${runId}`;
}

/** One listed site, normalised. */
export type DiscoveredSite = {
	domain: string;
	companyName: string | null;
	vertical: string | null;
	country: string | null;
	city: string | null;
	state: string | null;
	firstDetected: string | null;
	lastDetected: string | null;
};

export type PartnerTechnologyRef = {builtwithName: string; category: string; tier: string};

export type PageCounts = {newCompanies: number; alreadyKnown: number; skippedCustomer: number};

/**
 * Rows travel as one JSON parameter, a list of [domain, company_name, vertical, country,
 * city, state, first_detected, last_detected]: a single bind value however many rows (no
 * 65,534-parameter limit), no dependence on the client having loaded PostgreSQL's array
 * types before the first query, and without the keys of one object per row (less than
 * half the bytes to write and parse; jsonb_to_recordset over objects cost PostgreSQL
 * ≈ 1.5x the CPU of this).
 */
const siteRows = (sites: readonly DiscoveredSite[]) =>
	JSON.stringify(sites.map((s) => [s.domain, s.companyName, s.vertical, s.country, s.city, s.state, s.firstDetected, s.lastDetected]));

/** Classifies sites without writing (--dry-run): customers, already known, new. Domains must be unique. */
export async function classifySites(sql: Sql, domains: readonly string[]): Promise<PageCounts> {
	// Read by key whatever the statistics say (see writeDiscoveredPage); a dry run is rare
	// and reads only, so each page is planned for its own rows as well.
	return sql.begin(async (tx) => {
		const settings = tx`
			select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
			       set_config('plan_cache_mode', 'force_custom_plan', true)
		`;
		const statement = tx<PageCounts[]>`
			with input as (select jsonb_array_elements_text(${JSON.stringify(domains)}::text::jsonb) as domain),
			classified as (
				select i.domain,
				       exists (select 1 from v_effective_customers ec where ec.domain = i.domain) as customer,
				       exists (select 1 from core_companies c where c.domain = i.domain) as known
				from input i
			)
			select count(*) filter (where customer)::int as "skippedCustomer",
			       count(*) filter (where not customer and known)::int as "alreadyKnown",
			       count(*) filter (where not customer and not known)::int as "newCompanies"
			from classified
		`;
		const [, [row]] = await Promise.all([settings, statement]);
		return row!;
	}) as Promise<PageCounts>;
}

/**
 * A page's write found the run's cursor somewhere else than where the page was read: the
 * page before it (written at the same time on another connection) did not commit, or
 * another writer moved the cursor. Nothing of the page was written.
 */
export class CursorMovedError extends Error {
	constructor(runId: string, from: {offset: string | null; position: number}) {
		super(`the cursor of discovery run ${runId} is no longer at ${from.offset ?? 'the first page'} (position ${from.position}): the page was not written`);
		this.name = 'CursorMovedError';
	}
}

export type PageWrite = {
	runId: string;
	sites: readonly DiscoveredSite[];
	technology: PartnerTechnologyRef;
	/** Results of the page that were listed / not valid domains (for the run's counters). */
	listed: number;
	invalid: number;
	/** The cursor this page was read at: the page commits only on top of the pages before it. */
	from: {offset: string | null; position: number};
	/** The write of the page before, when it is still running: this page's cursor moves once that one committed. */
	after?: Promise<unknown>;
	/** Where the cursor goes once this commits. */
	next: {offset: string | null; position: number; status: DiscoveryRunStatus};
	pageFetched: boolean;
	apiCalls: number;
	cost: number;
};

/**
 * Writes one page in one transaction: effective customers are skipped; the others are
 * inserted into core_companies when new (filling empty name/vertical/location fields of
 * known ones) and get the partner technology in intel_technology_stack (first/last
 * detected widened, provenance 'builtwith'); then the run's cursor and counters move.
 *
 * One statement for the sites however many there are, built so each company and each
 * technology row is looked up once: `known` and `stacked` probe the unique indexes and
 * say which rows exist and which of those the page adds something to; the inserts take
 * the others (ON CONFLICT still guards against a concurrent writer), the updates only the
 * rows that change, by primary key. A page of known companies is two index probes per
 * site and writes nothing but the cursor.
 *
 * Then, in the same transaction, the cursor moves, but only from where the page was read
 * (`from`) and only once the page before (`after`) has committed: two pages can be
 * written at once on two connections, the later one commits after the earlier one or,
 * if that one failed, not at all. So the committed pages are always a prefix of the walk.
 * (The caller never writes two pages at once that share a domain: each would miss the
 * other's uncommitted rows.)
 *
 * The commit is asynchronous (`synchronous_commit = off` for this transaction only): a
 * crash of the PostgreSQL server may lose the last pages' commits, but a page's rows and
 * its cursor are lost together, so the next run fetches those pages again; a killed pf
 * loses nothing that was committed.
 */
export async function writeDiscoveredPage(sql: Sql, input: PageWrite): Promise<PageCounts> {
	return sql.begin(async (tx) => {
		const tech = input.technology;
		// Every table this statement reads, it reads by key for the page's own sites, and
		// it must stay so however stale the statistics are: a walk grows core_companies and
		// intel_technology_stack tenfold before autovacuum analyses them, and the planner
		// then joined the page against a sequential scan per site, or probed the 0400
		// trigram index for equality (measured: 7–17 s per 1,000-site page at 20,000
		// companies, growing with the table). Sequential and bitmap scans are therefore
		// off for this transaction (the trigram GIN index can only be read by a bitmap
		// scan). With them off, the generic plan PostgreSQL switches to after five
		// executions of the prepared statement is the custom plan (every estimate it uses
		// is the same for any page: 100 rows of jsonb_array_elements), so it is kept:
		// planning this statement cost 1–8 ms a page (≈ 5 % of PostgreSQL's CPU on a walk).
		// The commit is asynchronous (see above).
		// Sent together with the page's statement (pipelined: one round trip for both; the
		// settings are in force when the statement is planned, which happens after them).
		const settings = tx`
			select set_config('synchronous_commit', 'off', true), set_config('enable_seqscan', 'off', true),
			       set_config('enable_bitmapscan', 'off', true)
		`;
		const statement = tx<PageCounts[]>`
			with input as (
				select r->>0 as domain, r->>1 as company_name, r->>2 as vertical, r->>3 as country, r->>4 as city, r->>5 as state,
				       (r->>6)::date as first_detected, (r->>7)::date as last_detected
				from jsonb_array_elements(${siteRows(input.sites)}::text::jsonb) r
			),
			eligible as materialized (
				select i.* from input i
				where not exists (select 1 from v_effective_customers ec where ec.domain = i.domain)
			),
			-- One index probe per site (LATERAL … LIMIT 1 keeps the join a loop over the page).
			known as materialized (
				select c.id, e.domain,
				       ((c.company_name is null and e.company_name is not null)
				         or (c.vertical is null and e.vertical is not null)
				         or (c.headquarters_country is null and e.country is not null)
				         or (c.headquarters_city is null and e.city is not null)
				         or (c.headquarters_state is null and e.state is not null)) as fills
				from eligible e
				cross join lateral (
					select c.id, c.company_name, c.vertical, c.headquarters_country, c.headquarters_city, c.headquarters_state
					from core_companies c where c.domain = e.domain limit 1
				) c
			),
			inserted as (
				insert into core_companies (domain, company_name, vertical, headquarters_country, headquarters_city, headquarters_state)
				select e.domain, e.company_name, e.vertical, e.country, e.city, e.state
				from eligible e where not exists (select 1 from known k where k.domain = e.domain)
				on conflict (domain) do nothing
				returning 1
			),
			filled as (
				update core_companies c set
					company_name = coalesce(c.company_name, e.company_name),
					vertical = coalesce(c.vertical, e.vertical),
					headquarters_country = coalesce(c.headquarters_country, e.country),
					headquarters_city = coalesce(c.headquarters_city, e.city),
					headquarters_state = coalesce(c.headquarters_state, e.state)
				from known k join eligible e on e.domain = k.domain
				where k.fills and c.id = k.id
				returning 1
			),
			stacked as materialized (
				select t.id, e.domain,
				       -- A re-run within a day that learns nothing new writes nothing.
				       (t.is_partner_tech is distinct from true
				         or t.partner_tier is distinct from ${tech.tier}
				         or t.first_detected is distinct from least(t.first_detected, e.first_detected)
				         or t.last_detected is distinct from greatest(t.last_detected, e.last_detected)
				         or t.retrieved_at is null or t.retrieved_at < now() - interval '1 day') as changes
				from eligible e
				cross join lateral (
					select t.id, t.is_partner_tech, t.partner_tier, t.first_detected, t.last_detected, t.retrieved_at
					from intel_technology_stack t where t.domain = e.domain and t.technology_name = ${tech.builtwithName} limit 1
				) t
			),
			technologies_inserted as (
				insert into intel_technology_stack (domain, technology_name, category, is_partner_tech, partner_tier,
					first_detected, last_detected, source, data_source, retrieved_at)
				select e.domain, ${tech.builtwithName}, ${tech.category}, true, ${tech.tier},
				       e.first_detected, e.last_detected, 'builtwith_lists', 'builtwith', now()
				from eligible e where not exists (select 1 from stacked s where s.domain = e.domain)
				on conflict (domain, technology_name) do nothing
				returning 1
			),
			technologies_updated as (
				update intel_technology_stack t set
					is_partner_tech = true,
					partner_tier = ${tech.tier},
					category = coalesce(t.category, ${tech.category}),
					first_detected = least(t.first_detected, e.first_detected),
					last_detected = greatest(t.last_detected, e.last_detected),
					data_source = coalesce(t.data_source, 'builtwith'),
					retrieved_at = now()
				from stacked s join eligible e on e.domain = s.domain
				where s.changes and t.id = s.id
				returning 1
			)
			select
				(select count(*)::int from inserted) as "newCompanies",
				(select count(*)::int from eligible) - (select count(*)::int from inserted) as "alreadyKnown",
				(select count(*)::int from input) - (select count(*)::int from eligible) as "skippedCustomer",
				(select count(*)::int from filled) as "companiesFilled",
				(select count(*)::int from technologies_inserted) + (select count(*)::int from technologies_updated) as "technologiesWritten"
		`;
		const [, [counts]] = await Promise.all([settings, statement]);
		// The page before, written at the same time on another connection, commits first;
		// if it fails, this page rolls back too.
		if (input.after) await input.after.catch(() => Promise.reject(new CursorMovedError(input.runId, input.from)));
		const moved = await tx`
			update core_discovery_runs set
				page_offset = ${input.next.offset},
				page_position = ${input.next.position},
				status = ${input.next.status},
				completed_at = case when ${input.next.status} = 'completed' then now() else null end,
				error_message = null,
				pages_fetched = pages_fetched + ${input.pageFetched ? 1 : 0},
				listed = listed + ${input.listed},
				new_companies = new_companies + ${counts!.newCompanies},
				already_known = already_known + ${counts!.alreadyKnown},
				skipped_customer = skipped_customer + ${counts!.skippedCustomer},
				invalid = invalid + ${input.invalid},
				api_calls = api_calls + ${input.apiCalls},
				cost_estimate = cost_estimate + ${input.cost}
			where id = ${input.runId} and page_offset is not distinct from ${input.from.offset} and page_position = ${input.from.position}
			returning 1
		`;
		if (moved.length !== 1) throw new CursorMovedError(input.runId, input.from);
		return {newCompanies: counts!.newCompanies, alreadyKnown: counts!.alreadyKnown, skippedCustomer: counts!.skippedCustomer};
	}) as Promise<PageCounts>;
}
