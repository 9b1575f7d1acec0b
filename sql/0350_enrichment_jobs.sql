-- The enrichment queue's state in PostgreSQL (issue 5, queue half). BullMQ (Redis or
-- its PostgreSQL backend) moves the jobs; these tables are what pf shows and keeps.
--
-- core_enrichment_jobs is one row per enrichment run. Its id is also the id of the
-- run's jobs_enrichment_queue row and of its jobs_enrichment_history row, and the
-- BullMQ job id is 'enrich-' || id (a per-run id: a finished domain can be enriched
-- again, while "one active job per domain" is enforced by the unique index below).

ALTER TABLE core_enrichment_jobs
    ADD COLUMN queue_job_id VARCHAR(100),
    ADD COLUMN ticker VARCHAR(20),
    -- Per-module outcome: {"technology": {"status": "completed", "note": …, "rowsWritten": 12,
    -- "apiCalls": 2, "cost": 0.02, "ms": 140}, …}; modules_completed / modules_failed stay
    -- lists of names as in the spec.
    ADD COLUMN module_results JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN api_calls_made INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN api_cost_estimate DECIMAL(10,4) NOT NULL DEFAULT 0,
    ADD COLUMN updated_at TIMESTAMPTZ DEFAULT NOW();

CREATE TRIGGER core_enrichment_jobs_touch_updated_at
    BEFORE UPDATE ON core_enrichment_jobs
    FOR EACH ROW EXECUTE FUNCTION pf_touch_updated_at();

-- One active (pending or running) job per domain: enqueueing the domain again returns
-- the existing job. Race-free across processes and machines (INSERT … ON CONFLICT).
CREATE UNIQUE INDEX core_enrichment_jobs_one_active_per_domain
    ON core_enrichment_jobs (domain)
    WHERE status IN ('pending', 'running');

-- "When was this domain last enriched" (staleness for the scheduled refresh).
CREATE INDEX idx_jobs_domain_completed
    ON core_enrichment_jobs (domain, completed_at DESC)
    WHERE status = 'completed';

CREATE INDEX idx_queue_redis_job_id ON jobs_enrichment_queue (redis_job_id);

-- `pf enrich --wait` and the TUI follow jobs from these rows; a NOTIFY on every change
-- wakes them up (the state itself is always read from the table: BullMQ's own events
-- are lossy on its PostgreSQL backend).
CREATE FUNCTION pf_notify_enrichment_job() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pf_enrichment_jobs', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER core_enrichment_jobs_notify
    AFTER UPDATE ON core_enrichment_jobs
    FOR EACH ROW EXECUTE FUNCTION pf_notify_enrichment_job();

-- Scheduled tasks are addressed by name (the worker keeps one BullMQ job scheduler per
-- active row); the defaults below are inserted once and can be edited or deactivated.
CREATE UNIQUE INDEX jobs_scheduled_tasks_name ON jobs_scheduled_tasks (task_name);

INSERT INTO jobs_scheduled_tasks (task_name, task_type, schedule_cron, task_config) VALUES
    ('refresh-stale-companies', 'refresh', '0 2 * * *',
     '{"max_age_days": {"HOT": 7, "WARM": 14, "COOL": 30, "COLD": 90}, "unscored_max_age_days": 90, "limit": 500}'),
    ('clean-api-cache', 'cleanup', '30 * * * *', '{"target": "core_api_cache", "batch": 5000}'),
    ('partition-maintenance', 'maintenance', '15 0 * * *', '{"months_ahead": 3}')
ON CONFLICT (task_name) DO NOTHING;
