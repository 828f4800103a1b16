"""A Markdown extension that numbers an editorial's blocks and sets notes beside them.

It runs as the last treeprocessor, after inline processing and unescaping, so
it sees the text exactly as the reader will. What it does per page comes from
a `PagePlan` supplied by the caller; pages without a plan are left alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..model import Note
from ..text import normalize_space

NUMBERED_TAGS = {"p", "blockquote", "ul", "ol", "dl", "table", "pre"}


@dataclass
class PagePlan:
    """What to do with one editorial page, and what was done (for the build's invariants)."""

    notes_by_paragraph: dict[int, list[Note]]
    render_notes: Callable[[list[Note], int, set[str]], str]
    numbered: int = 0
    placed_notes: list[Note] = field(default_factory=list)
    unfound_quotes: list[Note] = field(default_factory=list)


def _segments(element: etree.Element):
    """(node, attribute, parent) for every text run inside `element`, in reading order."""
    def walk(node, parent):
        yield node, "text", parent
        for child in node:
            yield from walk(child, node)
            yield child, "tail", node
    for node, attr, parent in walk(element, None):
        if getattr(node, attr):
            yield node, attr, parent


def _inside_link(node, root, parents) -> bool:
    while node is not None and node is not root:
        if node.tag == "a":
            return True
        node = parents.get(node)
    return False


def mark_quote(block: etree.Element, quote: str, note: Note) -> bool:
    """Wrap the first occurrence of `quote` in <mark>, linked to the note. False if absent."""
    segments = list(_segments(block))
    text = "".join(getattr(node, attr) for node, attr, _ in segments)
    pattern = r"\s+".join(re.escape(word) for word in normalize_space(quote).split(" "))
    match = re.search(pattern, text)
    if not match:
        return False
    parents = {child: node for node in block.iter() for child in node}
    start, end, offset, pieces = match.start(), match.end(), 0, []
    for node, attr, parent in segments:
        value = getattr(node, attr)
        a, b = max(start - offset, 0), min(end - offset, len(value))
        if a < b:
            pieces.append((node, attr, parent, a, b))
        offset += len(value)
    for position, (node, attr, parent, a, b) in reversed(list(enumerate(pieces))):
        value = getattr(node, attr)
        mark = etree.Element("mark", {"class": "gl-quote"})
        holder = node if attr == "text" else parent
        if position == 0:
            mark.set("id", note.quote_anchor)
        if position == 0 and not _inside_link(holder, block, parents):
            link = etree.SubElement(mark, "a", {"href": f"#{note.anchor}", "class": "gl-quote__link"})
            link.text = value[a:b]
        else:
            mark.text = value[a:b]
        mark.tail = value[b:]
        setattr(node, attr, value[:a])
        if attr == "text":
            node.insert(0, mark)
        else:
            parent.insert(list(parent).index(node) + 1, mark)
    return True


class EditorialTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, current_plan: Callable[[], PagePlan | None]):
        super().__init__(md)
        self.current_plan = current_plan

    def run(self, root: etree.Element) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        number = 0
        for index, block in enumerate(list(root)):
            if block.tag not in NUMBERED_TAGS:
                continue
            number += 1
            notes = plan.notes_by_paragraph.get(number, [])
            found = {n.key for n in notes if n.quote and mark_quote(block, n.quote, n)}
            plan.unfound_quotes.extend(n for n in notes if n.quote and n.key not in found)
            block.set("id", f"p{number}")
            wrapper = etree.Element("div", {"class": "gl-para" + (" gl-para--noted" if notes else ""), "data-p": str(number)})
            pilcrow = etree.SubElement(wrapper, "a", {"class": "gl-pilcrow", "href": f"#p{number}", "title": f"Link to paragraph {number}"})
            pilcrow.text = f"¶{number}"
            root.remove(block)
            wrapper.append(block)
            if notes:
                # A stash placeholder in the tail is replaced by the notes' HTML after serialisation.
                block.tail = self.md.htmlStash.store(plan.render_notes(notes, number, found))
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
