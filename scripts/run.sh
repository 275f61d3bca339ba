#!/usr/bin/env bash
# `make run`: the sync server with demo data, and the Onsite window.
#
#   scripts/run.sh                        as the engineer yangjinwei (杨金伟)
#   ONSITE_ROLE=office scripts/run.sh     as the office
#   ONSITE_ROLE=storekeeper scripts/run.sh as the storekeeper (the warehouse desk)
#   ONSITE_PORT=9000 scripts/run.sh       server on another port (default 8787)
#
# Everything lives in .onsite-data/ (gitignored; `make reset` deletes it):
#   server/            the server's data directory (onsite-server.db)
#   server.log         the server's log (appended every run)
#   server.pid, .port  the running server (make network-off / network-on)
#   tokens/<user>      the device tokens enrolled on the first run
#   devices/<role>/    each device's own data (ONSITE_DATA_DIR)
#   app-<role>.log     the app's output
# The first run creates the users, enrols a device for yangjinwei, one for
# office and one for storekeeper, and seeds the demo data through the office device; later runs reuse
# it all. The server runs while the window is open and stops when it closes.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_TAG=run
. scripts/lib-server.sh
DATA="$DEMO_DATA"
PORT="${ONSITE_PORT:-8787}"
ROLE="${ONSITE_ROLE:-engineer}"
case "$ROLE" in
  engineer) USER_NAME=yangjinwei ;;
  office) USER_NAME=office ;;
  storekeeper) USER_NAME=storekeeper ;;
  *) die "ONSITE_ROLE must be engineer, office or storekeeper, not '$ROLE'" ;;
esac
URL="http://127.0.0.1:$PORT"

SERVER_PID='' XVFB_PID=''
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # the server may have been restarted by 'make network-on' meanwhile
  if [ -f "$DEMO_PID_FILE" ]; then SERVER_PID="$(cat "$DEMO_PID_FILE")"; rm -f "$DEMO_PID_FILE"; fi
  if [ -n "$SERVER_PID" ]; then say "stopping the sync server"; stop_bg "$SERVER_PID" "the sync server"; fi
  if [ -n "$XVFB_PID" ]; then stop_bg "$XVFB_PID" Xvfb; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Build -------------------------------------------------------------------
# Make skips what is up to date (an unchanged UI is not bundled again) and
# cargo prints its own progress.
say "building the app and the server (make app server; first time: ~5 min, then seconds)"
make -s app server
[ -x "$SERVER_BIN" ] || die "the build did not produce $SERVER_BIN"
[ -x "$APP_BIN" ] || die "the build did not produce $APP_BIN"

# 2. The port ----------------------------------------------------------------
if port_busy "$PORT"; then
  die "port $PORT on 127.0.0.1 is already in use (another 'make run'?). Stop that, or choose another port: ONSITE_PORT=8788 make run"
fi

# 3. First run: server data, users, devices -----------------------------------
mkdir -p "$DATA/server" "$DATA/tokens" "$DATA/devices"
chmod 700 "$DATA/tokens"
if [ ! -f "$DATA/server/onsite-server.db" ]; then
  say "first run: creating the server's data in .onsite-data/server/"
fi
say "users (office, five engineers, storekeeper)"
add_users "$DATA/server"
for u in yangjinwei office storekeeper; do
  if [ ! -s "$DATA/tokens/$u" ]; then
    say "enrolling a device for $u (token saved in .onsite-data/tokens/$u)"
    token="$(enroll_device "$DATA/server" "$u" "make run ($u)")" || die "could not enrol a device for $u"
    (umask 077; printf '%s\n' "$token" >"$DATA/tokens/$u")
  fi
done

# 4. The server ----------------------------------------------------------------
say "starting the sync server on $URL (log: .onsite-data/server.log)"
echo "$PORT" >"$DEMO_PORT_FILE"   # for make network-off / network-on
if ! start_demo_server "$PORT" "make run ($ROLE)"; then
  tail -n 20 "$DATA/server.log" >&2 || true
  die "the sync server did not answer $URL/v1/health (log above: .onsite-data/server.log)"
fi
SERVER_PID=$BG_PID   # cleanup stops it (or the one network-on started since)
say "sync server ready: $(curl -fsS "$URL/v1/health")"

# 5. A display -------------------------------------------------------------------
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  start_xvfb "$DATA/xvfb.log"
  export DISPLAY="$XVFB_DISPLAY"
  say "no DISPLAY: started a virtual display (Xvfb) on $DISPLAY — the window is invisible."
  say "  to see it:  DISPLAY=$DISPLAY /usr/bin/import -window root /tmp/onsite.png   (then open /tmp/onsite.png)"
  say "  to stop:    Ctrl-C here"
fi

# 6. Demo data, through the office device ------------------------------------------
if [ ! -f "$DATA/.seeded" ]; then
  if app_can_seed; then
    say "seeding the demo data through the office device (it syncs to the server, then on to the engineer)"
    seed_through "$DATA/devices/office" "$URL" "$(cat "$DATA/tokens/office")" \
      || die "seeding failed (server log: .onsite-data/server.log)"
    date -Is >"$DATA/.seeded"
  else
    warn "this app build has no headless '--seed-demo' command yet: starting without demo data (the next run tries again)"
  fi
fi

# 7. The window ----------------------------------------------------------------------
DEVICE="$DATA/devices/$ROLE"
mkdir -p "$DEVICE"
say "opening Onsite as $USER_NAME ($ROLE); device data in .onsite-data/devices/$ROLE/, app output in .onsite-data/app-$ROLE.log"
say "close the window (or press Ctrl-C) to stop; 'make reset' deletes all of .onsite-data/"
say "to work offline: 'make network-off' in another terminal stops the sync server, 'make network-on' brings it back"
set +e
ONSITE_DATA_DIR="$DEVICE" ONSITE_SERVER_URL="$URL" ONSITE_TOKEN="$(cat "$DATA/tokens/$USER_NAME")" \
  "$APP_BIN" 2>&1 | tee -a "$DATA/app-$ROLE.log"
app_rc=${PIPESTATUS[0]}
set -e
say "the window closed (exit code $app_rc)"
exit "$app_rc"
