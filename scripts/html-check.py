#!/usr/bin/env python3
"""Checks a built dik site: every HTML page parses without error (html5lib, strict),
tidy reports no error, and every internal link, stylesheet, script and image points
to a file the build wrote (and every #fragment to an id on that page).

Usage: html-check.py SITE_FOLDER [--base URL]
The base URL (url_publik) is read from robots.txt when not given; links under it
are checked like relative ones.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlparse

import html5lib


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if name in attrs and tag in ("a", "link", "script", "img", "area", "iframe", "source"):
                self.links.append((tag, attrs[name]))


def base_url(site):
    robots = os.path.join(site, "robots.txt")
    if os.path.exists(robots):
        for line in open(robots, encoding="utf-8"):
            if line.lower().startswith("sitemap:"):
                return line.split(":", 1)[1].strip().rsplit("/", 1)[0] + "/"
    return None


def target_file(site, page, link, base):
    """The file a link reaches inside the site, or None for links that leave it."""
    parsed = urlparse(link)
    if parsed.scheme in ("mailto", "tel", "data"):
        return None
    if parsed.scheme or link.startswith("//"):
        if not base or not link.startswith(base):
            return None
        relative = link[len(base):]
    else:
        page_url = "/" + os.path.relpath(page, site).replace(os.sep, "/")
        resolved = urljoin(page_url, link)
        relative = urlparse(resolved).path.lstrip("/")
    relative = unquote(urlparse(relative).path)
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return os.path.normpath(os.path.join(site, relative))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--base")
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    base = args.base or base_url(site)
    pages = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(site)
        for name in names
        if name.endswith(".html")
    )
    if not pages:
        print(f"html-check: no HTML pages under {site}", file=sys.stderr)
        return 1
    problems = []
    ids_by_page = {}
    links_by_page = {}
    strict = html5lib.HTMLParser(strict=True)
    tidy = shutil.which("tidy")
    for page in pages:
        name = os.path.relpath(page, site)
        data = open(page, "rb").read()
        try:
            strict.parse(data)
        except Exception as error:  # html5lib raises ParseError with a position
            problems.append(f"{name}: html5lib: {error}")
        collector = Links()
        collector.feed(data.decode("utf-8"))
        ids_by_page[page] = collector.ids
        links_by_page[page] = collector.links
        if tidy:
            result = subprocess.run([tidy, "-errors", "-quiet", "--show-warnings", "yes", page],
                                    capture_output=True, text=True)
            for line in result.stderr.splitlines():
                if "Error:" in line or "Warning:" in line:
                    problems.append(f"{name}: tidy: {line.strip()}")
    for page, links in links_by_page.items():
        name = os.path.relpath(page, site)
        for tag, link in links:
            target = target_file(site, page, link, base)
            if target is None:
                continue
            if not target.startswith(site + os.sep) and target != site:
                problems.append(f"{name}: <{tag}> {link} leaves the site")
            elif not os.path.isfile(target):
                problems.append(f"{name}: <{tag}> {link} points to a file that was not written")
            fragment = urlparse(link).fragment
            if fragment and target in ids_by_page and fragment not in ids_by_page[target]:
                problems.append(f"{name}: <{tag}> {link}: no element with id {fragment!r}")
    for problem in problems:
        print(problem)
    checked = "html5lib" + (" + tidy" if tidy else " (tidy not installed)")
    print(f"html-check: {len(pages)} pages, {len(problems)} problem(s) [{checked}]")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
