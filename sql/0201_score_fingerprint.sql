-- Deviation: a fingerprint of the stored score (ICP row + signal row), so `pf score --all`
-- rewrites only the companies whose score changed: no dead tuples and no audit rows for a
-- rescore that changes nothing. Written by source/db/scoring.ts; NULL = unknown (rewrite).
ALTER TABLE intel_icp_priority_mapping ADD COLUMN score_fingerprint CHAR(40);
