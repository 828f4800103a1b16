"""The editorial page's header and the listings of editorials (home, archive)."""

from __future__ import annotations

import posixpath
from collections import Counter
from datetime import datetime
from html import escape

from ..model import Corpus, Editorial
from ..search import SEARCH_EXCLUDE
from ..text import escape_markdown


def display_date(iso: str) -> str:
    """'2025-11-07T01:27:00+08:00' -> '7 Nov 2025' (as published, in the outlet's time zone)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.day} {moment:%b %Y}"


def header_html(editorial: Editorial, note_count: int, cite: tuple[str, str] = ("", "")) -> str:
    """Title, outlet, date, source link and tags, plus the notes toggle (shown by JavaScript).

    `cite` holds the citation templates that the ¶ menu fills in (see render/cite.py).
    """
    meta = []
    if editorial.source:
        meta.append(f'<span class="gl-meta__source">{escape(editorial.source)}</span>')
    if editorial.date:
        meta.append(f'<time datetime="{escape(editorial.date)}">{escape(display_date(editorial.date))}</time>')
    if editorial.byline:
        meta.append(f'<span class="gl-meta__byline">{escape(editorial.byline)}</span>')
    if editorial.source_url.startswith(("https://", "http://")):
        meta.append(f'<a class="gl-meta__link" href="{escape(editorial.source_url)}" rel="noopener">Original article</a>')
    tags = "".join(f'<li class="md-tag">{escape(tag)}</li>' for tag in editorial.tags)
    notes = f"{note_count} note{'s' if note_count != 1 else ''}"
    return (
        f'<h1 id="top">{escape(editorial.title)}</h1>'
        f'<div class="gl-meta">{" · ".join(meta)}</div>'
        + (f'<ul class="gl-tags md-tags" aria-label="Tags">{tags}</ul>' if tags else "")
        + f'<div class="gl-toolbar" data-cite-text="{escape(cite[0])}" data-cite-bibtex="{escape(cite[1])}">'
        f'<span class="gl-toolbar__count">{notes}</span>'
        '<button type="button" class="md-button gl-toggle-notes" aria-pressed="true" hidden>Hide notes</button></div>'
    )


def listing_markdown(editorials: list[Editorial], note_counts: dict[str, int], from_page: str, pages_dir: str,
                     *, limit: int | None = None) -> str:
    """Editorials newest first, as Markdown links (so MkDocs checks and rewrites them)."""
    ordered = sorted(editorials, key=lambda e: (e.date, e.slug), reverse=True)[:limit]
    base = posixpath.dirname(from_page)
    lines = []
    for editorial in ordered:
        target = posixpath.relpath(f"{pages_dir}/{editorial.slug}.md", base or ".")
        count = note_counts.get(editorial.slug, 0)
        details = " · ".join(filter(None, [display_date(editorial.date), escape_markdown(editorial.source),
                                           f"{count} note{'s' if count != 1 else ''}"]))
        lines.append(f"- [{escape_markdown(editorial.title)}]({target})  \n  <small>{details}</small>")
    return "\n".join(lines) if lines else "*No editorials yet.*"


def year_of(editorial: Editorial) -> str:
    """The year an editorial belongs to in the archive ("undated" if its date does not start with one)."""
    year = editorial.date[:4]
    return year if year.isdigit() and len(year) == 4 else "undated"


def years_markdown(editorials: list[Editorial], note_counts: dict[str, int], from_page: str, pages_dir: str) -> str:
    """The archive: a link per year (newest first, with a count), then the newest year's editorials.

    Each year has its own page, so no page lists the whole collection."""
    by_year = Counter(year_of(e) for e in editorials)
    if not by_year:
        return "*No editorials yet.*"
    base = posixpath.dirname(from_page) or "."
    years = sorted(by_year, key=lambda year: (year != "undated", year), reverse=True)  # undated last
    lines = [f"- [{year}]({posixpath.relpath(f'{pages_dir}/{year}.md', base)}) "
             f"<small>{by_year[year]} editorial{'s' if by_year[year] != 1 else ''}</small>" for year in years]
    newest = [e for e in editorials if year_of(e) == years[0]]
    return "\n".join(lines) + f"\n\n## {years[0]}\n\n" + listing_markdown(newest, note_counts, from_page, pages_dir)


def year_page_markdown(year: str) -> str:
    """The page of one year of the archive; its marker is expanded like any listing."""
    title = f"Editorials of {year}" if year != "undated" else "Undated editorials"
    return f"---\ntitle: {title}\nhide:\n  - toc\n---\n\n# {title}\n\nNewest first.\n\n<!-- glossator:editorials year={year} -->\n"


def cited_in_html(entries: list[tuple[str, str]]) -> str:
    """'Cited in' links under a paragraph: (href, label) pairs, already relative to the page."""
    if not entries:
        return ""
    links = "; ".join(f'<a href="{escape(href)}">{escape(label)}</a>' for href, label in entries)
    return f'<p class="gl-cited-in"><span>Cited in:</span> {links}</p>'


def related_html(entries: list[tuple[str, Editorial]]) -> str:
    """'Related editorials' at the end of a page: (href, editorial) pairs."""
    if not entries:
        return ""
    items = "".join(
        f'<li><a href="{escape(href)}">{escape(e.title)}</a> <small>{escape(display_date(e.date))}</small></li>'
        for href, e in entries)
    return f'<section class="gl-related"><h2 id="related">Related editorials</h2><ul>{items}</ul></section>'


def offline_notice_html(site_name: str, built_at: datetime) -> str:
    """What the offline bundle is and when it was built, on its home page."""
    when = built_at.strftime("%d %b %Y, %H:%M UTC").lstrip("0")
    return (
        '<div class="admonition info gl-offline"><p class="admonition-title">Offline edition</p>'
        f"<p>This is the offline edition of {escape(site_name)}, built on <time datetime=\"{built_at.isoformat(timespec='seconds')}\">"
        f"{when}</time>. Everything in it (notes, glossary, cross-references and search) works from this folder, "
        "with no network connection. Newer notes may have been published on the hosted site since.</p></div>"
    )


def annotate_link_html(url: str, number: int) -> str:
    return (f'<a class="gl-annotate" href="{escape(url)}" rel="noopener" '
            f'aria-label="Annotate paragraph {number} on GitHub" title="Add a note to ¶{number}">✎</a>')


def note_footer_html(modified: str, edit_url: str) -> str:
    parts = []
    if modified:
        parts.append(f'<span>Last changed <time datetime="{escape(modified)}">{escape(display_date(modified))}</time></span>')
    if edit_url:
        parts.append(f'<a href="{escape(edit_url)}" rel="noopener">Edit this note</a>')
    return f'<p class="gl-note__footer">{" · ".join(parts)}</p>' if parts else ""


CONTRIBUTOR_LATEST = 10
"""Notes listed per contributor: the page stays the same size however many notes they write."""


def contributors_markdown(corpus: Corpus, from_page: str, pages_dir: str) -> str:
    """Every author, most notes first, with how many they wrote and their latest; links are Markdown, so MkDocs checks them."""
    by_author: dict[str, list] = {}
    for note in corpus.notes:
        if note.by and note.slug in corpus.editorials:
            by_author.setdefault(note.by, []).append(note)
    base = posixpath.dirname(from_page) or "."
    lines = []
    for author, notes in sorted(by_author.items(), key=lambda item: (-len(item[1]), item[0].casefold())):
        notes.sort(key=lambda n: n.paragraph)
        latest = sorted(notes, key=lambda n: (corpus.editorials[n.slug].date, n.slug), reverse=True)[:CONTRIBUTOR_LATEST]
        count = f"{len(notes)} note{'s' if len(notes) != 1 else ''}" + (f", the latest {len(latest)}:" if len(latest) < len(notes) else "")
        if lines:
            lines.append("\n</div>")
        lines.append(f"\n### {escape_markdown(author)}\n\n{count}\n")
        lines.append(f'<div markdown {SEARCH_EXCLUDE}>\n')
        for note in latest:
            editorial = corpus.editorials[note.slug]
            target = posixpath.relpath(f"{pages_dir}/{note.slug}.md", base)
            lines.append(f"- [{escape_markdown(editorial.title)}, ¶{note.paragraph}]({target}#{note.anchor}) "
                         f"<small>{note.kind}</small>")
    return "\n".join([*lines, "\n</div>"]) if lines else "*No signed notes yet.*"
