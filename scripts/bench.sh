#!/usr/bin/env bash
# Onsite's benchmarks (`make bench`, after scripts/setup.sh bench): builds the
# UI, then everything in release in ONE cargo invocation (benchmarks, sync
# server, app), runs target/release/onsite-bench, which prints the table of
# figures on stdout and writes them to $CARGO_TARGET_DIR/bench/results.json.
# What each figure means and the last recorded run: docs/performance.md.
#
# Benchmarks print figures; they never fail because a figure misses its
# target. The script fails only when the benchmarks cannot be built.
#
# Settings (environment): BENCH_LOAD_SECS (default 60) and the others listed
# in bench/src/main.rs, e.g. a quick run while developing:
#   BENCH_STORE_N=1000 BENCH_SYNC_SIZES=1000 BENCH_LOAD_SECS=10 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

started=$SECONDS
app_skip=""
# Only the bundle the app embeds (`make ui` would also type-check it, which
# `make test` does). The bundle imports core's domain tables, written as
# JSON beside the TypeScript bindings, so those are generated first when
# missing (`make bindings`: a debug test build of core, ~7 min on a fresh
# clone; nothing when they are up to date).
say "generating core's bindings and tables for the UI (make bindings)"
if ! make --no-print-directory bindings >&2; then
  app_skip="core's bindings were not generated (make bindings failed), so the UI and the release app were not built"
fi
say "building the UI bundle (vite build)"
if [ -z "$app_skip" ] && ! (cd ui && npm run --silent build:bundle) >&2; then
  app_skip="the UI did not build (npm run build:bundle in ui/ failed), so the release app was not built"
fi

say "building in release: onsite-bench, onsite-sync-server, onsite-app"
rc=0
if [ -z "$app_skip" ]; then
  cargo build --release -p onsite-bench -p onsite-sync-server -p onsite-app --features onsite-bench/peer >&2 || rc=$?
  if [ "$rc" -ne 0 ]; then
    case "$rc" in 143|137|130) why="killed by a signal" ;; *) why="see the build output above" ;; esac
    app_skip="cargo build --release -p onsite-app exited with status $rc ($why)"
  fi
fi
if [ -n "$app_skip" ]; then
  say "building without the app: $app_skip"
  cargo build --release -p onsite-bench -p onsite-sync-server --features onsite-bench/peer >&2
fi
say "built in $((SECONDS - started)) s"

if [ -n "$app_skip" ]; then export BENCH_APP_SKIP="$app_skip"; fi
bench="$CARGO_TARGET_DIR/release/onsite-bench"
# The load figures of two instances on PostgreSQL (load.pg2.*) need a
# database: BENCH_DATABASE if given, else a private PostgreSQL started by
# scripts/with-postgres.sh (durable commits, like SQLite's) for the run.
# Without PostgreSQL (scripts/setup.sh bench installs it) the benchmarks run
# anyway and say those figures were not measured.
have_pg_binaries() {
  { command -v pg_config >/dev/null && [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ]; } \
    || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
if [ -n "${BENCH_DATABASE:-}" ]; then
  "$bench"
elif have_pg_binaries; then
  ran="$(mktemp)"; rm -f "$ran"
  # with-postgres.sh fails before running the benchmarks only when
  # PostgreSQL does not start: then run them without it.
  PG_DURABLE=1 scripts/with-postgres.sh sh -c 'touch "$0"; exec "$1"' "$ran" "$bench" || {
    rc=$?
    if [ -e "$ran" ]; then rm -f "$ran"; exit "$rc"; fi
    say "PostgreSQL did not start (see above): running without it"
    "$bench"
  }
  rm -f "$ran"
else
  say "no PostgreSQL server binaries (scripts/setup.sh bench installs them): the PostgreSQL load figures are not measured"
  "$bench"
fi
say "make bench took $((SECONDS - started)) s in all"
