"""Reading contributed files safely: size limit, BOM, UTF-8 with the line of the first bad byte."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Loc

MAX_FILE_BYTES = 256 * 1024
"""Contributed files larger than this are refused: no note needs more, and it bounds build time."""


def read_text(path: Path, shown: str, problems: list[Diagnostic], *, limit: int = MAX_FILE_BYTES) -> str | None:
    """The file's text, or None after recording why it cannot be read.

    `shown` is the path as diagnostics print it (relative to the project).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Diagnostic(Loc(shown), "unreadable", f"cannot read the file: {exc.strerror}"))
        return None
    if len(data) > limit:
        problems.append(
            Diagnostic(
                Loc(shown, 1),
                "too-large",
                f"file is {len(data):,} bytes; the limit is {limit:,}",
                "split the notes into smaller files or shorten them",
            )
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Diagnostic(
                Loc(shown, line),
                "not-utf8",
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
