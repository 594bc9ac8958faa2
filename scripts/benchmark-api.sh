#!/usr/bin/env bash
# scripts/benchmark-api.sh — benchmark of the /bakeryops API on PostgreSQL (issues 3 and 16), written to docs/benchmarks.md.
#
# On Debian 12 as root (or with sudo for apt; needs the .NET SDK) it:
#   1. apt-installs what is missing: postgresql, wrk, curl, jq
#   2. starts a throwaway PostgreSQL cluster on a free 127.0.0.1 port (scripts/lib/postgres.sh), creates a database
#   3. snapshots the source (working tree, or HEAD with --head) into a temp dir, `dotnet publish -c Release`,
#      and runs the published portal in Production on a free 127.0.0.1 port against that database
#   4. builds and starts the hand-written baseline (scripts/bench/api-baseline.cs: the same facility check, count,
#      page query with raw Npgsql, JSON and JWT check) on another port, on the same database with the same key
#   5. gets a token from POST /token, creates BENCH_PRODUCTS products (default 1000) with a RECEIPT each, and checks
#      that the baseline answers GET products and GET inventory-movements with the portal's bytes
#   6. wrk, same settings for every target, warm-up pass first, then in one run:
#        GET /health/live (anonymous, no database: the fixed overhead)
#        for GET products?size=1000, GET products (default page of 100), GET inventory-movements?size=1000 and
#        GET inventory-movements (page of 100): the baseline, the portal, the baseline again; the portal's ratio is
#        to the mean of the two baseline runs around it, and their spread shows how much the machine drifted
#        POST inventory-adjustments (one RECEIPT, random product: scripts/bench/post-adjustments.lua), /health/live again
#      any non-2xx response or socket error fails the benchmark
#   7. checks that no POST was lost: new movements between wrk's completed and sent counts, on-hand total moved by
#      exactly quantity x new movements, and sampled products' on-hand = their receipts
#   8. prints a Markdown table and records it in docs/benchmarks.md ("Bakery Operations API", newest runs first)
#   9. with BENCH_TRACE=<dir>: dotnet-trace (tool manifest) samples the portal during one more run of each GET
#      target and writes <dir>/<target>.nettrace, its Speedscope conversion and <dir>/<target>.top.txt, the methods
#      that took the portal's managed CPU (scripts/bench/trace-top.cs)
# The portal keeps its per-principal API rate limiter, with a limit (a million a second) that the load cannot reach.
# Everything started here is stopped and the temp dir removed on exit.
#
# Usage:  sudo ./scripts/benchmark-api.sh [--head] [--no-docs]
#   --head      benchmark the committed HEAD (git archive) instead of the working tree
#   --no-docs   print the table only; leave docs/benchmarks.md alone
# Environment (defaults): BENCH_DURATION=15s BENCH_WARMUP=3s BENCH_THREADS=2 BENCH_CONNECTIONS=32
#   BENCH_PRODUCTS=1000  BENCH_KEEP_RUNS=3 (runs kept in the docs)  BENCH_PG_DURABLE=0 (1: fsync and synchronous
#   commit on; the default cluster trades durability for speed like the test cluster)
#   BENCH_PUBLISHED_DIR=<dir> reuse an existing `dotnet publish` output instead of building (the baseline is always
#   built from this checkout's scripts/bench/api-baseline.cs)
#   BENCH_NPGSQL_OPTIONS='Max Auto Prepare=20;...' experiment with Npgsql settings: the portal then gets
#   Database__Provider/Database__ConnectionString with these appended instead of PG_DATABASE_URL
#   BENCH_TRACE=<dir> profile the portal after the measurements (step 9); BENCH_TRACE_DURATION=10s
set -Eeuo pipefail
# shellcheck disable=SC2016 # Markdown backticks in single quotes are meant literally

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCS="$REPO/docs/benchmarks.md"
FACILITY=default_facility
QUANTITY=0.25        # per POSTed RECEIPT: a quarter is exact in binary, so on-hand sums compare exactly
INITIAL_QUANTITY=10  # the RECEIPT each product gets at creation

DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-3s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PRODUCTS=${BENCH_PRODUCTS:-1000}
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
INVOCATION="./scripts/benchmark-api.sh${*:+ $*}"

T0=$SECONDS
log() { printf '[bench %ss] %s\n' $((SECONDS - T0)) "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }
trap 'rc=$?; log "failed (rc=$rc) at line $LINENO: $BASH_COMMAND" >&2' ERR

# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
# shellcheck source=scripts/lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"

WORK=""
APP_PID=""
BASELINE_PID=""

cleanup() {
  local rc=$?
  trap - ERR
  set +e
  stop_process "$APP_PID" 100
  stop_process "$BASELINE_PID" 100
  pg_stop
  if [[ -n $WORK && -d $WORK ]]; then
    if ((rc != 0)); then
      [[ -s $WORK/portal.log ]] && { echo "---- last lines of the portal log:" >&2; tail -n 30 "$WORK/portal.log" >&2; }
      [[ -s $WORK/pg/server.log ]] && { echo "---- last lines of the PostgreSQL log:" >&2; tail -n 10 "$WORK/pg/server.log" >&2; }
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
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl ca-certificates)
command -v jq >/dev/null || need+=(jq)
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  # (no "| grep -q": with pipefail its early exit would SIGPIPE apt-cache and read as "no candidate")
  has_candidate() { [[ $(apt-cache policy "$1" 2>/dev/null) == *"Candidate: "[0-9]* ]]; }
  for p in "${need[@]}"; do
    has_candidate "$p" || { log "apt-cache policy $p: no candidate; apt-get update"; as_root apt-get update -qq; break; }
  done
  for p in "${need[@]}"; do has_candidate "$p" || die "apt has no $p package (apt-cache policy $p)"; done
  log "apt-get install ${need[*]}"
  as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# no MSBuild/compiler servers outliving the run
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-bench.XXXXXX")
chmod 711 "$WORK"   # postgres must be able to traverse into it

# ---- 2. PostgreSQL ----------------------------------------------------------------------------
if [[ ${BENCH_PG_DURABLE:-0} == 1 ]]; then
  pg_start "$WORK" -c fsync=on -c synchronous_commit=on -c full_page_writes=on
  PG_MODE="fsync on, synchronous_commit on"
else
  pg_start "$WORK"
  PG_MODE="fsync and synchronous_commit off, as in scripts/test.sh"
fi
PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
pg_psql -c 'create database bakeryops_bench' >/dev/null
log "postgres $PG_VERSION up on 127.0.0.1:$PG_PORT, database bakeryops_bench"

# ---- 3. publish + run the portal --------------------------------------------------------------
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n ${BENCH_PUBLISHED_DIR:-} ]]; then
  APP=$(cd "$BENCH_PUBLISHED_DIR" && pwd)
  [[ -f $APP/BakeryOps.Portal.dll ]] || die "BENCH_PUBLISHED_DIR=$APP has no BakeryOps.Portal.dll"
  SOURCE_DESC="prebuilt $APP (BENCH_PUBLISHED_DIR)"
  log "using the published portal in $APP"
else
  # A private copy of the source: concurrent builds in the repository cannot collide with this one.
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
  APP="$WORK/app"
  log "published"
fi

APP_PORT=$(free_port) || die "no free port for the portal"
BASE="http://127.0.0.1:$APP_PORT"
API="$BASE/bakeryops/facilities/$FACILITY"
ADMIN_PASSWORD="Bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-Aa1!"
JWT_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
mkdir -p "$WORK/data"
if [[ -n ${BENCH_NPGSQL_OPTIONS:-} ]]; then
  DB_ENV=(Database__Provider=Postgres
    "Database__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=bakeryops_bench;$BENCH_NPGSQL_OPTIONS")
  PG_MODE+="; Npgsql: $BENCH_NPGSQL_OPTIONS"
else
  DB_ENV=("PG_DATABASE_URL=postgresql://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/bakeryops_bench")
fi
(
  cd "$APP"
  exec env ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="$BASE" \
    "${DB_ENV[@]}" \
    SECRET_KEY="$JWT_SECRET" \
    BAKERYOPS_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    BAKERYOPS_DATA_DIR="$WORK/data" \
    Serilog__MinimumLevel__Default=Warning \
    RateLimits__ApiPerPrincipal__PermitLimit=1000000 RateLimits__ApiPerPrincipal__Window=00:00:01 \
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

# ---- the hand-written baseline: same database, same signing key ------------------------------------
log "dotnet publish scripts/bench/api-baseline.cs -c Release"
dotnet publish "$REPO/scripts/bench/api-baseline.cs" -c Release -o "$WORK/baseline" >"$WORK/baseline-build.log" 2>&1 \
  || { tail -n 40 "$WORK/baseline-build.log" >&2; die "building scripts/bench/api-baseline.cs failed"; }
HAND_PORT=$(free_port) || die "no free port for the baseline"
HAND_BASE="http://127.0.0.1:$HAND_PORT"
HAND_API="$HAND_BASE/bakeryops/facilities/$FACILITY"
(
  cd "$WORK/baseline"
  exec env SECRET_KEY="$JWT_SECRET" dotnet api-baseline.dll \
    "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=bakeryops_bench" "$HAND_BASE"
) >"$WORK/baseline.log" 2>&1 </dev/null &
BASELINE_PID=$!
deadline=$((SECONDS + 60))
until [[ $(curl -s -o /dev/null -w '%{http_code}' "$HAND_API/products") == 401 ]]; do
  kill -0 "$BASELINE_PID" 2>/dev/null || { cat "$WORK/baseline.log" >&2; die "the baseline exited during start"; }
  ((SECONDS < deadline)) || die "the baseline was not ready within 60 s"
  sleep 0.3
done
log "hand-written baseline ready on $HAND_BASE (pid $BASELINE_PID)"

TOKEN=$(curl -fsS --data-urlencode username=admin --data-urlencode "password=$ADMIN_PASSWORD" "$BASE/token" | jq -er .access_token) \
  || die "POST /token did not return an access_token"
AUTH="Authorization: Bearer $TOKEN"

# GET with the token; prints the body; "-D file" style header capture via $2
api_get() { curl -fsS -H "$AUTH" ${2:+-D "$2"} "$API/$1"; }
total_count() { # X-Total-Count of a list endpoint
  api_get "$1" "$WORK/headers" >/dev/null
  tr -d '\r' <"$WORK/headers" | awk -F': *' 'tolower($1) == "x-total-count" {print $2}'
}

# ---- 4. data: products, each with an opening RECEIPT --------------------------------------------
EXISTING=$(total_count "products?size=1&archived=all")
log "creating $PRODUCTS products ($EXISTING already in $FACILITY)"
mkdir -p "$WORK/created"
{
  for ((i = 1; i <= PRODUCTS; i++)); do
    printf -v n '%04d' "$i"
    printf 'next\nheader = "%s"\nheader = "Content-Type: application/json"\n' "$AUTH"
    printf 'data = "{\\"productName\\":\\"Bench flour %s\\",\\"inventoryUnit\\":\\"KG\\",\\"productCategory\\":\\"Benchmark\\"}"\n' "$n"
    printf 'url = "%s/products"\noutput = "%s/created/%s.json"\n' "$API" "$WORK" "$n"
  done
} | sed '1d' >"$WORK/create.curl"   # no "next" before the first transfer
t=$SECONDS
curl --no-progress-meter --parallel --parallel-max 8 -K "$WORK/create.curl" -w '%{http_code}\n' >"$WORK/create.status" 2>"$WORK/create.err" || true
bad=$(grep -cv '^201$' "$WORK/create.status" || true)
((bad == 0)) || { cat "$WORK/create.err" >&2; die "$bad of $PRODUCTS product creations did not answer 201 ($(sort "$WORK/create.status" | uniq -c | tr '\n' ' '))"; }
log "created $PRODUCTS products in $((SECONDS - t)) s (curl --parallel-max 8)"
jq -r '._id' "$WORK"/created/*.json >"$WORK/ids.txt"
(($(grep -c . "$WORK/ids.txt") == PRODUCTS)) || die "expected $PRODUCTS product ids, got $(grep -c . "$WORK/ids.txt")"
# opening balances: arrays of 100 adjustments (all or nothing each)
t=$SECONDS
jq -R -s -c --argjson q "$INITIAL_QUANTITY" \
  'split("\n") | map(select(length > 0) | {productId: ., quantity: $q, unit: "KG", adjustmentType: "RECEIPT", reason: "benchmark opening balance"}) | _nwise(100)' \
  "$WORK/ids.txt" | while IFS= read -r chunk; do
    curl -fsS -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' --data-binary "$chunk" "$API/inventory-adjustments" \
      || die "opening RECEIPTs failed"
  done
log "opening RECEIPTs posted in $((SECONDS - t)) s ($(((PRODUCTS + 99) / 100)) arrays of up to 100)"
LISTED=$(total_count "products?size=1")
log "data ready: $LISTED active products in $FACILITY, each bench product with $INITIAL_QUANTITY KG on hand"
MOVEMENTS=$(total_count "inventory-movements?size=1")
# The ratios mean something only if both sides do the same work: same status, same total, same bytes.
for path in "products?size=1000" "products" "inventory-movements?size=1000" "inventory-movements"; do
  curl -fsS -H "$AUTH" -D "$WORK/portal.h" -o "$WORK/portal.json" "$API/$path" || die "GET $path failed on the portal"
  curl -fsS -H "$AUTH" -D "$WORK/hand.h" -o "$WORK/hand.json" "$HAND_API/$path" || die "GET $path failed on the baseline"
  cmp -s "$WORK/portal.json" "$WORK/hand.json" \
    || die "GET $path: the baseline's body differs from the portal's ($(cmp "$WORK/portal.json" "$WORK/hand.json" | head -c 200))"
  [[ $(grep -i '^x-total-count' "$WORK/portal.h") == $(grep -i '^x-total-count' "$WORK/hand.h") ]] \
    || die "GET $path: X-Total-Count differs between the portal and the baseline"
done
log "the baseline answers the four GET targets with the portal's bytes and X-Total-Count ($MOVEMENTS movements)"

# ---- 5. wrk -------------------------------------------------------------------------------------
# CPU time (clock ticks) of the portal, of the PostgreSQL cluster (postmaster with its reaped children, plus the
# live backends), of this shell's waited-for children (wrk, when read around the wrk call only) and of the whole
# machine (/proc/stat): what is left is other load, the noise this benchmark cannot control.
CLK_TCK=$(getconf CLK_TCK)
proc_ticks() { awk -v c="${2:-0}" '{ sub(/^.*\) /, ""); t = $12 + $13; if (c) t += $14 + $15; print t }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local pm; pm=$(head -n 1 "$PGDATA_DIR/postmaster.pid")
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$pm" '
    { pid = $1; sub(/^.*\) /, ""); if (pid == pm) t += $12 + $13 + $14 + $15; else if ($2 == pm) t += $12 + $13 }
    END { print t + 0 }'
}
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }  # all CPUs, all but idle and iowait
self_children_ticks() { awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$$/stat"; }

declare -A R   # R[name.key] = value from the BENCH line, plus app_ticks, pg_ticks, wrk_ticks
run_wrk() { # name duration url script [bearer]
  local name=$1 duration=$2 url=$3 script=$4 token=${5:-} out="$WORK/wrk-$1.txt"
  local a0 p0 w0 b0
  local server; server=$(pid_of "$1")
  a0=$(proc_ticks "$server"); p0=$(pg_ticks); w0=$(self_children_ticks); b0=$(busy_ticks)
  (cd "$REPO" && BENCH_TOKEN=$token BENCH_IDS_FILE="$WORK/ids.txt" BENCH_QUANTITY=$QUANTITY \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout 10s --latency -s "$script" "$url") >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed for $name"; }
  R[$name.wrk_ticks]=$(($(self_children_ticks) - w0))
  R[$name.app_ticks]=$(($(proc_ticks "$server") - a0))
  R[$name.pg_ticks]=$(($(pg_ticks) - p0))
  R[$name.other_ticks]=$(($(busy_ticks) - b0 - R[$name.wrk_ticks] - R[$name.app_ticks] - R[$name.pg_ticks]))
  local line kv
  line=$(grep '^BENCH ' "$out") || { cat "$out" >&2; die "wrk printed no BENCH line for $name"; }
  for kv in ${line#BENCH }; do R[$name.${kv%%=*}]=${kv#*=}; done
}
GET_SCRIPT=scripts/bench/report.lua
POST_SCRIPT=scripts/bench/post-adjustments.lua
GET_TARGETS=(products_1000 products_100 movements_1000 movements_100)
declare -A URL=(
  [health]="$BASE/health/live"
  [products_1000]="$API/products?size=1000"
  [products_100]="$API/products"
  [movements_1000]="$API/inventory-movements?size=1000"
  [movements_100]="$API/inventory-movements"
  [post]="$API/inventory-adjustments"
  [health_after]="$BASE/health/live"
)
# The labels are Markdown: the backticks are literal.
# shellcheck disable=SC2016
declare -A LABEL=(
  [health]='`GET /health/live` (fixed overhead, before)'
  [products_1000]="\`GET products?size=1000\` ($( ((LISTED <= 1000)) && echo "all $LISTED products" || echo "1,000 of $LISTED products"))"
  [products_100]='`GET products` (default page, 100)'
  [movements_1000]="\`GET inventory-movements?size=1000\` (1,000 of $MOVEMENTS)"
  [movements_100]='`GET inventory-movements` (default page, 100)'
  [post]='`POST inventory-adjustments` (1 RECEIPT)'
  [health_after]='`GET /health/live` (fixed overhead, after)'
)
ORDER=(health)
for t in "${GET_TARGETS[@]}"; do
  URL[hand_${t}_a]=${URL[$t]/#$API/$HAND_API}
  URL[hand_${t}_b]=${URL[$t]/#$API/$HAND_API}
  LABEL[hand_${t}_a]="hand-written ${LABEL[$t]%% (*} (before)"
  LABEL[hand_${t}_b]="hand-written ${LABEL[$t]%% (*} (after)"
  ORDER+=("hand_${t}_a" "$t" "hand_${t}_b")
done
ORDER+=(post health_after)
script_of() { [[ $1 == post ]] && echo "$POST_SCRIPT" || echo "$GET_SCRIPT"; }
token_of() { [[ $1 == health* ]] || echo "$TOKEN"; }
pid_of() { [[ $1 == hand_* || $1 == warmup_hand_* ]] && echo "$BASELINE_PID" || echo "$APP_PID"; }

log "warm-up: $WARMUP per target (wrk -t$THREADS -c$CONNECTIONS)"
WARM=()
for t in "${GET_TARGETS[@]}"; do WARM+=("$t" "hand_${t}_a"); done
for name in "${WARM[@]}" post health; do
  run_wrk "warmup_$name" "$WARMUP" "${URL[$name]}" "$(script_of "$name")" "$(token_of "$name")"
done

# on-hand total of the bench products and the RECEIPT count, once in-flight requests have landed
settle() {
  local prev="" cur
  for _ in {1..20}; do
    cur=$(total_count "inventory-movements?movementTypes=RECEIPT&size=1")
    [[ $cur == "$prev" ]] && break
    prev=$cur; sleep 0.5
  done
  echo "$cur"
}
onhand_sum() { # sum of onHand.amount over the bench products (pages through the whole facility)
  local offset=0 page n
  : >"$WORK/all-products.json"
  while :; do
    page=$(api_get "products?size=1000&offset=$offset&archived=all")
    printf '%s\n' "$page" >>"$WORK/all-products.json"
    n=$(jq length <<<"$page")
    ((n == 1000)) || break
    offset=$((offset + 1000))
  done
  jq -n --rawfile ids "$WORK/ids.txt" '
    ($ids | split("\n") | map(select(length > 0)) | map({(.): true}) | add) as $bench
    | [inputs[] | select($bench[._id]) | .onHand.amount] | add' "$WORK/all-products.json"
}

log "measuring: ${DURATION} per target"
for name in "${ORDER[@]}"; do
  if [[ $name == post ]]; then
    M0=$(settle); S0=$(onhand_sum)
  fi
  run_wrk "$name" "$DURATION" "${URL[$name]}" "$(script_of "$name")" "$(token_of "$name")"
  if [[ $name == post ]]; then
    M1=$(settle); S1=$(onhand_sum)
  fi
  log "$(printf '%-15s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  requests %s  non-2xx %s' "$name" \
    "$(jq -n "${R[$name.requests]} / (${R[$name.duration_us]} / 1e6)")" \
    "$(jq -n "${R[$name.p50_us]} / 1000")" "$(jq -n "${R[$name.p99_us]} / 1000")" \
    "${R[$name.requests]}" "${R[$name.non2xx]}")"
done

# ---- 6. checks: no errors, no lost POST ----------------------------------------------------------
failures=()
for name in "${ORDER[@]}"; do
  errs=$((R[$name.connect] + R[$name.read] + R[$name.write] + R[$name.timeout]))
  ((R[$name.non2xx] == 0)) || failures+=("$name: ${R[$name.non2xx]} non-2xx responses")
  ((errs == 0)) || failures+=("$name: $errs socket errors (connect ${R[$name.connect]}, read ${R[$name.read]}, write ${R[$name.write]}, timeout ${R[$name.timeout]})")
done
NEW=$((M1 - M0))
COMPLETED=${R[post.requests]}
SENT=${R[post.sent]}
((NEW >= COMPLETED && NEW <= SENT)) \
  || failures+=("post: the server recorded $NEW new movements; wrk completed $COMPLETED and sent $SENT")
sum_ok=$(jq -n --argjson s0 "$S0" --argjson s1 "$S1" --argjson n "$NEW" --argjson q "$QUANTITY" '($s1 - $s0) == ($n * $q)')
[[ $sum_ok == true ]] || failures+=("post: on-hand total moved from $S0 to $S1, expected +$NEW x $QUANTITY")
SAMPLE_OK=0
for id in $(shuf -n 5 "$WORK/ids.txt"); do
  receipts=$(total_count "inventory-movements?productId=$id&movementTypes=RECEIPT&size=1")
  amount=$(api_get "products/$id" | jq '.onHand.amount')
  expected=$(jq -n "$INITIAL_QUANTITY + ($receipts - 1) * $QUANTITY")
  if [[ $(jq -n "$amount == $expected") == true ]]; then
    SAMPLE_OK=$((SAMPLE_OK + 1))
  else
    failures+=("product $id: on-hand $amount, but its $receipts RECEIPTs add up to $expected")
  fi
done
VERIFY="POST check: wrk completed $COMPLETED and sent $SENT requests; the server recorded $NEW new RECEIPT movements \
(in flight when wrk stopped: $((SENT - COMPLETED))); the bench products' on-hand total moved from $S0 to $S1 \
(= $NEW x $QUANTITY KG: $sum_ok); $SAMPLE_OK of 5 sampled products have on-hand = the sum of their RECEIPTs."
log "$VERIFY"

# ---- profile (BENCH_TRACE) -------------------------------------------------------------------------
if [[ -n ${BENCH_TRACE:-} ]]; then
  mkdir -p "$BENCH_TRACE"
  TRACE_DIR=$(cd "$BENCH_TRACE" && pwd)
  TRACE_SECONDS=${BENCH_TRACE_DURATION:-10s}
  (cd "$REPO" && dotnet tool restore >/dev/null) || die "dotnet tool restore failed"
  dotnet build "$REPO/scripts/bench/trace-top.cs" -c Release >"$TRACE_DIR/trace-top-build.log" 2>&1 \
    || { tail -n 20 "$TRACE_DIR/trace-top-build.log" >&2; die "building scripts/bench/trace-top.cs failed"; }
  for t in "${GET_TARGETS[@]}"; do
    (cd "$REPO" && exec dotnet tool run dotnet-trace -- collect -p "$APP_PID" --profile dotnet-sampled-thread-time \
      --duration "00:00:00:${TRACE_SECONDS%s}" -o "$TRACE_DIR/$t.nettrace") >"$TRACE_DIR/$t.collect.log" 2>&1 &
    trace_pid=$!
    sleep 1
    run_wrk "trace_$t" "$TRACE_SECONDS" "${URL[$t]}" "$GET_SCRIPT" "$TOKEN"
    wait "$trace_pid" || die "dotnet-trace collect failed for $t (see $TRACE_DIR/$t.collect.log)"
    (cd "$REPO" && dotnet tool run dotnet-trace -- convert "$TRACE_DIR/$t.nettrace" --format Speedscope -o "$TRACE_DIR/$t") \
      >>"$TRACE_DIR/$t.collect.log" 2>&1 || die "dotnet-trace convert failed for $t (see $TRACE_DIR/$t.collect.log)"
    dotnet run --no-build -c Release "$REPO/scripts/bench/trace-top.cs" -- "$TRACE_DIR/$t.speedscope.json" 30 >"$TRACE_DIR/$t.top.txt" \
      || die "scripts/bench/trace-top.cs failed for $t"
    log "profile of $t: $TRACE_DIR/$t.nettrace, its top methods by CPU in $TRACE_DIR/$t.top.txt"
  done
fi

# ---- 7. report -----------------------------------------------------------------------------------
rps_of() { jq -n "${R[$1.requests]} / (${R[$1.duration_us]} / 1e6)"; }
# a portal target against the mean of the hand-written runs just before and after it, so drift biases neither side;
# a hand-written run against that same mean shows the drift; the rest have no hand-written counterpart
declare -A RATIO
for t in "${GET_TARGETS[@]}"; do
  hand=$(jq -n "($(rps_of "hand_${t}_a") + $(rps_of "hand_${t}_b")) / 2")
  RATIO[$t]=$(jq -n "$(rps_of "$t") / $hand")
  RATIO[hand_${t}_a]=$(jq -n "$(rps_of "hand_${t}_a") / $hand")
  RATIO[hand_${t}_b]=$(jq -n "$(rps_of "hand_${t}_b") / $hand")
done
fmt_size() { jq -nr --argjson b "$1" 'if $b >= 1048576 then "\($b / 1048576 * 10 | round / 10) MiB" elif $b >= 1024 then "\($b / 1024 * 10 | round / 10) KiB" else "\($b | round) B" end'; }
TABLE=$'| Target | Requests/s | p50 | p99 | Req/s ÷ hand-written | Requests | Response | CPU ms/request: server / PostgreSQL | Cores busy: server / PostgreSQL / wrk / other |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|'
for name in "${ORDER[@]}"; do
  secs=$(jq -n "${R[$name.duration_us]} / 1e6")
  rps=$(jq -n "${R[$name.requests]} / $secs")
  ratio=${RATIO[$name]:+$(printf '%.2f' "${RATIO[$name]}")}
  [[ $name == hand_* || -z $ratio ]] || ratio="**$ratio**"
  TABLE+=$'\n'$(printf '| %s | %.0f | %.2f ms | %.2f ms | %s | %s | %s | %.2f / %.2f | %.2f / %.2f / %.2f / %.2f |' "${LABEL[$name]}" "$rps" \
    "$(jq -n "${R[$name.p50_us]} / 1000")" "$(jq -n "${R[$name.p99_us]} / 1000")" "${ratio:-—}" \
    "${R[$name.requests]}" "$(fmt_size "$(jq -n "${R[$name.bytes]} / ${R[$name.requests]}")")" \
    "$(jq -n "${R[$name.app_ticks]} * 1000 / $CLK_TCK / ${R[$name.requests]}")" \
    "$(jq -n "${R[$name.pg_ticks]} * 1000 / $CLK_TCK / ${R[$name.requests]}")" \
    "$(jq -n "${R[$name.app_ticks]} / $CLK_TCK / $secs")" "$(jq -n "${R[$name.pg_ticks]} / $CLK_TCK / $secs")" \
    "$(jq -n "${R[$name.wrk_ticks]} / $CLK_TCK / $secs")" "$(jq -n "${R[$name.other_ticks]} / $CLK_TCK / $secs")")
done
RATIOS="Portal ÷ hand-written baseline (goal ≥ 0.5, stretch ≥ 0.7):"
for t in "${GET_TARGETS[@]}"; do RATIOS+=" ${LABEL[$t]%% (*} **$(printf '%.2f' "${RATIO[$t]}")**;"; done
RATIOS=${RATIOS%;}.

CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
MEM_GB=$(free -g | awk '/^Mem:/ {print $2}')
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
ELAPSED=$((SECONDS - T0))
RUN_MD="### Run $DATE — $SOURCE_DESC

- Machine: $(nproc) cores${CPU:+ ($CPU)}, ${MEM_GB} GiB RAM (\`free -g\`), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"); .NET $(dotnet --version), PostgreSQL $PG_VERSION ($PG_MODE).
- Load: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` per target after a $WARMUP warm-up of each, all in one run of \`$INVOCATION\` (${ELAPSED} s in total); $LISTED active products in the facility.

$RATIOS

$TABLE

$VERIFY
"
echo
printf '%s\n' "$RUN_MD"

if ((${#failures[@]})); then
  printf '  - %s\n' "${failures[@]}" >&2
  die "benchmark failed (${#failures[@]} problems); docs/benchmarks.md not updated"
fi

# ---- docs/benchmarks.md: the "Bakery Operations API" section keeps the newest $KEEP_RUNS runs ------
BEGIN_MARK='<!-- benchmark-api:begin (scripts/benchmark-api.sh writes the runs between these markers, newest first) -->'
END_MARK='<!-- benchmark-api:end -->'
if ((WRITE_DOCS)); then
  if [[ ! -f $DOCS ]]; then
    cat >"$DOCS" <<'EOF'
# Benchmarks

Speed and memory goals live here, not in timed tests. Each section names the command that reproduces it, and its
figures are ratios against a baseline measured in the same command, because this machine is noisy.
EOF
  fi
  if ! grep -qF '<!-- benchmark-api:begin' "$DOCS"; then
    if ! grep -q '^## Bakery Operations API' "$DOCS"; then
      # shellcheck disable=SC2016 # Markdown backticks, not a command substitution
      printf '\n## Bakery Operations API\n\nReproduce (as root, or with sudo): `sudo ./scripts/benchmark-api.sh`\n' >>"$DOCS"
    fi
    # markers at the end of the section (before the next "## " heading, or at the end of the file)
    awk -v b="$BEGIN_MARK" -v e="$END_MARK" '
      /^## / { if (insec) { print b; print e; print ""; insec = 0; done = 1 } if ($0 ~ /^## Bakery Operations API/) insec = 1 }
      { print }
      END { if (insec && !done) { print ""; print b; print e } }' "$DOCS" >"$WORK/docs.md"
    cat "$WORK/docs.md" >"$DOCS"
  fi
  printf '%s\n' "$RUN_MD" >"$WORK/run.md"
  # replace the marked region: the new run, then the newest KEEP_RUNS-1 earlier runs
  awk -v e="$END_MARK" -v keep="$KEEP_RUNS" -v runfile="$WORK/run.md" '
    index($0, "<!-- benchmark-api:begin") == 1 {
      print; while ((getline l < runfile) > 0) print l; inreg = 1; runs = 1; next }
    inreg && index($0, e) == 1 { inreg = 0; print; next }
    inreg { if ($0 ~ /^### Run /) runs++; if (runs <= keep) print; next }
    { print }' "$DOCS" >"$WORK/docs.md"
  cat "$WORK/docs.md" >"$DOCS"
  log "docs/benchmarks.md updated (Bakery Operations API, newest $KEEP_RUNS runs kept)"
fi
log "done in $((SECONDS - T0)) s"
