# shellcheck shell=bash
# scripts/lib/postgres.sh — a throwaway PostgreSQL cluster on a free 127.0.0.1 port (sourced, not executed).
# Used by scripts/test.sh and scripts/benchmark-api.sh. Needs scripts/lib/common.sh (sourced here when missing).
#
#   pg_installed            true when a PostgreSQL server (initdb) is installed under /usr/lib/postgresql
#   pg_start DIR [OPT...]   initdb + start a cluster in DIR/pg (data in DIR/pg/data, log in DIR/pg/server.log,
#                           socket in DIR/pg); DIR must be traversable by the postgres user (chmod 711).
#                           OPTs are extra server options, e.g. -c fsync=on (later ones win).
#                           Sets PGBIN, PG_DIR, PGDATA_DIR, PG_PORT, PG_PASSWORD (superuser "postgres").
#   pg_psql ARGS...         psql as the superuser over TCP to database "postgres" (add -d NAME to change)
#   pg_stop                 stop the cluster (fast, then immediate); no-op when none was started
#   as_pg CMD...            run CMD as the postgres user when root, else as the current user
#
# The default server options favour speed over durability (fsync, synchronous_commit and full_page_writes off):
# the cluster is thrown away on exit.

# shellcheck source=scripts/lib/common.sh
declare -F free_port >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Never inherited from the environment: pg_stop must only ever stop the cluster pg_start made.
PGBIN="" PG_DIR="" PGDATA_DIR="" PG_PORT="" PG_PASSWORD=""

as_pg() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_installed() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }

pg_start() {
  local dir=$1; shift
  PGBIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_DIR="$dir/pg"
  PGDATA_DIR="$PG_DIR/data"
  PG_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  mkdir -p "$PG_DIR"
  printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pwfile"
  if ((EUID == 0)); then chown -R postgres:postgres "$PG_DIR"; fi
  chmod 700 "$PG_DIR"
  as_pg test -x "$PG_DIR" || die "postgres cannot reach $dir (a parent dir is not traversable; set TMPDIR=/tmp)"
  as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --pwfile="$PG_DIR/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  PG_PORT=$(free_port) || die "no free port for PostgreSQL"
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off $*" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
  pg_psql -c 'select 1' >/dev/null || die "PostgreSQL does not accept the generated credentials"
}

pg_psql() { PGPASSWORD=$PG_PASSWORD "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtq "$@"; }

pg_stop() {
  if [[ -n $PGDATA_DIR && -f $PGDATA_DIR/postmaster.pid ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 10 stop >/dev/null 2>&1
  fi
  return 0
}
