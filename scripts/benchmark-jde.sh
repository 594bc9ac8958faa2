#!/usr/bin/env bash
# scripts/benchmark-jde.sh — benchmark of the JD Edwards client (issue 4), written to docs/benchmarks.md.
#
# Time and peak memory to pull 1,000,000 ledger rows from the built-in AIS simulator through JdeAisClient. It:
#   1. publishes the portal (-c Release) from a private copy of the source (working tree, or HEAD with --head)
#   2. runs it in Development on a free 127.0.0.1 port with a generated simulator ledger of BENCH_ROWS rows
#      (Jde__Simulator__LedgerRows) over BENCH_HISTORY_DAYS days and AIS max-records BENCH_MAX_RECORDS
#   3. runs scripts/bench/jde-pull.cs (a file-based C# app, one process per measurement), BENCH_ROUNDS rounds of:
#        stream  JdeAisClient.StreamCardexAsync over branches 1110, 1120, 1130: date windows split on moreRecords,
#                every row parsed and checked (count = BENCH_ROWS, UKIDs strictly rising per branch), then dropped
#        raw     the very requests the stream run sent, replayed over HttpClient, bodies copied to Stream.Null
#                (the baseline: simulator plus transport, no client)
#      and once `buffered`: the same pull kept whole in a list, as a client without streaming would hold it
#   4. prints a Markdown table of the medians (time, rows/s, peak working set, peak managed heap, allocations) with
#      the ratios stream/raw, and records it in docs/benchmarks.md ("JD Edwards client", newest runs first)
# Usage:  ./scripts/benchmark-jde.sh [--head] [--no-docs]
# Environment (defaults): BENCH_ROWS=1000000 BENCH_HISTORY_DAYS=365 BENCH_MAX_RECORDS=5000 BENCH_ROUNDS=3
#   BENCH_KEEP_RUNS=3 (runs kept in the docs)
set -Eeuo pipefail
# shellcheck disable=SC2016 # Markdown backticks in single quotes are meant literally

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS="$REPO/docs/benchmarks.md"
ROWS=${BENCH_ROWS:-1000000}
HISTORY_DAYS=${BENCH_HISTORY_DAYS:-365}
MAX_RECORDS=${BENCH_MAX_RECORDS:-5000}
ROUNDS=${BENCH_ROUNDS:-3}
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

# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

WORK=""
APP_PID=""
cleanup() {
  local rc=$?
  trap - ERR
  set +e
  stop_process "$APP_PID" 100
  if [[ -n $WORK && -d $WORK ]]; then
    if ((rc != 0)) && [[ -s $WORK/portal.log ]]; then
      echo "---- last lines of the portal log:" >&2
      tail -n 30 "$WORK/portal.log" >&2
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
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-jde-bench.XXXXXX")

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
log "dotnet build scripts/bench/jde-pull.cs -c Release"
dotnet build "$WORK/src/scripts/bench/jde-pull.cs" -c Release >"$WORK/bench-build.log" 2>&1 \
  || { tail -n 40 "$WORK/bench-build.log" >&2; die "building scripts/bench/jde-pull.cs failed"; }

# ---- 2. the portal with a large simulator ledger ----------------------------------------------
APP_PORT=$(free_port) || die "no free port for the portal"
BASE="http://127.0.0.1:$APP_PORT"
JDE="$BASE/jde-sim/jderest/"
mkdir -p "$WORK/data"
(
  cd "$WORK/app"
  exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$BASE" BAKERYOPS_DATA_DIR="$WORK/data" \
    BAKERYOPS_ADMIN_PASSWORD="Bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-Aa1!" \
    Jde__Simulator__LedgerRows="$ROWS" Jde__Simulator__HistoryDays="$HISTORY_DAYS" Jde__Simulator__MaxRecords="$MAX_RECORDS" \
    Serilog__MinimumLevel__Default=Warning \
    dotnet BakeryOps.Portal.dll
) >"$WORK/portal.log" 2>&1 </dev/null &
APP_PID=$!
deadline=$((SECONDS + 180))
# The simulator builds its ledger on first use; one small authenticated call waits for that.
until curl -fs -o /dev/null -u BAKERYINT:bakeryint "${JDE}v3/orchestrator/JDE_CARDEX_SUMMARY?bu=1110&rDate=01/01/2999"; do
  kill -0 "$APP_PID" 2>/dev/null || die "the portal exited during start"
  ((SECONDS < deadline)) || die "the simulator did not answer within 180 s"
  sleep 0.5
done
log "simulator ready on $JDE with $ROWS ledger rows (max-records $MAX_RECORDS)"

# ---- 3. measurements --------------------------------------------------------------------------
SINCE=$(date -u -d "-$((HISTORY_DAYS + 1)) days" +%Y-%m-%d)
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
measure() {
  local line
  line=$(dotnet run --no-build -c Release "$WORK/src/scripts/bench/jde-pull.cs" -- "$1" "$JDE" "$SINCE" "$ROWS" "$WORK/requests.txt") \
    || die "jde-pull $1 failed"
  log "$line"
  printf '%s\n' "$line" >>"$RESULTS"
}
log "warm-up"
measure stream >/dev/null
: >"$RESULTS"
for ((round = 1; round <= ROUNDS; round++)); do
  measure stream
  measure raw
done
measure buffered

# ---- 4. report --------------------------------------------------------------------------------
# columns: mode seconds rows requests peakWorkingSetMB peakHeapMB allocatedMB
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v m="$1" -v c="$2" '$1 == m {print $c}' "$RESULTS" | median; }
declare -A T W H A
for mode in stream raw buffered; do
  T[$mode]=$(col "$mode" 2); W[$mode]=$(col "$mode" 5); H[$mode]=$(col "$mode" 6); A[$mode]=$(col "$mode" 7)
done
REQUESTS=$(col stream 4)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rate() { awk -v r="$ROWS" -v t="$1" 'BEGIN {printf "%\047.0f", r / t}'; }
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
TABLE=$(cat <<MD
### Run $(date -u +%Y-%m-%d) — $SOURCE_DESC

$ROWS ledger rows over $HISTORY_DAYS days, 3 branches, AIS max-records $MAX_RECORDS, $REQUESTS requests per pull;
medians of $ROUNDS rounds (buffered: one run). $(nproc) cores, $CPU.

| Mode | Time (s) | Rows/s | Peak working set (MB) | Peak managed heap (MB) | Allocated (MB) |
|---|---:|---:|---:|---:|---:|
| raw (baseline: same requests, bodies discarded) | ${T[raw]} | $(rate "${T[raw]}") | ${W[raw]} | ${H[raw]} | ${A[raw]} |
| stream (JdeAisClient.StreamCardexAsync) | ${T[stream]} | $(rate "${T[stream]}") | ${W[stream]} | ${H[stream]} | ${A[stream]} |
| buffered (same pull kept in a list) | ${T[buffered]} | $(rate "${T[buffered]}") | ${W[buffered]} | ${H[buffered]} | ${A[buffered]} |

Ratios stream / raw: time **$(ratio "${T[stream]}" "${T[raw]}")**, peak working set **$(ratio "${W[stream]}" "${W[raw]}")**;
peak managed heap, buffered / stream: **$(ratio "${H[buffered]}" "${H[stream]}")**.
MD
)
printf '\n%s\n\n' "$TABLE"

# ---- docs/benchmarks.md: the "JD Edwards client" section keeps the newest $KEEP_RUNS runs between its markers
if ((WRITE_DOCS)); then
  grep -qF '<!-- benchmark-jde:begin' "$DOCS" || die "docs/benchmarks.md has no <!-- benchmark-jde:begin --> marker"
  printf '%s\n\n' "$TABLE" >"$WORK/run.md"
  awk -v e='<!-- benchmark-jde:end -->' -v keep="$KEEP_RUNS" -v runfile="$WORK/run.md" '
    index($0, "<!-- benchmark-jde:begin") == 1 {
      print; while ((getline l < runfile) > 0) print l; inreg = 1; runs = 1; next }
    inreg && index($0, e) == 1 { inreg = 0; print; next }
    inreg { if ($0 ~ /^### Run /) runs++; if (runs <= keep) print; next }
    { print }' "$DOCS" >"$WORK/docs.md"
  cat "$WORK/docs.md" >"$DOCS"
  log "docs/benchmarks.md updated (JD Edwards client, newest $KEEP_RUNS runs kept)"
fi
log "done in $((SECONDS - T0)) s"
