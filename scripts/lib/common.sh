# shellcheck shell=bash
# scripts/lib/common.sh — small helpers shared by the scripts in scripts/ (sourced, not executed).
#
#   as_root CMD...   run CMD as root (directly when root, else through sudo)
#   apt_install_without_starting PKG...
#                    apt-get install PKG... without starting the daemons they ship (slapd, nginx): those would
#                    take ports and outlive the run
#   free_port        print a free TCP port on 127.0.0.1
#
# The caller may define log() and die(); plain fallbacks are defined here when it has not.

declare -F log >/dev/null || log() { printf '%s\n' "$*"; }
declare -F die >/dev/null || die() { log "ERROR: $*" >&2; exit 1; }

as_root() { if ((EUID == 0)); then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi; }

# A policy-rc.d that says "no" (exit 101) is how Debian packages are told not to start their services; one is put in
# place for the install when the machine has none, and removed again.
apt_install_without_starting() {
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e $policy ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy" && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null || {
    ((made_policy)) && as_root rm -f "$policy"
    die "apt-get install $* failed"
  }
  ((made_policy)) && as_root rm -f "$policy"
  return 0
}

# Free TCP port on 127.0.0.1 (python3 asks the kernel; fallback: probe random ports with bash /dev/tcp).
free_port() {
  local p
  if command -v python3 >/dev/null 2>&1 &&
    p=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()' 2>/dev/null) &&
    [[ $p =~ ^[0-9]+$ ]]; then
    echo "$p"; return 0
  fi
  for _ in {1..200}; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# Stops a background process: TERM, up to $2 tenths of a second to exit (default 50), then KILL.
stop_process() {
  local pid=$1 tenths=${2:-50}
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  for ((i = 0; i < tenths; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}
