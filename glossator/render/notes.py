"""Notes -> HTML beside their paragraph.

Each note is a <details open> element: readable and printable without
JavaScript, collapsible on a phone, and placed in the margin by CSS on wide
screens. Note bodies go through their own Markdown instance and the sanitiser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
import markdown
from markupsafe import Markup

from ..diagnostics import WARNING, Diagnostic, split_off
from ..model import Loc, Note
from ..search import html_text
from ..text import PLAIN_URL
from .paragraphs import find_words
from .sanitize import LINK_REL, markup_text, sanitize
from .templates import Templates, safe

KIND_LABELS = {
    "context": "Context",
    "fact-check": "Fact-check",
    "translation": "Translation",
    "analysis": "Analysis",
    "correction": "Correction",
}


PLAIN_SOURCE = re.compile(rf"\[(?P<title>(?:[^\W_]|[ ,.:;'\"’‘“”()–-])+)\]\((?P<url>{PLAIN_URL})\)|(?P<bare>{PLAIN_URL})", re.I)
"""A source that is plain words linked to a plain http(s) address, or that address alone: most sources.

Markdown and the sanitiser would turn it into exactly `_plain_source_html` (a
property test holds them to it), so the build writes that directly.
"""


def _plain_source_html(match: re.Match) -> str:
    url = match["url"] or match["bare"]
    return f'<a href="{url}" rel="{LINK_REL}">{match["title"] or url}</a>'


def _autolink(source: str) -> str:
    """A bare URL in `sources` becomes a Markdown autolink."""
    return f"<{source}>" if re.fullmatch(r"https?://\S+", source) else source


@dataclass(frozen=True)
class NoteFacts:
    """What a note shows besides its text: when it last changed (ISO 8601, or "") and where to edit it (or ""),
    its number on the page and its first words (the summary line a phone shows)."""

    modified: str = ""
    edit_url: str = ""
    number: int = 0
    gist: str = ""


GIST_WORDS = 14


_BLOCK_END = re.compile(r"</(?:p|li|h\d|blockquote)>")


def gist(html: str) -> str:
    """The first words of a note's HTML as it reads, for its one-line summary."""
    words = markup_text(_BLOCK_END.sub(" ", html)).split()
    return " ".join(words[:GIST_WORDS]) + (" …" if len(words) > GIST_WORDS else "")


def page_order(notes: list[Note], paragraph_text: Callable[[int], str | None]) -> list[Note]:
    """Notes in the order a page shows and numbers them: by paragraph, then where their quote starts
    in it (notes on the whole paragraph first, quotes not found last), so the numbers run down the page."""
    def position(note: Note) -> int:
        if not note.quote:
            return -1
        text = paragraph_text(note.paragraph)
        found = find_words(text, note.quote) if text else None
        return found[0] if found else len(text or "")
    return sorted(notes, key=lambda note: (note.paragraph, position(note)))


@dataclass(frozen=True)
class RenderedNote:
    """A note's HTML (partials/note.html), made ahead of its page, and what the sanitiser removed from it."""

    html: str
    """With its quote linked to the highlight in the text."""
    body: str
    sources: tuple[str, ...]
    facts: NoteFacts
    """The body and sources (sanitised) and footer: the note is rendered again from them if its quote is not highlighted."""
    problems: tuple[Diagnostic, ...]
    text: str
    """What the search indexes: the body's and the sources' words (not the labels, dates and links around them)."""


class NoteRenderer:
    """Renders contributed Markdown safely; what the sanitiser removed becomes diagnostics.

    `extensions` are added to the notes' own Markdown instance (cross-references,
    term links); the page's Markdown never sees note text.
    """

    def __init__(self, problems: list[Diagnostic], extensions: list | None = None,
                 facts: Callable[[Note], NoteFacts] | None = None, templates: Templates | None = None):
        self.problems = problems
        self.facts = facts or (lambda note: NoteFacts())
        self.templates = templates or Templates()
        self._md = markdown.Markdown(extensions=["sane_lists", *(extensions or [])], output_format="html")

    def markdown_html(self, text: str, loc: Loc) -> str:
        self._md.reset()
        html, removed = sanitize(self._md.convert(text))
        for construct in removed:
            self.problems.append(
                Diagnostic(loc, "unsafe-html", f"removed {construct}",
                           "use Markdown and simple inline HTML only; links must be http(s), mailto or within the site",
                           severity=WARNING)
            )
        return html

    def inline_html(self, text: str, loc: Loc) -> str:
        """One line of Markdown (a source), without the paragraph around it; bare URLs become links."""
        plain = PLAIN_SOURCE.fullmatch(text.strip())
        return _plain_source_html(plain) if plain else self.markdown_inline_html(text, loc)

    def markdown_inline_html(self, text: str, loc: Loc) -> str:
        """`inline_html` the long way, through Markdown and the sanitiser."""
        html = self.markdown_html(_autolink(text.strip()), loc)
        return html.removeprefix("<p>").removesuffix("</p>") if html.count("<p>") == 1 else html

    def render_parts(self, note: Note, number: int) -> RenderedNote:
        """The note's Markdown, rendered, as note `number` of its page: the problems found are kept with it,
        for the page that shows it to report."""
        before = len(self.problems)
        body = self.markdown_html(note.body, note.loc_of("note"))
        sources = tuple(self.inline_html(s, note.loc_of("sources")) for s in note.sources)
        facts = replace(self.facts(note), number=number, gist=gist(body))
        return RenderedNote(self._note_html(note, body, sources, facts, quote_found=True), body, sources, facts,
                            split_off(self.problems, before), html_text(" ".join((body, *sources))))

    def _note_html(self, note: Note, body: str, sources: tuple[str, ...], facts: NoteFacts, *, quote_found: bool) -> str:
        return self.templates.render("partials/note.html", note=note, label=KIND_LABELS.get(note.kind, note.kind),
                                     body=safe(body), sources=tuple(map(safe, sources)), modified=facts.modified,
                                     edit_url=facts.edit_url, number=facts.number, gist=facts.gist, quote_found=quote_found)

    def _placed(self, notes: list[tuple[Note, RenderedNote]], found: set[str]) -> list[tuple[Note, Markup]]:
        """Each note's HTML; a quote that is not highlighted (a problem, reported) is not linked."""
        return [(note, safe(parts.html if not note.quote or note.key in found else
                            self._note_html(note, parts.body, parts.sources, parts.facts, quote_found=False)))
                for note, parts in notes]

    def render_group(self, notes: list[tuple[Note, RenderedNote]], number: int, found: set[str]) -> str:
        """The notes beside paragraph `number` (partials/notes.html); `found` holds the keys of notes whose quote is marked."""
        return self.templates.render("partials/notes.html", notes=self._placed(notes, found), number=number)

    def render_unplaced(self, notes: list[tuple[Note, RenderedNote]]) -> str:
        """Notes on paragraphs the page does not have, at its end (partials/unplaced-notes.html)."""
        return self.templates.render("partials/unplaced-notes.html", unplaced=self._placed(notes, set()))
