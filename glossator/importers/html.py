"""Extracting an editorial from a saved HTML article page, whatever the outlet.

Metadata is read from the standard places first (Open Graph and article:* meta,
JSON-LD, microdata) and from visible page furniture last. The body is found by
structure ([itemprop=articleBody], <article>, <main>) or, failing that, by a
readability-style score, never by one site's CSS classes. Only text leaves
this module: markup is read, never kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from html import unescape  # the standard library's module, not this one
from itertools import chain
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import PreformattedString

from ..text import normalize_space
from .base import SourceEditorial

_NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})
"""Elements whose content is code or fallback, never published prose; removed before anything is read."""

_LAYOUT_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "button", "figure", "figcaption"})
_LAYOUT_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_LANDMARKS = frozenset({"html", "body", "article", "main"})
"""Never dropped for their classes: CMSs decorate them with words like 'has-comments' or 'sidebar-left'."""

_BOILERPLATE_WORD = re.compile(
    r"""
    share\w* | sharing | social\w* | related\w* | recommend\w* | newsletters? | promo(?:s|ted|tion\w*)?
    | advert\w* | ads? | sponsor\w* | comments? | caption\w* | breadcrumbs? | subscri(?:be|ption)\w* | tags
    | sidebar | cookies? | nav(?:bar|igation)? | menu\w*
    # page furniture around the headline, read as metadata before it is dropped
    | byline\w* | dateline | author\w* | timestamp | pubdate | published | date | time | meta
    """,
    re.VERBOSE,
)
"""A whole word of a class or id that marks an element as boilerplate ('commentary' or 'tag-china' do not)."""

_BLOCK_TAGS = frozenset(
    "address article aside blockquote caption center dd details dialog div dl dt fieldset figcaption figure"
    " footer form header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"
    " h1 h2 h3 h4 h5 h6".split()
)
"""Elements that start a new block; every other tag is inline and only contributes its text."""
_ONE_BLOCK_KINDS = {**dict.fromkeys(("h2", "h3", "h4", "h5", "h6"), "heading"), "blockquote": "quote"}
"""Elements that become one block whatever they contain (a quote's paragraphs are joined)."""
_CONTAINERS = ("div", "section", "article", "main", "td", "body")
"""Elements that can hold an article body, as opposed to the paragraphs and lists inside one."""

_BODY_SELECTORS = ("[itemprop~=articleBody]", "article", "main, [role~=main]")
_MIN_BODY_CHARS = 100
"""Less paragraph text than this is a stub, an error page or a teaser, not an article body."""
_LINK_LIST_DENSITY = 0.75
"""Share of an element's letters inside links above which it is a list of links, not prose."""
_SHORT_LINE = 100
"""Longest text taken for a byline or dateline; anything longer is prose."""

_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting)$")
_TEXT_DATE_PATTERN = (
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:,?\s+(?:at\s+)?(?P<time>\d{1,2}:\d{2})(?::\d{2})?(?:\s*(?P<ampm>[AaPp])\.?[Mm]\b\.?)?)?"
)
_TEXT_DATE = re.compile(_TEXT_DATE_PATTERN)
_PUBLISHED = re.compile(r"\b(?:Published|Posted)(?:\s+on)?\s*:?\s*" + _TEXT_DATE_PATTERN)
_DATE_FORMATS = ("%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d")


class _Break:
    """A <br> in flattened content, kept so that <br><br> can separate paragraphs."""


_BR = _Break()


def parse_html(html: str, *, source_name: str = "", url: str = "") -> SourceEditorial:
    """The editorial in a saved article page; blocks are [] when no body can be found.

    `source_name` is the outlet's name for pages that do not state it (it is
    also stripped from titles); `url` is where the page was saved from.
    """
    soup = BeautifulSoup(html, "html.parser")
    ld = _json_ld_article(soup)
    _drop(soup, lambda el: el.name in _NEVER_TEXT)
    meta = _meta_values(soup)
    site_names = [*meta.get("og:site_name", []), *_ld_names(ld.get("publisher")), source_name]
    title = _title(soup, meta, ld, site_names)
    byline = _byline(soup, meta, ld)
    editorial = SourceEditorial(
        title=title,
        blocks=[],
        date=_date(soup, meta, ld),
        source=_first(site_names),
        section=_first(chain(meta.get("article:section", []), _ld_strings(ld.get("articleSection")))),
        tags=_tags(meta, ld),
        source_url=_source_url(soup, meta, url),
        byline=byline,
    )
    _drop(soup, _is_boilerplate)
    body = _find_body(soup)
    if body is not None:
        _drop(body, _is_link_list)
        blocks = _container_blocks(body)
        editorial.blocks = [(kind, text) for kind, text in blocks if not _is_furniture(text, title, byline)]
    return editorial


# --- metadata -------------------------------------------------------------------------------------


def _meta_values(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Every <meta> content by lower-cased property or name, in page order (article:tag repeats)."""
    values: dict[str, list[str]] = {}
    for meta in soup.find_all("meta", content=True):
        content = normalize_space(meta["content"])
        if not content:
            continue
        for key in {meta.get("property", "").lower(), meta.get("name", "").lower()} - {""}:
            values.setdefault(key, []).append(content)
    return values


def _json_ld_article(soup: BeautifulSoup) -> dict:
    """The page's JSON-LD article node (NewsArticle, OpinionNewsArticle, BlogPosting...), references resolved.

    Sites built with SEO plugins put the article in an @graph and refer to its
    author and publisher by @id, so those are looked up among all nodes.
    """
    nodes: list[dict] = []
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.IGNORECASE)):
        try:
            nodes.extend(_ld_nodes(json.loads(script.get_text(), strict=False)))
        except ValueError:
            continue
    index = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for node in nodes:
        if any(isinstance(kind, str) and _ARTICLE_TYPE.search(kind) for kind in _as_list(node.get("@type"))):
            return {key: _ld_resolve(value, index) for key, value in node.items()}
    return {}


def _ld_nodes(data: object) -> Iterator[dict]:
    """All objects of a JSON-LD document: top level, in lists and in @graph."""
    if isinstance(data, list):
        for item in data:
            yield from _ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_nodes(data.get("@graph", []))


def _ld_resolve(value: object, index: dict[str, dict]) -> object:
    """Replace {"@id": ...} references by the node they point to."""
    if isinstance(value, list):
        return [_ld_resolve(item, index) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return index.get(str(value["@id"]), value)
    return value


def _as_list(value: object) -> list:
    """JSON-LD allows one value or a list of them almost anywhere."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ld_strings(value: object) -> list[str]:
    """The non-blank strings of a JSON-LD value; SEO plugins often leave HTML entities in them."""
    texts = (normalize_space(unescape(item)) for item in _as_list(value) if isinstance(item, str))
    return [text for text in texts if text]


def _ld_names(value: object) -> list[str]:
    """The names in a JSON-LD person or organisation value: strings, objects with a name, or a list of them."""
    return _ld_strings([item.get("name") if isinstance(item, dict) else item for item in _as_list(value)])


def _first(values: Iterable[str]) -> str:
    """The first non-blank value, normalised: metadata sources are listed in order of trust."""
    return next((text for text in map(normalize_space, values) if text), "")


def _title(soup: BeautifulSoup, meta: dict[str, list[str]], ld: dict, site_names: list[str]) -> str:
    """The headline: titles written for sharing first, as <title> usually carries the site's name."""
    candidates = chain(
        meta.get("og:title", []),
        meta.get("twitter:title", []),
        _ld_strings(ld.get("headline")),
        map(_text, soup.find_all("h1", limit=1)),
        map(_text, soup.find_all("title", limit=1)),
    )
    return _strip_site_suffix(_first(candidates), site_names)


def _strip_site_suffix(title: str, site_names: list[str]) -> str:
    """'Headline - Outlet' -> 'Headline', for the outlet names the page or the caller gives."""
    for name in filter(None, map(normalize_space, site_names)):
        match = re.search(rf"\s+[-|–—:·•]\s+{re.escape(name)}$", title, re.IGNORECASE)
        if match and match.start():
            return title[: match.start()]
    return title


def _byline(soup: BeautifulSoup, meta: dict[str, list[str]], ld: dict) -> str:
    """The author line without its 'By'; URLs (some sites put a profile link here) and long text are skipped."""
    candidates = chain(
        meta.get("author", []),
        [", ".join(_ld_names(ld.get("author")))],
        map(_attribute_text, _byline_elements(soup)),
    )
    names = (_strip_by(normalize_space(text)) for text in candidates)
    return next((name for name in names if name and len(name) <= _SHORT_LINE and "://" not in name), "")


def _byline_elements(soup: BeautifulSoup) -> Iterator[Tag]:
    """Elements that name the author, explicit markup first.

    Of elements whose class mentions byline or author only the innermost are
    taken: wrappers such as 'author_share' also hold dates and share buttons.
    """
    yield from soup.select("[rel~=author], [itemprop~=author]")
    yield from (el for el in soup.find_all(_names_author) if el.find(_names_author) is None)


def _names_author(el: Tag) -> bool:
    """Substring match on purpose: 'author_share', 'articleByline' and 'byline-name' all count."""
    return any("byline" in word or "author" in word for word in _class_words(el))


def _strip_by(text: str) -> str:
    """'By Jane Doe' -> 'Jane Doe': the byline field holds names, not the page's wording."""
    return re.sub(r"^by:?\s+", "", text, flags=re.IGNORECASE)


def _attribute_text(el: Tag) -> str:
    """What a microdata element states: its content or datetime attribute, else its text."""
    return el.get("content") or el.get("datetime") or _text(el)


def _date(soup: BeautifulSoup, meta: dict[str, list[str]], ld: dict) -> str:
    """Publication date as ISO 8601: machine-readable sources first, then a visible 'Published: ...' line."""
    candidates = chain(
        meta.get("article:published_time", []),
        _ld_strings(ld.get("datePublished")),
        map(_attribute_text, soup.select("[itemprop~=datePublished]")),
        (time["datetime"] for time in soup.select("time[datetime]")),
    )
    found = next(filter(None, map(_to_iso, candidates)), "")
    if found:
        return found
    match = _PUBLISHED.search(normalize_space(soup.get_text(" ")))
    return _text_date_iso(match) if match else ""


def _to_iso(value: str) -> str:
    """ISO 8601 with the precision the value has: a date alone stays a date, an offset is kept."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        match = _TEXT_DATE.search(value)
        return _text_date_iso(match) if match else ""
    if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", value):
        return parsed.date().isoformat()
    return parsed.replace(microsecond=0).isoformat()


def _text_date_iso(match: re.Match[str]) -> str:
    """ISO 8601 for a date written out ('Nov 07, 2025 01:27 AM'); no offset, as the page gives none."""
    day = " ".join(re.sub(r"[,.]", " ", match["date"]).split())
    for date_format in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(day, date_format)
            break
        except ValueError:
            continue
    else:
        return ""
    if not match["time"]:
        return parsed.date().isoformat()
    hour, minute = map(int, match["time"].split(":"))
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return parsed.date().isoformat()
    return parsed.replace(hour=hour, minute=minute).isoformat()


def _tags(meta: dict[str, list[str]], ld: dict) -> list[str]:
    """article:tag values, then JSON-LD keywords (a list, or one comma-separated string); first spelling kept."""
    keywords = (word for text in _ld_strings(ld.get("keywords")) for word in text.split(","))
    tags = map(normalize_space, chain(meta.get("article:tag", []), keywords))
    return list(dict.fromkeys(tag for tag in tags if tag))


def _source_url(soup: BeautifulSoup, meta: dict[str, list[str]], url: str) -> str:
    """The canonical address; relative ones are resolved against the address the page was saved from.

    Only http(s) addresses are taken: the page links to it, and a saved page may say `javascript:`.
    """
    canonical = [link.get("href", "") for link in soup.find_all("link", rel="canonical")]
    candidates = (urljoin(url, found) for found in map(normalize_space, chain(canonical, meta.get("og:url", []))) if found)
    return next((found for found in candidates if urlsplit(found).scheme in ("http", "https")), url)


# --- body -----------------------------------------------------------------------------------------


def _drop(root: Tag, unwanted: Callable[[Tag], bool]) -> None:
    """Remove every element below `root` that `unwanted` picks, with its content."""
    for el in root.find_all(unwanted):
        if not el.decomposed:
            el.decompose()


def _class_words(el: Tag) -> list[str]:
    """The words of an element's class and id: 'article-share shareBox' -> article, share, share, box."""
    names = " ".join([*(el.get("class") or []), el.get("id") or ""])
    return re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", names).lower())


def _is_boilerplate(el: Tag) -> bool:
    """Layout and furniture around the article: navigation, sharing, related links, ads, comments, bylines."""
    if el.name in _LAYOUT_TAGS or el.get("role") in _LAYOUT_ROLES:
        return True
    if el.name in _LANDMARKS or "articleBody" in el.get("itemprop", ""):
        return False
    return any(_BOILERPLATE_WORD.fullmatch(word) for word in _class_words(el))


def _is_link_list(el: Tag) -> bool:
    """A paragraph, list or box that is (almost) all links: 'Read more' rows, related-story lists."""
    return el.name in ("p", "ul", "ol", "div", "section") and _link_density(el) >= _LINK_LIST_DENSITY


def _letters(text: str) -> int:
    """Letters and digits only, so separators like '|' do not dilute a row of links."""
    return sum(char.isalnum() for char in text)


def _link_density(el: Tag) -> float:
    """Share of the element's letters that are link text: high for menus and story lists, low for prose."""
    total = _letters(el.get_text())
    return sum(_letters(link.get_text()) for link in el.find_all("a")) / total if total else 0.0


def _find_body(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article text: declared by markup if possible, else the best-scoring container."""
    for selector in _BODY_SELECTORS:
        body = _best(soup.select(selector), _contained_text)
        if body is not None:
            return body
    return _best(soup.find_all(_CONTAINERS), _readability_score)


def _best(candidates: list[Tag], score: Callable[[Tag], float]) -> Tag | None:
    """The highest-scoring candidate, if it holds enough text to be a body at all."""
    best = max(candidates, key=score, default=None)
    return best if best is not None and score(best) >= _MIN_BODY_CHARS else None


def _contained_text(el: Tag) -> float:
    """Paragraph text anywhere inside, less the share in links: picks the real <article> among teaser cards."""
    held = sum(map(_held_text, [el, *el.find_all(_CONTAINERS)]))
    return held * (1 - _link_density(el))


def _readability_score(el: Tag) -> float:
    """Paragraph text held directly plus half of what child containers hold, less the share in links.

    The half credit lets a wrapper win when the body is split across several
    child divs, while a single body div still beats its parent.
    """
    children = el.find_all(_CONTAINERS, recursive=False)
    held = _held_text(el) + sum(map(_held_text, children)) / 2
    return held * (1 - _link_density(el))


def _held_text(el: Tag) -> int:
    """Length of the paragraph text an element holds directly.

    That is its <p> children and its own inline text, which is where bodies
    written as text<br><br>text keep theirs.
    """
    total = 0
    for piece in _pieces(el):
        if isinstance(piece, str):
            total += len(normalize_space(piece))
        elif isinstance(piece, Tag) and piece.name == "p":
            total += len(_text(piece))
    return total


def _pieces(el: Tag) -> Iterator[str | Tag | _Break]:
    """An element's content flattened through inline tags: text, _BR for <br>, and its block children.

    Walked with a stack rather than by recursion: html.parser leaves unclosed
    inline tags (<font>, <b>) open, so old pages can nest them thousands deep.
    """
    stack = [iter(el.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag):
            if child.name == "br":
                yield _BR
            elif child.name in _BLOCK_TAGS:
                yield child
            else:
                stack.append(iter(child.children))
        elif not isinstance(child, PreformattedString):  # comments, CDATA, doctype
            yield str(child)


def _container_blocks(el: Tag) -> list[tuple[str, str]]:
    """The blocks of an element holding inline text and blocks mixed, in reading order."""
    blocks: list[tuple[str, str]] = []
    run: list[str | _Break] = []
    for piece in _pieces(el):
        if isinstance(piece, Tag):
            blocks += _paragraphs(run) + _element_blocks(piece)
            run = []
        else:
            run.append(piece)
    return blocks + _paragraphs(run)


def _element_blocks(el: Tag) -> list[tuple[str, str]]:
    """The blocks of one block-level element; the <h1> is the headline, already the title."""
    if el.name == "h1":
        return []
    if el.name in ("ul", "ol"):
        items = [text for text in map(_text, el.find_all("li", recursive=False)) if text]
        return [("list", "\n".join(items))] if items else []
    if el.name not in _ONE_BLOCK_KINDS:
        return _container_blocks(el)
    text = _text(el)
    return [(_ONE_BLOCK_KINDS[el.name], text)] if text else []


def _paragraphs(run: list[str | _Break]) -> list[tuple[str, str]]:
    """Paragraphs of a run of inline content: two <br> in a row end one, a single <br> is a space."""
    paragraphs: list[list[str]] = [[]]
    breaks = 0
    for piece in run:
        if isinstance(piece, _Break):
            breaks += 1
            continue
        if piece.strip():
            if breaks >= 2:
                paragraphs.append([])
            elif breaks:
                paragraphs[-1].append(" ")
            breaks = 0
        paragraphs[-1].append(piece)
    texts = (normalize_space("".join(paragraph)) for paragraph in paragraphs)
    return [("paragraph", text) for text in texts if text]


def _text(el: Tag) -> str:
    """All of an element's text on one line; <br> and block boundaries become spaces."""
    return normalize_space(" ".join(text for _, text in _container_blocks(el)))


def _is_furniture(text: str, title: str, byline: str) -> bool:
    """Headline, byline or dateline repeated as a body paragraph without markup that would have dropped it."""
    if text == title or (byline and _strip_by(text) == byline):
        return True
    return len(text) <= _SHORT_LINE and _PUBLISHED.match(text) is not None
