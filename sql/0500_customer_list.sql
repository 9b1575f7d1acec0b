-- The customer list (issue 7): targets = companies on partner technology − Algolia customers.
--
-- core_customers (0005) is the authoritative list. This migration adds
--   * core_customer_changes: who changed what, when and why, for every manual change;
--   * v_detected_customers: what detection says (an Algolia search provider, or an
--     Algolia row in the technology stack);
--   * v_effective_customers: THE definition of "is an Algolia customer": a live list row
--     (core_customers, not soft-deleted, with a domain) decides in both directions —
--     is_customer TRUE is a customer whatever detection says, FALSE ("is not a
--     customer") is not one whatever detection says; without a list row, detection decides;
--   * v_displacement_targets and v_hot_leads redefined so an effective customer never
--     appears in them (same columns as 0002).

CREATE TABLE core_customer_changes (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id UUID NOT NULL REFERENCES core_customers(id),
    domain VARCHAR(255),
    company_name VARCHAR(500),
    -- mark_customer / mark_not_customer: the analyst's decision; reset: the decision is
    -- withdrawn (detection decides again); resolve: a name-only customer got its domain.
    action VARCHAR(30) NOT NULL,
    is_customer_before BOOLEAN,             -- NULL: no live list row before
    is_customer_after BOOLEAN,              -- NULL: no live list row after (reset)
    reason TEXT,
    actor VARCHAR(255) NOT NULL,
    via VARCHAR(30) NOT NULL,               -- cli, csv_import, tui
    changed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),

    CONSTRAINT valid_customer_change_action CHECK (action IN ('mark_customer', 'mark_not_customer', 'reset', 'resolve')),
    CONSTRAINT valid_customer_change_via CHECK (via IN ('cli', 'csv_import', 'tui', 'service'))
);

CREATE INDEX idx_customer_changes_customer ON core_customer_changes (customer_id, changed_at DESC);
CREATE INDEX idx_customer_changes_domain ON core_customer_changes (domain);
CREATE INDEX idx_customer_changes_changed_at ON core_customer_changes (changed_at DESC);

-- Detection reads only the Algolia rows: partial indexes keep building the set cheap
-- however large the technology stack grows. The predicates must match the view's text.
CREATE INDEX idx_searchprovider_algolia ON intel_search_provider (domain) WHERE is_algolia;
CREATE INDEX idx_techstack_algolia ON intel_technology_stack (domain) WHERE lower(technology_name) LIKE '%algolia%';

-- What detection says: one row per domain detected as an Algolia user.
CREATE VIEW v_detected_customers AS
SELECT domain FROM intel_search_provider WHERE is_algolia
UNION
SELECT domain FROM intel_technology_stack WHERE lower(technology_name) LIKE '%algolia%';

-- Effective customers: one row per domain. decided_by says whether the list (an
-- analyst, a CSV import or the legacy import) or detection made it a customer.
CREATE VIEW v_effective_customers AS
SELECT cu.domain, cu.company_name, 'list'::text AS decided_by, cu.source, cu.updated_at AS decided_at
FROM core_customers cu
WHERE cu.is_customer AND cu.deleted_at IS NULL AND cu.domain IS NOT NULL
UNION ALL
SELECT d.domain, NULL::varchar, 'detection'::text, 'detection'::varchar, NULL::timestamptz
FROM v_detected_customers d
WHERE NOT EXISTS (SELECT 1 FROM core_customers cu WHERE cu.domain = d.domain AND cu.deleted_at IS NULL);

-- Same columns as 0002 (its deviations kept: soft-deleted companies hidden, one row per
-- company). Changed: the search-provider join is a LEFT JOIN so a company found on a
-- partner technology (pf discover) whose search provider is not known yet is a target
-- too; a company with a known provider is a target when its displacement priority is
-- HIGH or MEDIUM (the spec's rule). `sp.is_algolia = FALSE` is replaced by the
-- effective-customer test, so an analyst's "is not a customer" beats detection and a
-- list customer is excluded even when detection missed it. The partner technology shown
-- is the highest tier (premier, core, other), then the name.
CREATE OR REPLACE VIEW v_displacement_targets AS
SELECT
    c.domain,
    c.company_name,
    c.vertical,
    sp.current_provider,
    sp.displacement_priority,
    ts.technology_name AS partner_tech,
    ts.partner_tier,
    ta.monthly_visits,
    icp.lead_score_total,
    icp.priority_status
FROM core_companies c
LEFT JOIN intel_search_provider sp ON c.domain = sp.domain
LEFT JOIN LATERAL (
    SELECT t.technology_name, t.partner_tier
    FROM intel_technology_stack t
    WHERE t.domain = c.domain AND t.is_partner_tech = TRUE
    ORDER BY CASE lower(t.partner_tier) WHEN 'premier' THEN 0 WHEN 'core' THEN 1 WHEN 'other' THEN 2 ELSE 3 END,
             t.partner_tier NULLS LAST, t.technology_name
    LIMIT 1
) ts ON TRUE
LEFT JOIN intel_traffic_analysis ta ON c.domain = ta.domain
LEFT JOIN intel_icp_priority_mapping icp ON c.domain = icp.domain
WHERE c.deleted_at IS NULL
  AND (sp.displacement_priority IN ('HIGH', 'MEDIUM')
       OR (sp.domain IS NULL AND ts.technology_name IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM v_effective_customers ec WHERE ec.domain = c.domain)
ORDER BY icp.priority_score DESC NULLS LAST;

CREATE OR REPLACE VIEW v_hot_leads AS
SELECT
    c.domain,
    c.company_name,
    c.vertical,
    c.ticker,
    icp.icp_tier,
    icp.lead_score_total,
    icp.priority_status,
    icp.priority_score,
    sp.current_provider AS search_provider,
    ta.monthly_visits,
    fp.latest_revenue,
    fp.ecommerce_revenue,
    bc.champion,
    sc.overall_timing,
    icp.updated_at
FROM core_companies c
JOIN intel_icp_priority_mapping icp ON c.domain = icp.domain
LEFT JOIN intel_search_provider sp ON c.domain = sp.domain
LEFT JOIN intel_traffic_analysis ta ON c.domain = ta.domain
LEFT JOIN intel_financial_profile fp ON c.domain = fp.domain
LEFT JOIN intel_buying_committee bc ON c.domain = bc.domain
LEFT JOIN intel_strategic_context sc ON c.domain = sc.domain
WHERE icp.priority_status = 'HOT'
  AND c.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM v_effective_customers ec WHERE ec.domain = c.domain)
ORDER BY icp.priority_score DESC;
