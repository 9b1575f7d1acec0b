-- The legacy evidence library (case studies, quotes, proof points, logos, customer
-- technologies, enrichment flags), which schema v2 has no home for, and the ledger of
-- `pf import` runs and the rows they could not load. Deviation: new tables, listed in
-- docs/schema-deviations.md.
--
-- Every evidence row keeps its provenance: data_source ('legacy_import', 'manual', …),
-- legacy_id (the row's id in the legacy SQLite file) and retrieved_at (the legacy row's
-- own timestamp). (data_source, legacy_id) is unique, so importing the same file again
-- updates rows in place instead of adding copies; rows entered by hand have legacy_id NULL.

-- Algolia case studies. Read by case-study matching (intel_case_study_matches).
CREATE TABLE evidence_case_studies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_name VARCHAR(300) NOT NULL,
    customer_domain VARCHAR(255),           -- normalised; NULL when unknown
    customer_id UUID REFERENCES core_customers(id),
    country VARCHAR(100),
    region VARCHAR(100),
    vertical VARCHAR(200),
    sub_vertical VARCHAR(200),
    use_case VARCHAR(300),
    customer_type VARCHAR(100),
    story_url VARCHAR(1000),
    slide_deck_url VARCHAR(1000),
    pdf_url VARCHAR(1000),
    status VARCHAR(50),
    features_used JSONB,                    -- array of strings
    partner_integrations JSONB,             -- array of strings
    competitor_takeout VARCHAR(300),
    key_results TEXT,
    localized_urls JSONB,                   -- {"fr": url, …}
    data_source VARCHAR(50) NOT NULL DEFAULT 'manual',
    legacy_id INTEGER,
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    CONSTRAINT evidence_case_studies_domain_valid CHECK (customer_domain IS NULL OR pf_is_hostname(customer_domain)),
    UNIQUE (data_source, legacy_id)
);

CREATE INDEX idx_evidence_case_studies_vertical ON evidence_case_studies (vertical);
CREATE INDEX idx_evidence_case_studies_domain ON evidence_case_studies (customer_domain);

-- Case studies whose headline metric was checked against the published story.
CREATE TABLE evidence_verified_case_studies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    company_name VARCHAR(300) NOT NULL,
    vertical VARCHAR(200),
    url VARCHAR(1000) NOT NULL,
    headline TEXT,
    result_metric TEXT,
    is_verified BOOLEAN NOT NULL DEFAULT FALSE,
    last_verified TIMESTAMPTZ,
    case_study_id UUID REFERENCES evidence_case_studies(id),
    data_source VARCHAR(50) NOT NULL DEFAULT 'manual',
    legacy_id INTEGER,
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    UNIQUE (data_source, legacy_id)
);

CREATE INDEX idx_evidence_verified_company ON evidence_verified_case_studies (company_name);

-- Quotes of Algolia customers (social proof), not of the target's executives.
CREATE TABLE evidence_customer_quotes (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_name VARCHAR(300),
    customer_domain VARCHAR(255),
    customer_id UUID REFERENCES core_customers(id),
    contact_name VARCHAR(200),
    contact_title VARCHAR(300),
    vertical VARCHAR(200),
    country VARCHAR(100),
    quote_text TEXT NOT NULL,
    evidence_type VARCHAR(100),
    source VARCHAR(200),                    -- where the quote was published (TechValidate, …)
    source_date DATE,
    tags JSONB,                             -- array of strings
    is_approved BOOLEAN NOT NULL DEFAULT TRUE,
    data_source VARCHAR(50) NOT NULL DEFAULT 'manual',
    legacy_id INTEGER,
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    CONSTRAINT evidence_customer_quotes_domain_valid CHECK (customer_domain IS NULL OR pf_is_hostname(customer_domain)),
    UNIQUE (data_source, legacy_id)
);

CREATE INDEX idx_evidence_quotes_vertical ON evidence_customer_quotes (vertical);

-- Shareable results by vertical and theme.
CREATE TABLE evidence_proof_points (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    vertical VARCHAR(200),
    theme VARCHAR(200),
    customer_name VARCHAR(300),
    result_text TEXT NOT NULL,
    source VARCHAR(200),
    is_shareable BOOLEAN NOT NULL DEFAULT TRUE,
    data_source VARCHAR(50) NOT NULL DEFAULT 'manual',
    legacy_id INTEGER,
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    UNIQUE (data_source, legacy_id)
);

CREATE INDEX idx_evidence_proof_points_vertical ON evidence_proof_points (vertical, theme);

-- Customer logos and what the contract allows us to say about them.
CREATE TABLE evidence_customer_logos (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    company_name VARCHAR(300) NOT NULL,
    company_domain VARCHAR(255),
    customer_id UUID REFERENCES core_customers(id),
    signed_date DATE,
    vertical VARCHAR(200),
    has_case_study_in_contract BOOLEAN NOT NULL DEFAULT FALSE,
    has_logo_rights BOOLEAN NOT NULL DEFAULT FALSE,
    social_completed BOOLEAN NOT NULL DEFAULT FALSE,
    is_reference BOOLEAN NOT NULL DEFAULT FALSE,
    has_press_release BOOLEAN NOT NULL DEFAULT FALSE,
    partner VARCHAR(200),
    tech_platform VARCHAR(200),
    competitor_displaced VARCHAR(200),
    notes TEXT,
    data_source VARCHAR(50) NOT NULL DEFAULT 'manual',
    legacy_id INTEGER,
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    CONSTRAINT evidence_customer_logos_domain_valid CHECK (company_domain IS NULL OR pf_is_hostname(company_domain)),
    UNIQUE (data_source, legacy_id)
);

CREATE INDEX idx_evidence_logos_name ON evidence_customer_logos (lower(company_name));
CREATE INDEX idx_evidence_logos_domain ON evidence_customer_logos (company_domain);

-- Technologies named in the evidence (legacy `technologies`), and which customers run
-- them (legacy `company_technologies`, source 'customer_evidence').
CREATE TABLE evidence_technologies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(200) NOT NULL UNIQUE,
    category VARCHAR(100),
    is_partner BOOLEAN NOT NULL DEFAULT FALSE,
    is_competitor BOOLEAN NOT NULL DEFAULT FALSE,
    builtwith_name VARCHAR(200),
    data_source VARCHAR(50) NOT NULL DEFAULT 'manual',
    legacy_id INTEGER,
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TABLE evidence_customer_technologies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id UUID NOT NULL REFERENCES core_customers(id),
    technology_id UUID NOT NULL REFERENCES evidence_technologies(id),
    source VARCHAR(100),
    is_live BOOLEAN NOT NULL DEFAULT TRUE,
    data_source VARCHAR(50) NOT NULL DEFAULT 'manual',
    legacy_id INTEGER,
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    UNIQUE NULLS NOT DISTINCT (customer_id, technology_id, source)
);

CREATE INDEX idx_evidence_customer_tech_tech ON evidence_customer_technologies (technology_id);

-- Per-domain enrichment flags of the legacy tool (which modules it had run).
CREATE TABLE legacy_enrichment_status (
    domain VARCHAR(255) PRIMARY KEY,
    financials_enriched BOOLEAN NOT NULL DEFAULT FALSE,
    quotes_enriched BOOLEAN NOT NULL DEFAULT FALSE,
    hiring_enriched BOOLEAN NOT NULL DEFAULT FALSE,
    triggers_enriched BOOLEAN NOT NULL DEFAULT FALSE,
    committee_enriched BOOLEAN NOT NULL DEFAULT FALSE,
    last_enriched TIMESTAMPTZ,
    enrichment_errors TEXT,
    data_source VARCHAR(50) NOT NULL DEFAULT 'legacy_import',
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

-- One row per `pf import` run (dry runs included): the file, its checksum and the
-- per-table reconciliation report.
CREATE TABLE import_runs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    source_path TEXT NOT NULL,
    source_sha256 CHAR(64) NOT NULL,
    source_bytes BIGINT,
    dry_run BOOLEAN NOT NULL DEFAULT FALSE,
    status VARCHAR(20) NOT NULL DEFAULT 'running',
    started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    finished_at TIMESTAMPTZ,
    report JSONB,
    error_message TEXT,

    CONSTRAINT valid_import_status CHECK (status IN ('running', 'completed', 'failed'))
);

CREATE INDEX idx_import_runs_started ON import_runs (started_at DESC);

-- Legacy rows that could not be loaded, with the raw row and the reason. One row per
-- legacy row (re-importing the same file updates it, naming the latest run).
CREATE TABLE import_rejects (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id UUID REFERENCES import_runs(id) ON DELETE SET NULL,
    legacy_table VARCHAR(100) NOT NULL,
    legacy_id TEXT NOT NULL,                -- the row's id (or key, e.g. a domain)
    raw_row JSONB NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    UNIQUE (legacy_table, legacy_id)
);

CREATE INDEX idx_import_rejects_run ON import_rejects (run_id);

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['evidence_case_studies', 'evidence_verified_case_studies', 'evidence_customer_quotes',
        'evidence_proof_points', 'evidence_customer_logos', 'evidence_technologies', 'evidence_customer_technologies',
        'legacy_enrichment_status', 'import_rejects']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION pf_touch_updated_at()',
            t || '_touch_updated_at', t);
    END LOOP;
END;
$$;
