#!/usr/bin/env bash
# scripts/benchmark-lake.sh — benchmark of the data lake writer (issue 5), written to docs/benchmarks.md.
#
# Rows per second and peak memory writing BENCH_ROWS ledger-shaped rows (the cardex columns plus loaded_at) to
# Parquet, through the lake writer and, as the baseline, with Parquet.Net directly, in the same run. It:
#   1. builds scripts/bench/lake-write.cs (-c Release) from a private copy of the source (working tree, or HEAD with --head)
#   2. runs it, one process per measurement, BENCH_ROUNDS rounds (after one warm-up of each) of:
#        lake    LakeWriter.WriteAsync of a LakeTable streamed from a generator into a folder store in a temp dir:
#                schema registry and dispatch_logs in a migrated SQLite file, SHA-256, upload, manifest
#        direct  the same rows, columns, row groups and compression with ParquetWriter to a local file
#   3. prints a Markdown table of the medians (time, rows/s, peak working set, peak managed heap, allocations, file
#      size) with the ratios lake/direct, and records it in docs/benchmarks.md ("Data lake writer", newest runs first)
# Usage:  ./scripts/benchmark-lake.sh [--head] [--no-docs]
# Environment (defaults): BENCH_ROWS=1000000 BENCH_ROUNDS=3 BENCH_ROW_GROUP=100000 BENCH_COMPRESSION=snappy
#   BENCH_KEEP_RUNS=3 (runs kept in the docs)
set -Eeuo pipefail
# shellcheck disable=SC2016 # Markdown backticks in single quotes are meant literally

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS="$REPO/docs/benchmarks.md"
ROWS=${BENCH_ROWS:-1000000}
ROUNDS=${BENCH_ROUNDS:-3}
ROW_GROUP=${BENCH_ROW_GROUP:-100000}
COMPRESSION=${BENCH_COMPRESSION:-snappy}
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
[[ $COMPRESSION == snappy || $COMPRESSION == zstd ]] || { echo "BENCH_COMPRESSION must be snappy or zstd" >&2; exit 2; }

T0=$SECONDS
log() { printf '[bench %ss] %s\n' $((SECONDS - T0)) "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }
trap 'rc=$?; log "failed (rc=$rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

WORK=""
cleanup() {
  local rc=$?
  trap - ERR
  set +e
  [[ -n $WORK && -d $WORK ]] && rm -rf "$WORK"
  log "cleanup done (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-lake-bench.XXXXXX")

# ---- 1. a private copy of the source, the benchmark app built ---------------------------------
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
mkdir -p "$WORK/src"
if [[ $SOURCE == head ]]; then
  git -C "$REPO" archive HEAD | tar -x -C "$WORK/src"
  SOURCE_DESC="commit $COMMIT (--head)"
else
  (cd "$REPO" && git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -c 2>/dev/null) | tar -x -C "$WORK/src"
  if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=normal -- '*.cs' '*.csproj' '*.props' 2>/dev/null) ]]; then
    SOURCE_DESC="working tree at $COMMIT + uncommitted changes"
  else
    SOURCE_DESC="working tree at $COMMIT (no uncommitted code changes)"
  fi
fi
[[ -f $WORK/src/scripts/bench/lake-write.cs ]] || die "scripts/bench/lake-write.cs is not in the $SOURCE_DESC"
log "dotnet build scripts/bench/lake-write.cs -c Release ($SOURCE_DESC)"
dotnet build "$WORK/src/scripts/bench/lake-write.cs" -c Release >"$WORK/bench-build.log" 2>&1 \
  || { tail -n 40 "$WORK/bench-build.log" >&2; die "building scripts/bench/lake-write.cs failed"; }

# ---- 2. measurements --------------------------------------------------------------------------
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
RUN=0
measure() {
  local line out="$WORK/run-$((RUN += 1))"
  line=$(dotnet run --no-build -c Release "$WORK/src/scripts/bench/lake-write.cs" -- "$1" "$ROWS" "$out" "$ROW_GROUP" "$COMPRESSION") \
    || die "lake-write $1 failed"
  rm -rf "$out"
  log "$line"
  printf '%s\n' "$line" >>"$RESULTS"
}
log "warm-up"
measure direct >/dev/null
measure lake >/dev/null
: >"$RESULTS"
for ((round = 1; round <= ROUNDS; round++)); do
  measure direct
  measure lake
done

# ---- 3. report --------------------------------------------------------------------------------
# columns: mode seconds rows peakWorkingSetMB peakHeapMB allocatedMB fileMB
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v m="$1" -v c="$2" '$1 == m {print $c}' "$RESULTS" | median; }
declare -A T W H A F
for mode in lake direct; do
  T[$mode]=$(col "$mode" 2); W[$mode]=$(col "$mode" 4); H[$mode]=$(col "$mode" 5); A[$mode]=$(col "$mode" 6); F[$mode]=$(col "$mode" 7)
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rate() { awk -v r="$ROWS" -v t="$1" 'BEGIN {printf "%\047.0f", r / t}'; }
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
TABLE=$(cat <<MD
### Run $(date -u +%Y-%m-%d) — $SOURCE_DESC

$ROWS ledger rows (14 columns), row groups of $ROW_GROUP, $COMPRESSION; medians of $ROUNDS rounds after a warm-up.
$(nproc) cores, $CPU.

| Mode | Time (s) | Rows/s | Peak working set (MB) | Peak managed heap (MB) | Allocated (MB) | Parquet (MB) |
|---|---:|---:|---:|---:|---:|---:|
| direct (baseline: Parquet.Net ParquetWriter to a local file) | ${T[direct]} | $(rate "${T[direct]}") | ${W[direct]} | ${H[direct]} | ${A[direct]} | ${F[direct]} |
| lake (LakeWriter: registry, folder store upload, SHA-256, manifest, dispatch log) | ${T[lake]} | $(rate "${T[lake]}") | ${W[lake]} | ${H[lake]} | ${A[lake]} | ${F[lake]} |

Ratios lake / direct: time **$(ratio "${T[lake]}" "${T[direct]}")**, peak working set **$(ratio "${W[lake]}" "${W[direct]}")**,
peak managed heap **$(ratio "${H[lake]}" "${H[direct]}")**.
MD
)
printf '\n%s\n\n' "$TABLE"

# ---- docs/benchmarks.md: the "Data lake writer" section keeps the newest $KEEP_RUNS runs between its markers
if ((WRITE_DOCS)); then
  grep -qF '<!-- benchmark-lake:begin' "$DOCS" || die "docs/benchmarks.md has no <!-- benchmark-lake:begin --> marker"
  printf '%s\n\n' "$TABLE" >"$WORK/run.md"
  awk -v e='<!-- benchmark-lake:end -->' -v keep="$KEEP_RUNS" -v runfile="$WORK/run.md" '
    index($0, "<!-- benchmark-lake:begin") == 1 {
      print; while ((getline l < runfile) > 0) print l; inreg = 1; runs = 1; next }
    inreg && index($0, e) == 1 { inreg = 0; print; next }
    inreg { if ($0 ~ /^### Run /) runs++; if (runs <= keep) print; next }
    { print }' "$DOCS" >"$WORK/docs.md"
  cat "$WORK/docs.md" >"$DOCS"
  log "docs/benchmarks.md updated (Data lake writer, newest $KEEP_RUNS runs kept)"
fi
log "done in $((SECONDS - T0)) s"
