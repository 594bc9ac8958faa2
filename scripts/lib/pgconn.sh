# shellcheck shell=bash
# scripts/lib/pgconn.sh — the portal's PostgreSQL connection string as libpq environment variables (sourced).
# Used by scripts/backup.sh and scripts/restore.sh.
#
#   pg_env_from_connection_string CS   exports PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (and PGSSLMODE) from an
#                                      Npgsql connection string ("Host=db;Port=5432;Username=app;Password=…;Database=x"),
#                                      the form Database:ConnectionString (Database__ConnectionString) takes.
#
# The password travels in the environment, never on a command line (where `ps` would show it). Values cannot hold
# ';' (Npgsql's quoting is not parsed): such a site sets the PG* variables itself and passes no connection string.

declare -F die >/dev/null || die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

pg_env_from_connection_string() {
  local cs=$1 part key value
  local -a parts
  IFS=';' read -r -a parts <<<"$cs"
  for part in "${parts[@]}"; do
    [[ $part =~ ^[[:space:]]*$ ]] && continue
    [[ $part == *=* ]] || die "the connection string has a part without '=' (values with ';' are not supported: set PG* variables instead)"
    key=${part%%=*}
    value=${part#*=}
    key=$(tr -d '[:space:]' <<<"$key" | tr '[:upper:]' '[:lower:]')
    case $key in
      host | server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      username | userid | user) export PGUSER=$value ;;
      password | pwd) export PGPASSWORD=$value ;;
      database | db) export PGDATABASE=$value ;;
      sslmode)
        PGSSLMODE=$(tr -d '[:space:]' <<<"$value" | tr '[:upper:]' '[:lower:]')
        case $PGSSLMODE in verifyca) PGSSLMODE=verify-ca ;; verifyfull) PGSSLMODE=verify-full ;; esac
        export PGSSLMODE
        ;;
      *) ;; # pooling, timeouts and the like mean nothing to pg_dump/pg_restore
    esac
  done
  [[ -n ${PGDATABASE:-} ]] || die "the connection string names no Database"
}
