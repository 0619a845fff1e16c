#!/usr/bin/env bash
# Measures what a visitor downloads, raw and gzipped, for each of the two builds, and fails
# above either budget. Usage: scripts/size-budget.sh [dist-dir]. Figures go to BENCHMARKS.md by
# hand.
#   editor: the full app (its wasm and js, and the seed workers' script);
#   viewer: the light embed viewer an `<iframe src="…?embed">` loads (issue 15): fanout-viewer*.
set -euo pipefail
dist=${1:-dist}
# The editor: issue 2 started it at 250 KB for the shell; the engine, editor, live view,
# sharing, gallery, recent drafts, the crash message, outcome reasons, checks, sliced seeks, the
# "why" lists, the settings' field table, every node's figures, the fault lane, the phone and
# keyboard work, the lessons' notes panel, embeds that fit a page, story mode, GIF and WebM
# export, seed runs in workers, and AsyncAPI and Mermaid in and out with a YAML reader (~55 KB)
# now take ~623 KB, compare mode 10.5 KB more and brokers with replication 24 KB more, and one
# compiled copy of the stable sort (src/sort.rs) 16 KB less (see BENCHMARKS.md). The budget
# sits just above today's figure so any growth is a conscious decision.
EDITOR_BUDGET_GZIP_BYTES=${EDITOR_BUDGET_GZIP_BYTES:-${BUDGET_GZIP_BYTES:-650000}}
# The viewer: issue 15 asks for at most 200 KB. Today it is ~345 KB, of which the engine (with
# the broker model) and the scenario's reading and validation take well over half on their own
# (BENCHMARKS.md): the budget sits just above today's figure until they shrink.
VIEWER_BUDGET_GZIP_BYTES=${VIEWER_BUDGET_GZIP_BYTES:-346000}

status=0
# measure NAME BUDGET FILE…: prints a row per file and the total; fails above the budget.
measure() {
  local name=$1 budget=$2 raw gz total_raw=0 total_gz=0; shift 2
  for f in "$@"; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    printf '  %-46s %9d B raw %9d B gzip\n' "$(basename "$f")" "$raw" "$gz"
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  done
  printf '%-48s %9d B raw %9d B gzip (budget %d B gzip)\n' "$name total" "$total_raw" "$total_gz" "$budget"
  if [ "$total_gz" -gt "$budget" ]; then
    echo "size budget: FAILED — the $name is $total_gz B gzipped, over $budget B"
    status=1
  fi
}

shopt -s nullglob
viewer=("$dist"/fanout-viewer*.wasm "$dist"/fanout-viewer*.js)
editor=()
for f in "$dist"/*.wasm "$dist"/*.js; do
  case "$(basename "$f")" in fanout-viewer*) ;; *) editor+=("$f") ;; esac
done
[ "${#editor[@]}" -gt 0 ] || { echo "size budget: no editor .wasm/.js in $dist (build first)"; exit 1; }
[ "${#viewer[@]}" -eq 2 ] || { echo "size budget: no fanout-viewer .wasm and .js in $dist (build first)"; exit 1; }
measure editor "$EDITOR_BUDGET_GZIP_BYTES" "${editor[@]}"
measure viewer "$VIEWER_BUDGET_GZIP_BYTES" "${viewer[@]}"
[ "$status" -eq 0 ] && echo "size budget: ok"
exit "$status"
