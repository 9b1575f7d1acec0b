-- Issue 7 (`pf discover` inserts ~1,000 companies per page): the spec's plain index on
-- core_companies.domain (idx_companies_domain, 0001) duplicates the UNIQUE (domain)
-- constraint's index: every company written paid one more b-tree insert (measured ≈ 10 %
-- of a bulk INSERT into core_companies without its audit trigger) for an index no query
-- needs. One unique index now serves both: the constraint is rebuilt on a unique index
-- carrying the spec's index name (ON CONFLICT (domain) finds it by its columns; nothing
-- refers to the constraint by name). Same technique as 0700 for the scoring tables.
CREATE UNIQUE INDEX idx_companies_domain_unique ON core_companies (domain);
ALTER TABLE core_companies DROP CONSTRAINT core_companies_domain_key;
DROP INDEX idx_companies_domain;
ALTER TABLE core_companies ADD CONSTRAINT idx_companies_domain UNIQUE USING INDEX idx_companies_domain_unique;
