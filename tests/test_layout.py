"""The reading layout (issue 13), measured in headless Chromium on three pages, hosted and offline.

The pages (tests/layout_site.py): the seed editorial, the seed text with a note of 600 words, and
the seed text with six notes on one paragraph. At 1440x900 the text column must flow exactly as
with notes hidden, notes must not overlap each other or the text, and each note must sit on its
quote's line unless the note above pushed it down; at 390x844 notes fold to summary lines. Without
JavaScript and in print every note is readable after its paragraph, numbered.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from browser import launched_chromium, serve, unzipped_bundle
from conftest import LAYOUT_FIGURES
from layout_site import PAGES, write_layout_site

MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, height: r.height}; };
  const blocks = [...document.querySelectorAll('.gl-para > [id^="p"]')].map(box);
  const notes = [...document.querySelectorAll('details.gl-note')].filter(n => n.getClientRects().length).map(n => {
    const mark = document.getElementById(n.id.replace(/^note-/, 'quote-'));
    const para = n.closest('.gl-para');
    const block = para && document.getElementById('p' + para.dataset.p);
    const anchor = mark ? mark.getClientRects()[0].top + scrollY : block ? block.getBoundingClientRect().top + scrollY : null;
    return {id: n.id, margin: !!para, anchor, ...box(n)};
  });
  return {height: document.documentElement.scrollHeight, blocks, notes,
          textBottom: blocks.length ? Math.max(...blocks.map(b => b.bottom)) : 0};
}"""


def _overlap(a, b) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory):
    project = write_layout_site(tmp_path_factory.mktemp("layout-project"))
    out = tmp_path_factory.mktemp("layout-site")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out / "hosted")], cwd=project, check=True)
    bundle = unzipped_bundle(project, out)
    with serve(out / "hosted") as base:
        yield {"hosted": lambda slug: f"{base}editorials/{slug}/",
               "offline": lambda slug: (bundle / "editorials" / f"{slug}.html").as_uri()}


@pytest.fixture(scope="module")
def chromium():
    with launched_chromium() as browser:
        yield browser


@pytest.fixture(params=["hosted", "offline"])
def open_layout(request, layout_site, chromium):
    """Open one of the measured pages, hosted or from the unzipped bundle; no page may log an error."""
    pages = []

    def opener(name: str, width: int, height: int, *, javascript: bool = True, init_script: str = ""):
        context = chromium.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        page.problems = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.goto(layout_site[request.param](PAGES[name]))
        page.wait_for_load_state("load")
        page.wait_for_timeout(100)  # the layout runs again on load
        pages.append((context, page))
        return page

    opener.way = request.param
    yield opener
    for context, page in pages:
        assert page.problems == []
        context.close()


def _hidden(page, hidden: bool) -> None:
    """Hide or show the notes. The button is clicked where it is, without scrolling to it: the reader's
    place is the one the test chose (a reader scrolls up to the toolbar; a keyboard user need not)."""
    button = page.locator(".gl-toggle-notes")
    if (button.get_attribute("aria-pressed") == "true") == hidden:
        button.dispatch_event("click")
    expect(button).to_have_attribute("aria-pressed", str(not hidden).lower())
    page.wait_for_timeout(50)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_desktop_text_flows_as_without_notes_and_notes_sit_on_their_lines(open_layout, name):
    page = open_layout(name, 1440, 900)
    shown = page.evaluate(MEASURE)
    _hidden(page, True)
    hidden = page.evaluate(MEASURE)
    _hidden(page, False)
    assert page.evaluate(MEASURE) == shown  # showing them again puts every note back where it was

    ratio = shown["height"] / hidden["height"]
    LAYOUT_FIGURES[f"{name} 1440x900 ({open_layout.way})"] = (
        f"height {shown['height']} / {hidden['height']} px = {ratio:.3f}")
    assert ratio <= 1.15
    # the text column: every block where it is with the notes hidden, so ¶n to ¶n+1 is the same too
    assert len(shown["blocks"]) == len(hidden["blocks"]) > 1
    for with_notes, without in zip(shown["blocks"], hidden["blocks"]):
        assert abs(with_notes["top"] - without["top"]) <= 2 and abs(with_notes["height"] - without["height"]) <= 2
    notes = shown["notes"]
    assert notes and all(n["height"] > 20 for n in notes)
    for index, note in enumerate(notes):
        for block in shown["blocks"]:
            assert not _overlap(note, block), f"{note['id']} covers the text"
        for other in notes[index + 1:]:
            assert not _overlap(note, other), f"{note['id']} and {other['id']} overlap"
    margin = [n for n in notes if n["margin"]]
    assert margin and all(n["left"] >= max(b["right"] for b in shown["blocks"]) for n in margin)
    previous = None
    worst = 0.0
    for note in margin:
        off = note["top"] - note["anchor"]
        if abs(off) > 8:
            assert off > 0 and previous is not None and 0 <= note["top"] - previous["bottom"] <= 12, \
                f"{note['id']} is {off:.0f} px from its anchor and not pushed by the note above"
        else:
            worst = max(worst, abs(off))
        previous = note
    below = [n for n in notes if not n["margin"]]
    assert all(n["top"] >= shown["textBottom"] for n in below)  # notes that did not fit continue below the text
    LAYOUT_FIGURES[f"{name} 1440x900 ({open_layout.way})"] += (
        f"; {len(margin)} notes in the margin (largest distance to an unpushed anchor {worst:.1f} px), {len(below)} below")


LAYOUT_SHIFT = """window.__shift = 0; new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_placing_the_notes_shifts_nothing_visible(open_layout, name, size):
    """Cumulative layout shift while the page loads and the script places or folds the notes."""
    page = open_layout(name, *size, init_script=LAYOUT_SHIFT)
    page.wait_for_timeout(500)
    shift = page.evaluate("window.__shift")
    LAYOUT_FIGURES[f"{name} {size[0]}x{size[1]} ({open_layout.way}) layout shift"] = f"{shift:.4f}"
    assert shift <= 0.02


@pytest.mark.parametrize("name", sorted(PAGES))
def test_phone_notes_fold_to_summary_lines(open_layout, name):
    page = open_layout(name, 390, 844)
    folded = page.evaluate(MEASURE)
    assert page.locator("details.gl-note[open]").count() == 0
    _hidden(page, True)
    hidden = page.evaluate(MEASURE)
    ratio = folded["height"] / hidden["height"]
    LAYOUT_FIGURES[f"{name} 390x844 ({open_layout.way})"] = f"height {folded['height']} / {hidden['height']} px = {ratio:.3f}"
    assert ratio <= 1.3
    for note in folded["notes"]:
        assert note["height"] < 45, f"{note['id']} is not one line"  # one summary line
        for block in folded["blocks"]:
            assert not _overlap(note, block)


def test_phone_a_tap_opens_a_note_and_all_expand_at_once(open_layout):
    page = open_layout("seed", 390, 844)
    note = page.locator("details.gl-note").first
    expect(note.locator(".gl-note__gist")).to_be_visible()  # kind, author and first words
    note.locator("summary").click()
    expect(note.locator(".gl-note__body")).to_be_visible()
    expect(note.locator(".gl-note__gist")).to_be_hidden()
    second = page.locator("mark.gl-quote a").nth(1)
    target = second.get_attribute("href")
    second.click()
    expect(page.locator(f"{target} .gl-note__body")).to_be_visible()
    page.locator(f"{target} > summary").click()  # closed again...
    expect(page.locator(f"{target} .gl-note__body")).to_be_hidden()
    second.click()  # ...and the same quote tapped again, the address already naming the note
    expect(page.locator(f"{target} .gl-note__body")).to_be_visible()
    page.locator(".gl-expand-notes").click()
    assert page.locator("details.gl-note:not([open])").count() == 0


def test_desktop_long_note_shows_its_first_lines_and_more(open_layout):
    page = open_layout("long-note", 1440, 900)
    note = page.locator("details.gl-note").first
    box = "n => { const r = n.getBoundingClientRect(); return {y: r.top + scrollY, height: r.height}; }"
    before = note.evaluate(box)
    assert before["height"] < 500
    more = note.locator(".gl-note__more")
    expect(more).to_be_visible()
    expect(more).to_have_attribute("aria-expanded", "false")
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    after = note.evaluate(box)
    assert abs(after["y"] - before["y"]) <= 1 and after["height"] > 2 * before["height"]  # in place
    body = note.locator(".gl-note__body")
    assert body.evaluate("b => b.getBoundingClientRect().bottom + scrollY") <= after["y"] + after["height"]


def test_hovering_a_mark_highlights_its_note_and_back(open_layout):
    page = open_layout("six-notes", 1440, 900)
    mark = page.locator("mark.gl-quote[id]").first
    note = page.locator("#" + mark.get_attribute("id").replace("quote-", "note-", 1))
    mark.hover()
    expect(note).to_have_class(re.compile(r"\bgl-linked\b"))
    page.mouse.move(0, 0)
    expect(note).not_to_have_class(re.compile(r"\bgl-linked\b"))
    note.hover()
    expect(mark).to_have_class(re.compile(r"\bgl-linked\b"))


def test_hiding_notes_keeps_the_readers_place(open_layout):
    page = open_layout("seed", 390, 844)
    page.evaluate("document.getElementById('p6').scrollIntoView()")
    page.wait_for_timeout(50)
    before = page.evaluate("document.getElementById('p6').getBoundingClientRect().top")
    _hidden(page, True)
    assert abs(page.evaluate("document.getElementById('p6').getBoundingClientRect().top") - before) <= 2
    _hidden(page, False)
    assert abs(page.evaluate("document.getElementById('p6').getBoundingClientRect().top") - before) <= 2


FOCUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  const line = e.getClientRects()[0] || r;  // a link over two lines: its first line
  const hit = document.elementFromPoint(line.left + Math.min(line.width / 2, 4), line.top + line.height / 2);
  return {tag: e.tagName, cls: e.className, href: e.getAttribute('href'), note: e.closest('details.gl-note')?.id || '',
          content: !!e.closest('.md-content'),
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
          seen: line.width > 0 && line.height > 0 && line.top >= 0 && line.bottom <= innerHeight + 0.5 && !!hit && (e === hit || e.contains(hit))};
}"""


@pytest.mark.parametrize("name", ["seed", "long-note"])
def test_keyboard_reaches_every_mark_and_note_with_visible_focus(open_layout, name):
    page = open_layout(name, 1440, 900)
    marks = set(page.eval_on_selector_all("mark.gl-quote a", "as => as.map(a => a.getAttribute('href'))"))
    notes = set(page.eval_on_selector_all("details.gl-note", "ns => ns.map(n => n.id)"))
    reached_marks, reached_notes, unseen = set(), set(), []
    page.locator(".gl-toggle-notes").focus()  # from the page's own toolbar (not through Material's search box)
    for _ in range(600):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus["tag"] == "BODY":
            break
        if not focus["content"]:
            continue
        if "gl-quote__link" in focus["cls"]:
            reached_marks.add(focus["href"])
        if focus["tag"] == "SUMMARY":
            reached_notes.add(focus["note"])
        if not (focus["ring"] and focus["seen"]):
            unseen.append(focus)
    assert reached_marks == marks and reached_notes == notes
    assert unseen == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_without_javascript_every_note_is_readable_after_its_paragraph(open_layout, name):
    page = open_layout(name, 1440, 900, javascript=False)
    measured = page.evaluate(MEASURE)
    notes = page.locator("details.gl-note")
    assert notes.count() == len(measured["notes"]) > 0
    assert page.locator("details.gl-note:not([open])").count() == 0
    for note in measured["notes"]:
        for block in measured["blocks"]:
            assert not _overlap(note, block)
    expect(page.locator("details.gl-note .gl-note__body").last).to_be_visible()
    for para in page.locator(".gl-para--noted").all():
        block, aside = para.locator(":scope > [id^=p]").bounding_box(), para.locator(".gl-notes").bounding_box()
        assert aside["y"] >= block["y"] + block["height"]


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_page_whose_script_fails_to_load_shows_its_notes_as_without_javascript(layout_site, chromium, size):
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.route("**/glossator.js", lambda route: route.abort())
    page.goto(layout_site["hosted"](PAGES["six-notes"]))
    page.wait_for_load_state("load")
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bgl-js\b"))
    for note in page.locator("details.gl-note").all():
        expect(note.locator(".gl-note__body")).to_be_visible()
    block, aside = page.locator("#p3").bounding_box(), page.locator("#notes-p3").bounding_box()
    assert aside["y"] >= block["y"] + block["height"]  # after its paragraph, as without JavaScript
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_print_shows_numbered_notes_and_numbered_marks(open_layout, javascript):
    page = open_layout("six-notes", 1440, 900, javascript=javascript)
    page.emulate_media(media="print")
    page.wait_for_timeout(50)
    numbers = page.eval_on_selector_all("details.gl-note", "ns => ns.map(n => n.querySelector('.gl-note__n').textContent)")
    assert numbers == [str(n) for n in range(1, 7)]
    marks = page.eval_on_selector_all(
        "mark.gl-quote[data-n]", "ms => ms.map(m => getComputedStyle(m, '::after').content)")
    assert marks == ['"3"', '"4"', '"5"', '"6"']  # the two notes without a quote come first, on the paragraph's line
    for note in page.locator("details.gl-note").all():
        assert note.evaluate("n => n.open && n.scrollHeight <= n.clientHeight + 1")  # nothing cut
