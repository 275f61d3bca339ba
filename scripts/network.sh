#!/usr/bin/env bash
# `make network-off` / `make network-on`: try the offline visit by hand while
# `make run` has the window open. "The network" is the demo's sync server:
# off stops it (the app finds nothing to talk to, as at a site with no
# signal; the header says 离线 and counts what waits), on starts it again on
# the same data and port (the app syncs, the signed record is filed).
#
#   scripts/network.sh off | on | status
#
# It uses what scripts/run.sh records in .onsite-data/: server.pid (the
# running server) and server.port; run.sh stops whichever server is recorded
# when its window closes.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_TAG=network
. scripts/lib-server.sh
[ -f "$DEMO_PORT_FILE" ] || die "no demo server recorded in .onsite-data/: start 'make run' first"
PORT="$(cat "$DEMO_PORT_FILE")"
URL="http://127.0.0.1:$PORT"

running_pid() {
  local pid
  pid="$(cat "$DEMO_PID_FILE" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

case "${1:-status}" in
  off)
    pid="$(running_pid)"
    if [ -z "$pid" ]; then say "the network is already off (no sync server running)"; exit 0; fi
    stop_bg "$pid" "the sync server"
    say "network off: the sync server on $URL is stopped; the app works offline and keeps every change ('make network-on' to reconnect)"
    ;;
  on)
    if [ -n "$(running_pid)" ]; then say "the network is already on ($URL)"; exit 0; fi
    [ -x "$SERVER_BIN" ] || die "no server binary at $SERVER_BIN (make server)"
    start_demo_server "$PORT" "network on" || die "the sync server did not come back on $URL (see .onsite-data/server.log)"
    say "network on: the sync server answers on $URL; the app syncs within seconds (tap the sync badge to sync now)"
    ;;
  status)
    if [ -n "$(running_pid)" ]; then say "on: the sync server answers on $URL"; else say "off: no sync server running"; fi
    ;;
  *) die "usage: scripts/network.sh off | on | status" ;;
esac
