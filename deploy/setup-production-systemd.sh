#!/usr/bin/env bash
# deploy/setup-production-systemd.sh — installs BakeryOps Portal as the systemd service bakeryops-portal, or
# upgrades it. Safe to run again: what exists is kept (the user, the data, the environment file), what the
# repository ships is replaced (the application, the unit).
#
# Steps (as root, on a Linux host with systemd and the .NET 10 SDK, or the ASP.NET Core 10 runtime with --published):
#   1. publishes the portal (dotnet publish -c Release) into a staging folder, unless --published gives one
#   2. creates the system user and group bakeryops (no login shell, home = the data directory)
#   3. creates /opt/bakeryops/app (root-owned, read-only to the service), /var/lib/bakeryops (the data directory,
#      bakeryops 0750) and /etc/bakeryops (root 0700)
#   4. writes /etc/bakeryops/bakeryops.env from deploy/bakeryops.env.example with a fresh random JWT key, mode 0600,
#      only when it does not exist; an existing one is never overwritten, only set back to root 0600
#   5. replaces /opt/bakeryops/app with the published files
#   6. installs deploy/bakeryops-portal.service into /etc/systemd/system, with a drop-in naming the .NET install
#      (DOTNET_ROOT), reloads systemd and enables the unit
#   7. restarts the service (starts it the first time) and waits until /health/live answers, unless --no-start
#
# Usage:  sudo deploy/setup-production-systemd.sh [--published DIR] [--dotnet-root DIR] [--no-start]
#   --published DIR    install this `dotnet publish` output instead of publishing from the repository
#   --dotnet-root DIR  the .NET install the service runs on (default: where `dotnet` on PATH lives)
#   --no-start         install and enable, but neither start nor restart (edit the environment file first)
#   -h, --help         this text
#
# Environment: BAKERYOPS_HEALTH_URL (default http://127.0.0.1:5080/health/live), BAKERYOPS_START_WAIT (seconds, 120).
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICE=bakeryops-portal
SERVICE_USER=bakeryops
INSTALL_DIR=/opt/bakeryops
APP_DIR=$INSTALL_DIR/app
DATA_DIR=/var/lib/bakeryops
CONFIG_DIR=/etc/bakeryops
ENV_FILE=$CONFIG_DIR/bakeryops.env
UNIT_DIR=/etc/systemd/system
HEALTH_URL=${BAKERYOPS_HEALTH_URL:-http://127.0.0.1:5080/health/live}
START_WAIT=${BAKERYOPS_START_WAIT:-120}

PUBLISHED=""
DOTNET_ROOT_DIR=""
START=1

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -Eeuo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while (($#)); do
  case $1 in
    --published) [[ $# -ge 2 ]] || die "--published needs a folder"; PUBLISHED=$2; shift 2 ;;
    --dotnet-root) [[ $# -ge 2 ]] || die "--dotnet-root needs a folder"; DOTNET_ROOT_DIR=$2; shift 2 ;;
    --no-start) START=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'unknown argument: %s (see --help)\n' "$1" >&2; exit 2 ;;
  esac
done

((EUID == 0)) || die "run as root (sudo $0)"
command -v systemctl >/dev/null || die "systemctl not found: this script installs a systemd service"
# Where systemd is installed but not running (a container, a chroot), the unit is installed and enabled only.
systemd_running=0
[[ -d /run/systemd/system ]] && systemd_running=1

STAGING=""
cleanup() { if [[ -n $STAGING && -d $STAGING ]]; then rm -rf "$STAGING"; fi; }
trap cleanup EXIT

# ---- .NET: the runtime the service runs on --------------------------------------------------------------------
if [[ -z $DOTNET_ROOT_DIR ]]; then
  dotnet_bin=$(command -v dotnet) || die "dotnet not on PATH: install the .NET 10 SDK (or runtime) or pass --dotnet-root"
  DOTNET_ROOT_DIR=$(dirname "$(readlink -f "$dotnet_bin")")
fi
[[ -x $DOTNET_ROOT_DIR/dotnet ]] || die "--dotnet-root $DOTNET_ROOT_DIR has no dotnet executable"
compgen -G "$DOTNET_ROOT_DIR/shared/Microsoft.AspNetCore.App/10.*" >/dev/null ||
  die "$DOTNET_ROOT_DIR has no ASP.NET Core 10 runtime (shared/Microsoft.AspNetCore.App/10.*)"

# ---- 1. publish ---------------------------------------------------------------------------------------------------
STAGING=$(mktemp -d "${TMPDIR:-/tmp}/bakeryops-publish.XXXXXX")
if [[ -n $PUBLISHED ]]; then
  [[ -f $PUBLISHED/BakeryOps.Portal.dll ]] || die "--published $PUBLISHED holds no BakeryOps.Portal.dll"
  log "1. using the published files in $PUBLISHED"
  cp -a "$PUBLISHED/." "$STAGING/"
else
  log "1. dotnet publish BakeryOps.Portal -c Release"
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    "$DOTNET_ROOT_DIR/dotnet" publish "$REPO/BakeryOps.Portal/BakeryOps.Portal.csproj" -c Release -o "$STAGING" --nologo -v quiet
fi
[[ -x $STAGING/BakeryOps.Portal ]] || die "the published files have no BakeryOps.Portal executable (publish with the app host, for Linux)"

# ---- 2. user ----------------------------------------------------------------------------------------------------
if id -u "$SERVICE_USER" >/dev/null 2>&1; then
  log "2. user $SERVICE_USER exists"
else
  nologin=$(command -v nologin || echo /usr/sbin/nologin)
  useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home --shell "$nologin" \
    --comment "BakeryOps Portal" "$SERVICE_USER"
  log "2. created system user $SERVICE_USER"
fi

# ---- 3. directories (install -d sets owner and mode on existing ones too) ----------------------------------------
install -d -m 0755 -o root -g root "$INSTALL_DIR"
install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA_DIR"
install -d -m 0700 -o root -g root "$CONFIG_DIR"
log "3. $INSTALL_DIR, $DATA_DIR ($SERVICE_USER 0750), $CONFIG_DIR (root 0700)"

# ---- 4. environment file: written once, never overwritten ---------------------------------------------------------
if [[ -e $ENV_FILE ]]; then
  chown root:root "$ENV_FILE"
  chmod 0600 "$ENV_FILE"
  log "4. $ENV_FILE kept (set to root 0600)"
else
  key=$(head -c 48 /dev/urandom | base64 -w0)
  (
    umask 077
    sed "s|@JWT_SIGNING_KEY@|$key|" "$REPO/deploy/bakeryops.env.example" >"$ENV_FILE.new"
  )
  chown root:root "$ENV_FILE.new"
  chmod 0600 "$ENV_FILE.new"
  mv "$ENV_FILE.new" "$ENV_FILE"
  log "4. wrote $ENV_FILE (root 0600) with a new JWT signing key: review it before the first start"
fi

# ---- 5. application: swapped in whole, the old copy removed after -----------------------------------------------
chown -R root:root "$STAGING"
chmod -R u=rwX,go=rX "$STAGING"
rm -rf "$APP_DIR.new" "$APP_DIR.old"
mv "$STAGING" "$APP_DIR.new"
STAGING=""
if [[ -d $APP_DIR ]]; then mv "$APP_DIR" "$APP_DIR.old"; fi
mv "$APP_DIR.new" "$APP_DIR"
rm -rf "$APP_DIR.old"
log "5. installed the application in $APP_DIR"

# ---- 6. unit + drop-in ------------------------------------------------------------------------------------------
install -m 0644 -o root -g root "$REPO/deploy/$SERVICE.service" "$UNIT_DIR/$SERVICE.service"
install -d -m 0755 "$UNIT_DIR/$SERVICE.service.d"
printf '# Written by deploy/setup-production-systemd.sh: the .NET install the app host runs on.\n[Service]\nEnvironment=DOTNET_ROOT=%s\n' \
  "$DOTNET_ROOT_DIR" >"$UNIT_DIR/$SERVICE.service.d/10-setup.conf"
chmod 0644 "$UNIT_DIR/$SERVICE.service.d/10-setup.conf"
if ((systemd_running)); then systemctl daemon-reload; fi
systemctl enable "$SERVICE.service" >/dev/null 2>&1 || die "systemctl enable $SERVICE failed"
log "6. installed and enabled $UNIT_DIR/$SERVICE.service"

# ---- 7. start -------------------------------------------------------------------------------------------------
if ((!START)); then
  log "7. not started (--no-start): systemctl start $SERVICE"
  exit 0
fi
if ((!systemd_running)); then
  log "7. systemd is not running on this machine (a container?): the unit is installed and enabled, not started"
  exit 0
fi
# Type=notify: restart returns once the portal is ready, or fails with the unit's status.
systemctl restart "$SERVICE.service" || {
  journalctl -u "$SERVICE" -n 50 --no-pager >&2 || true
  die "$SERVICE did not start; see journalctl -u $SERVICE"
}
if command -v curl >/dev/null; then
  deadline=$((SECONDS + START_WAIT))
  until curl -fsS -o /dev/null "$HEALTH_URL"; do
    ((SECONDS < deadline)) || die "$HEALTH_URL did not answer within $START_WAIT s; see journalctl -u $SERVICE"
    sleep 1
  done
  log "7. $SERVICE is running and $HEALTH_URL answers"
else
  log "7. $SERVICE is running (curl not installed: health not checked)"
fi
