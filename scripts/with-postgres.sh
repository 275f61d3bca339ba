#!/usr/bin/env bash
# Runs a command against a private PostgreSQL: a throwaway instance on a
# temporary data directory and a free port on 127.0.0.1, trust auth,
# superuser `postgres`, tuned for tests (no fsync, unless PG_DURABLE=1). Exports
#
#   ONSITE_TEST_DATABASE=postgres://postgres@127.0.0.1:PORT/postgres
#
# runs the command, then always stops the instance and deletes its
# directory (also on failure or Ctrl-C), exiting with the command's status.
# Used by scripts/test.sh; runs alone too:
#
#   scripts/with-postgres.sh cargo nextest run -p onsite-sync-server --test server
#   KEEP=1 scripts/with-postgres.sh …   keep the data directory and log (printed)
#   PG_DURABLE=1 scripts/with-postgres.sh …   fsync'd commits, as in production
#     (scripts/bench.sh: the load figures compare it with SQLite's fsync'd ones)
#
# The server binaries: `pg_config --bindir`, else the newest
# /usr/lib/postgresql/*/bin (scripts/setup.sh test installs Debian's
# `postgresql`). As root, initdb and the server run as the `postgres` user.
set -euo pipefail
LOG_TAG=postgres
say() { printf '\033[1m[%s]\033[0m %s\n' "$LOG_TAG" "$*" >&2; }
die() { printf '\033[1;31m[%s] error:\033[0m %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

[ $# -gt 0 ] || die "usage: scripts/with-postgres.sh CMD [ARGS…]"

# --- the binaries ----------------------------------------------------------------
bindir=""
if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ]; then
  bindir="$(pg_config --bindir)"
else
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir="$d"; break; fi
  done
fi
[ -n "$bindir" ] || die "no PostgreSQL server binaries (initdb, pg_ctl) found: run scripts/setup.sh test (apt-get install postgresql)"

# --- as whom -----------------------------------------------------------------------
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  getent passwd postgres >/dev/null || die "running as root but there is no 'postgres' system user (apt-get install postgresql creates it)"
  command -v runuser >/dev/null || die "running as root needs runuser (util-linux) to start PostgreSQL as 'postgres'"
  as_pg=(runuser -u postgres --)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/onsite-pg.XXXXXX")"
PGDATA_DIR="$WORK/data"
SOCK_DIR="$WORK/sock"
PG_LOG="$WORK/postgres.log"
started=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$started" = 1 ]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 20 stop >/dev/null 2>&1 \
      || say "warning: pg_ctl stop failed (see $PG_LOG)"
  fi
  if [ -n "${KEEP:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$SOCK_DIR"
if [ ${#as_pg[@]} -gt 0 ]; then chown -R postgres: "$WORK"; fi
chmod 700 "$WORK"

"${as_pg[@]}" "$bindir/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || "${as_pg[@]}" "$bindir/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }

# free_port: a TCP port that was free on 127.0.0.1 a moment ago.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
  fi
}

# Tests: no fsync (nothing here must survive a crash). Benchmarks: durable.
if [ "${PG_DURABLE:-}" = 1 ]; then
  tuning="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
else
  tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

# Another process may take the port between the choice and the start: try again.
for attempt in 1 2 3 4 5; do
  PORT="$(free_port)"
  if "${as_pg[@]}" "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 30 \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $SOCK_DIR $tuning -c max_connections=200" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
  say "could not start on port $PORT (attempt $attempt); trying another"
done
[ "$started" = 1 ] || { tail -n 20 "$PG_LOG" >&2 2>/dev/null || true; die "PostgreSQL did not start (log above)"; }

export ONSITE_TEST_DATABASE="postgres://postgres@127.0.0.1:$PORT/postgres"
say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $WORK)"

set +e
"$@"
rc=$?
set -e
exit "$rc"
