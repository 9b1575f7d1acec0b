-- Legacy target columns that schema v2 has no column for (contact points, the legacy
-- ICP score, gross margin, traffic growth, the raw financials JSON, …), one row per
-- imported target, so an import loses nothing. Deviation: new table.
CREATE TABLE legacy_target_details (
    domain VARCHAR(255) PRIMARY KEY,
    legacy_id INTEGER,
    emails JSONB,
    phones JSONB,
    socials JSONB,
    exec_titles JSONB,
    legacy_icp_score INTEGER,              -- displacement_targets.icp_score (not the lead score)
    enrichment_level VARCHAR(20),
    last_enriched TIMESTAMPTZ,
    gross_margin NUMERIC,                  -- fraction (the legacy column mixed 0.17 and 71.3)
    traffic_growth_pct NUMERIC,            -- legacy traffic_growth, per cent, period not recorded
    search_traffic_share NUMERIC,
    financials JSONB,                      -- legacy financials_json as it was
    hiring_signals JSONB,
    quote_source VARCHAR(300),
    data_source VARCHAR(50) NOT NULL DEFAULT 'legacy_import',
    retrieved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TRIGGER legacy_target_details_touch_updated_at BEFORE UPDATE ON legacy_target_details
    FOR EACH ROW EXECUTE FUNCTION pf_touch_updated_at();

-- A legacy row that was merged into another record (two rows with one domain) keeps its
-- raw row here too, marked 'merged'; 'rejected' rows could not be loaded at all.
ALTER TABLE import_rejects ADD COLUMN disposition VARCHAR(20) NOT NULL DEFAULT 'rejected'
    CONSTRAINT valid_import_disposition CHECK (disposition IN ('rejected', 'merged'));
