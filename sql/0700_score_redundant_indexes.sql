-- Issue 4: an index that duplicates another index of its table costs every score and brief
-- write one more b-tree insert per row (`pf score --all` writes 120,000 rows on a first
-- run) and serves no query the other cannot.
--
-- The spec's plain indexes on domain (idx_icpmapping_domain, idx_signalscoring_domain,
-- idx_brief_domain) duplicate each table's UNIQUE (domain) constraint index. One unique
-- index now serves both: the constraint is rebuilt on a unique index that keeps the
-- spec's index name (ON CONFLICT (domain) finds it by its columns, not its name).
CREATE UNIQUE INDEX idx_icpmapping_domain_unique ON intel_icp_priority_mapping (domain);
ALTER TABLE intel_icp_priority_mapping DROP CONSTRAINT intel_icp_priority_mapping_domain_key;
DROP INDEX idx_icpmapping_domain;
ALTER TABLE intel_icp_priority_mapping ADD CONSTRAINT idx_icpmapping_domain UNIQUE USING INDEX idx_icpmapping_domain_unique;

CREATE UNIQUE INDEX idx_signalscoring_domain_unique ON intel_signal_scoring (domain);
ALTER TABLE intel_signal_scoring DROP CONSTRAINT intel_signal_scoring_domain_key;
DROP INDEX idx_signalscoring_domain;
ALTER TABLE intel_signal_scoring ADD CONSTRAINT idx_signalscoring_domain UNIQUE USING INDEX idx_signalscoring_domain_unique;

CREATE UNIQUE INDEX idx_brief_domain_unique ON intel_strategic_signal_briefs (domain);
ALTER TABLE intel_strategic_signal_briefs DROP CONSTRAINT intel_strategic_signal_briefs_domain_key;
DROP INDEX idx_brief_domain;
ALTER TABLE intel_strategic_signal_briefs ADD CONSTRAINT idx_brief_domain UNIQUE USING INDEX idx_brief_domain_unique;

-- 0200's (domain, version DESC) duplicates UNIQUE (domain, version) (read backwards).
DROP INDEX idx_brief_versions_domain;
