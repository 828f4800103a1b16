"""Screenshots of the built site with headless Chromium, for the README and for review.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR]   (run `mkdocs build` first)
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, chromium_path, search, serve  # noqa: E402

EDITORIAL = "editorials/2025-11-07-solving-china-us-existing-issues/"


SHOTS = [
    # name, path, viewport, action before the shot
    ("editorial-desktop", EDITORIAL, (1440, 1000), None),
    ("editorial-phone", EDITORIAL + "#p2", (390, 844), None),
    ("glossary-term", "glossary/new-quality-productive-forces/", (1280, 900), None),
    ("search", "", (1280, 800), lambda page: search(page, "Kindleberger")),
]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, path, (width, height), action in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if action:
                action(page)
            page.wait_for_timeout(2500)  # let the :target highlight fade
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
