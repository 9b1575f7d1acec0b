-- Deviation: provenance on every intel table. The brief must say where each fact came
-- from and how old it is, and legacy facts without a source must never pass as cited
-- fact. data_source names the origin ('legacy_import', 'builtwith', 'similarweb',
-- 'sec_edgar', 'yahoo_finance', 'jsearch', 'websearch', 'analysis', 'analyst');
-- retrieved_at is when that origin was read.
DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name LIKE 'intel\_%'
    LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN data_source VARCHAR(50), ADD COLUMN retrieved_at TIMESTAMPTZ', t);
    END LOOP;
END;
$$;

-- New table: the authoritative list of Algolia customers (domain.md: "keep an
-- authoritative, normalised customer table and let an analyst mark a company is / is
-- not a customer; the override wins over detection"). A row with is_customer = FALSE is
-- an analyst's "is not a customer" override. A customer known only by name (the legacy
-- list held names where domains should be) has domain NULL until someone resolves it.
CREATE TABLE core_customers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    domain VARCHAR(255) UNIQUE,
    company_name VARCHAR(500),
    is_customer BOOLEAN NOT NULL DEFAULT TRUE,
    source VARCHAR(50) NOT NULL,            -- legacy_import, manual, csv_import
    legacy_id INTEGER,                      -- companies.id in the legacy SQLite file
    note TEXT,
    created_by VARCHAR(255),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    deleted_at TIMESTAMPTZ,

    CONSTRAINT customer_domain_valid CHECK (domain IS NULL OR pf_is_hostname(domain)),
    CONSTRAINT customer_named CHECK (domain IS NOT NULL OR company_name IS NOT NULL),
    CONSTRAINT valid_customer_source CHECK (source IN ('legacy_import', 'manual', 'csv_import', 'detection'))
);

CREATE UNIQUE INDEX idx_customers_legacy ON core_customers (legacy_id) WHERE legacy_id IS NOT NULL;
CREATE INDEX idx_customers_unresolved ON core_customers (company_name) WHERE domain IS NULL;

CREATE TRIGGER core_customers_touch_updated_at BEFORE UPDATE ON core_customers
    FOR EACH ROW EXECUTE FUNCTION pf_touch_updated_at();
