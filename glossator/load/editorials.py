"""Editorial pages (docs/editorials/<slug>.md) -> Editorial.

Pages are written by the importer in a canonical shape: front matter, then
blocks separated by blank lines. This reader follows that shape so `check`
knows every paragraph without building the site; the build verifies that it
numbered exactly as many paragraphs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Block, Editorial, Loc
from ..text import normalize_space, unescape_markdown
from .source import read_text
from .yamlnodes import YamlMap, parse_yaml

_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)(?:---|\.\.\.)\n", re.S)
_HEADING = re.compile(r"^#{1,6}\s+")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_ATTR_LIST = re.compile(r"\s+\{:?[^}]*\}\s*$")
"""An attribute list after a heading, as the attr_list extension reads it (a space before the brace)."""
MAX_PAGE_BYTES = 2 * 1024 * 1024


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line number where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text, 1
    return match.group(1), text[match.end():], match.group(0).count("\n") + 1


def parse_blocks(body: str, path: str, first_line: int = 1) -> list[Block]:
    """Blocks of a canonical editorial body, numbered as the build numbers them."""
    blocks: list[Block] = []
    number = 0
    lines = body.split("\n")
    start = None
    for i, line in enumerate(lines + [""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            chunk = lines[start:i]
            kind, text = _classify(chunk)
            if kind != "heading":
                number += 1
            blocks.append(Block(kind, text, None if kind == "heading" else number, Loc(path, first_line + start)))
            start = None
    return blocks


def _classify(chunk: list[str]) -> tuple[str, str]:
    first = chunk[0]
    if _HEADING.match(first):
        return "heading", normalize_space(unescape_markdown(_ATTR_LIST.sub("", _HEADING.sub("", first))))
    if first.startswith(">"):
        inner = [re.sub(r"^>\s?", "", line) for line in chunk]
        return "quote", normalize_space(" ".join(unescape_markdown(line) for line in inner))
    if _LIST_ITEM.match(first):
        items = [_LIST_ITEM.sub("", line) for line in chunk]
        return "list", "\n".join(normalize_space(unescape_markdown(item)) for item in items)
    return "paragraph", normalize_space(" ".join(unescape_markdown(line) for line in chunk))


def _text_field(meta: YamlMap, key: str) -> str:
    value = meta.get(key, "")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(value)


def load_editorial(path: Path, shown: str, problems: list[Diagnostic]) -> Editorial | None:
    text = read_text(path, shown, problems, limit=MAX_PAGE_BYTES)
    if text is None:
        return None
    front, body, body_line = split_front_matter(text)
    meta = parse_yaml(front, shown, problems, first_line=2) if front else None
    if not isinstance(meta, YamlMap):
        meta = YamlMap()
        meta.line, meta.key_lines, meta.value_lines = 1, {}, {}
    tags = meta.get("tags") or []
    return Editorial(
        slug=path.stem,
        title=_text_field(meta, "title") or path.stem,
        loc=Loc(shown, 1),
        date=_text_field(meta, "date"),
        source=_text_field(meta, "source"),
        section=_text_field(meta, "section"),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [str(tags)],
        source_url=_text_field(meta, "source_url"),
        byline=_text_field(meta, "byline"),
        blocks=parse_blocks(body, shown, body_line),
    )
