"""What every importer produces, and how it becomes a canonical editorial page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..text import checksum, escape_markdown, normalize_space, slugify


_JOINERS = {"quote": " ", "list": "\n"}
"""Block kinds that Markdown merges when two follow each other, and how their texts join."""


def merge_adjacent(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two block quotes (or two lists) in a row are one block on the page, so they are one here too.

    Markdown reads `> a` and `> b` separated by a blank line as a single quote;
    merging first keeps the page's paragraph numbers equal to the source's.
    """
    merged: list[tuple[str, str]] = []
    for kind, text in blocks:
        if merged and kind in _JOINERS and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + _JOINERS[kind] + text)
        else:
            merged.append((kind, text))
    return merged


@dataclass(frozen=True)
class Finding:
    """One line of an import's report: a block left out ('dropped') or kept despite doubt ('kept'), and why.

    Importers return these as values; the command prints them. Nothing an
    importer leaves out goes unreported.
    """

    action: str
    reason: str
    text: str


@dataclass
class SourceEditorial:
    """An editorial as extracted from a source, before it becomes a page.

    `blocks` are (kind, text) pairs in reading order; kind is one of
    paragraph, heading, quote, list. A list's items are separated by newlines.
    """

    title: str
    blocks: list[tuple[str, str]]
    date: str = ""
    source: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    source_url: str = ""
    byline: str = ""
    imported_from: str = ""
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.blocks = merge_adjacent(self.blocks)

    @property
    def slug(self) -> str:
        words = slugify(self.title) or checksum([self.title])[7:15]
        return f"{self.date[:10]}-{words}" if self.date else words

    @property
    def paragraph_texts(self) -> list[str]:
        """The numbered blocks' texts: what the built page's ¶1..¶N must show."""
        return [text for kind, text in self.blocks if kind != "heading"]


_UNESCAPED_TRAILING_HASH = re.compile(r"(?<!\\)((?:\\\\)*)#$")


def _block_markdown(kind: str, text: str) -> str:
    if kind == "heading":
        # An unescaped trailing '#' would be read as the heading's closing sequence and dropped.
        return "## " + _UNESCAPED_TRAILING_HASH.sub(r"\1\\#", escape_markdown(normalize_space(text)))
    if kind == "quote":
        return "> " + escape_markdown(normalize_space(text))
    if kind == "list":
        return "\n".join("- " + escape_markdown(normalize_space(item)) for item in text.split("\n") if item.strip())
    return escape_markdown(normalize_space(text))


def render_page(editorial: SourceEditorial) -> str:
    """The canonical Markdown page: front matter, then one block per paragraph."""
    meta = {
        "title": editorial.title,
        "date": editorial.date or None,
        "source": editorial.source or None,
        "section": editorial.section or None,
        "byline": editorial.byline or None,
        "tags": list(dict.fromkeys(t for t in editorial.tags if t)) or None,
        "source_url": editorial.source_url or None,
        "imported_from": editorial.imported_from or None,
        "checksum": checksum(editorial.paragraph_texts),
    }
    front = yaml.safe_dump(
        {k: v for k, v in meta.items() if v is not None}, allow_unicode=True, sort_keys=False, width=1000
    )
    body = "\n\n".join(_block_markdown(kind, text) for kind, text in editorial.blocks)
    return f"---\n{front}---\n\n{body}\n"
