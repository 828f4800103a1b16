"""Atom feeds (RFC 4287): new editorials, new notes, and the editorials that use a glossary term.

Each feed is built from the model and returned as text. Dates: an editorial's
`date` (its page's modification time when it has none); a note's first and
last commit (see `history`).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from html import escape

from .diagnostics import Diagnostic
from .history import History, mtime
from .model import Corpus, Editorial
from .project import Settings
from .render.notes import KIND_LABELS, NoteRenderer
from .urls import SiteURLs

ATOM = "http://www.w3.org/2005/Atom"
FEEDS_DIR = "feeds"
FEED_SIZE = 50
"""Entries per feed, newest first: enough for any reader between two visits."""
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str
    link: str
    published: str = ""
    author: str = ""
    summary: str = ""
    content_html: str = ""
    categories: tuple[str, ...] = ()


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _rfc3339(value: str) -> str:
    """An ISO 8601 date or date-time as the date-time Atom requires ('2026-02-03' -> '2026-02-03T00:00:00+00:00')."""
    return _moment(value).isoformat()


def _recency(entry: Entry) -> tuple[datetime, str]:
    return _moment(entry.published or entry.updated), entry.id


def _newest(items: list, key: Callable = _recency) -> list:
    """The FEED_SIZE newest items (entries, unless `key` says how to date them), newest first."""
    return sorted(items, key=key, reverse=True)[:FEED_SIZE]


def _add(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set (reproducible-builds.org): two builds of the same files are then identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.replace(microsecond=0)


def atom(feed_id: str, title: str, self_url: str, alternate: str, author: str, entries: list[Entry]) -> str:
    """An Atom feed document; `updated` is that of its newest entry (the build's time, when it has none)."""
    feed = ET.Element("feed", xmlns=ATOM)
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    newest = max((_moment(e.updated) for e in entries), default=build_time())
    _add(feed, "updated", newest.isoformat())
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=alternate)
    _add(_add(feed, "author"), "name", author)
    for entry in entries:
        element = _add(feed, "entry")
        _add(element, "id", entry.id)
        _add(element, "title", entry.title)
        _add(element, "updated", _rfc3339(entry.updated))
        if entry.published:
            _add(element, "published", _rfc3339(entry.published))
        if entry.author:
            _add(_add(element, "author"), "name", entry.author)
        _add(element, "link", rel="alternate", type="text/html", href=entry.link)
        for term in entry.categories:
            _add(element, "category", term=term)
        if entry.summary:
            _add(element, "summary", entry.summary)
        if entry.content_html:
            _add(element, "content", entry.content_html, type="html")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _date(editorial: Editorial, settings: Settings) -> str:
    try:
        return _rfc3339(editorial.date)
    except ValueError:
        return mtime(settings.root / editorial.loc.path)


def _summary(editorial: Editorial) -> str:
    text = editorial.paragraphs[0].text if editorial.paragraphs else ""
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _author(settings: Settings) -> str:
    return settings.site_name or "Glossator"


def editorials_feed(corpus: Corpus, settings: Settings) -> str:
    urls = SiteURLs.of(settings)
    entries = [
        Entry(id=urls.page(e.slug), title=e.title, updated=_date(e, settings), published=_date(e, settings), link=urls.page(e.slug),
              author=e.byline or e.source, summary=_summary(e), categories=tuple(e.tags))
        for e in corpus.editorials.values()
    ]
    return atom(urls.url(f"{FEEDS_DIR}/editorials.xml"), f"{_author(settings)}: editorials", urls.url(f"{FEEDS_DIR}/editorials.xml"),
                urls.url(f"{urls.editorials}/"), _author(settings), _newest(entries))


def notes_feed(corpus: Corpus, settings: Settings, problems: list[Diagnostic], history: History | None = None) -> str:
    urls, renderer = SiteURLs.of(settings), NoteRenderer(problems)
    history = history or History(settings.annotations_dir)
    drafts = []
    for note in corpus.notes:
        editorial = corpus.editorials.get(note.slug)
        if editorial is None:
            continue  # reported by `check` as unknown-slug
        dates = history.dates(settings.root / note.loc.path)
        quote = f"<blockquote>{escape(note.quote)}</blockquote>" if note.quote else ""
        link = f"{urls.page(note.slug)}#{note.anchor}"
        drafts.append((Entry(id=link, title=f"{KIND_LABELS[note.kind]} on ¶{note.paragraph} of {editorial.title}",
                             updated=dates.modified, published=dates.created, link=link, author=note.by,
                             content_html=quote, categories=(note.kind,)), note))
    # Markdown is the costly part: only the notes the feed keeps are rendered.
    entries = [replace(entry, content_html=entry.content_html + renderer.markdown_html(note.body, note.loc_of("note")))
               for entry, note in _newest(drafts, key=lambda draft: _recency(draft[0]))]
    return atom(urls.url(f"{FEEDS_DIR}/notes.xml"), f"{_author(settings)}: notes", urls.url(f"{FEEDS_DIR}/notes.xml"),
                urls.url(""), _author(settings), entries)


def term_feed(settings: Settings, slug: str, title: str, uses: list[tuple[Editorial, list[int]]]) -> str:
    """The editorials that use a glossary term, newest first, each linking to the paragraphs
    where the term occurs; meant to be published as feeds/terms/<slug>.xml."""
    urls = SiteURLs.of(settings)
    entries = []
    for editorial, numbers in uses:
        page = urls.page(editorial.slug)
        links = ", ".join(f'<a href="{escape(page)}#p{n}">¶{n}</a>' for n in numbers)
        entries.append(Entry(id=page, title=editorial.title, updated=_date(editorial, settings), link=f"{page}#p{numbers[0]}" if numbers else page,
                             author=editorial.byline or editorial.source, content_html=f"<p>{escape(title)} in {links}</p>" if numbers else ""))
    url = urls.url(f"{FEEDS_DIR}/terms/{slug}.xml")
    return atom(url, f"{_author(settings)}: {title}", url, urls.url(""), _author(settings), _newest(entries))


def feed_files(corpus: Corpus, settings: Settings, problems: list[Diagnostic], history: History | None = None) -> dict[str, str]:
    """{path in the site: Atom document} for the editorials and notes feeds."""
    return {f"{FEEDS_DIR}/editorials.xml": editorials_feed(corpus, settings),
            f"{FEEDS_DIR}/notes.xml": notes_feed(corpus, settings, problems, history)}
