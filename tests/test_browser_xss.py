"""The XSS payload page in a real headless Chromium: nothing from a note runs, loads or leaves the machine."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM_ARGS, chromium_path, launched_chromium, search, serve
from conftest import SiteFactory
from glossator.render.sanitize import ALLOWED_TAGS
from test_bad_inputs import CONTRIBUTED, FORBIDDEN_IN_NOTES, PAYLOAD_SLUG, PAYLOADS, REFERENCE_SLUG, lay_out_payloads

FIRE_EVENTS = """() => document.querySelectorAll('.gl-note, .gl-note *').forEach(el =>
    ['mouseover', 'mouseenter', 'focus', 'click', 'load', 'error', 'toggle', 'animationstart']
        .forEach(type => el.dispatchEvent(new Event(type))))"""
INLINE_SCRIPTS = "() => Array.from(document.scripts).filter(s => !s.src).map(s => s.textContent)"

FOREIGN_SCRIPTS = """([origin, inline]) => Array.from(document.scripts)
    .filter(s => s.closest('.gl-note') || (s.src ? !s.src.startsWith(origin) : !inline.includes(s.textContent)))
    .map(s => s.outerHTML.slice(0, 200))"""
"""Scripts that are not the site's own: inside a note, loaded from elsewhere, or inline but not the theme's."""

LIVE_CONSTRUCTS = """([contributed, allowed, forbidden]) => Array.from(document.querySelectorAll('.gl-note, .gl-note *')).flatMap(el => {
    const found = [];
    if (forbidden.includes(el.localName) || (el.matches(contributed) && !allowed.includes(el.localName))) {
        found.push('<' + el.localName + '>');
    }
    for (const attr of el.attributes) {
        // the note's own box is placed by glossator.js (its top, and how far it is cut); nothing else may style
        const placed = el.matches('.gl-note') && /^(\\s*(top|--gl-clip):\\s*[-\\d.]+px;)*\\s*$/.test(attr.value);
        if (attr.name.startsWith('on') || (attr.name === 'style' && !placed)) found.push(attr.name);
    }
    for (const url of [el.href, el.src, el.action, el.formAction].filter(u => typeof u === 'string' && u)) {
        if (/^(javascript|data|vbscript):/i.test(url)) found.push(url.slice(0, 40));
    }
    return found.map(what => (el.closest('.gl-note').dataset.noteId || '?') + ': ' + what);
})"""
"""What the browser's own parse of the notes holds that could run or load something."""


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    """The payload site (fixture sites use system fonts, so the theme itself requests nothing outside)."""
    factory = SiteFactory(tmp_path_factory.mktemp("browser-xss") / "project")
    lay_out_payloads(factory)
    factory.build(strict=True)  # fails, as it must, but writes the site first
    return factory.root / "site"


def test_payload_page_runs_nothing_from_notes(payload_site):
    dialogs, outside = [], []
    with sync_playwright() as pw, serve(payload_site) as base:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: urlsplit(request.url).hostname != "127.0.0.1" and outside.append(request.url))
        page.goto(f"{base}editorials/{REFERENCE_SLUG}/")
        theme_inline = page.evaluate(INLINE_SCRIPTS)
        page.goto(f"{base}editorials/{PAYLOAD_SLUG}/")
        page.wait_for_load_state("networkidle")
        notes = page.locator(".gl-note")
        assert notes.count() == len(PAYLOADS)
        for index in range(notes.count()):  # give any surviving handler its event
            note = notes.nth(index)
            note.hover()
            note.locator("summary").click()
            note.locator("summary").click()
        page.evaluate(FIRE_EVENTS)
        page.wait_for_timeout(300)
        found = {
            "foreign scripts": page.evaluate(FOREIGN_SCRIPTS, [base, theme_inline]),
            "live constructs": page.evaluate(LIVE_CONSTRUCTS, [CONTRIBUTED, sorted(ALLOWED_TAGS), sorted(FORBIDDEN_IN_NOTES)]),
        }
        browser.close()
    found.update({"dialogs": dialogs, "requests outside 127.0.0.1": outside})
    assert found == {key: [] for key in found}


RESULT_CONSTRUCTS = """() => Array.from(document.querySelectorAll('.md-search-result__list *')).flatMap(el => {
    const found = [];
    if (!['li', 'a', 'article', 'div', 'h1', 'h2', 'mark', 'p', 'details', 'summary', 'nav', 'span'].includes(el.localName))
        found.push('<' + el.localName + '>');
    for (const attr of el.attributes) if (attr.name.startsWith('on') || attr.name === 'style') found.push(attr.name);
    if (el.href && !el.href.startsWith(location.origin)) found.push(el.href.slice(0, 40));
    return found;
})"""
"""What the search results hold that the theme would not write itself."""


def test_search_results_show_note_text_as_text(payload_site):
    """The index holds contributed text: the worker escapes it, so a hit shows the payload's words and runs nothing."""
    dialogs = []
    with launched_chromium() as browser, serve(payload_site) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base}editorials/{PAYLOAD_SLUG}/")
        texts = ""
        for query in ["xss", "script", "alert"]:
            search(page, query)
            page.wait_for_timeout(200)
            assert page.evaluate(RESULT_CONSTRUCTS) == [], query
            texts += " ".join(page.locator(".md-search-result__item").all_inner_texts())
            page.locator(".md-search__input").fill("")
    assert dialogs == []
    assert "<svg/onload=alert(" in texts  # the payload is shown, as text
