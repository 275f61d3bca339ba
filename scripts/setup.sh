#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test Onsite,
# skipping whatever is already there. Called by every Makefile target; safe
# to run again. Usage: scripts/setup.sh [build|test|run|bench|fuzz|reliability]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-test}"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to install system packages: $*" >&2; exit 1; fi
}

# --- Debian packages ---------------------------------------------------------
apt_pkgs=(build-essential pkg-config curl)
# Fuzzing builds only the Rust crates: no WebKit, fonts or Node.js.
if [ "$purpose" != fuzz ]; then
  apt_pkgs+=(libwebkit2gtk-4.1-dev fonts-noto-cjk)
  # Node.js: the machine's own (20+) when present, else Debian's.
  command -v node >/dev/null || apt_pkgs+=(nodejs npm)
fi
case "$purpose" in
  test|bench|run) apt_pkgs+=(xvfb xauth webkit2gtk-driver chromium poppler-utils) ;;&
  # the private PostgreSQL of the tests and the load figures
  # (scripts/with-postgres.sh; server binaries in /usr/lib/postgresql/*/bin)
  test|bench) apt_pkgs+=(postgresql) ;;
  # unshare and mount for the disk-full loop's private tmpfs
  reliability) apt_pkgs+=(util-linux mount) ;;
esac
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Rust toolchain ----------------------------------------------------------
command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup first" >&2; exit 1; }
if [ "$purpose" = test ] || [ "$purpose" = bench ]; then
  if ! command -v tauri-driver >/dev/null; then
    log "installing tauri-driver (cargo, ~1 min)"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
fi

# cargo-afl: AFL++ on the stable toolchain. Installing it also builds AFL++
# (from the sources the crate ships) for the installed rustc; after a
# toolchain update `cargo afl config --build` builds it again.
if [ "$purpose" = fuzz ]; then
  if ! command -v cargo-afl >/dev/null; then
    log "installing cargo-afl (cargo; builds AFL++ too, ~3 min)"
    cargo install cargo-afl --version '^0.18' --locked --quiet
  fi
  if ! cargo afl --version 2>/dev/null | grep -q 'AFL++ version'; then
    log "building AFL++ for this Rust toolchain (cargo afl config --build, ~2 min)"
    cargo afl config --build
  fi
  log "ready ($purpose)"
  exit 0
fi

# --- npm packages (exactly the committed lock files) --------------------------
npm_ci() {
  local dir="$1"
  [ -f "$dir/package-lock.json" ] || return 0
  local stamp="$dir/node_modules/.onsite-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    log "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
if [ "$purpose" != reliability ]; then
  npm_ci ui
  npm_ci tests/e2e
  npm_ci tests/node-client
fi
log "ready ($purpose)"
