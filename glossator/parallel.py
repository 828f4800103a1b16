"""Work that depends only on the loaded corpus, done on another core while MkDocs renders pages.

A forked child inherits the corpus without copying or pickling it, so handing
it work costs nothing. Forking is only safe on Linux from a single-threaded
process (a thread holding a lock at the fork would leave it held in the
child), so `mkdocs serve`'s rebuilds, which run beside its server threads,
and other systems do the same work in the process itself, at the end.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


class Background:
    """`work()` run in a forked child from now on, or in this process when `wait` is called."""

    def __init__(self, work: Callable[[], None], *, fork: bool | None = None):
        self._work = work
        self._process = None
        if can_fork() if fork is None else fork:
            self._process = multiprocessing.get_context("fork").Process(target=work, daemon=True)
            self._process.start()

    @property
    def forked(self) -> bool:
        return self._process is not None

    def wait(self) -> None:
        """Return when the work is done; raise if it failed (multiprocessing printed the child's traceback)."""
        if self._process is None:
            self._work()
            return
        self._process.join()
        if self._process.exitcode:
            raise RuntimeError(f"the background work failed with exit code {self._process.exitcode} (its error is printed above)")

    def cancel(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()

