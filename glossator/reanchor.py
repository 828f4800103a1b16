"""`glossator reanchor`: after a page's text changed, put each note back where its quote now is.

Note files are edited as text, never re-serialised, so that comments, key
order, folded text and the other notes stay byte for byte:

- a note is the block of lines from its `- ` at the left margin to its last
  line that is not blank or a comment at the left margin; it moves with every
  line inside it, comments included, to the end of the target paragraph's
  file (a new file starts with the schema comment);
- comments at the left margin (a file's header, lines between notes) stay in
  their file; a file whose last note moves out is deleted, header and all;
- a corrected quote replaces the old value in place, as a double-quoted string.

A note is never deleted. A note whose quote is nowhere on the page is left
alone and reported with the closest passage as a suggestion; so is a note in a
file that is not a plain list at the left margin.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import Diagnostic
from .load.source import read_text
from .model import Editorial, Loc, Note
from .project import Settings, load_corpus
from .scaffold import SCHEMA_COMMENT, find_note_file
from .text import normalize_space
from .validate import _windows, loose

_DASH = re.compile(r"-(\s|$)")


@dataclass(frozen=True)
class Change:
    """One edit, located where the note was before it."""

    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}"


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    writes: dict[Path, str | None] = field(default_factory=dict)
    """The new text of each file to change; None for a file to delete."""

    def apply(self) -> None:
        for path, text in self.writes.items():
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class _Item:
    """Where one note lies in its file's text: [start, end) and the span of its quote's value."""

    start: int
    end: int
    quote: tuple[int, int] | None


@dataclass(frozen=True, eq=False)
class _Move:
    note: Note
    paragraph: int
    quote: str


def plan(settings: Settings) -> Plan:
    """Every change `reanchor` would make, without making it."""
    corpus, _ = load_corpus(settings)
    result = Plan()
    moves = []
    for note in corpus.notes:
        editorial = corpus.editorials.get(note.slug)
        if editorial is None:
            continue  # `check` reports notes on unknown pages
        anchor = _new_anchor(note, editorial) if note.quote else None
        if anchor == (note.paragraph, note.quote) or not note.quote and editorial.paragraph(note.paragraph):
            continue
        if anchor is None:
            result.problems.append(_unanchored(note, editorial))
        else:
            moves.append(_Move(note, *anchor))
    _edit(settings, moves, result)
    result.changes.sort(key=lambda c: (c.loc.path, c.loc.line or 0))
    return result


def _new_anchor(note: Note, editorial: Editorial) -> tuple[int, str] | None:
    """(paragraph, quote as written there): its own paragraph first, then the nearest; exact before loose."""
    by_distance = sorted(editorial.paragraphs, key=lambda p: (abs(p.number - note.paragraph), p.number))
    own = [p for p in by_distance if p.number == note.paragraph]
    others = [p for p in by_distance if p.number != note.paragraph]
    for group in (own, others):
        for match in (_exact, _loose):
            for paragraph in group:
                found = match(note.quote, paragraph.text)
                if found is not None:
                    return paragraph.number, found
    return None


def _exact(quote: str, text: str) -> str | None:
    return quote if normalize_space(quote) in text else None


def _loose(quote: str, text: str) -> str | None:
    """The passage of `text` equal to `quote` but for spaces and quote marks (`loose` keeps lengths)."""
    wanted = loose(quote)
    at = loose(text).find(wanted)
    return text[at : at + len(wanted)] if at >= 0 else None


def _unanchored(note: Note, editorial: Editorial) -> Diagnostic:
    count = len(editorial.paragraphs)
    if not note.quote:
        return Diagnostic(note.loc, "unanchored", f"¶{note.paragraph} does not exist any more and the note has no quote to find its place by",
                          f"move it by hand to the file of the paragraph it is about (1-{count})")
    number, passage, ratio = max(
        ((p.number, window, difflib.SequenceMatcher(None, note.quote, window).ratio())
         for p in editorial.paragraphs for window in _windows(p.text, len(note.quote.split()))),
        key=lambda candidate: candidate[2],
        default=(0, "", 0.0),
    )
    hint = (f"closest passage: ¶{number} {passage!r} (similarity {ratio:.2f}); if the note is about it, "
            f"copy it into `quote:` and move the note to ¶{number}'s file by hand" if passage else "fix the quote by hand")
    return Diagnostic(note.loc_of("quote"), "unanchored", f"quote found in no paragraph of {note.slug}: {note.quote!r}", hint)


def _layout(text: str) -> list[_Item] | None:
    """Where each note lies in a note file's text; None unless it is a block list at the left margin."""
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(document, yaml.SequenceNode) or document.flow_style:
        return None
    lines = text.splitlines(keepends=True)
    offsets = [0, *itertools.accumulate(map(len, lines))]
    dashes = []
    for node in document.value:
        row = node.start_mark.line
        while row >= 0 and not _DASH.match(lines[row]):
            row -= 1
        if row < 0 or dashes and row <= dashes[-1]:
            return None
        dashes.append(row)
    items = []
    for node, row, next_row in zip(document.value, dashes, [*dashes[1:], len(lines)]):
        stop = next_row
        while stop > row + 1 and (not lines[stop - 1].strip() or lines[stop - 1].startswith(("#", "---", "..."))):
            stop -= 1
        items.append(_Item(offsets[row], offsets[stop], _quote_span(node, text)))
    return items


def _quote_span(node: yaml.Node, text: str) -> tuple[int, int] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "quote":
            end = value.end_mark.index
            while end > value.start_mark.index and text[end - 1] in " \n":
                end -= 1  # a block scalar's span takes in the blank lines after it
            return value.start_mark.index, end
    return None


def _read(path: Path) -> tuple[str, list[_Item]] | None:
    text = read_text(path, str(path), [])
    layout = _layout(text) if text is not None else None
    return (text, layout) if layout is not None else None


def _cannot_edit(loc: Loc, shown: str) -> Diagnostic:
    return Diagnostic(loc, "cannot-edit", f"{shown} is not a plain list of notes starting at the left margin, so it is not edited",
                      "move or fix this note by hand")


def _targets(settings: Settings, moves: list[_Move], result: Plan) -> dict[_Move, Path]:
    """The file each moving note goes to: the paragraph's file, or a new `<n>.yml`."""
    targets = {}
    for move in moves:
        if move.paragraph != move.note.paragraph:
            folder = settings.annotations_dir / move.note.slug
            target = find_note_file(folder, move.paragraph) or folder / f"{move.paragraph}.yml"
            if target.exists() and _read(target) is None:
                result.problems.append(_cannot_edit(move.note.loc, settings.shown(target)))
            else:
                targets[move] = target
    return targets


def _edit(settings: Settings, moves: list[_Move], result: Plan) -> None:
    """Turn moves into new file texts: first every removal and quote fix, then the appends."""
    targets = _targets(settings, moves, result)
    moves = [m for m in moves if m.paragraph == m.note.paragraph or m in targets]
    texts: dict[Path, str] = {}
    notes_left: dict[Path, int] = {}
    arriving: list[tuple[_Move, str]] = []
    by_file = itertools.groupby(sorted(moves, key=lambda m: (m.note.loc.path, -m.note.index)), key=lambda m: m.note.loc.path)
    for shown, group in by_file:
        path = settings.root / shown
        read = _read(path)
        if read is None:
            result.problems.extend(_cannot_edit(move.note.loc, shown) for move in group)
            continue
        text, items = read
        notes_left[path] = len(items)
        for move in group:  # from the last note up, so the offsets of the others stay valid
            item = items[move.note.index - 1]
            end = item.end
            if move.quote != move.note.quote:
                start, stop = item.quote
                value = json.dumps(move.quote, ensure_ascii=False)
                text = text[:start] + value + text[stop:]
                end += len(value) - (stop - start)
                result.changes.append(Change(move.note.loc_of("quote"), f"quote updated to {move.quote!r}, as written in ¶{move.paragraph}"))
            if move in targets:
                block = text[item.start : end]
                arriving.append((move, block if block.endswith("\n") else block + "\n"))
                text = text[: item.start] + text[end:].lstrip("\n")  # with the blank lines that set it apart
                notes_left[path] -= 1
        texts[path] = text
    for move, block in sorted(arriving, key=lambda arrival: (arrival[0].note.loc.path, arrival[0].note.index)):
        target = targets[move]
        if target not in texts:
            texts[target] = _read(target)[0] if target.exists() else SCHEMA_COMMENT + "\n"
        if texts[target] and not texts[target].endswith("\n"):
            texts[target] += "\n"
        line = texts[target].count("\n") + 1
        texts[target] += block
        notes_left[target] = notes_left.get(target, 0) + 1
        result.changes.append(Change(move.note.loc, f"moved to {settings.shown(target)}:{line}, where its quote is (¶{move.paragraph})"))
    for path, text in texts.items():
        if notes_left.get(path, 1) == 0:
            result.writes[path] = None
            result.changes.append(Change(Loc(settings.shown(path)), "deleted: no notes are left in it"))
        else:
            result.writes[path] = text
