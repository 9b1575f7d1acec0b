/**
 * core_api_cache: every source response, keyed by source + redacted URL, with a
 * per-source TTL. A hit within the TTL spares the external call.
 */
import type {Sql} from './client.js';
import type {ApiSource} from '../enrichment/types.js';
import {apiCallRow, type ApiCallRecord} from './api-calls.js';

export type CachedResponse = {
	httpStatus: number;
	/** The parsed JSON body, or a JSON string for text bodies. */
	body: unknown;
	retrievedAt: Date;
	expiresAt: Date;
	/** Bytes of the answer as received. */
	responseSize: number | null;
};

/** A live cache entry (not expired), counting the hit; undefined on a miss. */
export async function readCachedResponse(sql: Sql, cacheKey: string): Promise<CachedResponse | undefined> {
	const [row] = await sql<{http_status: number | null; response_data: unknown; created_at: Date; expires_at: Date; response_size: number | null}[]>`
		update core_api_cache
		set hit_count = hit_count + 1, last_hit_at = now()
		where cache_key = ${cacheKey} and expires_at > now()
		returning http_status, response_data, created_at, expires_at, response_size`;
	if (!row) return undefined;
	return {httpStatus: row.http_status ?? 200, body: row.response_data, retrievedAt: row.created_at, expiresAt: row.expires_at, responseSize: row.response_size};
}

export type CacheWrite = {
	cacheKey: string;
	source: ApiSource;
	domain?: string;
	endpoint: string;
	httpStatus: number;
	body: unknown;
	responseSize: number;
	ttlSeconds: number;
	retrievedAt: Date;
};

/** Deletes expired entries (the scheduled cache clean-up); returns how many. */
export async function deleteExpiredCache(sql: Sql, now: Date = new Date()): Promise<number> {
	const result = await sql`delete from core_api_cache where expires_at <= ${now}`;
	return result.count;
}

/** Drops the cache entries of one domain (a forced re-enrichment). */
export async function deleteCacheForDomain(sql: Sql, domain: string): Promise<number> {
	const result = await sql`delete from core_api_cache where domain = ${domain}`;
	return result.count;
}

/**
 * Stores several responses and the audit rows of their calls in one statement (the
 * answers a worker received in one turn of its event loop). A key given twice keeps its
 * last entry; every call gets its audit row.
 */
export async function writeCachedResponsesAndCalls(sql: Sql, items: readonly {entry: CacheWrite; call?: ApiCallRecord}[]): Promise<void> {
	const byKey = new Map<string, CacheWrite>();
	for (const {entry} of items) {
		byKey.delete(entry.cacheKey);
		byKey.set(entry.cacheKey, entry);
	}
	const entries = [...byKey.values()];
	const calls = items.flatMap(({call}) => (call ? [apiCallRow(call)] : []));
	const column = <T>(pick: (entry: CacheWrite) => T) => entries.map(pick);
	await sql`
		with audited as (
			${calls.length > 0 ? sql`insert into audit_api_calls ${sql(calls)}` : sql`select 1`}
		)
		insert into core_api_cache (cache_key, api_source, domain, endpoint, response_data, http_status, response_size, ttl_seconds, created_at, expires_at, hit_count)
		select t.cache_key, t.api_source, t.domain, t.endpoint, t.response_data::jsonb, t.http_status, t.response_size, t.ttl_seconds, t.created_at, t.expires_at, 0
		from unnest(
			${column((entry) => entry.cacheKey)}::text[], ${column((entry) => entry.source)}::text[], ${column((entry) => entry.domain ?? null)}::text[],
			${column((entry) => entry.endpoint.slice(0, 200))}::text[], ${column((entry) => JSON.stringify(entry.body ?? null))}::text[], ${column((entry) => entry.httpStatus)}::int[],
			${column((entry) => entry.responseSize)}::int[], ${column((entry) => entry.ttlSeconds)}::int[],
			${column((entry) => entry.retrievedAt.toISOString())}::timestamptz[], ${column((entry) => new Date(entry.retrievedAt.getTime() + entry.ttlSeconds * 1000).toISOString())}::timestamptz[]
		) as t(cache_key, api_source, domain, endpoint, response_data, http_status, response_size, ttl_seconds, created_at, expires_at)
		on conflict (cache_key) do update set
			api_source = excluded.api_source, domain = excluded.domain, endpoint = excluded.endpoint,
			response_data = excluded.response_data, http_status = excluded.http_status,
			response_size = excluded.response_size, ttl_seconds = excluded.ttl_seconds,
			created_at = excluded.created_at, expires_at = excluded.expires_at, hit_count = 0, last_hit_at = null`;
}
