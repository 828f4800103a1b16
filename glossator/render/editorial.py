"""The editorial page's header and the listings of editorials (home, archive)."""

from __future__ import annotations

import posixpath
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from ..model import Corpus, Editorial
from ..search import SEARCH_EXCLUDE

if TYPE_CHECKING:
    from .templates import Templates


def display_date(iso: str) -> str:
    """'2025-11-07T01:27:00+08:00' -> '7 Nov 2025' (as published, in the outlet's time zone)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.day} {moment:%b %Y}"


def header_html(templates: Templates, editorial: Editorial, note_count: int, cite: tuple[str, str] = ("", "")) -> str:
    """Title, outlet, date, source link and tags, plus the notes toggle (shown by JavaScript).

    `cite` holds the citation templates that the ¶ menu fills in (see render/cite.py).
    """
    source_link = editorial.source_url if editorial.source_url.startswith(("https://", "http://")) else ""
    return templates.render("partials/editorial-header.html", editorial=editorial, note_count=note_count,
                            source_link=source_link, cite_text=cite[0], cite_bibtex=cite[1])




def year_of(editorial: Editorial) -> str:
    """The year an editorial belongs to in the archive ("undated" if its date does not start with one)."""
    year = editorial.date[:4]
    return year if year.isdigit() and len(year) == 4 else "undated"






def cited_in_html(templates: Templates, entries: list[tuple[str, str]]) -> str:
    """'Cited in' links under a paragraph: (href, label) pairs, already relative to the page."""
    return templates.render("partials/cited-in.html", citations=entries) if entries else ""


def related_html(templates: Templates, entries: list[tuple[str, Editorial]]) -> str:
    """'Related editorials' at the end of a page: (href, editorial) pairs."""
    return templates.render("partials/related.html", related=entries) if entries else ""


def offline_notice_html(templates: Templates, site_name: str, built_at: datetime) -> str:
    """What the offline bundle is and when it was built, on its home page."""
    return templates.render("partials/offline-notice.html", site_name=site_name, built_at=built_at)


def annotate_link_html(templates: Templates, url: str, number: int) -> str:
    return templates.render("partials/annotate.html", url=url, number=number)


CONTRIBUTOR_LATEST = 10
"""Notes listed per contributor: the page stays the same size however many notes they write."""


def listing_markdown(templates: Templates, editorials: list[Editorial], note_counts: dict[str, int], from_page: str,
                     pages_dir: str, *, limit: int | None = None) -> str:
    """Editorials newest first, as Markdown links (so MkDocs checks and rewrites them): partials/editorial-list.md."""
    return templates.render("partials/editorial-list.md", entries=_entries(editorials, note_counts, from_page, pages_dir, limit))


def _entries(editorials: list[Editorial], note_counts: dict[str, int], from_page: str, pages_dir: str,
             limit: int | None = None) -> list[tuple[str, Editorial, int]]:
    """(link from `from_page`, editorial, its note count), newest first."""
    base = posixpath.dirname(from_page) or "."
    return [(posixpath.relpath(f"{pages_dir}/{e.slug}.md", base), e, note_counts.get(e.slug, 0))
            for e in sorted(editorials, key=lambda e: (e.date, e.slug), reverse=True)[:limit]]


def years_markdown(templates: Templates, editorials: list[Editorial], note_counts: dict[str, int], from_page: str,
                   pages_dir: str) -> str:
    """The archive: a link per year (newest first, with a count), then the newest year's editorials
    (partials/archive.md). Each year has its own page, so no page lists the whole collection."""
    by_year = Counter(year_of(e) for e in editorials)
    if not by_year:
        return templates.render("partials/editorial-list.md", entries=[])
    base = posixpath.dirname(from_page) or "."
    years = sorted(by_year, key=lambda year: (year != "undated", year), reverse=True)  # undated last
    newest = [e for e in editorials if year_of(e) == years[0]]
    return templates.render("partials/archive.md",
                            years=[(year, posixpath.relpath(f"{pages_dir}/{year}.md", base), by_year[year]) for year in years],
                            newest=_entries(newest, note_counts, from_page, pages_dir))


def year_page_markdown(templates: Templates, year: str) -> str:
    """The page of one year of the archive; its marker is expanded like any listing."""
    return templates.render("partials/year-page.md", year=year)


def contributors_markdown(templates: Templates, corpus: Corpus, from_page: str, pages_dir: str) -> str:
    """Every author, most notes first, with how many they wrote and their latest (partials/contributors.md)."""
    by_author: dict[str, list] = {}
    for note in corpus.notes:
        if note.by and note.slug in corpus.editorials:
            by_author.setdefault(note.by, []).append(note)
    base = posixpath.dirname(from_page) or "."
    authors = []
    for author, notes in sorted(by_author.items(), key=lambda item: (-len(item[1]), item[0].casefold())):
        notes.sort(key=lambda n: n.paragraph)
        latest = sorted(notes, key=lambda n: (corpus.editorials[n.slug].date, n.slug), reverse=True)[:CONTRIBUTOR_LATEST]
        authors.append((author, len(notes), [(posixpath.relpath(f"{pages_dir}/{n.slug}.md", base), corpus.editorials[n.slug], n)
                                            for n in latest]))
    return templates.render("partials/contributors.md", authors=authors, search_exclude=SEARCH_EXCLUDE)
