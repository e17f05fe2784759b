-- Chat sessions are kept in process between updates (src/persistence/sessions-repository.ts);
-- a write is checked by the row's compare-and-set, but a deleted row (an erasure, psql) could
-- be inserted again and reach the same revision. A delete announces itself on commit, like the
-- reference tables' changes, and every process drops the sessions it keeps.
CREATE TRIGGER sessions_deleted
  AFTER DELETE OR TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION gopy_reference_changed();
