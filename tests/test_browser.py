"""What a reader sees, in a real headless Chromium: notes beside paragraphs, phone layout, the toggle."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM_ARGS, chromium_path, serve
from conftest import ROOT, SEED_SLUG

PAGE = f"editorials/{SEED_SLUG}/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, check=True)
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(site, browser):
    """Open a page at a viewport; record console errors and requests that leave the machine."""
    pages = []
    with serve(site) as base:
        def opener(path: str, width: int, height: int = 900):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.errors, page.external = [], []
            page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("request", lambda r: urlsplit(r.url).hostname not in ("127.0.0.1", None) and page.external.append(r.url))
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            pages.append(page)
            return page
        yield opener
    for page in pages:
        assert page.external == [], page.external
        assert page.errors == [], page.errors
        page.close()


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_desktop_notes_sit_in_the_margin_beside_their_paragraph(open_page):
    page = open_page(PAGE, 1440)
    paragraph, notes = _box(page, "#p2"), _box(page, '.gl-para[data-p="2"] .gl-notes')
    assert notes["x"] >= paragraph["x"] + paragraph["width"]  # to the right ...
    assert abs(notes["y"] - paragraph["y"]) < 40  # ... and level with it
    assert page.locator('.gl-para[data-p="2"] .gl-note').first.is_visible()


def test_phone_notes_follow_their_paragraph_and_collapse(open_page):
    page = open_page(PAGE, 390, 844)
    paragraph, notes = _box(page, "#p2"), _box(page, '.gl-para[data-p="2"] .gl-notes')
    assert notes["y"] >= paragraph["y"] + paragraph["height"] - 1  # below the text
    assert notes["width"] > 0.6 * 390
    note = page.locator('.gl-para[data-p="2"] .gl-note').first
    body = note.locator(".gl-note__body")
    assert body.is_visible()
    note.locator("summary").click()
    assert not body.is_visible()
    note.locator("summary").press("Enter")  # the keyboard opens it again
    assert body.is_visible()


def test_toggle_hides_and_shows_all_notes(open_page):
    page = open_page(PAGE, 1440)
    button = page.locator(".gl-toggle-notes")
    assert button.is_visible() and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert page.locator(".gl-note").first.is_hidden()
    assert button.inner_text() == "Show notes" and button.get_attribute("aria-pressed") == "false"
    page.reload()
    assert page.locator(".gl-note").first.is_hidden()  # the choice is remembered
    page.locator(".gl-toggle-notes").click()
    assert page.locator(".gl-note").first.is_visible()


def test_quote_links_to_its_note_and_back(open_page):
    page = open_page(PAGE, 1440)
    page.locator("#p2 mark.gl-quote a").first.click()
    assert urlsplit(page.url).fragment.startswith("note-")
    note_id = urlsplit(page.url).fragment
    page.locator(f"#{note_id} .gl-note__quote a").click()
    assert urlsplit(page.url).fragment == note_id.replace("note-", "quote-", 1)
