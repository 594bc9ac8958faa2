# shellcheck shell=bash
# scripts/lib/backup-common.sh — what scripts/backup.sh and scripts/restore.sh share (sourced, not executed).
#
#   env_file_value FILE KEY   prints KEY's value from a systemd EnvironmentFile (KEY=VALUE lines, optional quotes);
#                             the file is read, never sourced, so nothing in it runs
#   sqlite_file_from_connection_string CS   prints the file of a Microsoft.Data.Sqlite connection string (Data Source)
#   sql_literal TEXT          prints TEXT as an SQL string literal
#   BACKUP_DATA_ARCHIVE, BACKUP_LAKE_ARCHIVE, BACKUP_DUMP, BACKUP_SQLITE, BACKUP_SUMS, BACKUP_INFO   the file names
#
# A backup is one directory (mode 0700, files 0600: the dump holds password hashes and data-protection keys):
#   database.dump        pg_dump custom format (-Fc) of the portal's PostgreSQL database, or
#   database.sqlite      a consistent copy of the embedded SQLite database (VACUUM INTO, taken while it runs)
#   data.tar.gz          the data directory without what the portal recreates or what is elsewhere: logs/, ldap-ca/
#                        (a copy of Ldap:CaCertificatePath made at start), the SQLite files, and the lake folder
#   lake.tar.gz          the folder lake (Lake:Store=Folder), without unfinished uploads (.uploads/); absent for S3
#   lake-verification.txt  the manifests' check of the lake as it was archived
#   backup.info          when, from which server and database, with which pg_dump
#   SHA256SUMS           the hash of every file above; restore.sh checks it first

# shellcheck disable=SC2034 # read by backup.sh and restore.sh, which source this file
BACKUP_DUMP=database.dump
BACKUP_SQLITE=database.sqlite
BACKUP_DATA_ARCHIVE=data.tar.gz
BACKUP_LAKE_ARCHIVE=lake.tar.gz
BACKUP_LAKE_REPORT=lake-verification.txt
BACKUP_INFO=backup.info
BACKUP_SUMS=SHA256SUMS

env_file_value() {
  local file=$1 key=$2 line value
  [[ -r $file ]] || die "cannot read the environment file $file"
  value=""
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line#"${line%%[![:space:]]*}"}
    [[ $line == "$key="* ]] || continue
    value=${line#"$key="}
    if [[ $value == \"*\" || $value == \'*\' ]]; then value=${value:1:${#value}-2}; fi
  done <"$file"
  printf '%s' "$value"
}

sqlite_file_from_connection_string() {
  local part key file="" parts
  IFS=';' read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    key=${part%%=*}
    key=$(printf '%s' "$key" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')
    case $key in
      datasource | filename) file=${part#*=}; file=${file#"${file%%[![:space:]]*}"}; file=${file%"${file##*[![:space:]]}"} ;;
    esac
  done
  if [[ $file == \"*\" || $file == \'*\' ]]; then file=${file:1:${#file}-2}; fi
  printf '%s' "$file"
}

sql_literal() {
  local quote="'"
  printf "'%s'" "${1//$quote/$quote$quote}"
}
