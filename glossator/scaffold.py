"""`glossator new`: a note file to fill in, for one paragraph of an editorial.

The template is the shortest way to a correct note: it names the schema (so
editors complete and check the keys), shows the paragraph it is about, and
lists every key. Left unfilled it fails `check` with "the note is empty",
never passes as an empty note.
"""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

from .diagnostics import Diagnostic
from .load.annotations import NOTE_FILE
from .load.editorials import load_editorial
from .load.noteschema import NOTE_KINDS
from .model import Loc
from .project import Settings

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/note.schema.json"
"""First line of every note file: editors with the YAML language server validate against the schema."""

_FIELDS = """\
- note: >-

  quote:
  kind: context
  by:
  sources:
"""


def note_template(slug: str, number: int, text: str) -> str:
    """The text of a new note file on ¶`number` whose published text is `text`.

    Pure, so that the page's "annotate" link can put it in a GitHub new-file URL.
    """
    quoted = [
        f"#   {line}"
        for part in text.split("\n")
        for line in textwrap.wrap(part, 72, break_long_words=False, break_on_hyphens=False)
    ]
    guide = [
        "# note:    your note in Markdown, on the lines under `- note: >-`, indented by four spaces",
        "# quote:   optional: words copied exactly from the paragraph; they are highlighted",
        f"# kind:    {', '.join(NOTE_KINDS)}",
        "# by:      your GitHub handle",
        "# sources: one per line under `sources:`, like    - \"[Title](https://example.org/)\"",
        "# See CONTRIBUTING.md; `glossator check` and the pull request's checks say what to fix.",
    ]
    header = [SCHEMA_COMMENT, f"# Notes on ¶{number} of {slug}:", "#", *quoted, "#", *guide]
    return "\n".join(header) + "\n" + _FIELDS


def find_note_file(folder: Path, number: int) -> Path | None:
    """The file holding the notes on ¶`number`, whichever way it is spelt (5.yml, 05.yml, 5.yaml)."""
    if not folder.is_dir():
        return None
    for path in sorted(folder.iterdir()):
        match = NOTE_FILE.match(path.name)
        if match and int(match.group(1)) == number:
            return path
    return None


def new_note_file(settings: Settings, slug: str, number: int) -> Path | Diagnostic:
    """Write annotations/<slug>/<number>.yml from the template; the problem instead if it cannot."""
    page = settings.editorials_dir / f"{slug}.md"
    if not page.is_file():
        slugs = [p.stem for p in settings.editorials_dir.glob("*.md") if p.name != "index.md"]
        close = difflib.get_close_matches(slug, slugs, n=1)
        return Diagnostic(Loc(settings.shown(page)), "unknown-slug", f"no editorial page has the slug {slug!r}",
                          f"did you mean {close[0]!r}?" if close else "use the end of the editorial's address: a file name in docs/editorials/")
    problems: list[Diagnostic] = []
    editorial = load_editorial(page, settings.shown(page), problems)
    if editorial is None:
        return problems[0]
    paragraph = editorial.paragraph(number)
    if paragraph is None:
        count = len(editorial.paragraphs)
        return Diagnostic(editorial.loc, "no-such-paragraph", f"¶{number} does not exist: {slug} has {count} paragraphs",
                          f"use the number shown on the page (1-{count})")
    folder = settings.annotations_dir / slug
    existing = find_note_file(folder, number)
    if existing:
        shown = settings.shown(existing)
        return Diagnostic(Loc(shown, 1), "file-exists", f"{existing.name} already holds the notes on ¶{number}; it is left as it is",
                          f"add your note at the end of {shown}, starting with '- note:'")
    path = folder / f"{number}.yml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(note_template(slug, number, paragraph.text), encoding="utf-8")
    return path
