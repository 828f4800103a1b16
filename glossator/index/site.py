"""Everything the pages need to know about each other, computed once per build.

Term occurrences ("appears in"), notes that mention a term, cross-references
and their backlinks ("cited in"), and related editorials. Pure: built from the
corpus and a TermMatcher, with no knowledge of how pages are rendered.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from math import log

from ..model import Corpus, Editorial, Note
from .references import Citation, collect
from .terms import Match, TermMatcher

SNIPPET_RADIUS = 70


@dataclass(frozen=True)
class Occurrence:
    """A term found in a paragraph: where, and a snippet of text around it."""

    editorial: Editorial
    paragraph: int
    snippet: str


def snippet(text: str, start: int, end: int, radius: int = SNIPPET_RADIUS) -> str:
    """Text around [start, end), cut at spaces, with ellipses where it was cut."""
    left = max(0, start - radius)
    right = min(len(text), end + radius)
    if left > 0:
        left = text.find(" ", left, start) + 1 or left
    if right < len(text):
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) > 0 else right
    return ("… " if left > 0 else "") + text[left:right].strip() + (" …" if right < len(text) else "")


@dataclass
class SiteIndex:
    corpus: Corpus
    matcher: TermMatcher
    occurrences: dict[str, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))
    term_counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    notes_mentioning: dict[str, list[Note]] = field(default_factory=lambda: defaultdict(list))
    citations: list[Citation] = field(default_factory=list)
    backlinks: dict[tuple[str, int | None], list[Citation]] = field(default_factory=lambda: defaultdict(list))
    features: dict[str, set[str]] = field(default_factory=dict)
    postings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    remembered: Callable[[str], list[Match]] | None = field(default=None, repr=False)
    """The matcher's `find` with a memory of earlier texts (see `build`)."""

    @classmethod
    def build(cls, corpus: Corpus, remembered: Callable[[TermMatcher], Callable[[str], list[Match]]] | None = None) -> "SiteIndex":
        """`remembered(matcher)`, if given, is the matcher's `find` with a memory of earlier texts (a build cache)."""
        index = cls(corpus, TermMatcher(list(corpus.terms.values())))
        index.remembered = remembered(index.matcher) if remembered else None
        index._index_terms()
        index._index_references()
        index._index_features()
        return index

    def find(self, text: str) -> list[Match]:
        """The terms in `text` (as `TermMatcher.find`, through the memory given to `build`)."""
        return (self.remembered or self.matcher.find)(text)

    def _index_terms(self) -> None:
        for editorial in self.corpus.editorials.values():
            for block in editorial.paragraphs:
                seen = set()
                for match in self.find(block.text):
                    self.term_counts[editorial.slug][match.term.slug] += 1
                    if match.term.slug not in seen:
                        seen.add(match.term.slug)
                        self.occurrences[match.term.slug].append(
                            Occurrence(editorial, block.number, snippet(block.text, match.start, match.end)))
        for occurrences in self.occurrences.values():
            occurrences.sort(key=lambda o: (o.editorial.date, o.editorial.slug, -o.paragraph), reverse=True)
        for note in self.corpus.notes:
            for slug in dict.fromkeys(m.term.slug for m in self.find(note.body)):
                self.notes_mentioning[slug].append(note)
        for notes in self.notes_mentioning.values():
            notes.sort(key=self._recency, reverse=True)

    def _recency(self, note: Note) -> tuple:
        editorial = self.corpus.editorials.get(note.slug)
        return (editorial.date if editorial else "", note.slug, -note.paragraph, -note.index)

    def _index_references(self) -> None:
        self.citations = collect(self.corpus)[0]
        for citation in self.citations:
            if citation.ref.kind != "term":
                self.backlinks[(citation.ref.slug, citation.ref.paragraph)].append(citation)

    def _index_features(self) -> None:
        """What makes editorials related: the terms they use and their tags."""
        for slug, editorial in self.corpus.editorials.items():
            self.features[slug] = {f"term:{t}" for t in self.term_counts[slug]} | {f"tag:{t}" for t in editorial.tags}
            for feature in self.features[slug]:
                self.postings[feature].append(slug)

    def related(self, slug: str, limit: int = 5) -> list[Editorial]:
        """Editorials sharing the most distinctive terms and tags with `slug`, best first.

        Terms and tags are weighted by rarity (inverse document frequency); one
        that most editorials share tells nothing and is skipped, which also
        keeps the cost linear in the number of editorials.
        """
        total = len(self.corpus.editorials)
        scores: Counter = Counter()
        for feature in sorted(self.features.get(slug, ())):  # a fixed order of float sums: ties break the same in every build
            posting = self.postings[feature]
            if len(posting) > max(20, total // 10):
                continue
            weight = log(1 + total / len(posting))
            for other in posting:
                if other != slug:
                    scores[other] += weight
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [self.corpus.editorials[other] for other, _ in ranked]
