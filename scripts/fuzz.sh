#!/usr/bin/env bash
# make fuzz: builds the fuzz targets of crate fuzz/ with cargo-afl (AFL++ on
# the stable toolchain), runs each target for FUZZ_SECONDS (default 60),
# FUZZ_JOBS targets at a time (default 1), prints a table, and keeps every
# new crash as a fixture in fuzz/fixtures/<target>/ (with a line in
# fuzz/fixtures/<target>/CRASHES.md), which `make test` replays from then on.
#
# Usage: scripts/fuzz.sh [target...]   (default: request sync_apply import config)
# Environment: FUZZ_SECONDS, FUZZ_JOBS, FUZZ_TIMEOUT_MS (per input, default
# 2000), FUZZ_MEMORY_MB (per target process, default 2048: an input that
# allocates more counts as a crash and cannot starve the machine).
# Output of each run: $CARGO_TARGET_DIR/fuzz/<target>/ (afl.log, out/).
# Exits 1 when a target found a crash not kept before, 2 when a run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
secs="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
timeout_ms="${FUZZ_TIMEOUT_MS:-2000}"
memory_mb="${FUZZ_MEMORY_MB:-2048}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request sync_apply import config)
runs="$CARGO_TARGET_DIR/fuzz"
# An explicit --target keeps cargo-afl's flags (instrumentation, one codegen
# unit, opt-level 3) off build scripts and proc macros: a much shorter build.
host=$(rustc -vV | sed -n 's/^host: //p')
bin="$CARGO_TARGET_DIR/afl/$host/release/onsite-fuzz-afl"

# AFL++ as cargo-afl built it for this rustc (scripts/setup.sh fuzz).
rustc_dir="rustc-$(rustc -vV | sed -n 's/^release: //p')-$(rustc -vV | sed -n 's/^commit-hash: //p' | cut -c1-7)"
afl_fuzz=$(ls -d "${XDG_DATA_HOME:-$HOME/.local/share}"/afl.rs/"$rustc_dir"/afl.rs-*/afl/bin/afl-fuzz 2>/dev/null | tail -1)
[ -x "$afl_fuzz" ] || { echo "fuzz: afl-fuzz for $rustc_dir not found; run scripts/setup.sh fuzz" >&2; exit 2; }

echo "==> building the fuzz targets with cargo-afl (first time: ~15 min on 2 cores)…"
# Own target directory: cargo-afl's RUSTFLAGS would otherwise rebuild the normal one.
CARGO_TARGET_DIR="$CARGO_TARGET_DIR/afl" cargo afl build --release --quiet --target "$host" \
  -p onsite-fuzz --features afl --bin onsite-fuzz-afl

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1

# CPU seconds used so far by process $1 and everything below it: each
# process's own time plus that of the children it already reaped. (The
# shell's `time` misses AFL++'s persistent target, which is killed, not
# reaped; so the tree is sampled while it runs.)
tree_cpu() {
  local pids=("$1") i=0 ticks=0
  while [ $i -lt ${#pids[@]} ]; do
    pids+=($(pgrep -P "${pids[$i]}" || true))
    i=$((i + 1))
  done
  for p in "${pids[@]}"; do
    [ -r "/proc/$p/stat" ] || continue
    ticks=$((ticks + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 + $14 + $15 }')))
  done
  echo $((ticks / $(getconf CLK_TCK)))
}

# One target: a fresh output folder, the kept fixtures as the first corpus.
run_one() {
  local t="$1" dir="$runs/$1"
  rm -rf "$dir"
  mkdir -p "$dir/in"
  find "fuzz/fixtures/$t" -maxdepth 1 -type f ! -name '*.md' -exec cp {} "$dir/in/" \;
  local start=$SECONDS
  "$afl_fuzz" -V "$secs" -t "$timeout_ms" -m "$memory_mb" -i "$dir/in" -o "$dir/out" -- "$bin" "$t" \
    >"$dir/afl.log" 2>&1 &
  local pid=$! cpu=0
  while kill -0 "$pid" 2>/dev/null; do
    cpu=$(tree_cpu "$pid")
    sleep 5
  done
  wait "$pid" || echo failed >"$dir/failed"
  echo "$((SECONDS - start)) $cpu" >"$dir/time"
}

echo "==> fuzzing ${targets[*]} for ${secs}s each, $jobs at a time (logs in $runs/<target>/afl.log)…"
running=0
for t in "${targets[@]}"; do
  [ -d "fuzz/fixtures/$t" ] || { echo "fuzz: unknown target $t" >&2; exit 2; }
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait

afl_stat() { sed -n "s/^$2 *: *//p" "$runs/$1/out/default/fuzzer_stats" 2>/dev/null | head -1; }

# The panic a crash input causes, from the same binary outside AFL++: the
# last one printed (panics caught on purpose inside, e.g. Automerge's under
# the server's catch_unwind, print first).
panic_of() {
  "$bin" "$1" <"$2" 2>&1 | grep -A1 'panicked at' | tail -1 | cut -c1-300 || true
}

new_crashes=0
failed=0
rows=()
for t in "${targets[@]}"; do
  dir="$runs/$t"
  if [ -f "$dir/failed" ] || [ ! -f "$dir/out/default/fuzzer_stats" ]; then
    failed=1
    echo "fuzz: $t did not run; the end of $dir/afl.log:" >&2
    tail -20 "$dir/afl.log" >&2 || true
    rows+=("$t|-|-|-|-|-|-|-")
    continue
  fi
  wall=- cpu=-
  read -r wall cpu <"$dir/time" 2>/dev/null || true
  kept=0
  for f in "$dir"/out/default/crashes/id:*; do
    [ -e "$f" ] || continue
    name="crash-$(sha256sum "$f" | cut -c1-16)"
    dest="fuzz/fixtures/$t/$name"
    [ -e "$dest" ] && continue
    cp "$f" "$dest"
    kept=$((kept + 1))
    [ -f "fuzz/fixtures/$t/CRASHES.md" ] || printf '# Crashes found in target %s\n\nEach file here is replayed by `make test` (fuzz/tests/replay.rs). A line per crash: when and how it was found, what it broke, what fixed it.\n\n' "$t" >"fuzz/fixtures/$t/CRASHES.md"
    printf -- '- `%s` (%s, make fuzz): %s. Fix: open.\n' "$name" "$(date -u +%F)" "$(panic_of "$t" "$f")" >>"fuzz/fixtures/$t/CRASHES.md"
  done
  new_crashes=$((new_crashes + kept))
  rows+=("$t|$wall|$cpu|$(afl_stat "$t" execs_done)|$(afl_stat "$t" execs_per_sec)|$(afl_stat "$t" corpus_count)|$(afl_stat "$t" saved_crashes) ($kept new)|$(afl_stat "$t" saved_hangs)")
done

echo
printf '%-11s %8s %8s %12s %9s %8s %14s %6s\n' target wall_s cpu_s executions exec/s corpus crashes hangs
for r in "${rows[@]}"; do
  IFS='|' read -r t w c e x n k h <<<"$r"
  printf '%-11s %8s %8s %12s %9s %8s %14s %6s\n' "$t" "$w" "$c" "$e" "$x" "$n" "$k" "$h"
done
echo
if [ "$failed" -ne 0 ]; then exit 2; fi
if [ "$new_crashes" -gt 0 ]; then
  echo "fuzz: $new_crashes new crash(es) kept in fuzz/fixtures/<target>/ (see CRASHES.md there); make test replays them"
  exit 1
fi
echo "fuzz: no new crashes"
