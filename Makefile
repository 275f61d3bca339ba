# Onsite — the README's commands. Every target installs what it needs first
# (scripts/setup.sh) and shares one cargo target directory.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(CURDIR)/target

.PHONY: run test bench fuzz reliability reset bindings ui app server help network-off network-on

help:
	@echo "make run    - sync server + demo data + the Onsite window (ONSITE_ROLE=office: the office desk, =storekeeper: the warehouse)"
	@echo "make test   - every test of every part"
	@echo "make bench  - benchmarks (figures in target/bench/results.json)"
	@echo "make fuzz   - AFL++ on each fuzz target for FUZZ_SECONDS (default 60); new crashes kept in fuzz/fixtures/"
	@echo "make reliability - kill, disk-full and simulation loops, off CI (RELIABILITY_MINUTES=30; docs/reliability.md)"
	@echo "make reset  - delete the local demo data (.onsite-data/)"
	@echo "make network-off / network-on - stop / restart the demo sync server while make run is open (work offline)"

run:
	@scripts/setup.sh run
	@scripts/run.sh

test:
	@scripts/setup.sh test
	@scripts/test.sh

bench:
	@scripts/setup.sh bench
	@scripts/bench.sh

# FUZZ_SECONDS per target (default 60), FUZZ_JOBS targets at a time (default 1).
fuzz:
	@scripts/setup.sh fuzz
	@scripts/fuzz.sh
# Off CI: SIGKILL loops, disk full, many-seed simulation; prints a table
# (docs/reliability.md). Bounded by RELIABILITY_MINUTES and counts.
reliability:
	@scripts/setup.sh reliability
	@scripts/reliability.sh

# Try the offline visit by hand while 'make run' is open: stop / restart its sync server.
network-off:
	@scripts/network.sh off

network-on:
	@scripts/network.sh on

reset:
	rm -rf .onsite-data
	@echo "demo data removed; the next 'make run' seeds it again"

# TypeScript types generated from core's Rust types (ui/src/bindings/),
# regenerated only when core changed (the stamp records the last run).
CORE_SRC := $(shell find core/src -name '*.rs') core/Cargo.toml
BINDINGS := ui/src/bindings/.generated
UI_SRC := $(shell find ui/src -type f -not -path 'ui/src/bindings/*') \
	ui/index.html ui/package.json ui/package-lock.json ui/tsconfig.json ui/vite.config.ts

bindings: $(BINDINGS)

$(BINDINGS): $(CORE_SRC)
	@echo "==> generating the TypeScript bindings from core (cargo test export_bindings; first time: ~5 min)…"
	@scripts/bindings.sh
	@touch $@

# The UI bundle (ui/dist), rebuilt only when a file it is built from is newer.
ui: ui/dist/index.html

ui/dist/index.html: $(BINDINGS) $(UI_SRC)
	@echo "==> building the UI bundle (npm run build: type check + vite)…"
	@cd ui && npm run build
	@touch $@

server:
	@echo "==> building the sync server (cargo; first time: ~2 min)…"
	@cargo build -p onsite-sync-server

app: ui
	@echo "==> building the app (cargo; first time: ~3 min)…"
	@cargo build -p onsite-app
