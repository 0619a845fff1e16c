#!/usr/bin/env bash
# Runs every test layer of Fanout (installing whatever is missing first):
#   style and lints → native tests (engine, scenario, CLI) → browser tests (wasm-bindgen-test in
#   headless Chromium) → release build + size budget → end-to-end tests (Playwright).
# Ends with one line "tests: N passed, N failed" summing the layers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
. scripts/env.sh

mkdir -p artifacts
log=artifacts/test-output.log
: > "$log"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Runs a command, keeps its output for the summary, and stops on failure.
run() { "$@" 2>&1 | tee -a "$log"; return "${PIPESTATUS[0]}"; }

step "format"
cargo fmt --all -- --check

step "clippy (native and wasm)"
cargo clippy --quiet --lib --bins --tests --benches -- -D warnings
# Browser test files are the ones marked wasm-only; the others are native (proptest, CLI…).
# Benchmarks (`*bench*`) are not tests: scripts/bench-browser.sh and BENCHMARKS.md run them.
wasm_tests=()
for f in tests/*.rs; do
  case "$f" in *bench*) continue ;; esac
  if grep -q '^#!\[cfg(target_arch = "wasm32")\]' "$f"; then wasm_tests+=(--test "$(basename "$f" .rs)"); fi
done
cargo clippy --quiet --target wasm32-unknown-unknown --lib --bins "${wasm_tests[@]}" -- -D warnings

step "native tests"
run cargo test --lib --bins --tests

step "browser tests (wasm-bindgen-test, headless Chromium)"
run cargo test --target wasm32-unknown-unknown "${wasm_tests[@]}"

step "release build"
# With `test-panic` (Ctrl+Alt+Shift+P panics; ui/crash.rs), so the end-to-end journey can check
# the crash message; shipped builds leave it out. The budget below is checked on this build,
# about 0.6 KB gzipped larger than the shipped one.
trunk build --release --features test-panic

step "bundle size budget"
scripts/size-budget.sh dist

step "end-to-end tests (Playwright, headless Chromium)"
# The export journey runs the command-line runner built by the native tests above.
export FANOUT_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/fanout"
run npx playwright test

# One closing line for the whole run, summed over cargo's and Playwright's own summaries.
passed=$(grep -hoE '(test result: ok\. [0-9]+ passed|^ *[0-9]+ passed)' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -hoE '([0-9]+ failed)' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
echo
echo "tests: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
