-- The audit trigger of 0600, made safe for any table it is attached to: 0600 attaches
-- it to every intel_* table that exists when it runs, and a table added by a migration
-- numbered below 0600 (applied before it on a fresh database) might lack a UUID `id`
-- or a `domain` column. Such a table is then skipped (no id) or audited without a
-- domain, instead of failing its writers. Behaviour is otherwise that of 0600.
CREATE OR REPLACE FUNCTION pf_audit_changes() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    actor UUID := nullif(current_setting('pf.actor_id', true), '')::uuid;
    lean BOOLEAN := coalesce(current_setting('pf.retention_purge', true), '') = 'on';
    domain_expr TEXT := coalesce(nullif(TG_ARGV[0], ''), 'NULL');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = TG_RELID AND attname = 'id' AND atttypid = 'uuid'::regtype AND NOT attisdropped) THEN
        RETURN NULL;
    END IF;
    IF domain_expr = 'r.domain' AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = TG_RELID AND attname = 'domain' AND NOT attisdropped) THEN
        domain_expr := 'NULL';
    END IF;
    IF TG_OP = 'INSERT' THEN
        EXECUTE format(
            'INSERT INTO audit_data_changes (table_name, record_id, domain, operation, new_data, changed_by)
             SELECT %L, r.id, %s, ''INSERT'', to_jsonb(r), $1 FROM pf_audit_new r',
            TG_TABLE_NAME, domain_expr) USING actor;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE format(
            'INSERT INTO audit_data_changes (table_name, record_id, domain, operation, old_data, new_data, changed_fields, changed_by)
             SELECT %L, r.id, %s, ''UPDATE'', j.old_row, j.new_row, c.fields, $1
             FROM pf_audit_new r
             JOIN pf_audit_old o ON o.id = r.id
             CROSS JOIN LATERAL (SELECT to_jsonb(o) AS old_row, to_jsonb(r) AS new_row) j
             CROSS JOIN LATERAL (
                 SELECT jsonb_agg(e.key ORDER BY e.key) AS fields
                 FROM jsonb_each(j.new_row) e
                 WHERE e.key <> ''updated_at'' AND e.value IS DISTINCT FROM j.old_row -> e.key
             ) c
             WHERE c.fields IS NOT NULL',
            TG_TABLE_NAME, domain_expr) USING actor;
    ELSE
        EXECUTE format(
            'INSERT INTO audit_data_changes (table_name, record_id, domain, operation, old_data, changed_by)
             SELECT %L, r.id, %s, ''DELETE'', CASE WHEN $2 THEN NULL ELSE to_jsonb(r) END, $1 FROM pf_audit_old r',
            TG_TABLE_NAME, domain_expr) USING actor, lean;
    END IF;
    RETURN NULL;
END;
$fn$;
