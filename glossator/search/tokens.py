"""Words of the search index: the same rules here (the build) and in the browser (assets/search/worker.js).

Text is NFKC-normalised and lower-cased, then cut into runs: a run of Chinese
characters, or a run of letters and digits (anything else separates). A
Latin-script run is a word (one letter alone is not indexed); a Chinese run is
indexed by its character bigrams, because there is no dictionary segmenter in
the browser: 新质生产力 gives 新质, 质生, 生产, 产力, and a query gives the
same bigrams, all required. The glossary's Chinese spellings found in a run are
indexed whole as well, so a query for the term finds it as one word.

Two more kinds of key share the index, each under its own first character so
that a prefix query never expands into them:
- `~a b`: two adjacent words, for phrase queries and for ranking adjacent
  words first (a "biword" index: a phrase costs one lookup however common its
  words are);
- `=name`: a glossary term's name or alias, normalised, for its own page only,
  so that a query that is exactly a term's name puts the term's page first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
"""Chinese characters (CJK unified ideographs, extension A, compatibility, extensions B-F): `HAN` in worker.js."""
_RUN = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")
"""A Chinese run, or a run of letters and digits: JavaScript's [\\p{L}\\p{N}] (Python's \\w without the underscore)."""
PAIR, NAME = "~", "="
"""First characters of the two special kinds of key (neither is ever part of a word)."""


_ANY_HAN = re.compile(f"[{HAN}]")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[str]:
    """The runs of normalised text, in order."""
    return _RUN.findall(normalize(text))


def is_han(run: str) -> bool:
    return "\u3400" <= run[0] <= "\u9fff" or "\uf900" <= run[0] <= "\ufaff" or run[0] >= "\U00020000"


def bigrams(run: str) -> list[str]:
    return [run[i: i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


class Tokenizer:
    """Cuts text into keys; `chinese` are the glossary's Chinese spellings, also indexed whole where they occur."""

    def __init__(self, chinese: Iterable[str] = ()):
        spellings = sorted({normalize(s) for s in chinese if s}, key=len, reverse=True)
        self._chinese = re.compile("|".join(map(re.escape, spellings))) if spellings else None

    def counts(self, text: str) -> Counter[str]:
        """How often each key occurs in `text` (what `keys` gives, counted; without Chinese, in one pass of C)."""
        found = runs(text)
        if _ANY_HAN.search(text):
            return Counter(self.keys(text))
        counted = Counter([run for run in found if len(run) > 1])
        counted.update([f"{PAIR}{a} {b}" for a, b in zip(found, found[1:]) if len(a) > 1 and len(b) > 1])
        return counted

    def keys(self, text: str) -> Iterator[str]:
        """Every key of `text`, once per occurrence: words, Chinese bigrams and whole spellings, adjacent-word pairs."""
        previous = ""
        for run in runs(text):
            if is_han(run):
                previous = ""
                yield from bigrams(run)
                if self._chinese and len(run) > 2:
                    yield from (m.group() for m in self._chinese.finditer(run) if len(m.group()) > 2)
            elif len(run) > 1:
                if previous:
                    yield f"{PAIR}{previous} {run}"
                previous = run
                yield run
            else:
                previous = ""


def name_key(name: str) -> str:
    """The key of a term's name or alias: its runs joined by spaces, as the browser joins a query's."""
    return NAME + " ".join(runs(name))
