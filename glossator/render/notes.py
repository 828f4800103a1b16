"""Notes -> HTML beside their paragraph.

Each note is a <details open> element: readable and printable without
JavaScript, collapsible on a phone, and placed in the margin by CSS on wide
screens. Note bodies go through their own Markdown instance and the sanitiser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import markdown

from ..diagnostics import WARNING, Diagnostic, split_off
from ..model import Loc, Note
from ..search import html_text
from ..text import PLAIN_URL
from .sanitize import LINK_REL, sanitize

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
class RenderedNote:
    """The costly part of a note's HTML (its Markdown, sanitised), and what the sanitiser removed from it."""

    body: str
    sources: tuple[str, ...]
    footer: str
    problems: tuple[Diagnostic, ...]
    text: str
    """What the search indexes: the body's and the sources' words (not the labels, dates and links around them)."""


class NoteRenderer:
    """Renders contributed Markdown safely; what the sanitiser removed becomes diagnostics.

    `extensions` are added to the notes' own Markdown instance (cross-references,
    term links); the page's Markdown never sees note text.
    """

    def __init__(self, problems: list[Diagnostic], extensions: list | None = None,
                 footer: Callable[[Note], str] | None = None):
        self.problems = problems
        self.footer = footer
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

    def render_parts(self, note: Note) -> RenderedNote:
        """The note's Markdown, rendered: the problems found are kept with it, for the page that shows it to report."""
        before = len(self.problems)
        body = self.markdown_html(note.body, note.loc_of("note"))
        sources = tuple(self.inline_html(s, note.loc_of("sources")) for s in note.sources)
        footer = self.footer(note) if self.footer else ""
        return RenderedNote(body, sources, footer, split_off(self.problems, before), html_text(" ".join((body, *sources))))

    def render(self, note: Note, parts: RenderedNote, *, quote_found: bool) -> str:
        label = KIND_LABELS.get(note.kind, note.kind)
        html = [
            f'<details class="gl-note gl-note--{escape(note.kind)}" id="{escape(note.anchor)}" '
            f'data-note-id="{escape(note.site_id)}" open>',
            f'<summary><span class="gl-note__kind">{escape(label)}</span>'
            + (f' <span class="gl-note__by">by {escape(note.by)}</span>' if note.by else "")
            + "</summary>",
        ]
        if note.quote:
            quote = escape(note.quote)
            target = f'<a href="#{escape(note.quote_anchor)}">{quote}</a>' if quote_found else quote
            html.append(f'<p class="gl-note__quote">“{target}”</p>')
        html.append(f'<div class="gl-note__body">{parts.body}</div>')
        if parts.sources:
            items = "".join(f"<li>{source}</li>" for source in parts.sources)
            html.append(f'<div class="gl-note__sources"><span>Sources</span><ul>{items}</ul></div>')
        html.append(parts.footer)
        html.append("</details>")
        return "".join(html)

    def render_group(self, notes: list[tuple[Note, RenderedNote]], number: int, found: set[str]) -> str:
        inner = "".join(self.render(note, parts, quote_found=note.key in found) for note, parts in notes)
        return f'<aside class="gl-notes" id="notes-p{number}" aria-label="Notes on paragraph {number}">{inner}</aside>'
