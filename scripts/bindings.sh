#!/usr/bin/env bash
# Generates the TypeScript bindings and tables from core (ui/src/bindings/):
# the `export_bindings` tests of core's library write them (ts-rs).
#
# By default only core is built (`cargo test -p onsite-core`), what `make run`
# and `make bench` need. `make test` sets BINDINGS_WORKSPACE=1: the tests are
# then built with the whole workspace's feature set, the one its test build
# uses next, so that build reuses every dependency instead of compiling most
# of them a second time with core's own features (13 min of the cold CI run
# were this step, before the test build compiled nearly all of it again).
# The workspace includes the Tauri crate, which embeds ui/dist at compile
# time and the UI is built from these bindings: when there is no ui/dist yet,
# a placeholder page stands in for this build and is removed afterwards (the
# Tauri crate is compiled again with the real UI later; its dependencies are
# not).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BINDINGS_WORKSPACE:-}" != 1 ]; then
  exec cargo test -p onsite-core --lib export_bindings >/dev/null
fi

placeholder=0
if [ ! -e ui/dist/index.html ]; then
  mkdir -p ui/dist
  printf '<!doctype html><title>Onsite</title><p>placeholder for the bindings build (scripts/bindings.sh)</p>\n' > ui/dist/index.html
  placeholder=1
fi
trap 'if [ "$placeholder" = 1 ]; then rm -rf ui/dist; fi' EXIT
cargo test --workspace --lib export_bindings >/dev/null
