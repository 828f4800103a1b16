"""When a file was first and last committed: dates for annotations and feeds.

One `git log` over a folder gives every file's dates. Outside a git
repository, or for a file not yet committed, the file's modification time
stands in for the last change and the creation date stays unknown.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class FileDates:
    created: str
    """ISO 8601 date of the first commit, or "" when unknown."""
    modified: str
    """ISO 8601 date of the last commit, else of the last change on disk."""


def mtime(path: Path) -> str:
    """The file's modification time in UTC, ISO 8601."""
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")


def _git_log(folder: Path) -> dict[Path, FileDates]:
    try:
        run = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(folder), "log", "--format=%x00%aI", "--name-only", "--relative", "--", "."],
            capture_output=True, text=True, check=False,
        )
    except OSError:
        return {}
    if run.returncode != 0:
        return {}
    dates: dict[Path, FileDates] = {}
    root = folder.resolve()  # git's names are plain relative paths: resolving the folder once is enough
    for commit in run.stdout.split("\0")[1:]:
        date, *names = commit.split("\n")
        for name in filter(None, names):
            path = root / name
            newest = dates[path].modified if path in dates else date
            dates[path] = FileDates(created=date, modified=newest)
    return dates


class History:
    """File dates under one folder, read from git once."""

    def __init__(self, folder: Path):
        self._dates = _git_log(folder) if folder.is_dir() else {}
        self._folders: dict[Path, Path] = {}

    def dates(self, path: Path) -> FileDates:
        """Dates of one file; its folder is resolved once for all its files (a build asks for every note)."""
        folder = self._folders.get(path.parent) or self._folders.setdefault(path.parent, path.parent.resolve())
        return self._dates.get(folder / path.name) or FileDates(created="", modified=mtime(path))
