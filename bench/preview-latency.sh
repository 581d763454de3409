#!/usr/bin/env bash
# Measures how fast `dik serve` answers a save, on the server side: from just before
# an entry file is written to the reload event on the preview's event stream, and
# the GET of the edited entry's page and of the register page right after. Saves
# alternate between entries of several statuses and between atomic (rename) and
# in-place writes; each waits for its event. Prints min / median / p90 / max.
# Details: bench/preview_latency.py. Needs Python 3 only.
#
# Usage: bench/preview-latency.sh [--entries 10000] [--runs 30] [--gap 1.0] [--site DIR] [--keep]
#                                 [--server-log FILE]
#   --site DIR   copy this site (e.g. a register made by bench/gen_register.py) instead
#                of generating one with --seed 1; the original is never modified
# Environment:
#   DIK=path     the dik binary (default: build .build/release/dik)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DIK:-}" ]; then
  scripts/ensure-deps.sh
  swift build -c release --product dik >&2
  DIK=.build/release/dik
fi
exec python3 bench/preview_latency.py --dik "$DIK" "$@"
