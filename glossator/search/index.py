"""The prebuilt search index: computed per page, assembled into small shards at the end of a build.

Why not Material's lunr index: its search worker builds a lunr index of the
whole site in the reader's browser, from a `search_index.json` that holds every
word of the site (17 MB at 1,000 editorials), before the first answer. Here the
build does that work once, and the browser loads only what a query needs.

Files, under `search/` of the site (bench/README.md describes them in full):
- `manifest.js`: the shards' key prefixes (front-coded), the number of documents, and a
  version (a digest of the other files) that the worker adds to their URLs, so a
  browser never mixes a new manifest with shards it cached from an older build.
- `s/<n>.js`: shard n, the postings of every key starting with its prefix (and
  with no longer prefix in the manifest): key -> [df, page, doc, weight, ...],
  pages delta-coded. A key's postings are its `POSTINGS_KEPT` best documents,
  by weight; df counts them all (the ranking needs it).
- `p/<page>.js`: one page's documents [location, title, text]: what a result shows.

Every file is a JavaScript call `glossatorSearch({...JSON...})`: from `file://`
the browser loads it as a `<script>` (fetch is refused there), and the hosted
site may `fetch` it and parse the JSON between the parentheses.

Incremental builds: see `SearchIndex` (a page is added again; only the keys
whose postings changed are written again, and the files are put together
from the entries: no other page is cut again).
"""

from __future__ import annotations

import hashlib
import json
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from heapq import nlargest
from pathlib import Path

from ..atomic import write_text
from .tokens import Tokenizer, name_key

POSTINGS_KEPT = 300
"""Documents kept per key: a query shows 10 pages, and the best 300 of a word cover them (df keeps the true count)."""
SHARD_BYTES = 24_000
"""A shard is split by the next character of its keys above this size (unless it holds a single key)."""
LENGTH_NORM, K1, B = 60.0, 1.2, 0.5
"""BM25's saturation: a field of LENGTH_NORM words is of average length (a per-page constant: no global pass)."""
TITLE, NAME_BOOST, TEXT = 6.0, 20.0, 1.0
"""Field weights: a page's or section's title, a term's own names (and its `=name` key), running text."""
MAX_WEIGHT = 0xFFFF
"""A weight is packed into 16 bits of a posting."""
FORMAT = 1
"""The version of the file format, in the manifest: the worker refuses a manifest it does not know."""


@dataclass(frozen=True)
class Document:
    """A hit: where it leads, what it is called, its plain text (never HTML: the browser escapes it)."""

    location: str
    title: str
    text: str
    title_weight: float = TITLE
    """0 for a paragraph: its title is the editorial's, which would match every paragraph of the page."""
    names: tuple[str, ...] = ()
    """A glossary term's name, aliases and pinyin: indexed with NAME_BOOST, and whole as `=name` keys."""


@dataclass(frozen=True)
class _Page:
    """What the index keeps of a page: its number, its documents as their file will hold them, and what else
    `_weights` needs of each, to take the page out again."""

    number: int
    docs_json: str
    fields: tuple[tuple[float, tuple[str, ...]], ...]

    def documents(self) -> list[Document]:
        return [Document(location, title, text, weight, names)
                for (location, title, text), (weight, names) in zip(json.loads(self.docs_json), self.fields)]


class SearchIndex:
    """The index of a build, page by page: `add_page` does the costly part (cutting a page's documents into keys
    and weighing them) for one page alone; `files` assembles every page's postings into shards.

    Postings are packed integers (page << 32 | document << 16 | weight) in one array per key, so a page adds a
    few integers per word, not objects. Incremental builds: when one page changes (a note was edited), call
    `add_page` again with its new documents (it compares them with the old ones, cut again, and changes only
    the keys whose postings from the page differ), then `files`; no other page is read again, and `files`
    writes again only the entries of keys whose postings changed (while the index holds the same pages).
    `state` and `restore` carry all of it from one build to the next through the cache.
    """

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer
        self.pages: dict[str, _Page] = {}
        self.postings: dict[str, array] = {}
        self.next_page = 0
        self._entries: dict[str, str] = {}
        """Each key's entry as the last `files` wrote it, for the pages in `_entries_order`."""
        self._entries_order: list[str] = []
        self._touched: set[str] = set()
        """Keys whose postings changed since the last `files`."""

    def state(self) -> tuple:
        """What `restore` needs to carry this index to another build (the cache keeps it)."""
        return self.pages, self.postings, self.next_page, self._entries, self._entries_order, self._touched

    def restore(self, state: tuple) -> None:
        self.pages, self.postings, self.next_page, self._entries, self._entries_order, self._touched = state

    def add_page(self, url: str, docs: list[Document]) -> None:
        """Cut a page's documents into keys; a page the index holds is replaced (`_replace`)."""
        if len(docs) > 0xFFFF:
            raise ValueError(f"{url}: {len(docs):,} sections, more than a search posting can number")
        if url in self.pages:
            self._replace(url, docs)
            return
        number, self.next_page = self.next_page, self.next_page + 1
        self.pages[url] = _Page(number, _docs_json(docs), tuple((d.title_weight, d.names) for d in docs))
        postings, touched = self.postings, self._touched
        for key, packed in self._postings_of(number, docs).items():
            touched.add(key)
            try:
                postings[key].extend(packed)
            except KeyError:
                postings[key] = array("Q", packed)

    def _postings_of(self, number: int, docs: list[Document]) -> dict[str, list[int]]:
        """The postings page `number` gives each key, in document order."""
        found: dict[str, list[int]] = {}
        for position, doc in enumerate(docs):
            base = number << 32 | position << 16
            for key, weight in _weights(doc, self.tokenizer).items():
                try:
                    found[key].append(base | weight)
                except KeyError:
                    found[key] = [base | weight]
        return found

    def _replace(self, url: str, docs: list[Document]) -> None:
        """New documents for a page the index holds: it keeps its number, and only the keys whose postings from it
        differ are changed (a note edited changes one paragraph's keys, not the page's)."""
        page = self.pages[url]
        old, new = self._postings_of(page.number, page.documents()), self._postings_of(page.number, docs)
        first, after = page.number << 32, (page.number + 1) << 32
        for key in old.keys() | new.keys():
            if old.get(key) == new.get(key):
                continue
            self._touched.add(key)
            postings = self.postings.setdefault(key, array("Q"))
            start = bisect_left(postings, first)
            postings[start: bisect_left(postings, after)] = array("Q", new.get(key, ()))
            if not postings:
                del self.postings[key]
        self.pages[url] = _Page(page.number, _docs_json(docs), tuple((d.title_weight, d.names) for d in docs))

    def holds(self, url: str, docs: list[Document]) -> bool:
        """Whether the index holds exactly these documents for `url` (then it need not be cut again)."""
        page = self.pages.get(url)
        return page is not None and page.fields == tuple((d.title_weight, d.names) for d in docs) and page.docs_json == _docs_json(docs)

    def remove_page(self, url: str) -> None:
        """Take a page's postings out. A key's postings are in the order of page numbers (a page is numbered when
        it is first added, after every page before it), so the page's are one run, found by bisection."""
        page = self.pages.pop(url)
        first, after = page.number << 32, (page.number + 1) << 32
        for key in self._postings_of(page.number, page.documents()):
            postings = self.postings[key]
            del postings[bisect_left(postings, first): bisect_left(postings, after)]
            self._touched.add(key)
            if not postings:
                del self.postings[key]

    def files(self) -> dict[str, str]:
        """{path under search/: file text}: the shards, the page files and the manifest. Pages are numbered in
        the order of their URLs, so the files do not depend on the order pages were added in."""
        ordered = sorted(self.pages)
        rank = [0] * self.next_page  # by page number: its place in URL order
        for n, url in enumerate(ordered):
            rank[self.pages[url].number] = n
        entries = self._entries
        if ordered == self._entries_order:  # the same pages in the same places: only changed postings are written again
            for key in self._touched:
                if key in self.postings:
                    entries[key] = _entry(key, self.postings[key], rank)
                else:
                    entries.pop(key, None)
        else:
            entries = self._entries = {key: _entry(key, postings, rank) for key, postings in self.postings.items()}
            self._entries_order = ordered
        self._touched = set()
        shards = _split(sorted(entries), entries)
        files = {f"s/{n}.js": f'{PREFIX}{{"k":"s/{n}","keys":{{{",".join(entries[k] for k in keys)}}}}})\n'
                 for n, (_, keys) in enumerate(shards)}
        for n, url in enumerate(ordered):
            files[f"p/{n}.js"] = f'{PREFIX}{{"k":"p/{n}","docs":{self.pages[url].docs_json}}})\n'
        digest = hashlib.sha1()
        for path in sorted(files):
            digest.update(files[path].encode())
        manifest = {"k": "manifest", "format": FORMAT, "version": digest.hexdigest()[:12], "pages": len(ordered),
                    "docs": sum(len(page.fields) for page in self.pages.values()),
                    "shards": front_code([prefix for prefix, _ in shards])}
        files["manifest.js"] = _script(manifest)
        return files


def _weights(doc: Document, tokenizer: Tokenizer) -> dict[str, int]:
    """Each key's weight in one document: BM25-saturated frequency per field, times the field's weight, summed,
    as an integer (tenths)."""
    fields = [(doc.text, TEXT), (doc.title, doc.title_weight)] + [(name, NAME_BOOST) for name in doc.names]
    fields = [(tokenizer.counts(text), boost) for text, boost in fields if boost and text]
    if len(fields) == 1 and not doc.names:  # a paragraph: one field, so a table of weights by frequency
        counts, boost = fields[0]
        table = [max(1, round(10 * weight)) for weight in _saturation(counts, boost)]
        return {key: table[tf] for key, tf in counts.items()}
    total: Counter[str] = Counter()
    for counts, boost in fields:
        table = _saturation(counts, boost)
        for key, tf in counts.items():
            total[key] += table[tf]
    for name in doc.names:
        total[name_key(name)] += NAME_BOOST * 2
    return {key: min(MAX_WEIGHT, max(1, round(weight * 10))) for key, weight in total.items()}


def _saturation(counts: Counter[str], boost: float) -> list[float]:
    """The field's weight of a key by its frequency (index): BM25's saturation, the field this long."""
    norm = K1 * (1 - B + B * sum(counts.values()) / LENGTH_NORM)
    return [boost * tf * (K1 + 1) / (tf + norm) for tf in range(max(counts.values(), default=0) + 1)]


def _entry(key: str, postings: array, rank: list[int]) -> str:
    """`"key":[df, page, doc, weight, page delta, doc, weight, ...]`, the best POSTINGS_KEPT in page order."""
    if len(postings) > POSTINGS_KEPT:
        # The heaviest, the first in page order among equals: as integers that sort that way (weight, then the
        # complement of page and document), so that the selection compares plain integers.
        best = nlargest(POSTINGS_KEPT, [(p & 0xFFFF) << 48 | (_LOW48 - (rank[p >> 32] << 16 | (p >> 16 & 0xFFFF)))
                                        for p in postings])
        packed = sorted((_LOW48 - (b & _LOW48)) << 16 | b >> 48 for b in best)
    else:
        packed = sorted(rank[p >> 32] << 32 | (p & 0xFFFFFFFF) for p in postings)
    parts, previous = [], 0
    for p in packed:
        page = p >> 32
        parts.append(f"{page - previous},{p >> 16 & 0xFFFF},{p & 0xFFFF}")
        previous = page
    return f'{json.dumps(key, ensure_ascii=False)}:[{len(postings)},{",".join(parts)}]'


_LOW48 = (1 << 48) - 1


def _docs_json(docs: list[Document]) -> str:
    """A page's documents as its file holds them."""
    return json.dumps([[d.location, d.title, d.text] for d in docs], ensure_ascii=False, separators=(",", ":"))


DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def front_code(prefixes: list[str]) -> str:
    """Sorted prefixes as one string: each is how many characters it shares with the one before (a base-36 digit)
    and the rest, separated by "|" (never part of a key). 15 KB for the 3,672 shards of 10,000 editorials,
    where a JSON list of them was 38 KB."""
    coded, previous = [], ""
    for prefix in prefixes:
        shared = 0
        while shared < min(len(prefix), len(previous), len(DIGITS) - 1) and prefix[shared] == previous[shared]:
            shared += 1
        coded.append(DIGITS[shared] + prefix[shared:])
        previous = prefix
    return "|".join(coded)


def front_decode(coded: str) -> list[str]:
    prefixes, previous = [], ""
    for part in coded.split("|"):
        previous = previous[: DIGITS.index(part[0])] + part[1:]
        prefixes.append(previous)
    return prefixes


def _split(keys: list[str], entries: dict[str, str], prefix: str = "") -> list[tuple[str, list[str]]]:
    """Shards (prefix, keys) of sorted `keys`, all starting with `prefix`: one if small enough, else one per
    next character (keys that are exactly the prefix stay in the prefix's own shard)."""
    if not keys:
        return []
    if prefix and (len(keys) == 1 or sum(len(entries[k]) + 1 for k in keys) <= SHARD_BYTES):
        return [(prefix, keys)]
    depth = len(prefix) + 1
    own = [k for k in keys if len(k) < depth]
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if len(key) >= depth:
            groups[key[:depth]].append(key)
    shards = [(prefix, own)] if own else []
    for child in sorted(groups):
        shards += _split(groups[child], entries, child)
    return shards


PREFIX = "glossatorSearch("


def _script(data: dict) -> str:
    return PREFIX + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ")\n"


def write_assembled(folder: Path, files: Mapping[str, str]) -> dict[str, int]:
    """Write assembled files (`SearchIndex.files`, or a cached copy of what it gave) into `folder`."""
    for sub in ("s", "p"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        write_text(folder / path, text)
    return {"files": len(files), "bytes": sum(len(t.encode()) for t in files.values())}
