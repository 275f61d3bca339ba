#!/usr/bin/env bash
# Runs every test of every part, in order of cost; keeps going after a
# failure so one run shows everything, and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
out="$CARGO_TARGET_DIR/test-output"; mkdir -p "$out"
failed=()
timings=()   # "seconds name", printed at the end (the last lines CI shows)
step() {
  local name="$1" start=$SECONDS rc=0; shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  "$@" || rc=$?
  timings+=("$(printf '%5d s  %s%s' $((SECONDS - start)) "$name" "$([ $rc -ne 0 ] && echo '  (FAILED)')")")
  [ $rc -eq 0 ] || failed+=("$name")
}

# The UI first: the Tauri crate embeds ui/dist at compile time, and the UI
# imports the TypeScript types generated from core.
# BINDINGS_WORKSPACE=1: the bindings are built with the workspace's feature
# set, so the Rust tests' build below reuses every dependency (scripts/bindings.sh).
step "typescript bindings" env BINDINGS_WORKSPACE=1 make -s bindings
step "ui: unit tests (vitest)" bash -c 'cd ui && npm test --silent'
step "ui: build" make -s ui
# The workspace's test build also builds the app and server binaries into
# target/debug/ (the app's and the server's integration tests run them), with
# the workspace's feature set; when it succeeds the real-window tests reuse
# them instead of building the Tauri crate a second time with the app's own
# feature set (~5 min on 2 cores).
#
# The Rust tests run beside a private PostgreSQL (scripts/with-postgres.sh:
# a temporary instance on a free port, stopped afterwards); the suite as a
# whole runs on SQLite, the PostgreSQL-only tests (several server instances
# on one database) use the private instance, and ONSITE_REQUIRE_POSTGRES=1
# makes them fail instead of skipping when it is missing. Then the server's
# test binary and the integration tests of tests/ run a second time with
# every test server on PostgreSQL (ONSITE_TEST_ENGINE=postgres): the same
# tests, the other store (~25 s). sync_crash is left out: it runs the server
# binary on a SQLite data directory. The nextest filter keeps the
# workspace's feature set, so nothing is rebuilt.
n_failed=${#failed[@]}
if command -v cargo-nextest >/dev/null; then
  step "rust: core, server, app, integration" \
    scripts/with-postgres.sh env ONSITE_REQUIRE_POSTGRES=1 cargo nextest run --workspace --no-fail-fast
else
  step "rust: core, server, app, integration" \
    scripts/with-postgres.sh env ONSITE_REQUIRE_POSTGRES=1 cargo test --workspace --no-fail-fast
fi
rust_ok=0; [ ${#failed[@]} -eq "$n_failed" ] && rust_ok=1
if command -v cargo-nextest >/dev/null; then
  step "rust: the server's tests on PostgreSQL" \
    scripts/with-postgres.sh env ONSITE_REQUIRE_POSTGRES=1 ONSITE_TEST_ENGINE=postgres \
    cargo nextest run --workspace --no-fail-fast \
    -E 'binary_id(onsite-sync-server::server) | (package(onsite-tests) & kind(test) & not binary(sync_crash))'
else
  step "rust: the server's tests on PostgreSQL" \
    scripts/with-postgres.sh env ONSITE_REQUIRE_POSTGRES=1 ONSITE_TEST_ENGINE=postgres \
    cargo test --workspace --no-fail-fast --test server
fi
step "rust: doc tests" cargo test --workspace --doc -q
step "ui: browser end-to-end (chromium)" bash -c 'cd ui && npm run --silent e2e'
if [ -x scripts/app-e2e.sh ]; then
  if [ "$rust_ok" = 1 ] && [ -x "$CARGO_TARGET_DIR/debug/onsite-app" ] && [ -x "$CARGO_TARGET_DIR/debug/onsite-sync-server" ]; then
    step "app: real window end-to-end (tauri-driver, Xvfb)" env SKIP_BUILD=1 scripts/app-e2e.sh
  else
    step "app: real window end-to-end (tauri-driver, Xvfb)" scripts/app-e2e.sh
  fi
fi

echo
echo "time per step (total $((SECONDS / 60)) min $((SECONDS % 60)) s):"
printf '  %s\n' "${timings[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all test suites passed (screenshots and logs in $out)"
