-- Issue 6: the app's default orders as index walks on 1,000,000 rows. The lists sort
-- NULLS LAST with the domain as tie-breaker (pages never overlap), which the existing
-- (priority_status, priority_score DESC) index cannot serve: DESC there means NULLS
-- FIRST and it has no tie-breaker, so every page sorted the whole table.
CREATE INDEX idx_icpmapping_status_score_domain ON intel_icp_priority_mapping (priority_status, priority_score DESC NULLS LAST, domain);
CREATE INDEX idx_icpmapping_score_domain ON intel_icp_priority_mapping (priority_score DESC NULLS LAST, domain);
