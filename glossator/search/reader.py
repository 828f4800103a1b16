"""Reads a built site's search index back (the format of index.py): for the tests and the benchmark."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .index import PREFIX, front_decode


def read_file(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not (text.startswith(PREFIX) and text.endswith(")\n")):
        raise ValueError(f"{path}: not a search index file")
    return json.loads(text[len(PREFIX):-2])


def decode(entry: list[int]) -> list[tuple[int, int, int]]:
    """[(page, document, weight)] of an encoded key."""
    postings, page = [], 0
    for i in range(1, len(entry), 3):
        page += entry[i]
        postings.append((page, entry[i + 1], entry[i + 2]))
    return postings


@dataclass
class SiteIndex:
    manifest: dict
    shards: list[dict]
    pages: list[list[list[str]]]

    @classmethod
    def read(cls, site_dir: Path) -> "SiteIndex":
        folder = site_dir / "search"
        manifest = read_file(folder / "manifest.js")
        return cls(manifest, [read_file(folder / "s" / f"{n}.js")["keys"] for n in range(len(front_decode(manifest["shards"])))],
                   [read_file(folder / "p" / f"{n}.js")["docs"] for n in range(manifest["pages"])])

    def entry(self, key: str) -> list[int] | None:
        return next((shard[key] for shard in self.shards if key in shard), None)

    def locations(self, key: str) -> list[str]:
        """Where `key` leads, best first."""
        postings = sorted(decode(self.entry(key) or [0]), key=lambda p: -p[2])
        return [self.pages[page][doc][0] for page, doc, _ in postings]

    def document(self, location: str) -> tuple[str, str]:
        """(title, text) of the document at `location`."""
        return next((title, text) for docs in self.pages for loc, title, text in docs if loc == location)

    def documents(self, prefix: str) -> list[str]:
        return [loc for docs in self.pages for loc, _, _ in docs if loc.startswith(prefix)]
