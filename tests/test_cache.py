"""The build cache (.cache/glossator/): what a warm load, check or build gives equals what a cold one gives,
after every kind of edit, and a damaged, foreign or busy cache is reported once and never used."""

from __future__ import annotations

import logging
import os
import pickle
import re
import shutil
import subprocess
import sys

import pytest

from glossator import cache as cache_module
from glossator import cli, project
from glossator.build import RENDERED_SHARDS
from glossator.cache import FOLDER, Cache
from glossator.load.glossary import load_term
from glossator.project import Sources, read_settings

from conftest import ROOT, SEED_SLUG, SMALL_PAGE

GLOSSARY = {
    "zero-sum-game.md": "---\nterm: Zero-sum game\nsummary: One side's gain is the other's loss.\naliases: [zero-sum]\n---\nA term.\n",
    "trade-war.md": "---\nterm: Trade war\nsummary: Tariffs answered with tariffs.\n---\nSee [[glossary:zero-sum-game]].\n",
}


@pytest.fixture
def site(project):
    """A project with good and bad files of every kind, so that problems are cached too."""
    project.seed()
    project.page("2026-01-02-test", SMALL_PAGE)
    project.notes(SEED_SLUG, "2.yml", "- note: A fact-check on zero-sum thinking.\n  quote: accounts for about one-fifth of global trade\n"
                                      "  kind: fact-check\n  sources:\n    - https://www.wto.org/\n")
    project.notes(SEED_SLUG, "6.yml", "- note: Some *context*, see [[2026-01-02-test#p2]].\n- note: A <script>x</script> tag.\n")
    project.notes(SEED_SLUG, "40.yml", "- note: On a paragraph that does not exist.\n")
    project.notes("2026-01-02-test", "1.yml", "- note: [unclosed\n")
    project.notes("2026-01-02-test", "3.yml", b"- note: caf\xe9\n")
    project.notes("no-such-editorial", "1.yml", "- note: Nowhere.\n")
    (project.root / "annotations" / "stray.yml").write_text("- note: x\n", encoding="utf-8")
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    for name, text in GLOSSARY.items():
        (glossary / name).write_text(text, encoding="utf-8")
    (glossary / "broken.md").write_text("No front matter.\n", encoding="utf-8")
    (project.root / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    return project


def _load(root, cache=None):
    return Sources.scan(read_settings(root / "mkdocs.yml"), cache=cache).load(cache)


def _cold(root):
    return _load(root, Cache.disabled())


class Parses:
    """Counts the files parsed (a warm load parses only what changed)."""

    def __init__(self, monkeypatch):
        self.shown: list[str] = []
        parse = project.SourceFile.parse

        def counted(file):
            self.shown.append(file.shown)
            return parse(file)

        monkeypatch.setattr(project.SourceFile, "parse", counted)


def _warm(root):
    with Cache.for_project(root) as cache:
        return _load(root, cache)


def test_a_warm_load_parses_nothing_and_equals_a_cold_one(site, monkeypatch, capsys):
    cold = _cold(site.root)
    assert not (site.root / FOLDER).exists()  # a disabled cache writes nothing
    assert len(cold[1]) >= 6 and len(cold[0].notes) == 5
    assert _warm(site.root) == cold
    parses = Parses(monkeypatch)
    assert _warm(site.root) == cold
    assert parses.shown == []
    assert capsys.readouterr().err == ""
    assert (site.root / FOLDER / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def _edit_note(site):
    path = site.root / "annotations" / SEED_SLUG / "6.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Some *context*", "Some more *context*"), encoding="utf-8")


def _add_note(site):
    site.notes(SEED_SLUG, "3.yml", "- note: A new note.\n  id: new-one\n")


def _delete_note(site):
    (site.root / "annotations" / SEED_SLUG / "2.yml").unlink()


def _glossary(site):
    return site.root / "docs" / "glossary"


def _add_term(site):
    (_glossary(site) / "kuala-lumpur.md").write_text("---\nterm: Kuala Lumpur talks\nsummary: Talks.\n---\n", encoding="utf-8")


def _rename_term(site):
    os.replace(_glossary(site) / "trade-war.md", _glossary(site) / "tariff-war.md")


def _add_alias(site):
    path = _glossary(site) / "trade-war.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\nSee", "aliases: [tariff war, zero-sum]\n---\nSee"), encoding="utf-8")


def _reimport(site):
    site.page("2026-01-02-test", SMALL_PAGE.replace("The third paragraph is short.", "The third paragraph is short.\n\nA fourth one."))


EDITS = {"note edited": (_edit_note, 1), "note added": (_add_note, 1), "note deleted": (_delete_note, 0),
         "term added": (_add_term, 1), "term renamed": (_rename_term, 1), "alias added": (_add_alias, 1),
         "editorial re-imported": (_reimport, 1)}


@pytest.mark.parametrize("edit", EDITS)
def test_after_an_edit_a_warm_load_parses_only_the_changed_file_and_equals_a_cold_one(site, edit, monkeypatch):
    change, parsed = EDITS[edit]
    before = _warm(site.root)
    change(site)
    parses = Parses(monkeypatch)
    warm = _warm(site.root)
    assert len(parses.shown) == parsed, parses.shown
    cold = _cold(site.root)
    assert warm == cold
    assert warm != before


class Reads:
    """Counts the files read (a file whose stamp the last scan saw is not read again)."""

    def __init__(self, monkeypatch):
        self.shown: list[str] = []
        read = project.read_bytes

        def counted(path, shown, problems, **options):
            self.shown.append(shown)
            return read(path, shown, problems, **options)

        monkeypatch.setattr(project, "read_bytes", counted)


def test_files_whose_stamp_is_unchanged_are_not_read_and_any_change_of_bytes_is_seen(site, monkeypatch):
    monkeypatch.setattr(project, "STAMP_MARGIN_NS", 0)  # the files were written just now: trust their stamps all the same
    cold = _cold(site.root)
    _warm(site.root)
    reads = Reads(monkeypatch)
    assert _warm(site.root) == cold
    assert reads.shown == []
    path = site.root / "annotations" / SEED_SLUG / "6.yml"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Some", "Same"), encoding="utf-8")  # same size...
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ...same modification time: the change time tells
    warm = _warm(site.root)
    assert reads.shown == [f"annotations/{SEED_SLUG}/6.yml"]
    assert warm == _cold(site.root)
    assert next(note for note in warm[0].notes if note.loc.path.endswith("/6.yml")).body.startswith("Same")


def test_a_file_changed_just_before_a_scan_is_read_again_at_the_next(site, monkeypatch):
    _warm(site.root)  # the files were all written less than two seconds before this scan
    files = len(Sources.scan(read_settings(site.root / "mkdocs.yml")).files)
    reads = Reads(monkeypatch)
    _warm(site.root)
    assert len(reads.shown) == files > 5


def _truncate(path):
    path.write_bytes(path.read_bytes()[:-100])


def _flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[-50] ^= 0x20
    path.write_bytes(bytes(data))


def _garbage(path):
    path.write_bytes(b"\x00\x01 not a cache at all")


def _unreadable(path):
    path.unlink()
    path.mkdir()  # reading a folder fails, even as root (chmod would not stop root)


def _another_version(path, monkeypatch):
    monkeypatch.setattr(cache_module, "__version__", "0.0.1")
    Cache(path.parent).write(path, {b"key": "value"}, compress=False)
    monkeypatch.undo()


def _forged(path):
    """A table that would run a command when unpickled: the cache only builds Glossator's own classes."""
    payload = pickle.dumps({b"k": os.system}, protocol=5)
    cache = Cache(path.parent)
    cache.write(path, {}, compress=False)
    header = path.read_bytes().split(b"\n")[1]
    forged = header.replace(header.split(b'"digest": "')[1][:32], cache_module.hashlib.blake2b(payload, digest_size=16).hexdigest().encode())
    path.write_bytes(cache_module._MAGIC + forged + b"\n" + payload)


DAMAGE = {"truncated": _truncate, "a byte changed": _flip_a_byte, "not a cache file": _garbage, "unreadable": _unreadable,
          "another version": _another_version, "forged": _forged}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_or_foreign_cache_is_reported_once_and_rebuilt_from_the_sources(site, damage, monkeypatch, capsys):
    cold = _cold(site.root)
    _warm(site.root)
    for table in (site.root / FOLDER).glob("*.cache"):
        (DAMAGE[damage](table, monkeypatch) if damage == "another version" else DAMAGE[damage](table))
    capsys.readouterr()
    parses = Parses(monkeypatch)
    assert _warm(site.root) == cold
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("WARNING -  glossator: .cache/glossator/"), warnings
    assert "building from the sources" in warnings[0]
    assert len(parses.shown) > 5
    if damage == "unreadable":
        for table in (site.root / FOLDER).glob("*.cache"):
            table.rmdir()
    parses.shown.clear()
    assert _warm(site.root) == cold  # rewritten whole: no warning, nothing parsed
    assert capsys.readouterr().err == "" and (damage == "unreadable" or parses.shown == [])


def test_a_build_that_finds_another_using_the_cache_builds_from_the_sources(site, monkeypatch, capsys):
    cold = _cold(site.root)
    _warm(site.root)
    before = {path.name: path.read_bytes() for path in (site.root / FOLDER).glob("*.cache")}
    _edit_note(site)
    parses = Parses(monkeypatch)
    with Cache.for_project(site.root):  # another build holds the lock
        assert _warm(site.root) != cold
        assert "another Glossator build or check is using the cache" in capsys.readouterr().err
    assert len(parses.shown) > 5  # nothing read from the cache...
    assert {path.name: path.read_bytes() for path in (site.root / FOLDER).glob("*.cache")} == before  # ...nor written


def test_a_table_is_replaced_whole_or_not_at_all(site, monkeypatch, capsys):
    _warm(site.root)
    table = site.root / FOLDER / "files.cache"
    before = table.read_bytes()
    _edit_note(site)

    def fail(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", fail)
    _warm(site.root)
    assert "cannot write .cache/glossator/" in capsys.readouterr().err
    assert table.read_bytes() == before
    assert sorted(p.name for p in (site.root / FOLDER).iterdir() if p.name.endswith(".tmp")) == []


def test_glossator_cache_clear_and_the_switch(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    monkeypatch.setenv("GLOSSATOR_CACHE", "0")
    assert cli.main(["check"]) == 1
    assert not (site.root / FOLDER).exists()
    monkeypatch.delenv("GLOSSATOR_CACHE")
    assert cli.main(["check"]) == 1
    assert sorted(p.name for p in (site.root / FOLDER).glob("*.cache")) == ["check.cache", "checks.cache", "files.cache", "stamps.cache"]
    capsys.readouterr()
    assert cli.main(["cache", "size"]) == 0
    assert " MB" in capsys.readouterr().out
    assert cli.main(["cache", "clear"]) == 0
    assert "4 file(s)" in capsys.readouterr().out
    assert list((site.root / FOLDER).glob("*.cache")) == []


def test_check_answers_from_the_cache_and_after_an_edit_as_a_cold_check(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)

    def check() -> tuple[int, str, str]:
        status = cli.main(["check"])
        out, err = capsys.readouterr()
        return status, out, err

    first = check()
    assert first[0] == 1 and "error(s)" in first[1]
    parses = Parses(monkeypatch)
    monkeypatch.setattr(cli, "markup_problems", lambda corpus: pytest.fail("a warm check renders nothing"))
    assert check() == first
    assert parses.shown == []
    monkeypatch.undo()
    _add_alias(site)
    _add_note(site)
    warm = check()
    shutil.rmtree(site.root / FOLDER)
    monkeypatch.setenv("GLOSSATOR_CACHE", "0")
    assert warm == check() != first


# Whole builds: a generated corpus (bench/generate.py), built warm after each kind of edit and compared, file by
# file, with a cold build of the same files.

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("generated") / "corpus"
    done = subprocess.run([sys.executable, "bench/generate.py", str(corpus), "--editorials", "8", "--terms", "16"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return corpus


@pytest.fixture
def corpus(generated, tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    shutil.copytree(generated, root, symlinks=True)
    overrides = root / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"custom_dir: {ROOT / 'overrides'}", "custom_dir: overrides"),
                      encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800")
    return root


def _site(root, *, cached: bool = True) -> tuple[dict[str, bytes], list[str]]:
    """Every file a build wrote, and what it logged (warnings and errors)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["GLOSSATOR_CACHE"] = "1" if cached else "0"
    site = root.parent / ("site-warm" if cached else "site-cold")
    shutil.rmtree(site, ignore_errors=True)
    records = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        del os.environ["GLOSSATOR_CACHE"]
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}, \
        [r.getMessage() for r in records]


def _differences(warm: dict, cold: dict) -> list[str]:
    return sorted(name for name in warm.keys() | cold.keys() if warm.get(name) != cold.get(name))


def _first_note(root):
    return min((root / "annotations").glob("*/*.yml"))


def _build_edit_note(root):
    path = _first_note(root)
    path.write_text(path.read_text(encoding="utf-8").replace("- note: ", "- note: Edited. ", 1), encoding="utf-8")


def _build_add_note(root):
    path = _first_note(root)
    path.write_text(path.read_text(encoding="utf-8") + "- note: A new note, on [[glossary:" + _a_term(root) + "]].\n",
                    encoding="utf-8")


def _build_delete_note(root):
    _first_note(root).unlink()


def _terms(root):
    return sorted((root / "docs" / "glossary").glob("*.md"))


def _a_term(root):
    return next(p.stem for p in _terms(root) if p.name != "index.md")


def _build_add_term(root):
    (root / "docs" / "glossary" / "zz-new-term.md").write_text(
        "---\nterm: Bench edit\nsummary: A term that occurs everywhere.\naliases: [the]\n---\nNew.\n", encoding="utf-8")


def _build_rename_term(root):
    path = root / "docs" / "glossary" / f"{_a_term(root)}.md"
    os.replace(path, path.with_name("renamed-term.md"))


def _build_add_alias(root):
    path = root / "docs" / "glossary" / f"{_a_term(root)}.md"
    before = load_term(path, path.name, [])
    path.write_text(path.read_text(encoding="utf-8").replace("\naliases:\n", "\naliases:\n- trade\n", 1), encoding="utf-8")
    assert load_term(path, path.name, []).aliases == ["trade", *before.aliases]  # the term is as it was, with one more alias


def _build_reimport(root):
    page = min(p for p in (root / "docs" / "editorials").glob("2*.md"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.rstrip("\n") + "\n\nA paragraph added when the editorial was imported again, about trade.\n", encoding="utf-8")


def _build_setting(root):
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("link_terms: paragraph", "link_terms: every"), encoding="utf-8")


def _override(root):
    return root / "overrides" / "glossator" / "partials" / "note.html"


def _build_add_override(root):
    _override(root).parent.mkdir(parents=True, exist_ok=True)
    _override(root).write_text((ROOT / "glossator" / "templates" / "partials" / "note.html").read_text(encoding="utf-8")
                               .replace("</details>", "<p>overridden</p></details>"), encoding="utf-8")


def _build_change_override(root):
    _override(root).write_text(_override(root).read_text(encoding="utf-8").replace("overridden", "changed"), encoding="utf-8")


def _build_remove_override(root):
    _override(root).unlink()


BUILD_EDITS = {"note edited": _build_edit_note, "note added": _build_add_note, "note deleted": _build_delete_note,
               "term added": _build_add_term, "term renamed": _build_rename_term, "alias added": _build_add_alias,
               "editorial re-imported": _build_reimport, "setting changed": _build_setting,
               "override added": _build_add_override, "override changed": _build_change_override,
               "override removed": _build_remove_override}
PREPARED = {"override changed": _build_add_override, "override removed": _build_add_override}
"""What must be there before the edit (and in the warm cache)."""


@pytest.mark.parametrize("edit", BUILD_EDITS)
def test_a_warm_build_after_an_edit_is_byte_identical_to_a_cold_one(corpus, edit):
    if edit in PREPARED:
        PREPARED[edit](corpus)
    before, _ = _site(corpus)
    BUILD_EDITS[edit](corpus)
    warm, warm_log = _site(corpus)
    cold, cold_log = _site(corpus, cached=False)
    assert _differences(warm, cold) == []
    assert warm_log == cold_log
    assert _differences(warm, before), "the edit changed nothing: it tests nothing"


def test_a_warm_build_of_unchanged_files_converts_no_editorial_and_equals_a_cold_one(corpus, monkeypatch):
    from mkdocs.structure.pages import Page

    cold, cold_log = _site(corpus, cached=False)
    _site(corpus)
    converted = []
    render = Page.render
    monkeypatch.setattr(Page, "render", lambda page, config, files: converted.append(page.file.src_uri) or render(page, config, files))
    warm, warm_log = _site(corpus)
    assert _differences(warm, cold) == [] and warm_log == cold_log
    pages = [uri for uri in warm if re.fullmatch(r"(editorials/\d{4}-\d\d-\d\d-[^/]+|glossary/(?!index)[^/]+)/index.html", uri)]
    assert len(pages) > 20 and converted  # the listing pages are converted again (they link to the others)
    assert [uri for uri in converted if uri.replace(".md", "/index.html") in pages] == []


def test_a_new_glossator_version_rebuilds_from_the_sources(corpus, monkeypatch, capsys):
    cold, _ = _site(corpus, cached=False)
    _site(corpus)
    capsys.readouterr()
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    warm, _ = _site(corpus)
    assert "was written by Glossator 0.1.0" in capsys.readouterr().err
    assert _differences(warm, cold) == []


def _entries(root, name: str) -> int:
    return len(Cache(root / FOLDER).table(name, compress=True, shards=RENDERED_SHARDS)._load())


def test_a_build_after_a_one_note_edit_rewrites_few_files_of_the_rendered_tables(corpus):
    """The finished pages and notes are kept in 16 files per table: one edit rewrites the files of its entries only,
    and the build is still the cold build's, byte for byte."""
    _site(corpus, cached=True)
    def shards() -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in (corpus / FOLDER).glob("pages-*.cache")}

    before = shards()
    assert len(before) > RENDERED_SHARDS / 2 and "pages.cache" not in before
    _build_edit_note(corpus)
    warm = _site(corpus)
    after = shards()
    assert 1 <= sum(after[name] != before.get(name) for name in after) <= 2 and before.keys() <= after.keys()
    assert warm == _site(corpus, cached=False)


def test_a_warm_build_keeps_the_entries_it_did_not_need(corpus):
    """A warm build takes finished pages from the cache and never looks at their notes' entries: it must not drop
    them (the next build that needs them would render them again). A cold build, which looks at all, prunes."""
    _site(corpus, cached=True)
    notes = _entries(corpus, "notes")
    assert notes > 10
    _build_edit_note(corpus)
    _site(corpus)
    in_file = _first_note(corpus).read_text(encoding="utf-8").count("- note:")
    assert _entries(corpus, "notes") == notes + in_file  # the edited file's notes (keyed by the file), and every other
    (corpus / FOLDER / "state.cache").unlink()
    _site(corpus)  # not warm (no record of the last build): every note is looked at, the stale entry goes
    assert _entries(corpus, "notes") == notes
