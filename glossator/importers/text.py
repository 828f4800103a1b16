"""Plain text as people paste it from an article page: header, date line, topic lines, paragraphs, furniture.

The header is the first block, or everything up to a date line and the topic
lines after it: a section label, the headline (the first real line, not
navigation), a date line in any of the shapes `dates.py` reads (with
'Source: …' naming the outlet), a byline, and topic lines (kept as tags). Paragraphs are separated by blank
lines. Captions, credits, image file names, navigation, copyright lines and
share prompts are dropped wherever they stand, each reported with its reason.
A source that ends mid-sentence is refused unless the caller accepts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import normalize_space
from .base import Finding, SourceEditorial
from .dates import date_line, find_date
from .furniture import SENTENCE_END, furniture_kind, word_count

_OUTLET_SUFFIX = re.compile(r":\s*([^:]+?)\s+editorial\s*$", re.I)
_SOURCE = re.compile(r"^\s*(?:Source|来源)\s*[:：]\s*(.+?)\s*(?=(?:Published|Updated|Posted|Date|发布时间|时间)\s*[:：]|$)", re.I)
_BYLINE = re.compile(r"^(?:By|Written by|作者[:：]|记者)\s*(.{2,80})$", re.I)
_SENTENCE_PUNCTUATION = re.compile(r"[。！？；，：、]|[.!?;:,\"”’)]$")
_HEADER_BLOCKS = 6
"""How far into the text a date line still belongs to the header."""

OUTLET_UTC_OFFSETS = {"Global Times": "+08:00", "China Daily": "+08:00", "People's Daily": "+08:00", "Xinhua": "+08:00"}
"""Outlets whose date lines are local times at a known offset (Beijing time) when they state none."""


class TruncatedSource(ValueError):
    """The source stops mid-sentence: a cut-off copy, refused unless the caller accepts it."""


@dataclass(frozen=True)
class _Line:
    """A non-blank line and its number in the source, so that the report can follow the source's order."""

    number: int
    text: str


def _blocks(text: str) -> list[list[_Line]]:
    """Runs of non-blank lines."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n") + [""]):
        if line.strip():
            current.append(_Line(number, normalize_space(line)))
        elif current:
            blocks.append(current)
            current = []
    return blocks


def _joined(lines: list[_Line]) -> str:
    return " ".join(line.text for line in lines)


def is_topic_line(line: str) -> bool:
    """A topic label: short, no sentence punctuation, in any script ('China US', '中美关系'). A sentence is never one."""
    return word_count(line) <= 6 and not _SENTENCE_PUNCTUATION.search(line)


def _is_menu_item(line: _Line) -> bool:
    return word_count(line.text) <= 3 and not _SENTENCE_PUNCTUATION.search(line.text) and not date_line(line.text)


class _Report:
    """Findings with the source line each starts on; listed in the source's order."""

    def __init__(self) -> None:
        self.placed: list[tuple[int, Finding]] = []

    def add(self, line: _Line, action: str, reason: str, text: str = "") -> None:
        self.placed.append((line.number, Finding(action, reason, text or line.text)))

    def findings(self) -> list[Finding]:
        return [finding for _, finding in sorted(self.placed, key=lambda pair: pair[0])]


def _without_furniture(lines: list[_Line], report: _Report) -> list[_Line]:
    """The lines less furniture: runs of three or more menu items, and lines that are captions, credits,
    copyright, share prompts... (`furniture.py`), each reported with its reason."""
    kept: list[_Line] = []
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and _is_menu_item(line):
            run.append(line)
            continue
        if len(run) >= 3:
            report.add(run[0], "dropped", "navigation", " · ".join(item.text for item in run))
        else:
            kept += [item for item in run if not _dropped_as_furniture(item, report)]
        run = []
        if line is not None and not _dropped_as_furniture(line, report):
            kept.append(line)
    return kept


def _dropped_as_furniture(line: _Line, report: _Report) -> bool:
    reason = furniture_kind(line.text)
    if reason:
        report.add(line, "dropped", reason)
    return bool(reason)


def parse_text(text: str, *, accept_truncated: bool = False) -> SourceEditorial:
    """The editorial in pasted text; raises TruncatedSource for a copy cut off mid-sentence, unless accepted."""
    report = _Report()
    blocks = [kept for kept in (_block_text(block, report) for block in _blocks(text)) if kept]
    header, body = _split_header(blocks)
    editorial = _read_header(header, report)
    if not editorial.date and body:
        found = find_date(_joined(body[0])[:40], OUTLET_UTC_OFFSETS.get(editorial.source, ""))
        if found and found.start == 0:  # a dateline opening the first paragraph: "May 10, 2020 (EIRNS)--"
            editorial.date = found.iso
    editorial.blocks += [("paragraph", _joined(block)) for block in body]
    if body and not SENTENCE_END.search(_joined(body[-1])):
        last_words = " ".join(_joined(body[-1]).split()[-8:])[-80:]
        message = f"the source ends mid-sentence (…{last_words}): it looks cut off"
        if not accept_truncated:
            raise TruncatedSource(message)
        report.add(body[-1][-1], "warning", "truncated", message)
    editorial.findings = report.findings()
    return editorial


def _block_text(block: list[_Line], report: _Report) -> list[_Line]:
    """A block less its furniture: a block that is one piece of furniture goes whole, else line by line."""
    reason = furniture_kind(_joined(block))
    if reason:
        report.add(block[0], "dropped", reason, _joined(block))
        return []
    return _without_furniture(block, report)


def _split_header(blocks: list[list[_Line]]) -> tuple[list[_Line], list[list[_Line]]]:
    """Header lines and body blocks.

    The header is the first block, or, when a date line comes in the first few
    blocks, every block up to it and the topic and byline blocks right after
    it. A pasted header keeps one item per line, often without blank lines
    between them, so it is read line by line; the body block by block.
    """
    dated = next((i for i, block in enumerate(blocks[:_HEADER_BLOCKS]) if any(date_line(line.text) for line in block)), None)
    end = 1 if dated is None else dated + 1
    if dated is not None:
        while end < len(blocks) and all(is_topic_line(line.text) or _BYLINE.match(line.text) for line in blocks[end]):
            end += 1
    return [line for block in blocks[:end] for line in block], blocks[end:]


def _read_header(lines: list[_Line], report: _Report) -> SourceEditorial:
    """Headline, section, outlet, date, byline and topics from the header's lines."""
    editorial = SourceEditorial(title="", blocks=[])
    dated = next((i for i, line in enumerate(lines) if date_line(line.text)), None)
    before = lines if dated is None else lines[:dated]
    after = [] if dated is None else lines[dated + 1 :]
    labels = [line for line in before if not _byline(line, editorial, report)]
    if dated is None and len(labels) > 1:  # no date line: the headline is the first line, the rest are topics
        labels, after = labels[:1], labels[1:]
    editorial.title = labels[-1].text if labels else ""
    if len(labels) > 1:
        section = labels[0].text
        editorial.section = section.title() if section.isupper() else section
        for line in labels[1:-1]:
            report.add(line, "dropped", "header line")
    outlet = _OUTLET_SUFFIX.search(editorial.title)
    source = _SOURCE.match(lines[dated].text) if dated is not None else None
    editorial.source = source.group(1) if source else outlet.group(1) if outlet else ""
    if dated is not None:
        editorial.date = date_line(lines[dated].text, OUTLET_UTC_OFFSETS.get(editorial.source, ""))
        report.add(lines[dated], "dropped", "date line")
    for line in after:
        if _byline(line, editorial, report):
            continue
        if line.text in editorial.tags:
            report.add(line, "dropped", "repeated topic line")
        elif is_topic_line(line.text):
            editorial.tags.append(line.text)
        else:
            report.add(line, "kept", "unsure: a header line that is neither a topic nor a date")
            editorial.blocks.append(("paragraph", line.text))
    return editorial


def _byline(line: _Line, editorial: SourceEditorial, report: _Report) -> bool:
    """A 'By …' line: the first is recorded as the byline; none is a headline or a tag."""
    match = _BYLINE.match(line.text)
    if match:
        editorial.byline = editorial.byline or match.group(1)
        report.add(line, "dropped", "byline")
    return match is not None
