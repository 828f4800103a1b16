"""Glossary pages: a term's header and generated sections, and the A-Z index."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable
from html import escape
from itertools import groupby

from ..index.site import SiteIndex
from ..model import Note, Term
from ..search import SEARCH_EXCLUDE
from ..text import escape_markdown, normalize_space
from .editorial import display_date

NOTE_EXCERPT = 160


def _sort_key(term: Term) -> str:
    return unicodedata.normalize("NFKD", term.term).casefold()


def _initial(term: Term) -> str:
    first = _sort_key(term)[:1].upper()
    return first if first.isalpha() else "#"


def term_header_html(term: Term) -> str:
    details = []
    if term.chinese:
        details.append(f'<span lang="zh">{escape(" · ".join(term.chinese))}</span>')
    if term.pinyin:
        details.append(f'<span class="gl-term-page__pinyin">{escape(" · ".join(term.pinyin))}</span>')
    others = [a for a in term.aliases if a not in term.chinese]
    if others:
        details.append(f'<span class="gl-term-page__aliases">Also: {escape(", ".join(others))}</span>')
    return (f'<h1 id="top">{escape(term.term)}</h1>'
            + (f'<p class="gl-term-page__names">{" — ".join(details)}</p>' if details else "")
            + f'<p class="gl-term-page__summary">{escape(term.summary)}</p>')


TERM_LIST_LATEST = 50
"""Paragraphs and notes listed on a term page: it stays the same size however often the term is used."""


def _only_latest(count: int, what: str) -> str:
    return (f'<p class="gl-term-page__latest">The {TERM_LIST_LATEST} most recent of {count:,} {what}; '
            "search for the term to find them all.</p>")


def _excerpt(note: Note) -> str:
    text = normalize_space(note.body)
    return text if len(text) <= NOTE_EXCERPT else text[: NOTE_EXCERPT].rsplit(" ", 1)[0] + " …"


def term_sections_html(term: Term, index: SiteIndex, href: Callable[[str, str], str],
                       sources_html: Callable[[str], str], editorials_dir: str, glossary_dir: str) -> str:
    """See also, sources, "Appears in" and the notes that mention the term.

    `href(src_uri, anchor)` links from the term page; `sources_html` renders an
    untrusted Markdown source line safely.
    """
    parts = []
    see_also = [index.corpus.terms[s] for s in term.see_also if s in index.corpus.terms]
    if see_also:
        links = ", ".join(f'<a href="{escape(href(f"{glossary_dir}/{t.slug}.md", ""))}">{escape(t.term)}</a>' for t in see_also)
        parts.append(f'<p class="gl-see-also"><strong>See also:</strong> {links}</p>')
    if term.sources:
        items = "".join(f"<li>{sources_html(s)}</li>" for s in term.sources)
        parts.append(f'<h2 id="sources">Sources</h2><ul class="gl-sources">{items}</ul>')
    occurrences = index.occurrences.get(term.slug, [])
    parts.append(f'<h2 id="appears-in">Appears in ({len(occurrences):,})</h2>')
    if len(occurrences) > TERM_LIST_LATEST:
        parts.append(_only_latest(len(occurrences), "paragraphs"))
    if occurrences:
        items = "".join(
            f'<li><a href="{escape(href(f"{editorials_dir}/{o.editorial.slug}.md", f"p{o.paragraph}"))}">'
            f"{escape(o.editorial.title)}, ¶{o.paragraph}</a> "
            f'<time datetime="{escape(o.editorial.date)}">{escape(display_date(o.editorial.date))}</time>'
            f'<br><span class="gl-snippet">{escape(o.snippet)}</span></li>'
            for o in occurrences[:TERM_LIST_LATEST])
        parts.append(f'<ul class="gl-appears-in" {SEARCH_EXCLUDE}>{items}</ul>')
    else:
        parts.append("<p>Not yet found in any editorial.</p>")
    notes = [n for n in index.notes_mentioning.get(term.slug, []) if n.slug in index.corpus.editorials]
    if notes:
        items = "".join(
            f'<li><a href="{escape(href(f"{editorials_dir}/{n.slug}.md", n.anchor))}">'
            f"{escape(index.corpus.editorials[n.slug].title if n.slug in index.corpus.editorials else n.slug)}, "
            f"note on ¶{n.paragraph}</a><br><span class=\"gl-snippet\">{escape(_excerpt(n))}</span></li>"
            for n in notes[:TERM_LIST_LATEST])
        latest = _only_latest(len(notes), "notes") if len(notes) > TERM_LIST_LATEST else ""
        parts.append(f'<h2 id="notes">In notes ({len(notes):,})</h2>{latest}<ul class="gl-term-notes" {SEARCH_EXCLUDE}>{items}</ul>')
    return "".join(parts)


def glossary_index_markdown(terms: list[Term], from_page: str, glossary_dir: str) -> str:
    """Terms A-Z with summary, Chinese and pinyin, as Markdown (MkDocs checks the links)."""
    base = posixpath.dirname(from_page) or "."
    lines = []
    for letter, group in groupby(sorted(terms, key=_sort_key), key=_initial):
        lines.append(f"\n### {letter}\n")
        for term in group:
            target = posixpath.relpath(f"{glossary_dir}/{term.slug}.md", base)
            names = "".join([
                f' <span lang="zh">{escape(" · ".join(term.chinese))}</span>' if term.chinese else "",
                f' <span class="gl-pinyin">{escape(term.pinyin[0])}</span>' if term.pinyin else "",
            ])
            lines.append(f"- **[{escape_markdown(term.term)}]({target})**{names}  \n  {escape_markdown(term.summary)}")
    return "\n".join(lines) if lines else "*No terms yet.*"
