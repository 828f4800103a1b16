"""The data model every other module passes around.

Pure dataclasses: nothing here knows about MkDocs, YAML or HTML, so the core
can move to another site generator without touching them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOTE_KINDS = ("context", "fact-check", "translation", "analysis", "correction")
"""Allowed values of a note's `kind`, in the order the legend shows them."""


@dataclass(frozen=True, order=True)
class Loc:
    """Where something came from: a path (relative to the project) and a 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Block:
    """One body block of an editorial as the reader sees it.

    `number` is the paragraph number (1..N) or None for headings, which are
    not numbered. `text` is the plain published text, whitespace-normalised.
    """

    kind: str
    text: str
    number: int | None
    loc: Loc


@dataclass
class Editorial:
    """An imported editorial page: its metadata and its numbered blocks."""

    slug: str
    title: str
    loc: Loc
    date: str = ""
    source: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    source_url: str = ""
    byline: str = ""
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Block]:
        """The numbered blocks, in order: paragraphs[n - 1] is ¶n."""
        return [b for b in self.blocks if b.number is not None]

    def paragraph(self, number: int) -> Block | None:
        paragraphs = self.paragraphs
        return paragraphs[number - 1] if 1 <= number <= len(paragraphs) else None


@dataclass
class Note:
    """A contributor's note on one paragraph, as read from annotations/<slug>/<n>.yml."""

    slug: str
    paragraph: int
    body: str
    loc: Loc
    index: int = 1
    kind: str = "context"
    quote: str = ""
    by: str = ""
    sources: list[str] = field(default_factory=list)
    id: str = ""
    field_lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 0
    """The line where the text of `note` starts, to locate problems inside it."""

    def loc_of(self, key: str) -> Loc:
        """Where one field of the note is written, for precise diagnostics."""
        return Loc(self.loc.path, self.field_lines.get(key, self.loc.line))

    @property
    def key(self) -> str:
        """Stable within the editorial: the contributor's `id`, else paragraph and position."""
        return self.id or f"p{self.paragraph}-{self.index}"

    @property
    def site_id(self) -> str:
        """Unique across the site; rendered as `data-note-id`."""
        return f"{self.slug}/{self.key}"

    @property
    def anchor(self) -> str:
        return f"note-{self.key}"

    @property
    def quote_anchor(self) -> str:
        return f"quote-{self.key}"


@dataclass
class Corpus:
    """Everything a build or a check works on."""

    editorials: dict[str, Editorial] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    terms: dict[str, "Term"] = field(default_factory=dict)


@dataclass
class Term:
    """A glossary entry, from docs/glossary/<slug>.md."""

    slug: str
    term: str
    summary: str
    loc: Loc
    aliases: list[str] = field(default_factory=list)
    pinyin: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    field_lines: dict[str, int] = field(default_factory=dict)

    def loc_of(self, key: str) -> Loc:
        return Loc(self.loc.path, self.field_lines.get(key, self.loc.line))

    @property
    def forms(self) -> list[str]:
        """Every spelling that links to this term in running text."""
        return [self.term, *self.aliases, *self.pinyin]

    @property
    def chinese(self) -> list[str]:
        return [a for a in self.aliases if any("\u3400" <= c <= "\u9fff" for c in a)]


@dataclass(frozen=True)
class Ref:
    """A `[[target|label]]` cross-reference written in a note or a glossary page.

    `kind` is 'editorial', 'paragraph' or 'term'.
    """

    kind: str
    slug: str
    paragraph: int | None
    label: str
    loc: Loc
    raw: str
