#!/usr/bin/env python3
"""Server-side latency of `dik serve`: from saving an entry to the reload event.

Starts `dik serve` on a copy of a synthetic register, listens on its event stream
(`/_dik/events`, server-sent events) as a preview page does, and then, N times:
edits one entry's `informasi` (its title) on disk, and records the time from just
before the write to the moment the `reload` event arrives on the stream. Right after
each event it times a GET of the edited entry's page and of the register page (`/`,
every entry in one table) and checks that both show the new title: an event that
announced anything else (an error page of a half-written file, an older state) is
not counted as the answer, the script waits for the next one and reports it.

Saves alternate between a few entries of different statuses and between the two
ways editors write: atomically (a new file renamed over the old one, as vim,
VS Code and most editors do) and in place (truncate and write the same file).
Each save waits for its event and a pause (--gap) before the next, as a person
would. No browser is involved: see scripts/browser-check.sh --measure for that.

Usage: preview_latency.py --dik PATH [--entries 10000] [--runs 30] [--site DIR] [--server-log FILE]
                          [--gap 1.0] [--seed 1] [--keep]
Prints each save, then min / median / p90 / max of the three timings (ms).
"""
import argparse
import http.client
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-21"
LIST_OF_OPENED = "/tidak-dikecualikan/"


SERVER_UPDATES = []


def drain(output, log):
    for line in output:
        if log:
            log.write(line)
            log.flush()
        found = re.match(r"Updated \d+ page\(s\) in (\d+) ms", line)
        if found:
            SERVER_UPDATES.append(float(found.group(1)))


def start_server(dik, site, out, log):
    server = subprocess.Popen([dik, "serve", "--site", site, "--out", out, "--port", "0", "--date", DATE,
                               "--lang", "en"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in server.stdout:
        lines.append(line)
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            # Keep draining its output so the server never blocks on a full pipe, and
            # keep the time it reports for each update.
            threading.Thread(target=drain, args=(server.stdout, log), daemon=True).start()
            return server, int(found.group(1)), "".join(lines)
    server.wait()
    raise RuntimeError("dik serve did not start:\n" + "".join(lines))


class EventStream:
    """One server-sent event stream: `since` is the generation the page shows."""

    def __init__(self, port, since):
        self.sock = socket.create_connection(("127.0.0.1", port))
        query = "" if since is None else f"?since={since}"
        self.sock.sendall(f"GET /_dik/events{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.buffer = b""
        # The preamble ("retry:") comes after the server fixed `since`: from here on no
        # change can be missed.
        self._read_until(b"retry:")

    def _read_until(self, marker, timeout=120):
        self.sock.settimeout(timeout)
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("event stream closed")
            self.buffer += chunk
        index = self.buffer.index(marker)
        found, self.buffer = self.buffer[:index + len(marker)], self.buffer[index + len(marker):]
        return found

    def wait_reload(self):
        """Blocks until the reload event; returns (arrival time, generation)."""
        self._read_until(b"event: reload")
        arrived = time.perf_counter()
        data = self._read_until(b"\n\n")
        generation = int(re.search(rb"data: (\d+)", data).group(1))
        return arrived, generation

    def close(self):
        self.sock.close()


def get(port, path):
    """GET one page; returns (milliseconds, status, body text)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return (time.perf_counter() - started) * 1000, response.status, body.decode("utf-8", "replace")


def write_entry(path, text, atomic):
    if atomic:
        # A temporary name that is not an entry file, then one rename: what most editors do.
        temporary = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".swp")
        with open(temporary, "w", encoding="utf-8") as target:
            target.write(text)
        os.replace(temporary, path)
    else:
        with open(path, "w", encoding="utf-8") as target:
            target.write(text)


def pick_entries(site, wanted=("ditetapkan", "ditetapkan", "diuji", "dibuka", "ditetapkan", "dicabut")):
    """A few entries of different statuses, each with an `informasi` line to edit."""
    picked, remaining = [], list(wanted)
    for folder, _, names in sorted(os.walk(os.path.join(site, "register"))):
        for name in sorted(names):
            if not name.endswith(".md") or not remaining:
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as source:
                text = source.read()
            status = re.search(r"^status: (\S+)$", text, re.M)
            ident = re.search(r"^id: (\S+)$", text, re.M)
            if status and ident and status.group(1) in remaining and re.search(r"^informasi: ", text, re.M):
                remaining.remove(status.group(1))
                picked.append((path, ident.group(1), status.group(1)))
    return picked


def summary(name, values):
    ordered = sorted(values)
    # Nearest rank: the smallest value at or above 90 % of the saves.
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return (f"{name:<28} min {ordered[0]:7.1f}  median {statistics.median(ordered):7.1f}  "
            f"p90 {p90:7.1f}  max {ordered[-1]:7.1f}  ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dik", required=True, help="the dik binary (a release build)")
    parser.add_argument("--entries", type=int, default=10000, help="size of the generated register")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--site", help="copy this site instead of generating one (it is never modified)")
    parser.add_argument("--runs", type=int, default=30, help="number of saves (at least 30 for a distribution)")
    parser.add_argument("--gap", type=float, default=1.0, help="seconds between one save's answer and the next save")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--server-log", help="write what the server prints to this file")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="dik-preview-latency-")
    site = os.path.join(work, "site")
    if args.site:
        shutil.copytree(args.site, site, symlinks=True)
    else:
        subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen_register.py"), "--entries",
                        str(args.entries), "--seed", str(args.seed), "--out", site], check=True,
                       stdout=subprocess.DEVNULL)
    entries = pick_entries(site)
    count = sum(len([n for n in names if n.endswith(".md")]) for _, _, names in os.walk(os.path.join(site, "register")))
    started = time.perf_counter()
    log = open(args.server_log, "w", encoding="utf-8") if args.server_log else None
    server, port, startup = start_server(args.dik, site, os.path.join(work, "_site"), log)
    print(f"{count} entries; server ready in {time.perf_counter() - started:.1f} s on port {port}"
          f" ({startup.strip().splitlines()[0]})")

    save_ms, entry_ms, home_ms = [], [], []
    extra_events = 0
    generation = None
    try:
        # Let the first render's follow-up work finish, as a reviewer would by reading.
        time.sleep(args.gap)
        for run in range(args.runs):
            path, ident, status = entries[run % len(entries)]
            atomic = run % 2 == 0
            with open(path, encoding="utf-8") as source:
                text = source.read()
            title = f"Dokumen yang disunting ke-{run} {os.getpid()}"
            edited = re.sub(r"^informasi: .*$", f"informasi: {title}", text, count=1, flags=re.M)
            stream = EventStream(port, generation)
            before = time.perf_counter()
            write_entry(path, edited, atomic)
            while True:
                arrived, generation = stream.wait_reload()
                stream.close()
                elapsed = (arrived - before) * 1000
                took_entry, status_entry, entry_page = get(port, f"/dik/{ident.lower()}/")
                if status_entry == 200 and title in entry_page:
                    break
                # Announced something else (an error of a half-written file, an older
                # state): the save is answered by a later event.
                extra_events += 1
                stream = EventStream(port, generation)
            took_home, status_home, home_page = get(port, "/")
            # Opened entries (and decided ones whose period ended) are listed on their
            # own page, not in the register.
            listed = home_page if title in home_page else get(port, LIST_OF_OPENED)[2]
            if status_home != 200 or title not in listed:
                raise RuntimeError(f"save {run}: the list page of a {status} entry does not show the new title")
            save_ms.append(elapsed)
            entry_ms.append(took_entry)
            home_ms.append(took_home)
            print(f"save {run + 1:3d} {'atomic ' if atomic else 'in place'} {status:<10} {ident}: "
                  f"event {elapsed:7.1f} ms, entry page {took_entry:6.1f} ms, register page {took_home:7.1f} ms "
                  f"({len(home_page) / 1e6:.1f} MB)")
            sys.stdout.flush()
            time.sleep(args.gap)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")

    print()
    print(f"{args.runs} saves, {count} entries, load average {os.getloadavg()[0]:.1f}"
          f"{f', {extra_events} earlier event(s) did not show the edit yet' if extra_events else ''}:")
    print(summary("save -> reload event", save_ms))
    print(summary("GET the entry's page", entry_ms))
    print(summary("GET the register page (/)", home_ms))
    if SERVER_UPDATES:
        print(summary("update, as the server logs", SERVER_UPDATES))


if __name__ == "__main__":
    main()
