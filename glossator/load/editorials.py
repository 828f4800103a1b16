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

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n((?:.*?\n)??)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^#{1,6}\s+")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_ATTR_LIST = re.compile(r"\s+\{:?[^}]*\}\s*$")
"""An attribute list after a heading, as the attr_list extension reads it (a space before the brace)."""
MAX_PAGE_BYTES = 2 * 1024 * 1024


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, or None when there is none; body; line number where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group(1), text[match.end():], match.group(0).count("\n") + 1


def page_body(text: str) -> str:
    """The body of a page as `check` reads it, for the build to render the same blocks.

    MkDocs keeps front matter it cannot read as a mapping (invalid YAML, a list, an empty
    block) in the page's Markdown, and reads `Key: value` lines at the top of a page without
    front matter as metadata: either way its blocks would not be the ones checked and numbered.
    """
    return split_front_matter(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))[1]


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
    return None if text is None else parse_editorial(text, path.stem, shown, problems)


def parse_editorial(text: str, slug: str, shown: str, problems: list[Diagnostic]) -> Editorial:
    """An editorial page's text -> Editorial; a pure function of its arguments (the build cache relies on it)."""
    front, body, body_line = split_front_matter(text)
    meta = _front_matter(front, shown, problems)
    tags = meta.get("tags") or []
    editorial = Editorial(
        slug=slug,
        title=_text_field(meta, "title") or slug,
        loc=Loc(shown, 1),
        date=_text_field(meta, "date"),
        source=_text_field(meta, "source"),
        section=_text_field(meta, "section"),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [str(tags)],
        source_url=_text_field(meta, "source_url"),
        byline=_text_field(meta, "byline"),
        blocks=parse_blocks(body, shown, body_line),
    )
    if not editorial.paragraphs:
        problems.append(Diagnostic(Loc(shown, 1), "no-paragraphs", "the page has no paragraphs to number",
                                   "import the editorial again (`glossator import`), or add its text below the front matter"))
    return editorial


def _front_matter(front: str | None, shown: str, problems: list[Diagnostic]) -> YamlMap:
    """The page's metadata; anything but a mapping is reported and read as none."""
    hint = "start the page with the importer's front matter: '---', lines such as 'title: ...' and 'date: ...', then '---'"
    if front is None:
        problems.append(Diagnostic(Loc(shown, 1), "front-matter-missing", "the page has no front matter (title, date, source)", hint))
    elif not front.strip():
        problems.append(Diagnostic(Loc(shown, 1), "front-matter-empty", "the page's front matter is empty", hint))
    else:
        meta = parse_yaml(front, shown, problems, first_line=2)
        if isinstance(meta, YamlMap):
            return meta
        if meta is not None:
            problems.append(Diagnostic(Loc(shown, 2), "front-matter-not-mapping",
                                       f"the page's front matter is a {_yaml_kind(meta)}, not a list of 'key: value' lines", hint))
    meta = YamlMap()
    meta.line, meta.key_lines, meta.value_lines = 1, {}, {}
    return meta


def _yaml_kind(value) -> str:
    return "list" if isinstance(value, list) else "single value"
