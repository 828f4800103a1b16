"""Where a note sits in an editorial's text, in the terms of W3C selectors.

The text that TextPositionSelector offsets count in is the editorial's
numbered blocks (`Block.text`: the published text with whitespace normalised,
list items joined by a newline) joined by "\n\n"; headings are left out.
Offsets count Unicode code points from 0, and `end` is exclusive. Export and
import share this class, so the two always agree.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..model import Editorial
from ..text import normalize_space

CONTEXT_CHARS = 32
"""Length of a TextQuoteSelector's `prefix` and `suffix`."""
_FRAGMENT = re.compile(r"^#?p(\d+)$")


@dataclass(frozen=True)
class Anchor:
    paragraph: int
    quote: str


class PageText:
    def __init__(self, editorial: Editorial):
        self.spans: dict[int, tuple[int, int]] = {}
        offset = 0
        for block in editorial.paragraphs:
            self.spans[block.number] = (offset, offset + len(block.text))
            offset += len(block.text) + 2
        self.text = "\n\n".join(b.text for b in editorial.paragraphs)

    def paragraph_at(self, start: int, end: int) -> int | None:
        """The paragraph that holds the whole range, if one does."""
        return next((n for n, (a, b) in self.spans.items() if a <= start and end <= b), None)

    def occurrences(self, exact: str) -> list[tuple[int, int]]:
        """Every place `exact` occurs within one paragraph, whitespace runs matching any whitespace."""
        words = normalize_space(exact).split(" ")
        if words == [""]:
            return []
        pattern = re.compile(r"\s+".join(map(re.escape, words)))
        return [m.span() for m in pattern.finditer(self.text) if self.paragraph_at(*m.span())]

    def quote_selector(self, start: int, end: int) -> dict:
        return {
            "type": "TextQuoteSelector",
            "exact": self.text[start:end],
            "prefix": self.text[max(0, start - CONTEXT_CHARS):start],
            "suffix": self.text[end:end + CONTEXT_CHARS],
        }

    def context_score(self, span: tuple[int, int], prefix: str, suffix: str) -> int:
        """How many characters of `prefix` and `suffix` agree with the text around `span`."""
        start, end = span
        before = _squash(self.text[max(0, start - len(prefix) - 8):start])
        after = _squash(self.text[end:end + len(suffix) + 8])
        return len(os.path.commonprefix([before[::-1], _squash(prefix)[::-1]])) + len(os.path.commonprefix([after, _squash(suffix)]))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _first(selectors: list[dict], kind: str) -> dict | None:
    return next((s for s in selectors if s.get("type") == kind), None)


def anchor(page: PageText, selectors: list[dict]) -> Anchor | str:
    """The paragraph (and quote) the selectors point at, or why they point nowhere.

    A FragmentSelector `pN` names the paragraph; a TextQuoteSelector must then be
    found in it, or else is looked for in the whole text (its prefix and suffix,
    then a TextPositionSelector, telling occurrences apart); a TextPositionSelector
    alone anchors to the paragraph that holds its range.
    """
    fragment = _first(selectors, "FragmentSelector")
    match = _FRAGMENT.match(str(fragment.get("value", ""))) if fragment else None
    paragraph = int(match.group(1)) if match and int(match.group(1)) in page.spans else None
    quote = _first(selectors, "TextQuoteSelector")
    position = _first(selectors, "TextPositionSelector")
    if quote and str(quote.get("exact") or "").strip():
        return _anchor_quote(page, quote, position, paragraph)
    if paragraph:
        return Anchor(paragraph, "")
    if position:
        return _anchor_position(page, position)
    if fragment:
        return f"the fragment {fragment.get('value')!r} names no paragraph (the page has {len(page.spans)})"
    return "it has no FragmentSelector, TextQuoteSelector or TextPositionSelector"


def _anchor_quote(page: PageText, quote: dict, position: dict | None, paragraph: int | None) -> Anchor | str:
    exact = str(quote["exact"])
    found = page.occurrences(exact)
    if paragraph:
        found = [s for s in found if page.paragraph_at(*s) == paragraph] or found
    if not found:
        return f"the quoted text {normalize_space(exact)!r} is not in any paragraph"
    scores = [page.context_score(s, str(quote.get("prefix") or ""), str(quote.get("suffix") or "")) for s in found]
    best = [s for s, score in zip(found, scores) if score == max(scores)]
    if isinstance(position, dict) and isinstance(position.get("start"), int):
        best.sort(key=lambda s: abs(s[0] - position["start"]))
    elif len({page.paragraph_at(*s) for s in best}) > 1:
        numbers = ", ".join(f"¶{page.paragraph_at(*s)}" for s in best)
        return f"the quoted text {normalize_space(exact)!r} occurs in {numbers}, and no prefix, suffix or position tells which"
    start, end = best[0]
    return Anchor(page.paragraph_at(start, end), page.text[start:end])


def _anchor_position(page: PageText, position: dict) -> Anchor | str:
    start, end = position.get("start"), position.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(page.text)):
        return f"the text position {start}-{end} is outside the page text (0-{len(page.text)})"
    number = page.paragraph_at(start, end)
    if number is None:
        return f"the text position {start}-{end} spans more than one paragraph"
    whole = page.spans[number] == (start, end) or start == end
    return Anchor(number, "" if whole else page.text[start:end])
