"""For every source fixture: the paragraphs of the source are the paragraphs of the built page."""

from __future__ import annotations

import pytest

from glossator.importers import import_source, read_source

from conftest import FIXTURES, SEED, paragraph_texts

SOURCES = [SEED, *sorted((FIXTURES / "html").glob("*.html")), *sorted((FIXTURES / "text").glob("*.txt"))]


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_source_paragraphs_equal_built_paragraphs(project, source):
    outcome = import_source(source, project.root / "docs" / "editorials")
    assert outcome.status == "written", outcome.problem
    site = project.build(strict=True)
    assert site.error is None, site.messages
    expected = read_source(source).paragraph_texts
    built = paragraph_texts(site.editorial(outcome.page.stem))
    assert list(built) == list(range(1, len(expected) + 1))
    assert list(built.values()) == expected
    headings = [kind for kind, _ in read_source(source).blocks if kind == "heading"]
    assert len(site.editorial(outcome.page.stem).select(".md-content h2")) >= len(headings)


def test_adjacent_quotes_and_lists_are_one_numbered_block(project):
    from glossator.importers.base import SourceEditorial, render_page

    editorial = SourceEditorial("Blocks: Daily Paper editorial", [
        ("paragraph", "Before."), ("quote", "First quoted."), ("quote", "Second quoted."),
        ("list", "a\nb"), ("list", "c"), ("paragraph", "After."),
    ], date="2026-06-01", source="Daily Paper")
    assert editorial.paragraph_texts == ["Before.", "First quoted. Second quoted.", "a\nb\nc", "After."]
    project.page(editorial.slug, render_page(editorial))
    site = project.build(strict=True)
    assert site.error is None, site.messages
    assert list(paragraph_texts(site.editorial(editorial.slug)).values()) == editorial.paragraph_texts
