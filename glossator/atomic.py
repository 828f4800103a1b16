"""Files written whole or not at all: to a temporary file beside each, then renamed over it.

`mkdocs serve` keeps serving while a rebuild's search index and open data are written (in the background, after
its pages are served): a browser that asks for one of those files then gets the old one or the new one, never
half of one.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
