"""Glossary terms and cross-references, in real builds of fixture sites."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings, strategies as st

from glossator.index.terms import TermMatcher
from glossator.model import Loc, Term
from glossator.project import load_corpus, read_settings

from conftest import SEED_SLUG, paragraph_texts

TERMS = {
    "new-quality-productive-forces": """\
        ---
        term: New quality productive forces
        summary: Xi Jinping's phrase for growth driven by innovation.
        aliases:
          - 新质生产力
          - 新質生產力
        pinyin:
          - xīn zhì shēngchǎnlì
        see_also:
          - five-year-plan
        sources:
          - "[Wikipedia](https://en.wikipedia.org/wiki/New_productive_forces)"
        ---
        Long definition, with a reference to [[2025-11-07-solving-china-us-existing-issues#p4]].
        """,
    "productive-forces": """\
        ---
        term: Productive forces
        summary: The means and labour of production.
        ---
        Body.
        """,
    "five-year-plan": """\
        ---
        term: Five-Year Plan
        summary: China's medium-term national development plan.
        aliases:
          - five-year plans
        ---
        Body mentions the Zero-sum game, and `zero-sum` in code.

        ## Zero-sum in a heading

        A [zero-sum link](https://example.org/) stays as it is.
        """,
    "15th-five-year-plan": """\
        ---
        term: 15th Five-Year Plan
        summary: The plan for 2026-2030.
        see_also: [five-year-plan]
        ---
        Body.
        """,
    "zero-sum-game": """\
        ---
        term: Zero-sum game
        summary: One side's gain is the other's loss.
        aliases: [zero-sum]
        ---
        Body.
        """,
}

CHINESE_PAGE = """\
---
title: 'A Chinese paragraph: Daily Paper editorial'
date: '2026-03-01'
source: Daily Paper
tags: [China US]
---

他说发展新质生产力很重要，也要避免零和思维。

A zero-sum game here, and zero-sum again; a zero-summer is not one.

## A zero-sum heading

`zero-sum` in code, and the 15th Five-Year Plan.
"""
CHINESE_SLUG = "2026-03-01-a-chinese-paragraph"


def _site(project, *, link_terms=None, notes=None, extra_pages=()):
    project.seed()
    project.page(CHINESE_SLUG, CHINESE_PAGE)
    for slug, text in extra_pages:
        project.page(slug, text)
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir(exist_ok=True)
    (glossary / "index.md").write_text("# Glossary\n\n<!-- glossator:glossary -->\n", encoding="utf-8")
    for slug, text in TERMS.items():
        (glossary / f"{slug}.md").write_text(textwrap.dedent(text), encoding="utf-8")
    for (slug, name), text in (notes or {}).items():
        project.notes(slug, name, text)
    return project


def _build(project, **kwargs):
    site = project.build(strict=True, **kwargs)
    assert site.error is None, site.messages
    return site


def _terms(element):
    return [(a.get_text(), a["href"].rstrip("/").rsplit("/", 1)[-1]) for a in element.select("a.gl-term")]


def test_terms_link_with_summary_tooltip_and_text_unchanged(project):
    site = _build(_site(project))
    soup = site.editorial()
    link = soup.select_one('#p4 a.gl-term[href$="new-quality-productive-forces/"]')
    assert link.get_text() == "new quality productive forces"
    assert link["title"] == "Xi Jinping's phrase for growth driven by innovation."
    assert link["href"] == "../../glossary/new-quality-productive-forces/"
    from glossator.importers import read_source
    from conftest import SEED
    assert list(paragraph_texts(soup).values()) == read_source(SEED).paragraph_texts


def test_longest_match_wins(project):
    site = _build(_site(project))
    terms = _terms(site.editorial().select_one("#p4"))
    assert ("15th Five-Year Plan", "15th-five-year-plan") in terms
    assert ("new quality productive forces", "new-quality-productive-forces") in terms
    assert all(slug not in ("five-year-plan", "productive-forces") for _, slug in terms)


def test_chinese_alias_inside_chinese_text(project):
    site = _build(_site(project))
    soup = site.editorial(CHINESE_SLUG)
    assert _terms(soup.select_one("#p1")) == [("新质生产力", "new-quality-productive-forces")]
    assert paragraph_texts(soup)[1] == "他说发展新质生产力很重要，也要避免零和思维。"


def test_first_occurrence_per_paragraph_and_not_inside_code_headings_or_words(project):
    site = _build(_site(project))
    soup = site.editorial(CHINESE_SLUG)
    assert _terms(soup.select_one("#p2")) == [("zero-sum game", "zero-sum-game")]
    assert not soup.select("h2 a.gl-term") and not soup.select("code a.gl-term")
    assert _terms(soup.select_one("#p3")) == [("15th Five-Year Plan", "15th-five-year-plan")]
    term_page = site.soup("glossary/five-year-plan/index.html")
    body = term_page.select_one(".md-content")
    assert ("Zero-sum game", "zero-sum-game") in _terms(body)
    assert not body.select("h2 a.gl-term, code a.gl-term, a:not(.gl-term) a.gl-term")
    assert not any(slug == "five-year-plan" for _, slug in _terms(body))  # never on its own page


@pytest.mark.parametrize("mode,expected", [("every", 2), ("page", 1), ("paragraph", 1)])
def test_link_modes(project, mode, expected):
    _site(project)
    site = project.build(strict=True, extra={"link_terms": mode})
    assert site.error is None, site.messages
    soup = site.editorial(CHINESE_SLUG)
    assert len(soup.select('#p2 a.gl-term[href*="zero-sum-game"]')) == expected
    in_p3 = len(soup.select('#p3 a.gl-term[href*="zero-sum-game"]'))
    assert in_p3 == 0  # p3's zero-sum is in code


def test_term_page_appears_in_newest_first_with_snippets_and_notes(project):
    note = "- note: This mentions the zero-sum game explicitly.\n"
    site = _build(_site(project, notes={(SEED_SLUG, "6.yml"): note}))
    page = site.soup("glossary/zero-sum-game/index.html")
    assert page.select_one("h1").get_text() == "Zero-sum game"
    entries = page.select(".gl-appears-in li")
    hrefs = [li.a["href"] for li in entries]
    assert hrefs[0] == f"../../editorials/{CHINESE_SLUG}/#p2"  # 2026 before 2025
    assert f"../../editorials/{SEED_SLUG}/#p6" in hrefs and f"../../editorials/{SEED_SLUG}/#p8" in hrefs
    seed_entry = next(li for li in entries if li.a["href"].endswith(f"{SEED_SLUG}/#p6"))
    assert "zero-sum game" in seed_entry.select_one(".gl-snippet").get_text()
    assert seed_entry.time.get_text() == "7 Nov 2025"
    assert entries[0].time["datetime"] == "2026-03-01"
    notes = page.select(".gl-term-notes li")
    assert notes[0].a["href"] == f"../../editorials/{SEED_SLUG}/#note-p6-1"
    assert page.title.get_text().startswith("Zero-sum game")


def test_term_page_shows_chinese_pinyin_see_also_and_sources(project):
    site = _build(_site(project))
    page = site.soup("glossary/new-quality-productive-forces/index.html")
    names = page.select_one(".gl-term-page__names").get_text()
    assert "新质生产力 · 新質生產力" in names and "xīn zhì shēngchǎnlì" in names
    assert page.select_one(".gl-see-also a")["href"] == "../five-year-plan/"
    assert page.select_one(".gl-sources a")["href"] == "https://en.wikipedia.org/wiki/New_productive_forces"


def test_glossary_index_a_to_z(project):
    site = _build(_site(project))
    index = site.soup("glossary/index.html")
    links = [a.get_text() for a in index.select(".md-content li strong a")]
    assert links == ["15th Five-Year Plan", "Five-Year Plan", "New quality productive forces", "Productive forces", "Zero-sum game"]
    headings = [h.get_text() for h in index.select(".md-content h3")]
    assert headings == ["0–9", "F", "N", "P", "Z"]  # a term starting with a digit has a heading, not an empty one
    assert "新质生产力" in index.get_text() and "xīn zhì shēngchǎnlì" in index.get_text()


def test_cross_references_render_and_backlinks(project):
    notes = {(CHINESE_SLUG, "1.yml"): (
        "- note: >-\n"
        f"    Compare [[{SEED_SLUG}#p5]], [[{SEED_SLUG}|the seed]]\n"
        "    and [[glossary:zero-sum-game]].\n")}
    site = _build(_site(project, notes=notes))
    note = site.editorial(CHINESE_SLUG).select_one(".gl-note__body")
    refs = [(a.get_text(), a["href"]) for a in note.select("a.gl-xref")]
    assert refs == [
        ("Global Times, 7 Nov 2025, ¶5", f"../{SEED_SLUG}/#p5"),
        ("the seed", f"../{SEED_SLUG}/"),
        ("Zero-sum game", "../../glossary/zero-sum-game/"),
    ]
    seed = site.editorial()
    cited = seed.select_one('.gl-para[data-p="5"] .gl-cited-in a')
    assert cited["href"] == f"../{CHINESE_SLUG}/#note-p1-1"
    assert "Daily Paper, 1 Mar 2026, ¶1" in cited.get_text()
    cited4 = seed.select_one('.gl-para[data-p="4"] .gl-cited-in a')  # from the glossary page's body
    assert cited4["href"] == "../../glossary/new-quality-productive-forces/"


def test_related_editorials_ranked_by_shared_terms_and_tags(project):
    other = CHINESE_PAGE.replace("他说发展新质生产力很重要，也要避免零和思维。", "Nothing shared here at all.").replace("tags: [China US]", "tags: [Other]")
    other = other.replace("A zero-sum game here, and zero-sum again; a zero-summer is not one.", "Plain words.")
    other = other.replace("`zero-sum` in code, and the 15th Five-Year Plan.", "More plain words.")
    site = _build(_site(project, extra_pages=[("2026-04-01-unrelated", other.replace("2026-03-01", "2026-04-01"))]))
    related = [a["href"] for a in site.editorial().select(".gl-related a")]
    assert related == [f"../{CHINESE_SLUG}/"]


BROKEN = [
    ("missing editorial", "- note: See [[2020-01-01-nowhere]].\n", 1, "unknown-editorial", "there is no editorial '2020-01-01-nowhere'"),
    ("missing paragraph", f"- note: |\n    First line.\n    See [[{SEED_SLUG}#p42]].\n", 3, "unknown-paragraph", "has no ¶42 (it has 9)"),
    ("missing term", "- note: >\n    See [[glossary:nothing]].\n", 2, "unknown-term", "there is no glossary term 'nothing'"),
]


@pytest.mark.parametrize("name,note,line,code,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_reference_in_note_is_located(project, name, note, line, code, message):
    _site(project, notes={(SEED_SLUG, "1.yml"): note})
    (project.root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    _, problems = load_corpus(read_settings(project.root / "mkdocs.yml"))
    assert [(str(p.loc), p.code) for p in problems] == [(f"annotations/{SEED_SLUG}/1.yml:{line}", code)]
    assert message in problems[0].message
    site = project.build(strict=True)
    assert site.error is not None
    assert any(m.startswith(f"annotations/{SEED_SLUG}/1.yml:{line}: ") for m in site.messages)


EXTRA = "docs/glossary/extra-term.md"
ZERO = "docs/glossary/zero-sum-game.md"
# name, text of docs/glossary/extra-term.md, expected location, code
GLOSSARY_PROBLEMS = [
    ("see_also missing", "---\nterm: Extra term\nsummary: S.\nsee_also:\n  - nowhere\n---\n", f"{EXTRA}:4", "unknown-term"),
    # A spelling claimed twice is blamed on a term that has it as an alias rather than as its name.
    ("alias claimed twice", "---\nterm: Extra term\nsummary: S.\naliases:\n  - Zero-Sum\n---\n", f"{ZERO}:4", "duplicate-alias"),
    ("name claimed as an alias", "---\nterm: Zero-sum\nsummary: S.\n---\n", f"{ZERO}:4", "duplicate-alias"),
    ("blank alias", "---\nterm: Extra term\nsummary: S.\naliases:\n  - '  '\n---\n", f"{EXTRA}:5", "blank-entry"),
    ("reference in glossary body", "---\nterm: Extra term\nsummary: S.\n---\nText\n\nSee [[glossary:nope]].\n", f"{EXTRA}:7", "unknown-term"),
    ("look-alike letters", "---\nterm: Extra term\nsummary: S.\naliases:\n  - plаn extra\n---\n", f"{EXTRA}:4", "mixed-script"),
    ("missing summary", "---\nterm: Extra term\n---\n", f"{EXTRA}:2", "missing-summary"),
    ("unknown key", "---\nterm: Extra term\nsummary: S.\nalias: x\n---\n", f"{EXTRA}:4", "unknown-key"),
]


@pytest.mark.parametrize("name,text,where,code", GLOSSARY_PROBLEMS, ids=[g[0] for g in GLOSSARY_PROBLEMS])
def test_glossary_problems_are_located(project, name, text, where, code):
    _site(project)
    (project.root / "docs" / "glossary" / "extra-term.md").write_text(text, encoding="utf-8")
    (project.root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    _, problems = load_corpus(read_settings(project.root / "mkdocs.yml"))
    assert [(str(p.loc), p.code) for p in problems] == [(where, code)]
    assert project.build(strict=True).error is not None


def _term(slug, *forms):
    return Term(slug, forms[0], "s", Loc("x"), aliases=list(forms[1:]))


def test_matcher_boundaries_longest_and_case():
    matcher = TermMatcher([_term("pf", "productive forces"), _term("nqpf", "new quality productive forces"),
                           _term("us", "US"), _term("cn", "新质生产力")])
    found = lambda text: [(text[m.start:m.end], m.term.slug) for m in matcher.find(text)]
    assert found("New Quality Productive Forces and productive forces") == [
        ("New Quality Productive Forces", "nqpf"), ("productive forces", "pf")]
    assert found("focus on US trade; thus") == [("US", "us")]
    assert found("发展新质生产力") == [("新质生产力", "cn")]
    assert found("new quality\u00a0productive forces") == [("new quality\u00a0productive forces", "nqpf")]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab zs-新质生产力.Z")), max_size=80))
def test_term_linking_never_changes_the_visible_text(text):
    import xml.etree.ElementTree as etree

    from glossator.render.terms import TermLinker

    matcher = TermMatcher([_term("a", "ab"), _term("z", "zero-sum", "zs"), _term("c", "新质生产力", "生产")])
    block = etree.Element("p")
    block.text = text
    TermLinker(matcher, lambda term: f"/{term.slug}/").link(block, None)
    assert "".join(block.itertext()) == text


def test_glossary_definition_is_sanitised_and_removals_reported(project):
    _site(project)
    (project.root / "docs" / "glossary" / "extra-term.md").write_text(
        "---\nterm: Extra term\nsummary: S.\n---\nSafe text.\n\n<img src=x onerror=alert(1)>\n<script>alert(2)</script>\n",
        encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is not None
    assert any(m.startswith("docs/glossary/extra-term.md:5: removed <img> element") for m in site.messages)
    body = site.soup("glossary/extra-term/index.html").select_one(".gl-term-page__definition")
    assert "Safe text." in body.get_text()
    assert body.select("img, script, [onerror]") == []
    (project.root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    import subprocess
    import sys
    check = subprocess.run([sys.executable, "-m", "glossator", "check"], cwd=project.root, capture_output=True, text=True)
    assert check.returncode == 1
    assert "docs/glossary/extra-term.md:5: removed <img> element [unsafe-html]" in check.stdout


def test_unknown_link_mode_is_a_clear_configuration_error(project):
    _site(project)
    site = project.build(extra={"link_terms": "sometimes"})
    assert site.error is not None
    assert any("link_terms is 'sometimes': use one of paragraph, page, every" in m for m in site.messages)


def test_term_page_lists_the_latest_uses_only(project, monkeypatch):
    """A term used in every editorial keeps a page of the same size: the newest uses, and how many there are."""
    from glossator.render import glossary as glossary_render

    notes = {(SEED_SLUG, f"{n}.yml"): f"- note: Zero-sum note {n}.\n" for n in (1, 2, 3)}
    site = _build(_site(project, notes=notes))
    page = site.soup("glossary/zero-sum-game/index.html")
    every_use = [li.a["href"] for li in page.select(".gl-appears-in li")]
    every_note = [li.a["href"] for li in page.select(".gl-term-notes li")]
    assert len(every_use) >= 3 and len(every_note) == 3 and not page.select(".gl-term-page__latest")

    monkeypatch.setattr(glossary_render, "TERM_LIST_LATEST", 2)
    page = project.build(strict=True).soup("glossary/zero-sum-game/index.html")
    assert [li.a["href"] for li in page.select(".gl-appears-in li")] == every_use[:2]
    assert [li.a["href"] for li in page.select(".gl-term-notes li")] == every_note[:2]
    assert [href.rsplit("#", 1)[1] for href in every_note] == ["note-p1-1", "note-p2-1", "note-p3-1"]  # in reading order
    assert page.select_one("#appears-in").get_text() == f"Appears in ({len(every_use)})"
    latest = [p.get_text() for p in page.select(".gl-term-page__latest")]
    assert latest[0].startswith(f"The 2 most recent of {len(every_use)} paragraphs") and latest[1].startswith("The 2 most recent of 3 notes")
