"""Work done on another core (glossator.parallel): the same files as in-process, and failures are not lost."""

from __future__ import annotations

import os
import re
import threading

import pytest

from glossator import parallel
from glossator.parallel import Background

from conftest import SEED_SLUG


def test_background_work_runs_in_a_child_and_its_files_are_there_after_wait(tmp_path):
    marker = tmp_path / "done"
    work = Background(lambda: marker.write_text(str(os.getpid())), fork=True)
    assert work.forked
    work.wait()
    assert marker.read_text() != str(os.getpid())


def test_in_process_work_runs_when_waited_for(tmp_path):
    marker = tmp_path / "done"
    work = Background(lambda: marker.write_text(str(os.getpid())), fork=False)
    assert not work.forked and not marker.exists()
    work.wait()
    assert marker.read_text() == str(os.getpid())


@pytest.mark.parametrize("fork", [True, False])
def test_a_failure_in_the_work_fails_the_wait(fork, capfd):
    def work():
        raise ValueError("the open data could not be written")

    with pytest.raises((RuntimeError, ValueError)):
        Background(work, fork=fork).wait()
    if fork:
        assert "the open data could not be written" in capfd.readouterr().err


def test_no_fork_beside_other_threads():
    """`mkdocs serve` rebuilds beside its server threads: a fork there could inherit a held lock."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
    finally:
        stop.set()
        thread.join()


def _open_data(site) -> dict[str, str]:
    files = {}
    for folder in ("annotations", "feeds"):
        for path in sorted((site.site_dir / folder).rglob("*")):
            if path.is_file():
                # A feed without entries is dated by the build time.
                files[path.relative_to(site.site_dir).as_posix()] = re.sub(r"<updated>[^<]*</updated>", "", path.read_text(encoding="utf-8"))
    return files


def test_open_data_written_on_another_core_is_what_the_build_writes_itself(project, monkeypatch):
    project.seed()
    project.notes(SEED_SLUG, "2.yml", "- note: A fact-check.\n  quote: accounts for about one-fifth of global trade\n"
                                      "  kind: fact-check\n  sources:\n    - https://www.wto.org/\n")
    project.notes(SEED_SLUG, "6.yml", "- note: Some *context*, see [[" + SEED_SLUG + "#p2]].\n")
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "zero-sum-game.md").write_text("---\nterm: Zero-sum game\nsummary: S.\naliases: [zero-sum]\n---\nBody.\n", encoding="utf-8")
    built = {}
    for fork in (True, False):
        monkeypatch.setattr(parallel, "can_fork", lambda fork=fork: fork)
        site = project.build(strict=True)
        assert site.error is None, site.messages
        built[fork] = _open_data(site)
    assert f"annotations/{SEED_SLUG}.jsonld" in built[True] and "feeds/terms/zero-sum-game.xml" in built[True]
    assert built[True] == built[False]
