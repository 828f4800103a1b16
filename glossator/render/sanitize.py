"""Contributed Markdown is untrusted: allowlist its HTML and say what was removed.

nh3 does the cleaning; a small parser pass first lists what nh3 is about to
remove, so every removal can be reported at the note's path:line instead of
vanishing silently.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "li", "ol",
    "p", "pre", "q", "s", "small", "strong", "sub", "sup", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRIBUTES = {"href", "cite", "src", "action", "formaction", "xlink:href", "data"}


def _url_allowed(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return not scheme or scheme in ALLOWED_SCHEMES


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in ALLOWED_TAGS:
            self.removed.append(f"<{tag}> element")
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.removed.append(f"`{name}` attribute on <{tag}>")
            elif name in _URL_ATTRIBUTES and value is not None and not _url_allowed(value):
                self.removed.append(f"link to {urlsplit(value.strip()).scheme}: URL")

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.removed.append("HTML comment")


def sanitize(html: str) -> tuple[str, list[str]]:
    """(safe HTML, descriptions of every construct that was removed)."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )
    return clean, list(dict.fromkeys(inspector.removed))
