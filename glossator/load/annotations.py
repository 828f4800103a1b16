"""annotations/<slug>/<n>.yml -> Note, with every problem located at path:line."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import NOTE_KINDS, Loc, Note
from .source import read_text
from .yamlnodes import YamlList, YamlMap, parse_yaml

NOTE_KEYS = ("note", "quote", "kind", "by", "sources", "id")
NOTE_FILE = re.compile(r"^(\d{1,4})\.ya?ml$")
NOTE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _closest(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""


def _string_problem(value, key: str) -> str:
    """Why a value that should be text is not, in words a YAML novice understands."""
    if isinstance(value, bool):
        return f"`{key}` must be text, but YAML read it as {str(value).lower()}"
    return f"`{key}` must be text, not {type(value).__name__}"


def _read_note(item, path: str, line: int, slug: str, paragraph: int, index: int, problems: list[Diagnostic]) -> Note | None:
    if not isinstance(item, YamlMap):
        problems.append(Diagnostic(Loc(path, line), "not-a-note", "each list item must be a note (a mapping with a `note:` key)",
                                   "write '- note: your text' and put the other keys under it, indented"))
        return None
    ok = True

    def fail(key: str, code: str, message: str, hint: str = "") -> None:
        nonlocal ok
        ok = False
        problems.append(Diagnostic(Loc(path, item.line_of(key)), code, message, hint))

    for key in item:
        if key not in NOTE_KEYS:
            fail(key, "unknown-key", f"unknown key `{key}`", _closest(key, NOTE_KEYS) or f"allowed keys: {', '.join(NOTE_KEYS)}")
    for key in ("note", "quote", "by", "id", "kind"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            fail(key, "wrong-type", _string_problem(value, key), "put the value in quotes, e.g. by: \"no\"")
    body = item.get("note")
    if "note" not in item:
        fail("note", "missing-note", "this note has no `note:` text", "add a `note:` key with the text of the note")
    elif isinstance(body, str) and not body.strip() or body is None:
        fail("note", "empty-note", "the note is empty", "write the note's text after `note:`, or delete the note")
    kind = item.get("kind") or "context"
    if isinstance(kind, str) and kind not in NOTE_KINDS:
        fail("kind", "unknown-kind", f"unknown kind {kind!r}", _closest(kind, NOTE_KINDS) or f"use one of: {', '.join(NOTE_KINDS)}")
    note_id = item.get("id") or ""
    if isinstance(note_id, str) and note_id and not NOTE_ID.match(note_id):
        fail("id", "bad-id", f"id {note_id!r} is not a slug", "use lowercase letters, digits and hyphens, e.g. 'kl-talks'")
    sources = item.get("sources") or []
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not all(isinstance(s, str) and s.strip() for s in sources):
        fail("sources", "wrong-type", "`sources` must be a list of URLs or Markdown links", "write each source on its own line starting with '- '")
    if not ok:
        return None
    return Note(
        slug=slug,
        paragraph=paragraph,
        body=body,
        loc=Loc(path, item.line),
        index=index,
        kind=kind,
        quote=item.get("quote") or "",
        by=item.get("by") or "",
        sources=list(sources),
        id=note_id,
        field_lines=dict(item.key_lines),
    )


def load_note_file(path: Path, shown: str, slug: str, paragraph: int, problems: list[Diagnostic]) -> list[Note]:
    text = read_text(path, shown, problems)
    if text is None:
        return []
    before = len(problems)
    data = parse_yaml(text, shown, problems)
    if data is None:
        if len(problems) == before:
            problems.append(Diagnostic(Loc(shown, 1), "empty-file", "the file holds no notes", "write a list of notes or delete the file"))
        return []
    if isinstance(data, YamlMap):
        problems.append(Diagnostic(Loc(shown, data.line), "not-a-list", "a note file must be a YAML list of notes",
                                   "start the note with '- note:' (a dash, then the keys indented under it)"))
        return []
    if not isinstance(data, YamlList):
        problems.append(Diagnostic(Loc(shown, 1), "not-a-list", "a note file must be a YAML list of notes", "start each note with '- note:'"))
        return []
    notes = []
    for index, (item, line) in enumerate(zip(data, data.item_lines), start=1):
        note = _read_note(item, shown, line, slug, paragraph, index, problems)
        if note:
            notes.append(note)
    return notes


def load_annotations(root: Path, shown_root: str, problems: list[Diagnostic]) -> dict[str, list[Note]]:
    """Every note under `root`, by slug. Problems with files and notes go to `problems`."""
    notes: dict[str, list[Note]] = {}
    if not root.is_dir():
        return notes
    for folder in sorted(root.iterdir()):
        shown_folder = f"{shown_root}/{folder.name}"
        if not folder.is_dir():
            if not folder.name.lower().startswith("readme"):
                problems.append(Diagnostic(Loc(shown_folder), "stray-file", "notes belong in a folder named after the editorial",
                                           f"move it to {shown_root}/<slug>/<paragraph>.yml"))
            continue
        seen: dict[int, str] = {}
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            shown = f"{shown_folder}/{path.name}"
            match = NOTE_FILE.match(path.name)
            if not match or not path.is_file():
                problems.append(Diagnostic(Loc(shown), "bad-filename", f"{path.name!r} is not a note file name",
                                           "name note files after the paragraph number: 5.yml holds the notes on ¶5"))
                continue
            paragraph = int(match.group(1))
            if paragraph in seen:
                problems.append(Diagnostic(Loc(shown, 1), "duplicate-file", f"{path.name} and {seen[paragraph]} both hold notes on ¶{paragraph}",
                                           f"move the notes into {seen[paragraph]} and delete {path.name}"))
                continue
            seen[paragraph] = path.name
            notes.setdefault(folder.name, []).extend(load_note_file(path, shown, folder.name, paragraph, problems))
    return notes
