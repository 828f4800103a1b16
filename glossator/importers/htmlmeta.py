"""An article page's metadata: headline, date, byline, section, tags, outlet and address.

Read from the places made for machines first (Open Graph and article:* meta,
JSON-LD, microdata) and from visible page furniture last. trafilatura's own
metadata pass is not used: it costs as much as the body extraction, and it
drops the offset of a date and the order of trust this module keeps.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from collections.abc import Iterable, Iterator
from html import unescape
from itertools import chain
from urllib.parse import urljoin, urlsplit

import htmldate
from lxml import etree

from ..text import normalize_space
from .base import SourceEditorial
from .dates import find_date, iso_date, published_line_date
from .page import page_blocks

_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report)$")
SHORT_LINE = 100
"""Longest text taken for a byline or dateline; anything longer is prose."""


def read_metadata(root: etree._Element, visible_text: str, header_text: str, *, source_name: str = "", url: str = "") -> tuple[SourceEditorial, str]:
    """The metadata of a parsed page, as an editorial without blocks, and the page's JSON-LD articleBody ('' if none):
    the outlet's own copy of the text, to cross-check the body with.

    `source_name` and `url` are the caller's, for pages that do not say.

    `visible_text` is the page's text and `header_text` the lines under its
    headline: a dateline there ('2025年11月07日 08:30 来源：光明日报') is read
    when the markup states no date or outlet.
    """
    ld = json_ld_article(root)
    meta = _meta_values(root)
    site_names = [*meta.get("og:site_name", []), *_ld_names(ld.get("publisher")), source_name, *_stated_source(header_text)]
    dateline = find_date(header_text)
    editorial = SourceEditorial(
        title=_title(root, meta, ld, site_names),
        blocks=[],
        date=_date(root, meta, ld) or published_line_date(visible_text) or (dateline.iso if dateline else "") or _htmldate(root),
        source=_first(site_names),
        section=_first(chain(meta.get("article:section", []), _ld_strings(ld.get("articleSection")))),
        byline=_byline(root, meta, ld),
        tags=_tags(meta, ld),
        source_url=_source_url(root, meta, url),
    )
    return editorial, "\n".join(_ld_strings(ld.get("articleBody"), keep_lines=True))


def text_of(el: etree._Element) -> str:
    """An element's visible text on one line."""
    return " ".join(block.text for block in page_blocks(el, reasons=False))


def _meta_values(root: etree._Element) -> dict[str, list[str]]:
    """Every <meta> content by lower-cased property or name, in page order (article:tag repeats)."""
    values: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = normalize_space(meta.get("content") or "")
        if not content:
            continue
        for key in {(meta.get("property") or "").lower(), (meta.get("name") or "").lower()} - {""}:
            values.setdefault(key, []).append(content)
    return values


def json_ld_article(root: etree._Element) -> dict:
    """The page's JSON-LD article node (NewsArticle, OpinionNewsArticle, BlogPosting...), references resolved.

    Sites built with SEO plugins put the article in an @graph and refer to its
    author and publisher by @id, so those are looked up among all nodes.
    """
    nodes: list[dict] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            nodes.extend(_ld_nodes(json.loads(script.text or "", strict=False)))
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


def _ld_strings(value: object, *, keep_lines: bool = False) -> list[str]:
    """The non-blank strings of a JSON-LD value; SEO plugins often leave HTML entities in them."""
    items = (unescape(item) for item in _as_list(value) if isinstance(item, str))
    if keep_lines:
        texts = (normalize_space(line) for item in items for line in item.splitlines())
    else:
        texts = (normalize_space(item) for item in items)
    return [text for text in texts if text]


def _ld_names(value: object) -> list[str]:
    """The names in a JSON-LD person or organisation value: strings, objects with a name, or a list of them."""
    return _ld_strings([item.get("name") if isinstance(item, dict) else item for item in _as_list(value)])


def _first(values: Iterable[str]) -> str:
    """The first non-blank value, normalised: metadata sources are listed in order of trust."""
    return next((text for text in map(normalize_space, values) if text), "")


def _title(root: etree._Element, meta: dict[str, list[str]], ld: dict, site_names: list[str]) -> str:
    """The headline: titles written for sharing first, as <title> usually carries the site's name."""
    candidates = chain(
        meta.get("og:title", []),
        meta.get("twitter:title", []),
        _ld_strings(ld.get("headline")),
        (text_of(el) for el in root.iter("h1")),
        (text_of(el) for el in root.iter("title")),
    )
    return _strip_site_suffix(_first(candidates), site_names)


def _strip_site_suffix(title: str, site_names: list[str]) -> str:
    """'Headline - Outlet' -> 'Headline', for the outlet names the page or the caller gives."""
    for name in filter(None, map(normalize_space, site_names)):
        match = re.search(rf"\s*[-|–—:·•_]\s*{re.escape(name)}$", title, re.IGNORECASE)
        if match and match.start():
            return title[: match.start()]
    return title


def _byline(root: etree._Element, meta: dict[str, list[str]], ld: dict) -> str:
    """The author line without its 'By'; URLs (some sites put a profile link here) and long text are skipped."""
    candidates = chain(
        meta.get("author", []),
        [", ".join(_ld_names(ld.get("author")))],
        map(_attribute_text, _byline_elements(root)),
    )
    names = (strip_by(normalize_space(text)) for text in candidates)
    return next((name for name in names if name and len(name) <= SHORT_LINE and "://" not in name), "")


_BY_MARKUP = etree.XPath("//*[contains(@rel, 'author') or contains(@itemprop, 'author')]")
_BY_CLASS = etree.XPath("//*[" + " or ".join(f"contains(@{attribute}, '{word}')" for attribute in ("class", "id")
                                               for word in ("byline", "Byline", "BYLINE", "author", "Author")) + "]")
_DATE_MARKUP = etree.XPath("//*[contains(@itemprop, 'datePublished')]")
"""Plain contains() tests, which libxml2 runs fast; words are checked in Python on the few elements they find."""


def _byline_elements(root: etree._Element) -> Iterator[etree._Element]:
    """Elements that name the author, explicit markup first.

    Of elements whose class mentions byline or author (a substring on purpose:
    'author_share', 'articleByline' and 'byline-name' all count) only the
    innermost are taken: wrappers such as 'author_share' also hold dates and
    share buttons.
    """
    yield from (el for el in _BY_MARKUP(root) if "author" in f"{el.get('rel') or ''} {el.get('itemprop') or ''}".split())
    named = _BY_CLASS(root)
    inner = set(named)
    for el in named:
        inner.difference_update(el.iterancestors())
    yield from (el for el in named if el in inner)


def strip_by(text: str) -> str:
    """'By Jane Doe' -> 'Jane Doe': the byline field holds names, not the page's wording."""
    return re.sub(r"^by:?\s+", "", text, flags=re.IGNORECASE)


def _attribute_text(el: etree._Element) -> str:
    """What a microdata element states: its content or datetime attribute, else its text."""
    return el.get("content") or el.get("datetime") or text_of(el)


def _date(root: etree._Element, meta: dict[str, list[str]], ld: dict) -> str:
    """Publication date as ISO 8601 from the machine-readable sources, most trusted first."""
    candidates = chain(
        meta.get("article:published_time", []),
        _ld_strings(ld.get("datePublished")),
        (_attribute_text(el) for el in _lazy(_DATE_MARKUP, root) if "datePublished" in (el.get("itemprop") or "").split()),
        (el.get("datetime") for el in root.iter("time") if el.get("datetime")),
    )
    return next(filter(None, map(iso_date, candidates)), "")


_SOURCE_LINE = re.compile(r"(?:来源|Source)\s*[:：]\s*([^\s|:：,，]{2,40})", re.I)


def _stated_source(header_text: str) -> list[str]:
    """The outlet a dateline names ('来源：光明日报', 'Source: Global Times')."""
    return [match.group(1) for match in _SOURCE_LINE.finditer(header_text)][:1]


def _htmldate(root: etree._Element) -> str:
    """htmldate's reading of the markup (a day, no time), the last resort: it knows meta names and URL shapes we do not.

    Its extensive search (dates anywhere in the text) is left off: on our corpus
    it took a copyright year for a publication date, and it is slow.
    """
    found = htmldate.find_date(deepcopy(root), extensive_search=False, original_date=True)
    return found or ""


def _lazy(query: etree.XPath, root: etree._Element) -> Iterator[etree._Element]:
    """An XPath query run only when its results are asked for: later sources of a field are seldom needed."""
    yield from query(root)


def _tags(meta: dict[str, list[str]], ld: dict) -> list[str]:
    """article:tag values, then JSON-LD keywords (a list, or one comma-separated string); first spelling kept."""
    keywords = (word for text in _ld_strings(ld.get("keywords")) for word in text.split(","))
    tags = map(normalize_space, chain(meta.get("article:tag", []), keywords))
    return list(dict.fromkeys(tag for tag in tags if tag))


def _source_url(root: etree._Element, meta: dict[str, list[str]], url: str) -> str:
    """The canonical address; relative ones are resolved against the address the page was saved from.

    Only http(s) addresses are taken: the page links to it, and a saved page may say `javascript:`.
    """
    canonical = [link.get("href") or "" for link in root.iter("link") if "canonical" in (link.get("rel") or "").lower().split()]
    candidates = (urljoin(url, found) for found in map(normalize_space, chain(canonical, meta.get("og:url", []))) if found)
    return next((found for found in candidates if urlsplit(found).scheme in ("http", "https")), url)
