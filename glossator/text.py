"""Plain-text helpers shared by the importers, the loaders and the renderers."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
"""Zero-width and control characters: never published text (Markdown itself deletes \\x02 and \\x03)."""
_INVISIBLE_OR_BOM = re.compile(r"[\u200b\u200c\u200d\u2060\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff]")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (non-breaking and ideographic included) to one space; drop invisible characters.

    str.split() splits at exactly the characters regular expressions call whitespace; a
    BOM (U+FEFF) counts as a space too. Most text has nothing to drop: one scan tells.
    """
    if _INVISIBLE_OR_BOM.search(text):
        text = _INVISIBLE.sub("", text).replace("\ufeff", " ")
    return " ".join(text.split())


_LINE_START = re.compile(r"^(\s*)([#>+\-=|:?~]|\d+[.)])")
_LINE_ENTITIES = {"|": "&#124;", ":": "&#58;", "=": "&#61;", "?": "&#63;", "~": "&#126;"}
"""Line-start syntax Markdown has no backslash escape for: tables, definitions, rules, details (???), fences (~~~)."""
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()!"} | {"<": "&lt;", "&": "&amp;"})


def escape_markdown(text: str) -> str:
    """Escape a single line of published text so that Markdown shows it literally.

    Inline syntax (emphasis, links, code, HTML, entities, attribute lists) is
    escaped everywhere; block syntax (headings, quotes, lists, rules, tables,
    definition lists, collapsible blocks, fences) only where a line starts with it.
    """
    text = text.translate(_INLINE)
    match = _LINE_START.match(text)
    if match:
        token = match.group(2)
        start = match.end(1)
        if token[0].isdigit():
            text = text[: start + len(token) - 1] + "\\" + text[start + len(token) - 1 :]
        elif token in _LINE_ENTITIES:
            text = text[:start] + _LINE_ENTITIES[token] + text[start + 1 :]
        else:
            text = text[:start] + "\\" + text[start:]
    return text


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_ENTITIES = {"&lt;": "<", "&amp;": "&"} | {entity: char for char, entity in _LINE_ENTITIES.items()}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))


def unescape_markdown(text: str) -> str:
    """Invert `escape_markdown`: the published text of an escaped line."""
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], _MD_ESCAPE.sub(r"\1", text))


def slugify(text: str, *, max_words: int = 5, max_length: int = 50) -> str:
    """ASCII slug of the first few words: 'Solving China-US ‘existing issues’' -> 'solving-china-us-existing-issues'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:max_words]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug


def checksum(paragraphs: list[str]) -> str:
    """Checksum of a body's published text, so a later edit of the page can be detected."""
    digest = hashlib.sha256("\n\n".join(paragraphs).encode("utf-8")).hexdigest()
    return f"sha256:{digest[:16]}"


PLAIN_URL = r"(?-i:https?)://(?:(?!xn--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[\w./%=?#~+-]*)?"
"""An http(s) address of letters, digits and a few safe marks, with a plain (not punycode) host: nothing to escape."""
