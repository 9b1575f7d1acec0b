-- Deviation: every generated Strategic Signal Brief is kept. intel_strategic_signal_briefs
-- (one row per domain, the spec's table) holds the latest version; this table holds every
-- version including the latest, so `pf brief <domain> --version N` and `--diff` can show
-- what changed between regenerations. full_brief is the document `pf brief --json` prints
-- (docs/brief.schema.json).
CREATE TABLE intel_brief_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    domain VARCHAR(255) NOT NULL,
    version INTEGER NOT NULL,
    full_brief JSONB NOT NULL,
    -- The document exactly as `pf brief --json` prints it (jsonb does not keep key order).
    document TEXT NOT NULL,
    model_version VARCHAR(50),
    generated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    data_source VARCHAR(50) DEFAULT 'analysis',
    retrieved_at TIMESTAMPTZ DEFAULT NOW(),

    UNIQUE (domain, version),
    CONSTRAINT brief_version_positive CHECK (version >= 1)
);

CREATE INDEX idx_brief_versions_domain ON intel_brief_versions (domain, version DESC);
