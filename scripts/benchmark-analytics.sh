#!/usr/bin/env bash
# scripts/benchmark-analytics.sh — benchmark of the pivot engine (issue 13), written to docs/benchmarks.md.
#
# A pivot of BENCH_MOVEMENTS movements (product x month, sum of the inventory quantity) on PostgreSQL against the same
# GROUP BY written by hand and run through psql, in the same rounds. It:
#   1. apt-installs what is missing: postgresql, curl
#   2. publishes the portal (-c Release) from a private copy of the source (working tree, or HEAD with --head) and
#      builds scripts/bench/analytics.cs
#   3. starts a throwaway PostgreSQL (scripts/lib/postgres.sh, with pg_stat_statements loaded) and seeds one database
#      through scripts/bench/analytics.cs (not timed): migrated by the portal's DatabaseMigrator, facility
#      bench_analytics with BENCH_PRODUCTS products and BENCH_MOVEMENTS movements over BENCH_MONTHS months from
#      2024-01 (INSERT ... SELECT over generate_series, in time order), then VACUUM (ANALYZE)
#   4. runs the published portal on it (Production, Jobs__SchedulerEnabled=false) and checks the counts with psql
#   5. for each zone of BENCH_ZONES, through scripts/bench/analytics.cs, warmed up, BENCH_ROUNDS rounds of:
#        psql          SELECT product_id, date_trunc('month', adjustment_date AT TIME ZONE '<zone>'),
#                      sum(inventory_quantity) FROM bakery_ops_movements GROUP BY 1, 2 run twice in one psql session,
#                      rows to /dev/null: psql's \timing of the second run (the baseline) and of the first
#        psql-process  the same run once by a psql process: the whole process (connection included)
#        engine        PivotService.RunAsync({movements, rows [productId], columns [adjustmentDate], month, sum of
#                      inventoryQuantity, timeZone <zone>}) in the bench process, through the real DI container
#        npgsql        the hand-written SQL in the bench process through Npgsql, every row read
#                      (for both: the bench process's CPU time too, the C# side of the work)
#        http          POST /analytics/pivot with the same spec to the portal, as admin, to the response's last byte
#      every engine and HTTP result is checked against psql: as many cells as groups, each cell, each total, and a
#      grand total equal to SELECT sum(inventory_quantity); then PostgreSQL's own time for the engine's SQL and for
#      the hand-written one is read from pg_stat_statements
#   6. prints a Markdown table of the medians with the ratios taken round by round, and records it in
#      docs/benchmarks.md ("Analytics pivot", newest runs first)
# Everything started here is stopped and the temp dir removed on exit.
#
# Usage:  ./scripts/benchmark-analytics.sh [--head] [--no-docs] [--no-http]
# Environment (defaults): BENCH_MOVEMENTS=1000000 BENCH_PRODUCTS=1000 BENCH_MONTHS=24 BENCH_ROUNDS=7
#   BENCH_ZONES="UTC Europe/Paris" BENCH_KEEP_RUNS=3 (runs kept in the docs)
set -Eeuo pipefail
# shellcheck disable=SC2016 # Markdown backticks in single quotes are meant literally

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS="$REPO/docs/benchmarks.md"
MOVEMENTS=${BENCH_MOVEMENTS:-1000000}
PRODUCTS=${BENCH_PRODUCTS:-1000}
MONTHS=${BENCH_MONTHS:-24}
ROUNDS=${BENCH_ROUNDS:-7}
ZONES=${BENCH_ZONES:-UTC Europe/Paris}
KEEP_RUNS=${BENCH_KEEP_RUNS:-3}
GOAL_RATIO=1.5

SOURCE="worktree"
WRITE_DOCS=1
HTTP=1
for arg in "$@"; do
  case $arg in
    --head) SOURCE="head" ;;
    --no-docs) WRITE_DOCS=0 ;;
    --no-http) HTTP=0 ;;
    -h | --help) sed -n '2,/^set -Eeuo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$MOVEMENTS" "$PRODUCTS" "$MONTHS" "$ROUNDS" "$KEEP_RUNS"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_* values must be positive integers (got '$n')" >&2; exit 2; }
done
# Zones go into the hand-written SQL as literals: IANA names only.
for zone in $ZONES; do
  [[ $zone =~ ^[A-Za-z][A-Za-z0-9_+/-]*$ && -e /usr/share/zoneinfo/$zone ]] || { echo "BENCH_ZONES: not an IANA zone: '$zone'" >&2; exit 2; }
done
INVOCATION="./scripts/benchmark-analytics.sh${*:+ $*}"
[[ $MOVEMENTS == 1000000 && $PRODUCTS == 1000 && $MONTHS == 24 && $ROUNDS == 7 && $ZONES == "UTC Europe/Paris" ]] \
  || INVOCATION="BENCH_MOVEMENTS=$MOVEMENTS BENCH_PRODUCTS=$PRODUCTS BENCH_MONTHS=$MONTHS BENCH_ROUNDS=$ROUNDS BENCH_ZONES='$ZONES' $INVOCATION"

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
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-analytics-bench.XXXXXX")
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
if ((HTTP)); then
  log "dotnet publish BakeryOps.Portal -c Release ($SOURCE_DESC)"
  dotnet publish "$WORK/src/BakeryOps.Portal" -c Release -o "$WORK/app" >"$WORK/publish.log" 2>&1 \
    || { tail -n 40 "$WORK/publish.log" >&2; die "dotnet publish failed"; }
fi
BENCH_APP="$WORK/src/scripts/bench/analytics.cs"
log "dotnet build scripts/bench/analytics.cs -c Release"
dotnet build "$BENCH_APP" -c Release >"$WORK/bench-build.log" 2>&1 \
  || { tail -n 40 "$WORK/bench-build.log" >&2; die "building scripts/bench/analytics.cs failed"; }
bench() { dotnet run --no-build -c Release "$BENCH_APP" -- "$@" 2> >(tee -a "$WORK/bench.log" | sed 's/^/    /' >&2); }

# ---- 3. PostgreSQL and the data (not timed) ---------------------------------------------------
# pg_stat_statements tells the engine's time in PostgreSQL from its time in C#; the server's other settings are
# scripts/test.sh's, the same for the engine and the hand-written query.
pg_start "$WORK" -c shared_preload_libraries=pg_stat_statements
PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
DATABASE=bakeryops_analytics
pg_psql -c "create database $DATABASE" >/dev/null
pg_psql -d "$DATABASE" -c "create extension pg_stat_statements" >/dev/null
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=$DATABASE"
log "postgres $PG_VERSION up on 127.0.0.1:$PG_PORT (fsync and synchronous_commit off, as in scripts/test.sh)"
log "seeding $MOVEMENTS movements over $PRODUCTS products and $MONTHS months"
bench seed "$CONNECTION" "$WORK/run" "$PRODUCTS" "$MOVEMENTS" "$MONTHS" || die "seeding failed (see the bench log above)"

# ---- 4. the portal, then the counts (after its start, which may add data of its own) ----------
BASE="-"
ADMIN_PASSWORD="-"
if ((HTTP)); then
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
  log "portal ready on $BASE (pid $APP_PID)"
fi
q() { pg_psql -d "$DATABASE" -c "$1"; }
COUNTED=$(q "select count(*) from bakery_ops_movements")
OTHERS=$(q "select count(*) from bakery_ops_movements where facility_id <> 'bench_analytics'")
MOVED=$(q "select count(distinct product_id) from bakery_ops_movements")
HELD=$(q "select count(*) from bakery_ops_products where facility_id = 'bench_analytics'")
SPANNED=$(q "select count(distinct date_trunc('month', adjustment_date at time zone 'UTC')) from bakery_ops_movements")
TOTAL=$(q "select sum(inventory_quantity) from bakery_ops_movements")
ON_HAND=$(q "select sum(on_hand) from bakery_ops_products where facility_id = 'bench_analytics'")
[[ $COUNTED == "$MOVEMENTS" && $OTHERS == 0 ]] || die "bakery_ops_movements holds $COUNTED rows ($OTHERS of other facilities), expected $MOVEMENTS"
[[ $MOVED == "$PRODUCTS" && $HELD == "$PRODUCTS" ]] || die "$MOVED products moved and $HELD held, expected $PRODUCTS"
[[ $SPANNED == "$MONTHS" ]] || die "the movements span $SPANNED months (UTC), expected $MONTHS"
[[ $TOTAL == "$ON_HAND" ]] || die "the movements sum to $TOTAL, the products' on-hand to $ON_HAND"
log "checked: $COUNTED movements, all in bench_analytics, over $MOVED products and $SPANNED months; sum $TOTAL = the products' on-hand"

# ---- 5. the rounds, zone by zone --------------------------------------------------------------
RESULTS="$WORK/results.tsv"
STATEMENTS="$WORK/statements.tsv"
: >"$RESULTS"
: >"$STATEMENTS"
HAND_PATTERN="SELECT product_id, date_trunc(%"
for zone in $ZONES; do
  log "$zone: warm-up, then $ROUNDS rounds of psql, psql-process, engine, npgsql$( ((HTTP)) && echo ', http')"
  bench pivot "$CONNECTION" "$WORK/run" "$PGBIN/psql" "$ROUNDS" "$BASE" "$ADMIN_PASSWORD" "$zone" >>"$RESULTS" \
    || die "the pivot benchmark failed for $zone (see the bench log above)"
  # PostgreSQL's time per statement over the rounds (the bench app resets the statistics after its warm-up): the
  # hand-written GROUP BY (psql's and Npgsql's runs share one entry) and everything else that read the movements.
  pg_psql -d "$DATABASE" -F $'\t' -c "
    select '$zone', case when query like '$HAND_PATTERN' then 'hand' else 'engine' end, calls,
           round(total_exec_time::numeric / 1000, 4), round(min_exec_time::numeric / 1000, 4), rows,
           regexp_replace(query, '\s+', ' ', 'g')
    from pg_stat_statements
    where query ilike '%bakery_ops_movements%' and query not like 'SELECT sum(inventory_quantity) FROM bakery_ops_movements%'
    order by total_exec_time desc" >>"$STATEMENTS"
done
grep -P '^\S+\t\S+\t' "$RESULTS" >/dev/null || die "no measurement was recorded"
log "PostgreSQL's statements over the rounds (zone, kind, calls, total s, fastest s, rows, text):"
cut -c1-400 "$STATEMENTS" | sed 's/^/    /' >&2

# ---- 6. report --------------------------------------------------------------------------------
# results columns: mode zone round seconds extra groups
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
series() { awk -F'\t' -v m="$1" -v z="$2" -v c="$3" '$1 == m && $2 == z {print $c}' "$RESULTS"; }
col() { series "$@" | median; }
# A/B per round (same round, same machine state): ratios MODE_A COL_A ZONE MODE_B COL_B
ratios() { paste <(series "$1" "$3" "$2") <(series "$4" "$3" "$5") | awk '{printf "%.4f\n", $1 / $2}'; }
ratio_median() { ratios "$@" | median; }
# "median (min–max)" of the ratios
spread() {
  local r; r=$(ratios "$@")
  awk -v m="$(printf '%s\n' "$r" | median)" '{lo = (NR == 1 || $1 < lo) ? $1 : lo; hi = (NR == 1 || $1 > hi) ? $1 : hi}
    END {printf "%.2f (%.2f–%.2f)", m, lo, hi}' <<<"$r"
}
fmt() { awk -v x="$1" 'BEGIN {printf "%.3f", x}'; }
met() { awk -v x="$1" -v g="$GOAL_RATIO" 'BEGIN {print (x <= g) ? "met" : "**not met**"}'; }
# PostgreSQL's seconds per run of a kind of statement: "fastest / mean"; the engine's statements add up per pivot.
pg_seconds() {
  awk -F'\t' -v z="$1" -v k="$2" -v n="$3" '$1 == z && $2 == k {t += $4; c += $3; f += $5}
    END {printf "%.3f / %.3f", f, (k == "hand") ? t / c : t / n}' "$STATEMENTS"
}
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
PIVOTS=$((ROUNDS * (1 + HTTP)))
# a table row of zone $zone: LABEL MODE COLUMN RATIO_TEXT
row() { ROWS_MD+="| $zone | $1 | $(fmt "$(col "$2" "$zone" "$3")") | $NGROUPS | $4 |"$'\n'; }
ROWS_MD=""
GOALS=""
for zone in $ZONES; do
  NGROUPS=$(series engine "$zone" 6 | head -1)
  ENGINE_RATIO=$(ratio_median engine 4 "$zone" psql 4)
  row "psql: the hand-written \`GROUP BY\`, at the prompt (\`\\timing\` of a session's second run)" psql 4 1
  row "psql: the same, a session's first run (a new backend)" psql 5 "$(spread psql 5 "$zone" psql 4)"
  row "psql: the same, one run as a whole process (connect, run, rows to /dev/null)" psql-process 4 "$(spread psql-process 4 "$zone" psql 4)"
  row "**engine: \`PivotService.RunAsync\`, in process**" engine 4 "**$(spread engine 4 "$zone" psql 4)**"
  row "npgsql: the hand-written SQL, in process, every row read" npgsql 4 "$(spread npgsql 4 "$zone" psql 4)"
  GOAL="$zone: the engine $(met "$ENGINE_RATIO") ($(printf '%.2f' "$ENGINE_RATIO")×)"
  if ((HTTP)); then
    HTTP_RATIO=$(ratio_median http 4 "$zone" psql 4)
    row "**http: \`POST /analytics/pivot\`, to the last byte**" http 4 "**$(spread http 4 "$zone" psql 4)**; $(spread http 4 "$zone" psql-process 4) to psql's whole process"
    GOAL+=", over HTTP $(met "$HTTP_RATIO") ($(printf '%.2f' "$HTTP_RATIO")×; $(printf '%.2f' "$(ratio_median http 4 "$zone" psql-process 4)")× psql as a whole process)"
  fi
  ROWS_MD+="| $zone | CPU of the bench process per run (reading the rows, and the engine's folding, in C#): the engine; npgsql | $(fmt "$(col engine "$zone" 5)"); $(fmt "$(col npgsql "$zone" 5)") | — | — |"$'\n'
  ROWS_MD+="| $zone | in PostgreSQL per run (\`pg_stat_statements\`, fastest / mean): the engine's SQL; the hand-written | $(pg_seconds "$zone" engine "$PIVOTS"); $(pg_seconds "$zone" hand 0) | — | — |"$'\n'
  GOALS+="${GOALS:+; }$GOAL"
done
TABLE=$(cat <<MD
### Run $(date -u +%Y-%m-%d) — $SOURCE_DESC

\`$INVOCATION\`: $MOVEMENTS movements of $PRODUCTS products in facility bench_analytics over $MONTHS months,
on PostgreSQL $PG_VERSION (fsync off, otherwise the test script's settings); every engine$( ((HTTP)) && echo ' and HTTP') result checked
against psql (cells = groups, every cell and total, grand total = \`sum(inventory_quantity)\` = $TOTAL). Warmed up;
medians of $ROUNDS rounds, ratios taken round by round: median (min–max). $(nproc) cores, $CPU; load average
$(cut -d' ' -f1-3 /proc/loadavg) at the end.

| Zone | Measurement | Median (s) | Groups | Ratio to psql |
|---|---|---:|---:|---:|
${ROWS_MD%$'\n'}

Goal (within ${GOAL_RATIO}× the hand-written query at the prompt): $GOALS.
MD
)
printf '\n%s\n\n' "$TABLE"

# ---- docs/benchmarks.md: the "Analytics pivot" section keeps the newest $KEEP_RUNS runs between its markers
if ((WRITE_DOCS)); then
  grep -qF '<!-- benchmark-analytics:begin' "$DOCS" || die "docs/benchmarks.md has no <!-- benchmark-analytics:begin --> marker"
  printf '%s\n\n' "$TABLE" >"$WORK/run.md"
  awk -v e='<!-- benchmark-analytics:end -->' -v keep="$KEEP_RUNS" -v runfile="$WORK/run.md" '
    index($0, "<!-- benchmark-analytics:begin") == 1 {
      print; while ((getline l < runfile) > 0) print l; inreg = 1; runs = 1; next }
    inreg && index($0, e) == 1 { inreg = 0; print; next }
    inreg { if ($0 ~ /^### Run /) runs++; if (runs <= keep) print; next }
    { print }' "$DOCS" >"$WORK/docs.md"
  cat "$WORK/docs.md" >"$DOCS"
  log "docs/benchmarks.md updated (Analytics pivot, newest $KEEP_RUNS runs kept)"
fi
log "done in $((SECONDS - T0)) s"
