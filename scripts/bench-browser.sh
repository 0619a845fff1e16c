#!/usr/bin/env bash
# Browser benchmarks: frame times while playing (~2,000 and ~5,000 events in flight), fast-forward
# to the end of a run, dragging a node in a 150-node graph, and an embed's time to first frame and
# transferred bytes (e2e/bench/embed.bench.ts). Runs the release build in dist/
# in Debian's headless Chromium through Playwright (playwright.bench.config.ts) and prints the
# figures; they go to BENCHMARKS.md by hand. Not part of the test suite: nothing fails on a slow
# figure. Usage: scripts/bench-browser.sh [--build] [playwright args, e.g. -g fanout-2k, -g embed]
# BENCH_SECONDS (default 5) sets how long each playing configuration is measured; BENCH_RUNS
# (default 10) how many cold loads each embed case makes. For the embed figures, the gzipped sizes
# (the local server does not compress) come from scripts/size-budget.sh dist.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if [ "${1:-}" = "--build" ]; then
  shift
  trunk build --release
fi
[ -f dist/index.html ] || { echo "bench-browser: no dist/ (run with --build, or trunk build --release)"; exit 1; }
mkdir -p artifacts
out=artifacts/bench-browser.txt
npx playwright test -c playwright.bench.config.ts "$@" 2>&1 | tee "$out.log" | grep -E '^BENCH |passed|failed' | tee "$out"
if grep -q '^BENCH embed' "$out"; then
  echo "Gzipped sizes of what the embed downloads (the local server sends them uncompressed):"
  scripts/size-budget.sh dist | tee -a "$out" || true
fi
echo "(full log: $out.log; screenshots: artifacts/bench-*.png)"
echo "Headless Chromium paces requestAnimationFrame itself (no display, no vsync guarantee)."
