-- Source HTTP discipline (issue 5).
--
-- Deviation: core_api_cache.valid_api_source also allows 'jsearch'. Job postings are
-- cached like every other response (1 day TTL) and the spec's list of sources omitted
-- the job-postings API.
ALTER TABLE core_api_cache DROP CONSTRAINT valid_api_source;
ALTER TABLE core_api_cache ADD CONSTRAINT valid_api_source
    CHECK (api_source IN ('builtwith', 'similarweb', 'yahoo_finance', 'sec_edgar', 'websearch', 'jsearch'));

-- New table: per-source rate limits shared by every worker process when there is no
-- Redis. One row per source holds the next free request slot (a GCRA-style schedule):
-- taking a slot is one atomic upsert that returns how long the caller must wait.
CREATE TABLE core_rate_limit_buckets (
    api_source VARCHAR(50) PRIMARY KEY,
    next_slot_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
