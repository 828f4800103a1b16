"""Plain text as published: label, headline, 'Published:' line, topic lines, paragraphs.

The seed editorial is the model. A file without a 'Published:' line is read
as a headline followed by paragraphs.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..text import normalize_space
from .base import SourceEditorial

_PUBLISHED = re.compile(r"^\s*Published:\s*(.+?)\s*$", re.I)
_OUTLET_SUFFIX = re.compile(r":\s*([^:]+?)\s+editorial\s*$", re.I)
_DATE_FORMATS = ("%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%b %d, %Y", "%B %d, %Y", "%Y-%m-%d %H:%M", "%Y-%m-%d")

OUTLET_UTC_OFFSETS = {"Global Times": "+08:00"}
"""Outlets whose 'Published:' times are local times at a known offset (Beijing time)."""


def _parse_date(text: str, outlet: str) -> str:
    for fmt in _DATE_FORMATS:
        try:
            moment = datetime.strptime(normalize_space(text), fmt)
        except ValueError:
            continue
        if "%H" not in fmt and "%I" not in fmt:
            return moment.date().isoformat()
        return moment.isoformat() + OUTLET_UTC_OFFSETS.get(outlet, "")
    return ""


def _is_topic_line(line: str) -> bool:
    """Topic labels are a few words with no sentence punctuation ('China US')."""
    return len(line.split()) <= 6 and not re.search(r"[.!?,;:”\"’)]$", line)


def _paragraphs(lines: list[str]) -> list[str]:
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(normalize_space(" ".join(current)))
            current = []
    return blocks


def parse_text(text: str) -> SourceEditorial:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    head = [i for i, line in enumerate(lines[:40]) if _PUBLISHED.match(line)]
    if not head:
        blocks = _paragraphs(lines)
        return SourceEditorial(title=blocks[0] if blocks else "", blocks=[("paragraph", b) for b in blocks[1:]])

    published = head[0]
    labels = [normalize_space(line) for line in lines[:published] if line.strip()]
    headline = labels[-1] if labels else ""
    section = labels[0] if len(labels) > 1 else ""
    outlet_match = _OUTLET_SUFFIX.search(headline)
    outlet = outlet_match.group(1) if outlet_match else ""
    date = _parse_date(_PUBLISHED.match(lines[published]).group(1), outlet)

    body = _paragraphs(lines[published + 1 :])
    tags = []
    while body and _is_topic_line(body[0]):
        tags.append(body.pop(0))
    return SourceEditorial(
        title=headline,
        blocks=[("paragraph", b) for b in body],
        date=date,
        source=outlet,
        section=section.title() if section.isupper() else section,
        tags=list(dict.fromkeys(tags)),
    )
