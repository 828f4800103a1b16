"""`[[...]]` cross-references: found in the sources before anything renders.

Every editorial, paragraph and term is known once the corpus is loaded, so
references resolve in one pass and backlinks are complete before the first
page is written (mkdocs-autorefs needs two passes because it learns its
anchors while rendering; we do not).
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import Corpus, Loc, Note, Ref, Term

REFERENCE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_PARAGRAPH = re.compile(r"^(?P<slug>[^#\s]+)#p(?P<n>\d{1,4})$")
_TERM_PREFIX = "glossary:"


@dataclass(frozen=True)
class Citation:
    """A reference that resolves, and what holds it (a note or a glossary term)."""

    ref: Ref
    origin: Note | Term


def parse_target(target: str) -> tuple[str, str, int | None] | None:
    """('term'|'paragraph'|'editorial', slug, paragraph) for the text between [[ and ]]; None if malformed."""
    target = target.strip()
    if target.startswith(_TERM_PREFIX):
        slug = target[len(_TERM_PREFIX):].strip()
        return ("term", slug, None) if slug else None
    match = _PARAGRAPH.match(target)
    if match:
        return "paragraph", match["slug"], int(match["n"])
    return ("editorial", target, None) if re.fullmatch(r"[\w.-]+", target) else None


def scan(text: str, path: str, first_line: int) -> tuple[list[Ref], list[Diagnostic]]:
    """Every reference in `text`, located: `first_line` is the line where `text` starts in `path`."""
    refs, problems = [], []
    for match in REFERENCE.finditer(text):
        loc = Loc(path, first_line + text.count("\n", 0, match.start()))
        parsed = parse_target(match[1])
        if parsed is None:
            problems.append(Diagnostic(loc, "bad-reference", f"cannot read the reference {match[0]!r}",
                                       "write [[slug]], [[slug#p5]] or [[glossary:term]], with an optional |label"))
            continue
        kind, slug, paragraph = parsed
        refs.append(Ref(kind, slug, paragraph, (match[2] or "").strip(), loc, match[0]))
    return refs, problems


def check(ref: Ref, corpus: Corpus) -> Diagnostic | None:
    """Why `ref` points nowhere, or None when it resolves."""
    if ref.kind == "term":
        if ref.slug not in corpus.terms:
            return Diagnostic(ref.loc, "unknown-term", f"{ref.raw}: there is no glossary term {ref.slug!r}",
                              "use the file name of a page in docs/glossary/ without .md")
        return None
    editorial = corpus.editorials.get(ref.slug)
    if editorial is None:
        return Diagnostic(ref.loc, "unknown-editorial", f"{ref.raw}: there is no editorial {ref.slug!r}",
                          "use the slug of a page in docs/editorials/ (its file name without .md)")
    if ref.paragraph is not None and editorial.paragraph(ref.paragraph) is None:
        return Diagnostic(ref.loc, "unknown-paragraph",
                          f"{ref.raw}: {ref.slug} has no ¶{ref.paragraph} (it has {len(editorial.paragraphs)})",
                          "check the paragraph number shown on the page")
    return None


def collect(corpus: Corpus) -> tuple[list[Citation], list[Diagnostic]]:
    """Every reference written in a note or a glossary page: those that resolve, and problems with the rest."""
    sources: list[tuple[Note | Term, str, str, int]] = [
        (note, note.body, note.loc.path, note.body_line or note.loc.line or 1) for note in corpus.notes
    ] + [(term, term.body, term.loc.path, term.body_line) for term in corpus.terms.values()]
    citations, problems = [], []
    for origin, text, path, line in sources:
        refs, found = scan(text, path, line)
        problems.extend(found)
        for ref in refs:
            problem = check(ref, corpus)
            if problem:
                problems.append(problem)
            else:
                citations.append(Citation(ref, origin))
    return citations, problems
