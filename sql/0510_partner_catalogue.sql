-- The partner catalogue (issue 7): the technologies whose users are displacement
-- targets. The rows are seeded from PARTNER_TECHNOLOGIES in
-- source/domain/technology-catalogue.ts at first use (source 'catalogue'; the TS list is
-- the source of truth and re-seeding updates those rows), and analysts add their own
-- with `pf partners add` (source 'manual', never touched by the seed).

CREATE TABLE core_partner_technologies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(200) NOT NULL,                 -- display name
    builtwith_name VARCHAR(200) NOT NULL,       -- Technologies[].Name in BuiltWith answers
    lists_name VARCHAR(200) NOT NULL,           -- TECH= of the BuiltWith Lists API (dashes)
    category VARCHAR(50) NOT NULL,              -- CMS, Commerce, DXP, …
    partner_tier VARCHAR(20) NOT NULL,          -- premier, core, other
    lead_score_points SMALLINT NOT NULL,        -- the lead score's partner component (max 10)
    aliases TEXT[] NOT NULL DEFAULT '{}',
    source VARCHAR(20) NOT NULL,
    created_by VARCHAR(255),
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    CONSTRAINT valid_partner_tier CHECK (partner_tier IN ('premier', 'core', 'other')),
    CONSTRAINT valid_partner_points CHECK (lead_score_points BETWEEN 0 AND 10),
    CONSTRAINT valid_partner_source CHECK (source IN ('catalogue', 'manual')),
    CONSTRAINT partner_lists_name_form CHECK (lists_name !~ '\s')
);

CREATE UNIQUE INDEX idx_partner_name ON core_partner_technologies (lower(name));
CREATE UNIQUE INDEX idx_partner_lists_name ON core_partner_technologies (lower(lists_name));
CREATE INDEX idx_partner_builtwith_name ON core_partner_technologies (lower(builtwith_name));

CREATE TRIGGER core_partner_technologies_touch_updated_at BEFORE UPDATE ON core_partner_technologies
    FOR EACH ROW EXECUTE FUNCTION pf_touch_updated_at();
