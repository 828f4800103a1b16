"""Checks that need both the editorials and the notes: anchors, quotes, ids."""

from __future__ import annotations

import difflib
import re

from .diagnostics import Diagnostic
from .index import references
from .model import Corpus, Editorial, Loc, Note
from .text import PLAIN_URL, normalize_space

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "«": '"', "»": '"'})


def loose(text: str) -> str:
    """Text compared ignoring whitespace runs and the style of quote marks."""
    return normalize_space(text).translate(_QUOTE_MARKS)


def find_quote(editorial: Editorial, quote: str) -> list[int]:
    """Numbers of the paragraphs that contain `quote` exactly (whitespace-normalised)."""
    wanted = normalize_space(quote)
    return [p.number for p in editorial.paragraphs if wanted in p.text]


def _quote_problem(note: Note, editorial: Editorial) -> Diagnostic | None:
    paragraph = editorial.paragraph(note.paragraph)
    if paragraph is None or normalize_space(note.quote) in paragraph.text:
        return None
    loc = note.loc_of("quote")
    elsewhere = [n for n in find_quote(editorial, note.quote) if n != note.paragraph]
    if elsewhere:
        return Diagnostic(loc, "quote-elsewhere", f"quote not found in ¶{note.paragraph}; it occurs in ¶{elsewhere[0]}",
                          f"move this note to annotations/{note.slug}/{elsewhere[0]}.yml (or run `glossator reanchor`)")
    if loose(note.quote) in loose(paragraph.text):
        return Diagnostic(loc, "quote-marks", f"quote not found in ¶{note.paragraph} as written; it differs only in quote marks or spaces",
                          "copy the quote from the page, with its curly quotes (“ ” ‘ ’), or run `glossator reanchor`")
    candidates = difflib.get_close_matches(note.quote, _windows(paragraph.text, len(note.quote.split())), n=1, cutoff=0.5)
    hint = f"the closest passage in ¶{note.paragraph} is {candidates[0]!r}" if candidates else "copy the exact words from the paragraph"
    return Diagnostic(loc, "quote-not-found", f"quote not found in ¶{note.paragraph}: {note.quote!r}", hint)


def _windows(text: str, size: int) -> list[str]:
    """Every run of `size` consecutive words: the candidates a misquote is compared with."""
    words = text.split(" ")
    return [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]


def validate(corpus: Corpus) -> list[Diagnostic]:
    """Problems between notes and the pages they annotate."""
    problems: list[Diagnostic] = []
    ids: dict[tuple[str, str], Note] = {}
    reported_slugs: set[str] = set()
    for note in corpus.notes:
        editorial = corpus.editorials.get(note.slug)
        if editorial is None:
            if note.slug not in reported_slugs:
                reported_slugs.add(note.slug)
                close = difflib.get_close_matches(note.slug, list(corpus.editorials), n=1)
                problems.append(Diagnostic(Loc(note.loc.path.rsplit("/", 1)[0]), "unknown-slug",
                                           f"no editorial page has the slug {note.slug!r}",
                                           f"did you mean {close[0]!r}?" if close else "rename the folder after a page in docs/editorials/"))
            continue
        count = len(editorial.paragraphs)
        if not 1 <= note.paragraph <= count:
            problems.append(Diagnostic(note.loc, "no-such-paragraph",
                                       f"¶{note.paragraph} does not exist: {note.slug} has {count} paragraphs",
                                       f"rename the file to the number of the paragraph (1-{count}) shown on the page" if count
                                       else "the page has no paragraphs: fix the page first, then move the note to its paragraph"))
            continue
        if note.quote:
            problem = _quote_problem(note, editorial)
            if problem:
                problems.append(problem)
        if note.id:
            first = ids.setdefault((note.slug, note.id), note)
            if first is not note:
                problems.append(Diagnostic(note.loc, "duplicate-id", f"id {note.id!r} is already used by the note at {first.loc}",
                                           "give each note of an editorial its own id"))
    problems.extend(references.collect(corpus)[1])
    return problems


_MARKUP = ("<", "](", "]:", "&#")
"""Only text containing one of these can make Markdown produce markup the sanitiser removes."""
_PLAIN_LINK = re.compile(rf"\[[\w ,.:;'\"’“”()–-]+\]\({PLAIN_URL}\)", re.I)
"""A source that is one link, plain words to a plain http(s) address: the sanitiser keeps all of it (most sources are)."""


def _may_lose_markup(text: str) -> bool:
    return any(mark in text for mark in _MARKUP) and not _PLAIN_LINK.fullmatch(text)


def markup_problems(corpus: Corpus) -> list[Diagnostic]:
    """What the sanitiser would remove from notes and glossary entries, found without building.

    The build reports the same while rendering; `check` renders only the texts
    that could hold markup, so it stays fast on thousands of notes.
    """
    from .render.notes import NoteRenderer

    problems: list[Diagnostic] = []
    renderer = NoteRenderer(problems)
    for note in corpus.notes:
        if _may_lose_markup(note.body):
            renderer.markdown_html(note.body, note.loc_of("note"))
        for source in note.sources:
            if _may_lose_markup(source):
                renderer.inline_html(source, note.loc_of("sources"))
    for term in corpus.terms.values():
        if _may_lose_markup(term.body):
            renderer.markdown_html(term.body, Loc(term.loc.path, term.body_line))
        for source in term.sources:
            if _may_lose_markup(source):
                renderer.inline_html(source, term.loc_of("sources"))
    return problems
