#!/usr/bin/env python3
"""Real-browser check of `dik serve`: a headless Chromium opens the preview, an entry
file is edited on disk, and the page must change without anyone reloading it.

It also breaks the entry (the browser must show the error page by itself) and fixes
it again (the page must come back). With --measure N it times N edits from the
save to the changed page in the browser, on a synthetic register (--entries).

Chromium is driven over --remote-debugging-pipe (the DevTools protocol on file
descriptors 3 and 4), so nothing beyond Python's standard library is needed.
Exit 0 with "skipped: chromium not installed" when there is no Chromium.

Usage: scripts/browser-check.py --dik .build/debug/dik [--measure 30 --entries 10000]
"""
import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-21"


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """A headless Chromium and one page in it, over the DevTools pipe."""

    def __init__(self, binary, profile):
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        def wire_fds():
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds, pass_fds=(3, 4, to_browser_read, from_browser_write))
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.next_id = 0
        self.buffer = b""
        self.replies = {}
        self.events = []
        self.lock = threading.Condition()
        threading.Thread(target=self._reader, daemon=True).start()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def _reader(self):
        while True:
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                return
            self.buffer += chunk
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self.lock:
                    if "id" in message:
                        self.replies[message["id"]] = message
                    else:
                        self.events.append(message)
                    self.lock.notify_all()

    def call(self, method, params=None, session=False, timeout=30):
        with self.lock:
            self.next_id += 1
            ident = self.next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self.lock:
            while ident not in self.replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(method)
                self.lock.wait(left)
            reply = self.replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def navigate(self, url):
        with self.lock:
            self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_event("Page.loadEventFired")

    def wait_event(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for event in self.events:
                    if event.get("method") == method:
                        self.events.remove(event)
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(method)
                self.lock.wait(left)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=15, interval=0.01):
        """Polls a JavaScript expression in the page until it is truthy; returns the time waited."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if self.evaluate(expression):
                    return time.monotonic() - started
            except RuntimeError:
                pass  # the page is between documents while it reloads
            time.sleep(interval)
        raise TimeoutError(expression)

    def screenshot(self, path):
        import base64
        data = self.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(dik, site, out, port):
    server = subprocess.Popen([dik, "serve", "--site", site, "--out", out, "--port", str(port), "--date", DATE],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 600
    for line in server.stdout:
        if "http://" in line:
            threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
            return server
        if time.monotonic() > deadline:
            break
    server.kill()
    raise RuntimeError("dik serve did not start")


def replace_line(path, key, value):
    with open(path, encoding="utf-8") as source:
        lines = source.read().split("\n")
    lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    with open(path, "w", encoding="utf-8") as target:
        target.write("\n".join(lines))


def generate_register(folder, count, seed=7):
    """A synthetic register of `count` entries in every status, for measurements."""
    rnd = random.Random(seed)
    os.makedirs(os.path.join(folder, "register"), exist_ok=True)
    with open(os.path.join(folder, "site.yml"), "w") as settings:
        settings.write("nama_situs: Daftar Informasi yang Dikecualikan\nbadan_publik: Pemerintah Kota Sintetis\n"
                       "ppid:\n  nama: PPID Utama Kota Sintetis\nurl_publik: https://ppid.sintetis.go.id/\n")
    letters = ["a.1", "a.2", "b", "c.3", "d", "e.4", "f.1", "g", "h.1", "h.3", "h.5", "i"]
    units = ["Badan Kepegawaian Daerah", "Dinas Kesehatan", "Biro Hukum", "Bappeda", "Dinas Perhubungan"]
    for n in range(1, count + 1):
        year = 2016 + n % 10
        ident = f"DIK-{year}-{n:05d}"
        r = rnd.random()
        status = ("ditetapkan" if r < .8 else "dibuka" if r < .88 else "dicabut" if r < .9
                  else "usulan" if r < .95 else "diuji")
        lines = [f"id: {ident}", f"status: {status}", f"informasi: Dokumen nomor {n} pada {rnd.choice(units)}",
                 f"pasal17: [{rnd.choice(letters)}]", f"unit: {rnd.choice(units)}"]
        if status != "usulan":
            lines += ["uji_konsekuensi:", f"  nomor: UK/{n}", "  tanggal: 2020-01-02", "  peserta: [PPID Utama]",
                      f"  analisis: Analisis rahasia nomor {n}."]
        if status in ("ditetapkan", "dibuka", "dicabut"):
            lines += ["jangka_waktu:", "  tahun: 30", "penetapan:", f"  nomor: 188.4/{n}/PPID",
                      f"  tanggal: 2020-0{1 + n % 9}-1{n % 9}"]
        if status in ("dibuka", "dicabut"):
            lines += ["riwayat:", f"  - tanggal: 2025-03-0{1 + n % 9}", f"    status: {status}",
                      f"    dasar: Keputusan nomor {n}"]
        lines += ["internal:", f"  lokasi_arsip: Lemari {n}"]
        sub = os.path.join(folder, "register", str(year))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, ident + ".md"), "w") as entry:
            entry.write("---\n" + "\n".join(lines) + f"\n---\n\nUraian internal entri {n}.\n")
    year = 2016 + 10 % 10
    return os.path.join("register", str(year), f"DIK-{year}-00010.md"), f"dik-{year}-00010"


def capture(browser, base, shots):
    """Screenshots of the views a reviewer reads, for a look by eye."""
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1200, "height": 1100, "deviceScaleFactor": 1, "mobile": False}, session=True)
    for name, path in [("home", "/"), ("draft", "/dik/dik-2026-010/"), ("internal", "/internal/dik/dik-2026-010/"),
                       ("changes", "/_dik/perubahan/")]:
        browser.navigate(base + path)
        browser.screenshot(os.path.join(shots, f"preview-{name}.png"))


def check(browser, base, entry_file, slug, shots):
    if shots:
        capture(browser, base, shots)
    page = f"{base}/dik/{slug}/"
    browser.navigate(page)
    before = browser.evaluate("document.querySelector('h1').textContent")
    assert browser.evaluate("!!document.querySelector('.dik-preview-bar')"), "no preview bar on the page"
    browser.evaluate("window.__dikNotReloaded = true")
    stamp = f"disunting {int(time.time())}"
    replace_line(entry_file, "informasi", f"Rekam medis pasien ({stamp})")
    waited = browser.wait_for(f"document.querySelector('h1') && document.querySelector('h1').textContent.includes('{stamp}')")
    assert browser.evaluate("window.__dikNotReloaded === undefined"), "the page changed without a reload?"
    after = browser.evaluate("document.querySelector('h1').textContent")
    print(f"ok: the page changed by itself {waited * 1000:.0f} ms after the save")
    print(f"    before: {before}\n    after:  {after}")
    if shots:
        browser.screenshot(os.path.join(shots, "preview-after-edit.png"))

    replace_line(entry_file, "status", "ditetapkna")
    browser.wait_for("document.querySelector('#dik-errors') !== null")
    message = browser.evaluate("document.querySelector('.dik-error').textContent")
    assert "ditetapkna" in message and ":" in message, message
    print(f"ok: the broken entry shows the error page by itself: {' '.join(message.split())[:120]}")
    if shots:
        browser.screenshot(os.path.join(shots, "preview-error.png"))
    replace_line(entry_file, "status", "ditetapkan")
    browser.wait_for(f"document.querySelector('h1') && document.querySelector('h1').textContent.includes('{stamp}')")
    print("ok: fixed, the page is back by itself")


def measure(browser, base, entry_file, slug, runs, on_register):
    """Times save -> changed page. On the entry's own page the check is its heading;
    on the register (every entry in one table) it is the entry's row."""
    browser.navigate(f"{base}/" if on_register else f"{base}/dik/{slug}/")
    where = (f"document.querySelector('a[href=\"dik/{slug}/\"]').closest('tr').textContent" if on_register
             else "document.querySelector('h1').textContent")
    times = []
    for run in range(runs):
        stamp = f"ukur-{run}-{random.randint(0, 10**9)}"
        # Wait until the preview is idle (the changes page is served once the work
        # after the last reload is done), then pause as a person would between saves.
        urllib.request.urlopen(f"{base}/_dik/perubahan/", timeout=600).read()
        time.sleep(0.5)
        saved = time.monotonic()
        replace_line(entry_file, "informasi", f"Dokumen {stamp}")
        browser.wait_for(f"(function () {{ try {{ return {where}.includes('{stamp}'); }} catch (e) {{ return false; }} }})()",
                         timeout=60, interval=0.005)
        times.append((time.monotonic() - saved) * 1000)
    times.sort()
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    page = "the register page (every entry)" if on_register else "the entry's page"
    print(f"save -> {page} changed in the browser, {runs} edits: median {statistics.median(times):.0f} ms, "
          f"p90 {p90:.0f} ms, max {times[-1]:.0f} ms, min {times[0]:.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dik", default=os.path.join(REPO, ".build", "debug", "dik"))
    parser.add_argument("--measure", type=int, default=0, help="time this many edits instead of the check")
    parser.add_argument("--entries", type=int, default=10000, help="size of the synthetic register for --measure")
    parser.add_argument("--on-register", action="store_true",
                        help="with --measure: watch the register page instead of the entry's own page")
    parser.add_argument("--screenshots", help="folder for screenshots of the check")
    args = parser.parse_args()

    chromium = find_chromium()
    if not chromium:
        print("skipped: chromium not installed (apt-get install -y chromium)")
        return 0
    work = tempfile.mkdtemp(prefix="dik-browser-check-")
    server = browser = None
    try:
        site = os.path.join(work, "site")
        if args.measure:
            entry, slug = generate_register(site, args.entries)
        else:
            shutil.copytree(os.path.join(REPO, "content"), site)
            entry, slug = os.path.join("register", "2024", "DIK-2024-012.md"), "dik-2024-012"
        port = free_port()
        started = time.monotonic()
        server = start_server(args.dik, site, os.path.join(work, "_site"), port)
        print(f"dik serve is up on 127.0.0.1:{port} after {time.monotonic() - started:.1f} s")
        browser = Browser(chromium, os.path.join(work, "profile"))
        base = f"http://127.0.0.1:{port}"
        if args.measure:
            measure(browser, base, os.path.join(site, entry), slug, args.measure, args.on_register)
        else:
            check(browser, base, os.path.join(site, entry), slug, args.screenshots)
        return 0
    finally:
        if browser:
            browser.close()
        if server:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                print("error: dik serve did not stop on SIGTERM within 10 s", file=sys.stderr)
                sys.exit(1)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
