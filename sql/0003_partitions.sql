-- Monthly partitions for audit_api_calls and jobs_enrichment_history (the spec's
-- performance section). pf_ensure_monthly_partitions creates the partitions from the
-- current month to `months_ahead` months ahead; it runs here, on every `pf db migrate`,
-- and when the worker starts, so a month never arrives without its partition. A DEFAULT
-- partition catches rows dated outside the created range (back-dated imports), so an
-- insert never fails for want of a partition.

CREATE FUNCTION pf_ensure_monthly_partitions(parent REGCLASS, months_ahead INTEGER DEFAULT 3)
RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    base_name TEXT := (SELECT c.relname FROM pg_class c WHERE c.oid = parent);
    month_start DATE;
    partition_name TEXT;
    created INTEGER := 0;
BEGIN
    IF to_regclass(base_name || '_default') IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF %s DEFAULT', base_name || '_default', parent);
    END IF;
    FOR i IN 0..months_ahead LOOP
        month_start := (date_trunc('month', now()) + make_interval(months => i))::date;
        partition_name := base_name || '_' || to_char(month_start, 'YYYY_MM');
        IF to_regclass(partition_name) IS NULL THEN
            -- A partition cannot be attached while the DEFAULT partition holds rows of
            -- its range: such rows stay in DEFAULT and the month is skipped.
            BEGIN
                EXECUTE format(
                    'CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                    partition_name, parent, month_start, (month_start + interval '1 month')::date);
                created := created + 1;
            EXCEPTION WHEN check_violation THEN
                RAISE NOTICE 'partition % skipped: default partition holds rows of its range', partition_name;
            END;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

SELECT pf_ensure_monthly_partitions('audit_api_calls', 3);
SELECT pf_ensure_monthly_partitions('jobs_enrichment_history', 3);
