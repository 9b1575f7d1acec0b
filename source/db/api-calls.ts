/**
 * audit_api_calls (one row per external HTTP attempt, keys redacted) and the
 * PostgreSQL-backed per-source rate limit used when there is no Redis.
 */
import type {Sql} from './client.js';
import type {ApiSource} from '../enrichment/types.js';

export type ApiCallRecord = {
	source: ApiSource;
	/** Redacted URL (truncated to the column's 200 characters). */
	endpoint: string;
	domain?: string;
	method: string;
	httpStatus?: number;
	requestSize: number;
	responseSize: number;
	latencyMs: number;
	errorMessage?: string;
	costEstimate: number;
	calledAt: Date;
};

/** The audit_api_calls columns of a call. */
export function apiCallRow(call: ApiCallRecord) {
	return {
		external_api: call.source,
		endpoint: call.endpoint.slice(0, 200),
		domain: call.domain ?? null,
		http_method: call.method,
		http_status: call.httpStatus ?? null,
		request_size: call.requestSize,
		response_size: call.responseSize,
		latency_ms: Math.round(call.latencyMs),
		error_message: call.errorMessage ?? null,
		cost_estimate: call.costEstimate,
		called_at: call.calledAt,
	};
}

/** Appends one audit row. */
export async function recordApiCall(sql: Sql, call: ApiCallRecord): Promise<void> {
	await sql`insert into audit_api_calls ${sql(apiCallRow(call))}`;
}

export type ApiCallSummary = {source: string; calls: number; errors: number; costEstimate: number};

/** Calls and cost per source for one domain since a time (job reports, tests). */
export async function summariseApiCalls(sql: Sql, options: {domain?: string; since?: Date} = {}): Promise<ApiCallSummary[]> {
	const rows = await sql<{source: string; calls: string; errors: string; cost: string | null}[]>`
		select external_api as source, count(*)::text as calls,
			count(*) filter (where http_status is null or http_status >= 400)::text as errors,
			sum(cost_estimate)::text as cost
		from audit_api_calls
		where true
			${options.domain ? sql`and domain = ${options.domain}` : sql``}
			${options.since ? sql`and called_at >= ${options.since}` : sql``}
		group by external_api order by external_api`;
	return rows.map((row) => ({source: row.source, calls: Number(row.calls), errors: Number(row.errors), costEstimate: Number(row.cost ?? 0)}));
}

/**
 * Reserves the next request slot of a source, spacing requests `intervalMs` apart
 * across every process (one atomic upsert). Returns how many milliseconds the caller
 * must wait before sending.
 */
export async function takeRateLimitSlot(sql: Sql, source: ApiSource, intervalMs: number): Promise<number> {
	const seconds = intervalMs / 1000;
	const [row] = await sql<{wait_ms: number}[]>`
		insert into core_rate_limit_buckets as b (api_source, next_slot_at, updated_at)
		values (${source}, clock_timestamp() + make_interval(secs => ${seconds}), clock_timestamp())
		on conflict (api_source) do update set
			next_slot_at = greatest(b.next_slot_at, clock_timestamp()) + make_interval(secs => ${seconds}),
			updated_at = clock_timestamp()
		returning greatest(0, extract(epoch from (next_slot_at - make_interval(secs => ${seconds}) - clock_timestamp())) * 1000)::float8 as wait_ms`;
	return row ? Number(row.wait_ms) : 0;
}
