#!/bin/sh
# Restores a deploy/backup.sh file into a NEW, empty database and checks it, then gopy carries
# on from it: point DATABASE_URL at it, run `gopy migrate` (applies migrations newer than the
# backup), start gopy with an empty Redis or a new QUEUE_PREFIX (the old queues describe the old
# database). The sweep re-enqueues every committed report not yet routed and every delivery not
# yet sent; what the backup recorded as sent is not sent again.
#
#   DATABASE_URL=postgresql://gopy:...@host:5432/gopy_restored deploy/restore.sh FILE
#
# Refuses a database that already has tables: restoring over live data is never what you want.
set -eu
file=${1:?usage: DATABASE_URL=postgresql://.../NEW_DB deploy/restore.sh FILE}
: "${DATABASE_URL:?set DATABASE_URL to the new database to restore into}"
db=$(printf '%s' "$DATABASE_URL" | sed -E 's#^[a-z]+://[^/]*/([^?]+).*#\1#')
server=$(printf '%s' "$DATABASE_URL" | sed -E 's#^([a-z]+://[^/]*)/[^?]+#\1/postgres#')
if ! psql "$DATABASE_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; then
  psql "$server" -qc "CREATE DATABASE \"$db\""
fi
tables=$(psql "$DATABASE_URL" -Atqc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore: database $db already has $tables table(s); restore into a new, empty one" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$file"
reports=$(psql "$DATABASE_URL" -Atqc 'SELECT count(*) FROM reports')
migrations=$(psql "$DATABASE_URL" -Atqc 'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL')
echo "restored $file into $db: $reports report(s), $migrations migration(s) applied"
