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


def test_snippet_lists_are_not_indexed_again(project):
    """A word of a paragraph or note is found there, not also in the term pages and contributors page that list it."""
    project.seed()
    project.notes(SEED_SLUG, "6.yml", "- note: A zanzibarian remark on zero-sum thinking.\n  by: alice\n")
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "zero-sum-game.md").write_text("---\nterm: Zero-sum game\nsummary: S.\naliases: [zero-sum]\n---\n"
                                                "A quixotic definition.\n", encoding="utf-8")
    (project.root / "docs" / "contributors.md").write_text("# Contributors\n\n<!-- glossator:contributors -->\n", encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    term_page = site.soup("glossary/zero-sum-game/")
    assert "zanzibarian" in term_page.select_one(".gl-term-notes").get_text()  # the page shows the snippets
    assert "fixated" in term_page.select_one(".gl-appears-in").get_text()
    index = _index(site)
    assert [d["location"] for d in index if "zanzibarian" in d["text"]] == [f"editorials/{SEED_SLUG}/#p6"]
    assert [d["location"] for d in index if "quixotic" in d["text"]] == ["glossary/zero-sum-game/"]
    term_entries = [d for d in index if d["location"].startswith("glossary/zero-sum-game/")]
    assert {d["title"] for d in term_entries} >= {"Zero-sum game", "Appears in (2)"}
    assert all("fixated" not in d["text"] for d in term_entries)
    assert any(d["location"] == "contributors/#alice" for d in index)  # the author is found, not their list
    assert not any(d["location"].startswith("contributors/") and "Solving" in d["text"] for d in index)


def test_a_note_is_indexed_by_its_words_not_by_the_labels_around_them(project):
    project.seed()
    project.notes(SEED_SLUG, "3.yml", "- note: A zanzibarian remark.\n  quote: Creating additional gains\n  kind: fact-check\n"
                                      "  by: alice\n  sources:\n    - '[Quokka report](https://example.org/q)'\n")
    site = project.build(strict=True, repo_url="https://github.com/glossator/glossator")
    assert site.error is None, site.messages
    assert "Edit this note" in str(site.editorial().select_one("#notes-p3"))  # on the page, beside the note
    entry = next(d for d in _index(site) if d["location"] == f"editorials/{SEED_SLUG}/#p3")
    assert entry["text"].endswith("A zanzibarian remark. Quokka report")
    assert "Edit" not in entry["text"] and "alice" not in entry["text"] and "Fact-check" not in entry["text"]
