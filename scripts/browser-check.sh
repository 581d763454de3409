#!/usr/bin/env bash
# Real-browser check of `dik serve` (headless Chromium): opens the preview, edits an
# entry and expects the page to change by itself; breaks it and expects the error
# page; fixes it and expects the page back. Skips (exit 0) when Chromium is missing.
# Usage: scripts/browser-check.sh [--measure 30 --entries 10000] [--screenshots DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
   && ! command -v google-chrome >/dev/null; then
  echo "skipped: chromium not installed (apt-get install -y chromium)"
  exit 0
fi
scripts/ensure-deps.sh
if [ -z "${DIK:-}" ]; then
  if [[ " $* " == *" --measure "* ]]; then
    swift build -c release --product dik >&2
    DIK=.build/release/dik
  else
    swift build --product dik >&2
    DIK=.build/debug/dik
  fi
fi
exec python3 scripts/browser-check.py --dik "$DIK" "$@"
