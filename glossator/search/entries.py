"""The documents of a page: what a search hit leads to, at paragraph depth on an editorial.

Material's search plugin splits a page at its headings; an editorial has no
headings between paragraphs, so a hit would only open the page. An editorial
gives one document per paragraph (its text and its notes, so that a word of a
note finds its paragraph, ranked with it), located at `#pN`, plus a short one
for the page itself. Other pages keep the sections Material's plugin found.
"""

from __future__ import annotations

from ..model import Corpus, Editorial, Term
from ..render.sanitize import markup_text
from ..text import normalize_space
from .index import Document

SEARCH_EXCLUDE = "data-search-exclude"
"""Material's search skips an element with this attribute. Lists of snippets repeat text that the
search already finds where it belongs (the paragraph, the note): indexed again, they would double
the index and rank a term page above the paragraph itself."""


def html_text(html: str) -> str:
    """The visible words of our own rendered notes, tags counting as spaces."""
    return normalize_space(markup_text(html, " "))


def editorial_documents(editorial: Editorial, location: str, notes_text: dict[int, str]) -> list[Document]:
    """The page's own document, then one per paragraph: its text followed by its notes."""
    about = " · ".join(filter(None, [editorial.source, editorial.date[:10], ", ".join(editorial.tags)]))
    docs = [Document(location, editorial.title, about)]
    for block in editorial.paragraphs:
        text = block.text + (" " + notes_text[block.number] if notes_text.get(block.number) else "")
        docs.append(Document(f"{location}#p{block.number}", f"¶{block.number} · {editorial.title}", text, title_weight=0))
    return docs


def section_documents(entries: list[dict], term: Term | None = None) -> list[Document]:
    """Documents of the sections Material's plugin found on a page (its entries hold HTML); a term's page
    also carries the term's names on its first document."""
    docs = [Document(e["location"], html_text(e["title"]), html_text(e["text"])) for e in entries]
    if term and docs:
        docs[0] = Document(docs[0].location, docs[0].title, docs[0].text, names=tuple(term.forms))
    return docs


def chinese_words(corpus: Corpus) -> list[str]:
    """Glossary spellings in Chinese, indexed whole where they occur so that a search for the term finds it."""
    return sorted({alias for term in corpus.terms.values() for alias in term.chinese})
