"""A Markdown extension that numbers an editorial's blocks, sets notes beside them and links terms.

It runs as the last treeprocessor, after inline processing and unescaping, so
it sees the text exactly as the reader will. What it does per page comes from
a `PagePlan` supplied by the caller; pages without a plan are left alone.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..model import Note
from ..text import normalize_space
from .terms import TermLinker
from .tree import text_runs, wrap

NUMBERED_TAGS = {"p", "blockquote", "ul", "ol", "dl", "table", "pre"}


@dataclass
class PagePlan:
    """What to do with one editorial page, and what was done (for the build's invariants).

    Blocks are numbered, quotes marked, terms linked, and `aside` renders what
    goes beside paragraph n (its notes, the references to it).
    """

    notes_by_paragraph: dict[int, list[Note]]
    aside: Callable[[int, list[Note], set[str]], str]
    linker: TermLinker | None = None
    link_mode: str = "paragraph"
    numbers: dict[str, int] = field(default_factory=dict)
    """Each note's number on the page, by key: its quote's highlight shows it (as `data-n`)."""
    numbered: int = 0
    placed_notes: list[Note] = field(default_factory=list)
    unfound_quotes: list[Note] = field(default_factory=list)

    def link_terms(self, block: etree.Element, page_seen: set[str]) -> None:
        if self.linker is not None:
            self.linker.link(block, {"every": None, "page": page_seen}.get(self.link_mode, set()))


_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03(?!#?\\w+;)")
"""A stash placeholder, unless the text after it would make a put-back & read as an entity (`&#106;`)."""
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def resolve_entities(block: etree.Element, stash: list) -> None:
    """Put back the characters that Markdown stashed as entities (`&amp;` for &, `&lt;` for <).

    The text then reads as published, so quotes and terms containing them are
    found; serialising escapes the characters again, so the HTML is unchanged.
    """
    def character(match: re.Match) -> str:
        stashed = stash[int(match.group(1))]
        return html.unescape(stashed) if isinstance(stashed, str) and _ENTITY.fullmatch(stashed) else match.group(0)

    for node, attr, _ in list(text_runs(block)):
        value = getattr(node, attr)
        if "\x02" in value:
            setattr(node, attr, _STASHED.sub(character, value))


_IRREGULAR_SPACE = re.compile(r"[^\S ]| {2}")


def find_words(text: str, quote: str) -> tuple[int, int] | None:
    """Where the words of `quote` first occur in `text`, any run of whitespace matching any other.

    Where the text's only whitespace is single spaces (almost always: it is
    normalised), that is a plain substring search; a pattern is compiled only
    for the rest, not once per note.
    """
    words = normalize_space(quote)
    if not _IRREGULAR_SPACE.search(text):
        start = text.find(words)
        return (start, start + len(words)) if start >= 0 else None
    match = re.search(r"\s+".join(map(re.escape, words.split(" "))), text)
    return match.span() if match else None


def mark_quote(block: etree.Element, quote: str, note: Note, number: int = 0) -> bool:
    """Wrap the first occurrence of `quote` in <mark>, linked to the note. False if absent.

    The quote may span several runs of text (inline markup, an earlier mark):
    each run gets its own <mark>, only the first carries the id and link, and
    the last the note's `number` (shown after the quote by CSS, so the text copies as published).
    """
    runs = list(text_runs(block))
    text = "".join(getattr(node, attr) for node, attr, _ in runs)
    match = find_words(text, quote)
    if not match:
        return False
    parents = {child: node for node in block.iter() for child in node}
    pieces, offset = [], 0
    for node, attr, parent in runs:
        length = len(getattr(node, attr))
        start, end = max(match[0] - offset, 0), min(match[1] - offset, length)
        if start < end:
            pieces.append((node, attr, parent, start, end))
        offset += length
    for position, (node, attr, parent, start, end) in reversed(list(enumerate(pieces))):
        mark = etree.Element("mark", {"class": "gl-quote"})
        if position == len(pieces) - 1 and number:
            mark.set("data-n", str(number))
        inner = None
        if position == 0:
            mark.set("id", note.quote_anchor)
            if not _inside_link(node if attr == "text" else parent, block, parents):
                inner = etree.SubElement(mark, "a", {"href": f"#{note.anchor}", "class": "gl-quote__link"})
        wrap(node, attr, parent, start, end, mark, inner)
    return True


def _inside_link(node, root, parents) -> bool:
    while node is not None and node is not root:
        if node.tag == "a":
            return True
        node = parents.get(node)
    return False


class EditorialTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, current_plan: Callable[[], PagePlan | None]):
        super().__init__(md)
        self.current_plan = current_plan

    def run(self, root: etree.Element) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        page_seen: set[str] = set()
        number = 0
        for index, block in enumerate(list(root)):
            if block.tag not in NUMBERED_TAGS:
                continue
            number += 1
            resolve_entities(block, self.md.htmlStash.rawHtmlBlocks)
            notes = plan.notes_by_paragraph.get(number, [])
            found = {n.key for n in notes if n.quote and mark_quote(block, n.quote, n, plan.numbers.get(n.key, 0))}
            plan.unfound_quotes.extend(n for n in notes if n.quote and n.key not in found)
            plan.link_terms(block, page_seen)
            block.set("id", f"p{number}")
            wrapper = etree.Element("div", {"class": "gl-para" + (" gl-para--noted" if notes else ""), "data-p": str(number)})
            pilcrow = etree.SubElement(wrapper, "a", {"class": "gl-pilcrow", "href": f"#p{number}", "aria-label": f"¶{number}: link and citation"})
            pilcrow.text = f"¶{number}"
            root.remove(block)
            wrapper.append(block)
            aside = plan.aside(number, notes, found)
            if aside:
                # A stash placeholder in the tail is replaced by the aside's HTML after serialisation.
                block.tail = self.md.htmlStash.store(aside)
            if notes:
                block.set("aria-details", f"notes-p{number}")
            plan.placed_notes.extend(notes)
            wrapper.tail = "\n"
            root.insert(index, wrapper)
        plan.numbered = number


class EditorialExtension(Extension):
    """Register with `current_plan`, a callable giving the plan of the page being converted."""

    def __init__(self, current_plan: Callable[[], PagePlan | None]):
        super().__init__()
        self.current_plan = current_plan

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(EditorialTreeprocessor(md, self.current_plan), "glossator-editorial", -10)
