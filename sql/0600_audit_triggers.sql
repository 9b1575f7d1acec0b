-- Audit trail of data changes (issue 8): every INSERT, UPDATE and DELETE on the core
-- and intel tables leaves rows in audit_data_changes with the old row, the new row, the
-- changed fields and who made the change.
--
-- Who: the writer sets a transaction-local setting, `set_config('pf.actor_id', <users_accounts.id>, true)`
-- (source/db/audit.ts `setActor`); without it changed_by is NULL (single-user install,
-- the worker acting for nobody in particular).
--
-- Bulk loads (the legacy import, enrichment upserts) are set-based, so the triggers are
-- statement-level with transition tables: one INSERT … SELECT per statement instead of
-- one trigger call and one INSERT per row.
--
-- UPDATEs that change nothing but updated_at (an upsert re-writing the same facts) are
-- not recorded: changed_fields would be empty.
--
-- A retention purge sets `pf.retention_purge = on` (transaction-local): its DELETEs are
-- still recorded (which record, when, by whom), but without a copy of the old row, which
-- went to the archive file; copying it here would defeat the purge.

CREATE FUNCTION pf_audit_changes() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    actor UUID := nullif(current_setting('pf.actor_id', true), '')::uuid;
    lean BOOLEAN := coalesce(current_setting('pf.retention_purge', true), '') = 'on';
    -- An SQL expression over the row alias r giving its company domain (trigger argument).
    domain_expr TEXT := coalesce(nullif(TG_ARGV[0], ''), 'NULL');
BEGIN
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

-- Attaches the three statement-level audit triggers to a table. `domain_expr` is an SQL
-- expression over the row alias r (e.g. 'r.domain'). A table added by a later migration
-- calls this to join the audit trail.
CREATE FUNCTION pf_audit_attach(target REGCLASS, domain_expr TEXT DEFAULT 'r.domain')
RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    name TEXT := (SELECT c.relname FROM pg_class c WHERE c.oid = target);
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS pf_audit_new
                    FOR EACH STATEMENT EXECUTE FUNCTION pf_audit_changes(%L)', name || '_audit_insert', target, domain_expr);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS pf_audit_old NEW TABLE AS pf_audit_new
                    FOR EACH STATEMENT EXECUTE FUNCTION pf_audit_changes(%L)', name || '_audit_update', target, domain_expr);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS pf_audit_old
                    FOR EACH STATEMENT EXECUTE FUNCTION pf_audit_changes(%L)', name || '_audit_delete', target, domain_expr);
END;
$fn$;

-- The core tables that hold facts (not the job table or the API cache, which are
-- machinery and change on every run).
SELECT pf_audit_attach('core_companies', 'r.domain');
SELECT pf_audit_attach('core_domains', 'r.primary_domain');
SELECT pf_audit_attach('core_brands', '(SELECT c.domain FROM core_companies c WHERE c.id = r.company_id)');
SELECT pf_audit_attach('core_customers', 'r.domain');

-- Every intel table (each has a domain column) that exists when this runs.
DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name LIKE 'intel\_%'
        ORDER BY table_name
    LOOP
        PERFORM pf_audit_attach(t::regclass, 'r.domain');
    END LOOP;
END;
$$;

-- Look-ups by the people and things the audit trail is read by.
CREATE INDEX idx_useractions_domain ON audit_user_actions (domain);
-- Keys are named by their public prefix (`pf keys revoke <prefix>`, the key check).
CREATE INDEX idx_apikeys_prefix ON users_api_keys (key_prefix);
