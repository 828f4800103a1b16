"""Work that depends only on the loaded corpus, done on another core while MkDocs renders pages.

A forked child inherits the corpus without copying or pickling it, so handing
it work costs nothing. Forking is only safe on Linux from a single-threaded
process (a thread holding a lock at the fork would leave it held in the
child), so `mkdocs serve`'s rebuilds, which run beside its server threads,
and other systems do the same work in the process itself, when it is needed;
so does every build when GLOSSATOR_PARALLEL=0.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

_END = "glossator:end"
POLL_SECONDS = 1.0
"""How often a wait for the child checks that it is still alive."""


SWITCH = "GLOSSATOR_PARALLEL"
"""Set to 0 to do everything in one process (to profile it, say)."""


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1 and os.environ.get(SWITCH, "1") != "0"


class Worker:
    """`compute(key)` for each of `keys`, in that order, then `finish()`: in a forked child from now on
    (the results are sent back as they are ready), or in this process when they are asked for.

    The child never waits for this process while it computes: a queue buffers what it sends.
    """

    def __init__(self, keys: Iterable[Hashable], compute: Callable[[Any], Any], finish: Callable[[], None], *,
                 fork: bool | None = None):
        self._keys, self._compute, self._finish = list(keys), compute, finish
        self._expected = set(self._keys)
        self._received: dict = {}
        self._taken: set = set()
        self._ended = False
        self._process = None
        if can_fork() if fork is None else fork:
            context = multiprocessing.get_context("fork")
            self._queue = context.Queue()
            self._process = context.Process(target=self._run_child, daemon=True)
            self._process.start()

    @property
    def forked(self) -> bool:
        return self._process is not None

    def _run_child(self) -> None:
        for key in self._keys:
            self._queue.put((key, self._compute(key)))
        self._queue.put(_END)
        self._finish()

    def get(self, key: Hashable) -> Any:
        """The result for `key`: the child's, once it has sent it, or computed here."""
        if self._process is None or key in self._taken or key not in self._expected:
            return self._compute(key)
        while key not in self._received and not self._ended:
            self._receive()
        self._taken.add(key)
        return self._received.pop(key) if key in self._received else self._compute(key)

    def _receive(self) -> None:
        while True:
            alive = self._process.is_alive()  # before the read: what a child sent before it exited is still read
            try:
                message = self._queue.get(timeout=POLL_SECONDS)
                break
            except queue.Empty:
                if not alive:
                    self._failed()
        if message == _END:
            self._ended = True
        else:
            key, value = message
            self._received[key] = value

    def wait(self) -> None:
        """Return when `finish()` is done; raise if the child failed (multiprocessing printed its traceback)."""
        if self._process is None:
            self._finish()
            return
        while not self._ended:  # the child exits only once all it sent has been read
            self._receive()
        self._received.clear()
        self._process.join()
        if self._process.exitcode:
            self._failed()

    def _failed(self) -> None:
        raise RuntimeError(f"the work on another core failed (exit code {self._process.exitcode}; its error is printed above)")

    def cancel(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()
