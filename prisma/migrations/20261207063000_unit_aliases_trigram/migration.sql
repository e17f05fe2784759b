-- The commune search (src/persistence/units-repository.ts) looks for its patterns anywhere in
-- the folded old names ("%dong xa%"): a trigram index finds those rows instead of a sequential
-- scan of all 10,570. Patterns with no trigram ("%1%") keep the scan (a second statement there).
-- The units import merges the index's pending list (src/persistence/units-import.ts); the
-- embedded PGlite loads the extension when it opens (src/persistence/prisma.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "unit_aliases_name_folded_idx" ON "unit_aliases" USING GIN ("name_folded" gin_trgm_ops);
