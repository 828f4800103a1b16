"""A saved page's visible text as blocks in reading order, each marked with the furniture it sits in.

The extractor decides what the article is; this module is the ledger that
lets the importer say what it left out. Every piece of visible text on the
page lands in exactly one block, so the kept blocks plus the dropped ones
always add up to the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..text import normalize_space

NEVER_TEXT = frozenset({"head", "script", "style", "noscript", "template", "svg", "iframe"})
"""Elements whose content is code, fallback or form state, never published prose."""

_BLOCK_TAGS = frozenset(
    "address article aside blockquote caption center dd details dialog div dl dt fieldset figcaption figure"
    " footer form header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"
    " h1 h2 h3 h4 h5 h6 body button select textarea".split()
)
"""Elements that start a new block; every other tag is inline and only contributes its text."""

_TAG_REASONS = {
    "nav": "navigation",
    "footer": "footer",
    "aside": "aside",
    "form": "form",
    "button": "button",
    "select": "form",
    "textarea": "form",
    "figure": "caption",
    "figcaption": "caption",
    "h1": "headline",
}
_ROLE_REASONS = {
    "navigation": "navigation",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "search": "form",
}
_CLASS_REASONS = (
    ("standfirst", r"standfirst|intro\w*|lede|lead|dek|deck|summary|sapo|chap(?:o|eau)|perex|bajada|linha|abstract|teaser|excerpt"
                   r"|description|sub(?:title|head\w*)|strap\w*|article(?:lead|intro)"),
    ("navigation", r"nav(?:bar|igation)?|menu\w*|breadcrumbs?"),
    ("share buttons", r"share\w*|sharing|social\w*"),
    ("related links", r"related\w*|recommend\w*|more(?:stories|links)?|read(?:more|next)|outbrain|taboola"),
    ("advertising", r"advert\w*|ads?|sponsor\w*|promo(?:s|ted|tion\w*)?|dfp|banner"),
    ("comments", r"comments?|disqus|replies"),
    ("newsletter", r"newsletters?|subscri(?:be|ption)\w*|signup|paywall"),
    ("caption", r"caption\w*|credits?|cutline|figcaption|legend"),
    ("pull quote", r"pull(?:quote)?s?|pq"),
    ("chart or graphic", r"graphics?|charts?|infographics?|artboard|ai2html|datawrapper|dataviz|viz"),
    ("byline", r"byline\w*|author\w*|bio"),
    ("date line", r"dateline|timestamp|pubdate|published|date|time"),
    ("tags", r"tags|topics?|keywords|categor(?:y|ies)"),
    ("cookie notice", r"cookies?|consent|gdpr"),
    ("footer", r"footer|copyright"),
    ("header", r"header|masthead|topbar"),
    ("aside", r"sidebar|aside|rail|widget"),
)
"""Reasons an element's class or id gives, tested on its whole words ('commentary' is not 'comment').
Words for an image ('photo', 'image') are not among them: layouts wrap whole stories in 'has-image' boxes.

A standfirst (the containers outlets put an article's opening paragraph in,
outside its body) is not furniture: the importer looks there for the lead.
"""
_CLASS_REASON = re.compile(
    "|".join(f"(?P<r{number}>{words})" for number, (_, words) in enumerate(_CLASS_REASONS)),
)
_ARTICLE_PLACES = frozenset({"", "standfirst", "article header", "header"})
"""Where a standfirst can be: in the page or the article's header, never inside other furniture."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_LANDMARKS = frozenset({"html", "body", "article", "main"})
"""Never furniture for their classes: CMSs decorate them with words like 'has-comments' or 'sidebar-left'."""


@lru_cache(maxsize=4096)
def _class_reason(names: str) -> str:
    """The reason an element's class and id words give, in the list's order (cached: a page repeats its classes)."""
    words = re.split(r"[^a-z0-9]+", _CAMEL.sub(r"\1 \2", names).lower())
    found = [match.lastgroup for previous, match in zip(["", *words], map(_CLASS_REASON.fullmatch, words))
             if match and previous != "no"]  # 'no-caption', 'no-comments': modifiers saying what is absent
    return _CLASS_REASONS[min(int(group[1:]) for group in found)][0] if found else ""


_CAMEL = re.compile(r"([a-z])([A-Z])")


def furniture_reason(el: etree._Element, in_article: bool, wraps_headline: bool = False) -> str:
    """Why an element is furniture around the article ('' when nothing says so).

    `in_article` tells a page's masthead from an article's own header, which
    holds its headline and often its opening paragraph. The class of an element
    around the headline says nothing: layouts are named 'two-col-sidebar-right'.
    """
    tag = el.tag
    if tag in _TAG_REASONS:
        return _TAG_REASONS[tag]
    if tag == "header":
        return "article header" if in_article else "header"
    attributes = el.attrib
    if not attributes:
        return ""
    style = attributes.get("style")
    if "hidden" in attributes or attributes.get("aria-hidden") == "true" or (style and _HIDDEN_STYLE.search(style)):
        return "hidden"
    role = _ROLE_REASONS.get((attributes.get("role") or "").strip())
    if role:
        return role
    if wraps_headline or tag in _LANDMARKS or "articleBody" in (attributes.get("itemprop") or ""):
        return ""
    return _class_reason(f"{attributes.get('class') or ''} {attributes.get('id') or ''}")


def _is_content_landmark(el: etree._Element) -> bool:
    """<main>, <article>, role=main or the declared articleBody: content, even inside a wrapper whose class says
    'nav' (mobile layouts wrap the whole page in a navigation drawer)."""
    return el.tag in ("main", "article") or el.get("role") == "main" or "articleBody" in (el.get("itemprop") or "")


@dataclass
class PageBlock:
    """One run of visible text between block boundaries.

    `reason` is the innermost furniture it sits in ('' for none); `links` is
    how much of its text is link text; `element` the block element holding it.
    """

    text: str
    reason: str
    links: float
    element: etree._Element

    @property
    def link_density(self) -> float:
        return self.links / len(self.text) if self.text else 0.0


class _Walk:
    """Collects blocks as the tree is walked: text and tails go to the innermost open block."""

    def __init__(self, root: etree._Element, reasons: bool) -> None:
        self.reasons = reasons
        self.blocks: list[PageBlock] = []
        self.run: list[str] = []
        self.link_chars = 0
        self.breaks = 0
        self.links = 0
        self.context = [(root, furniture_reason(root, False) if reasons else "", root.tag == "article")]
        """The open blocks: (element, the furniture it is in, whether it is inside an <article>)."""
        self.headline_wrappers = {a for h1 in root.iter("h1") for a in h1.iterancestors()} if reasons else set()

    def open(self, el: etree._Element) -> None:
        self.flush()
        _, reason, in_article = self.context[-1]
        if self.reasons:
            own = furniture_reason(el, in_article, el in self.headline_wrappers)
            if own == "standfirst" and reason not in _ARTICLE_PLACES:
                own = reason  # an 'intro' box inside a form or a sidebar is that form's or sidebar's
            reason = own or ("" if _is_content_landmark(el) else reason)
        self.context.append((el, reason, in_article or el.tag == "article"))

    def close(self) -> None:
        self.flush()
        self.context.pop()

    def add(self, text: str | None) -> None:
        """Text at the current point; after two <br> in a row it starts a new block, after one a space."""
        if not text:
            return
        if self.breaks and text.strip():
            if self.breaks >= 2:
                self.flush()
            else:
                self.run.append(" ")
            self.breaks = 0
        self.run.append(text)
        if self.links:
            self.link_chars += len(text.strip())

    def flush(self) -> None:
        if not self.run:
            return
        text = normalize_space("".join(self.run))
        if text:
            element, reason, _ = self.context[-1]
            self.blocks.append(PageBlock(text, reason, min(self.link_chars, len(text)), element))
        self.run, self.link_chars, self.breaks = [], 0, 0


def page_blocks(root: etree._Element, *, reasons: bool = True) -> list[PageBlock]:
    """Every piece of visible text under `root`, as blocks in document order; `reasons=False` skips the furniture marks.

    Walked with lxml's iterwalk rather than by recursion: old pages nest
    unclosed inline tags thousands deep.
    """
    walk = _Walk(root, reasons)
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # a comment or processing instruction: only its tail is text
            walk.add(el.tail)
        elif event == "start":
            if tag in NEVER_TEXT:
                walker.skip_subtree()  # its end event still comes, and adds its tail
                continue
            if tag == "br":
                walk.breaks += 1
            elif tag in _BLOCK_TAGS and el is not root:
                walk.open(el)
            elif tag == "a":
                walk.links += 1
            walk.add(el.text)
        elif el is not root:
            if tag == "a":
                walk.links -= 1
            elif tag in _BLOCK_TAGS:
                walk.close()
            walk.add(el.tail)
    walk.flush()
    return walk.blocks
