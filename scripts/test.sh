#!/usr/bin/env bash
# scripts/test.sh — THE BakeryOps test command (also what .ci/run executes).
#
# On Debian 12 (as root; needs only the .NET SDK, Node/npm and apt) it:
#   1. apt-installs what is missing: postgresql, slapd + ldap-utils, chromium + fonts-dejavu-core, curl, nodejs/npm,
#      and the linters (packages shellcheck, systemd for systemd-analyze); then scripts/check-deploy.sh lints deploy/ and the shell scripts
#   2. starts a throwaway PostgreSQL cluster on a free 127.0.0.1 port  -> BAKERYOPS_TEST_PG (admin conn string)
#      and a throwaway OpenLDAP slapd with a test CA (LDAPS + StartTLS)  -> BAKERYOPS_TEST_LDAP_*
#   3. starts s3rver (pinned by scripts/s3rver/package-lock.json) on a free port -> BAKERYOPS_TEST_S3_*
#   4. dotnet tool restore + build (Release) + "no pending EF model changes" gate for both contexts + the committed
#      PostgreSQL schema script (deploy/sql) holds what `dotnet ef migrations script --idempotent` writes
#   5. dotnet test (trx + console loggers) into ./TestResults, then prints "N passed, N failed"
# Everything started here is stopped and the temp dir removed on exit.
#
# Usage:  ./scripts/test.sh [extra dotnet test args, e.g. --filter Category=Browser]
#         BAKERYOPS_SKIP_BUILD=1 ./scripts/test.sh ...   # reuse the last Release build (skips build + EF gate)
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SLN=BakeryOps.sln
EF_PROJECT=BakeryOps.Infrastructure
EF_CONTEXTS=(SqliteBakeryOpsDbContext PostgresBakeryOpsDbContext)

T0=$SECONDS
log() { printf '[test %ss] %s\n' $((SECONDS - T0)) "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }
trap 'rc=$?; log "failed (rc=$rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

WORK=""
S3_PID=""

# as_root, free_port (common.sh); pg_installed, pg_start, pg_stop, as_pg (postgres.sh)
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
# shellcheck source=scripts/lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source=scripts/lib/slapd.sh
source "$REPO/scripts/lib/slapd.sh"

cleanup() {
  local rc=$?
  trap - ERR
  set +e
  stop_process "$S3_PID" 50
  pg_stop
  slapd_stop
  if [[ -n $WORK && -d $WORK ]]; then
    if ((rc != 0)) && [[ -n ${BAKERYOPS_TEST_RESULTS:-} && -d ${BAKERYOPS_TEST_RESULTS:-} ]]; then
      # keep the service logs for diagnosis; the temp dir itself goes away
      mkdir -p "$BAKERYOPS_TEST_RESULTS/service-logs"
      cp -f "$WORK/pg/server.log" "$WORK/s3rver.log" "$WORK/slapd/slapd.log" "$BAKERYOPS_TEST_RESULTS/service-logs/" 2>/dev/null
    fi
    rm -rf "$WORK"
  fi
  log "cleanup done (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 1. OS packages (no-ops when already present) -------------------------------------------
need_pg=(); need_other=()
pg_installed || need_pg+=(postgresql)
need_slapd=(); slapd_installed || need_slapd+=(slapd ldap-utils)
[[ -x /usr/bin/chromium ]] || need_other+=(chromium fonts-dejavu-core)
command -v curl >/dev/null || need_other+=(curl ca-certificates)
command -v node >/dev/null || need_other+=(nodejs npm)
# jq: scripts/backup.sh and restore.sh read the lake's manifests with it (BackupRestoreTests)
command -v jq >/dev/null || need_other+=(jq)
# sqlite3: scripts/backup.sh and restore.sh copy the embedded mode's database with it (SqliteBackupRestoreTests)
command -v sqlite3 >/dev/null || need_other+=(sqlite3)
command -v shellcheck >/dev/null || need_other+=(shellcheck)
command -v systemd-analyze >/dev/null || need_other+=(systemd)
# nginx (not started): scripts/check-deploy.sh runs nginx -t on deploy/nginx/*.conf
need_quiet=(); command -v nginx >/dev/null && command -v openssl >/dev/null || need_quiet+=(nginx openssl)
if ((${#need_pg[@]} + ${#need_other[@]} + ${#need_slapd[@]} + ${#need_quiet[@]})); then
  log "apt-get install ${need_pg[*]} ${need_other[*]} ${need_slapd[*]} ${need_quiet[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  if ((${#need_pg[@]})); then as_root apt-get install -y -qq --no-install-recommends "${need_pg[@]}" >/dev/null; fi
  if ((${#need_other[@]})); then as_root apt-get install -y -qq "${need_other[@]}" >/dev/null; fi
  if ((${#need_slapd[@]})); then slapd_install; fi
  if ((${#need_quiet[@]})); then apt_install_without_starting "${need_quiet[@]}"; fi
  log "apt-get done"
fi
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium missing after install"

# ---- 1b. deployment files and shell scripts: systemd-analyze verify, shellcheck (seconds; fails before the build) ----
"$REPO/scripts/check-deploy.sh" || die "scripts/check-deploy.sh failed"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# no MSBuild/compiler servers outliving the run (they would be left-behind processes)
export MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE:-1} DOTNET_CLI_USE_MSBUILD_SERVER=${DOTNET_CLI_USE_MSBUILD_SERVER:-0}
export UseSharedCompilation=${UseSharedCompilation:-false}
export CHROMIUM_PATH=/usr/bin/chromium
export BAKERYOPS_TEST_RESULTS="$REPO/TestResults"
rm -rf "$BAKERYOPS_TEST_RESULTS"   # stale .trx files would falsify the summary
mkdir -p "$BAKERYOPS_TEST_RESULTS"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-test.XXXXXX")
chmod 711 "$WORK"   # postgres must be able to traverse into it (mktemp makes 0700)

# ---- 2. PostgreSQL: throwaway cluster, 127.0.0.1:<free port> --------------------------------
pg_start "$WORK"
export BAKERYOPS_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=postgres"
export BAKERYOPS_TEST_PSQL="$PGBIN/psql"   # the DBA's scripts (deploy/sql) are psql scripts
log "postgres up on 127.0.0.1:$PG_PORT ($("$PGBIN/postgres" --version | awk '{print $NF}'))"

# ---- 2b. slapd: throwaway directory with its own CA, ldap:// (StartTLS) and ldaps:// on 127.0.0.1 ----
slapd_start "$WORK"
export BAKERYOPS_TEST_LDAP_URL="ldaps://127.0.0.1:$SLAPD_LDAPS_PORT" \
  BAKERYOPS_TEST_LDAP_STARTTLS_URL="ldap://127.0.0.1:$SLAPD_LDAP_PORT" \
  BAKERYOPS_TEST_LDAP_WRONG_NAME_URL="ldaps://127.0.0.2:$SLAPD_LDAPS_PORT" \
  BAKERYOPS_TEST_LDAP_CA_CERT="$SLAPD_DIR/ca.crt" \
  BAKERYOPS_TEST_LDAP_BASE_DN="$SLAPD_BASE_DN" \
  BAKERYOPS_TEST_LDAP_BIND_DN="$SLAPD_READER_DN" BAKERYOPS_TEST_LDAP_BIND_PASSWORD="$SLAPD_READER_PASSWORD" \
  BAKERYOPS_TEST_LDAP_ADMIN_DN="$SLAPD_ADMIN_DN" BAKERYOPS_TEST_LDAP_ADMIN_PASSWORD="$SLAPD_ADMIN_PASSWORD"
log "slapd up on 127.0.0.1:$SLAPD_LDAP_PORT (StartTLS) and :$SLAPD_LDAPS_PORT (LDAPS)"

# ---- 3. s3rver (npm, pinned by scripts/s3rver/package-lock.json) + aws-chunked shim ----------
S3DIR="$REPO/scripts/s3rver"
# npm ci wipes and reinstalls; skip it when a previous npm ci completed against the same lock file.
if [[ -f $S3DIR/node_modules/.package-lock.json && $S3DIR/node_modules/.package-lock.json -nt $S3DIR/package-lock.json ]]; then
  log "s3rver already installed (npm ci skipped)"
else
  (cd "$S3DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci in $S3DIR failed"
  log "s3rver installed (npm ci)"
fi
mkdir -p "$WORK/s3data"
S3_PORT=$(free_port) || die "no free port for s3rver"
node --openssl-legacy-provider "$S3DIR/s3rver-shim.js" "$WORK/s3data" "$S3_PORT" 127.0.0.1 \
  >"$WORK/s3rver.log" 2>&1 </dev/null &
S3_PID=$!
deadline=$((SECONDS + 30))
until curl -fs -o /dev/null "http://127.0.0.1:$S3_PORT/"; do
  kill -0 "$S3_PID" 2>/dev/null || { cat "$WORK/s3rver.log" >&2; die "s3rver exited"; }
  ((SECONDS < deadline)) || { cat "$WORK/s3rver.log" >&2; die "s3rver did not answer within 30 s"; }
  sleep 0.2
done
export BAKERYOPS_TEST_S3_URL="http://127.0.0.1:$S3_PORT" BAKERYOPS_TEST_S3_ACCESS_KEY=S3RVER BAKERYOPS_TEST_S3_SECRET_KEY=S3RVER
log "s3rver up on 127.0.0.1:$S3_PORT"

# ---- 4. build + EF model gate ---------------------------------------------------------------
cd "$REPO"
if [[ ${BAKERYOPS_SKIP_BUILD:-0} == 1 ]]; then
  log "BAKERYOPS_SKIP_BUILD=1: build and EF model check skipped"
else
  dotnet tool restore >/dev/null
  log "dotnet tool restore done"
  dotnet build "$SLN" -c Release
  log "build done"
  for ctx in "${EF_CONTEXTS[@]}"; do
    dotnet ef migrations has-pending-model-changes -p "$EF_PROJECT" -s "$EF_PROJECT" -c "$ctx" --no-build --configuration Release \
      || die "$ctx has model changes without a migration (or the check failed)"
  done
  log "EF: no pending model changes (${EF_CONTEXTS[*]})"
  # deploy/sql/bakeryops-postgres.sql holds the EF CLI's idempotent script between two marker lines (its test compares
  # the whole file with the portal's generator; this proves the generator's EF part is what the CLI writes).
  dotnet ef migrations script --idempotent -p "$EF_PROJECT" -s "$EF_PROJECT" -c PostgresBakeryOpsDbContext --no-build \
    --configuration Release -o "$WORK/ef-idempotent.sql" >/dev/null
  sed -n '/^-- >>> dotnet ef migrations script/,/^-- <<< dotnet ef migrations script/{//!p}' deploy/sql/bakeryops-postgres.sql \
    | diff -u <(sed '1s/^\xEF\xBB\xBF//' "$WORK/ef-idempotent.sql") - >"$WORK/ef-idempotent.diff" \
    || { head -40 "$WORK/ef-idempotent.diff" >&2; die "deploy/sql/bakeryops-postgres.sql differs from dotnet ef migrations script --idempotent (run scripts/generate-postgres-schema.sh)"; }
  log "EF: deploy/sql/bakeryops-postgres.sql holds the CLI's idempotent script"
fi

# ---- 5. tests -------------------------------------------------------------------------------
log "dotnet test $*"
test_rc=0
dotnet test "$SLN" -c Release --no-build --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" \
  --results-directory "$BAKERYOPS_TEST_RESULTS" "$@" || test_rc=$?
log "dotnet test finished (rc=$test_rc)"

total=0 passed=0 failed=0
counter() { local v; v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2" | head -1); echo "${v:-0}"; }
while IFS= read -r -d '' trx; do
  c=$(grep -o '<Counters [^>]*>' "$trx" | head -1) || continue
  total=$((total + $(counter total "$c")))
  passed=$((passed + $(counter passed "$c")))
  failed=$((failed + $(counter failed "$c") + $(counter error "$c")))
done < <(find "$BAKERYOPS_TEST_RESULTS" -name '*.trx' -print0)
echo "$passed passed, $failed failed"
# The console logger names a failure where it happens, thousands of lines up; CI may show only the tail.
while IFS= read -r -d '' trx; do
  awk '
    /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); gsub(/&quot;/, "\"", name); failing = 1; lines = 0
      print "FAILED " name
    }
    failing && /<Message>/ { inmessage = 1; sub(/.*<Message>/, "") }
    failing && inmessage {
      done = sub(/<\/Message>.*/, "")
      gsub(/&lt;/, "<"); gsub(/&gt;/, ">"); gsub(/&quot;/, "\""); gsub(/&apos;/, "\047"); gsub(/&amp;/, "\\&")
      if (lines++ < 6) print "  " $0
      if (done) { inmessage = 0; failing = 0 }
    }
    /<\/UnitTestResult>/ { failing = 0; inmessage = 0 }
  ' "$trx"
done < <(find "$BAKERYOPS_TEST_RESULTS" -name '*.trx' -print0)
((test_rc == 0)) || exit "$test_rc"
((failed == 0)) || exit 1
((total > 0)) || die "no tests ran"
