"""The import benchmark stays runnable: it scores a tiny corpus made here, and says so when the real one is absent."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

from conftest import ROOT

FILLER = "The council met on Tuesday and agreed to publish the full costing of the harbour repair before winter."


def _bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "bench/importer.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env=os.environ | {"PYTHONPATH": str(ROOT)})


def _page(folder, body: str, expected: str) -> None:
    folder.mkdir(parents=True)
    page = f"<html><head><title>T</title></head><body><nav><a href='/'>Home</a></nav><article><h1>T</h1>{body}</article></body></html>"
    (folder / "source.html.gz").write_bytes(gzip.compress(page.encode()))
    (folder / "expected.html").write_text(f"<div>{expected}</div>", encoding="utf-8")


def test_bench_prints_both_extractors_and_every_target(tmp_path):
    paragraphs = [f"<p>{FILLER} Number {n}.</p>" for n in range(4)]
    _page(tmp_path / "plain", "".join(paragraphs), "".join(paragraphs))
    _page(tmp_path / "lead", f"<div class='standfirst'><p>The opening sentence of this article sits in a standfirst box.</p></div>"
          f"<div itemprop='articleBody'>{''.join(paragraphs)}</div>",
          "<p>The opening sentence of this article sits in a standfirst box.</p>" + "".join(paragraphs))
    result = _bench("--corpus", str(tmp_path), "--repeat", "1", "--pages")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Import benchmark: 2 pages" in out
    assert "Glossator importer" in out and "trafilatura 2." in out
    for figure in ("F1", "precision", "recall", "empty", "lost lead", "median ms/page"):
        assert figure in out
    targets = [line.strip() for line in out.splitlines() if line.strip().startswith(("PASS", "FAIL"))]
    assert len(targets) == 5
    assert "PASS  no empty page: 0" in targets
    assert any(t.startswith("PASS  the lead kept on every page") for t in targets), out


def test_bench_says_clearly_when_the_corpus_is_absent(tmp_path):
    result = _bench("--corpus", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert f"no extraction corpus at {tmp_path / 'nowhere'}" in result.stderr
    assert "--corpus" in result.stderr
