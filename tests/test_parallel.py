"""Work done on another core (glossator.parallel): the same site as in-process, and failures are not lost."""

from __future__ import annotations

import os
import re
import threading
import time

import pytest

from glossator import build as build_module
from glossator import parallel
from glossator import project
from glossator.parallel import Worker

from conftest import SEED_SLUG


def _pid_of(key):
    return key, os.getpid()


def test_a_forked_worker_computes_in_a_child_in_order_then_finishes(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    marker = tmp_path / "finished"
    worker = Worker(range(50), _pid_of, lambda: marker.write_text(str(os.getpid())), parallel=True)
    assert worker.forked
    worker.get(0, wait=True)
    time.sleep(0.5)  # the child has sent everything by now
    results = [worker.get(key) for key in (3, 0, 49, 7)]
    assert [key for key, _ in results] == [3, 0, 49, 7]
    assert results[0][1] != os.getpid() and results[2][1] != os.getpid()  # from the child
    assert results[1] == (0, os.getpid())  # asked twice: computed here
    worker.wait()  # drains what was never asked for, then the child ends
    assert marker.read_text() != str(os.getpid())
    assert worker.get(99) == (99, os.getpid())  # unknown to the child: computed here


def test_a_gated_child_finishes_only_once_the_gate_is_open(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    marker = tmp_path / "finished"
    worker = Worker(range(3), _pid_of, lambda: marker.write_text("done"), parallel=True, gated=True)
    assert worker.get(2, wait=True)[0] == 2
    time.sleep(0.3)
    assert not marker.exists()  # all computed, but the site folder is not ready yet
    worker.open_gate()
    worker.wait()
    assert marker.read_text() == "done"


def _slow_pid_of(key):
    time.sleep(0.2)
    return key, os.getpid()


def test_what_the_child_has_not_sent_is_computed_here(monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    worker = Worker(range(20), _slow_pid_of, lambda: None, parallel=True)
    assert worker.get(19) == (19, os.getpid())  # the child is far from it: no waiting
    worker.cancel()


def test_a_fresh_child_when_forking_is_unsafe(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    marker = tmp_path / "finished"
    worker = Worker(range(5), _pid_of, lambda: None, fresh=(_fresh_pair, (str(marker),)), parallel=True)
    assert worker.forked
    key, pid = worker.get(4, wait=True)
    assert key == 4 and pid != os.getpid()
    worker.wait()
    assert marker.read_text() == str(pid)
    assert not Worker(range(5), _pid_of, lambda: None, parallel=True).forked  # no fresh way: all here


def _fresh_pair(marker: str):
    """What a fresh child computes with: made there, from picklable arguments."""
    from pathlib import Path
    return _pid_of, lambda: Path(marker).write_text(str(os.getpid()))


def _has_a_child_of_its_own(key):
    return Worker([1], _pid_of, lambda: None, parallel=None).forked


def test_a_child_does_its_work_itself(monkeypatch):
    """A child's own Worker (notes loaded by the build in a fresh child) must not start a grandchild."""
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    worker = Worker([1], _has_a_child_of_its_own, lambda: None, parallel=True)
    assert worker.get(1, wait=True) is False
    worker.wait()


def test_an_unforked_worker_computes_when_asked_and_finishes_when_waited_for(tmp_path):
    marker = tmp_path / "finished"
    worker = Worker(range(5), _pid_of, lambda: marker.write_text(str(os.getpid())), parallel=False)
    assert not worker.forked
    assert worker.get(2) == (2, os.getpid())
    assert not marker.exists()
    worker.wait()
    assert marker.read_text() == str(os.getpid())


def _fails_on_three(key):
    if key == 3:
        raise ValueError("the note could not be rendered")
    return key


def test_a_failure_in_the_child_fails_the_build(capfd, monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    worker = Worker(range(5), _fails_on_three, lambda: None, parallel=True)
    with pytest.raises(RuntimeError):
        worker.get(4, wait=True)  # never sent: the child died on 3
    assert "the note could not be rendered" in capfd.readouterr().err


def test_a_failure_after_the_results_fails_the_wait(monkeypatch):
    def finish():
        raise ValueError("the open data could not be written")

    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    worker = Worker(range(3), _pid_of, finish, parallel=True)
    with pytest.raises(RuntimeError):
        worker.wait()


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


def test_parallel_work_can_be_switched_off(monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert parallel.parallel_allowed()
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert not parallel.parallel_allowed()  # not tested there: one process
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    worker = Worker([1], _pid_of, lambda: None)
    assert worker.forked
    worker.wait()
    monkeypatch.setenv("GLOSSATOR_PARALLEL", "0")
    assert not parallel.parallel_allowed()
    assert not Worker([1], _pid_of, lambda: None).forked


def _site_files(site) -> dict[str, str]:
    files = {}
    for path in sorted(site.site_dir.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".jsonld", ".xml", ".js"):
            # A feed without entries is dated by the build time.
            files[path.relative_to(site.site_dir).as_posix()] = re.sub(r"<updated>[^<]*</updated>", "", path.read_text(encoding="utf-8"))
    return files


def test_a_site_built_on_two_cores_is_the_site_built_on_one(project, monkeypatch):
    project.seed()
    project.notes(SEED_SLUG, "2.yml", "- note: A fact-check.\n  quote: accounts for about one-fifth of global trade\n"
                                      "  kind: fact-check\n  sources:\n    - https://www.wto.org/\n")
    project.notes(SEED_SLUG, "6.yml", "- note: Some *context*, see [[" + SEED_SLUG + "#p2]].\n"
                                      "- note: A <script>removed</script> tag.\n")
    project.notes(SEED_SLUG, "40.yml", "- note: On a paragraph that does not exist.\n")
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "zero-sum-game.md").write_text("---\nterm: Zero-sum game\nsummary: S.\naliases: [zero-sum]\n---\nBody.\n", encoding="utf-8")
    workers: list[Worker] = []

    class Waiting(Worker):
        """Takes every result from the child (a real build takes what has come and computes the rest)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.asked: list = []
            workers.append(self)

        def get(self, key, *, wait=True):
            self.asked.append(key)
            return super().get(key, wait=True)

    monkeypatch.setattr(build_module, "Worker", Waiting)
    built = {}
    monkeypatch.setenv("GLOSSATOR_CACHE", "0")  # every build cold: each mode does all the work
    for mode in ("forked", "fresh", "one process"):
        monkeypatch.setattr(parallel, "can_fork", lambda mode=mode: mode == "forked")
        monkeypatch.setenv("GLOSSATOR_PARALLEL", "0" if mode == "one process" else "1")
        site = project.build()
        assert site.error is None, site.messages
        built[mode] = (_site_files(site), sorted(site.messages))
    assert [worker.forked for worker in workers] == [True, True, False]
    # On two cores, the child cut the editorials into search keys (the same index: the files are the same below).
    assert [build_module.EDITORIALS_INDEX in worker.asked for worker in workers] == [True, True, False]
    files, messages = built["forked"]
    assert f"annotations/{SEED_SLUG}.jsonld" in files and "feeds/terms/zero-sum-game.xml" in files
    assert f"editorials/{SEED_SLUG}/index.html" in files and "search/manifest.js" in files
    assert any("annotations/" + SEED_SLUG + "/6.yml" in m and "script" in m for m in messages), messages
    assert any("annotations/" + SEED_SLUG + "/40.yml" in m for m in messages), messages
    assert built["forked"] == built["one process"]
    assert built["fresh"] == built["one process"]


def test_notes_loaded_by_two_processes_are_the_notes_loaded_by_one(tmp_path, monkeypatch):
    root = tmp_path / "annotations"
    for index in range(12):
        folder = root / f"2026-01-{index + 1:02d}-editorial"
        folder.mkdir(parents=True)
        (folder / "1.yml").write_text(f"- note: Note {index}.\n  kind: analysis\n- note: Another.\n", encoding="utf-8")
        (folder / "2.yml").write_text("- note: [unclosed\n" if index % 5 == 0 else "- kind: context\n", encoding="utf-8")
    (root / "stray.yml").write_text("- note: x\n", encoding="utf-8")
    monkeypatch.setattr(project, "PARALLEL_FROM", 4)
    workers: list[Worker] = []

    class Recorded(Worker):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            workers.append(self)

    monkeypatch.setattr(project, "Worker", Recorded)
    loaded = {}
    for fork in (True, False):
        monkeypatch.setattr(parallel, "can_fork", lambda fork=fork: fork)
        loaded[fork] = project.Sources.scan(project.Settings(tmp_path, tmp_path / "docs", root)).load()
    assert [worker.forked for worker in workers] == [True, False]
    corpus, problems = loaded[True]
    assert len(corpus.notes) == 24 and len(problems) == 13 + 12  # 12 bad files and a stray one; 12 unknown slugs
    assert loaded[True] == loaded[False]
