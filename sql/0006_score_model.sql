-- Deviation: every score records the model that produced it (domain.md: "one model,
-- versioned; record the model version with every score"). 'legacy-icp' marks priorities
-- carried over from the legacy database until the company is enriched and rescored.
ALTER TABLE intel_icp_priority_mapping ADD COLUMN model_version VARCHAR(50);
ALTER TABLE intel_signal_scoring ADD COLUMN model_version VARCHAR(50);
