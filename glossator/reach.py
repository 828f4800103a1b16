"""Which pages a change of source files can reach: `mkdocs serve` rebuilds only those.

A page is made from its own files and from what the index says about the
others. For each file that changed between two builds (added, edited or
removed), both builds are asked what it touched, so that a note moved, a
reference removed or a spelling dropped is followed to where it was as well
as to where it is:

- a note file: its editorial's page; the editorials and terms its notes cite
  ("cited in" under the cited paragraph); the terms its notes mention (a
  term's page lists the notes that use it);
- an editorial page: its own page; the pages whose notes or definitions cite
  it (labels name its outlet and date); the terms that occur in it ("appears
  in"); the editorials that list it, or whose list changed, under "related";
- a glossary page: its own page; the editorials where its spellings occur
  in the text or in a note, and the terms whose definitions use them (its
  links, or another term's where they overlap), and if its name or summary
  changed (which its links and labels show), all of those and the terms that
  link to it (`see_also`) and the pages that cite it; else only those whose
  texts the two glossaries match differently (an alias added redoes the
  pages where it occurs); the related editorials again.

Every other page (home, listings, contributors, the glossary's index) is
made again when its text or what its listings show changed
(`SiteBuild.pages_to_rebuild`). A page that is rebuilt comes from the
build cache if its inputs turn out unchanged, so a rule that reaches too far
costs little; one that reached too little would leave a page stale, which
`tests/test_serve.py` checks against a full build after each kind of edit.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Protocol

from .index.references import REFERENCE, parse_target
from .index.site import SiteIndex
from .index.terms import fold
from .load.glossary import alias_key
from .model import Corpus, Note
from .project import Sources


class Built(Protocol):
    sources: Sources
    corpus: Corpus
    index: SiteIndex
    notes_by_slug: dict[str, list[Note]]

    def related_slugs(self) -> dict[str, list[str]]: ...


def reached(before: Built, after: Built) -> tuple[set[str], set[str]]:
    """(editorial slugs, term slugs) whose pages the files changed between `before` and `after` can change."""
    old, new = before.sources.files, after.sources.files
    changed = [shown for shown in old.keys() | new.keys() if (old[shown].key if shown in old else None) != (new[shown].key if shown in new else None)]
    editorials: set[str] = set()
    terms: set[str] = set()
    for build in (before, after):
        citers = _citers(build.corpus, build.index)
        notes_at = _notes_by_path(build.corpus)
        for shown in changed:
            file = new.get(shown) or old[shown]
            if file.kind == "notes":
                editorials.add(file.slug)
                for note in notes_at.get(shown, []):
                    _note_reach(note, build.index, editorials, terms)
            elif file.kind == "editorial":
                editorials.add(file.slug)
                _add_citers(citers, file.slug, editorials, terms)
                terms.update(build.index.term_counts.get(file.slug, ()))
                editorials.update(slug for slug, related in build.related_slugs().items() if file.slug in related)
    for slug in {(new.get(shown) or old[shown]).slug for shown in changed if (new.get(shown) or old[shown]).kind == "term"}:
        _term_reach(slug, before, after, editorials, terms)
    if any(old[s].kind != "notes" for s in changed if s in old) or any(new[s].kind != "notes" for s in changed if s in new):
        before_related, after_related = before.related_slugs(), after.related_slugs()
        editorials.update(slug for slug in before_related.keys() | after_related.keys() if before_related.get(slug) != after_related.get(slug))
    return editorials, terms


def _notes_by_path(corpus: Corpus) -> dict[str, list[Note]]:
    found: dict[str, list[Note]] = defaultdict(list)
    for note in corpus.notes:
        found[note.loc.path].append(note)
    return found


def _citers(corpus: Corpus, index: SiteIndex) -> dict[str, tuple[set[str], set[str]]]:
    """For each editorial or term cited anywhere: the editorials (through their notes) and terms that cite it."""
    found: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for citation in index.citations:
        origin = citation.origin
        found[citation.ref.slug][0 if isinstance(origin, Note) else 1].add(origin.slug)
    return found


def _add_citers(citers, slug: str, editorials: set[str], terms: set[str]) -> None:
    if slug in citers:
        editorials.update(citers[slug][0])
        terms.update(citers[slug][1])


def _note_reach(note: Note, index: SiteIndex, editorials: set[str], terms: set[str]) -> None:
    for text in (note.body, *note.sources):
        for match in REFERENCE.finditer(text):
            target = parse_target(match[1])
            if target:
                (terms if target[0] == "term" else editorials).add(target[1])
        terms.update(m.term.slug for m in index.matcher.find(text))


def _term_reach(slug: str, before: Built, after: Built, editorials: set[str], terms: set[str]) -> None:
    terms.add(slug)
    old, new = before.corpus.terms.get(slug), after.corpus.terms.get(slug)
    if old is None or new is None or (old.term, old.summary) != (new.term, new.summary):
        for build in (before, after):
            index, corpus = build.index, build.corpus
            editorials.update(occurrence.editorial.slug for occurrence in index.occurrences.get(slug, ()))
            editorials.update(note.slug for note in index.notes_mentioning.get(slug, ()))
            for note in corpus.notes:  # a link in a note's sources, which `notes_mentioning` (bodies) does not see
                if any(m.term.slug == slug for source in note.sources for m in index.find(source)):
                    editorials.add(note.slug)
            terms.update(other.slug for other in corpus.terms.values()
                         if slug in other.see_also or any(m.term.slug == slug for text in (other.body, *other.sources) for m in index.find(text)))
            _add_citers(_citers(corpus, index), slug, editorials, terms)
        return
    # Only its spellings changed: matches can differ only where an added or removed spelling occurs (the matcher
    # looks for each spelling's key in the folded text), so those pages are made again, and no other.
    spellings = {alias_key(form) for form in set(old.forms) ^ set(new.forms)} - {""}
    if not spellings:
        return
    for build in (before, after):
        editorials.update(editorial for editorial in build.corpus.editorials
                          if editorial not in editorials and _mentions(_editorial_texts(build.corpus, build.notes_by_slug, editorial), spellings))
        terms.update(term.slug for term in build.corpus.terms.values()
                     if term.slug not in terms and _mentions((term.body, *term.sources), spellings))


def _editorial_texts(corpus: Corpus, notes: dict[str, list[Note]], slug: str) -> list[str]:
    """The texts of an editorial's page where terms are linked: its paragraphs, and its notes (as written, and with
    their entities read, as Markdown renders them)."""
    editorial = corpus.editorials.get(slug)
    texts = [block.text for block in editorial.paragraphs] if editorial else []
    for note in notes.get(slug, []):
        for text in (note.body, *note.sources):
            texts += [text, html.unescape(text)]
    return texts


def _mentions(texts, spellings: set[str]) -> bool:
    """Whether any spelling's key occurs in any text, as the term matcher would look for it."""
    return any(spelling in fold(text) for text in texts for spelling in spellings)
