"""The build cache's figures (issue 15), for bench/run.py: warm builds against plain Material, a pull request
that touches one note, `glossator check` warm, `mkdocs serve` after a one-note edit and after an alias is
added, and the cache's size against the files it covers.

Every hooked build that run.py times is cold (the cache is cleared before each run); these are the warm ones.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from glossator import cache
from glossator.project import read_settings


def clear_cache(folder: Path) -> None:
    """A cold start: the project's build cache (.cache/glossator/) removed."""
    shutil.rmtree(folder / cache.FOLDER, ignore_errors=True)


def input_bytes(folder: Path) -> int:
    """What the cache covers: the note files, the editorial pages and the glossary."""
    settings = read_settings(folder / "mkdocs.yml")
    return sum(p.stat().st_size for base in (settings.annotations_dir, settings.editorials_dir, settings.glossary_dir)
               for p in base.rglob("*") if p.is_file())


def note_edited(folder: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    """(edit, restore): a new note in one note file (a new one at each call, so that each timed build after it
    has an edit to catch up with), and the file as it was."""
    note = min((folder / "annotations").glob("*/*.yml"))
    original = note.read_text(encoding="utf-8")
    return (lambda: note.write_text(original + f"- note: A new note, {time.time_ns()}.\n", encoding="utf-8"),
            lambda: note.write_text(original, encoding="utf-8"))


def with_alias(page: str, alias: str) -> str:
    """A glossary page's text with one more alias, in the list's own style (a block list, a flow list, or none)."""
    block = re.search(r"^aliases:[ \t]*\n([ \t]*)- ", page, re.M)
    if block:
        return page[:block.start(1)] + f"{block[1]}- {alias}\n" + page[block.start(1):]
    flow = re.search(r"^aliases:[ \t]*\[", page, re.M)
    if flow:
        return page[:flow.end()] + f"{alias}, " + page[flow.end():]
    return re.sub(r"^summary:", f"aliases: [{alias}]\nsummary:", page, count=1, flags=re.M)


@dataclass(frozen=True)
class Served:
    """Seconds from saving an edit to `mkdocs serve` serving the page that shows it."""

    note: float
    """A note added to a note file; its editorial's page polled."""
    alias: float
    """An alias added to a glossary term; the term's page (which lists its aliases) polled."""


def serve_rebuilds(folder: Path, python: str, env: dict, fetch: Callable[[str], str], wait_for: Callable, port: int) -> Served:
    """One `mkdocs serve` (livereload on, as contributors run it) on `port`, polled until its first build is
    served; then a one-note edit, then an alias added, each timed until the page shows it. The server is
    stopped and the files restored afterwards."""
    config = folder / "mkdocs.yml"
    settings = read_settings(config)
    note = min(settings.annotations_dir.glob("*/*.yml"))
    term = min(p for p in settings.glossary_dir.glob("*.md") if p.name != "index.md")
    base = f"http://127.0.0.1:{port}{urlparse(settings.site_url).path.rstrip('/')}"
    originals = {path: path.read_text(encoding="utf-8") for path in (note, term)}
    server = subprocess.Popen([python, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def edited(path: Path, text: str, page: str, token: str) -> float:
        start = time.perf_counter()
        path.write_text(text, encoding="utf-8")
        wait_for(lambda: token in fetch(page), f"the rebuild after editing {path.name}")
        return time.perf_counter() - start

    try:
        page = f"{base}/editorials/{note.parent.name}/"
        wait_for(lambda: "gl-para" in fetch(page), "the first build under mkdocs serve", every=0.5)
        token = f"bench-edit-{time.time_ns()}"
        seconds = edited(note, originals[note] + f"- note: {token}\n", page, token)
        time.sleep(5)  # the rebuild's search index and open data are written after its pages are served (about 3 s)
        alias = f"benchalias{time.time_ns()}"
        return Served(seconds, edited(term, with_alias(originals[term], alias), f"{base}/glossary/{term.stem}/", alias))
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass(frozen=True)
class CacheResults:
    uncached: object
    """run.Build: cold, with the cache switched off (GLOSSATOR_CACHE=0)."""
    warm: object
    """run.Build: nothing changed since the last build."""
    one_note: object
    """run.Build: one note file changed since the last build (a pull request that touches one note)."""
    warm_check: object
    """run.Run: `glossator check` after a first one."""
    served: Served
    size: int
    inputs: int


def rows(r: CacheResults) -> list[list[str]]:
    """Rows for run.py's "other" table."""
    mb = 1024 * 1024
    return [[f"glossator check, warm, wall (CPU {r.warm_check.cpu:.1f} s)", f"{r.warm_check.wall:.2f}"],
            ["mkdocs serve: one-note edit -> page served with it", f"{r.served.note:.2f}"],
            ["mkdocs serve: glossary alias added -> term page served with it", f"{r.served.alias:.2f}"],
            [f"build cache, MB (for {r.inputs / mb:.1f} MB of notes, editorials and glossary)", f"{r.size / mb:.1f}"]]


def targets(r: CacheResults, plain, hooked, size: int) -> list[tuple[str, float, float]]:
    """Issue 15's targets: `plain` and `hooked` are run.py's cold builds of the same corpus, in the same run."""
    return [
        (f"warm hooked / plain build, {size:,} editorials", r.warm.run.wall / plain.run.wall, 1.15),
        (f"warm hooked (one note edited) / plain, {size:,}", r.one_note.run.wall / plain.run.wall, 1.15),
        (f"cold hooked / plain build, {size:,} (before the cache: 1.9)", hooked.run.wall / plain.run.wall, 1.9),
        ("cold hooked build, the cache on / off (what filling it costs)", hooked.run.wall / r.uncached.run.wall, 1.1),
        ("mkdocs serve: one-note edit -> served (s)", r.served.note, 2.0),
        ("mkdocs serve: alias added -> served (s)", r.served.alias, 5.0),
        ("warm glossator check (s)", r.warm_check.wall, 0.5),
        ("build cache / the files it covers (size)", r.size / r.inputs, 3.0),
    ]
