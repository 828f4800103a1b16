"""The prebuilt search index: computed per page, assembled into small shards at the end of a build.

Why not Material's lunr index: its search worker builds a lunr index of the
whole site in the reader's browser, from a `search_index.json` that holds every
word of the site (17 MB at 1,000 editorials), before the first answer. Here the
build does that work once, and the browser loads only what a query needs.

Files, under `search/` of the site (bench/README.md describes them in full):
- `manifest.js`: the shards' key prefixes and sizes, and the number of documents.
- `s/<n>.js`: shard n, the postings of every key starting with its prefix (and
  with no longer prefix in the manifest): key -> [df, page, doc, weight, ...],
  pages delta-coded. A key's postings are its `POSTINGS_KEPT` best documents,
  by weight; df counts them all (the ranking needs it).
- `p/<page>.js`: one page's documents [location, title, text]: what a result shows.

Every file is a JavaScript call `glossatorSearch({...JSON...})`: from `file://`
the browser loads it as a `<script>` (fetch is refused there), and the hosted
site may `fetch` it and parse the JSON between the parentheses.

Incremental builds: `PageIndex.of` depends on one page alone; `assemble` only
merges the pages' postings, so when one note changes, recompute that page's
`PageIndex`, replace it in the mapping given to `assemble`, and assemble again
(linear in the size of the index, no tokenising; the page files of the other
pages are unchanged when the set of pages is).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .tokens import Tokenizer, name_key

POSTINGS_KEPT = 300
"""Documents kept per key: a query shows 10 pages, and the best 300 of a word cover them (df keeps the true count)."""
SHARD_BYTES = 24_000
"""A shard is split by the next character of its keys above this size (unless it holds a single key)."""
LENGTH_NORM, K1, B = 60.0, 1.2, 0.5
"""BM25's saturation: a field of LENGTH_NORM words is of average length (a per-page constant: no global pass)."""
TITLE, NAME_BOOST, TEXT = 6.0, 20.0, 1.0
"""Field weights: a page's or section's title, a term's own names (and its `=name` key), running text."""
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


@dataclass
class PageIndex:
    """One page's contribution to the index: its documents, and each key's (document, weight) postings."""

    url: str
    docs: list[Document]
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, url: str, docs: list[Document], tokenizer: Tokenizer) -> "PageIndex":
        weights: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for number, doc in enumerate(docs):
            for key, weight in _weights(doc, tokenizer).items():
                weights[key].append((number, weight))
        return cls(url, docs, dict(weights))


def _weights(doc: Document, tokenizer: Tokenizer) -> dict[str, int]:
    """Each key's weight in one document: BM25-saturated frequency per field, times the field's weight, summed."""
    total: Counter[str] = Counter()
    fields = [(doc.text, TEXT), (doc.title, doc.title_weight)] + [(name, NAME_BOOST) for name in doc.names]
    for text, boost in fields:
        if not boost or not text:
            continue
        counts = Counter(tokenizer.keys(text))
        length = sum(counts.values())
        norm = K1 * (1 - B + B * length / LENGTH_NORM)
        for key, tf in counts.items():
            total[key] += boost * tf * (K1 + 1) / (tf + norm)
    for name in doc.names:
        total[name_key(name)] += NAME_BOOST * 2
    return {key: max(1, round(weight * 10)) for key, weight in total.items()}


@dataclass(frozen=True)
class Shard:
    prefix: str
    keys: dict[str, list[int]]
    size: int


def assemble(pages: Mapping[str, PageIndex]) -> dict[str, str]:
    """{path under search/: file text}: the shards, the page files and the manifest, from every page's contribution."""
    ordered = [pages[url] for url in sorted(pages)]
    merged: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for number, page in enumerate(ordered):
        for key, postings in page.postings.items():
            merged[key].extend((number, doc, weight) for doc, weight in postings)
    entries = {key: _encode(postings) for key, postings in merged.items()}
    sizes = {key: len(key) + len(json.dumps(value, separators=(",", ":"))) + 6 for key, value in entries.items()}
    shards = _split(sorted(entries), sizes, entries)
    files = {f"s/{n}.js": _script({"k": f"s/{n}", "keys": shard.keys}) for n, shard in enumerate(shards)}
    for number, page in enumerate(ordered):
        files[f"p/{number}.js"] = _script({"k": f"p/{number}", "docs": [[d.location, d.title, d.text] for d in page.docs]})
    manifest = {"k": "manifest", "format": FORMAT, "pages": len(ordered), "docs": sum(len(p.docs) for p in ordered),
                "shards": [[shard.prefix, len(files[f"s/{n}.js"].encode())] for n, shard in enumerate(shards)]}
    files["manifest.js"] = _script(manifest)
    return files


def _encode(postings: list[tuple[int, int, int]]) -> list[int]:
    """[df, page, doc, weight, page delta, doc, weight, ...]: the best POSTINGS_KEPT, in page order."""
    kept = sorted(postings, key=lambda p: (-p[2], p[0], p[1]))[:POSTINGS_KEPT] if len(postings) > POSTINGS_KEPT else postings
    kept = sorted(kept)
    encoded, last = [len(postings)], 0
    for page, doc, weight in kept:
        encoded += (page - last, doc, weight)
        last = page
    return encoded


def _split(keys: list[str], sizes: dict[str, int], entries: dict[str, list[int]], prefix: str = "") -> list[Shard]:
    """Shards of sorted `keys`, all starting with `prefix`: one if small enough, else one per next character."""
    if not keys:
        return []
    size = sum(sizes[k] for k in keys)
    if prefix and (size <= SHARD_BYTES or len(keys) == 1):
        return [Shard(prefix, {k: entries[k] for k in keys}, size)]
    depth = len(prefix) + 1
    own = [k for k in keys if len(k) < depth]  # exactly the prefix: stays in the prefix's own shard
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if len(key) >= depth:
            groups[key[:depth]].append(key)
    shards = [Shard(prefix, {k: entries[k] for k in own}, sum(sizes[k] for k in own))] if own else []
    for child in sorted(groups):
        shards += _split(groups[child], sizes, entries, child)
    return shards


PREFIX = "glossatorSearch("


def _script(data: dict) -> str:
    return PREFIX + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ")\n"


def write_index(folder: Path, pages: Mapping[str, PageIndex]) -> dict[str, int]:
    """Write the assembled index into `folder` (the site's search/); returns counts for the build's report."""
    files = assemble(pages)
    for sub in ("s", "p"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        (folder / path).write_text(text, encoding="utf-8")
    return {"files": len(files), "bytes": sum(len(t.encode()) for t in files.values())}

