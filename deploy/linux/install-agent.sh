#!/bin/sh
# Installs the readiness agent on a Linux machine (docs/deploy.md): the one-file executable in
# /usr/local/bin, enrollment with a per-unit secret, and a systemd timer that runs it at
# start-up and then at the collector's interval. Run as root. Running it again is harmless: it
# replaces the executable and the units, and keeps the enrollment.
#
#   sudo ./install-agent.sh --collector https://readiness.vks.local:8443 --secret S [--unit hp-vanphong] \
#        [--room phong-1] [--ca collector-ca.pem] [--exe readiness-agent-linux-x64] [--interval SECONDS]
# A per-unit secret (readiness enroll-secret create) decides the unit; --unit serves the global one.
set -eu

ROOT="${READINESS_INSTALL_ROOT:-}"      # tests install under this folder instead of /
SYSTEMCTL="${SYSTEMCTL:-systemctl}"
BIN="$ROOT/usr/local/bin/readiness-agent"
UNIT_DIR="$ROOT/etc/systemd/system"
STATE_DIR="$ROOT/var/lib/readiness"
HERE=$(cd "$(dirname "$0")" && pwd)

die() { echo "install-agent: $*" >&2; exit 1; }
usage() { die "usage: $0 --collector URL --secret SECRET [--unit UNIT] [--room ROOM] [--ca FILE] [--exe FILE] [--interval SECONDS]"; }

COLLECTOR= SECRET= UNIT= ROOM= CA= EXE= INTERVAL=
while [ $# -gt 0 ]; do
  case "$1" in
    --collector) COLLECTOR=${2:-}; shift 2 ;;
    --secret) SECRET=${2:-}; shift 2 ;;
    --unit) UNIT=${2:-}; shift 2 ;;
    --room) ROOM=${2:-}; shift 2 ;;
    --ca) CA=${2:-}; shift 2 ;;
    --exe) EXE=${2:-}; shift 2 ;;
    --interval) INTERVAL=${2:-}; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown option $1" ;;
  esac
done
[ -n "$COLLECTOR" ] || usage
[ -n "$ROOT" ] || [ "$(id -u)" -eq 0 ] || die "run as root (sudo): the agent's state goes in /var/lib/readiness"

# The executable: given, or beside this script (dist-agent/linux/ or dist-agent/).
if [ -z "$EXE" ]; then
  for candidate in "$HERE/../readiness-agent-linux-x64" "$HERE/readiness-agent-linux-x64"; do
    [ -f "$candidate" ] && EXE=$candidate && break
  done
fi
[ -n "$EXE" ] && [ -f "$EXE" ] || die "cannot find readiness-agent-linux-x64 beside this script; pass --exe FILE"
EXE_DIR=$(cd "$(dirname "$EXE")" && pwd)
EXE_NAME=$(basename "$EXE")
# A copy damaged on its way (a share, a USB stick) is refused when the build's sums are beside it.
if [ -f "$EXE_DIR/SHA256SUMS" ] && grep -q "  $EXE_NAME\$" "$EXE_DIR/SHA256SUMS"; then
  (cd "$EXE_DIR" && grep "  $EXE_NAME\$" SHA256SUMS | sha256sum -c --quiet -) || die "$EXE does not match SHA256SUMS; copy the build again"
fi

# An upgrade: let a run in progress finish, then replace the executable in one rename.
"$SYSTEMCTL" stop readiness-agent.timer >/dev/null 2>&1 || true
mkdir -p "$(dirname "$BIN")"
install -m 0755 "$EXE" "$BIN.new"
mv -f "$BIN.new" "$BIN"
"$BIN" --version >/dev/null || die "$BIN does not run on this machine"

install -d -m 0700 "$STATE_DIR"
STATE="$STATE_DIR/agent.json"
if [ -f "$STATE" ]; then
  echo "install-agent: already enrolled ($STATE kept); to enroll again, remove it first"
else
  [ -n "$SECRET" ] || die "give the unit's enrollment secret with --secret (readiness enroll-secret create --unit U)"
  set -- agent enroll --service --state "$STATE" --collector "$COLLECTOR" --secret "$SECRET"
  [ -z "$UNIT" ] || set -- "$@" --unit "$UNIT"
  [ -z "$ROOM" ] || set -- "$@" --room "$ROOM"
  # The agent keeps the CA certificate in its state: the file itself is needed only now.
  if [ -n "$CA" ]; then
    [ -f "$CA" ] || die "no CA file $CA"
    set -- "$@" --ca "$CA"
  fi
  "$BIN" "$@"
  # A first report now: the person installing sees it arrive, and the collector's interval is cached.
  if ! "$BIN" agent run --once --service --state "$STATE"; then
    echo "install-agent: warning: the first report was not delivered; it waits in $STATE_DIR/spool and goes with the next run" >&2
  fi
fi
if [ -z "$INTERVAL" ] && [ -f "$STATE_DIR/agent-config.json" ]; then
  INTERVAL=$(grep -o '"intervalSeconds":[0-9]*' "$STATE_DIR/agent-config.json" | head -n1 | cut -d: -f2)
fi
INTERVAL=${INTERVAL:-3600}
case "$INTERVAL" in ''|*[!0-9]*) die "--interval takes a number of seconds, not $INTERVAL" ;; esac
DELAY=$((INTERVAL < 900 ? INTERVAL : 900))

mkdir -p "$UNIT_DIR/readiness-agent.timer.d"
sed "s#^ExecStart=/usr/local/bin/readiness-agent #ExecStart=$BIN #" "$HERE/readiness-agent.service" > "$UNIT_DIR/readiness-agent.service"
cp "$HERE/readiness-agent.timer" "$UNIT_DIR/readiness-agent.timer"
cat > "$UNIT_DIR/readiness-agent.timer.d/interval.conf" <<CONF
# Written by install-agent.sh from the collector's interval; run it again after changing that.
[Timer]
OnUnitActiveSec=
OnUnitActiveSec=${INTERVAL}s
RandomizedDelaySec=${DELAY}s
CONF
chmod 0644 "$UNIT_DIR/readiness-agent.service" "$UNIT_DIR/readiness-agent.timer" "$UNIT_DIR/readiness-agent.timer.d/interval.conf"

"$SYSTEMCTL" daemon-reload
"$SYSTEMCTL" enable --now readiness-agent.timer
echo "install-agent: installed $("$BIN" --version); reports every ${INTERVAL} s (systemctl list-timers readiness-agent.timer; journalctl -u readiness-agent)"
