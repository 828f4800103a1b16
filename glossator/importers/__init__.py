"""Source editorials (plain text, saved HTML pages) -> canonical Markdown pages."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .base import SourceEditorial, render_page

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def read_source(path: Path, *, url: str = "") -> SourceEditorial:
    """Parse a source file, choosing the importer by suffix (or an HTML sniff)."""
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    raw = data.decode("utf-8", errors="replace")
    if path.suffix.lower() in HTML_SUFFIXES or raw.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
        from .html import parse_html

        editorial = parse_html(data, url=url)  # bytes: the page's own charset declaration decides
    else:
        from .text import parse_text

        editorial = parse_text(raw)
    editorial.source_url = url or editorial.source_url
    editorial.imported_from = path.name
    return editorial


@dataclass
class ImportOutcome:
    """What importing one source did: 'written', 'unchanged' or 'conflict' (with a diff)."""

    source: Path
    page: Path
    status: str
    diff: str = ""
    problem: str = ""


def import_source(path: Path, editorials_dir: Path, *, url: str = "", force: bool = False) -> ImportOutcome:
    """Write the page for one source. A changed page is only overwritten with `force`."""
    editorial = read_source(path, url=url)
    if not editorial.title or not editorial.paragraph_texts:
        return ImportOutcome(path, editorials_dir, "failed", problem="no headline or no body paragraphs found")
    page = editorials_dir / f"{editorial.slug}.md"
    text = render_page(editorial)
    if page.exists():
        old = page.read_text(encoding="utf-8")
        if old == text:
            return ImportOutcome(path, page, "unchanged")
        if not force:
            diff = "".join(
                difflib.unified_diff(old.splitlines(True), text.splitlines(True), str(page), f"{page} (from {path.name})")
            )
            return ImportOutcome(path, page, "conflict", diff=diff)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return ImportOutcome(path, page, "written")
