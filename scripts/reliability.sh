#!/usr/bin/env bash
# make reliability: the off-CI reliability run (docs/reliability.md).
# Builds the test binaries, then runs onsite-reliability inside a mount
# namespace of its own (unshare -m), so the small tmpfs it mounts for the
# disk-full loop disappears with it. Bounded: RELIABILITY_MINUTES (default
# 30), RELIABILITY_KILLS per process and phase (100), RELIABILITY_FAULTS
# (20), RELIABILITY_SEEDS (20) × RELIABILITY_STEPS (2000).
# The table is printed and kept in $CARGO_TARGET_DIR/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
echo "==> building the device under test, the server and the loops (cargo)…"
cargo build -q -p onsite-tests --bins
bin="$CARGO_TARGET_DIR/debug/onsite-reliability"
args=(
  --minutes "${RELIABILITY_MINUTES:-30}"
  --kills "${RELIABILITY_KILLS:-100}"
  --faults "${RELIABILITY_FAULTS:-20}"
  --seeds "${RELIABILITY_SEEDS:-20}"
  --steps "${RELIABILITY_STEPS:-2000}"
  --seed "${RELIABILITY_SEED:-11}"
)
[ -n "${RELIABILITY_ONLY:-}" ] && args+=(--only "$RELIABILITY_ONLY")
out="$CARGO_TARGET_DIR/reliability.md"
if [ "$(id -u)" -ne 0 ]; then
  echo "reliability: the disk-full loop mounts a tmpfs; run as root (or under sudo)" >&2
  exit 1
fi
timeout "$(( ${RELIABILITY_MINUTES:-30} * 60 + 600 ))" \
  unshare -m --propagation private -- "$bin" "${args[@]}" | tee "$out"
echo "(table kept in $out; paste it into docs/reliability.md)"
