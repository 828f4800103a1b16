"""Extracting an editorial from a saved HTML article page, whatever the outlet.

trafilatura finds the article body: it is the strongest maintained extractor
measured on our corpus (see `make bench-import`). This module then does what
generic extraction does not, and an editorial importer needs:

- it keeps the body's block structure (paragraphs, sub-headings, quotes, lists),
  because paragraph numbers are the edition's citations;
- it accounts for every piece of visible text on the page (`page.py`): what
  the extractor left out is dropped *with a reason*, or kept and reported
  when nothing marks it as furniture;
- it recovers the lead: the standfirst or intro paragraph that outlets put
  between the headline and the body container, where extractors lose it;
- it cross-checks the body against the page's own JSON-LD `articleBody`.

Only text leaves this module: markup is read, never kept.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import replace

import lxml.html
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.utils import decode_file

from .base import Finding, SourceEditorial
from .furniture import SENTENCE_END, furniture_kind, is_prose, word_count
from .htmlmeta import SHORT_LINE, read_metadata, strip_by
from .page import PageBlock, page_blocks
from .dates import find_date, published_line_date

logging.getLogger("trafilatura").addHandler(logging.NullHandler())  # its "discarding data" is our empty body, reported

_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(element=lxml.html.HtmlElement))
"""Every element an HtmlElement, as trafilatura requires, chosen in C: lxml.html's own lookup is a Python call
per element touched, a tenth of the import's time."""
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)
_INLINE_TAG = re.compile(r"</?(?:font|b|i|u|em|strong|span|small|big|tt|s|strike)\b[^>]*>", re.I)
"""Formatting tags that carry no text: removed when a page nests them too deep for the parser."""
_AS_HTML = {"head": "h2", "quote": "blockquote", "list": "ul", "item": "li", "row": "tr", "cell": "td", "lb": "br", "code": "pre", "hi": "span", "ref": "a", "del": "s"}
"""trafilatura's XML element names, and the HTML elements they stand for."""
_LINK_LIST = 0.5
"""Share of a block's text inside links above which it is a row of links, not prose."""
_MIN_BODY_CHARS = 100
"""Less text than this is a stub, an error page or a teaser, not an article body: the import fails and says so."""
_LEAD_SPAN = 8
"""How many blocks before the body a lead paragraph may sit when no headline marks where the article starts."""
_PROSE_WORDS = 6
"""The shortest sentence taken for article text the extractor missed (a lead, a paragraph it left out)."""
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^.!?。！？]+[.!?。！？]*")
_CLOCK = re.compile(r"\b\d{1,2}(?::|h)\d{2}\b")
"""A time of day (07:19, 13h36): a short line with one and no sentence's end is a dateline, in any language."""
_TEXT_TAGS = _HEADINGS | {"p", "blockquote", "li", "pre", "dd", "dt"}
"""Elements a page uses for text: a short one inside the body is a paragraph; a short <div> or cell is more
likely a label, a button or a chart's axis ('$915', '’17')."""


def parse_html(html: str | bytes, *, source_name: str = "", url: str = "") -> SourceEditorial:
    """The editorial in a saved article page; blocks are [] when no body can be found.

    `source_name` is the outlet's name for pages that do not state it (it is
    also stripped from titles); `url` is where the page was saved from.
    """
    root = _parse(html)
    if root is None:
        return SourceEditorial(title="", blocks=[])
    page = page_blocks(root)
    meta, article_body = read_metadata(root, " ".join(block.text for block in page), _under_headline(page),
                                       source_name=source_name, url=url)
    blocks, findings = _reconcile(_extracted_texts(root, url), page, meta, article_body)
    return replace(meta, blocks=blocks, findings=findings)


def _under_headline(page: list[PageBlock]) -> str:
    """The short lines just under the page's <h1>, where outlets print the dateline and the source."""
    headline = next((i for i, block in enumerate(page) if block.reason == "headline"), None)
    if headline is None:
        return ""
    return " | ".join(block.text for block in page[headline + 1 : headline + 4] if len(block.text) <= SHORT_LINE)


def _decode(raw: bytes) -> str:
    """A saved page's text: UTF-8, else the charset it declares (GBK, Big5, Shift JIS...), else trafilatura's guess."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_file(raw)


def _parse(html: str | bytes) -> etree._Element | None:
    """The page's tree, or None for a page with no markup at all."""
    if isinstance(html, bytes):
        html = _decode(html)
    html = html.removeprefix("\ufeff")
    if not html.strip():
        return None
    if html.lstrip().startswith("<?xml"):  # lxml refuses a str with an encoding declaration
        html = html.lstrip().split("?>", 1)[-1]
    try:
        root = lxml.html.document_fromstring(html, parser=_PARSER)
        if any(error.level_name == "FATAL" for error in _PARSER.error_log):
            # libxml2 stops at 2,048 levels and drops the rest: old pages leave <font> and <b> unclosed
            root = lxml.html.document_fromstring(_INLINE_TAG.sub("", html), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return root


def _extracted_texts(root: etree._Element, url: str) -> list[str]:
    """The body's texts as trafilatura finds them; comments are not the article.

    Its output is its own XML (p, head, quote, list/item, lb), read as HTML
    once the names are mapped. Only which text it chose matters: the blocks
    themselves are the page's. Its fallback extractors (readability, jusText)
    are off: on the corpus they took a page's comments for its body and cost a
    third of the time, and the recovery here finds what they found (measured
    with `make bench-import`).
    """
    document = bare_extraction(root, url=url or None, include_comments=False, include_tables=True, with_metadata=False, fast=True)
    if document is None or document.body is None:
        return []
    body = document.body
    for el in body.iter():
        el.tag = _AS_HTML.get(el.tag, el.tag)
    return [block.text for block in page_blocks(body, reasons=False)]


class _PageText:
    """The page's blocks joined into one string, to find where each extracted block came from."""

    def __init__(self, page: list[PageBlock]) -> None:
        self.page = page
        self.starts: list[int] = []
        parts, offset = [], 0
        for block in page:
            self.starts.append(offset)
            parts.append(block.text)
            offset += len(block.text) + 1
        self.text = " ".join(parts)
        self.covered = [0] * len(page)
        self.cursor = 0
        self.whole: dict[str, list[int]] = {}
        for index, block in enumerate(page):
            self.whole.setdefault(block.text, []).append(index)

    def locate(self, text: str) -> None:
        """Mark the page text that `text` came from, reading on from the last match.

        A block's whole text is matched first, so a short paragraph is not
        taken for the end of a longer one that happens to contain it.
        """
        whole = self.whole.get(text)
        if whole:
            index = next((i for i in whole if self.starts[i] >= self.cursor), whole[0])
            start = self.starts[index]
        else:
            start = self.text.find(text, self.cursor)
            if start < 0:
                start = self.text.find(text)
            if start < 0:
                return
        end = start + len(text)
        self.cursor = end
        first = bisect.bisect_right(self.starts, start) - 1
        for index in range(first, bisect.bisect_left(self.starts, end)):
            block_start = self.starts[index]
            self.covered[index] += min(end, block_start + len(self.page[index].text)) - max(start, block_start)

    def is_kept(self, index: int) -> bool:
        return self.covered[index] * 2 >= len(self.page[index].text)


def _reconcile(extracted: list[str], page: list[PageBlock], meta: SourceEditorial, article_body: str) -> tuple[list[tuple[str, str]], list[Finding]]:
    """The editorial's blocks in the page's reading order, and the findings: each block dropped, recovered or kept unsure.

    The extractor's texts are located in the page; the page blocks they cover
    are the body. So the blocks, their words and their order are always the
    page's own, whatever the extractor's output looked like.
    """
    ledger = _PageText(page)
    for text in extracted:
        ledger.locate(text)
    extracted = [i for i in range(len(page)) if ledger.is_kept(i)]
    first_prose = next((i for i in extracted if is_prose(page[i].text, _PROSE_WORDS)), len(page))
    kept = _one_article(page, [i for i in extracted if not _drop_anyway(page[i], meta, i < first_prose)])
    recovered: dict[int, str] = {}
    if kept:
        recovered |= _lead(page, kept[0], meta)
        recovered |= _unsure(page, kept, meta)
    recovered |= _from_json_ld(page, set(kept), meta, article_body, recovered)
    body = sorted({*kept, *recovered})
    if sum(len(page[i].text) for i in body) < _MIN_BODY_CHARS:
        body, recovered = [], {}
    blocks = [(_page_kind(page[i]), page[i].text) for i in body]
    placed = [(i, Finding("kept", why, page[i].text)) for i, why in recovered.items()]
    inside, in_body = (range(body[0], body[-1] + 1) if body else range(0)), set(body)
    placed += _dropped_findings(page, [i for i in range(len(page)) if i not in in_body], meta, inside)
    findings = [finding for _, finding in sorted(placed, key=lambda pair: pair[0])]
    if not blocks and article_body:
        blocks = [("paragraph", line) for line in article_body.split("\n")]
        findings.append(Finding("kept", "from the page's JSON-LD articleBody: no body was found in the page itself", article_body))
    elif article_body:
        findings += _json_ld_gaps(article_body, " ".join(text for _, text in blocks))
    return blocks, findings


def _json_ld_gaps(article_body: str, imported: str) -> list[Finding]:
    """A warning when the page's JSON-LD articleBody has sentences the import does not.

    They may be on the page but missed (compare with the source), or never
    shown (a paywall, an abridged page); either way the reader of the report
    should look. Sentences are compared by their words, so spacing and
    punctuation that differ between the two copies do not count.
    """
    have = f" {' '.join(_WORD.findall(imported.casefold()))} "
    sentences = (sentence for line in article_body.split("\n") for sentence in _SENTENCE.findall(line))
    missing = [s.strip() for s in sentences if len(_WORD.findall(s)) >= 8 and f" {' '.join(_WORD.findall(s.casefold()))} " not in have]
    if not missing:
        return []
    return [Finding("warning", "JSON-LD cross-check",
                    f"{len(missing)} sentence(s) of the page's JSON-LD articleBody are not in the import, the first: “{missing[0][:120]}”")]


def _one_article(page: list[PageBlock], kept: list[int]) -> list[int]:
    """The kept blocks of one <article>: when the extraction spans several, the one holding most of its text.

    An editorial page is one article; other <article> elements on it are
    teasers and related stories, which extractors take in on short pages.
    """
    articles = [next(block.element.iterancestors("article"), None) if block.element.tag != "article" else block.element
                for block in (page[i] for i in kept)]
    sizes: dict[etree._Element, int] = {}
    for index, article in zip(kept, articles):
        if article is not None:
            sizes[article] = sizes.get(article, 0) + len(page[index].text)
    if len(sizes) < 2:
        return kept
    main = max(sizes, key=sizes.__getitem__)
    return [index for index, article in zip(kept, articles) if article is None or article is main]


_NEVER_THE_ARTICLE = frozenset({"aside", "comments", "related links", "newsletter", "advertising", "navigation", "share buttons", "hidden"})
"""Containers whose text is never the article's, even in sentences: a reader's comment, a sidebar story."""


def _drop_anyway(block: PageBlock, meta: SourceEditorial, before_the_text: bool) -> bool:
    """An extracted block that repeats the metadata (the headline, a byline, a date line above the text),
    is a caption or credit, or is a label (not prose) in page furniture or, above the text, made of links,
    such as the section name above a headline. Below the first sentence, a date is text (a quoted tweet's
    date, a letter's), and so is a list of links (the reports an article cites)."""
    label = not is_prose(block.text, _PROSE_WORDS) and (
        block.reason not in ("", "standfirst") or (before_the_text and block.link_density >= _LINK_LIST))
    furniture = block.reason in _NEVER_THE_ARTICLE or label
    repeat = _metadata_repeat(block.text, meta)
    return bool(furniture or (repeat and (before_the_text or repeat != "date line")) or furniture_kind(block.text))


def _metadata_repeat(text: str, meta: SourceEditorial) -> str:
    """'headline', 'byline' or 'date line' when a body block only repeats the page's metadata."""
    if text == meta.title:
        return "headline"
    if meta.byline and strip_by(text) == meta.byline:
        return "byline"
    if len(text) <= SHORT_LINE and (published_line_date(text) or (find_date(text) and not is_prose(text, _PROSE_WORDS))):
        return "date line"
    if len(text) <= 2 * SHORT_LINE and _CLOCK.search(text) and not SENTENCE_END.search(text):
        return "date line"  # 'AFP 30 avril 2015 à 07:19 (Mis à jour : …)', 'Le Monde | 04.05.2015 à 13h36 • …'
    return ""


def _candidate(block: PageBlock, meta: SourceEditorial, allowed: set[str], *, any_paragraph: bool = False) -> bool:
    """A page block that could be article text the extractor missed: prose (or, with `any_paragraph`, any
    paragraph, heading, quote or list item the page marks as text), not links, not furniture."""
    return (
        block.reason in allowed
        and block.link_density < _LINK_LIST
        and (is_prose(block.text, _PROSE_WORDS) or (any_paragraph and block.element.tag in _TEXT_TAGS and _reads_as_text(block.text)))
        and not furniture_kind(block.text)
        and not _metadata_repeat(block.text, meta)
    )


def _reads_as_text(text: str) -> bool:
    """Letters, and two words or a sentence's end: 'Enough.' and 'x = 2' are text, 'billion' and '’17' are labels."""
    return any(char.isalpha() for char in text) and (word_count(text) >= 2 or SENTENCE_END.search(text) is not None)


def _lead(page: list[PageBlock], first: int, meta: SourceEditorial) -> dict[int, str]:
    """Opening paragraphs between the headline and the body: a standfirst, an intro, a summary in the article's header.

    Outlets keep them outside the body's container, which is exactly where
    extractors stop looking. Only prose counts, and only after the headline
    (or, on a page whose headline is not marked, just before the body).
    """
    headline = max((i for i in range(first) if page[i].reason == "headline" or page[i].text == meta.title), default=-1)
    start = headline + 1 if headline >= 0 else max(0, first - _LEAD_SPAN)
    allowed = {"", "standfirst", "article header"}
    return {i: "lead outside the article body" for i in range(start, first) if _candidate(page[i], meta, allowed)}


def _unsure(page: list[PageBlock], kept: list[int], meta: SourceEditorial) -> dict[int, str]:
    """Paragraphs in the body that the extractor left out, though nothing marks them as furniture: kept, and reported.

    The body is every block between the first and the last kept one, and every
    block beside a kept one in the same container: extractors drop a short
    last paragraph, and a paragraph that repeats an earlier one word for word.
    A paragraph there is text until shown otherwise.
    """
    containers = {page[i].element.getparent() for i in kept}
    items = {page[i].element for i in kept if page[i].element.tag == "li"}
    inside = set(kept)
    return {
        i: "unsure: inside the body, left out by the extractor"
        for i, block in enumerate(page)
        if i not in inside
        and (kept[0] < i < kept[-1] or block.element.getparent() in containers or _in_item(block, items))
        and (_candidate(block, meta, {"", "standfirst"}, any_paragraph=True) or _sub_item(block, items))
    }


def _in_item(block: PageBlock, items: set[etree._Element]) -> bool:
    """Inside a kept list item: a sub-list is part of its item."""
    return any(a in items for a in block.element.iterancestors("li"))


def _sub_item(block: PageBlock, items: set[etree._Element]) -> bool:
    """An item of a sub-list of a kept item, not furniture: text, even when it is all links (the bugs a changelog
    item lists, the reports a point cites)."""
    return block.element.tag == "li" and block.reason == "" and _in_item(block, items) and _reads_as_text(block.text)


def _from_json_ld(page: list[PageBlock], kept: set[int], meta: SourceEditorial, article_body: str, recovered: dict[int, str]) -> dict[int, str]:
    """Page blocks that the page's JSON-LD articleBody has and the extraction lacks.

    The outlet's structured copy of the text is a second opinion on where the
    body is; a block is only taken from the page itself, never from the JSON.
    """
    if not article_body:
        return {}
    kept_text = " ".join(page[i].text for i in range(len(page)) if i in kept or i in recovered)
    found: dict[int, str] = {}
    for i, block in enumerate(page):
        if i in recovered or i in kept or len(block.text) < 20 or block.text in kept_text:
            continue
        if block.text in article_body and _candidate(block, meta, {"", "standfirst", "article header"}, any_paragraph=block.element.tag in _HEADINGS):
            found[i] = "in the page's JSON-LD articleBody"
    return found


def _page_kind(block: PageBlock) -> str:
    """The kind of a block recovered from the page: a sub-heading, quote or list item keeps its role."""
    tag = block.element.tag
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        return "heading"
    if tag == "blockquote" or any(a.tag == "blockquote" for a in block.element.iterancestors()):
        return "quote"
    if tag == "li":
        return "list"
    return "paragraph"


def _dropped_findings(page: list[PageBlock], dropped: list[int], meta: SourceEditorial, body: range) -> list[tuple[int, Finding]]:
    """One finding per run of dropped blocks that share a reason (a menu is one line of the report, not
    forty), with the page index where the run starts. `body` is the span of page blocks the body covers."""
    findings: list[tuple[int, Finding]] = []
    previous = -2
    for index in dropped:
        block = page[index]
        reason = _drop_reason(block, meta, index in body)
        if findings and previous == index - 1 and findings[-1][1].reason == reason:
            start, finding = findings[-1]
            findings[-1] = (start, Finding("dropped", reason, f"{finding.text} · {block.text}"))
        else:
            findings.append((index, Finding("dropped", reason, block.text)))
        previous = index
    return findings


_BROAD_REASONS = frozenset({"", "standfirst", "article header", "header", "footer", "aside", "button", "form"})
"""Containers that say where a block was, not what it is: its wording may say more ('© 2025 …' is a copyright line)."""


def _drop_reason(block: PageBlock, meta: SourceEditorial, in_body: bool) -> str:
    """Why a block is not in the editorial, most specific first: its container's role, what it repeats, its wording."""
    if block.reason not in _BROAD_REASONS:
        return block.reason
    return (
        _metadata_repeat(block.text, meta)
        or furniture_kind(block.text)
        or (block.reason if block.reason != "standfirst" else "")
        or ("links" if block.link_density >= _LINK_LIST else "")
        or ("not a paragraph (a label, a figure's text?)" if in_body else "outside the article")
    )
