-- Rarely-changing tables that every process keeps a copy of (src/persistence/reference-cache.ts):
-- a change announces itself on commit to the channel gopy_reference, the payload naming the
-- table, so every process drops its copy whichever process (or psql session) wrote it.
-- Statement triggers: one notification per statement, however many rows (an import of units).
CREATE FUNCTION gopy_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gopy_reference', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

-- Officials: only what says who is an official (reachability and language change often and do not).
CREATE TRIGGER officials_reference_changed
  AFTER INSERT OR DELETE OR UPDATE OF channel, external_id, active ON "officials"
  FOR EACH STATEMENT EXECUTE FUNCTION gopy_reference_changed();
CREATE TRIGGER officials_reference_truncated
  AFTER TRUNCATE ON "officials" FOR EACH STATEMENT EXECUTE FUNCTION gopy_reference_changed();

CREATE TRIGGER categories_reference_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "categories"
  FOR EACH STATEMENT EXECUTE FUNCTION gopy_reference_changed();

CREATE TRIGGER units_reference_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "units"
  FOR EACH STATEMENT EXECUTE FUNCTION gopy_reference_changed();

CREATE TRIGGER provinces_reference_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "provinces"
  FOR EACH STATEMENT EXECUTE FUNCTION gopy_reference_changed();
