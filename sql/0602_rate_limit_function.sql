-- The PostgreSQL sliding window of the enqueue rate limit (issue 8) in one round trip.
-- source/services/rate-limit.ts calls it when REDIS_URL is not set; the arithmetic it
-- follows is source/access/sliding-window.ts (per-second buckets; a bucket counts while
-- window_start >= p_oldest).
--
-- Concurrency: the key's row is locked first, and each statement of a PL/pgSQL function
-- takes a new snapshot under READ COMMITTED, so a second enqueue of the same key waits
-- for the first and then sees its count: the limit holds under concurrent enqueues.
-- A counter lost in a server crash is harmless, so the commit does not wait for the WAL
-- flush (synchronous_commit off for this transaction only).
CREATE FUNCTION pf_rate_limit_take(
    p_key UUID, p_oldest TIMESTAMPTZ, p_bucket TIMESTAMPTZ, p_expired TIMESTAMPTZ, p_limit INTEGER, p_cost INTEGER
) RETURNS TABLE (allowed BOOLEAN, used INTEGER, buckets JSONB)
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM 1 FROM users_api_keys WHERE id = p_key FOR UPDATE;
    SELECT coalesce(sum(r.request_count), 0)::int,
           coalesce(jsonb_agg(jsonb_build_array((extract(epoch FROM r.window_start) * 1000)::bigint, r.request_count) ORDER BY r.window_start), '[]'::jsonb)
      INTO used, buckets
      FROM users_rate_limits r
     WHERE r.api_key_id = p_key AND r.window_start >= p_oldest;
    allowed := used + p_cost <= p_limit;
    IF allowed THEN
        INSERT INTO users_rate_limits (api_key_id, window_start, request_count) VALUES (p_key, p_bucket, p_cost)
        ON CONFLICT (api_key_id, window_start) DO UPDATE SET request_count = users_rate_limits.request_count + excluded.request_count;
    END IF;
    DELETE FROM users_rate_limits r WHERE r.api_key_id = p_key AND r.window_start < p_expired;
    RETURN NEXT;
END;
$fn$;
