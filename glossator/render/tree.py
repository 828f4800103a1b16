"""Editing the text of an ElementTree block in place without changing what it reads.

Both quote highlighting and term linking wrap a run of existing text in a new
element; these helpers do that for text that may be split across children.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterator

SKIPPED_TAGS = frozenset({"a", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "abbr"})
"""Text inside these is never linked: links, code, headings."""


def text_runs(element: etree.Element, skip: frozenset[str] = frozenset()) -> Iterator[tuple[etree.Element, str, etree.Element | None]]:
    """(node, 'text' or 'tail', parent) for every non-empty run of text, in reading order.

    Text inside a child whose tag is in `skip` is not yielded (its tail is).
    """
    def walk(node: etree.Element, parent: etree.Element | None):
        if node.tag not in skip or parent is None:
            yield node, "text", parent
            for child in list(node):
                yield from walk(child, node)
                yield child, "tail", node
    for node, attr, parent in walk(element, None):
        if getattr(node, attr):
            yield node, attr, parent


def wrap(node: etree.Element, attr: str, parent: etree.Element | None, start: int, end: int,
         outer: etree.Element, inner: etree.Element | None = None) -> None:
    """Move characters [start, end) of node.text (or node.tail) into `inner` (or `outer`), in place.

    `outer` takes the characters' place in the tree. Several ranges of one run
    must be wrapped right to left, so earlier offsets stay valid.
    """
    value = getattr(node, attr)
    (outer if inner is None else inner).text = value[start:end]
    outer.tail = value[end:]
    setattr(node, attr, value[:start])
    if attr == "text":
        node.insert(0, outer)
    else:
        parent.insert(list(parent).index(node) + 1, outer)
