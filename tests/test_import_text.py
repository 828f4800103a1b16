"""The plain-text importer, on the seed editorial as published, and re-imports."""

from __future__ import annotations

from glossator.importers import import_source, read_source
from glossator.importers.base import render_page
from glossator.importers.text import parse_text

from conftest import SEED, SEED_PAGE, SEED_SLUG


def test_seed_metadata():
    editorial = read_source(SEED)
    assert editorial.title == "Solving China-US ‘existing issues’ with mindset of creating ‘additional gains’: Global Times editorial"
    assert editorial.date == "2025-11-07T01:27:00+08:00"
    assert editorial.source == "Global Times"
    assert editorial.section == "Opinion / Editorial"
    assert editorial.tags == ["China US"]  # listed twice in the source, kept once
    assert editorial.imported_from == SEED.name
    assert editorial.slug == SEED_SLUG


def test_seed_paragraphs_are_the_published_text():
    editorial = read_source(SEED)
    paragraphs = editorial.paragraph_texts
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith("In recent days, China and the US have successively issued announcements")
    assert paragraphs[8].endswith("delivering tangible new gains for both their peoples and the world economy.")
    raw = SEED.read_text(encoding="utf-8")
    assert "\u00a0" in raw  # the source has non-breaking spaces ...
    assert not any("\u00a0" in p or "  " in p or p != p.strip() for p in paragraphs)  # ... the page does not
    assert "“" not in raw or any("“" in p for p in paragraphs)
    assert any("‘" in editorial.title for _ in [0])


def test_committed_seed_page_is_what_the_importer_writes():
    assert SEED_PAGE.read_text(encoding="utf-8") == render_page(read_source(SEED))


def test_markdown_characters_are_escaped_in_the_page():
    editorial = parse_text(
        "Headline: Some Paper editorial\nPublished: Jan 02, 2026\n\nTopic\n\n"
        "This is a *bold* claim_here, with [x](y) and <b> in the published text.\n\n1. Not a list\n\n# Not a heading\n\nThe end.\n"
    )
    assert editorial.tags == ["Topic"] and editorial.source == "Some Paper" and editorial.date == "2026-01-02"
    page = render_page(editorial)
    body = page.split("---\n", 2)[2]
    assert "\\*bold\\*" in body and "claim\\_here" in body and "\\[x\\]\\(y\\)" in body and "&lt;b>" in body
    assert "1\\. Not a list" in body and "\\# Not a heading" in body


def test_text_without_header_takes_first_line_as_title():
    editorial = parse_text("A headline\n\nFirst paragraph.\n\nSecond paragraph.\n")
    assert editorial.title == "A headline"
    assert editorial.paragraph_texts == ["First paragraph.", "Second paragraph."]


def test_reimport_identical_changes_nothing(tmp_path):
    first = import_source(SEED, tmp_path)
    assert first.status == "written"
    mtime = first.page.stat().st_mtime_ns
    again = import_source(SEED, tmp_path)
    assert again.status == "unchanged"
    assert first.page.stat().st_mtime_ns == mtime


def test_reimport_changed_source_needs_force(tmp_path):
    import_source(SEED, tmp_path)
    changed = tmp_path / "src" / SEED.name
    changed.parent.mkdir()
    changed.write_text(SEED.read_text(encoding="utf-8").replace("Clearly, the answer is yes.", "Clearly, yes."), encoding="utf-8")
    page = tmp_path / f"{SEED_SLUG}.md"
    before = page.read_text(encoding="utf-8")
    outcome = import_source(changed, tmp_path)
    assert outcome.status == "conflict"
    assert "-In recent days" in outcome.diff and "+In recent days" in outcome.diff and "Clearly, yes." in outcome.diff
    assert page.read_text(encoding="utf-8") == before
    forced = import_source(changed, tmp_path, force=True)
    assert forced.status == "written"
    assert "Clearly, yes." in page.read_text(encoding="utf-8")
