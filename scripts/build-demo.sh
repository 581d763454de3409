#!/usr/bin/env bash
# Builds the demo register in content/ into _site/public and _site/internal.
# Usage: scripts/build-demo.sh [extra dik build options, e.g. --date 2026-11-21]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift build -c release --product dik
.build/release/dik build --site content --out _site "$@"
