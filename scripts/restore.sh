#!/usr/bin/env bash
# scripts/restore.sh — restores a backup made by scripts/backup.sh into an empty PostgreSQL database (or, for a backup
# of the embedded mode, a new SQLite file), an empty data directory and (when the backup holds one) an empty lake
# folder. Run with --help for the options.
set -Eeuo pipefail

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[restore] %s\n' "$*"; }
die() { printf '[restore] ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/lib/backup-common.sh
source "$SCRIPTS/lib/backup-common.sh"
# shellcheck source=scripts/lib/pgconn.sh
source "$SCRIPTS/lib/pgconn.sh"
# shellcheck source=scripts/lib/lake-verify.sh
source "$SCRIPTS/lib/lake-verify.sh"

usage() {
  cat <<'EOF'
Usage: scripts/restore.sh --from BACKUP_DIR [options]

Restores a directory written by scripts/backup.sh:
  1. checks SHA256SUMS;
  2. refuses a database that holds any table, view or sequence, a data directory or lake folder that holds any
     file, unless --force;
  3. PostgreSQL: pg_restore into the database in one transaction (objects owned by the connecting user), then
     ANALYZE. SQLite (a backup with database.sqlite): checks the copy's integrity and puts it in place whole;
  4. unpacks the data directory and, when the backup has one, the folder lake, and checks every lake manifest.
Stop the portal first; start it on the restored database and data directory afterwards. A PostgreSQL database must
exist (createdb, or the DBA's CREATE DATABASE); roles named in the backup's grants must exist (see --no-privileges).

Options:
  --from DIR             the backup directory (bakeryops-YYYYMMDDTHHMMSSZ)
  --env-file FILE        read Database__Provider, Database__ConnectionString, BAKERYOPS_DATA_DIR and
                         Lake__FolderPath from the portal's EnvironmentFile; options on the command line win
  --connection CS        Npgsql connection string of the target database (default: $Database__ConnectionString,
                         else libpq's PG* variables); the user should be the role that owns the schema
  --sqlite FILE          where a SQLite backup's database goes (default: the Data Source of a SQLite
                         Database__ConnectionString, else DATA/bakeryops.db)
  --data-dir DIR         the target data directory (default: $BAKERYOPS_DATA_DIR); created when missing
  --lake DIR             the target lake folder (default: Lake__FolderPath, relative to the data directory, else
                         DATA/lake)
  --owner USER[:GROUP]   chown the restored data directory and lake to the portal's service user
  --no-privileges        leave out the backup's GRANTs (when its roles do not exist on the target server)
  --force                restore over a non-empty target: the database's objects are dropped and replaced
                         (pg_restore --clean --if-exists) or the SQLite file replaced, files in the data
                         directory and lake are overwritten
  -h, --help             this text
EOF
}

from="" env_file="" owner="" force=0 no_privileges=0 lake_dir="" sqlite_file=""
connection=${Database__ConnectionString:-}
provider=${Database__Provider:-}
data_dir=${BAKERYOPS_DATA_DIR:-}
lake_folder_path=${Lake__FolderPath:-}
while (($#)); do
  case $1 in
    --from) from=${2:?--from needs a backup directory}; shift 2 ;;
    --env-file) env_file=${2:?--env-file needs a file}; shift 2 ;;
    --connection) connection_arg=${2:?--connection needs a connection string}; shift 2 ;;
    --sqlite) sqlite_file=${2:?--sqlite needs a file}; shift 2 ;;
    --data-dir) data_dir_arg=${2:?--data-dir needs a directory}; shift 2 ;;
    --lake) lake_dir=${2:?--lake needs a directory}; shift 2 ;;
    --owner) owner=${2:?--owner needs a user}; shift 2 ;;
    --no-privileges) no_privileges=1; shift ;;
    --force) force=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

if [[ -n $env_file ]]; then
  v=$(env_file_value "$env_file" Database__Provider); [[ -n $v ]] && provider=$v
  v=$(env_file_value "$env_file" Database__ConnectionString); [[ -n $v ]] && connection=$v
  v=$(env_file_value "$env_file" BAKERYOPS_DATA_DIR); [[ -n $v ]] && data_dir=$v
  v=$(env_file_value "$env_file" Lake__FolderPath); [[ -n $v ]] && lake_folder_path=$v
fi
connection=${connection_arg:-$connection}
data_dir=${data_dir_arg:-$data_dir}

[[ -n $from ]] || { usage >&2; die "--from is required"; }
[[ -f $from/$BACKUP_SUMS && (-f $from/$BACKUP_DUMP || -f $from/$BACKUP_SQLITE) && -f $from/$BACKUP_DATA_ARCHIVE ]] \
  || die "$from is not a backup of scripts/backup.sh ($BACKUP_SUMS, $BACKUP_DUMP or $BACKUP_SQLITE, or $BACKUP_DATA_ARCHIVE missing)"
from=$(cd "$from" && pwd)
[[ -n $data_dir ]] || die "no data directory: pass --data-dir or set BAKERYOPS_DATA_DIR"
if [[ -f $from/$BACKUP_SQLITE ]]; then
  if [[ -z $sqlite_file && ${provider,,} == sqlite ]]; then sqlite_file=$(sqlite_file_from_connection_string "$connection"); fi
  sqlite_file=${sqlite_file:-bakeryops.db}
  [[ $sqlite_file == /* ]] || sqlite_file=$data_dir/$sqlite_file
  command -v sqlite3 >/dev/null || die "sqlite3 is missing (Debian: apt-get install sqlite3)"
else
  [[ -z $sqlite_file ]] || die "--sqlite is for a backup of a SQLite database; $from holds a PostgreSQL dump"
  if [[ -n $connection ]]; then pg_env_from_connection_string "$connection"; fi
  [[ -n ${PGDATABASE:-} ]] || die "no database: pass --connection, set Database__ConnectionString or PGDATABASE"
  for tool in pg_restore psql; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install postgresql-client)"
  done
fi
has_lake=0
[[ -f $from/$BACKUP_LAKE_ARCHIVE ]] && has_lake=1
if ((has_lake)) && [[ -z $lake_dir ]]; then
  if [[ -n $lake_folder_path ]]; then
    [[ $lake_folder_path == /* ]] && lake_dir=$lake_folder_path || lake_dir=$data_dir/$lake_folder_path
  else
    lake_dir=$data_dir/lake
  fi
fi
((has_lake == 0)) || command -v jq >/dev/null || die "jq is needed to check the restored lake (Debian: apt-get install jq)"

log "checking $BACKUP_SUMS of $from"
(cd "$from" && sha256sum --check --quiet --strict "$BACKUP_SUMS") || die "the backup's files do not match $BACKUP_SUMS: it is damaged"

# ---- the targets must be empty unless --force --------------------------------------------------
non_empty() { [[ -d $1 ]] && [[ -n $(find "$1" -mindepth 1 -maxdepth 1 -print -quit) ]]; }
refusals=()
if [[ -n $sqlite_file ]]; then
  [[ ! -e $sqlite_file ]] || refusals+=("the SQLite database $sqlite_file exists")
else
  objects=$(psql -XAtq --dbname="$PGDATABASE" -c "
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      AND n.nspname NOT LIKE 'pg_temp%'") || die "cannot connect to database $PGDATABASE"
  ((objects == 0)) || refusals+=("database $PGDATABASE holds $objects tables, views or sequences")
fi
! non_empty "$data_dir" || refusals+=("data directory $data_dir is not empty")
if ((has_lake)) && [[ $lake_dir != "$data_dir"/* ]] && non_empty "$lake_dir"; then refusals+=("lake folder $lake_dir is not empty"); fi
if ((${#refusals[@]})); then
  if ((force == 0)); then
    printf '[restore] refused: %s\n' "${refusals[@]}" >&2
    die "the target is not empty; pass --force to restore over it"
  fi
  printf '[restore] --force: restoring over it although %s\n' "${refusals[@]}"
fi

# ---- database ----------------------------------------------------------------------------------
umask 077
mkdir -p "$data_dir"
if [[ -n $sqlite_file ]]; then
  check=$(sqlite3 -bail "$from/$BACKUP_SQLITE" 'PRAGMA integrity_check')
  [[ $check == ok ]] || die "the backup's $BACKUP_SQLITE fails SQLite's integrity check: $check"
  log "SQLite database $sqlite_file <- $BACKUP_SQLITE"
  mkdir -p "$(dirname "$sqlite_file")"
  # Whole or not at all: copied beside the target, then renamed over it; the old file's WAL must not outlive it.
  cp "$from/$BACKUP_SQLITE" "$sqlite_file.restoring"
  rm -f "$sqlite_file-wal" "$sqlite_file-shm" "$sqlite_file-journal"
  mv -f "$sqlite_file.restoring" "$sqlite_file"
  tables=$(sqlite3 -bail "$sqlite_file" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  log "database: $tables tables"
else
  restore_args=(--no-owner --exit-on-error --single-transaction --dbname="$PGDATABASE")
  ((force == 0)) || restore_args+=(--clean --if-exists)
  ((no_privileges == 0)) || restore_args+=(--no-privileges)
  log "database $PGDATABASE on ${PGHOST:-local socket}:${PGPORT:-5432} <- $BACKUP_DUMP"
  pg_restore "${restore_args[@]}" "$from/$BACKUP_DUMP"
  # pg_restore brings no planner statistics; without them the first queries plan as if every table were empty
  psql -XAtq --dbname="$PGDATABASE" -c 'ANALYZE' >/dev/null
  tables=$(psql -XAtq --dbname="$PGDATABASE" -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
  log "database: $tables tables"
fi

# ---- files -------------------------------------------------------------------------------------
log "data directory $data_dir <- $BACKUP_DATA_ARCHIVE"
tar -C "$data_dir" --no-same-owner -xzf "$from/$BACKUP_DATA_ARCHIVE"
lake_ok=1
if ((has_lake)); then
  mkdir -p "$lake_dir"
  log "lake $lake_dir <- $BACKUP_LAKE_ARCHIVE"
  tar -C "$lake_dir" --no-same-owner -xzf "$from/$BACKUP_LAKE_ARCHIVE"
  report=$(lake_verify "$lake_dir") || lake_ok=0
  printf '%s\n' "$report" | sed 's/^/[restore] /'
fi
if [[ -n $owner ]]; then
  chown -R "$owner" "$data_dir"
  if [[ -n $sqlite_file ]]; then chown "$owner" "$sqlite_file"; fi
  if ((has_lake)); then chown -R "$owner" "$lake_dir"; fi
fi
((lake_ok)) || die "the restored lake has manifests that do not verify (above; the backup's $BACKUP_LAKE_REPORT shows whether it did then)"
log "done: start the portal on database ${sqlite_file:-$PGDATABASE} and data directory $data_dir"
