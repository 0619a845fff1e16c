#!/usr/bin/env bash
# Installs whatever this machine lacks to build Fanout, and (with --test) to test it.
# Idempotent: every step checks first, so a re-run with everything present takes seconds.
# Only package registries are reachable here: everything comes from rustup, crates.io, npm or
# Debian, never from a tool's own download (Trunk and Playwright are told not to fetch).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

step() { printf '\033[1m== %s\033[0m\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup: wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  step "cargo install trunk $TRUNK_VERSION (about 12 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Without --locked: its lockfile pins a crate version the registry mirror here lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$want_test" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  step "apt: chromium and chromium-driver"
  apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  apt_get update
  DEBIAN_FRONTEND=noninteractive apt_get install -y --no-install-recommends chromium chromium-driver
fi

# `fanout verify --broker redis` runs scenarios on a real Redis (tests/verify_redis.rs): Debian's
# redis-server 7.0 (Streams, consumer groups, XAUTOCLAIM). Only the binary is used; the package's
# own service is never started (tests start their own on loopback and stop it by process id).
if [ "$want_test" = 1 ] && ! command -v redis-server >/dev/null 2>&1; then
  step "apt: redis-server"
  apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  apt_get update
  DEBIAN_FRONTEND=noninteractive apt_get install -y --no-install-recommends redis-server
fi

# npm: binaryen (wasm-opt 132; Debian's 108 cannot read current wasm-bindgen output) and
# Playwright (driving Debian's Chromium; it never downloads a browser of its own).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/playwright ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# Trunk builds offline (it must never try to download tools), so fetch crates first.
cargo fetch --quiet
