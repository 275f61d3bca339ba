# Shell helpers shared by scripts/run.sh, scripts/network.sh and
# scripts/app-e2e.sh: logging, ports, waiting for HTTP, a virtual display,
# the sync server's admin commands, the demo server of `make run`, stopping
# what a script started. Source it; it defines functions
# and a few variables and starts nothing by itself.
#   . scripts/lib-server.sh

: "${CARGO_TARGET_DIR:=$PWD/target}"
export CARGO_TARGET_DIR
SERVER_BIN="$CARGO_TARGET_DIR/debug/onsite-sync-server"
APP_BIN="$CARGO_TARGET_DIR/debug/onsite-app"

# `make run`'s data (gitignored; `make reset` deletes it), see scripts/run.sh;
# server.pid and server.port name the running demo server, for
# scripts/network.sh.
DEMO_DATA="$PWD/.onsite-data"
DEMO_PID_FILE="$DEMO_DATA/server.pid"
DEMO_PORT_FILE="$DEMO_DATA/server.port"

# The users `make run` and the app tests create: name, role, display name.
ONSITE_USERS=(
  "office office 调度办公室"
  "yangjinwei engineer 杨金伟"
  "tangrong engineer 汤戎"
  "liujinfeng engineer 刘锦峰"
  "xiaotianyu engineer 肖添玉"
  "chenqin engineer 陈勤"
  "storekeeper storekeeper 备件库管"
)

LOG_TAG="${LOG_TAG:-onsite}"
say() { printf '\033[1m[%s]\033[0m %s\n' "$LOG_TAG" "$*"; }
warn() { printf '\033[1;33m[%s] warning:\033[0m %s\n' "$LOG_TAG" "$*" >&2; }
die() { printf '\033[1;31m[%s] error:\033[0m %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

# port_busy PORT: true when something on 127.0.0.1 accepts connections on PORT.
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port: prints a TCP port that was free on 127.0.0.1 a moment ago.
free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# wait_http URL SECONDS [PID]: waits until URL answers 2xx; fails early when
# PID (the process that should serve it) has exited.
wait_http() {
  local url="$1" secs="$2" pid="${3:-}" deadline=$((SECONDS + $2))
  while ! curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# wait_port PORT SECONDS [PID]: waits until 127.0.0.1:PORT accepts connections.
wait_port() {
  local port="$1" pid="${3:-}" deadline=$((SECONDS + $2))
  until port_busy "$port"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# start_bg LOGFILE CMD...: starts CMD in the background in its own process
# group (so stop_bg also ends its children), output appended to LOGFILE;
# sets BG_PID.
start_bg() {
  local logfile="$1"; shift
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  BG_PID=$!
}

# stop_bg PID [NAME]: SIGTERM to PID's process group, SIGKILL after 5 s.
stop_bg() {
  local pid="$1" name="${2:-process $1}" i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  warn "$name did not stop on SIGTERM; killing it"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# start_demo_server PORT BANNER: starts the demo sync server on
# 127.0.0.1:PORT over .onsite-data/server (log appended to
# .onsite-data/server.log after a BANNER line), records its pid in
# DEMO_PID_FILE and waits until it answers; sets BG_PID, fails when it does not
# answer within 30 s.
start_demo_server() {
  local port="$1"
  printf '\n===== %s %s =====\n' "$(date -Is)" "$2" >>"$DEMO_DATA/server.log"
  start_bg "$DEMO_DATA/server.log" env NO_COLOR=1 "$SERVER_BIN" --data "$DEMO_DATA/server" serve --addr "127.0.0.1:$port"
  echo "$BG_PID" >"$DEMO_PID_FILE"
  wait_http "http://127.0.0.1:$port/v1/health" 30 "$BG_PID"
}

# start_xvfb LOGFILE: starts Xvfb on a display it picks itself (-displayfd),
# 1280x800x24; sets XVFB_PID and XVFB_DISPLAY (":N").
start_xvfb() {
  local logfile="$1" fdfile i
  command -v Xvfb >/dev/null || die "Xvfb is not installed (scripts/setup.sh installs it: apt-get install xvfb xauth)"
  fdfile="$(mktemp)"
  setsid bash -c 'exec Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp 9>"$0"' "$fdfile" >>"$logfile" 2>&1 </dev/null &
  XVFB_PID=$!
  for i in $(seq 100); do
    if [ -s "$fdfile" ]; then break; fi
    kill -0 "$XVFB_PID" 2>/dev/null || { rm -f "$fdfile"; die "Xvfb did not start (see $logfile)"; }
    sleep 0.1
  done
  [ -s "$fdfile" ] || { rm -f "$fdfile"; die "Xvfb did not report its display within 10 s (see $logfile)"; }
  XVFB_DISPLAY=":$(tr -dc 0-9 <"$fdfile")"
  rm -f "$fdfile"
}

# server_admin DATA_DIR ARGS...: the server's admin command on DATA_DIR.
server_admin() {
  local data="$1"; shift
  "$SERVER_BIN" --data "$data" "$@"
}

# add_users DATA_DIR: adds every user of ONSITE_USERS that is not there yet.
add_users() {
  local data="$1" existing line name role display
  existing="$(server_admin "$data" user list | cut -f1)"
  for line in "${ONSITE_USERS[@]}"; do
    read -r name role display <<<"$line"
    if grep -qx "$name" <<<"$existing"; then continue; fi
    server_admin "$data" user add "$name" --role "$role" --display "$display" >/dev/null
    say "  user $name ($role, $display)"
  done
}

# enroll_device DATA_DIR USER LABEL: enrols a device; prints only its token.
enroll_device() {
  local data="$1" user="$2" label="$3" out token
  out="$(server_admin "$data" device enroll "$user" --label "$label")" || return 1
  token="$(sed -n 's/^token[^:]*: *//p' <<<"$out" | tail -n1)"
  [ -n "$token" ] || { echo "unexpected output of 'device enroll': $out" >&2; return 1; }
  printf '%s\n' "$token"
}

# app_can_seed: true when the app binary has the headless `--seed-demo` flag.
app_can_seed() {
  grep -aq -- '--seed-demo' "$APP_BIN" 2>/dev/null
}

# seed_through DEVICE_DIR URL TOKEN: fills the demo data on a device (the
# office's) and syncs it to the server, without a window:
# `onsite-app --seed-demo` (enrols with URL/TOKEN first if needed).
seed_through() {
  ONSITE_DATA_DIR="$1" ONSITE_SERVER_URL="$2" ONSITE_TOKEN="$3" "$APP_BIN" --seed-demo
}
