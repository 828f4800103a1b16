"""`[[slug]]`, `[[slug#p5]]` and `[[glossary:term]]` in Markdown become links.

Problems with references are found and reported (with path:line) when the
corpus is checked; here an unresolvable reference is simply left as text.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from ..index.references import REFERENCE, parse_target
from ..model import Corpus
from .editorial import display_date


def paragraph_label(corpus: Corpus, slug: str, number: int) -> str:
    """'Global Times, 7 Nov 2025, ¶5': how a paragraph is cited."""
    editorial = corpus.editorials[slug]
    parts = [editorial.source or editorial.title, display_date(editorial.date) if editorial.date else ""]
    return ", ".join(p for p in parts if p) + f", ¶{number}"


class XrefResolver:
    """(href, label) of a reference from the current page, or None.

    `href(src_uri, anchor)` makes the link, relative to the page being rendered.
    """

    def __init__(self, corpus: Corpus, href: Callable[[str, str], str], editorials_dir: str, glossary_dir: str):
        self.corpus, self.href = corpus, href
        self.editorials_dir, self.glossary_dir = editorials_dir, glossary_dir

    def __call__(self, target: str, label: str) -> tuple[str, str] | None:
        parsed = parse_target(target)
        if parsed is None:
            return None
        kind, slug, number = parsed
        if kind == "term":
            term = self.corpus.terms.get(slug)
            return (self.href(f"{self.glossary_dir}/{slug}.md", ""), label or term.term) if term else None
        editorial = self.corpus.editorials.get(slug)
        if editorial is None or (number is not None and editorial.paragraph(number) is None):
            return None
        href = self.href(f"{self.editorials_dir}/{slug}.md", f"p{number}" if number else "")
        return href, label or (paragraph_label(self.corpus, slug, number) if number else editorial.title)


class _XrefInlineProcessor(InlineProcessor):
    def __init__(self, resolve: XrefResolver):
        super().__init__(REFERENCE.pattern)
        self.resolve = resolve

    def handleMatch(self, m, data):
        resolved = self.resolve(m.group(1), (m.group(2) or "").strip())
        if resolved is None:
            return None, None, None
        link = etree.Element("a", {"class": "gl-xref", "href": resolved[0]})
        link.text = AtomicString(resolved[1])
        return link, m.start(0), m.end(0)


class XrefExtension(Extension):
    def __init__(self, resolve: XrefResolver):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: Markdown) -> None:
        # Before Markdown's own links (160), which would read [[x]] as a reference link.
        md.inlinePatterns.register(_XrefInlineProcessor(self.resolve), "glossator-xref", 175)
