#!/bin/sh
# Removes the readiness agent installed by install-agent.sh: the timer, the units, the
# executable and (unless --keep-state) /var/lib/readiness with its enrollment and spool.
# Run as root. Running it again is harmless. The host stays listed on the collector until an
# administrator retires it there.
set -eu

ROOT="${READINESS_INSTALL_ROOT:-}"
SYSTEMCTL="${SYSTEMCTL:-systemctl}"
BIN="$ROOT/usr/local/bin/readiness-agent"
UNIT_DIR="$ROOT/etc/systemd/system"
STATE_DIR="$ROOT/var/lib/readiness"

KEEP_STATE=no
case "${1:-}" in
  --keep-state) KEEP_STATE=yes ;;
  '') ;;
  *) echo "usage: $0 [--keep-state]" >&2; exit 1 ;;
esac
[ -n "$ROOT" ] || [ "$(id -u)" -eq 0 ] || { echo "uninstall-agent: run as root (sudo)" >&2; exit 1; }

"$SYSTEMCTL" disable --now readiness-agent.timer >/dev/null 2>&1 || true
"$SYSTEMCTL" stop readiness-agent.service >/dev/null 2>&1 || true
rm -rf "$UNIT_DIR/readiness-agent.service" "$UNIT_DIR/readiness-agent.timer" "$UNIT_DIR/readiness-agent.timer.d"
"$SYSTEMCTL" daemon-reload >/dev/null 2>&1 || true
rm -f "$BIN"
if [ "$KEEP_STATE" = yes ]; then
  echo "uninstall-agent: removed; $STATE_DIR kept"
else
  waiting=$(find "$STATE_DIR/spool" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l)
  [ "$waiting" -eq 0 ] || echo "uninstall-agent: warning: $waiting undelivered report(s) in $STATE_DIR/spool are removed too" >&2
  rm -rf "$STATE_DIR"
  echo "uninstall-agent: removed, with $STATE_DIR"
fi
