#!/usr/bin/env bash
# Real-app end-to-end tests: the built Onsite window, driven through
# tauri-driver (WebKitWebDriver) on a virtual display, against a real sync
# server. Called by scripts/test.sh; runs alone too:
#
#   scripts/app-e2e.sh                 build (make app server), then test
#   SKIP_BUILD=1 scripts/app-e2e.sh    reuse the binaries in target/debug/
#   KEEP=1 scripts/app-e2e.sh          keep the temporary data dir (printed)
#
# The engineer's visit runs with "the network" off: the test stops the sync
# server after the order has arrived and starts it again (same data, same
# port) once the record is signed (tests/e2e/lib/network.mjs).
#
# It starts, and stops on exit (also on failure or Ctrl-C): Xvfb on a free
# display, onsite-sync-server on a free port with a temporary data dir, and
# one tauri-driver per device (tauri-driver 2.1 has no way to give the app an
# environment, and WebKitWebDriver starts the app with tauri-driver's own,
# so each device's ONSITE_DATA_DIR / ONSITE_SERVER_URL / ONSITE_TOKEN (and
# ONSITE_EXPORT_DIR: exports go there instead of a save dialog WebDriver cannot
# drive) is set
# on its own tauri-driver). Before the tests it adds the users, enrols an
# engineer device (yangjinwei), an office device and a storekeeper device, and seeds the demo data
# through the office device. Screenshots and logs: target/test-output/app-e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_TAG=app-e2e
. scripts/lib-server.sh

OUT="$CARGO_TARGET_DIR/test-output/app-e2e"
rm -rf "$OUT"
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/onsite-app-e2e.XXXXXX")"

PIDS=()   # "pid name", stopped in reverse order
cleanup() {
  local rc=$? i pid name
  trap - EXIT INT TERM
  # the server the tests restarted after turning "the network" off and on
  if [ -f "$OUT/server-restarted.pid" ]; then stop_bg "$(cat "$OUT/server-restarted.pid")" "restarted sync-server"; fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    read -r pid name <<<"${PIDS[$i]}"
    stop_bg "$pid" "$name"
  done
  if [ -n "${KEEP:-}" ]; then say "kept the temporary data in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- what it needs --------------------------------------------------------------
command -v tauri-driver >/dev/null || die "tauri-driver not found: run scripts/setup.sh test (cargo install tauri-driver --version '^2' --locked)"
command -v WebKitWebDriver >/dev/null || die "WebKitWebDriver not found: run scripts/setup.sh test (apt-get install webkit2gtk-driver)"
if [ ! -d tests/e2e/node_modules/selenium-webdriver ]; then
  say "npm ci in tests/e2e"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  say "building the app and the server (make app server)"
  make -s app server
fi
[ -x "$APP_BIN" ] || die "no app binary at $APP_BIN (make app)"
[ -x "$SERVER_BIN" ] || die "no server binary at $SERVER_BIN (make server)"
app_can_seed || die "the app has no headless '--seed-demo' command, which these tests seed the office device with (see docs/operations.md)"

# --- a display --------------------------------------------------------------------
start_xvfb "$OUT/xvfb.log"
PIDS+=("$XVFB_PID Xvfb")
export DISPLAY="$XVFB_DISPLAY"
say "Xvfb on $DISPLAY"

# --- the sync server -----------------------------------------------------------------
PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"
SERVER_DATA="$WORK/server"
mkdir -p "$SERVER_DATA"
start_bg "$OUT/server.log" env NO_COLOR=1 "$SERVER_BIN" --data "$SERVER_DATA" serve --addr "127.0.0.1:$PORT"
PIDS+=("$BG_PID sync-server")
SERVER_PID="$BG_PID"
wait_http "$URL/v1/health" 30 "$BG_PID" || { tail -n 20 "$OUT/server.log" >&2; die "the sync server did not become healthy on $URL"; }
say "sync server on $URL (data $SERVER_DATA)"

say "users and devices"
add_users "$SERVER_DATA"
ENGINEER_TOKEN="$(enroll_device "$SERVER_DATA" yangjinwei "app-e2e engineer")" || die "enrolling yangjinwei failed"
OFFICE_TOKEN="$(enroll_device "$SERVER_DATA" office "app-e2e office")" || die "enrolling office failed"
STOREKEEPER_TOKEN="$(enroll_device "$SERVER_DATA" storekeeper "app-e2e storekeeper")" || die "enrolling storekeeper failed"
ENGINEER_DIR="$WORK/devices/engineer"
OFFICE_DIR="$WORK/devices/office"
STOREKEEPER_DIR="$WORK/devices/storekeeper"
mkdir -p "$ENGINEER_DIR" "$OFFICE_DIR" "$STOREKEEPER_DIR"

say "seeding the demo data through the office device"
seed_through "$OFFICE_DIR" "$URL" "$OFFICE_TOKEN" >"$OUT/seed.log" 2>&1 || { cat "$OUT/seed.log" >&2; die "seeding through the office device failed"; }
sed 's/^/  /' "$OUT/seed.log"
WO_COUNT="$(server_admin "$SERVER_DATA" doc list --kind wo | wc -l)"
[ "$WO_COUNT" -gt 0 ] || die "after seeding, the server holds no work orders"
say "the server holds $WO_COUNT work orders"

# --- one tauri-driver per device ---------------------------------------------------------
# start_driver NAME DEVICE_DIR TOKEN: sets DRIVER_URL.
start_driver() {
  local name="$1" dir="$2" token="$3" port native
  port="$(free_port)"
  native="$(free_port)"
  while [ "$native" = "$port" ]; do native="$(free_port)"; done
  start_bg "$OUT/tauri-driver-$name.log" env \
    ONSITE_DATA_DIR="$dir" ONSITE_SERVER_URL="$URL" ONSITE_TOKEN="$token" \
    ONSITE_EXPORT_DIR="$dir/exports" \
    tauri-driver --port "$port" --native-port "$native"
  PIDS+=("$BG_PID tauri-driver-$name")
  wait_port "$port" 20 "$BG_PID" || die "tauri-driver ($name) did not listen on $port (see $OUT/tauri-driver-$name.log)"
  wait_port "$native" 20 "$BG_PID" || die "WebKitWebDriver ($name) did not listen on $native (see $OUT/tauri-driver-$name.log)"
  DRIVER_URL="http://127.0.0.1:$port"
}
start_driver engineer "$ENGINEER_DIR" "$ENGINEER_TOKEN"; ENGINEER_DRIVER="$DRIVER_URL"
start_driver office "$OFFICE_DIR" "$OFFICE_TOKEN"; OFFICE_DRIVER="$DRIVER_URL"
start_driver storekeeper "$STOREKEEPER_DIR" "$STOREKEEPER_TOKEN"; STOREKEEPER_DRIVER="$DRIVER_URL"
say "tauri-driver: engineer $ENGINEER_DRIVER, office $OFFICE_DRIVER, storekeeper $STOREKEEPER_DRIVER"

# --- the tests ---------------------------------------------------------------------------------
say "running tests/e2e (node --test)"
export ONSITE_E2E_APP="$APP_BIN"
export ONSITE_E2E_ENGINEER_DRIVER="$ENGINEER_DRIVER"
export ONSITE_E2E_OFFICE_DRIVER="$OFFICE_DRIVER"
export ONSITE_E2E_STOREKEEPER_DRIVER="$STOREKEEPER_DRIVER"
export ONSITE_E2E_SERVER_BIN="$SERVER_BIN"
export ONSITE_E2E_SERVER_DATA="$SERVER_DATA"
export ONSITE_E2E_SERVER_URL="$URL"
export ONSITE_E2E_SERVER_PID="$SERVER_PID"
export ONSITE_E2E_OUT="$OUT"
set +e
(cd tests/e2e && node --test --test-concurrency=1 --test-reporter=spec) 2>&1 | tee "$OUT/node-test.log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -eq 0 ]; then
  say "passed; screenshots in $OUT"
else
  say "FAILED (exit $rc); screenshots and logs (server, tauri-driver, app) in $OUT"
fi
exit "$rc"
