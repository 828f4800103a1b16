"""What a reader sees, in a real headless Chromium, on the hosted build and on the unzipped offline bundle.

Every page opened here must log no console error, fail no request and send
no request off the machine (checked when the test ends).
"""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser import launched_chromium, search, search_outcome, serve, unzipped_bundle
from conftest import ROOT, SEED_SLUG


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    out = tmp_path_factory.mktemp("hosted")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, check=True)
    with serve(out) as base:
        yield base


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    return unzipped_bundle(ROOT, tmp_path_factory.mktemp("offline")).as_uri() + "/"


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(params=["hosted", "offline"])
def site(request):
    """(base URL, page address) for one of the two ways readers get the site."""
    base = request.getfixturevalue(request.param)
    if request.param == "hosted":
        return base, lambda path: path + "/" if path and not path.endswith("/") else path
    return base, lambda path: (path or "index") + ".html"


@pytest.fixture
def open_page(site, browser):
    """Open a page (by its path without suffix, e.g. 'glossary/zero-sum-game') at a viewport size."""
    base, address = site
    home = urlsplit(base)
    pages = []

    def local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("file", "data", "blob", "about") or (parts.hostname, parts.port) == (home.hostname, home.port)

    def opener(path: str, width: int, height: int = 900, fragment: str = ""):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.problems = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: page.problems.append(f"error: {e}"))
        # A request cut short because the test navigated on (net::ERR_ABORTED) is not a failure.
        page.on("requestfailed", lambda r: r.failure == "net::ERR_ABORTED" or page.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("request", lambda r: local(r.url) or page.problems.append(f"external: {r.url}"))
        page.goto(base + address(path) + fragment)
        page.wait_for_load_state("load")
        pages.append(page)
        return page

    yield opener
    for page in pages:
        assert page.problems == []
        page.close()


EDITORIAL = f"editorials/{SEED_SLUG}"


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def _fragment(page) -> str:
    return urlsplit(page.url).fragment


def _in_viewport(page, selector) -> bool:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }", selector)


def test_desktop_notes_sit_in_the_margin_beside_their_paragraph(open_page):
    page = open_page(EDITORIAL, 1440)
    paragraph, notes = _box(page, "#p2"), _box(page, '.gl-para[data-p="2"] .gl-notes')
    assert notes["x"] >= paragraph["x"] + paragraph["width"]
    assert abs(notes["y"] - paragraph["y"]) < 40
    expect(page.locator('.gl-para[data-p="2"] .gl-note').first).to_be_visible()


def test_phone_notes_follow_their_paragraph_folded(open_page):
    page = open_page(EDITORIAL, 390, 844)
    paragraph, notes = _box(page, "#p2"), _box(page, '.gl-para[data-p="2"] .gl-notes')
    assert notes["y"] >= paragraph["y"] + paragraph["height"] - 1
    assert notes["width"] > 0.6 * 390
    note = page.locator('.gl-para[data-p="2"] .gl-note').first
    body = note.locator(".gl-note__body")
    expect(body).to_be_hidden()
    note.locator("summary").click()
    expect(body).to_be_visible()
    note.locator("summary").press("Enter")  # the keyboard folds it again
    expect(body).to_be_hidden()


def test_toggle_hides_and_shows_all_notes(open_page):
    page = open_page(EDITORIAL, 1440)
    button = page.locator(".gl-toggle-notes")
    expect(button).to_have_attribute("aria-pressed", "true")
    button.click()
    expect(page.locator(".gl-note").first).to_be_hidden()
    expect(button).to_have_text("Show notes")
    expect(button).to_have_attribute("aria-pressed", "false")
    page.locator(".gl-toggle-notes").click()
    expect(page.locator(".gl-note").first).to_be_visible()


def test_quote_links_to_its_note_and_back(open_page):
    page = open_page(EDITORIAL, 1440)
    page.locator("#p2 mark.gl-quote a").first.click()
    note_id = _fragment(page)
    assert note_id.startswith("note-")
    page.locator(f"#{note_id} .gl-note__quote a").click()
    assert _fragment(page) == note_id.replace("note-", "quote-", 1)


def test_term_tooltip_on_hover_and_focus(open_page):
    from glossator.project import load_corpus, read_settings

    terms = load_corpus(read_settings(ROOT / "mkdocs.yml"))[0].terms
    page = open_page(EDITORIAL, 1440)
    term = page.locator("#p4 a.gl-term").first
    slug = term.get_attribute("href").rstrip("/").removesuffix(".html").rsplit("/", 1)[-1]
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(terms[slug].summary)
    page.mouse.move(0, 0)
    expect(page.locator(".md-tooltip2--active")).to_have_count(0)
    term.focus()
    expect(page.locator(".md-tooltip2--active")).to_have_text(terms[slug].summary)


def test_cross_reference_lands_on_the_exact_paragraph(open_page):
    page = open_page("glossary/new-quality-productive-forces", 1280)
    page.locator("a.gl-xref").first.click()
    page.wait_for_load_state("load")
    assert _fragment(page) == "p4"
    assert SEED_SLUG in page.url
    assert _in_viewport(page, "#p4")
    cited = page.locator('.gl-para[data-p="4"] .gl-cited-in a')
    expect(cited).to_contain_text("New quality productive forces")


def test_search_a_word_only_in_a_note_lands_on_its_paragraph(open_page):
    page = open_page("", 1280)
    search(page, "Kindleberger")
    link = page.locator('.md-search-result__item a[href*="#p6"]').first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state("load")
    assert _fragment(page) == "p6" and SEED_SLUG in page.url
    assert _in_viewport(page, "#p6")


def test_search_a_chinese_alias_finds_its_term(open_page):
    page = open_page("", 1280)
    search(page, "零和博弈")
    expect(page.locator('.md-search-result__item a[href*="glossary/zero-sum-game"]').first).to_be_visible()


@pytest.mark.parametrize("name", ["Zero-sum game", "zero-sum", "零和博弈", "Thucydides Trap"])
def test_search_a_term_name_or_alias_puts_its_page_first(open_page, name):
    """Though the editorial's paragraphs use the words too (and its notes explain them at length)."""
    page = open_page("", 1280)
    first = search(page, name).first.locator("a").first
    assert "glossary/" + ("thucydides-trap" if "Thucydides" in name else "zero-sum-game") in first.get_attribute("href")


def test_search_a_prefix_finds_the_word_being_typed(open_page):
    page = open_page("", 1280)
    search(page, "Kindleb")
    expect(page.locator('.md-search-result__item a[href*="#p6"]').first).to_be_visible()
    expect(page.locator(".md-search-result__item mark").first).to_have_text(re.compile("^Kindleb", re.I))


def test_search_a_phrase_in_quotes_finds_the_words_together(open_page):
    page = open_page("", 1280)
    results = search(page, '"zero-sum game"')
    shown = [t.split("\n", 1)[1] for t in page.locator(".md-search-result__item article").all_inner_texts() if "\n" in t]
    assert len(shown) >= 3 and all("zero-sum game" in " ".join(t.lower().split()) for t in shown), shown
    expect(page.locator('.md-search-result__item a[href*="#p6"]').first).to_be_attached()
    assert "glossary/zero-sum-game" in results.first.locator("a").first.get_attribute("href")  # the term's page first
    page.locator(".md-search__input").fill("")
    assert search_outcome(page, '"game zero-sum"') == "No matching documents"  # the same words, not together


def test_search_for_nothing_known_says_so(open_page):
    page = open_page("", 1280)
    assert search_outcome(page, "qwxzzyvq") == "No matching documents"
    assert page.locator(".md-search-result__item").count() == 0


def test_search_a_300_character_query_answers_without_hanging(open_page):
    page = open_page("", 1280)
    words = "trade talks Kuala Lumpur tariffs soybeans rare earths consultations reciprocal openness ".split()
    query = " ".join(words * 10)[:300]
    assert len(query) == 300
    outcome = search_outcome(page, query, timeout=3_000)
    assert re.fullmatch(r"(\d[\d,.k]* matching documents|1 matching document|No matching documents)", outcome), outcome
    assert page.evaluate("() => 1 + 1") == 2  # the page still answers


def test_paragraph_menu_copies_link_and_cites(open_page):
    page = open_page(EDITORIAL, 1280)
    pilcrow = page.locator('.gl-para[data-p="4"] .gl-pilcrow')
    pilcrow.click()
    menu = page.locator('.gl-menu[role="menu"]')
    expect(menu).to_be_visible()
    expect(pilcrow).to_have_attribute("aria-expanded", "true")
    items = menu.locator('[role="menuitem"]')
    expect(items).to_have_text(["Copy link", "Cite this paragraph"])
    expect(items.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.gl-cite")
    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_have_text("Cite paragraph 4")
    reference = dialog.locator(".gl-cite__text").inner_text()
    assert reference.startswith("Global Times, “Solving China-US") and ", 7 Nov 2025, ¶4. " in reference
    assert reference.endswith(f"editorials/{SEED_SLUG}/#p4")
    bibtex = dialog.locator(".gl-cite__bibtex").inner_text()
    assert bibtex.startswith("@article{globaltimes2025solvingp4,") and "paragraph 4" in bibtex
    page.keyboard.press("Escape")
    expect(page.locator("dialog.gl-cite")).to_have_count(0)
    pilcrow.click()
    page.locator('.gl-menu [role="menuitem"]', has_text="Copy link").click()
    assert _fragment(page) == "p4"
    expect(page.locator(".gl-menu")).to_have_count(0)
