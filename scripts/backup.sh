#!/usr/bin/env bash
# scripts/backup.sh — backs up a BakeryOps portal: the database (PostgreSQL: pg_dump custom format; the embedded
# SQLite database: a consistent copy taken while it runs), the data directory's state (development signing key, JDE
# simulator snapshot, …) and, when the lake is a folder, the lake after checking every manifest. Restore with
# scripts/restore.sh. Run with --help for the options.
set -Eeuo pipefail

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[backup] %s\n' "$*"; }
die() { printf '[backup] ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/lib/backup-common.sh
source "$SCRIPTS/lib/backup-common.sh"
# shellcheck source=scripts/lib/pgconn.sh
source "$SCRIPTS/lib/pgconn.sh"
# shellcheck source=scripts/lib/lake-verify.sh
source "$SCRIPTS/lib/lake-verify.sh"

usage() {
  cat <<'EOF'
Usage: scripts/backup.sh [options]

Writes one backup directory, OUTPUT/bakeryops-YYYYMMDDTHHMMSSZ, readable by its owner only:
  database.dump          pg_dump -Fc of the portal's PostgreSQL database (users, data-protection keys, sync
                         cursors, dispatches, reconciliation snapshots, the Quartz tables when clustered), or
  database.sqlite        the embedded SQLite database, copied consistently while the portal runs (VACUUM INTO)
  data.tar.gz            the data directory without logs/, ldap-ca/, SQLite files and the lake folder
  lake.tar.gz            the folder lake, after every manifest was checked (not for an S3 lake)
  lake-verification.txt  that check's result
  backup.info, SHA256SUMS
Prints the directory's path on the last line. Exits non-zero when anything fails, including a lake manifest
that does not verify (the backup is still written, for the record).

Options:
  --env-file FILE        read Database__Provider, Database__ConnectionString, BAKERYOPS_DATA_DIR and
                         Lake__FolderPath from the portal's EnvironmentFile (for example
                         /etc/bakeryops/bakeryops.env); options given on the command line win
  --connection CS        the portal's Npgsql connection string (default: $Database__ConnectionString; without
                         one, the PG* variables of libpq: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)
  --sqlite FILE          back up this SQLite database instead (default, when no PostgreSQL database is named:
                         DATA/bakeryops.db, the embedded mode's, if it exists)
  --data-dir DIR         the portal's data directory (default: $BAKERYOPS_DATA_DIR)
  --lake DIR             the folder lake's root (default: Lake__FolderPath, relative to the data directory,
                         else DATA/lake when it exists)
  --no-lake              leave the folder lake out (it is backed up by other means)
  --output DIR           where the backup directory is created (default: ./backups)
  -h, --help             this text

The database user needs to read every table (the owner role, or a role with SELECT on all of them). For a
backup that is exactly consistent between database and lake, stop the portal (systemctl stop
bakeryops-portal) or run it in a quiet period: the dump is one snapshot, the files are copied after it.
Needs pg_dump of the server's major version or newer (Debian: postgresql-client) or, for SQLite, sqlite3
3.27 or newer; tar, and jq for the lake.
EOF
}

connection=${Database__ConnectionString:-}
provider=${Database__Provider:-}
sqlite_file=""
data_dir=${BAKERYOPS_DATA_DIR:-}
lake_dir=""
lake_folder_path=${Lake__FolderPath:-}
no_lake=0
output=./backups
env_file=""
while (($#)); do
  case $1 in
    --env-file) env_file=${2:?--env-file needs a file}; shift 2 ;;
    --connection) connection_arg=${2:?--connection needs a connection string}; shift 2 ;;
    --sqlite) sqlite_file=${2:?--sqlite needs a file}; shift 2 ;;
    --data-dir) data_dir_arg=${2:?--data-dir needs a directory}; shift 2 ;;
    --lake) lake_dir=${2:?--lake needs a directory}; shift 2 ;;
    --no-lake) no_lake=1; shift ;;
    --output) output=${2:?--output needs a directory}; shift 2 ;;
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

[[ -n $data_dir ]] || die "no data directory: pass --data-dir or set BAKERYOPS_DATA_DIR"
[[ -d $data_dir ]] || die "the data directory $data_dir does not exist"
data_dir=$(cd "$data_dir" && pwd)
# Which database: --sqlite, or the portal's own settings saying SQLite, or a PostgreSQL one named, or the embedded
# default's file in the data directory.
if [[ -z $sqlite_file && ${provider,,} == sqlite && -z ${connection_arg:-} ]]; then
  sqlite_file=$(sqlite_file_from_connection_string "$connection")
  [[ -n $sqlite_file ]] || sqlite_file=$data_dir/bakeryops.db
elif [[ -z $sqlite_file && -z $connection && -z ${PGDATABASE:-} && -f $data_dir/bakeryops.db ]]; then
  sqlite_file=$data_dir/bakeryops.db
fi
if [[ -n $sqlite_file ]]; then
  [[ $sqlite_file == /* ]] || sqlite_file=$data_dir/$sqlite_file
  [[ -f $sqlite_file ]] || die "the SQLite database $sqlite_file does not exist"
  command -v sqlite3 >/dev/null || die "sqlite3 is missing (Debian: apt-get install sqlite3)"
else
  if [[ -n $connection ]]; then pg_env_from_connection_string "$connection"; fi
  [[ -n ${PGDATABASE:-} ]] || die "no database: pass --connection, set Database__ConnectionString or PGDATABASE (or --sqlite FILE)"
  command -v pg_dump >/dev/null || die "pg_dump is missing (Debian: apt-get install postgresql-client)"
fi

if ((no_lake == 0)) && [[ -z $lake_dir ]]; then
  if [[ -n $lake_folder_path ]]; then
    [[ $lake_folder_path == /* ]] && lake_dir=$lake_folder_path || lake_dir=$data_dir/$lake_folder_path
  elif [[ -d $data_dir/lake ]]; then
    lake_dir=$data_dir/lake
  fi
fi
if [[ -n $lake_dir ]]; then
  [[ -d $lake_dir ]] || die "the lake folder $lake_dir does not exist (pass --no-lake for an S3 lake)"
  lake_dir=$(cd "$lake_dir" && pwd)
  command -v jq >/dev/null || die "jq is needed to check the lake's manifests (Debian: apt-get install jq)"
fi

umask 077
mkdir -p "$output"
target=$(cd "$output" && pwd)/bakeryops-$(date -u +%Y%m%dT%H%M%SZ)
[[ ! -e $target ]] || die "$target exists already (two backups in one second?)"
mkdir "$target"
trap 'log "failed at line $LINENO: $BASH_COMMAND"; log "the incomplete backup $target is left for inspection"' ERR

excludes=(--exclude=./logs --exclude=./ldap-ca --exclude='./bakeryops.db' --exclude='./bakeryops.db-*')
if [[ -n $sqlite_file ]]; then
  log "SQLite database $sqlite_file -> $BACKUP_SQLITE"
  # One read transaction, so the copy is consistent while the portal writes (WAL); waits out a writer's lock.
  sqlite3 -bail -cmd '.timeout 30000' "$sqlite_file" "VACUUM INTO $(sql_literal "$target/$BACKUP_SQLITE")"
  check=$(sqlite3 -bail "$target/$BACKUP_SQLITE" 'PRAGMA integrity_check')
  [[ $check == ok ]] || die "the copy of $sqlite_file fails SQLite's integrity check: $check"
  tables=$(sqlite3 -bail "$target/$BACKUP_SQLITE" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  log "database: $tables tables ($(du -h "$target/$BACKUP_SQLITE" | cut -f1))"
  if [[ $sqlite_file == "$data_dir"/* ]]; then
    relative=${sqlite_file#"$data_dir"/}
    excludes+=("--exclude=./$relative" "--exclude=./$relative-*")
  fi
else
  log "database $PGDATABASE on ${PGHOST:-local socket}:${PGPORT:-5432} -> $BACKUP_DUMP"
  pg_dump --format=custom --compress=6 --file="$target/$BACKUP_DUMP" --dbname="$PGDATABASE"
  # a dump that pg_restore cannot list is no backup
  pg_restore --list "$target/$BACKUP_DUMP" >/dev/null
  tables=$(pg_restore --list "$target/$BACKUP_DUMP" | grep -c ' TABLE DATA ' || true)
  log "database: $tables tables ($(du -h "$target/$BACKUP_DUMP" | cut -f1))"
fi

if [[ -n $lake_dir && $lake_dir == "$data_dir"/* ]]; then excludes+=("--exclude=./${lake_dir#"$data_dir"/}"); fi
if [[ -d $data_dir/lake ]]; then excludes+=(--exclude=./lake); fi
log "data directory $data_dir -> $BACKUP_DATA_ARCHIVE"
tar -C "$data_dir" "${excludes[@]}" -czf "$target/$BACKUP_DATA_ARCHIVE" .

lake_ok=1
if [[ -n $lake_dir ]]; then
  log "lake $lake_dir: checking every manifest"
  lake_verify "$lake_dir" >"$target/$BACKUP_LAKE_REPORT" || lake_ok=0
  tail -n 1 "$target/$BACKUP_LAKE_REPORT" | sed 's/^/[backup] /'
  tar -C "$lake_dir" --exclude=./.uploads -czf "$target/$BACKUP_LAKE_ARCHIVE" .
  log "lake -> $BACKUP_LAKE_ARCHIVE ($(du -h "$target/$BACKUP_LAKE_ARCHIVE" | cut -f1))"
else
  log "no folder lake (an S3 lake is protected by bucket versioning, see docs/operations.md)"
fi

{
  printf 'created=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [[ -n $sqlite_file ]]; then
    printf 'provider=sqlite\nsqlite=%s\nsqlite3=%s\n' "$sqlite_file" "$(sqlite3 --version | cut -d' ' -f1)"
  else
    printf 'provider=postgres\nhost=%s\nport=%s\ndatabase=%s\n' "${PGHOST:-}" "${PGPORT:-5432}" "$PGDATABASE"
    printf 'pg_dump=%s\n' "$(pg_dump --version)"
  fi
  printf 'tables=%s\n' "$tables"
  printf 'data_dir=%s\nlake=%s\n' "$data_dir" "${lake_dir:-none}"
} >"$target/$BACKUP_INFO"
(cd "$target" && sha256sum -- * >"$BACKUP_SUMS")

if ((lake_ok == 0)); then
  sed 's/^/[backup] /' "$target/$BACKUP_LAKE_REPORT" >&2
  die "the lake has manifests that do not verify (above); the backup is in $target, but look into the lake"
fi
log "done"
printf '%s\n' "$target"
