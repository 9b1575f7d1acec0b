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

const arrays = (sql: Sql, sites: readonly DiscoveredSite[]) => ({
	domains: sql.array(sites.map((s) => s.domain)),
	names: sql.array(sites.map((s) => s.companyName) as string[]),
	verticals: sql.array(sites.map((s) => s.vertical) as string[]),
	countries: sql.array(sites.map((s) => s.country) as string[]),
	cities: sql.array(sites.map((s) => s.city) as string[]),
	states: sql.array(sites.map((s) => s.state) as string[]),
	firsts: sql.array(sites.map((s) => s.firstDetected) as string[]),
	lasts: sql.array(sites.map((s) => s.lastDetected) as string[]),
});

/** Classifies sites without writing (--dry-run): customers, already known, new. Domains must be unique. */
export async function classifySites(sql: Sql, domains: readonly string[]): Promise<PageCounts> {
	const [row] = await sql<PageCounts[]>`
		with input as (select unnest(${sql.array([...domains])}::text[]) as domain),
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
	return row!;
}

export type PageWrite = {
	runId: string;
	sites: readonly DiscoveredSite[];
	technology: PartnerTechnologyRef;
	/** Results of the page that were listed / not valid domains (for the run's counters). */
	listed: number;
	invalid: number;
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
 * Set-based: one statement for the sites however many there are.
 */
export async function writeDiscoveredPage(sql: Sql, input: PageWrite): Promise<PageCounts> {
	return sql.begin(async (tx) => {
		const a = arrays(tx as unknown as Sql, input.sites);
		const tech = input.technology;
		const [counts] = await tx<PageCounts[]>`
			with input as (
				select * from unnest(${a.domains}::text[], ${a.names}::text[], ${a.verticals}::text[], ${a.countries}::text[],
				                     ${a.cities}::text[], ${a.states}::text[], ${a.firsts}::date[], ${a.lasts}::date[])
				       as i(domain, company_name, vertical, country, city, state, first_detected, last_detected)
			),
			classified as (
				select i.*,
				       exists (select 1 from v_effective_customers ec where ec.domain = i.domain) as customer
				from input i
			),
			companies as (
				insert into core_companies as c (domain, company_name, vertical, headquarters_country, headquarters_city, headquarters_state)
				select domain, company_name, vertical, country, city, state from classified where not customer
				on conflict (domain) do update set
					company_name = coalesce(c.company_name, excluded.company_name),
					vertical = coalesce(c.vertical, excluded.vertical),
					headquarters_country = coalesce(c.headquarters_country, excluded.headquarters_country),
					headquarters_city = coalesce(c.headquarters_city, excluded.headquarters_city),
					headquarters_state = coalesce(c.headquarters_state, excluded.headquarters_state)
				where (c.company_name is null and excluded.company_name is not null)
				   or (c.vertical is null and excluded.vertical is not null)
				   or (c.headquarters_country is null and excluded.headquarters_country is not null)
				   or (c.headquarters_city is null and excluded.headquarters_city is not null)
				   or (c.headquarters_state is null and excluded.headquarters_state is not null)
				returning (xmax = 0) as inserted
			),
			technologies as (
				insert into intel_technology_stack as t (domain, technology_name, category, is_partner_tech, partner_tier,
					first_detected, last_detected, source, data_source, retrieved_at)
				select domain, ${tech.builtwithName}, ${tech.category}, true, ${tech.tier},
				       first_detected, last_detected, 'builtwith_lists', 'builtwith', now()
				from classified where not customer
				on conflict (domain, technology_name) do update set
					is_partner_tech = true,
					partner_tier = excluded.partner_tier,
					category = coalesce(t.category, excluded.category),
					first_detected = least(t.first_detected, excluded.first_detected),
					last_detected = greatest(t.last_detected, excluded.last_detected),
					data_source = coalesce(t.data_source, excluded.data_source),
					retrieved_at = excluded.retrieved_at
				-- A re-run within a day that learns nothing new writes nothing.
				where t.is_partner_tech is distinct from true
				   or t.partner_tier is distinct from excluded.partner_tier
				   or t.first_detected is distinct from least(t.first_detected, excluded.first_detected)
				   or t.last_detected is distinct from greatest(t.last_detected, excluded.last_detected)
				   or t.retrieved_at is null or t.retrieved_at < now() - interval '1 day'
				returning 1
			)
			select
				(select count(*)::int from companies where inserted) as "newCompanies",
				(select count(*)::int from classified where not customer) - (select count(*)::int from companies where inserted) as "alreadyKnown",
				(select count(*)::int from classified where customer) as "skippedCustomer",
				(select count(*)::int from technologies) as "technologiesWritten"
		`;
		await tx`
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
			where id = ${input.runId}
		`;
		return {newCompanies: counts!.newCompanies, alreadyKnown: counts!.alreadyKnown, skippedCustomer: counts!.skippedCustomer};
	}) as Promise<PageCounts>;
}
