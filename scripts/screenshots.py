"""Screenshots for the README and for review, with headless Chromium.

The three pages the reading layout is measured on (tests/layout_site.py: the seed editorial, the
seed text with a note of 600 words, and with six notes on one paragraph), each at desktop and
phone width, then a glossary term and a search. The site is built afresh in a temporary folder.

Usage: python scripts/screenshots.py [OUT_DIR] [--scheme light|dark]   (make screenshots)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import launched_chromium, search, serve  # noqa: E402
from layout_site import LONG_NOTE, SEED_SLUG, SIX_NOTES, write_layout_site  # noqa: E402

DESKTOP, PHONE = (1440, 900), (390, 844)
SHOTS = [
    # name, path, viewport, action before the shot
    ("editorial-desktop", f"editorials/{SEED_SLUG}/", DESKTOP, None),
    ("editorial-phone", f"editorials/{SEED_SLUG}/#p2", PHONE, None),
    ("long-note-desktop", f"editorials/{LONG_NOTE}/#p2", DESKTOP, None),
    ("long-note-phone", f"editorials/{LONG_NOTE}/#p2", PHONE, None),
    ("six-notes-desktop", f"editorials/{SIX_NOTES}/#p2", DESKTOP, None),
    ("six-notes-phone", f"editorials/{SIX_NOTES}/#p3", PHONE, None),
    ("glossary-term", "glossary/new-quality-productive-forces/", (1280, 900), None),
    ("search", "", (1280, 800), lambda page: search(page, "Kindleberger")),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scheme == "light" else "-dark"
    with tempfile.TemporaryDirectory() as temp:
        project = write_layout_site(Path(temp) / "project")
        site = Path(temp) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=project, check=True)
        with serve(site) as base, launched_chromium() as browser:
            for name, path, (width, height), action in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=args.scheme)
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if action:
                    action(page)
                page.wait_for_timeout(2500)  # let the :target highlight fade
                page.screenshot(path=str(args.out / f"{name}{suffix}.png"))
                print(args.out / f"{name}{suffix}.png")
                context.close()


if __name__ == "__main__":
    main()
