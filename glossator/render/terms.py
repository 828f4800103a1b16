"""Glossary terms in running text become links to their page, with the summary as tooltip.

The link wraps exactly the words of the text, so the page reads and copies
the same; Material's `content.tooltips` shows the `title` on hover and focus.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..index.terms import Match, TermMatcher
from ..model import Term
from .tree import SKIPPED_TAGS, text_runs, wrap

LINK_MODES = ("paragraph", "page", "every")


class TermLinker:
    """Links terms inside an element; `href` gives the URL of a term's page from the current page."""

    def __init__(self, matcher: TermMatcher, href: Callable[[Term], str]):
        self.matcher = matcher
        self.href = href
        self.scanned: list[tuple[str, tuple]] | None = None
        """While a list: each text scanned and its `signature`, for a cache to tell whether another glossary links it alike."""

    def signature(self, text: str) -> tuple:
        """Everything of the glossary that the links made in `text` depend on: where each match is, its term and summary."""
        return _signature(self.matcher.find(text))

    def link(self, element: etree.Element, seen: set[str] | None, exclude: str = "") -> int:
        """Link the terms in `element`; with `seen`, each term at most once across calls sharing it."""
        count = 0
        for node, attr, parent in list(text_runs(element, SKIPPED_TAGS)):
            chosen = []
            found = self.matcher.find(getattr(node, attr))
            if self.scanned is not None:
                self.scanned.append((getattr(node, attr), _signature(found)))
            for match in found:
                slug = match.term.slug
                if slug == exclude or (seen is not None and slug in seen):
                    continue
                if seen is not None:
                    seen.add(slug)
                chosen.append(match)
            for match in reversed(chosen):
                link = etree.Element("a", {"class": "gl-term", "href": self.href(match.term), "title": match.term.summary})
                wrap(node, attr, parent, match.start, match.end, link)
            count += len(chosen)
        return count


def _signature(matches: list[Match]) -> tuple:
    return tuple((m.start, m.end, m.term.slug, m.term.summary) for m in matches)


class _NoteTermsTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, linker: TermLinker, mode: str, exclude: Callable[[], str]):
        super().__init__(md)
        self.linker, self.mode, self.exclude = linker, mode, exclude

    def run(self, root: etree.Element) -> None:
        self.linker.link(root, None if self.mode == "every" else set(), self.exclude())


class TermLinkExtension(Extension):
    """Links terms in a whole document (a note, a term's definition): the first occurrence of each,
    or every one in 'every' mode; never the term whose page it is (`exclude`)."""

    def __init__(self, linker: TermLinker, mode: str = "paragraph", exclude: Callable[[], str] = str):
        super().__init__()
        self.linker, self.mode, self.exclude = linker, mode, exclude

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_NoteTermsTreeprocessor(md, self.linker, self.mode, self.exclude), "glossator-terms", -5)
