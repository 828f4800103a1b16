"""Contributed Markdown is untrusted: allowlist its HTML and say what was removed.

nh3 does the cleaning; a small parser pass first lists what nh3 is about to
remove, so every removal can be reported at the note's path:line instead of
vanishing silently. The two parsers disagree on malformed markup (an
unclosed `<a` or `<!--` at the end, say), so the output is also compared
with the input: a difference the first pass did not explain is reported too.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "li", "ol",
    "p", "pre", "q", "s", "small", "strong", "sub", "sup", "ul",
    "h2", "h3", "h4", "h5", "h6", "hr",  # a glossary definition may have sections
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_CLASSES = {"a": {"gl-term", "gl-xref"}}
"""Classes of the links Glossator itself adds to notes (glossary terms, cross-references)."""
ALLOWED_SCHEMES = {"http", "https", "mailto"}
"""Links may use these schemes, or none (a link within the site)."""

_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
"""Control characters and noncharacters: never prose, and \\x02/\\x03 would forge Markdown's placeholders.

They are replaced, not deleted: deleting one could join `java&#1;script:` into a scheme nh3 never saw.
"""
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")

LINK_REL = "nofollow noopener ugc"
"""Every contributed link is marked as the contributor's, not the site's."""

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes={**ALLOWED_ATTRIBUTES, "*": set()},  # "*": no attribute on every tag (nh3 would allow lang and title)
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=ALLOWED_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)
MALFORMED = "malformed HTML (an unfinished tag or comment?)"


def url_scheme(url: str) -> str:
    """The scheme a browser reads in `url` (WHATWG URL parsing), lower-cased; "" for a relative URL."""
    match = _SCHEME.match(re.sub("[\t\n\r]", "", url.strip(_C0_OR_SPACE)))
    return match.group(1).lower() if match else ""


def url_allowed(url: str) -> bool:
    """http(s), mailto or no scheme at all (a link within the site)."""
    scheme = url_scheme(url)
    return not scheme or scheme in ALLOWED_SCHEMES


class _Reader(HTMLParser):
    """A fragment's allowed elements (with the attributes kept), its text, and what the allowlist removes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []
        self.elements: Counter[tuple] = Counter()
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in ALLOWED_TAGS:
            self.removed.append(f"<{tag}> element")
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        kept = []
        for name, value in attrs:
            if name == "class" and set((value or "").split()) <= ALLOWED_CLASSES.get(tag, set()):
                kept.append((name, value))
            elif name not in allowed:
                self.removed.append(f"`{name}` attribute on <{tag}>")
            elif name == "href" and value is not None and not url_allowed(value):
                self.removed.append(f"link to {url_scheme(value)}: URL")
            else:
                kept.append((name, _INVISIBLE.sub("", value or "")))
        self.elements[(tag, tuple(sorted(kept)))] += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.removed.append("HTML comment")

    def handle_decl(self, decl: str) -> None:
        self.removed.append(f"<!{decl.split(' ', 1)[0]}> declaration")

    def handle_pi(self, data: str) -> None:
        self.removed.append("<?…> processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.removed.append("<![…]> marked section")

    def visible_text(self) -> str:
        return re.sub(r"\s+", "", _INVISIBLE.sub("", "".join(self.text)))


_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
"""A tag of serialised HTML, quoted attribute values (which may hold `>`) included."""


def markup_text(fragment: str, separator: str = "") -> str:
    """The text of well-formed HTML that this module or Glossator wrote (no comments, no scripts).

    A regular expression, not a parser: the build needs the text of 10,000 notes.
    `separator` replaces each tag ("" is what an HTML parser's text would be).
    """
    return unescape(_TAG.sub(separator, fragment))


def sanitize(html: str) -> tuple[str, list[str]]:
    """(safe HTML, descriptions of every construct that was removed)."""
    before = _Reader(html)
    cleaned = _CLEANER.clean(html)
    removed = before.removed + [f"invisible character U+{ord(c):04X} (shown as �)" for c in _INVISIBLE.findall(html + cleaned)]
    clean = _INVISIBLE.sub("\ufffd", cleaned)
    if not removed:
        after = _Reader(clean)
        if before.elements - after.elements or before.visible_text() != after.visible_text():
            removed.append(MALFORMED)
    return clean, list(dict.fromkeys(removed))
