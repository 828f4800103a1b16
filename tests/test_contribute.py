"""From reading to contributing: annotate and edit links, dates, the contributors page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from glossator.scaffold import note_template

from conftest import SEED_SLUG, paragraph_texts

REPO = "https://github.com/example/edition"


def _notes(project):
    project.seed()
    project.notes(SEED_SLUG, "04.yml", "- note: On the plan.\n  by: alice\n- note: More.\n  by: bob\n  kind: analysis\n")
    project.notes(SEED_SLUG, "6.yml", "- note: Zero-sum.\n  by: alice\n")
    return project


def test_annotate_opens_a_new_note_file_prefilled_with_the_template(project):
    site = _notes(project).build(strict=True, repo_url=REPO)
    assert site.error is None, site.messages
    soup = site.editorial()
    link = soup.select_one('.gl-para[data-p="3"] a.gl-annotate')["href"]
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/new/main/annotations/{SEED_SLUG}"
    query = parse_qs(parts.query)
    assert query["filename"] == ["3.yml"]
    assert query["value"] == [note_template(SEED_SLUG, 3, paragraph_texts(soup)[3])]
    assert "Creating additional gains" in query["value"][0]


def test_annotate_on_a_paragraph_with_notes_edits_its_file(project):
    site = _notes(project).build(strict=True, repo_url=REPO)
    soup = site.editorial()
    assert soup.select_one('.gl-para[data-p="4"] a.gl-annotate')["href"] == f"{REPO}/edit/main/annotations/{SEED_SLUG}/04.yml"


def test_each_note_has_an_edit_link_and_its_last_change(project):
    site = _notes(project).build(strict=True, repo_url=REPO, extra={"branch": "trunk"})
    soup = site.editorial()
    footers = soup.select(".gl-note .gl-note__footer")
    assert len(footers) == 3
    assert [f.a["href"] for f in footers] == [f"{REPO}/edit/trunk/annotations/{SEED_SLUG}/{name}" for name in ("04.yml", "04.yml", "6.yml")]
    assert all(f.time["datetime"][:4].isdigit() for f in footers)


@pytest.mark.parametrize("repo_url", ["", "https://gitlab.com/example/edition"])
def test_no_links_without_a_github_repository(project, repo_url):
    site = _notes(project).build(strict=True, repo_url=repo_url)
    soup = site.editorial()
    assert soup.select(".gl-annotate") == []
    assert [a for a in soup.select(".gl-note__footer a")] == []
    assert soup.select_one(".gl-note__footer time") is not None  # the date stays


def test_contributors_page_lists_authors_with_their_notes(project):
    _notes(project)
    (project.root / "docs" / "contributors.md").write_text("# Contributors\n\n<!-- glossator:contributors -->\n", encoding="utf-8")
    site = project.build(strict=True)
    page = site.soup("contributors/index.html")
    assert not [r.getMessage() for r in site.records if "anchor" in r.getMessage()]  # MkDocs finds the notes' anchors
    assert [h.get_text().strip() for h in page.select(".md-content h3")] == ["alice", "bob"]
    alice = page.select(".md-content ul")[0].select("a")
    assert [a["href"] for a in alice] == [f"../editorials/{SEED_SLUG}/#note-p4-1", f"../editorials/{SEED_SLUG}/#note-p6-1"]
    assert "2 notes" in page.get_text() and "1 note" in page.get_text()


def test_contributors_page_lists_each_authors_latest_notes_only(project):
    """The page stays the same size as notes accumulate: counts for all, links to the latest ten."""
    from glossator.render.editorial import CONTRIBUTOR_LATEST

    project.seed()
    for number in range(1, 10):
        project.notes(SEED_SLUG, f"{number}.yml", "- note: One.\n  by: carol\n- note: Two.\n  by: carol\n")
    (project.root / "docs" / "contributors.md").write_text("# Contributors\n\n<!-- glossator:contributors -->\n", encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    page = site.soup("contributors/index.html")
    assert "18 notes, the latest 10:" in page.get_text()
    links = page.select(".md-content ul a")
    assert len(links) == CONTRIBUTOR_LATEST == 10
    assert links[0]["href"].endswith("#note-p1-1")
