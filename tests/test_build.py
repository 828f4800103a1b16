"""Real MkDocs builds of fixture sites: numbered paragraphs, notes beside them, listings, search."""

from __future__ import annotations

from glossator.importers import import_source, read_source
from glossator.search.reader import SiteIndex

from conftest import SEED, SEED_SLUG, paragraph_texts

MIXED = """\
---
title: 'Mixed blocks: Daily Paper editorial'
date: '2026-02-03'
source: Daily Paper
---

Opening paragraph about trade.

## A subheading

> A quoted passage.

- first item
- second item

Closing paragraph.
"""


def test_seed_imported_into_empty_docs_has_p1_to_p9_equal_to_source(project, tmp_path):
    outcome = import_source(SEED, project.root / "docs" / "editorials")
    assert outcome.status == "written"
    site = project.build(strict=True)
    assert site.error is None, site.messages
    texts = paragraph_texts(site.editorial())
    assert list(texts) == list(range(1, 10))
    assert list(texts.values()) == read_source(SEED).paragraph_texts


def test_blocks_are_numbered_and_headings_are_not(project):
    project.page("2026-02-03-mixed-blocks", MIXED)
    site = project.build(strict=True)
    assert site.error is None, site.messages
    soup = site.editorial("2026-02-03-mixed-blocks")
    assert paragraph_texts(soup) == {1: "Opening paragraph about trade.", 2: "A quoted passage.",
                                     3: "first item\nsecond item", 4: "Closing paragraph."}
    assert soup.select_one("#p2").name == "blockquote" and soup.select_one("#p3").name == "ul"
    heading = soup.find("h2", string=lambda s: s and "A subheading" in s) or soup.find("h2", id="a-subheading")
    assert heading is not None and heading.find_parent(class_="gl-para") is None
    pilcrows = [(a["href"], a.get_text()) for a in soup.select(".gl-pilcrow")]
    assert pilcrows == [("#p1", "¶1"), ("#p2", "¶2"), ("#p3", "¶3"), ("#p4", "¶4")]


def test_notes_sit_beside_their_paragraph_with_linked_quotes(project):
    project.seed()
    project.notes(SEED_SLUG, "2.yml", """\
        - note: Bilateral trade is a few percent of world trade.
          quote: accounts for about one-fifth of global trade
          kind: fact-check
          by: alice
          sources:
            - https://www.wto.org/
          id: one-fifth
        - note: Second note on the same paragraph.
        """)
    project.notes(SEED_SLUG, "04.yml", "- note: On the plan.\n  kind: translation\n")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    soup = site.editorial()
    notes = soup.select("[data-note-id]")
    # in page order: a note on the whole paragraph first, then by where the quote starts; numbered so
    assert [n["data-note-id"] for n in notes] == [f"{SEED_SLUG}/p2-2", f"{SEED_SLUG}/one-fifth", f"{SEED_SLUG}/p4-1"]
    assert [n["data-n"] for n in notes] == ["1", "2", "3"]
    first = soup.select_one(f'[data-note-id="{SEED_SLUG}/one-fifth"]')
    assert first.find_parent(class_="gl-para")["data-p"] == "2"
    assert "gl-note--fact-check" in first["class"] and first.name == "details" and first.has_attr("open")
    assert first.select_one(".gl-note__kind").get_text() == "Fact-check"
    assert "by alice" in first.select_one("summary").get_text()
    assert first.select_one(".gl-note__sources a")["href"] == "https://www.wto.org/"
    mark = soup.select_one("#p2 mark.gl-quote")
    assert mark.get_text() == "accounts for about one-fifth of global trade"
    assert mark["id"] == "quote-one-fifth" and mark.a["href"] == "#note-one-fifth" and mark["data-n"] == "2"
    assert first["id"] == "note-one-fifth" and first.select_one(".gl-note__quote a")["href"] == "#quote-one-fifth"
    assert soup.select_one('[data-note-id$="/p4-1"]').find_parent(class_="gl-para")["data-p"] == "4"
    # screen readers learn that a paragraph has notes, and where they are
    assert soup.select_one("#p2")["aria-details"] == "notes-p2"
    assert soup.select_one("#notes-p2").name == "aside" and first in soup.select_one("#notes-p2").find_all("details")
    assert not soup.select_one("#p3").has_attr("aria-details")
    # the published text is unchanged by the highlight
    assert paragraph_texts(soup)[2] == read_source(SEED).paragraph_texts[1]
    assert soup.select_one(".gl-toolbar__count").get_text() == "3 notes"


def test_editorial_header_shows_title_outlet_date_and_tags(project):
    project.seed()
    site = project.build(strict=True)
    soup = site.editorial()
    assert soup.select("h1")[0].get_text().startswith("Solving China-US ‘existing issues’")
    assert len(soup.select("h1")) == 1
    assert soup.select_one(".gl-meta__source").get_text() == "Global Times"
    assert soup.select_one(".gl-meta time")["datetime"] == "2025-11-07T01:27:00+08:00"
    assert soup.select_one(".gl-meta time").get_text() == "7 Nov 2025"
    assert [li.get_text() for li in soup.select(".gl-tags li")] == ["China US"]


def test_home_lists_editorials_newest_first_and_nav_does_not(project):
    project.seed()
    project.page("2026-02-03-mixed-blocks", MIXED)
    project.notes(SEED_SLUG, "1.yml", "- note: One.\n- note: Two.\n")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    items = site.soup("index.html").select(".md-content li")
    assert [a.get_text() for a in site.soup("index.html").select(".md-content li > a")] == [
        "Mixed blocks: Daily Paper editorial",
        "Solving China-US ‘existing issues’ with mindset of creating ‘additional gains’: Global Times editorial",
    ]
    assert "3 Feb 2026 · Daily Paper · 0 notes" in items[0].get_text()
    assert "7 Nov 2025 · Global Times · 2 notes" in items[1].get_text()
    assert items[1].a["href"] == f"editorials/{SEED_SLUG}/"
    nav = site.soup("index.html").select_one(".md-nav--primary")
    assert "Solving China-US" not in nav.get_text()


def test_links_work_without_directory_urls(project):
    project.seed()
    site = project.build(strict=True, directory_urls=False)
    assert site.error is None, site.messages
    link = site.soup("index.html").select_one(".md-content li > a")
    assert link["href"] == f"editorials/{SEED_SLUG}.html"
    assert paragraph_texts(site.soup(f"editorials/{SEED_SLUG}.html"))[9].startswith("Over the past half century")


def test_notes_are_in_the_search_index(project):
    project.seed()
    project.notes(SEED_SLUG, "3.yml", "- note: A zanzibarian remark only found in this note.\n")
    site = project.build()
    assert SiteIndex.read(site.site_dir).locations("zanzibarian") == [f"editorials/{SEED_SLUG}/#p3"]


def test_note_on_missing_paragraph_is_reported_and_still_shown(project):
    project.seed()
    project.notes(SEED_SLUG, "12.yml", "- note: A note that must not be lost.\n")
    site = project.build()
    assert any("¶12 does not exist" in m for m in site.messages)
    soup = site.editorial()
    unplaced = soup.select_one(".gl-unplaced")
    assert unplaced is not None and "A note that must not be lost." in unplaced.get_text()


def test_a_page_whose_markdown_has_more_blocks_than_its_source_is_an_error_not_a_crash(project):
    """Hand-edited: a quote line under a paragraph is one block to `check`, two to Markdown."""
    project.page("2026-01-02-edited", "---\ntitle: Edited\ndate: 2026-01-02\n---\n\nFirst paragraph.\n> A quote under it.\n")
    project.notes("2026-01-02-edited", "1.yml", "- note: On the first paragraph.\n")
    site = project.build(strict=True, repo_url="https://github.com/example/edition")
    assert site.error is not None
    assert [m.split(" [")[0] for m in site.messages] == [
        "docs/editorials/2026-01-02-edited.md:1: the page shows 2 numbered paragraphs but its source has 1"]
    assert len(site.editorial("2026-01-02-edited").select(".gl-note")) == 1


def test_every_note_id_is_unique_across_the_site(project):
    project.seed()
    project.page("2026-02-03-mixed-blocks", MIXED)
    for slug in (SEED_SLUG, "2026-02-03-mixed-blocks"):
        project.notes(slug, "1.yml", "- note: A.\n  id: same-id\n- note: B.\n")
    site = project.build(strict=True)
    ids = [n["data-note-id"] for slug in (SEED_SLUG, "2026-02-03-mixed-blocks") for n in site.editorial(slug).select("[data-note-id]")]
    assert len(ids) == 4 and len(set(ids)) == 4


def test_serve_watches_the_annotations_folder(project):
    from mkdocs.config import load_config

    from glossator.integrations import mkdocs as hooks

    project.build()
    config = load_config(str(project.root / "mkdocs.yml"))
    hooks.on_config(config)

    class Server:
        watched: list[str] = []

        def watch(self, path, *args, **kwargs):
            self.watched.append(path)

    server = hooks.on_serve(Server(), config, None)
    assert server.watched == [str((project.root / "annotations").resolve())]


def test_a_note_that_never_reaches_a_page_fails_the_build(project):
    """The end-of-build invariant: here the page is excluded from the site, so its notes are not shown."""
    project.seed()
    project.notes(SEED_SLUG, "2.yml", "- note: Must be seen.\n")
    site = project.build(strict=True, config=f"exclude_docs: editorials/{SEED_SLUG}.md\n")
    assert site.error is not None
    assert any(m.startswith(f"annotations/{SEED_SLUG}/2.yml:1: the note {SEED_SLUG}/p2-1 appears 0 times") for m in site.messages)


def test_each_term_has_a_feed_of_the_editorials_using_it(project):
    import xml.etree.ElementTree as ET

    project.seed()
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "zero-sum-game.md").write_text("---\nterm: Zero-sum game\nsummary: S.\naliases: [zero-sum]\n---\nBody.\n", encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    feed = ET.parse(site.site_dir / "feeds" / "terms" / "zero-sum-game.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{atom}link").get("href").endswith(f"editorials/{SEED_SLUG}/#p6")
    assert "¶6" in entries[0].find(f"{atom}content").text and "¶8" in entries[0].find(f"{atom}content").text


def test_quotes_and_terms_with_ampersand_and_angle_bracket_are_found(project):
    from glossator.importers.base import SourceEditorial, render_page

    text = "Trade between AT&T and its rivals: when a < b, the R&D budget grows & shrinks."
    page = render_page(SourceEditorial("Symbols: Daily Paper editorial", [("paragraph", text)], date="2026-05-01",
                                       source="Daily Paper"))
    project.page("2026-05-01-symbols", page)
    project.notes("2026-05-01-symbols", "1.yml", "- note: On R&D.\n  quote: 'a < b, the R&D budget'\n")
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "r-and-d.md").write_text("---\nterm: R&D\nsummary: Research and development.\n---\nBody.\n", encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    soup = site.editorial("2026-05-01-symbols")
    assert paragraph_texts(soup)[1] == text
    assert soup.select_one("#p1 mark.gl-quote").get_text() == "a < b, the R&D budget"
    assert "AT&amp;T" in site.html("editorials/2026-05-01-symbols/")  # still escaped in the HTML


def test_archive_links_a_page_per_year_and_shows_the_newest_year(project):
    """The archive stays the same size as the collection grows: a page per year, the newest year inline."""
    project.seed()
    project.page("2026-02-03-mixed-blocks", MIXED)
    (project.root / "docs" / "editorials" / "index.md").write_text("# All editorials\n\n<!-- glossator:editorials by-year -->\n",
                                                                    encoding="utf-8")
    for directory_urls in (True, False):
        site = project.build(strict=True, directory_urls=directory_urls)
        assert site.error is None, site.messages
        suffix = "/" if directory_urls else ".html"
        archive = site.soup("editorials/" if directory_urls else "editorials/index.html")
        years = archive.select(".md-content ul")[0].select("li")
        assert [(li.a.get_text(), li.a["href"], li.small.get_text()) for li in years] == [
            ("2026", f"2026{suffix}", "1 editorial"), ("2025", f"2025{suffix}", "1 editorial")]
        assert archive.find("h2", id="2026") is not None
        assert [a.get_text() for a in archive.select(".md-content ul")[1].select("li > a")] == ["Mixed blocks: Daily Paper editorial"]
        year = site.soup(f"editorials/2025{suffix}" if directory_urls else "editorials/2025.html")
        assert year.select_one("h1").get_text() == "Editorials of 2025"
        links = year.select(".md-content li > a")
        assert [a.get_text() for a in links] == [
            "Solving China-US ‘existing issues’ with mindset of creating ‘additional gains’: Global Times editorial"]
        assert links[0]["href"] == (f"../{SEED_SLUG}/" if directory_urls else f"{SEED_SLUG}.html")


def test_undated_editorials_come_last_in_the_archive():
    from glossator.model import Editorial, Loc
    from glossator.render.editorial import years_markdown
    from glossator.render.templates import Templates

    editorials = [Editorial(slug=slug, title=slug, date=date, source="S", loc=Loc(f"{slug}.md"))
                  for slug, date in (("a", ""), ("b", "2024-05-01"), ("c", "2025-01-02"))]
    lines = years_markdown(Templates(), editorials, {}, "editorials/index.md", "editorials").splitlines()
    assert [line.split("]")[0] for line in lines[:3]] == ["- [2025", "- [2024", "- [undated"]
    assert "## 2025" in lines
