#!/bin/sh
# Backs up gopy's PostgreSQL database (the only durable state: Redis holds nothing the sweep
# cannot rebuild) to one compressed custom-format file, restorable with deploy/restore.sh.
#
#   DATABASE_URL=postgresql://gopy:...@host:5432/gopy deploy/backup.sh [FILE]
#   docker compose exec -T postgres pg_dump -U gopy -Fc gopy > gopy-$(date +%F).dump   # compose
#
# FILE defaults to gopy-YYYYMMDD-HHMMSS.dump in the current directory. pg_dump takes a
# consistent snapshot while gopy keeps running; its major version must be at least the server's.
set -eu
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
file=${1:-gopy-$(date -u +%Y%m%d-%H%M%S).dump}
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$file" "$DATABASE_URL"
echo "backup written: $file ($(wc -c <"$file") bytes)"
