#!/usr/bin/env bash
# scripts/benchmark-reconciliation.sh — benchmark of the reconciliation (issue 19), written to docs/benchmarks.md.
#
# A facility of BENCH_PRODUCTS lot-controlled products x BENCH_LOTS lots on PostgreSQL: the time to compute its
# reconciliation, and the JDE vs Bakery page's first render in Chromium, each against a baseline measured in the same
# command. It:
#   1. apt-installs what is missing: postgresql, chromium (+ fonts-dejavu-core, as scripts/test.sh), curl
#   2. publishes the portal (-c Release) from a private copy of the source (working tree, or HEAD with --head) and
#      builds scripts/bench/reconciliation.cs
#   3. starts a throwaway PostgreSQL (scripts/lib/postgres.sh) and seeds one database through
#      scripts/bench/reconciliation.cs (not timed): migrated by the portal's DatabaseMigrator, facility bench_recon
#      linked to branch 9100 with its products and batches, JD Edwards' balance per item and lot, the mirrored ledger
#      (3-5 rows per lot, summing to the balance), open quarantine rows (in flight) and items without a product
#   4. query: through the real DI container, warmed up, BENCH_ROUNDS rounds of the baseline (EF read of the
#      facility's products and batches), ReconciliationService.GetAsync (all lines) and GetAsync with status Variance;
#      every report is checked against the lines and status counts the data was made with
#   5. runs the published portal (Production, Jobs__SchedulerEnabled=false) on that database and, in Chromium
#      (Playwright), signed in as admin, after a warm-up visit of each page, BENCH_ROUNDS rounds of: /bakery-ops-data
#      (baseline: a light page on the same facility, to its products grid's first row) and /jde-vs-bakery (to the
#      grid's first row, tr.comparison-row, and to #comparison-ready, the circuit up); the totals shown are checked
#   6. prints a Markdown table of the medians with the ratios taken round by round, and records it in
#      docs/benchmarks.md ("Reconciliation", newest runs first)
# Everything started here is stopped and the temp dir removed on exit.
#
# Usage:  ./scripts/benchmark-reconciliation.sh [--head] [--no-docs]
# Environment (defaults): BENCH_PRODUCTS=10000 BENCH_LOTS=3 BENCH_ROUNDS=5 BENCH_KEEP_RUNS=3 (runs kept in the docs)
set -Eeuo pipefail
# shellcheck disable=SC2016 # Markdown backticks in single quotes are meant literally

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS="$REPO/docs/benchmarks.md"
PRODUCTS=${BENCH_PRODUCTS:-10000}
LOTS=${BENCH_LOTS:-3}
ROUNDS=${BENCH_ROUNDS:-5}
KEEP_RUNS=${BENCH_KEEP_RUNS:-3}
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
GOAL_SECONDS=1

SOURCE="worktree"
WRITE_DOCS=1
for arg in "$@"; do
  case $arg in
    --head) SOURCE="head" ;;
    --no-docs) WRITE_DOCS=0 ;;
    -h | --help) sed -n '2,/^set -Eeuo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done
INVOCATION="./scripts/benchmark-reconciliation.sh${*:+ $*}"
[[ $PRODUCTS == 10000 && $LOTS == 3 && $ROUNDS == 5 ]] || INVOCATION="BENCH_PRODUCTS=$PRODUCTS BENCH_LOTS=$LOTS BENCH_ROUNDS=$ROUNDS $INVOCATION"

T0=$SECONDS
log() { printf '[bench %ss] %s\n' $((SECONDS - T0)) "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }
trap 'rc=$?; log "failed (rc=$rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

# as_root, free_port, stop_process (common.sh); pg_installed, pg_start, pg_stop, pg_psql (postgres.sh)
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
# shellcheck source=scripts/lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"

WORK=""
APP_PID=""
cleanup() {
  local rc=$?
  trap - ERR
  set +e
  stop_process "$APP_PID" 100
  pg_stop
  if [[ -n $WORK && -d $WORK ]]; then
    if ((rc != 0)); then
      for f in "$WORK/portal.log" "$WORK/bench.log"; do
        [[ -s $f ]] && { echo "---- last lines of $f:" >&2; tail -n 30 "$f" >&2; }
      done
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
[[ -x $CHROMIUM ]] || need_other+=(chromium fonts-dejavu-core)
command -v curl >/dev/null || need_other+=(curl ca-certificates)
if ((${#need_pg[@]} + ${#need_other[@]})); then
  log "apt-get install ${need_pg[*]} ${need_other[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  if ((${#need_pg[@]})); then as_root apt-get install -y -qq --no-install-recommends "${need_pg[@]}" >/dev/null; fi
  if ((${#need_other[@]})); then as_root apt-get install -y -qq "${need_other[@]}" >/dev/null; fi
fi
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
[[ -x $CHROMIUM ]] || die "$CHROMIUM missing after install (set CHROMIUM_PATH)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-recon-bench.XXXXXX")
chmod 711 "$WORK"   # postgres must be able to traverse into it

# ---- 2. a private copy of the source, published -----------------------------------------------
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
mkdir -p "$WORK/src"
if [[ $SOURCE == head ]]; then
  git -C "$REPO" archive HEAD | tar -x -C "$WORK/src"
  SOURCE_DESC="commit $COMMIT (--head)"
else
  (cd "$REPO" && git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -c 2>/dev/null) | tar -x -C "$WORK/src"
  if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=normal -- '*.cs' '*.csproj' '*.razor' '*.json' '*.props' 2>/dev/null) ]]; then
    SOURCE_DESC="working tree at $COMMIT + uncommitted changes"
  else
    SOURCE_DESC="working tree at $COMMIT (no uncommitted code changes)"
  fi
fi
log "dotnet publish BakeryOps.Portal -c Release ($SOURCE_DESC)"
dotnet publish "$WORK/src/BakeryOps.Portal" -c Release -o "$WORK/app" >"$WORK/publish.log" 2>&1 \
  || { tail -n 40 "$WORK/publish.log" >&2; die "dotnet publish failed"; }
BENCH_APP="$WORK/src/scripts/bench/reconciliation.cs"
log "dotnet build scripts/bench/reconciliation.cs -c Release"
dotnet build "$BENCH_APP" -c Release >"$WORK/bench-build.log" 2>&1 \
  || { tail -n 40 "$WORK/bench-build.log" >&2; die "building scripts/bench/reconciliation.cs failed"; }
bench() { dotnet run --no-build -c Release "$BENCH_APP" -- "$@" 2>>"$WORK/bench.log"; }

# ---- 3. PostgreSQL and the data (not timed) ---------------------------------------------------
pg_start "$WORK"
PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
DATABASE=bakeryops_recon
pg_psql -c "create database $DATABASE" >/dev/null
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=$DATABASE"
log "postgres $PG_VERSION up on 127.0.0.1:$PG_PORT (fsync and synchronous_commit off, as in scripts/test.sh)"
log "seeding $PRODUCTS products x $LOTS lots"
bench seed "$CONNECTION" "$WORK/run" "$PRODUCTS" "$LOTS" || die "seeding failed (see the bench log above)"
log "$(tail -n 1 "$WORK/bench.log")"
count() { pg_psql -d "$DATABASE" -c "select count(*) from $1"; }
LEDGER_ROWS=$(count jde_cardex)
BALANCE_ROWS=$(count jde_item_balances)
IN_FLIGHT=$(count "sync_quarantine where resolved_at is null")
BATCHES=$(count bakery_ops_batches)

# ---- 4. query ---------------------------------------------------------------------------------
RESULTS="$WORK/results.tsv"
log "query: warm-up, then $ROUNDS rounds of baseline, report, variance"
bench query "$CONNECTION" "$WORK/run" "$PRODUCTS" "$LOTS" "$ROUNDS" >"$RESULTS" || die "the query benchmark failed (see the bench log above)"
cat "$RESULTS"

# ---- 5. the page in Chromium ------------------------------------------------------------------
APP_PORT=$(free_port) || die "no free port for the portal"
BASE="http://127.0.0.1:$APP_PORT"
ADMIN_PASSWORD="Bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-Aa1!"
mkdir -p "$WORK/data"
(
  cd "$WORK/app"
  exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" \
    PG_DATABASE_URL="postgresql://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/$DATABASE" \
    SECRET_KEY="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" \
    BAKERYOPS_ADMIN_PASSWORD="$ADMIN_PASSWORD" BAKERYOPS_DATA_DIR="$WORK/data" Jobs__SchedulerEnabled=false \
    Serilog__MinimumLevel__Default=Warning \
    dotnet BakeryOps.Portal.dll
) >"$WORK/portal.log" 2>&1 </dev/null &
APP_PID=$!
deadline=$((SECONDS + 120))
until curl -fs -o /dev/null "$BASE/health/ready"; do
  kill -0 "$APP_PID" 2>/dev/null || die "the portal exited during start"
  ((SECONDS < deadline)) || die "the portal was not ready within 120 s"
  sleep 0.3
done
log "portal ready on $BASE (pid $APP_PID); page: warm-up, then $ROUNDS rounds of /bakery-ops-data and /jde-vs-bakery"
bench page "$BASE" "$ADMIN_PASSWORD" "$PRODUCTS" "$LOTS" "$ROUNDS" "$CHROMIUM" >"$WORK/page.tsv" || die "the page benchmark failed (see the bench log above)"
cat "$WORK/page.tsv"
cat "$WORK/page.tsv" >>"$RESULTS"

# ---- 6. report --------------------------------------------------------------------------------
# columns: mode round firstSeconds readySeconds lines
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v m="$1" -v c="$2" '$1 == m {print $c}' "$RESULTS" | median; }
# A/B per round (same round, same machine state), then the median of the ratios
pair() {
  paste <(awk -F'\t' -v m="$1" -v c="$3" '$1 == m {print $c}' "$RESULTS") <(awk -F'\t' -v m="$2" -v c="$4" '$1 == m {print $c}' "$RESULTS") \
    | awk '{printf "%.3f\n", $1 / $2}' | median
}
fmt() { awk -v x="$1" 'BEGIN {printf "%.3f", x}'; }
ratio() { awk -v x="$1" 'BEGIN {printf "%.2f", x}'; }
rate() { awk -v r="$1" -v t="$2" 'BEGIN {printf "%\047.0f", r / t}'; }
met() { awk -v x="$1" -v g="$GOAL_SECONDS" 'BEGIN {print (x < g) ? "met" : "**not met**"}'; }
LINES=$(awk -F'\t' '$1 == "report" {print $5; exit}' "$RESULTS")
VARIANCES=$(awk -F'\t' '$1 == "variance" {print $5; exit}' "$RESULTS")
BASE_ROWS=$(awk -F'\t' '$1 == "baseline" {print $5; exit}' "$RESULTS")
Q_BASE=$(col baseline 3); Q_REPORT=$(col report 3); Q_VARIANCE=$(col variance 3); Q_FIRST=$(col first-lines 3)
FIRST_LINES=$(awk -F'\t' '$1 == "first-lines" {print $5; exit}' "$RESULTS")
P_BASE=$(col page-baseline 3); P_BASE_READY=$(col page-baseline 4); P_FIRST=$(col page 3); P_READY=$(col page 4)
R_REPORT=$(pair report baseline 3 3); R_VARIANCE=$(pair variance baseline 3 3); R_VAR_REPORT=$(pair variance report 3 3); R_FIRST_LINES=$(pair first-lines baseline 3 3)
R_FIRST=$(pair page page-baseline 3 3); R_READY=$(pair page page-baseline 4 4)
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
TABLE=$(cat <<MD
### Run $(date -u +%Y-%m-%d) — $SOURCE_DESC

\`$INVOCATION\`: facility bench_recon with $PRODUCTS lot-controlled products x $LOTS lots ($BATCHES batches), $BALANCE_ROWS
balance rows, $LEDGER_ROWS mirrored ledger rows, $IN_FLIGHT open quarantine rows, on PostgreSQL $PG_VERSION (fsync off);
$LINES report lines ($VARIANCES Variance), counts checked on every report and page. Warmed up; medians of $ROUNDS rounds,
ratios taken round by round. $(nproc) cores, $CPU.

| Measurement | Median (s) | Lines | Lines/s | Ratio to its baseline |
|---|---:|---:|---:|---:|
| query baseline: EF read of the facility's products and batches | $(fmt "$Q_BASE") | $BASE_ROWS rows | $(rate "$BASE_ROWS" "$Q_BASE") | 1 |
| query: \`ReconciliationService.GetAsync\`, all lines | $(fmt "$Q_REPORT") | $LINES | $(rate "$LINES" "$Q_REPORT") | $(ratio "$R_REPORT") |
| query: the same, status Variance | $(fmt "$Q_VARIANCE") | $VARIANCES | — | $(ratio "$R_VARIANCE") |
| query: \`GetFirstLinesAsync\`, the prerendered page's first lines | $(fmt "$Q_FIRST") | $FIRST_LINES | — | $(ratio "$R_FIRST_LINES") |
| page baseline: /bakery-ops-data, products grid's first row | $(fmt "$P_BASE") | — | — | 1 |
| page baseline: /bakery-ops-data, interactive | $(fmt "$P_BASE_READY") | — | — | 1 |
| page: /jde-vs-bakery, grid's first row | $(fmt "$P_FIRST") | — | — | $(ratio "$R_FIRST") |
| page: /jde-vs-bakery, interactive (#comparison-ready) | $(fmt "$P_READY") | — | — | $(ratio "$R_READY") |

Goal (under ${GOAL_SECONDS} s): query $(met "$Q_REPORT") ($(fmt "$Q_REPORT") s); the page's first row $(met "$P_FIRST")
($(fmt "$P_FIRST") s). Status Variance / all lines: **$(ratio "$R_VAR_REPORT")**.
MD
)
printf '\n%s\n\n' "$TABLE"

# ---- docs/benchmarks.md: the "Reconciliation" section keeps the newest $KEEP_RUNS runs between its markers
if ((WRITE_DOCS)); then
  grep -qF '<!-- benchmark-reconciliation:begin' "$DOCS" || die "docs/benchmarks.md has no <!-- benchmark-reconciliation:begin --> marker"
  printf '%s\n\n' "$TABLE" >"$WORK/run.md"
  awk -v e='<!-- benchmark-reconciliation:end -->' -v keep="$KEEP_RUNS" -v runfile="$WORK/run.md" '
    index($0, "<!-- benchmark-reconciliation:begin") == 1 {
      print; while ((getline l < runfile) > 0) print l; inreg = 1; runs = 1; next }
    inreg && index($0, e) == 1 { inreg = 0; print; next }
    inreg { if ($0 ~ /^### Run /) runs++; if (runs <= keep) print; next }
    { print }' "$DOCS" >"$WORK/docs.md"
  cat "$WORK/docs.md" >"$DOCS"
  log "docs/benchmarks.md updated (Reconciliation, newest $KEEP_RUNS runs kept)"
fi
log "done in $((SECONDS - T0)) s"
