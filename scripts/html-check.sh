#!/usr/bin/env bash
# Valid HTML and working internal links for a built site (default _site/public).
# Usage: scripts/html-check.sh [--install] [SITE_FOLDER]
#   --install  first install what the check needs (tidy, html5lib) when missing.
# Exits 0 with a message when the tools are absent; 1 when a page has a problem.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--install" ]; then
  shift
  if ! command -v tidy >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tidy) >/dev/null 2>&1 \
      || echo "html-check: could not install tidy" >&2
  fi
  python3 -c "import html5lib" 2>/dev/null || python3 -m pip install -q html5lib >/dev/null 2>&1 \
    || echo "html-check: could not install html5lib" >&2
fi
SITE="${1:-_site/public}"
if ! command -v python3 >/dev/null || ! python3 -c "import html5lib" 2>/dev/null; then
  echo "html-check: SKIPPED (python3 with html5lib is not installed; run with --install)"
  exit 0
fi
if [ ! -d "$SITE" ]; then
  echo "html-check: $SITE does not exist; build the site first" >&2
  exit 1
fi
exec python3 scripts/html-check.py "$SITE"
