#!/usr/bin/env bash
# Serves the playground on http://127.0.0.1:8080 (installs whatever is missing first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
exec trunk serve --release "$@"
