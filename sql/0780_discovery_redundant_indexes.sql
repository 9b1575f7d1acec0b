-- Issue 7 (`pf discover` inserts ~1,000 companies and technology rows per page): two
-- b-trees that every row written paid for and that no query needs.
--
-- idx_companies_live (0004, core_companies (domain) WHERE deleted_at IS NULL) duplicates
-- the unique index on domain (0741) for every query that has it: the TUI's target list
-- walked it for ORDER BY domain; without it the planner walks idx_companies_domain and
-- filters the deleted rows (the same plan, estimated 0.2 % dearer, with 1 % deleted rows).
DROP INDEX idx_companies_live;

-- The spec's plain index on intel_technology_stack.domain (idx_techstack_domain, 0001) is
-- the leading column of the UNIQUE (domain, technology_name) constraint's index: every
-- lookup by domain (the company screen, the target views' partner technology, scoring)
-- is served as well by that one. The constraint's index takes the spec's name, so the
-- name still finds the index that serves by-domain lookups (ON CONFLICT (domain,
-- technology_name) finds the constraint by its columns; nothing refers to it by name).
DROP INDEX idx_techstack_domain;
ALTER TABLE intel_technology_stack RENAME CONSTRAINT intel_technology_stack_domain_technology_name_key TO idx_techstack_domain;
