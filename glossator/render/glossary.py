"""Glossary pages: a term's header and generated sections, and the A-Z index."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable
from itertools import groupby

from ..index.site import SiteIndex
from ..model import Note, Term
from ..text import normalize_space
from .templates import Templates, safe

NOTE_EXCERPT = 160


def _sort_key(term: Term) -> str:
    return unicodedata.normalize("NFKD", term.term).casefold()


def _initial(term: Term) -> str:
    """The heading a term is listed under: its first letter, "0–9" for a digit, "Other" for anything else.

    (A heading "#" reads as Markdown's closing hashes: it rendered as an empty heading.)"""
    first = _sort_key(term)[:1].upper()
    return first if first.isalpha() else "0–9" if first.isdigit() else "Other"


def term_header_html(templates: Templates, term: Term) -> str:
    return templates.render("partials/term-header.html", term=term, aliases=[a for a in term.aliases if a not in term.chinese])


TERM_LIST_LATEST = 50
"""Paragraphs and notes listed on a term page: it stays the same size however often the term is used."""


def _excerpt(note: Note) -> str:
    text = normalize_space(note.body)
    return text if len(text) <= NOTE_EXCERPT else text[: NOTE_EXCERPT].rsplit(" ", 1)[0] + " …"


def term_sections_html(templates: Templates, term: Term, index: SiteIndex, href: Callable[[str, str], str],
                       sources_html: Callable[[str], str], editorials_dir: str, glossary_dir: str) -> str:
    """See also, sources, "Appears in" and the notes that mention the term (partials/term-sections.html).

    `href(src_uri, anchor)` links from the term page; `sources_html` renders an
    untrusted Markdown source line safely.
    """
    corpus = index.corpus
    see_also = [corpus.terms[s] for s in term.see_also if s in corpus.terms]
    occurrences = index.occurrences.get(term.slug, [])
    notes = [n for n in index.notes_mentioning.get(term.slug, []) if n.slug in corpus.editorials]
    return templates.render(
        "partials/term-sections.html",
        see_also=[(href(f"{glossary_dir}/{t.slug}.md", ""), t) for t in see_also],
        sources=[safe(sources_html(s)) for s in term.sources],
        occurrences=len(occurrences),
        latest_occurrences=[(href(f"{editorials_dir}/{o.editorial.slug}.md", f"p{o.paragraph}"), o)
                            for o in occurrences[:TERM_LIST_LATEST]],
        notes=len(notes),
        latest_notes=[(href(f"{editorials_dir}/{n.slug}.md", n.anchor), corpus.editorials[n.slug].title, n, _excerpt(n))
                      for n in notes[:TERM_LIST_LATEST]],
        latest_limit=TERM_LIST_LATEST)




def glossary_index_markdown(templates: Templates, terms: list[Term], from_page: str, glossary_dir: str) -> str:
    """Terms A-Z with summary, Chinese and pinyin, as Markdown (MkDocs checks the links): partials/glossary-index.md."""
    base = posixpath.dirname(from_page) or "."
    letters = [(letter, [(posixpath.relpath(f"{glossary_dir}/{term.slug}.md", base), term) for term in group])
               for letter, group in groupby(sorted(terms, key=_sort_key), key=_initial)]
    return templates.render("partials/glossary-index.md", letters=letters)
