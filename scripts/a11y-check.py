#!/usr/bin/env python3
"""Runs axe-core (from the axe-selenium-python package) in headless Chromium over the
pages people use most: the home page, a notice page, a category page, the list of
information no longer exempt and the print view, in every language of the site.
Every axe rule is run (WCAG 2.0/2.1 A and AA and axe's best practices); any
violation fails the check.

Usage: a11y-check.py SITE_FOLDER
"""
import glob
import json
import os
import shutil
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def pages(site):
    roots = [""] + sorted(
        name + "/" for name in os.listdir(site)
        if os.path.isfile(os.path.join(site, name, "index.html")) and len(name) == 2
    )
    chosen = []
    for root in roots:
        folder = os.path.join(site, root)
        chosen.append(os.path.join(folder, "index.html"))
        notices = sorted(glob.glob(os.path.join(folder, "dik", "*", "index.html")))
        categories = sorted(glob.glob(os.path.join(folder, "kategori", "?", "index.html")))
        chosen += notices[:1] + categories[:1]
        chosen += [os.path.join(folder, "tidak-dikecualikan", "index.html"),
                   os.path.join(folder, "cetak", "index.html")]
    return [page for page in chosen if os.path.isfile(page)]


def browser():
    # Use the Debian chromium and chromedriver as installed; never let Selenium
    # download a browser or report statistics.
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1024"):
        options.add_argument(argument)
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver")
    service = Service(executable_path=driver_path) if driver_path else Service()
    return webdriver.Chrome(service=service, options=options)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    site = os.path.abspath(sys.argv[1])
    targets = pages(site)
    if not targets:
        print(f"a11y-check: no pages under {site}", file=sys.stderr)
        return 1
    driver = browser()
    failures = 0
    try:
        for page in targets:
            driver.get("file://" + page)
            axe = Axe(driver)
            axe.inject()
            results = axe.run(options=json.dumps({"resultTypes": ["violations"]}))
            name = os.path.relpath(page, site)
            violations = results["violations"]
            failures += len(violations)
            print(f"{name}: {len(violations)} violation(s)")
            for violation in violations:
                print(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
                for node in violation["nodes"][:5]:
                    print(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    finally:
        driver.quit()
    print(f"a11y-check: {len(targets)} pages, {failures} violation(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
