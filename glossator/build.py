"""One site build, independent of the generator that drives it.

The MkDocs integration creates a `SiteBuild` per build and forwards page
events to it; everything it learns goes into `problems` as diagnostics.

What costs time is kept in the build cache (glossator.cache) between builds:
each note's rendering, each term's definition, each editorial's and term's
finished page and its search entries, keyed by a digest of what they are made
from. Term links are the one input too wide to key on (the whole glossary):
a render keeps the texts it scanned for terms, and is reused under another
glossary only if that glossary finds the same terms at the same places in
them (`Rendered`).
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .cache import MISSING, Cache, digest, files_digest
from .diagnostics import Diagnostic, split_off
from .feeds import FEEDS_DIR, build_time, term_feed
from .history import History
from .index.site import SiteIndex
from .links import PageLinks, page_url
from .index.references import REFERENCE
from .index.terms import Match, TermMatcher
from .model import Loc, Note, Term
from .opendata import site_files, write_files
from .parallel import Worker
from .reach import reached
from .project import Settings, Sources
from .render.cite import citation_templates
from .render.contribute import GitHubEditor
from .render.editorial import (
    annotate_link_html,
    cited_in_html,
    contributors_markdown,
    header_html,
    listing_markdown,
    offline_notice_html,
    related_html,
    year_of,
    year_page_markdown,
    years_markdown,
)
from .render.glossary import glossary_index_markdown, term_header_html, term_sections_html
from .render.notes import NoteFacts, NoteRenderer, RenderedNote, page_order
from .render.paragraphs import EditorialExtension, PagePlan
from .render.templates import Templates, safe
from .render.terms import TermLinker, TermLinkExtension
from .render.xrefs import XrefExtension, XrefResolver, paragraph_label
from .scaffold import note_template
from .search import Document, SearchIndex, Tokenizer, chinese_words, editorial_documents, section_documents, write_assembled

LISTING_MARKER = re.compile(r"<!--\s*glossator:editorials(?:\s+(?:limit=(\d+)|year=(\d{4}|undated)|(by-year)))?\s*-->")
"""An editorial listing: all of them, the newest `limit`, one `year`, or `by-year` (the archive: years, then the newest year)."""
GLOSSARY_MARKER = re.compile(r"<!--\s*glossator:glossary\s*-->")
NOTE_ID_ATTRIBUTE = re.compile(r'data-note-id="([^"]+)"')
CONTRIBUTORS_MARKER = re.compile(r"<!--\s*glossator:contributors\s*-->")
RENDERED_SHARDS = 16
"""Files per table of rendered HTML: a one-note edit rewrites about one in 16 of the finished pages' bytes."""
EDITORIALS_INDEX = ("search", "editorials")
"""The child's last piece of work in a cold build: the editorials' part of the search index (`editorials_index`)."""


@dataclass(frozen=True)
class EditorialAsides:
    """What goes beside an editorial's paragraphs, rendered ahead of its page (on another core when it can)."""

    notes: tuple[RenderedNote, ...]
    """In the order of `SiteBuild.notes_by_slug[slug]`."""
    prefixes: dict[int, str]
    """Per paragraph number: the "cited in" links and the annotate link."""
    related: str
    """The "related editorials" section."""
    note_ids: tuple[str, ...]
    """The notes rendered, for a check that the child read the same notes."""
    digest: bytes = b""
    """Of all of the above: part of the key of the page they go on."""
    made: tuple = ()
    """The cache entries used or made on the way (see `SiteBuild._memo`): a child's go back to the build with this."""


@dataclass(frozen=True)
class TermPage:
    """A glossary term's rendered definition and generated sections, made ahead of its page like EditorialAsides."""

    definition: str
    sections: str
    problems: tuple[Diagnostic, ...]
    made: tuple = ()


@dataclass(frozen=True)
class Rendered:
    """A cache entry of something rendered with term links, and the texts they were found in.

    Made under one glossary, it holds under another if that glossary finds the same terms (with the
    same summaries) at the same places in those texts: `links` is the digest of what was found.
    """

    value: Any
    scanned: tuple[str, ...]
    links: bytes
    glossary: bytes
    """The digest of the glossary it was made with: under the same one, nothing needs checking."""


@dataclass(frozen=True)
class CachedPage:
    """A finished page (editorial or term) as it left the build, and what the build learnt while making it."""

    html: str
    converted: Any
    """What the door that converted the page needs to restore it without converting it (for MkDocs: toc, title, anchors)."""
    problems: tuple[Diagnostic, ...]
    note_ids: tuple[str, ...]
    notes_text: dict[int, str]
    asides: bytes
    """An editorial's `EditorialAsides.digest`: whether its notes are the same under another glossary."""
    search: tuple | None = None
    """A term page's search documents, as the search plugin found them in it (an editorial's come from `notes_text`)."""


class SiteBuild:
    def __init__(self, settings: Settings, *, offline: bool = False, cache: Cache | None = None, previous: SiteBuild | None = None):
        """`previous`: the last build of the same `mkdocs serve`, which this one may keep pages of (`pages_to_rebuild`)."""
        self.settings = settings
        self.offline = offline
        self.cache = cache or Cache.disabled()
        self.previous = previous
        self.complete = False
        """Set once the build has written everything: only then may the next build of a `mkdocs serve` keep its pages."""
        self.built_at = build_time()
        self.sources = Sources.scan(settings, previous.sources if previous else None, self.cache)
        self.corpus, self.problems = self.sources.load(self.cache)
        self.file_keys = {shown: file.key for shown, file in self.sources.files.items()}
        """Each source file's digest, by the path notes and pages keep in their `loc`: a key for what they are made of."""
        self.located = {p.loc for p in self.problems}
        self.glossary_key = digest([(t.slug, t.term, t.summary, t.forms) for t in self.corpus.terms.values()])
        self.index = SiteIndex.build(self.corpus, self._remembered)
        self.links = PageLinks(settings.directory_urls)
        self.linker = TermLinker(self.index.matcher, lambda term: self.links.to(self._term_uri(term.slug)))
        self.xrefs = xrefs = XrefResolver(self.corpus, self.links.to, settings.editorials_subdir, settings.glossary_subdir)
        self.page_extensions = [EditorialExtension(lambda: self.plan)]
        self.current_term = ""
        self.editor = GitHubEditor.from_repo_url(settings.repo_url, settings.repo_branch)
        self.history = History(settings.annotations_dir)
        self.annotations_shown = settings.shown(settings.annotations_dir)
        self.templates = Templates(settings.templates_dir)
        self.render_key = digest([getattr(settings, f.name) for f in fields(settings) if not isinstance(getattr(settings, f.name), Path)],
                                 [settings.shown(path) for path in (settings.docs_dir, settings.annotations_dir)],
                                 offline, files_digest(self.templates.dirs))
        """What every rendering depends on besides its own inputs: settings, offline or hosted, template files (overrides too)."""
        self.page_config: bytes | None = None
        """A digest of what converts a page's Markdown (extensions and their settings), set by the door; None: pages are not cached."""
        self.reused: CachedPage | None = None
        """The current page, from the cache: the door skips converting it."""
        self._page_entry: tuple | None = None
        self._page_scanned: list = []
        self._made: list | None = None
        self._related_slugs: dict[str, list[str]] | None = None
        self._facts: dict[str, NoteFacts] = {}
        self.rebuilt: set[str] = set()
        self._expanded: dict[tuple[str, str], str] = {}
        self.other_pages: dict[str, bytes] = {}
        """The pages other than editorials and terms, by a digest of what makes them (`note_other_pages`)."""
        self.site_key = b""
        """What every page is made with under `mkdocs serve`: mkdocs.yml and the theme's overrides (`note_other_pages`)."""
        self.reused_search: dict[str, list[Document]] = {}
        """The search documents of the term pages taken from the cache: the search plugin need not read them again."""
        self._kept: dict[str, tuple[bytes, Rendered]] = {}
        self.page_urls: dict[str, str] = {}
        self.page_note_ids: dict[str, tuple[str, ...]] = {}
        """Per page: its URL and the notes it showed, for the pages a rebuild keeps (`carry_over`)."""
        # Notes and glossary definitions are contributed text: their own Markdown, sanitised.
        self.renderer = NoteRenderer(self.problems, [XrefExtension(xrefs),
                                                     TermLinkExtension(self.linker, settings.link_terms,
                                                                       lambda: self.current_term)],
                                     facts=self._note_facts, templates=self.templates)
        self.plan: PagePlan | None = None
        self.page_notes: dict[int, RenderedNote] = {}
        self.term_page: TermPage | None = None
        self.asides: EditorialAsides | None = None
        self.worker: Worker | None = None
        self.notes_text: dict[str, dict[int, str]] = defaultdict(dict)
        self.rendered_notes: Counter[str] = Counter()
        self.notes_by_slug: dict[str, list[Note]] = defaultdict(list)
        words = chinese_words(self.corpus)
        self.search, self.search_key = SearchIndex(Tokenizer(words)), digest(words)
        self.search_docs: dict[str, list[Document]] = {}
        self._search_loaded = False
        self._search_added = 0
        self._search_cut_ahead: tuple[int, float] = (0, 0.0)
        """Pages the child cut into keys (`editorials_index`), and its CPU seconds: part of the search step."""
        self._search_ahead = False
        """Whether the child cuts the editorials into keys (`editorials_index`), for `fill_search` to start from."""
        self._notes_text_ahead: dict[str, dict[int, str]] = {}
        """What `render_ahead` made of each editorial's notes for its search documents (in the child)."""
        for note in self.corpus.notes:
            self.notes_by_slug[note.slug].append(note)
        for slug, notes in self.notes_by_slug.items():
            editorial = self.corpus.editorials.get(slug)
            if editorial is not None:  # the order the page shows and numbers them
                notes[:] = page_order(notes, {block.number: block.text for block in editorial.paragraphs}.get)

    def _remembered(self, matcher: TermMatcher) -> Callable[[str], list[Match]]:
        """The matcher's `find`, remembering each text's matches under this glossary in the cache."""
        table, terms = self.cache.table("matches", compress=True), self.corpus.terms

        def find(text: str) -> list[Match]:
            key = digest(self.glossary_key, text.encode("utf-8", "surrogatepass"))
            found = table.get(key)
            if found is MISSING:
                found = table.put(key, tuple((m.start, m.end, m.term.slug) for m in matcher.find(text)))
            return [Match(start, end, terms[slug]) for start, end, slug in found]

        return find

    def _editorial_uri(self, slug: str) -> str:
        return f"{self.settings.editorials_subdir}/{slug}.md"

    def _term_uri(self, slug: str) -> str:
        return f"{self.settings.glossary_subdir}/{slug}.md"

    def _page_key(self, src_uri: str, folder: str, known) -> str | None:
        parent, _, name = src_uri.rpartition("/")
        return name[:-3] if parent == folder and name.endswith(".md") and name[:-3] in known else None

    def slug_of(self, src_uri: str) -> str | None:
        """The editorial slug of a page path relative to docs_dir, or None for other pages."""
        return self._page_key(src_uri, self.settings.editorials_subdir, self.corpus.editorials)

    def term_of(self, src_uri: str) -> str | None:
        """The glossary term slug of a page path, or None."""
        return self._page_key(src_uri, self.settings.glossary_subdir, self.corpus.terms)

    def page_title(self, src_uri: str) -> str | None:
        term = self.term_of(src_uri)
        return self.corpus.terms[term].term if term else None

    def page_markdown(self, src_uri: str, markdown: str) -> str:
        """Start a page: plan what the Markdown extension does to it, and expand the listing markers.

        An editorial or term page whose every input is as the cache saw it is `reused` instead:
        the door restores it and skips converting it."""
        self.links.start_page(src_uri)
        self.rebuilt.add(src_uri)
        slug, term = self.slug_of(src_uri), self.term_of(src_uri)
        self.plan, self.reused, self._page_entry = None, None, None
        start = len(self.problems)
        if term:
            self.term_page = self._ahead(("term", term))
            self.problems.extend(self.term_page.problems)
            markdown = self.term_page.definition
        markdown = self._expand(src_uri, markdown)
        key = None
        if self.page_config is not None and (slug or term):
            if slug:
                notes = self.notes_by_slug[slug]
                inputs = (self._editorial_file(slug), self._asides_key(slug), [n.loc_of("quote") in self.located for n in notes])
            else:
                inputs = (self.corpus.terms[term], self.term_page.definition, self.term_page.sections, self.term_page.problems)
            key = digest("page", src_uri, markdown, inputs, self.page_config, self.render_key)
            if self._reuse_page(src_uri, key, slug, start):
                return markdown
        if slug:
            self._plan(src_uri, slug)
        if key is not None:
            self._page_entry = (key, start)
            self.linker.scanned = []  # what the conversion finds, for `keep_page`
        return markdown

    def _expand(self, src_uri: str, markdown: str) -> str:
        """The Markdown with its markers expanded: editorial listings, contributors, the glossary index (each marker of
        a page once per build: `note_other_pages` expands them too)."""
        if "<!--" not in markdown:  # every marker is an HTML comment: most pages have none
            return markdown

        def once(marker: re.Match, make: Callable[[re.Match], str]) -> str:
            key = (src_uri, marker[0])
            if key not in self._expanded:
                self._expanded[key] = make(marker)
            return self._expanded[key]

        markdown = LISTING_MARKER.sub(lambda m: once(m, lambda m: self._listing(m, src_uri)), markdown)
        markdown = CONTRIBUTORS_MARKER.sub(lambda m: once(m, lambda m: contributors_markdown(
            self.templates, self.corpus, src_uri, self.settings.editorials_subdir)), markdown)
        return GLOSSARY_MARKER.sub(lambda m: once(m, lambda m: glossary_index_markdown(
            self.templates, list(self.corpus.terms.values()), src_uri, self.settings.glossary_subdir)), markdown)

    def note_other_pages(self, sources: dict[str, str], site_key: bytes) -> None:
        """Under `mkdocs serve`: the pages other than editorials and terms (`sources`: their files' text), by what makes
        them (their text, their markers expanded), and `site_key`, what makes every page (mkdocs.yml, the theme's
        overrides). A rebuild makes only the pages whose own inputs changed, or every page if `site_key` did."""
        self.site_key = site_key
        self.other_pages = {uri: digest(text, self._expand(uri, text)) for uri, text in sources.items()}

    def _plan(self, src_uri: str, slug: str) -> None:
        """What the Markdown extension does to an editorial: its asides (from the child, when it made them), numbering, marks."""
        self.asides = asides = self._ahead(("editorial", slug))
        self.links.start_page(src_uri)
        notes = self.notes_by_slug[slug]
        if asides.note_ids != tuple(note.site_id for note in notes):
            # A fresh child read the notes after a file changed (`mkdocs serve`): render them here.
            self.asides = asides = self._absorbed(self.editorial_asides(slug))
        self.page_notes = {id(note): parts for note, parts in zip(notes, asides.notes)}
        for parts in asides.notes:
            self.problems.extend(parts.problems)
        self.plan = PagePlan(self._by_paragraph(slug), lambda n, notes, found: self._aside(slug, asides, n, notes, found),
                             self.linker, self.settings.link_terms, {note.key: number for number, note in enumerate(notes, 1)})

    def _reuse_page(self, src_uri: str, key: bytes, slug: str | None, start: int) -> bool:
        """Take the finished page from the cache, if it is there and its term links hold.

        Under the glossary it was made with, its key says everything. Under another, the page holds if
        its text finds the same terms at the same places, and its notes' HTML is the same (an editorial's
        asides are made again, each note from the cache if its own links hold, and compared)."""
        table = self._table("pages")
        entry = table.get(key)
        if entry is MISSING:
            return False
        page = entry.value
        if entry.glossary != self.glossary_key:
            if digest([self.linker.signature(text) for text in entry.scanned]) != entry.links:
                return False
            if slug and self._ahead(("editorial", slug)).digest != page.asides:
                return False
            table.put(key, replace(entry, glossary=self.glossary_key))
        self.reused = page
        if page.search is not None:
            self.reused_search[src_uri] = list(page.search)
        self.problems[start:] = page.problems
        self.rendered_notes.update(page.note_ids)
        self.page_note_ids[src_uri] = page.note_ids
        if slug:
            self.notes_text[slug] = dict(page.notes_text)
        return True

    def keep_page(self, src_uri: str, html: str, converted: Any) -> None:
        """The page is finished (`page_html`), and the door can restore it from `converted`: cache it."""
        if self._page_entry is None:
            return
        (key, start), scanned = self._page_entry, self._page_scanned
        slug = self.slug_of(src_uri)
        page = CachedPage(html, converted, tuple(self.problems[start:]), tuple(NOTE_ID_ATTRIBUTE.findall(html)),
                          dict(self.notes_text.get(slug, {})) if slug else {}, self.asides.digest if slug else b"")
        self._kept[src_uri] = key, self._entry(page, scanned)
        self._table("pages").put(key, self._kept[src_uri][1])

    def _table(self, name: str):
        """The cache's tables of rendered HTML, compressed (HTML shrinks about fivefold), in files that a build after a
        small edit mostly leaves alone; "related" holds one entry."""
        return self.cache.table(name, compress=True, single=name == "related", shards=RENDERED_SHARDS)

    def _reusable(self, table, key: bytes) -> Any:
        """The value cached under `key` if its term links hold under this build's glossary, else MISSING."""
        entry = table.get(key)
        if entry is MISSING or entry.glossary == self.glossary_key:
            return entry if entry is MISSING else entry.value
        if digest([self.linker.signature(text) for text in entry.scanned]) != entry.links:
            return MISSING
        table.put(key, replace(entry, glossary=self.glossary_key))  # checked once: the next build under this glossary trusts it
        return entry.value

    def _entry(self, value: Any, scanned: list[tuple[str, tuple]]) -> Rendered:
        return Rendered(value, tuple(text for text, _ in scanned), digest([found for _, found in scanned]), self.glossary_key)

    def _memo(self, table_name: str, key: bytes, render: Callable[[], Any]) -> Any:
        """`render()`, or what the cache holds for `key`. What was used or made is noted in `_made`, for `_absorbed`
        to put in the cache of the build (this process, or the one this child renders for)."""
        value = self._reusable(self._table(table_name), key)
        if value is not MISSING:
            self._note_made(table_name, key, None)
            return value
        outer, self.linker.scanned = self.linker.scanned, []
        try:
            value = render()
            self._note_made(table_name, key, self._entry(value, self.linker.scanned))
        finally:
            self.linker.scanned = outer
        return value

    def _note_made(self, table_name: str, key: bytes, entry: Rendered | None) -> None:
        """Within `_making`, note what was used (None) or made; elsewhere (a page's own work) put it in the cache now."""
        if self._made is not None:
            self._made.append((table_name, key, entry))
        elif entry is None:
            self._table(table_name).keep(key)
        else:
            self._table(table_name).put(key, entry)

    @contextmanager
    def _making(self) -> Iterator[list]:
        outer, self._made = self._made, []
        try:
            yield self._made
        finally:
            self._made = outer

    def _absorbed(self, result: EditorialAsides | TermPage) -> EditorialAsides | TermPage:
        """Put in this build's cache what rendering `result` used or made (here, or in the child)."""
        for made in result.made:
            self._note_made(*made)
        return result

    def _ahead(self, key: tuple[str, str]) -> EditorialAsides | TermPage:
        """What `render_ahead` made for a page: by the child, when there is one."""
        return self._absorbed(self.worker.get(key) if self.worker else self.render_ahead(key))

    def _references(self, *texts: str) -> list:
        """What the cross-references in `texts` resolve to from the current page: part of the key of what renders them."""
        return [self.xrefs(m[1], (m[2] or "").strip()) for text in texts if "[[" in text for m in REFERENCE.finditer(text)]

    def render_ahead(self, key: tuple[str, str]) -> EditorialAsides | TermPage | tuple:
        kind, slug = key
        if key == EDITORIALS_INDEX:
            return self.editorials_index()
        if kind == "term":
            return self.term_page_parts(slug)
        asides = self.editorial_asides(slug)
        texts: dict[int, list[str]] = defaultdict(list)
        for note, parts in zip(self.notes_by_slug[slug], asides.notes):  # as `_aside` joins them on the page
            texts[note.paragraph].append(parts.text)
        self._notes_text_ahead[slug] = {number: " ".join(text) for number, text in texts.items()}
        return asides

    def editorials_index(self) -> tuple[tuple, float]:
        """The search index of the editorial pages whose asides `render_ahead` made, as `SearchIndex.state`, and the
        CPU seconds it took: the child cuts them into keys (most of the index's work) while MkDocs renders pages. The
        pages the build then finds otherwise (a note read again, say) are cut again by `fill_search`, which compares
        every page's documents."""
        start = time.process_time()
        index = SearchIndex(self.search.tokenizer)
        for slug, notes_text in self._notes_text_ahead.items():
            url = page_url(self._editorial_uri(slug), self.settings.directory_urls)
            index.add_page(url, editorial_documents(self.corpus.editorials[slug], url, notes_text))
        return index.state(), time.process_time() - start

    def term_page_parts(self, slug: str) -> TermPage:
        """The definition, rendered and sanitised like a note, as a raw HTML block of the page; and the generated sections."""
        term = self.corpus.terms[slug]
        self.links.start_page(self._term_uri(slug))
        with self._making() as made:
            key = digest("term", term, self._references(term.body), self.render_key)
            definition, problems = self._memo("terms", key, lambda: self._definition(term))
        before = len(self.problems)
        sections = term_sections_html(
            self.templates, term, self.index, lambda uri, anchor: self.links.to(uri, anchor),
            lambda source: self.renderer.inline_html(source, term.loc_of("sources")),
            self.settings.editorials_subdir, self.settings.glossary_subdir)
        return TermPage(definition, sections, problems + split_off(self.problems, before), tuple(made))

    def _definition(self, term: Term) -> tuple[str, tuple[Diagnostic, ...]]:
        before = len(self.problems)
        self.current_term = term.slug
        try:
            definition = self.renderer.markdown_html(term.body, Loc(term.loc.path, term.body_line))
        finally:
            self.current_term = ""
        return self.templates.render("partials/term-definition.html", definition=safe(definition)), split_off(self.problems, before)

    def _listing(self, marker: re.Match, src_uri: str) -> str:
        limit, year, by_year = marker.groups()
        editorials, pages_dir = list(self.corpus.editorials.values()), self.settings.editorials_subdir
        if by_year:
            return years_markdown(self.templates, editorials, self._note_counts(), src_uri, pages_dir)
        if year:
            editorials = [e for e in editorials if year_of(e) == year]
        return listing_markdown(self.templates, editorials, self._note_counts(), src_uri, pages_dir, limit=int(limit) if limit else None)

    def archive_pages(self) -> dict[str, str]:
        """{src_uri: Markdown}: a page per year of the archive, for the `by-year` listing to link to."""
        years = sorted({year_of(e) for e in self.corpus.editorials.values()})
        return {f"{self.settings.editorials_subdir}/{year}.md": year_page_markdown(self.templates, year) for year in years}

    def _note_counts(self) -> dict[str, int]:
        """Notes per editorial, for the listings (counted on the pages that have one, not on every page)."""
        return {slug: len(notes) for slug, notes in self.notes_by_slug.items()}

    def editorial_asides(self, slug: str) -> EditorialAsides:
        """Everything costly beside an editorial's paragraphs; it depends on the corpus alone."""
        self.links.start_page(self._editorial_uri(slug))
        notes, by_paragraph = self.notes_by_slug[slug], self._by_paragraph(slug)
        with self._making() as made:
            prefixes = {block.number: self._aside_prefix(slug, block.number, by_paragraph.get(block.number, []))
                        for block in self.corpus.editorials[slug].paragraphs}
            related = self._related_html(slug)
            rendered = tuple(self._memo("notes", self._note_key(note, number), lambda note=note, number=number: self.renderer.render_parts(note, number))
                             for number, note in enumerate(notes, 1))
        return EditorialAsides(rendered, prefixes, related, tuple(note.site_id for note in notes),
                               digest(rendered, prefixes, related), tuple(made))

    def _asides_key(self, slug: str) -> bytes:
        """What `editorial_asides` makes its parts from, digested without making any (nor reading cached HTML): the
        source files (by their digests) of the editorial, of its notes, of the notes and terms that cite its paragraphs
        and of its related editorials; its notes' footers and what their references resolve to. (The terms its notes
        link are checked apart: `_reuse_page`.)"""
        self.links.start_page(self._editorial_uri(slug))
        editorial, notes, by_paragraph = self.corpus.editorials[slug], self.notes_by_slug[slug], self._by_paragraph(slug)
        notes_in = [(self.file_keys[note.loc.path], note.index, self._note_facts(note), self._references(note.body, *note.sources))
                    for note in notes]
        cited_in = [(block.number, self._citing(slug, block.number), by_paragraph[block.number][0].loc.path if block.number in by_paragraph else "")
                    for block in editorial.paragraphs]
        related = [(other, self._editorial_file(other)) for other in self.related_slugs()[slug]]
        return digest("asides", self._editorial_file(slug), notes_in, cited_in, related, self.render_key)

    def _editorial_file(self, slug: str) -> bytes | None:
        editorial = self.corpus.editorials.get(slug)
        return self.file_keys[editorial.loc.path] if editorial else None

    def _citing(self, slug: str, number: int) -> list[tuple]:
        """What cites paragraph `number` of `slug`, as `_prefix_key` names it: another editorial's note (the editorial's
        file, the note's anchor and paragraph) or a term (its name)."""
        found = []
        for citation in self.index.backlinks.get((slug, number), []):
            origin = citation.origin
            if not isinstance(origin, Note):
                found.append((f"glossary:{origin.slug}", origin.term))
            elif origin.slug != slug:
                found.append((origin.slug, origin.anchor, origin.paragraph, self._editorial_file(origin.slug)))
        return found

    def _note_key(self, note: Note, number: int) -> bytes:
        """A note's HTML is made from the note (its file and place in it), its number on the page, its footer, what its
        references resolve to (and the terms it links)."""
        return digest("note", self.file_keys[note.loc.path], note.index, number, self._note_facts(note),
                      self._references(note.body, *note.sources), self.render_key)

    def _related_html(self, slug: str) -> str:
        return related_html(self.templates, [(self.links.to(self._editorial_uri(other)), self.corpus.editorials[other])
                                             for other in self.related_slugs()[slug]])

    def related_slugs(self) -> dict[str, list[str]]:
        """Every editorial's related editorials (slugs): the same as long as no editorial's terms and tags change."""
        if self._related_slugs is None:
            features = sorted((slug, sorted(found)) for slug, found in self.index.features.items())
            self._related_slugs = self._memo("related", digest("related", features),
                                             lambda: {slug: [e.slug for e in self.index.related(slug)] for slug in self.corpus.editorials})
        return self._related_slugs

    def _by_paragraph(self, slug: str) -> dict[int, list[Note]]:
        grouped: dict[int, list[Note]] = defaultdict(list)
        for note in self.notes_by_slug[slug]:
            grouped[note.paragraph].append(note)
        return dict(grouped)

    def _aside(self, slug: str, asides: EditorialAsides, number: int, notes: list[Note], found: set[str]) -> str:
        """Notes beside paragraph `number`, and the references to it from elsewhere."""
        prefix = asides.prefixes[number] if number in asides.prefixes else self._aside_prefix(slug, number, notes)
        notes_html = self._notes_html(notes, number, found) if notes else ""
        if notes:
            self.notes_text[slug][number] = " ".join(self.page_notes[id(note)].text for note in notes)
        return prefix + notes_html

    def _notes_html(self, notes: list[Note], number: int, found: set[str]) -> str:
        return self.renderer.render_group([(note, self.page_notes[id(note)]) for note in notes], number, found)

    def _aside_prefix(self, slug: str, number: int, notes: list[Note]) -> str:
        """The "cited in" links under a paragraph, and its annotate link (cached: a new note's link holds the paragraph's text)."""
        key, cited = self._prefix_key(slug, number, notes)
        return self._memo("prefixes", key, lambda: cited_in_html(self.templates, cited) + self._annotate_link(slug, number, notes))

    def _prefix_key(self, slug: str, number: int, notes: list[Note]) -> tuple[bytes, list[tuple[str, str]]]:
        cited = []
        for citation in self.index.backlinks.get((slug, number), []):
            origin = citation.origin
            if isinstance(origin, Note):
                if origin.slug == slug:
                    continue
                cited.append((self.links.to(self._editorial_uri(origin.slug), origin.anchor),
                              f"{paragraph_label(self.corpus, origin.slug, origin.paragraph)} (note)"))
            else:
                cited.append((self.links.to(self._term_uri(origin.slug)), f"Glossary: {origin.term}"))
        paragraph = self.corpus.editorials[slug].paragraph(number)
        return digest("prefix", slug, number, cited, notes[0].loc.path if notes else paragraph and paragraph.text, self.render_key), cited

    def _note_path(self, slug: str, number: int) -> str:
        return f"{self.annotations_shown}/{slug}/{number}.yml"

    def _annotate_link(self, slug: str, number: int, notes: list[Note]) -> str:
        """'Annotate' opens GitHub's editor: the paragraph's note file, or a new one from the template."""
        paragraph = self.corpus.editorials[slug].paragraph(number)
        if self.editor is None or paragraph is None:  # a block the source does not have: reported as `paragraph-count`
            return ""
        if notes:
            url = self.editor.edit_file(notes[0].loc.path)
        else:
            folder, _, name = self._note_path(slug, number).rpartition("/")
            url = self.editor.new_file(folder, name, note_template(slug, number, paragraph.text))
        return annotate_link_html(self.templates, url, number)

    def _note_facts(self, note: Note) -> NoteFacts:
        """When the note last changed (from git), and a link to edit it: the same for every note of a file."""
        facts = self._facts.get(note.loc.path)
        if facts is None:
            dates = self.history.dates(self.settings.root / note.loc.path)
            facts = self._facts[note.loc.path] = NoteFacts(dates.modified, self.editor.edit_file(note.loc.path) if self.editor else "")
        return facts

    def page_html(self, src_uri: str, html: str) -> str:
        """Finish a page: header, generated sections, and the invariants of what was rendered."""
        self._finish_scan()
        plan, self.plan = self.plan, None
        slug, term = self.slug_of(src_uri), self.term_of(src_uri)
        if term:
            return term_header_html(self.templates, self.corpus.terms[term]) + html + self.term_page.sections
        if src_uri == "index.md" and self.offline:
            return offline_notice_html(self.templates, self.settings.site_name, self.built_at) + html
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
            tail = self.renderer.render_unplaced([(n, self.page_notes[id(n)]) for n in unplaced])
        # Cite the hosted page: the offline bundle's own file URLs mean nothing to a reader of the citation.
        hosted = page_url(src_uri, self.settings.directory_urls or self.offline)
        url = self.settings.site_url.rstrip("/") + "/" + hosted if self.settings.site_url else "{url}"
        page = header_html(self.templates, editorial, len(notes), citation_templates(editorial, url)) + html + self.asides.related + tail
        self.page_note_ids[src_uri] = tuple(NOTE_ID_ATTRIBUTE.findall(page))
        self.rendered_notes.update(self.page_note_ids[src_uri])
        return page

    def _finish_scan(self) -> None:
        """The page's conversion is over: what it scanned for terms is kept for `keep_page`."""
        self._page_scanned, self.linker.scanned = self.linker.scanned or [], None

    def head_html(self, src_uri: str) -> str:
        """What an editorial page adds to its <head> (partials/head.html); nothing for other pages."""
        return self.templates.render("partials/head.html") if self.slug_of(src_uri) else ""

    def start_background(self, site_dir: Path) -> None:
        """Render the editorials' notes and the term pages, then write the open data, on another core while MkDocs
        renders pages. The open data waits for `site_folder_ready`: MkDocs empties the folder before it builds.

        After a build with the same settings, templates and glossary, the editorials' pages are expected from the
        cache: the few that changed are made here, and the child does not make every editorial's asides in vain."""
        warm = self._warm()
        editorials = [] if warm else [("editorial", slug) for slug in sorted(self.corpus.editorials)]
        # Entries a warm build or a rebuild did not look at may still be good: only a build that looks at all prunes.
        self.cache.prune = not (warm or self.previous)
        keys = editorials + [("term", slug) for slug in sorted(self.corpus.terms)] + ([EDITORIALS_INDEX] if editorials else [])
        # A rebuild under `mkdocs serve` makes a few pages: a fresh interpreter would take longer to start.
        self.worker = Worker(keys, self.render_ahead, lambda: self.publish(site_dir), parallel=False if self.previous else None,
                             fresh=(_fresh_build, (self.settings, self.offline, site_dir, self.cache.folder)), gated=True)
        self._search_ahead = bool(editorials) and self.worker.forked

    def site_folder_ready(self) -> None:
        self.worker.open_gate()

    def finish_background(self) -> None:
        for key, result in self.worker.wait().items():  # pages that came from the cache: what the child used is kept too
            if key != EDITORIALS_INDEX:
                self._absorbed(result)
        self.cache.table("state").put(b"last", self._state())

    def _state(self) -> tuple:
        return self.render_key, self.glossary_key, self.page_config

    def _warm(self) -> bool:
        """Whether the last build had this one's settings, templates and glossary (its pages are in the cache)."""
        return self.page_config is not None and self.cache.table("state").get(b"last") == self._state()

    def stop_background(self) -> None:
        """The build failed: do not leave a child writing into the site folder."""
        if self.worker:
            self.worker.cancel()

    def publish(self, site_dir: Path) -> None:
        """Write the open data (W3C annotations, feeds) beside the pages; what rendering the
        notes again finds was already reported with the pages, so it is not collected twice."""
        files = site_files(self.corpus, self.settings, [], self.history, self._w3c_items)
        for slug, term in self.corpus.terms.items():
            uses: dict[str, tuple] = {}
            for occurrence in self.index.occurrences.get(slug, []):
                uses.setdefault(occurrence.editorial.slug, (occurrence.editorial, []))[1].append(occurrence.paragraph)
            files[f"{FEEDS_DIR}/terms/{slug}.xml"] = term_feed(self.settings, slug, term.term, list(uses.values()))
        write_files(site_dir, files)

    def _w3c_items(self, slug: str, compute: Callable[[], list[dict]]) -> list[dict]:
        """An editorial's W3C annotations, kept in memory between the builds of a `mkdocs serve` (the others are
        made by a child that could not hand them back): made from its page, its notes' files and their dates."""
        notes = self.notes_by_slug.get(slug, [])
        key = digest("w3c", self._editorial_file(slug), [(self.file_keys[n.loc.path], n.index) for n in notes],
                     [self.history.dates(self.settings.root / n.loc.path) for n in notes], self.render_key)
        return self.cache.table("w3c", volatile=True).memo(key, compute)

    def check_notes_rendered(self) -> None:
        """The end-of-build invariant: every loaded note of a known editorial is on its page exactly once."""
        for note in self.corpus.notes:
            if note.slug not in self.corpus.editorials:
                continue  # reported as an unknown slug
            count = self.rendered_notes[note.site_id]
            if count != 1:
                self.problems.append(Diagnostic(note.loc, "note-not-rendered" if count == 0 else "note-rendered-twice",
                                                f"the note {note.site_id} appears {count} times in the built site, not once",
                                                "this is a bug in Glossator: please report it with this note file"))

    def index_page(self, src_uri: str, url: str, sections: list[dict]) -> None:
        """A page's contribution to the search index (after it rendered): an editorial's paragraphs with their
        notes, or the `sections` Material's search plugin found on any other page."""
        slug = self.slug_of(src_uri)
        self.page_urls[src_uri] = url
        if slug:
            docs = editorial_documents(self.corpus.editorials[slug], url, self.notes_text.pop(slug, {}))
        elif src_uri in self.reused_search:
            docs = self.reused_search[src_uri]
        else:
            term = self.term_of(src_uri)
            docs = section_documents(sections, self.corpus.terms[term] if term else None)
            if term and src_uri in self._kept:  # cached with its page: next time the search plugin need not parse it
                key, entry = self._kept[src_uri]
                self._table("pages").put(key, replace(entry, value=replace(entry.value, search=tuple(docs))))
        if docs:
            self.search_docs[url] = docs

    def write_search(self, site_dir: Path) -> str:
        """The search index of every page, sharded, in the site's search/ folder; says what it wrote.

        From the cache when no page's documents changed. Else the pages whose documents changed are cut into keys
        again in the last build's index (kept in memory by `mkdocs serve`, else in the cache), then it is assembled."""
        start, cpu = time.perf_counter(), time.process_time()
        key = digest("search", sorted(self.search_docs.items()), self.search_key)
        written = write_assembled(site_dir / "search", self.cache.table("search", compress=True, single=True).memo(key, self._search_files))
        ahead, ahead_cpu = self._search_cut_ahead
        return (f"search index: {len(self.search_docs):,} pages, {written['files']:,} files, {written['bytes'] / 1e6:.1f} MB "
                f"in {time.perf_counter() - start:.2f} s, CPU {time.process_time() - cpu + ahead_cpu:.2f} s "
                f"({self._search_added:,} pages cut into keys here, {ahead:,} on the other core in {ahead_cpu:.2f} s of its CPU)")

    def _search_files(self) -> dict[str, str]:
        self.fill_search()
        files = self.search.files()
        self.cache.table("search-index", compress=True, single=True).put(self.search_key, self.search.state())
        return files

    def fill_search(self) -> None:
        """Bring `search` to the documents of this build's pages: cut the pages whose documents it does not hold."""
        if not self.search.pages and not self._search_loaded:
            self._search_loaded = True
            stored = self.cache.table("search-index", compress=True, single=True).get(self.search_key)
            if stored is MISSING and self._search_ahead:
                stored, seconds = self.worker.get(EDITORIALS_INDEX, wait=True)
                self._search_cut_ahead = (len(stored[0]), seconds)
            if stored is not MISSING:
                self.search.restore(stored)
        for url in self.search.pages.keys() - self.search_docs.keys():
            self.search.remove_page(url)
        for url, docs in self.search_docs.items():
            if not self.search.holds(url, docs):
                self.search.add_page(url, docs)
                self._search_added += 1

    def pages_to_rebuild(self) -> set[str] | None:
        """Under `mkdocs serve`: the pages (src_uri) to make again, or None for every page (the first build; another
        mkdocs.yml, theme override or template; the offline bundle, whose home page says when it was built). The editorial and term
        pages that changed files can reach since the previous build (glossator/reach.py), and the other pages whose
        text or expanded listings changed (a listing that shows a note count, say)."""
        previous = self.previous
        if previous is None or self.offline or ((previous.render_key, previous.page_config, previous.site_key)
                                                != (self.render_key, self.page_config, self.site_key)):
            return None
        editorials, terms = reached(previous, self)
        return ({self._editorial_uri(slug) for slug in editorials if slug in self.corpus.editorials}
                | {self._term_uri(slug) for slug in terms if slug in self.corpus.terms}
                | {uri for uri, key in self.other_pages.items() if previous.other_pages.get(uri) != key})

    def carry_over(self) -> None:
        """What the pages this build kept from the previous one (not `rebuilt`) contribute: notes shown, search documents.
        Then the previous build is let go (a chain of them would hold every corpus of the session)."""
        previous, self.previous = self.previous, None
        kept = ([self._editorial_uri(slug) for slug in self.corpus.editorials] + [self._term_uri(slug) for slug in self.corpus.terms]
                + list(self.other_pages))
        for src_uri in kept:
            if src_uri in self.rebuilt:
                continue
            self.page_note_ids[src_uri] = previous.page_note_ids.get(src_uri, ())
            self.rendered_notes.update(self.page_note_ids[src_uri])
            if src_uri in previous.page_urls:
                url = self.page_urls[src_uri] = previous.page_urls[src_uri]
                if url in previous.search_docs:
                    self.search_docs[url] = previous.search_docs[url]
        if previous.search_key == self.search_key:  # the same words: its index, and what it holds, carry on
            self.search = previous.search

    def take_problems(self) -> list[Diagnostic]:
        """Problems found since the last call, for the caller to report."""
        taken, self.problems[:] = list(self.problems), []
        return taken


def _fresh_build(settings: Settings, offline: bool, site_dir: Path, cache_folder: Path | None):
    """In a child that could not be forked: the same build, read from the files, and what its Worker does.
    It reads the cache as the last build left it, without the lock (the build that started it holds it), and never writes it."""
    build = SiteBuild(settings, offline=offline, cache=Cache(cache_folder))
    return build.render_ahead, lambda: build.publish(site_dir)
