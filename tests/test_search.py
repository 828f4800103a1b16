"""The search index leads to paragraphs, covers notes and glossary terms, and keeps Chinese terms whole."""

from __future__ import annotations

import json
import textwrap

from conftest import SEED_SLUG

TERM = """\
---
term: New quality productive forces
summary: Growth driven by innovation.
aliases: [新质生产力]
---
Body.
"""


def _index(site) -> list[dict]:
    return json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_note_text_is_found_at_its_paragraph(project):
    project.seed()
    project.notes(SEED_SLUG, "3.yml", "- note: A zanzibarian remark only found in this note.\n")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    hits = [d for d in _index(site) if "zanzibarian" in d["text"]]
    assert [d["location"] for d in hits] == [f"editorials/{SEED_SLUG}/#p3"]
    assert hits[0]["title"].startswith("¶3 · Solving China-US")
    assert hits[0]["text"].startswith("Creating additional gains")  # the paragraph, then its notes


def test_every_paragraph_has_an_entry_and_the_page_entry_is_short(project):
    project.seed()
    site = project.build(strict=True)
    page = [d for d in _index(site) if d["location"].startswith(f"editorials/{SEED_SLUG}/")]
    assert [d["location"] for d in page] == [f"editorials/{SEED_SLUG}/"] + [f"editorials/{SEED_SLUG}/#p{n}" for n in range(1, 10)]
    assert len(page[0]["text"]) < 100 and "Global Times" in page[0]["text"]


def test_chinese_alias_is_one_token_in_the_index(project):
    project.seed()
    project.page("2026-03-01-chinese", textwrap.dedent("""\
        ---
        title: 'Chinese: Daily Paper editorial'
        date: '2026-03-01'
        ---

        他说发展新质生产力很重要。
        """))
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "new-quality-productive-forces.md").write_text(TERM, encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    texts = [d["text"] for d in _index(site) if d["location"].startswith("editorials/2026-03-01-chinese/#p1")]
    tokens = texts[0].replace("\u200b", " ").replace("。", " ").split()
    assert "新质生产力" in tokens
    term_page = [d for d in _index(site) if d["location"].startswith("glossary/new-quality-productive-forces/")]
    assert any("新质生产力" in d["text"].replace("\u200b", " ").split() for d in term_page)
