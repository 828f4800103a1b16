"""Search entries that lead to the paragraph, not just the page.

Material's search plugin splits a page at its headings; an editorial has no
headings between paragraphs, so a hit would only open the page. We replace an
editorial's entries with one per paragraph (its text and its notes), located
at `#pN`, plus a short entry for the page itself.
"""

from __future__ import annotations

from html import escape

from .model import Corpus, Editorial
from .render.sanitize import markup_text
from .text import normalize_space


SEARCH_EXCLUDE = "data-search-exclude"
"""Material's search skips an element with this attribute. Lists of snippets repeat text that the
search already finds where it belongs (the paragraph, the note): indexed again, they would double
the index and rank a term page above the paragraph itself."""


def html_text(html: str) -> str:
    """The visible words of our own rendered notes, tags counting as spaces."""
    return normalize_space(markup_text(html, " "))


def editorial_entries(editorial: Editorial, location: str, notes_text: dict[int, str]) -> list[dict]:
    """The page's own entry, then one per paragraph: its text followed by its notes."""
    about = " · ".join(filter(None, [editorial.source, editorial.date[:10], ", ".join(editorial.tags)]))
    entries = [{"location": location, "title": editorial.title, "text": escape(about)}]
    for block in editorial.paragraphs:
        text = block.text + (" " + notes_text[block.number] if notes_text.get(block.number) else "")
        entries.append({"location": f"{location}#p{block.number}", "title": f"¶{block.number} · {editorial.title}",
                        "text": escape(text)})
    return entries


def chinese_words(corpus: Corpus) -> list[str]:
    """Glossary spellings in Chinese, which the segmenter must keep whole so they can be found."""
    return sorted({alias for term in corpus.terms.values() for alias in term.chinese})
