-- Issues 7 and 4 (bulk writes of new companies and their technologies): three of the
-- spec's indexes are on columns whose useful value is the rare one — a ticker (most
-- companies are private and have none), is_public = true, is_competitor_search = true.
-- As full b-trees, every row written paid an index insert for its NULL or false, which
-- no query looks up (finding the private companies or the non-search technologies
-- reads most of the table: a sequential scan). As partial indexes on the rare value
-- they keep the spec's names and columns and serve every lookup of that value
-- (`ticker = $1` implies ticker IS NOT NULL; `WHERE is_public`), and a row without it
-- costs nothing: `pf discover` inserts companies and partner-technology rows that have
-- none of the three.
DROP INDEX idx_companies_ticker;
CREATE INDEX idx_companies_ticker ON core_companies (ticker) WHERE ticker IS NOT NULL;
DROP INDEX idx_companies_is_public;
CREATE INDEX idx_companies_is_public ON core_companies (is_public) WHERE is_public;
DROP INDEX idx_techstack_competitor;
CREATE INDEX idx_techstack_competitor ON intel_technology_stack (is_competitor_search) WHERE is_competitor_search;
