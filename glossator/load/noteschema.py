"""A parsed note file checked against schemas/note.schema.json, each problem in a contributor's words.

jsonschema decides what is valid; this module only says it friendly and
precisely: every error becomes a Diagnostic at the line of the key or list
item it concerns, with a hint. Keys, kinds and the id pattern are read from
the schema, so adding a kind there is all it takes.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterator
from typing import Any

from jsonschema import ValidationError

from ..diagnostics import Diagnostic
from ..model import Loc
from ..schema import is_valid, load_schema, validator
from .yamlnodes import YamlList, YamlMap

_FIELDS = load_schema("note")["$defs"]["note"]["properties"]
NOTE_KEYS = tuple(_FIELDS)
NOTE_KINDS = tuple(kind for kind in _FIELDS["kind"]["enum"] if kind is not None)
NOTE_ID = re.compile(_FIELDS["id"]["pattern"])

_YAML_TYPES = ((list, "a list"), (dict, "a mapping"), ((int, float), "a number"), (datetime.date, "a date"))


def schema_problems(data: Any, shown: str) -> dict[int | None, list[Diagnostic]]:
    """Problems of a parsed note file by the list index of the note they concern (None: the whole file)."""
    found: dict[int | None, list[Diagnostic]] = {}
    if is_valid("note", data):
        return found
    for error in validator("note").iter_errors(data):
        path = list(error.absolute_path)
        index = path[0] if path else None
        for problem in _explain(error, path, Loc(shown, _line(data, path))):
            if problem not in found.setdefault(index, []):
                found[index].append(problem)
    return found


def _line(data: Any, path: list) -> int:
    """The line of the value at `path`: a list item's own line, a mapping value's key line."""
    line = getattr(data, "line", 1)
    for step in path:
        if isinstance(data, YamlList):
            line = data.item_lines[step]
        elif isinstance(data, YamlMap):
            line = data.line_of(step)
        data = data[step]
    return line


def _explain(error: ValidationError, path: list, loc: Loc) -> Iterator[Diagnostic]:
    if not path:
        yield _file_problem(error, loc)
    elif len(path) == 1:
        yield from _note_problems(error, loc)
    else:
        yield _field_problem(error, path[1], loc)


def _file_problem(error: ValidationError, loc: Loc) -> Diagnostic:
    if error.instance is None or error.validator == "minItems":
        return Diagnostic(loc, "empty-file", "the file holds no notes", "write a list of notes or delete the file")
    return Diagnostic(loc, "not-a-list", "a note file must be a YAML list of notes",
                      "start the note with '- note:' (a dash, then the keys indented under it)")


def _note_problems(error: ValidationError, loc: Loc) -> Iterator[Diagnostic]:
    note = error.instance
    if error.validator == "required":
        for key in error.validator_value:
            if key not in note:
                yield Diagnostic(loc, f"missing-{key}", f"this note has no `{key}:` text", f"add a `{key}:` key with the text of the note")
    elif error.validator == "additionalProperties":
        for key in note:
            if key not in NOTE_KEYS:
                yield Diagnostic(Loc(loc.path, note.line_of(key)), "unknown-key", f"unknown key `{key}`",
                                 _closest(key, NOTE_KEYS) or f"allowed keys: {', '.join(NOTE_KEYS)}")
    elif error.validator == "type":
        yield Diagnostic(loc, "not-a-note", "each list item must be a note (a mapping with a `note:` key)",
                         "write '- note: your text' and put the other keys under it, indented")
    else:
        yield Diagnostic(loc, "schema", error.message)


def _field_problem(error: ValidationError, key: str, loc: Loc) -> Diagnostic:
    value = error.instance
    if key == "note" and (value is None or error.validator == "pattern"):
        return Diagnostic(loc, "empty-note", "the note is empty", "write the note's text after `note:`, or delete the note")
    if key == "kind" and isinstance(value, str):
        return Diagnostic(loc, "unknown-kind", f"unknown kind {value!r}", _closest(value, NOTE_KINDS) or f"use one of: {', '.join(NOTE_KINDS)}")
    if key == "id" and isinstance(value, str):
        return Diagnostic(loc, "bad-id", f"id {value!r} is not a slug", "use lowercase letters, digits and hyphens, e.g. 'kl-talks'")
    if key == "sources":
        return Diagnostic(loc, "wrong-type", "`sources` must be a list of URLs or Markdown links", "write each source on its own line starting with '- '")
    if error.validator in ("type", "enum"):
        hint = ("write the value as text on one line; put it in quotes if it starts with [ or {" if isinstance(value, (list, dict))
                else "put the value in quotes, e.g. by: \"no\"")
        return Diagnostic(loc, "wrong-type", _string_problem(value, key), hint)
    return Diagnostic(loc, "schema", f"`{key}`: {error.message}")


def _closest(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""


def _string_problem(value: Any, key: str) -> str:
    """Why a value that should be text is not, in words a YAML novice understands."""
    if isinstance(value, bool):
        return f"`{key}` must be text, but YAML read it as {str(value).lower()}"
    read_as = next((name for types, name in _YAML_TYPES if isinstance(value, types)), type(value).__name__)
    return f"`{key}` must be text, but YAML read it as {read_as}"
