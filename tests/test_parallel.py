"""Work done on another core (glossator.parallel): the same site as in-process, and failures are not lost."""

from __future__ import annotations

import os
import re
import threading

import pytest

from glossator import parallel
from glossator.load import annotations
from glossator.parallel import Worker

from conftest import SEED_SLUG


def _pid_of(key):
    return key, os.getpid()


def test_a_forked_worker_computes_in_a_child_in_order_then_finishes(tmp_path):
    marker = tmp_path / "finished"
    worker = Worker(range(50), _pid_of, lambda: marker.write_text(str(os.getpid())), fork=True)
    assert worker.forked
    results = [worker.get(key) for key in (3, 0, 49, 7)]  # any order: what arrives first is kept
    assert [key for key, _ in results] == [3, 0, 49, 7]
    assert {pid for _, pid in results} != {os.getpid()}
    worker.wait()  # drains what was never asked for, then the child ends
    assert marker.read_text() != str(os.getpid())
    assert worker.get(3) == (3, os.getpid())  # asked twice, or for an unknown key: computed here
    assert worker.get(99) == (99, os.getpid())


def test_an_unforked_worker_computes_when_asked_and_finishes_when_waited_for(tmp_path):
    marker = tmp_path / "finished"
    worker = Worker(range(5), _pid_of, lambda: marker.write_text(str(os.getpid())), fork=False)
    assert not worker.forked
    assert worker.get(2) == (2, os.getpid())
    assert not marker.exists()
    worker.wait()
    assert marker.read_text() == str(os.getpid())


def _fails_on_three(key):
    if key == 3:
        raise ValueError("the note could not be rendered")
    return key


def test_a_failure_in_the_child_fails_the_build(capfd):
    worker = Worker(range(5), _fails_on_three, lambda: None, fork=True)
    assert worker.get(1) == 1
    with pytest.raises(RuntimeError):
        worker.get(4)  # never sent: the child died on 3
    assert "the note could not be rendered" in capfd.readouterr().err


def test_a_failure_after_the_results_fails_the_wait():
    def finish():
        raise ValueError("the open data could not be written")

    worker = Worker(range(3), _pid_of, finish, fork=True)
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
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    assert parallel.can_fork()
    monkeypatch.setenv("GLOSSATOR_PARALLEL", "0")
    assert not parallel.can_fork()
    assert not Worker([1], _pid_of, lambda: None).forked


def _site_files(site) -> dict[str, str]:
    files = {}
    for path in sorted(site.site_dir.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".jsonld", ".xml"):
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
    built = {}
    for fork in (True, False):
        monkeypatch.setattr(parallel, "can_fork", lambda fork=fork: fork)
        site = project.build()
        assert site.error is None, site.messages
        built[fork] = (_site_files(site), sorted(site.messages))
    files, messages = built[True]
    assert f"annotations/{SEED_SLUG}.jsonld" in files and "feeds/terms/zero-sum-game.xml" in files
    assert f"editorials/{SEED_SLUG}/index.html" in files and "search/search_index.json" in files
    assert any("annotations/" + SEED_SLUG + "/6.yml" in m and "script" in m for m in messages), messages
    assert any("annotations/" + SEED_SLUG + "/40.yml" in m for m in messages), messages
    assert built[True] == built[False]


def test_notes_loaded_by_two_processes_are_the_notes_loaded_by_one(tmp_path, monkeypatch):
    root = tmp_path / "annotations"
    for index in range(12):
        folder = root / f"2026-01-{index + 1:02d}-editorial"
        folder.mkdir(parents=True)
        (folder / "1.yml").write_text(f"- note: Note {index}.\n  kind: analysis\n- note: Another.\n", encoding="utf-8")
        (folder / "2.yml").write_text("- note: [unclosed\n" if index % 5 == 0 else "- kind: context\n", encoding="utf-8")
    (root / "stray.yml").write_text("- note: x\n", encoding="utf-8")
    monkeypatch.setattr(annotations, "PARALLEL_FROM", 4)
    workers: list[Worker] = []

    class Recorded(Worker):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            workers.append(self)

    monkeypatch.setattr(annotations, "Worker", Recorded)
    loaded = {}
    for fork in (True, False):
        monkeypatch.setattr(parallel, "can_fork", lambda fork=fork: fork)
        problems: list = []
        notes = annotations.load_annotations(root, "annotations", problems)
        loaded[fork] = (notes, problems)
    assert [worker.forked for worker in workers] == [True, False]
    notes, problems = loaded[True]
    assert sum(len(n) for n in notes.values()) == 24 and len(problems) == 13  # 12 bad files and a stray one
    assert loaded[True] == loaded[False]
