-- The three views of schema v2.
-- Deviations: soft-deleted companies (deleted_at) are hidden, and v_displacement_targets
-- shows one row per company (the spec's join repeated a company once per partner
-- technology it runs; the highest partner tier, then the name, picks the one shown).

CREATE VIEW v_hot_leads AS
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
ORDER BY icp.priority_score DESC;

CREATE VIEW v_displacement_targets AS
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
JOIN intel_search_provider sp ON c.domain = sp.domain
LEFT JOIN LATERAL (
    SELECT t.technology_name, t.partner_tier
    FROM intel_technology_stack t
    WHERE t.domain = c.domain AND t.is_partner_tech = TRUE
    ORDER BY t.partner_tier NULLS LAST, t.technology_name
    LIMIT 1
) ts ON TRUE
LEFT JOIN intel_traffic_analysis ta ON c.domain = ta.domain
LEFT JOIN intel_icp_priority_mapping icp ON c.domain = icp.domain
WHERE sp.is_algolia = FALSE
  AND sp.displacement_priority IN ('HIGH', 'MEDIUM')
  AND c.deleted_at IS NULL
ORDER BY icp.priority_score DESC NULLS LAST;

CREATE VIEW v_enrichment_dashboard AS
SELECT
    c.domain,
    c.company_name,
    CASE
        WHEN ssb.id IS NOT NULL THEN 'Complete'
        WHEN icp.id IS NOT NULL THEN 'Scored'
        WHEN ta.id IS NOT NULL THEN 'Partial'
        ELSE 'Not Enriched'
    END AS enrichment_level,
    COALESCE(ssb.generated_at, icp.updated_at, ta.updated_at, c.updated_at) AS last_enriched,
    EXTRACT(DAY FROM NOW() - COALESCE(ssb.generated_at, icp.updated_at, ta.updated_at)) AS days_since_enrichment
FROM core_companies c
LEFT JOIN intel_strategic_signal_briefs ssb ON c.domain = ssb.domain
LEFT JOIN intel_icp_priority_mapping icp ON c.domain = icp.domain
LEFT JOIN intel_traffic_analysis ta ON c.domain = ta.domain
WHERE c.deleted_at IS NULL
ORDER BY days_since_enrichment DESC NULLS LAST;
