#!/usr/bin/env bash
# Soak test of `dik serve` on loopback (docs/serve-hardening.md): for SECONDS (default
# 60) it holds a few hundred half-sent requests open, floods the preview with
# connections opened and closed at once, and saves an entry every 100 ms, all at the
# same time, under a small descriptor limit (ulimit -n, default 256) so that before
# the hardening the half-sent requests alone took every descriptor. Afterwards the
# preview must still answer GET / with 200 and show the last save, and, once the
# half-sent requests are closed and a few seconds have passed, its RSS and its open
# descriptors must be back near what they were before the load. Prints the figures;
# exits non-zero on failure.
#
# Usage: scripts/serve-soak.sh [seconds]
#   DIK=path/to/dik     binary to test (default: build it, see BUILD)
#   BUILD=release|debug configuration to build when DIK is not set (default: release;
#                       never build release while something else heavy runs)
#   HALF_OPEN=300       half-sent requests held at once
#   NOFILE=256          descriptor limit for the preview
#   FLOODERS=2          flooding threads: one opens and closes connections as fast as
#                       it can, the others send GET / on each and read the status
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
half_open="${HALF_OPEN:-300}"
nofile="${NOFILE:-256}"
flooders="${FLOODERS:-2}"
settle=5

if ! command -v python3 >/dev/null; then echo "SKIPPED: python3 is not installed"; exit 0; fi
if ! command -v curl >/dev/null; then echo "SKIPPED: curl is not installed"; exit 0; fi
if [ ! -d /proc/self/fd ]; then echo "SKIPPED: no /proc to read the preview's RSS and descriptors from"; exit 0; fi

if [ -z "${DIK:-}" ]; then
  build="${BUILD:-release}"
  swift build -c "$build" --product dik >/dev/null
  DIK=".build/$build/dik"
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -INT "$server" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cp -r content "$work/site"
entry=$(ls "$work"/site/register/2025/*.md | sort | head -1)
slug=$(basename "$entry" .md | tr 'A-Z' 'a-z')

# A free port on loopback, chosen by the kernel.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
( ulimit -n "$nofile" && exec "$DIK" serve --site "$work/site" --host 127.0.0.1 --port "$port" --date 2026-11-21 ) \
  >"$work/serve.log" 2>&1 &
server=$!
started=0
for _ in $(seq 100); do
  curl -fs -m 2 -o /dev/null "http://127.0.0.1:$port/" && { started=1; break; }
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
[ "$started" = 1 ] || { echo "FAIL: dik serve did not start"; cat "$work/serve.log"; exit 1; }

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
fds() { ls "/proc/$server/fd" | wc -l; }
# Warm up: the pages the load asks for are rendered before the baseline is taken.
for path in / /internal/ /_dik/perubahan/ "/dik/$slug/" "/internal/dik/$slug/" /internal/dasbor/; do
  curl -s -m 10 -o /dev/null "http://127.0.0.1:$port$path"
done
sleep 1
rss_before=$(rss); fds_before=$(fds)
echo "binary: $DIK; ulimit -n $nofile; $seconds s; $half_open half-sent requests; $flooders flooding threads"
echo "before: RSS $rss_before KiB, $fds_before descriptors"

PORT="$port" PID="$server" SECONDS_TOTAL="$seconds" HALF_OPEN="$half_open" FLOODERS="$flooders" \
ENTRY="$entry" python3 - >"$work/load.txt" <<'PYTHON'
import os, select, socket, struct, threading, time

port = int(os.environ["PORT"]); pid = int(os.environ["PID"])
duration = float(os.environ["SECONDS_TOTAL"]); target = int(os.environ["HALF_OPEN"])
flooders = int(os.environ["FLOODERS"]); entry = os.environ["ENTRY"]
deadline = time.monotonic() + duration
lock = threading.Lock()
stats = {"half_opened": 0, "half_closed_by_server": 0, "half_connect_failed": 0,
         "flood_connections": 0, "flood_200": 0, "flood_503": 0, "flood_other": 0, "flood_failed": 0,
         "saves": 0, "peak_rss_kib": 0, "peak_fds": 0, "server_died": 0}

def bump(key, by=1):
    with lock: stats[key] += by

def half_open():
    """Holds `target` half-sent requests open; replaces those the server closes."""
    held = []
    opened = 0
    while time.monotonic() < deadline and opened < 1_000_000:
        while len(held) < target and time.monotonic() < deadline:
            s = socket.socket(); s.settimeout(1)
            try:
                s.connect(("127.0.0.1", port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
                s.setblocking(False); held.append(s); opened += 1; bump("half_opened")
            except OSError:
                s.close(); bump("half_connect_failed"); break
        if held:
            readable, _, _ = select.select(held, [], [], 0.2)
            for s in readable:
                try: data = s.recv(4096)
                except OSError: data = b""
                if not data:
                    held.remove(s); s.close(); bump("half_closed_by_server")
        else:
            time.sleep(0.2)
    for s in held: s.close()

def flood(number):
    """Thread 0 opens connections and closes them at once (every fourth with a reset);
    the others ask for / on each and read the status line."""
    count = 0
    while time.monotonic() < deadline and count < 5_000_000:
        count += 1
        s = socket.socket(); s.settimeout(2)
        try:
            if number == 0 and count % 4 == 0:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.connect(("127.0.0.1", port))
            bump("flood_connections")
            if number > 0:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                line = s.recv(64).split(b"\r\n")[0]
                key = {b"200": "flood_200", b"503": "flood_503"}.get(line[9:12], "flood_other")
                bump(key)
        except OSError:
            bump("flood_failed")
        finally:
            s.close()

def save():
    """An editor saving every 100 ms, alternately in place and through a rename."""
    number = 0
    while time.monotonic() < deadline:
        number += 1
        with open(entry, encoding="utf-8") as f: lines = f.read().split("\n")
        lines = [f"informasi: Versi uji soak {number}" if l.startswith("informasi:") else l for l in lines]
        if number % 2:
            with open(entry, "w", encoding="utf-8") as f: f.write("\n".join(lines))
        else:
            with open(entry + ".tmp", "w", encoding="utf-8") as f: f.write("\n".join(lines))
            os.replace(entry + ".tmp", entry)
        bump("saves")
        time.sleep(0.1)
    with lock: stats["last_save"] = number

def monitor():
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (OSError, StopIteration):
            with lock: stats["server_died"] = 1
            return
        with lock:
            stats["peak_rss_kib"] = max(stats["peak_rss_kib"], rss)
            stats["peak_fds"] = max(stats["peak_fds"], fds)
        time.sleep(0.5)

threads = [threading.Thread(target=half_open), threading.Thread(target=save), threading.Thread(target=monitor)]
threads += [threading.Thread(target=flood, args=(n,)) for n in range(flooders)]
for t in threads: t.start()
for t in threads: t.join(timeout=duration + 30)
for key, value in stats.items(): print(f"{key}={value}")
PYTHON
cat "$work/load.txt" | sed 's/^/  /'
figure() { sed -n "s/^$1=//p" "$work/load.txt"; }

failed=0
if ! kill -0 "$server" 2>/dev/null || [ "$(figure server_died)" = 1 ]; then
  status=0; wait "$server" 2>/dev/null || status=$?
  echo "FAIL: dik serve ended during the load (exit status $status)"; tail -20 "$work/serve.log"; exit 1
fi

# The half-sent requests are closed now; let the preview close what it still holds.
sleep "$settle"
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$code" = 200 ] || { echo "FAIL: GET / answered $code after the load"; failed=1; }
last=$(figure last_save)
shows_last() { curl -s -m 10 "http://127.0.0.1:$port/dik/$slug/" | grep -Eq "Versi uji soak $last([^0-9]|$)"; }
shown=0
for _ in $(seq 50); do shows_last && { shown=1; break; }; sleep 0.2; done
if [ "$shown" = 1 ]; then echo "the entry page shows the last save ($last)"
else echo "FAIL: the entry page does not show the last save ($last)"; failed=1; fi
if grep -q "tidak ditemukan" "$work/serve.log"; then
  echo "FAIL: the preview reported missing files during the load:"; grep "tidak ditemukan" "$work/serve.log" | head -5
  failed=1
fi

rss_after=$(rss); fds_after=$(fds)
rss_allowed=$(( rss_before / 5 > 16384 ? rss_before / 5 : 16384 ))
echo "after:  RSS $rss_after KiB (+$(( rss_after - rss_before )) KiB, allowed +$rss_allowed), $fds_after descriptors (+$(( fds_after - fds_before )), allowed +8)"
echo "peak:   RSS $(figure peak_rss_kib) KiB, $(figure peak_fds) descriptors of $nofile"
[ $(( rss_after - rss_before )) -le "$rss_allowed" ] || { echo "FAIL: RSS did not come back"; failed=1; }
[ $(( fds_after - fds_before )) -le 8 ] || { echo "FAIL: descriptors did not come back"; ls -l "/proc/$server/fd" | tail -20; failed=1; }
[ "$(figure peak_fds)" -lt "$nofile" ] || { echo "FAIL: the preview used every descriptor"; failed=1; }
if [ "$failed" = 0 ]; then echo "OK: the preview survived the soak and came back to its baseline"; fi
exit "$failed"
