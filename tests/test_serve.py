"""`mkdocs serve`: a rebuild makes only the pages that an edit reaches, and serves the site a full build makes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from glossator.integrations import mkdocs as integration

from browser import fetched, free_port
from test_cache import BUILD_EDITS, PREPARED, _a_term, _differences, _first_note, corpus, generated  # noqa: F401 (fixtures)


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class Serving:
    """`mkdocs serve`'s builds, in this process: a first build, then rebuilds as its server calls them."""

    def __init__(self, root, monkeypatch):
        self.root, self.site = root, root.parent / "served"
        monkeypatch.setattr(integration, "_build", None)
        monkeypatch.setattr(integration, "_cache", None)
        monkeypatch.setattr(integration, "_finishing", None)
        monkeypatch.setattr(integration, "_serving", True)
        self.made: list[str] = []
        render = integration.SiteBuild.page_markdown

        def recorded(build_, src_uri, markdown):
            self.made.append(src_uri)
            return render(build_, src_uri, markdown)

        monkeypatch.setattr(integration.SiteBuild, "page_markdown", recorded)
        build(self._config())

    def _config(self):
        return load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))

    def rebuild(self) -> list[str]:
        """The pages the rebuild made (editorials and terms; `remade` has every page it made)."""
        self.made.clear()
        integration._dirty_build(self._config())
        integration._wait_for_finishing()
        self.remade = list(self.made)
        return [uri for uri in self.made if re.match(r"(editorials/\d{4}-\d\d-\d\d-|glossary/(?!index))", uri)]


def _full_build(root, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setattr(integration, "_serving", False)
    site = root.parent / "full"
    shutil.rmtree(site, ignore_errors=True)
    os.environ["GLOSSATOR_CACHE"] = "0"
    try:
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    finally:
        del os.environ["GLOSSATOR_CACHE"]
    monkeypatch.setattr(integration, "_serving", True)
    return _files(site)


def _add_citation(root):
    """A note citing another editorial's paragraph: that page's "cited in" changes too."""
    pages = sorted(p.stem for p in (root / "docs" / "editorials").glob("2*.md"))
    path = root / "annotations" / pages[-1] / "1.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"- note: See [[{pages[0]}#p2]].\n", encoding="utf-8")


def _change_summary(root):
    """A term's summary is the title of every link to it: every page that links it changes."""
    path = root / "docs" / "glossary" / f"{_a_term(root)}.md"
    path.write_text(re.sub(r"\nsummary: .*\n", "\nsummary: A new summary.\n", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def _override_material(root):
    """A Material template overridden in the theme's custom_dir: every page changes, the editorials' too."""
    (root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n{% block announce %}Served afresh{% endblock %}\n',
                                                  encoding="utf-8")


SERVE_EDITS = {**BUILD_EDITS, "citation added": _add_citation, "summary changed": _change_summary,
               "theme override added": _override_material}


@pytest.mark.parametrize("edit", SERVE_EDITS)
def test_a_rebuild_under_serve_makes_only_what_the_edit_reaches_and_equals_a_full_build(corpus, edit, monkeypatch):
    if edit in PREPARED:
        PREPARED[edit](corpus)
    serving = Serving(corpus, monkeypatch)
    before = _files(serving.site)
    SERVE_EDITS[edit](corpus)
    made = serving.rebuild()
    served, full = _files(serving.site), _full_build(corpus, monkeypatch)
    assert _differences({name: served[name] for name in full}, full) == []
    assert _differences(served, before), "the edit changed nothing: it tests nothing"
    pages = [name for name in full if re.match(r"(editorials/\d{4}-\d\d-\d\d-|glossary/(?!index))", name)]
    if edit.startswith(("note", "citation")):
        assert 0 < len(made) < len(pages) / 2, made  # the others were kept as they were
        assert "about.md" not in serving.remade and "glossary/index.md" not in serving.remade  # nothing there changed
    elif edit in ("term renamed", "alias added", "summary changed", "editorial re-imported"):  # the first term is the commonest
        assert 0 < len(made) < len(pages), made


def test_a_rebuild_after_nothing_changed_makes_no_editorial_nor_term_page(corpus, monkeypatch):
    serving = Serving(corpus, monkeypatch)
    before = _files(serving.site)
    assert serving.rebuild() == []
    assert serving.remade == []  # nor any other page: listings, home, contributors are as they were
    assert _differences(_files(serving.site), before) == []


def _until(condition, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def test_mkdocs_serve_shows_a_note_edit_and_tells_the_browser_to_reload(corpus):
    port = free_port()
    note = _first_note(corpus)
    page = f"http://127.0.0.1:{port}/glossator/editorials/{note.parent.name}/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=corpus,
                              env=os.environ | {"NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = _until(lambda: (lambda text: "gl-para" in text and text)(fetched(page)), "the first build")
        epoch = re.search(r"livereload\((\d+),\s*(\d+)\)", first)
        assert epoch, "the page has MkDocs's livereload script"
        note.write_text(note.read_text(encoding="utf-8") + "- note: Written while serving.\n", encoding="utf-8")
        _until(lambda: "Written while serving." in fetched(page), "the page with the new note")
        # What the browser's livereload script polls: a newer epoch than the page's, so it reloads.
        assert int(fetched(f"http://127.0.0.1:{port}/livereload/{epoch[1]}/{epoch[2]}") or 0) > int(epoch[1])
        _until(lambda: any("Written while serving." in fetched(f"http://127.0.0.1:{port}/glossator/search/p/{n}.js")
                           for n in range(40)), "the search data with the new note")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, errors = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
    assert "Traceback" not in errors, errors[-3000:]
    assert "A 'dirty' build is being performed" not in errors
