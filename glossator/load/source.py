"""Reading contributed files safely: no links, size limit, BOM, UTF-8 with the line of the first bad byte."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Loc

MAX_FILE_BYTES = 256 * 1024
"""Contributed files larger than this are refused: no note needs more, and it bounds build time."""
_UTF8_HINT = "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)"


def read_text(path: Path, shown: str, problems: list[Diagnostic], *, limit: int = MAX_FILE_BYTES) -> str | None:
    """The file's text, or None after recording why it cannot be read (`read_bytes`, then `decode`)."""
    data = read_bytes(path, shown, problems, limit=limit)
    return None if data is None else decode(data, shown, problems)


def read_bytes(path: Path, shown: str, problems: list[Diagnostic], *, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The file's bytes, or None after recording why it cannot be read.

    `shown` is the path as diagnostics print it (relative to the project).
    A symbolic link is refused: it could publish any file of the machine
    that builds the site. At most `limit` + 1 bytes are ever read.
    """
    if path.is_symlink():
        problems.append(Diagnostic(Loc(shown), "symlink", "the file is a symbolic link", "commit the file itself, not a link to it"))
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        problems.append(Diagnostic(Loc(shown), "unreadable", f"cannot read the file: {exc.strerror}"))
        return None
    if len(data) > limit:
        problems.append(
            Diagnostic(
                Loc(shown, 1),
                "too-large",
                f"file is larger than the limit of {limit:,} bytes",
                "split the notes into smaller files or shorten them",
            )
        )
        return None
    return data


def decode(data: bytes, shown: str, problems: list[Diagnostic]) -> str | None:
    """A file's bytes as text (UTF-8, with or without a BOM, any line endings), or None after recording why not.

    A pure function of the bytes: what it finds can be cached with them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Diagnostic(Loc(shown, 1), "not-utf8", "the file is saved as UTF-16", _UTF8_HINT))
        return None
    # CR and LF bytes never occur inside a UTF-8 sequence, so line endings can be unified before decoding.
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Diagnostic(
                Loc(shown, line),
                "not-utf8",
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                _UTF8_HINT,
            )
        )
        return None
