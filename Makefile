# Onsite — the README's commands. Every target installs what it needs first
# (scripts/setup.sh) and shares one cargo target directory.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(CURDIR)/target

.PHONY: run test bench reset bindings ui app server help network-off network-on

help:
	@echo "make run    - sync server + demo data + the Onsite window (ONSITE_ROLE=office for the office desk)"
	@echo "make test   - every test of every part"
	@echo "make bench  - benchmarks (figures in target/bench/results.json)"
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

# Try the offline visit by hand while 'make run' is open: stop / restart its sync server.
network-off:
	@scripts/network.sh off

network-on:
	@scripts/network.sh on

reset:
	rm -rf .onsite-data
	@echo "demo data removed; the next 'make run' seeds it again"

# TypeScript types generated from core's Rust types (ui/src/bindings/).
bindings:
	@cargo test -q -p onsite-core --lib export_bindings >/dev/null

ui: bindings
	@cd ui && npm run --silent build

server:
	@cargo build -q -p onsite-sync-server

app: ui
	@cargo build -q -p onsite-app
