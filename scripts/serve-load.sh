#!/usr/bin/env bash
# Bounded load test of `dik serve` on loopback (issue 7): wrk with many connections
# against the preview of the demo register while an entry keeps changing, plus
# oversized and traversal requests; then checks the server still answers and reports
# its memory. Needs `wrk` (Debian package); skips when it is absent.
# Usage: scripts/serve-load.sh [seconds, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
if ! command -v wrk >/dev/null; then echo "SKIPPED: wrk is not installed (apt-get install wrk)"; exit 0; fi
swift build -c release --product dik >/dev/null
work=$(mktemp -d); trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r content "$work/site"
port=$((20000 + RANDOM % 20000))
.build/release/dik serve --site "$work/site" --port "$port" --date 2026-11-21 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "RSS before: $(rss) KiB"
entry=$(ls "$work"/site/register/2025/*.md | head -1)
( end=$((SECONDS + seconds)); i=0; while [ $SECONDS -lt $end ]; do
    sed -i "s/^informasi: .*/informasi: Versi uji beban $i/" "$entry"; i=$((i + 1)); sleep 0.1; done ) &
editor=$!
wrk -t2 -c256 -d"${seconds}s" "http://127.0.0.1:$port/" | sed -n '1,12p'
wrk -t1 -c64 -d"${seconds}s" "http://127.0.0.1:$port/internal/dasbor/" | grep -E "Requests/sec|Non-2xx|errors" || true
wait $editor
for path in "/%2e%2e/%2e%2e/etc/passwd" "/..%5c..%5csite.yml" "/%252e%252e/site.yml" "/$(head -c 60000 /dev/zero | tr '\0' a)"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "http://127.0.0.1:$port$path")
  [ "$code" = 404 ] || [ "$code" = 414 ] || [ "$code" = 431 ] || { echo "FAIL: ${path:0:40} answered $code"; exit 1; }
done
curl -fs "http://127.0.0.1:$port/" >/dev/null || { echo "FAIL: the server stopped answering"; exit 1; }
echo "RSS after: $(rss) KiB"
echo "OK: served under load, traversal refused, still answering"
