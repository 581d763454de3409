#!/usr/bin/env bash
# Accessibility (WCAG 2.1 AA): axe-core in headless Chromium over a built site
# (default _site/public). Usage: scripts/a11y-check.sh [--install] [SITE_FOLDER]
#   --install  first install Chromium, its driver and the Python packages when missing.
# Exits 0 with a message when the tools are absent; 1 on any violation.
set -uo pipefail
cd "$(dirname "$0")/.."
have_tools() {
  command -v python3 >/dev/null && command -v chromedriver >/dev/null \
    && { command -v chromium >/dev/null || command -v chromium-browser >/dev/null; } \
    && python3 -c "import axe_selenium_python, selenium" 2>/dev/null
}
if [ "${1:-}" = "--install" ]; then
  shift
  if ! have_tools; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver) \
      >/dev/null 2>&1 || echo "a11y-check: could not install chromium" >&2
    python3 -m pip install -q axe-selenium-python selenium >/dev/null 2>&1 \
      || echo "a11y-check: could not install axe-selenium-python" >&2
  fi
fi
SITE="${1:-_site/public}"
if ! have_tools; then
  echo "a11y-check: SKIPPED (needs chromium, chromium-driver and pip axe-selenium-python; run with --install)"
  exit 0
fi
if [ ! -d "$SITE" ]; then
  echo "a11y-check: $SITE does not exist; build the site first" >&2
  exit 1
fi
exec python3 scripts/a11y-check.py "$SITE"
