"""annotations/<slug>/<n>.yml -> Note, with every problem located at path:line.

What makes a valid note is defined by schemas/note.schema.json; noteschema.py checks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import ERROR, Diagnostic
from ..model import Loc, Note
from .noteschema import schema_problems
from .source import read_text
from .yamlnodes import YamlMap, parse_yaml

NOTE_FILE = re.compile(r"([0-9]{1,4})\.ya?ml\Z")
"""ASCII digits only (int() would read '１.yml' as ¶1) and no trailing newline (which `$` allows)."""


def _read_note(item: YamlMap, path: str, slug: str, paragraph: int, index: int) -> Note:
    """A note the schema accepted; optional keys left empty read as absent."""
    return Note(
        slug=slug,
        paragraph=paragraph,
        body=item["note"],
        loc=Loc(path, item.line),
        index=index,
        kind=item.get("kind") or "context",
        quote=item.get("quote") or "",
        by=item.get("by") or "",
        sources=list(item.get("sources") or []),
        id=item.get("id") or "",
        field_lines=dict(item.key_lines),
        body_line=item.value_lines.get("note", item.line),
    )


def load_note_file(path: Path, shown: str, slug: str, paragraph: int, problems: list[Diagnostic]) -> list[Note]:
    text = read_text(path, shown, problems)
    return [] if text is None else parse_note_file(text, shown, slug, paragraph, problems)


def parse_note_file(text: str, shown: str, slug: str, paragraph: int, problems: list[Diagnostic]) -> list[Note]:
    """A note file's text -> its valid notes; a pure function of its arguments (the build cache relies on it)."""
    before = len(problems)
    data = parse_yaml(text, shown, problems)
    if any(problem.severity == ERROR for problem in problems[before:]):
        return []
    found = schema_problems(data, shown)
    problems.extend(problem for group in found.values() for problem in group)
    if None in found:
        return []
    return [
        _read_note(item, shown, slug, paragraph, index)
        for index, item in enumerate(data, start=1)
        if index - 1 not in found
    ]


@dataclass(frozen=True)
class NoteFile:
    """A file of notes on one paragraph: annotations/<slug>/<paragraph>.yml."""

    path: Path
    shown: str
    slug: str
    paragraph: int


def note_files(root: Path, shown_root: str) -> Iterator[NoteFile | Diagnostic]:
    """Every note file under `root`, in order, and the problems of the tree's layout where they are found."""
    if not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        shown_folder = f"{shown_root}/{folder.name}"
        if folder.is_symlink():
            yield Diagnostic(Loc(shown_folder), "symlink", "the folder is a symbolic link",
                             "notes must be files in the repository, not links to other places")
            continue
        if not folder.is_dir():
            if not folder.name.lower().startswith("readme"):
                yield Diagnostic(Loc(shown_folder), "stray-file", "notes belong in a folder named after the editorial",
                                 f"move it to {shown_root}/<slug>/<paragraph>.yml")
            continue
        seen: dict[int, str] = {}
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            shown = f"{shown_folder}/{path.name}"
            match = NOTE_FILE.match(path.name)
            if not match or not path.is_file():
                yield Diagnostic(Loc(shown), "bad-filename", f"{path.name!r} is not a note file name",
                                 "name note files after the paragraph number: 5.yml holds the notes on ¶5")
                continue
            paragraph = int(match.group(1))
            if paragraph in seen:
                yield Diagnostic(Loc(shown, 1), "duplicate-file", f"{path.name} and {seen[paragraph]} both hold notes on ¶{paragraph}",
                                 f"move the notes into {seen[paragraph]} and delete {path.name}")
                continue
            seen[paragraph] = path.name
            yield NoteFile(path, shown, folder.name, paragraph)
