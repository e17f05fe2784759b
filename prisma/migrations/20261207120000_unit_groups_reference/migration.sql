-- A unit's groups are read on every report (unit-readiness.ts, routing) and kept in process
-- like the other reference tables (src/persistence/reference-cache.ts): a change announces itself.
CREATE TRIGGER unit_groups_reference_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "unit_groups"
  FOR EACH STATEMENT EXECUTE FUNCTION gopy_reference_changed();
