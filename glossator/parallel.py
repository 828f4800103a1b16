"""Work that depends only on the loaded corpus, done on another core while MkDocs renders pages.

A forked child inherits the corpus without copying or pickling it, so handing
it work costs nothing. Forking is only safe from a single-threaded process (a
thread holding a lock at the fork would leave it held in the child): beside
other threads (`mkdocs serve` rebuilds beside its server threads) the child is
a fresh interpreter instead, which reads the corpus itself. Other systems than
Linux, where this is not tested, and GLOSSATOR_PARALLEL=0 keep everything in
one process.

Whatever the child has not sent yet when it is asked for is computed here
instead (its copy is dropped when it comes), so this process never waits for
the child, except at the very end, for `finish`.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

SWITCH = "GLOSSATOR_PARALLEL"
"""Set to 0 to do everything in one process (to profile it, say)."""
_END = "glossator:end"
POLL_SECONDS = 1.0
"""How often a wait for the child checks that it is still alive."""

Factory = tuple[Callable[..., tuple[Callable[[Any], Any], Callable[[], None]]], tuple]
"""(function, picklable arguments): called in a fresh child, it returns that child's `compute` and `finish`."""


def can_fork() -> bool:
    return threading.active_count() == 1


def parallel_allowed() -> bool:
    """Linux (the only system it is tested on), not switched off, more than one core, and not in a child
    already (multiprocessing's children have none)."""
    return (sys.platform == "linux" and os.environ.get(SWITCH, "1") != "0" and (os.cpu_count() or 1) > 1
            and not multiprocessing.current_process().daemon)


class Worker:
    """`compute(key)` for each of `keys`, in that order, then `finish()`, in a child process from now on;
    `get(key)` takes the child's result if it has come, and computes it here if not.

    `fresh` says how a child that cannot be forked makes its own `compute` and `finish`;
    without it, or with `parallel=False`, everything happens here, `finish` in `wait`.
    A `gated` child calls `finish` only once `open_gate` has been called.
    The child never waits for this process while it computes: a queue buffers what it sends.
    """

    def __init__(self, keys: Iterable[Hashable], compute: Callable[[Any], Any], finish: Callable[[], None], *,
                 fresh: Factory | None = None, parallel: bool | None = None, gated: bool = False):
        self._keys, self._compute, self._finish = list(keys), compute, finish
        self._gate = None
        self._received: dict = {}
        self._taken: set = set()
        self._ended = False
        self._process = None
        if not (parallel_allowed() if parallel is None else parallel):
            return
        if can_fork():
            context = multiprocessing.get_context("fork")
            target, first = _produce, (compute, finish)
        elif fresh is not None:
            context = multiprocessing.get_context("spawn")
            target, first = _produce_fresh, (fresh,)
        else:
            return
        self._queue = context.Queue()
        self._gate = context.Event() if gated else None
        self._process = context.Process(target=target, args=(*first, self._keys, self._queue, self._gate), daemon=True)
        self._process.start()

    def open_gate(self) -> None:
        """Let a `gated` child go on to `finish` once it has computed everything (the site folder is ready, say)."""
        if self._gate is not None:
            self._gate.set()

    @property
    def forked(self) -> bool:
        """Whether a child does the work (forked, or a fresh interpreter)."""
        return self._process is not None

    def get(self, key: Hashable, *, wait: bool = False) -> Any:
        """The child's result for `key` if it has sent it by now (or, `wait`, once it has); else computed here."""
        if self._process is not None:
            while not self._ended and key not in self._received and key not in self._taken and self._receive(block=wait):
                pass
        self._taken.add(key)
        return self._received.pop(key) if key in self._received else self._compute(key)

    def _receive(self, block: bool) -> bool:
        """Take one message from the child; False if there was none to take without waiting."""
        while True:
            alive = self._process.is_alive()  # before the read: what a child sent before it exited is still read
            try:
                message = self._queue.get(timeout=POLL_SECONDS) if block else self._queue.get_nowait()
                break
            except queue.Empty:
                if not alive:
                    self._failed()
                if not block:
                    return False
        if message == _END:
            self._ended = True
        else:
            key, value = message
            if key not in self._taken:
                self._received[key] = value
        return True

    def wait(self) -> dict:
        """Return when `finish()` is done, with what the child sent that `get` never took; raise if the child
        failed (multiprocessing printed its traceback)."""
        if self._process is None:
            self._finish()
            return {}
        while not self._ended:  # the child exits only once all it sent has been read
            self._receive(block=True)
        untaken, self._received = self._received, {}
        self._process.join()
        if self._process.exitcode:
            self._failed()
        return untaken

    def _failed(self) -> None:
        raise RuntimeError(f"the work on another core failed (exit code {self._process.exitcode}; its error is printed above)")

    def cancel(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()


def _produce(compute: Callable[[Any], Any], finish: Callable[[], None], keys: list, results, gate) -> None:
    for key in keys:
        results.put((key, compute(key)))
    results.put(_END)
    if gate is not None:
        gate.wait()
    finish()


def _produce_fresh(fresh: Factory, keys: list, results, gate) -> None:
    function, arguments = fresh
    _produce(*function(*arguments), keys, results, gate)
