-- Discovery runs (issue 7, `pf discover`): one row per walk through a BuiltWith Lists
-- result set. The cursor (the OFFSET of the page in progress and how many of its
-- results are done) is advanced in the same transaction as the page's writes, so a run
-- that is killed resumes exactly where its last committed page ended.

CREATE TABLE core_discovery_runs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    technology VARCHAR(200) NOT NULL,           -- catalogue display name
    lists_name VARCHAR(200) NOT NULL,           -- TECH= sent
    since VARCHAR(100),                         -- SINCE= sent (e.g. '30 Days Ago')
    country VARCHAR(100),                       -- COUNTRY= sent (e.g. 'UK,DE')
    -- Identifies "the same discovery": technology + filters as the user gave them.
    filter_key TEXT NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'running',
    page_offset TEXT,                           -- OFFSET of the page in progress; NULL = the first page
    page_position INTEGER NOT NULL DEFAULT 0,   -- results of that page already processed
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    listed INTEGER NOT NULL DEFAULT 0,
    new_companies INTEGER NOT NULL DEFAULT 0,
    already_known INTEGER NOT NULL DEFAULT 0,
    skipped_customer INTEGER NOT NULL DEFAULT 0,
    invalid INTEGER NOT NULL DEFAULT 0,
    api_calls INTEGER NOT NULL DEFAULT 0,
    cost_estimate DECIMAL(10,4) NOT NULL DEFAULT 0,
    error_message TEXT,
    started_by VARCHAR(255),
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    completed_at TIMESTAMPTZ,

    CONSTRAINT valid_discovery_status CHECK (status IN ('running', 'paused', 'failed', 'completed'))
);

-- At most one unfinished run per discovery: a new `pf discover` with the same
-- technology and filters resumes it.
CREATE UNIQUE INDEX idx_discovery_open ON core_discovery_runs (filter_key) WHERE status <> 'completed';
CREATE INDEX idx_discovery_started ON core_discovery_runs (started_at DESC);

CREATE TRIGGER core_discovery_runs_touch_updated_at BEFORE UPDATE ON core_discovery_runs
    FOR EACH ROW EXECUTE FUNCTION pf_touch_updated_at();
