#!/usr/bin/env bash
# scripts/check-deploy.sh — lints the deployment files and the shell scripts (run by scripts/test.sh; also alone).
#
#   1. systemd-analyze verify on every deploy/*.service, unchanged: in a throwaway root that holds a copy of the
#      host's system units and an empty executable at each unit's ExecStart path (verify refuses a unit whose
#      program does not exist, and the real /opt must not be touched). Any message, even a warning, fails.
#      systemd-analyze security --offline on the same copy: an exposure score above 3.5 fails.
#   2. shellcheck (every severity, following sourced files) on deploy/*.sh and scripts/**/*.sh.
#   3. nginx -t on deploy/nginx/*.conf with a throwaway certificate, when nginx and openssl are installed.
#
# Needs systemd-analyze (package systemd) and shellcheck; scripts/test.sh installs them.
# Usage:  ./scripts/check-deploy.sh [-h|--help]
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ${1:-} in
  -h | --help) sed -n '2,/^set -Eeuo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) printf 'unknown argument: %s (see --help)\n' "$1" >&2; exit 2 ;;
esac

declare -F log >/dev/null || log() { printf '[check-deploy] %s\n' "$*"; }
fail() { printf '[check-deploy] FAILED: %s\n' "$*" >&2; exit 1; }
command -v systemd-analyze >/dev/null || fail "systemd-analyze not found (apt-get install systemd)"
command -v shellcheck >/dev/null || fail "shellcheck not found (apt-get install shellcheck)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-check-deploy.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# ---- 1. systemd units ---------------------------------------------------------------------------------------------
units=("$REPO"/deploy/*.service)
[[ -e ${units[0]} ]] || fail "no deploy/*.service"
root=$WORK/root
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd"
# verify loads the unit's dependencies (sysinit.target, network-online.target, ...) from inside the root.
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
for unit in "${units[@]}"; do
  cp "$unit" "$root/etc/systemd/system/"
  while IFS= read -r program; do
    mkdir -p "$root$(dirname "$program")"
    printf '#!/bin/sh\n' >"$root$program"
    chmod 0755 "$root$program"
  done < <(sed -n 's/^Exec[A-Za-z]*=[-@:+!]*\([^ ]*\).*/\1/p' "$unit")
done
for unit in "${units[@]}"; do
  name=$(basename "$unit")
  out=$(systemd-analyze verify --root="$root" "$name" 2>&1) || fail "systemd-analyze verify $name: $out"
  [[ -z $out ]] || fail "systemd-analyze verify $name: $out"
  log "systemd-analyze verify $name: ok"
  # A guard against weakening the sandbox: the unit scores 3.1 ("OK"); above 3.5 fails. 0 is fully locked down.
  out=$(systemd-analyze security --offline=true --root="$root" --threshold=35 --no-pager "$name" 2>&1) ||
    fail "systemd-analyze security $name: exposure above 3.5: $out"
  log "systemd-analyze security $name: ${out##*exposure level for }"
done

# ---- 2. shell scripts -----------------------------------------------------------------------------------------------
mapfile -d '' scripts < <(find "$REPO/deploy" "$REPO/scripts" -name '*.sh' -not -path '*/node_modules/*' -print0 | sort -z)
((${#scripts[@]})) || fail "no shell scripts found"
(cd "$REPO" && shellcheck --external-sources --severity=style "${scripts[@]#"$REPO"/}") || fail "shellcheck"
log "shellcheck: ${#scripts[@]} scripts clean"
for script in "$REPO"/deploy/*.sh; do
  "$script" --help >/dev/null || fail "$(basename "$script") --help"
done

# ---- 3. nginx example -------------------------------------------------------------------------------------------------
if command -v nginx >/dev/null && command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=bakeryops.example.com \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1 || fail "openssl could not make a test certificate"
  for conf in "$REPO"/deploy/nginx/*.conf; do
    sed -e "s#ssl_certificate .*;#ssl_certificate $WORK/cert.pem;#" \
      -e "s#ssl_certificate_key .*;#ssl_certificate_key $WORK/key.pem;#" "$conf" >"$WORK/site.conf"
    printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp { access_log off; include %s/site.conf; }\n' \
      "$WORK" "$WORK" "$WORK" >"$WORK/nginx.conf"
    out=$(nginx -t -q -c "$WORK/nginx.conf" -p "$WORK" 2>&1) || fail "nginx -t $(basename "$conf"): $out"
    log "nginx -t $(basename "$conf"): ok"
  done
else
  log "nginx or openssl not installed: deploy/nginx/*.conf not checked"
fi
