#!/usr/bin/env bash
# scripts/benchmark-sync.sh — benchmark of the cardex sync (issue 10), written to docs/benchmarks.md.
#
# Rows per second and peak memory of the JD Edwards → bakery cardex sync end to end (pull over HTTP, mirror, apply,
# lake), of its apply stage alone, and of the two baselines measured in the same command: the pull alone and a raw
# Npgsql binary COPY of the same rows. It:
#   1. publishes the portal (-c Release) from a private copy of the source (working tree, or HEAD with --head) and
#      builds scripts/bench/cardex-sync.cs
#   2. starts a throwaway PostgreSQL (as scripts/test.sh does) and two portals as AIS simulators, with generated
#      ledgers of BENCH_ROWS and BENCH_SMALL_ROWS rows (Jde__Simulator__LedgerRows) over BENCH_HISTORY_DAYS days
#   3. runs scripts/bench/cardex-sync.cs, one process per measurement (each warmed up on 20,000 rows first, untimed),
#      each into a fresh database, BENCH_ROUNDS rounds (after a warm-up round) of:
#        pull   JdeAisClient.StreamCardexAsync of the three branches, rows parsed and dropped (baseline of end to end)
#        sync   a full-history bootstrap of three empty facilities through CardexSync: pull, mirror, apply, lake
#        apply  the same bootstrap fed from rows pulled into memory beforehand, timed up to the lake write
#        copy   the same rows in one binary COPY into a table of jde_cardex's shape (baseline of the apply stage)
#        copy3  the same, plus a movement and a lake outbox row per ledger row into tables of those shapes (their
#               indexes, no foreign keys): what writing the apply's rows costs at the least
#      and once `sync` of the BENCH_SMALL_ROWS ledger, to show memory does not grow with the ledger
#   4. prints a Markdown table of the medians with the ratios taken round by round, and records it in
#      docs/benchmarks.md ("Cardex sync", newest runs first)
# Usage:  ./scripts/benchmark-sync.sh [--head] [--no-docs]
# Environment (defaults): BENCH_ROWS=1000000 BENCH_SMALL_ROWS=100000 BENCH_HISTORY_DAYS=365 BENCH_MAX_RECORDS=5000
#   BENCH_ROUNDS=3 BENCH_BATCH_ROWS= (Sync:BatchRows; unset: the portal's default) BENCH_KEEP_RUNS=3 (runs kept in the docs)
set -Eeuo pipefail
# shellcheck disable=SC2016 # Markdown backticks in single quotes are meant literally

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS="$REPO/docs/benchmarks.md"
ROWS=${BENCH_ROWS:-1000000}
SMALL_ROWS=${BENCH_SMALL_ROWS:-100000}
HISTORY_DAYS=${BENCH_HISTORY_DAYS:-365}
MAX_RECORDS=${BENCH_MAX_RECORDS:-5000}
ROUNDS=${BENCH_ROUNDS:-3}
export BENCH_BATCH_ROWS=${BENCH_BATCH_ROWS:-}
KEEP_RUNS=${BENCH_KEEP_RUNS:-3}

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
BIG_PID=""
SMALL_PID=""
cleanup() {
  local rc=$?
  trap - ERR
  set +e
  stop_process "$BIG_PID" 100
  stop_process "$SMALL_PID" 100
  pg_stop
  if [[ -n $WORK && -d $WORK ]]; then
    if ((rc != 0)); then
      for f in "$WORK"/portal-*.log "$WORK"/bench.log; do
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

command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
if ! pg_installed; then
  log "apt-get install postgresql"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends postgresql >/dev/null || die "apt-get install postgresql failed"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-sync-bench.XXXXXX")
chmod 711 "$WORK"   # postgres must be able to traverse into it

# ---- 1. a private copy of the source, published -----------------------------------------------
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
log "dotnet build scripts/bench/cardex-sync.cs -c Release"
dotnet build "$WORK/src/scripts/bench/cardex-sync.cs" -c Release >"$WORK/bench-build.log" 2>&1 \
  || { tail -n 40 "$WORK/bench-build.log" >&2; die "building scripts/bench/cardex-sync.cs failed"; }

# ---- 2. PostgreSQL and the two simulators -----------------------------------------------------
pg_start "$WORK"
PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
ADMIN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=postgres"
log "postgres $PG_VERSION up on 127.0.0.1:$PG_PORT (fsync and synchronous_commit off, as in scripts/test.sh)"

# start_simulator NAME ROWS: a portal whose built-in AIS simulator holds ROWS generated ledger rows; sets SIM_URL, SIM_PID
start_simulator() {
  local name=$1 rows=$2 port base
  port=$(free_port) || die "no free port for the portal"
  base="http://127.0.0.1:$port"
  mkdir -p "$WORK/data-$name"
  (
    cd "$WORK/app"
    exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" BAKERYOPS_DATA_DIR="$WORK/data-$name" \
      BAKERYOPS_ADMIN_PASSWORD="Bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-Aa1!" Jobs__SchedulerEnabled=false \
      Jde__Simulator__LedgerRows="$rows" Jde__Simulator__HistoryDays="$HISTORY_DAYS" Jde__Simulator__MaxRecords="$MAX_RECORDS" \
      Serilog__MinimumLevel__Default=Warning \
      dotnet BakeryOps.Portal.dll
  ) >"$WORK/portal-$name.log" 2>&1 </dev/null &
  SIM_PID=$!
  SIM_URL="$base/jde-sim/jderest/"
}
wait_simulator() {
  local url=$1 pid=$2 deadline=$((SECONDS + 300))
  # The simulator builds its ledger on first use; one small authenticated call waits for that.
  until curl -fs -o /dev/null -u BAKERYINT:bakeryint "${url}v3/orchestrator/JDE_CARDEX_SUMMARY?bu=1110&rDate=01/01/2999"; do
    kill -0 "$pid" 2>/dev/null || die "the portal exited during start"
    ((SECONDS < deadline)) || die "the simulator did not answer within 300 s"
    sleep 0.5
  done
}
start_simulator big "$ROWS"; BIG_PID=$SIM_PID; BIG=$SIM_URL
start_simulator small "$SMALL_ROWS"; SMALL_PID=$SIM_PID; SMALL=$SIM_URL
wait_simulator "$BIG" "$BIG_PID"
wait_simulator "$SMALL" "$SMALL_PID"
log "simulators ready: $ROWS and $SMALL_ROWS ledger rows (max-records $MAX_RECORDS)"

# ---- 3. measurements --------------------------------------------------------------------------
SINCE=$(date -u -d "-$((HISTORY_DAYS + 1)) days" +%Y-%m-%d)
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
# measure MODE URL ROWS [label]
measure() {
  local line
  line=$(dotnet run --no-build -c Release "$WORK/src/scripts/bench/cardex-sync.cs" -- "$1" "$2" "$SINCE" "$3" "$ADMIN" "$WORK/run-$1" 2>>"$WORK/bench.log") \
    || die "cardex-sync $1 failed (see the bench log above)"
  rm -rf "$WORK/run-$1"
  line=$(awk -F'\t' -v OFS='\t' -v label="${4:-$1}" '{$1 = label; print}' <<<"$line")
  log "$line"
  printf '%s\n' "$line" >>"$RESULTS"
}
log "warm-up"
measure pull "$BIG" "$ROWS" >/dev/null
measure sync "$SMALL" "$SMALL_ROWS" >/dev/null
: >"$RESULTS"
for ((round = 1; round <= ROUNDS; round++)); do
  measure pull "$BIG" "$ROWS"
  measure sync "$BIG" "$ROWS"
  measure copy "$BIG" "$ROWS"
  measure copy3 "$BIG" "$ROWS"
  measure apply "$BIG" "$ROWS"
done
measure sync "$SMALL" "$SMALL_ROWS" sync-small

# ---- 4. report --------------------------------------------------------------------------------
# columns: mode seconds rows peakWorkingSetMB peakHeapMB allocatedMB applied
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v m="$1" -v c="$2" '$1 == m {print $c}' "$RESULTS" | median; }
# pairwise A/B per round, then the median of the ratios
pair() {
  paste <(awk -F'\t' -v m="$1" '$1 == m {print $2}' "$RESULTS") <(awk -F'\t' -v m="$2" '$1 == m {print $2}' "$RESULTS") \
    | awk '{printf "%.3f\n", $1 / $2}' | median
}
declare -A T W H A
for mode in pull sync copy copy3 apply sync-small; do
  T[$mode]=$(col "$mode" 2); W[$mode]=$(col "$mode" 4); H[$mode]=$(col "$mode" 5); A[$mode]=$(col "$mode" 6)
done
APPLIED=$(col sync 7)
fmt() { awk -v x="$1" 'BEGIN {printf "%.2f", x}'; }
rate() { awk -v r="$1" -v t="$2" 'BEGIN {printf "%\047.0f", r / t}'; }
END_TO_END=$(pair sync pull)     # time ratio: sync / pull
APPLY_VS_COPY=$(pair copy apply) # rate ratio apply / copy = time copy / time apply
APPLY_VS_COPY3=$(pair copy3 apply)
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
TABLE=$(cat <<MD
### Run $(date -u +%Y-%m-%d) — $SOURCE_DESC

$ROWS ledger rows over $HISTORY_DAYS days in 3 branches (AIS max-records $MAX_RECORDS), bootstrapped into three empty
facilities on PostgreSQL $PG_VERSION (fsync off), Sync:BatchRows ${BENCH_BATCH_ROWS:-default}, $APPLIED rows applied as movements;
each process warmed up on 20,000 rows first; medians of $ROUNDS rounds, ratios taken round by round. $(nproc) cores, $CPU.

| Mode | Time (s) | Rows/s | Peak working set (MB) | Peak managed heap (MB) | Allocated (MB) |
|---|---:|---:|---:|---:|---:|
| pull (baseline: StreamCardexAsync alone) | ${T[pull]} | $(rate "$ROWS" "${T[pull]}") | ${W[pull]} | ${H[pull]} | ${A[pull]} |
| sync (end to end: pull, mirror, apply, lake) | ${T[sync]} | $(rate "$ROWS" "${T[sync]}") | ${W[sync]} | ${H[sync]} | ${A[sync]} |
| copy (baseline: raw binary COPY of the rows) | ${T[copy]} | $(rate "$ROWS" "${T[copy]}") | — | — | — |
| copy3 (the same plus a movement and an outbox row per ledger row, raw COPY into tables of their shapes) | ${T[copy3]} | $(rate "$ROWS" "${T[copy3]}") | — | — | — |
| apply (apply stage alone: rows → committed mirror, movements, quarantine) | ${T[apply]} | $(rate "$ROWS" "${T[apply]}") | — | — | — |
| sync of a $SMALL_ROWS-row ledger | ${T[sync-small]} | $(rate "$SMALL_ROWS" "${T[sync-small]}") | ${W[sync-small]} | ${H[sync-small]} | ${A[sync-small]} |

End to end / pull alone, time: **$(fmt "$END_TO_END")** (goal at most 1.5). Apply stage / raw COPY, rows per second:
**$(fmt "$APPLY_VS_COPY")** (goal at least 0.5); against copy3, the least the same rows cost to write:
**$(fmt "$APPLY_VS_COPY3")**. Peak working set, $ROWS rows / $SMALL_ROWS rows:
**$(awk -v a="${W[sync]}" -v b="${W[sync-small]}" 'BEGIN {printf "%.2f", a / b}')**. (copy and apply hold the whole
pull in memory before their clock starts, so their memory is not the sync's.)
MD
)
printf '\n%s\n\n' "$TABLE"

# ---- docs/benchmarks.md: the "Cardex sync" section keeps the newest $KEEP_RUNS runs between its markers
if ((WRITE_DOCS)); then
  grep -qF '<!-- benchmark-sync:begin' "$DOCS" || die "docs/benchmarks.md has no <!-- benchmark-sync:begin --> marker"
  printf '%s\n\n' "$TABLE" >"$WORK/run.md"
  awk -v e='<!-- benchmark-sync:end -->' -v keep="$KEEP_RUNS" -v runfile="$WORK/run.md" '
    index($0, "<!-- benchmark-sync:begin") == 1 {
      print; while ((getline l < runfile) > 0) print l; inreg = 1; runs = 1; next }
    inreg && index($0, e) == 1 { inreg = 0; print; next }
    inreg { if ($0 ~ /^### Run /) runs++; if (runs <= keep) print; next }
    { print }' "$DOCS" >"$WORK/docs.md"
  cat "$WORK/docs.md" >"$DOCS"
  log "docs/benchmarks.md updated (Cardex sync, newest $KEEP_RUNS runs kept)"
fi
log "done in $((SECONDS - T0)) s"
