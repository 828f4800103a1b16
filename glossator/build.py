"""One site build, independent of the generator that drives it.

The MkDocs integration creates a `SiteBuild` per build and forwards page
events to it; everything it learns goes into `problems` as diagnostics.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .diagnostics import Diagnostic
from .model import Corpus, Loc, Note
from .project import Settings, load_corpus
from .render.editorial import header_html, listing_markdown
from .render.notes import NoteRenderer
from .render.paragraphs import PagePlan

LISTING_MARKER = re.compile(r"<!--\s*glossator:editorials(?:\s+limit=(\d+))?\s*-->")


class SiteBuild:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.corpus: Corpus
        self.corpus, self.problems = load_corpus(settings)
        self.located = {p.loc for p in self.problems}
        self.renderer = NoteRenderer(self.problems)
        self.plan: PagePlan | None = None
        self.notes_by_slug: dict[str, list[Note]] = defaultdict(list)
        for note in self.corpus.notes:
            self.notes_by_slug[note.slug].append(note)

    def slug_of(self, src_uri: str) -> str | None:
        """The editorial slug of a page path relative to docs_dir, or None for other pages."""
        folder, _, name = src_uri.rpartition("/")
        if folder == self.settings.editorials_subdir and name.endswith(".md"):
            slug = name[:-3]
            return slug if slug in self.corpus.editorials else None
        return None

    def page_markdown(self, src_uri: str, markdown: str) -> str:
        """Start a page: plan the editorial's notes, or expand listing markers."""
        slug = self.slug_of(src_uri)
        self.plan = None
        if slug:
            by_paragraph: dict[int, list[Note]] = defaultdict(list)
            for note in self.notes_by_slug[slug]:
                by_paragraph[note.paragraph].append(note)
            self.plan = PagePlan(dict(by_paragraph), self.renderer.render_group)
        counts = {slug: len(notes) for slug, notes in self.notes_by_slug.items()}
        return LISTING_MARKER.sub(
            lambda m: listing_markdown(list(self.corpus.editorials.values()), counts, src_uri,
                                       self.settings.editorials_subdir, limit=int(m.group(1)) if m.group(1) else None),
            markdown,
        )

    def page_html(self, src_uri: str, html: str) -> str:
        """Finish a page: header, unplaced notes, and the invariants of what was rendered."""
        plan, self.plan = self.plan, None
        slug = self.slug_of(src_uri)
        if plan is None or slug is None:
            return html
        editorial = self.corpus.editorials[slug]
        notes = self.notes_by_slug[slug]
        expected = len(editorial.paragraphs)
        if plan.numbered != expected:
            self.problems.append(Diagnostic(editorial.loc, "paragraph-count",
                                            f"the page shows {plan.numbered} numbered paragraphs but its source has {expected}",
                                            "keep the page in the importer's shape: one block per paragraph, separated by blank lines"))
        for note in plan.unfound_quotes:
            if note.loc_of("quote") not in self.located:
                self.problems.append(Diagnostic(note.loc_of("quote"), "quote-not-rendered",
                                                f"the quote could not be highlighted in ¶{note.paragraph}",
                                                "check the quote against the page text"))
        placed = {id(n) for n in plan.placed_notes}
        unplaced = [n for n in notes if id(n) not in placed]
        tail = ""
        if unplaced:
            groups = "".join(self.renderer.render_group([n], n.paragraph, set()) for n in unplaced)
            tail = f'<section class="gl-unplaced"><h2 id="unplaced-notes">Notes on paragraphs that do not exist</h2>{groups}</section>'
        return header_html(editorial, len(notes)) + html + tail

    def take_problems(self) -> list[Diagnostic]:
        """Problems found since the last call, for the caller to report."""
        taken, self.problems[:] = list(self.problems), []
        return taken
