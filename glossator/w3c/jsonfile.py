"""JSON whose objects know their line, so that a problem with one annotation is shown at path:line."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load.source import read_text
from ..model import Loc

MAX_JSON_BYTES = 64 * 1024 * 1024


class Located(dict):
    """A JSON object and the line its `{` is on."""

    line: int = 1


def located(value: dict, line: int) -> Located:
    result = Located(value)
    result.line = line
    return result


class _Decoder(json.JSONDecoder):
    def __init__(self, text: str):
        super().__init__()
        starts = [0] + [m.end() for m in re.finditer("\n", text)]

        def parse_object(s_and_end, *args):
            value, end = json.decoder.JSONObject(s_and_end, *args)
            return located(value, bisect.bisect_right(starts, s_and_end[1] - 1)), end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


def read_json(path: Path, shown: str, problems: list[Diagnostic]):
    """The file's value with every object `Located`, or None after recording a located problem."""
    text = read_text(path, shown, problems, limit=MAX_JSON_BYTES)
    if text is None:
        return None
    try:
        return _Decoder(text).decode(text)
    except json.JSONDecodeError as exc:
        problems.append(Diagnostic(Loc(shown, exc.lineno), "bad-json", f"not valid JSON: {exc.msg}",
                                   "export the annotations again, as JSON"))
        return None
