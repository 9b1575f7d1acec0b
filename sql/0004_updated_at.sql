-- The spec gives every mutable table an updated_at column with a default but nothing
-- that maintains it; this trigger keeps it true on every UPDATE, so "data age" in the
-- app and the dashboard view mean what they say.

CREATE FUNCTION pf_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A writer that sets updated_at itself (an import keeping legacy dates) wins.
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
        WHERE c.table_schema = current_schema() AND c.column_name = 'updated_at' AND tb.table_type = 'BASE TABLE'
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION pf_touch_updated_at()',
            t || '_touch_updated_at', t);
    END LOOP;
END;
$$;

-- Server-side paging of the lists (1,000,000 rows must feel like 100) orders by
-- priority within a status; the spec's single-column indexes cannot serve that.
CREATE INDEX idx_icpmapping_status_score ON intel_icp_priority_mapping (priority_status, priority_score DESC);
CREATE INDEX idx_companies_live ON core_companies (domain) WHERE deleted_at IS NULL;
