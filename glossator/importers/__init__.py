"""Source editorials (plain text, saved HTML pages) -> canonical Markdown pages."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .base import Finding, SourceEditorial, render_page

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def read_source(path: Path, *, url: str = "", accept_truncated: bool = False) -> SourceEditorial:
    """Parse a source file, choosing the importer by suffix (or an HTML sniff).

    Raises TruncatedSource for plain text cut off mid-sentence, unless `accept_truncated`.
    """
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    raw = data.decode("utf-8", errors="replace")
    if path.suffix.lower() in HTML_SUFFIXES or raw.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
        from .html import parse_html

        editorial = parse_html(data, url=url)  # bytes: the page's own charset declaration decides
    else:
        from .text import parse_text

        editorial = parse_text(raw, accept_truncated=accept_truncated)
    editorial.source_url = url or editorial.source_url
    editorial.imported_from = path.name
    if not editorial.date:
        editorial.findings.append(Finding("warning", "no date", "no publication date found: the page is imported undated "
                                          "(its address has no date); add `date:` to its front matter if the source shows one"))
    return editorial


@dataclass
class ImportOutcome:
    """What importing one source did: 'written', 'unchanged', 'conflict' (with a diff), 'failed' or 'dry run'.

    `editorial` carries the import report (its findings); `page_text` is the
    page as it would be written.
    """

    source: Path
    page: Path
    status: str
    diff: str = ""
    problem: str = ""
    editorial: SourceEditorial | None = None
    page_text: str = ""


def import_source(
    path: Path, editorials_dir: Path, *, url: str = "", force: bool = False, dry_run: bool = False, accept_truncated: bool = False
) -> ImportOutcome:
    """Write the page for one source. A changed page is only overwritten with `force`; `dry_run` writes nothing."""
    from .text import TruncatedSource

    try:
        editorial = read_source(path, url=url, accept_truncated=accept_truncated)
    except TruncatedSource as cut:
        return ImportOutcome(path, editorials_dir, "failed", problem=f"{cut}; import the complete text, or pass "
                             "--accept-truncated to import it as it is")
    if not editorial.title or not editorial.paragraph_texts:
        return ImportOutcome(path, editorials_dir, "failed", problem="no headline or no body paragraphs found", editorial=editorial)
    page = editorials_dir / f"{editorial.slug}.md"
    text = render_page(editorial)
    if dry_run:
        return ImportOutcome(path, page, "dry run", editorial=editorial, page_text=text)
    if page.exists():
        old = page.read_text(encoding="utf-8")
        if old == text:
            return ImportOutcome(path, page, "unchanged", editorial=editorial, page_text=text)
        if not force:
            diff = "".join(
                difflib.unified_diff(old.splitlines(True), text.splitlines(True), str(page), f"{page} (from {path.name})")
            )
            return ImportOutcome(path, page, "conflict", diff=diff, editorial=editorial, page_text=text)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return ImportOutcome(path, page, "written", editorial=editorial, page_text=text)


def report_lines(editorial: SourceEditorial, *, width: int = 100) -> list[str]:
    """The import report: the paragraph count, then each finding on one line, shortened, with its reason.

    Dropped blocks, blocks kept though the importer was unsure, and warnings
    (in full: they name what to check): nothing an importer leaves out goes unsaid.
    """
    dropped = sum(finding.action == "dropped" for finding in editorial.findings)
    lines = [f"{len(editorial.paragraph_texts)} paragraphs, {dropped} dropped block{'s' if dropped != 1 else ''}"]
    for finding in editorial.findings:
        head = f"  {finding.action} ({finding.reason}): "
        lines.append(head + (finding.text if finding.action == "warning" else shorten(finding.text, width - len(head))))
    return lines


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters: the start of the text, and an ellipsis if it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 1)].rstrip() + "…"
