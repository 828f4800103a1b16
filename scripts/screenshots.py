"""Screenshots of the built site with headless Chromium, for the README and for review.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR]
Builds nothing itself: run `mkdocs build` first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402

SHOTS = [
    # name, path, viewport, full page
    ("editorial-desktop", "editorials/2025-11-07-solving-china-us-existing-issues/", (1440, 1000), False),
    ("editorial-phone", "editorials/2025-11-07-solving-china-us-existing-issues/#p2", (390, 844), False),
    ("home", "", (1280, 800), False),
]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, path, (width, height), full in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"{name}.png"), full_page=full)
            print(out / f"{name}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
