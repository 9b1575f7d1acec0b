-- Cheaper audit triggers for bulk writes (issue 8 follow-up). Same audit trail as
-- 0600/0603 — who, which table and record, domain, operation, when, the old row, the
-- new row and the changed fields — with three changes:
--
-- 1. Each audited table gets its own trigger function, generated from its columns by
--    pf_audit_attach(): static SQL (planned once per session, no EXECUTE format per
--    statement), and the UPDATE diff compares the columns natively
--    (`r.col IS DISTINCT FROM o.col`) instead of expanding two JSONB copies of the row
--    with jsonb_each. The 0600 diff also recomputed to_jsonb(old row) once per column
--    (the planner pulled the LATERAL up into the jsonb_each filter): ~130 µs per
--    updated row, 5–7x the cost of the UPDATE itself.
-- 2. An UPDATE's old_data holds the old values of the changed fields (and the old
--    updated_at) instead of the whole old row; new_data is still the whole new row, so
--    the whole old row is exactly `new_data || old_data` (what `pf audit` shows).
-- 3. The JSONB columns of audit_data_changes compress with lz4 (when the server has
--    it): wide rows (raw_data) cost less CPU to TOAST.
--
-- The generated function checks that the table's columns (names and types) are still
-- those it was generated for; if a column was added, dropped, renamed or retyped since,
-- it falls back to the generic (dynamic SQL, JSONB diff) path of the same output, so
-- nothing is ever missed. `pf db migrate` regenerates every audited table's function
-- after applying migrations (pf_audit_refresh()), so the fast path comes back.
--
-- Behaviour otherwise as 0600/0603: UPDATEs that change nothing but updated_at are not
-- recorded; a retention purge (`pf.retention_purge = on`) records its DELETEs without
-- old_data; tables without a UUID id are skipped, and a table without the domain column
-- is audited with a NULL domain; changed_by is `pf.actor_id`.

-- The audited tables and their domain expressions (SQL over the row alias r).
CREATE TABLE pf_audit_tables (
    table_name TEXT PRIMARY KEY,
    domain_expr TEXT NOT NULL
);

-- A table's columns, as the generated function remembers them.
CREATE FUNCTION pf_audit_signature(target OID) RETURNS TEXT
LANGUAGE sql STABLE AS $fn$
    SELECT coalesce(string_agg(a.attname || ':' || a.atttypid, ',' ORDER BY a.attnum), '')
    FROM pg_attribute a
    WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
$fn$;

-- The generic statement (the fallback of a generated function, and the body of
-- pf_audit_changes()): $1 = actor, $2 = retention purge. NULL when the table has no
-- UUID id (nothing is recorded).
CREATE FUNCTION pf_audit_generic_sql(op TEXT, target OID, domain_expr TEXT) RETURNS TEXT
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    name TEXT := (SELECT c.relname FROM pg_class c WHERE c.oid = target);
    expr TEXT := coalesce(nullif(domain_expr, ''), 'NULL');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'id' AND atttypid = 'uuid'::regtype AND NOT attisdropped) THEN
        RETURN NULL;
    END IF;
    IF expr = 'r.domain' AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'domain' AND NOT attisdropped) THEN
        expr := 'NULL';
    END IF;
    IF op = 'INSERT' THEN
        RETURN format(
            'INSERT INTO audit_data_changes (table_name, record_id, domain, operation, new_data, changed_by)
             SELECT %L, r.id, %s, ''INSERT'', to_jsonb(r), $1 FROM pf_audit_new r', name, expr);
    ELSIF op = 'UPDATE' THEN
        -- OFFSET 0 keeps the two to_jsonb() computed once per row (without it the planner
        -- inlines them into the jsonb_each filter: once per column).
        RETURN format(
            'INSERT INTO audit_data_changes (table_name, record_id, domain, operation, old_data, new_data, changed_fields, changed_by)
             SELECT %L, r.id, %s, ''UPDATE'',
                    c.old_part || CASE WHEN j.old_row ? ''updated_at'' THEN jsonb_build_object(''updated_at'', j.old_row -> ''updated_at'') ELSE ''{}''::jsonb END,
                    j.new_row, c.fields, $1
             FROM pf_audit_new r
             JOIN pf_audit_old o ON o.id = r.id
             CROSS JOIN LATERAL (SELECT to_jsonb(o) AS old_row, to_jsonb(r) AS new_row OFFSET 0) j
             CROSS JOIN LATERAL (
                 SELECT jsonb_agg(e.key ORDER BY e.key) AS fields, jsonb_object_agg(e.key, j.old_row -> e.key) AS old_part
                 FROM jsonb_each(j.new_row) e
                 WHERE e.key <> ''updated_at'' AND e.value IS DISTINCT FROM j.old_row -> e.key
             ) c
             WHERE c.fields IS NOT NULL', name, expr);
    ELSE
        RETURN format(
            'INSERT INTO audit_data_changes (table_name, record_id, domain, operation, old_data, changed_by)
             SELECT %L, r.id, %s, ''DELETE'', CASE WHEN $2 THEN NULL ELSE to_jsonb(r) END, $1 FROM pf_audit_old r', name, expr);
    END IF;
END;
$fn$;

-- The shared trigger function of 0600/0603, now the generic path above (kept for any
-- trigger still attached to it).
CREATE OR REPLACE FUNCTION pf_audit_changes() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    statement TEXT := pf_audit_generic_sql(TG_OP, TG_RELID, TG_ARGV[0]);
BEGIN
    IF statement IS NOT NULL THEN
        EXECUTE statement USING nullif(current_setting('pf.actor_id', true), '')::uuid,
            coalesce(current_setting('pf.retention_purge', true), '') = 'on';
    END IF;
    RETURN NULL;
END;
$fn$;

-- Generates the table's trigger function (`pf_audit__<table>`) from its current columns
-- and (re)attaches the three statement-level triggers to it.
CREATE OR REPLACE FUNCTION pf_audit_attach(target REGCLASS, domain_expr TEXT DEFAULT 'r.domain')
RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    name TEXT := (SELECT c.relname FROM pg_class c WHERE c.oid = target);
    fn TEXT := left('pf_audit__' || name, 63);
    expr TEXT := coalesce(nullif(domain_expr, ''), 'NULL');
    has_id BOOLEAN := EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'id' AND atttypid = 'uuid'::regtype AND NOT attisdropped);
    has_updated_at BOOLEAN := EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'updated_at' AND NOT attisdropped);
    changed TEXT;
    old_part TEXT;
    fast TEXT;
BEGIN
    IF expr = 'r.domain' AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = 'domain' AND NOT attisdropped) THEN
        expr := 'NULL';
    END IF;
    -- Per column (but updated_at), in the order 0600 sorted changed_fields (by name):
    -- its name when it changed, and its old value when it changed. Types without an
    -- equality operator of their own (json, varchar, arrays) are compared as text.
    SELECT string_agg(format('CASE WHEN %s THEN %L END', cmp, a.attname), ', ' ORDER BY a.attname::text),
           string_agg(format('CASE WHEN %s THEN jsonb_build_object(%L, o.%I) ELSE ''{}''::jsonb END', cmp, a.attname, a.attname), ' || ' ORDER BY a.attname::text)
      INTO changed, old_part
    FROM pg_attribute a
    CROSS JOIN LATERAL (
        SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_operator op WHERE op.oprname = '=' AND op.oprleft = a.atttypid AND op.oprright = a.atttypid)
                    THEN format('r.%1$I IS DISTINCT FROM o.%1$I', a.attname)
                    ELSE format('r.%1$I::text IS DISTINCT FROM o.%1$I::text', a.attname) END AS cmp
    ) c
    WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'updated_at';
    IF has_updated_at THEN
        old_part := coalesce(old_part || ' || ', '') || 'jsonb_build_object(''updated_at'', o.updated_at)';
    END IF;
    changed := coalesce(changed, 'NULL');
    old_part := coalesce(old_part, '''{}''::jsonb');

    IF NOT has_id THEN
        fast := 'RETURN NULL;';
    ELSE
        fast := format($code$
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_data_changes (table_name, record_id, domain, operation, new_data, changed_by)
        SELECT %1$L, r.id, %2$s, 'INSERT', to_jsonb(r), pf_audit_actor_ FROM pf_audit_new r;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit_data_changes (table_name, record_id, domain, operation, old_data, new_data, changed_fields, changed_by)
        SELECT %1$L, r.id, %2$s, 'UPDATE', %4$s, to_jsonb(r), to_jsonb(c.fields), pf_audit_actor_
        FROM pf_audit_new r
        JOIN pf_audit_old o ON o.id = r.id
        CROSS JOIN LATERAL (SELECT array_remove(ARRAY[%3$s]::text[], NULL) AS fields OFFSET 0) c
        WHERE cardinality(c.fields) > 0;
    ELSE
        INSERT INTO audit_data_changes (table_name, record_id, domain, operation, old_data, changed_by)
        SELECT %1$L, r.id, %2$s, 'DELETE',
               CASE WHEN coalesce(current_setting('pf.retention_purge', true), '') = 'on' THEN NULL ELSE to_jsonb(r) END, pf_audit_actor_
        FROM pf_audit_old r;
    END IF;
    RETURN NULL;$code$, name, expr, changed, old_part);
    END IF;

    EXECUTE format($code$
CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger
LANGUAGE plpgsql AS $body$
-- Generated by pf_audit_attach(%2$L, %3$L) (sql/0760): do not edit; regenerate.
DECLARE
    pf_audit_actor_ UUID := nullif(current_setting('pf.actor_id', true), '')::uuid;
    pf_audit_statement_ TEXT;
BEGIN
    -- (Inline rather than a call of pf_audit_signature(): an SQL function is planned on every call.)
    IF (SELECT string_agg(a.attname || ':' || a.atttypid, ',' ORDER BY a.attnum) FROM pg_attribute a
        WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped) IS DISTINCT FROM %4$L THEN
        -- The table changed since this function was generated: the generic path.
        pf_audit_statement_ := pf_audit_generic_sql(TG_OP, TG_RELID, %3$L);
        IF pf_audit_statement_ IS NOT NULL THEN
            EXECUTE pf_audit_statement_ USING pf_audit_actor_, coalesce(current_setting('pf.retention_purge', true), '') = 'on';
        END IF;
        RETURN NULL;
    END IF;
    %5$s
END;
$body$$code$, fn, name, expr, pf_audit_signature(target), fast);

    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', name || '_audit_insert', target);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', name || '_audit_update', target);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', name || '_audit_delete', target);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS pf_audit_new
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', name || '_audit_insert', target, fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS pf_audit_old NEW TABLE AS pf_audit_new
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', name || '_audit_update', target, fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS pf_audit_old
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', name || '_audit_delete', target, fn);
    INSERT INTO pf_audit_tables (table_name, domain_expr) VALUES (name, coalesce(domain_expr, 'NULL'))
    ON CONFLICT (table_name) DO UPDATE SET domain_expr = excluded.domain_expr;
END;
$fn$;

-- Regenerates the trigger function of every audited table whose columns changed
-- (run by `pf db migrate` after it applied migrations); returns how many.
CREATE FUNCTION pf_audit_refresh() RETURNS INTEGER
LANGUAGE plpgsql AS $fn$
DECLARE
    t RECORD;
    n INTEGER := 0;
BEGIN
    FOR t IN SELECT a.table_name, a.domain_expr, to_regclass(quote_ident(a.table_name)) AS target FROM pf_audit_tables a ORDER BY a.table_name LOOP
        IF t.target IS NULL THEN
            CONTINUE;
        END IF;
        IF position(pf_audit_signature(t.target) IN coalesce(pg_get_functiondef(to_regproc(quote_ident(left('pf_audit__' || t.table_name, 63)))), '')) = 0 THEN
            PERFORM pf_audit_attach(t.target, t.domain_expr);
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END;
$fn$;

-- Every table audited by 0600 (or attached since), with its domain expression.
DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN
        SELECT DISTINCT tg.tgrelid::regclass AS target,
               coalesce(nullif(encode(tg.tgargs, 'escape'), ''), 'NULL') AS args
        FROM pg_trigger tg
        WHERE tg.tgfoid = 'pf_audit_changes()'::regprocedure AND NOT tg.tgisinternal
        ORDER BY 1
    LOOP
        -- tgargs holds the arguments NUL-terminated (escaped as \000).
        PERFORM pf_audit_attach(t.target, replace(t.args, '\000', ''));
    END LOOP;
END;
$$;

-- Wide rows (raw_data) are TOASTed; lz4 costs a fraction of pglz's CPU.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE audit_data_changes ALTER COLUMN old_data SET COMPRESSION lz4,
            ALTER COLUMN new_data SET COMPRESSION lz4;
    END IF;
END;
$$;
