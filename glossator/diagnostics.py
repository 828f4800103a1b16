"""Problems as values: each has a location, a code, a message and a hint.

They are collected, never raised one by one, so a contributor sees every
problem of a change in one run.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .model import Loc

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    loc: Loc
    code: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        text = f"{self.loc}: {self.message} [{self.code}]"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


def split_off(problems: list[Diagnostic], start: int) -> tuple[Diagnostic, ...]:
    """The problems added since `start`, taken out of the list: they travel with what found them
    (a note rendered ahead of its page) and are reported with that page."""
    taken = tuple(problems[start:])
    del problems[start:]
    return taken


def sort_key(d: Diagnostic) -> tuple:
    return (d.loc.path, d.loc.line or 0, d.code)


def _github_escape(text: str, *, prop: bool = False) -> str:
    """Escape per GitHub's workflow-command rules (data vs property values)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_text(diagnostics: list[Diagnostic]) -> str:
    lines = [str(d) for d in sorted(diagnostics, key=sort_key)]
    errors = sum(d.severity == ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)" if diagnostics else "No problems found.")
    return "\n".join(lines)


def format_github(diagnostics: list[Diagnostic]) -> str:
    out = []
    for d in sorted(diagnostics, key=sort_key):
        props = [f"file={_github_escape(d.loc.path, prop=True)}"]
        if d.loc.line:
            props.append(f"line={d.loc.line}")
        props.append(f"title={_github_escape('glossator ' + d.code, prop=True)}")
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        out.append(f"::{d.severity} {','.join(props)}::{_github_escape(message)}")
    return "\n".join(out)


def format_json(diagnostics: list[Diagnostic]) -> str:
    items = []
    for d in sorted(diagnostics, key=sort_key):
        item = asdict(d)
        item.update(path=d.loc.path, line=d.loc.line)
        del item["loc"]
        items.append(item)
    return json.dumps({"problems": items, "count": len(items)}, ensure_ascii=False, indent=2)


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
