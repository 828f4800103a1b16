"""The benchmark's generator stays valid: a tiny corpus passes `glossator check` and strict builds, hooked and plain offline."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def _run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})


def test_generated_corpus_checks_clean_and_builds_strict(tmp_path):
    corpus = tmp_path / "corpus"
    generated = _run("bench/generate.py", str(corpus), "--editorials", "3", "--terms", "12")
    assert generated.returncode == 0, generated.stderr
    assert generated.stdout.startswith("3 editorials")
    check = _run("-m", "glossator", "check", cwd=corpus)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No problems found." in check.stdout
    built = _run("-m", "mkdocs", "build", "--strict", "-q", cwd=corpus)
    assert built.returncode == 0, built.stdout + built.stderr
    pages = [p.parent.name for p in (corpus / "site" / "editorials").glob("*/index.html")]
    assert len([name for name in pages if not name.isdigit()]) == 3  # the others are the archive's years
    assert list((corpus / "annotations").glob("*/*.yml")), "the corpus has notes"
    plain = _run("-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs-plain-offline.yml", "-d", str(tmp_path / "plain"), cwd=corpus)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert (tmp_path / "plain" / "search" / "search_index.js").is_file()  # the offline plugin's inlined index
    assert 'src="assets/vendor/iframe-worker/shim.js"' in (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")


def test_two_builds_of_the_same_files_are_identical(tmp_path):
    """With SOURCE_DATE_EPOCH set, nothing depends on the clock, the hash seed or which process rendered what."""
    corpus = tmp_path / "corpus"
    assert _run("bench/generate.py", str(corpus), "--editorials", "60", "--terms", "20").returncode == 0
    sites = []
    for seed, parallel in (("1", "1"), ("2", "0")):
        site = tmp_path / f"site-{seed}"
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=corpus, capture_output=True,
                               text=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764460800",
                                                            "PYTHONHASHSEED": seed, "GLOSSATOR_PARALLEL": parallel})
        assert built.returncode == 0, built.stderr
        sites.append({p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()})
    assert any(name.name == "index.jsonld" for name in sites[0])
    assert sites[0].keys() == sites[1].keys()
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []
