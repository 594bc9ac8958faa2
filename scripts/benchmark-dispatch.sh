#!/usr/bin/env bash
# scripts/benchmark-dispatch.sh — benchmark of the dispatch to JD Edwards (issue 12), written to docs/benchmarks.md.
#
# A BENCH_ACTIONS-action POST /bakery_ops_to_jde/dispatch against the portal's built-in AIS simulator, in actions per
# second, against a bare HttpClient loop posting the same payloads to the simulator in the same round. It:
#   1. apt-installs what is missing: postgresql, curl
#   2. publishes the portal (-c Release) from a private copy of the source (working tree, or HEAD with --head) and
#      builds scripts/bench/dispatch.cs
#   3. starts a throwaway PostgreSQL (scripts/lib/postgres.sh) and the published portal on it (Production, Jde:Mode
#      Simulator, Jobs__SchedulerEnabled=false so the dispatch relay stays out, Dispatch__Parallelism=BENCH_PARALLELISM)
#   4. runs scripts/bench/dispatch.cs against it, signed in as admin with a bearer token: the sample bakery loaded into
#      default_facility (linked to branch 1110), a warm-up round of BENCH_WARMUP_ACTIONS actions, then BENCH_ROUNDS
#      rounds of: BENCH_ACTIONS USAGE movements of 0.02 KG over the two non-lot-controlled flours (not timed), the
#      pending actions listed and their payloads prepared (not timed), then timed:
#        portal    POST /bakery_ops_to_jde/dispatch with every key: approve, claim, post, record, per key
#        bare      the same payloads POSTed to the simulator's JDE_INVENTORY_ADJUSTMENTS by one HttpClient, same Basic
#                  auth, BENCH_PARALLELISM in flight (as Dispatch:Parallelism), Explanation "BKP <key>"
#        bare-seq  the same, one at a time, Explanation "BKS <key>"
#      and checks: every dispatch answers all successful with a document; every key is posted in the portal; JD
#      Edwards' ledger holds each key ("BKO <key>") exactly once, with the document the dispatch reported
#   5. prints a Markdown table of the medians with the ratios taken round by round, and records it in
#      docs/benchmarks.md ("Dispatch to JD Edwards", newest runs first)
# Everything started here is stopped and the temp dir removed on exit.
#
# Usage:  ./scripts/benchmark-dispatch.sh [--head] [--no-docs]
# Environment (defaults): BENCH_ACTIONS=1000 BENCH_ROUNDS=3 BENCH_PARALLELISM=8 BENCH_WARMUP_ACTIONS=200
#   BENCH_KEEP_RUNS=3 (runs kept in the docs)
set -Eeuo pipefail
# shellcheck disable=SC2016 # Markdown backticks in single quotes are meant literally

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS="$REPO/docs/benchmarks.md"
ACTIONS=${BENCH_ACTIONS:-1000}
ROUNDS=${BENCH_ROUNDS:-3}
PARALLELISM=${BENCH_PARALLELISM:-8}
WARMUP_ACTIONS=${BENCH_WARMUP_ACTIONS:-200}
KEEP_RUNS=${BENCH_KEEP_RUNS:-3}
PAUSE_MS=500 # the earlier system slept this long after every row

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
for n in "$ACTIONS" "$ROUNDS" "$PARALLELISM" "$WARMUP_ACTIONS" "$KEEP_RUNS"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_* values must be positive integers (got '$n')" >&2; exit 2; }
done
((PARALLELISM <= 64)) || { echo "BENCH_PARALLELISM must be at most 64 (Dispatch:Parallelism)" >&2; exit 2; }
INVOCATION="./scripts/benchmark-dispatch.sh${*:+ $*}"
[[ $ACTIONS == 1000 && $ROUNDS == 3 && $PARALLELISM == 8 && $WARMUP_ACTIONS == 200 ]] \
  || INVOCATION="BENCH_ACTIONS=$ACTIONS BENCH_ROUNDS=$ROUNDS BENCH_PARALLELISM=$PARALLELISM BENCH_WARMUP_ACTIONS=$WARMUP_ACTIONS $INVOCATION"

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
need=()
pg_installed || need+=(postgresql)
command -v curl >/dev/null || need+=(curl ca-certificates)
if ((${#need[@]})); then
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-dispatch-bench.XXXXXX")
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
BENCH_APP="$WORK/src/scripts/bench/dispatch.cs"
log "dotnet build scripts/bench/dispatch.cs -c Release"
dotnet build "$BENCH_APP" -c Release >"$WORK/bench-build.log" 2>&1 \
  || { tail -n 40 "$WORK/bench-build.log" >&2; die "building scripts/bench/dispatch.cs failed"; }

# ---- 3. PostgreSQL and the portal -------------------------------------------------------------
pg_start "$WORK"
PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
DATABASE=bakeryops_dispatch
pg_psql -c "create database $DATABASE" >/dev/null
log "postgres $PG_VERSION up on 127.0.0.1:$PG_PORT (fsync and synchronous_commit off, as in scripts/test.sh)"
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
    Jde__Mode=Simulator Jde__Simulator__MaxRecords=1000000 Dispatch__Parallelism="$PARALLELISM" \
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
log "portal ready on $BASE (pid $APP_PID)"

# ---- 4. the rounds ----------------------------------------------------------------------------
RESULTS="$WORK/results.tsv"
log "warm-up of $WARMUP_ACTIONS actions, then $ROUNDS rounds of $ACTIONS: portal dispatch, bare loop x$PARALLELISM, bare loop x1"
dotnet run --no-build -c Release "$BENCH_APP" -- "$BASE" "$ADMIN_PASSWORD" "$ACTIONS" "$ROUNDS" "$PARALLELISM" "$WARMUP_ACTIONS" \
  >"$RESULTS" 2> >(tee -a "$WORK/bench.log" | sed 's/^/    /' >&2) || die "the dispatch benchmark failed (see the bench log above)"
grep -q '^check' "$RESULTS" || die "the dispatch benchmark did not check its results"
grep -v '^check' "$RESULTS"
# Where the portal's time went, from its own rows: the approvals (one key after another, before any post) from the
# first approval to the last, and the posts from the first attempt's start to the last one's end.
pg_psql -d "$DATABASE" -F $'\t' -c "
  select 'phases', substring(m.reason from 'round ([0-9]+)')::int,
         extract(epoch from max(d.approved_at) - min(d.approved_at)), extract(epoch from max(a.ended_at) - min(a.started_at))
  from jde_dispatches d join bakery_ops_movements m on m.id = d.movement_id join jde_dispatch_attempts a on a.dispatch_id = d.id
  where m.reason like 'Dispatch benchmark round %' and m.reason not like 'Dispatch benchmark round 0 %' group by 2 order by 2" >>"$RESULTS" \
  || die "reading the dispatch phases from PostgreSQL failed"

# ---- 5. report --------------------------------------------------------------------------------
# columns: mode round seconds actions succeeded
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v m="$1" -v c="$2" '$1 == m {print $c}' "$RESULTS" | median; }
# A/B per round (same round, same machine state), then the median of the ratios
pair() {
  paste <(awk -F'\t' -v m="$1" '$1 == m {print $3}' "$RESULTS") <(awk -F'\t' -v m="$2" '$1 == m {print $3}' "$RESULTS") \
    | awk '{printf "%.4f\n", $1 / $2}' | median
}
fmt() { awk -v x="$1" 'BEGIN {printf "%.2f", x}'; }
ratio() { awk -v x="$1" 'BEGIN {printf "%.2f", x}'; }
rate() { awk -v r="$1" -v t="$2" 'BEGIN {printf "%\047.0f", r / t}'; }
T_PORTAL=$(col portal 3); T_BARE=$(col bare 3); T_SEQ=$(col bare-seq 3); T_APPROVE=$(col phases 3); T_POST=$(col phases 4)
# rate ratio portal/bare = time bare / time portal, round by round
R_BARE=$(pair bare portal); R_SEQ=$(pair bare-seq portal)
CHECKED=$(awk -F'\t' '$1 == "check" {print $4}' "$RESULTS")
BARE_CHECKED=$(awk -F'\t' '$1 == "check" {print $5}' "$RESULTS")
PAUSED=$((ACTIONS * PAUSE_MS / 1000))
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
TABLE=$(cat <<MD
### Run $(date -u +%Y-%m-%d) — $SOURCE_DESC

\`$INVOCATION\`: $ACTIONS USAGE movements per round in default_facility (branch 1110, two KG flours without lots),
dispatched in one \`POST /bakery_ops_to_jde/dispatch\` to the portal's own AIS simulator, \`Dispatch:Parallelism\`
$PARALLELISM, on PostgreSQL $PG_VERSION (fsync off). Checked: every dispatch all successful; $CHECKED keys posted in the
portal and each once in JD Edwards' ledger with its document; the bare loop's $BARE_CHECKED posts each once too.
Warmed up with $WARMUP_ACTIONS actions; medians of $ROUNDS rounds, ratios taken round by round. $(nproc) cores, $CPU.

| Measurement | Median (s) | Actions/s | Portal / this, actions/s |
|---|---:|---:|---:|
| portal: \`POST /bakery_ops_to_jde/dispatch\`, $ACTIONS keys (approve, claim, post, record) | $(fmt "$T_PORTAL") | $(rate "$ACTIONS" "$T_PORTAL") | 1 |
| bare loop: the same payloads, HttpClient straight to the simulator, $PARALLELISM in flight | $(fmt "$T_BARE") | $(rate "$ACTIONS" "$T_BARE") | **$(ratio "$R_BARE")** |
| bare loop: the same, one at a time | $(fmt "$T_SEQ") | $(rate "$ACTIONS" "$T_SEQ") | $(ratio "$R_SEQ") |
| of the portal's: approving the keys, inside the same workers (first to last approval) | $(fmt "$T_APPROVE") | — | — |
| of the portal's: posting and recording, $PARALLELISM in flight (first post's start to last one's end) | $(fmt "$T_POST") | $(rate "$ACTIONS" "$T_POST") | — |

No per-row pause: the earlier system's 500 ms after each row alone would be $PAUSED s for $ACTIONS actions; the dispatch
took $(fmt "$T_PORTAL") s.
MD
)
printf '\n%s\n\n' "$TABLE"

# ---- docs/benchmarks.md: the "Dispatch to JD Edwards" section keeps the newest $KEEP_RUNS runs between its markers
if ((WRITE_DOCS)); then
  grep -qF '<!-- benchmark-dispatch:begin' "$DOCS" || die "docs/benchmarks.md has no <!-- benchmark-dispatch:begin --> marker"
  printf '%s\n\n' "$TABLE" >"$WORK/run.md"
  awk -v e='<!-- benchmark-dispatch:end -->' -v keep="$KEEP_RUNS" -v runfile="$WORK/run.md" '
    index($0, "<!-- benchmark-dispatch:begin") == 1 {
      print; while ((getline l < runfile) > 0) print l; inreg = 1; runs = 1; next }
    inreg && index($0, e) == 1 { inreg = 0; print; next }
    inreg { if ($0 ~ /^### Run /) runs++; if (runs <= keep) print; next }
    { print }' "$DOCS" >"$WORK/docs.md"
  cat "$WORK/docs.md" >"$DOCS"
  log "docs/benchmarks.md updated (Dispatch to JD Edwards, newest $KEEP_RUNS runs kept)"
fi
log "done in $((SECONDS - T0)) s"
