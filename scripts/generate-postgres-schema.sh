#!/usr/bin/env bash
# scripts/generate-postgres-schema.sh — writes deploy/sql/bakeryops-postgres.sql, the PostgreSQL schema for DBAs:
# the idempotent script of every EF Core migration (what `dotnet ef migrations script --idempotent` writes for
# PostgresBakeryOpsDbContext) and the tables of Quartz's clustered job store. Run it after adding a migration or
# upgrading Quartz, and commit the file: a test fails while it differs from a fresh generation.
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$REPO/deploy/sql/bakeryops-postgres.sql"
BUILD=1

usage() {
  cat <<USAGE
Usage: scripts/generate-postgres-schema.sh [--no-build] [--output FILE]

Builds the portal (Release) and writes the PostgreSQL schema script.
  --no-build      use the last Release build
  --output FILE   write FILE instead of deploy/sql/bakeryops-postgres.sql
USAGE
}

while (($#)); do
  case $1 in
    --no-build) BUILD=0 ;;
    --output) OUT=${2:?--output needs a file}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

cd "$REPO"
if ((BUILD)); then
  dotnet build BakeryOps.Portal -c Release -nologo -v quiet
fi
dotnet BakeryOps.Portal/bin/Release/net10.0/BakeryOps.Portal.dll --write-postgres-schema "$OUT"
