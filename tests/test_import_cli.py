"""`glossator import` says what it kept and dropped; `--dry-run` shows the page and writes nothing; cut-off copies are refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, SEED_SLUG

FIXTURES = Path(__file__).parent / "fixtures"


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "glossator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def empty_project(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    return tmp_path


def test_import_prints_the_paragraph_count_and_each_dropped_block_with_its_reason(empty_project):
    source = FIXTURES / "html" / "standfirst_column.html"
    result = _cli("import", str(source), cwd=empty_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "docs/editorials/2025-11-07-our-harbour-cannot-wait-for.md\n"
    report = result.stderr.splitlines()
    assert report[0] == f"{source}: 8 paragraphs, 17 dropped blocks"
    assert "  kept (lead outside the article body): Three reviews in ten years have said the same thing. The st…" in report
    assert "  dropped (caption): The eastern wall after last winter’s storms. CAPTION_SENTINEL Photo: Kate Lin" in report
    assert "  dropped (navigation): News · Opinion · Sport" in report
    assert all(len(line) <= 100 for line in report[1:])  # one line each, shortened


def test_dry_run_prints_the_page_and_the_report_and_writes_nothing(empty_project):
    source = FIXTURES / "text" / "globaltimes_2020.txt"
    result = _cli("import", "--dry-run", str(source), cwd=empty_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("---\ntitle: 'Stop treating trade as a weapon: Global Times editorial'\n")
    assert "date: '2020-08-09T21:58:41+08:00'" in result.stdout
    assert result.stdout.rstrip().endswith("The sensible course is the boring one: talk, agree on rules, and keep to them.")
    assert "  dropped (caption): A container port in Shanghai. Photo: Xinhua" in result.stderr
    assert "dry run: docs/editorials/2020-08-09-stop-treating-trade-as-a.md was not written" in result.stderr
    assert not (empty_project / "docs").exists()


def test_a_truncated_source_is_refused_with_its_last_words_or_imported_with_a_warning_when_accepted(empty_project):
    source = empty_project / "cut.txt"
    source.write_text("A headline\nNov 7, 2025\n\nThe first paragraph is complete and says so.\n\nThe second one stops in the middle of a", encoding="utf-8")
    refused = _cli("import", str(source), cwd=empty_project)
    assert refused.returncode == 1
    assert "the source ends mid-sentence (…second one stops in the middle of a)" in refused.stderr
    assert "--accept-truncated" in refused.stderr
    assert not (empty_project / "docs").exists()
    accepted = _cli("import", "--accept-truncated", str(source), cwd=empty_project)
    assert accepted.returncode == 0, accepted.stderr
    assert "  warning (truncated): the source ends mid-sentence (…second one stops in the middle of a): it looks cut off" in accepted.stderr
    assert accepted.stdout == "docs/editorials/2025-11-07-a-headline.md\n"


def test_a_page_without_an_article_fails_and_still_reports_what_it_dropped(empty_project):
    source = empty_project / "404.html"
    source.write_text("<html><head><title>Not found</title></head><body><nav><a href='/'>Home</a></nav>"
                      "<p>Sorry, this page does not exist.</p></body></html>", encoding="utf-8")
    result = _cli("import", str(source), cwd=empty_project)
    assert result.returncode == 1
    assert f"{source}: 0 paragraphs, 2 dropped blocks" in result.stderr
    assert "no headline or no body paragraphs found" in result.stderr


def test_cli_import_prints_each_written_page(empty_project):
    result = _cli("import", str(SEED), cwd=empty_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"docs/editorials/{SEED_SLUG}.md\n"
    again = _cli("import", str(SEED), cwd=empty_project)
    assert again.returncode == 0 and again.stdout == "" and "unchanged" in again.stderr


def test_cli_import_refuses_changed_source_without_force(empty_project):
    assert _cli("import", str(SEED), cwd=empty_project).returncode == 0
    changed = empty_project / SEED.name
    changed.write_text(SEED.read_text(encoding="utf-8").replace("nine months", "ten months"), encoding="utf-8")
    result = _cli("import", str(changed), cwd=empty_project)
    assert result.returncode == 1
    assert "ten months" in result.stderr and "--force" in result.stderr
    assert "nine months" in (empty_project / "docs" / "editorials" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    assert _cli("import", "--force", str(changed), cwd=empty_project).returncode == 0


def test_cli_import_missing_file(empty_project):
    result = _cli("import", "nope.txt", cwd=empty_project)
    assert result.returncode == 1 and "nope.txt: no such file" in result.stderr


def test_an_undated_source_is_imported_with_a_warning_that_says_so(empty_project):
    undated = empty_project / "undated.txt"
    undated.write_text("A headline\n\nThe first paragraph is complete and says so.\n", encoding="utf-8")
    result = _cli("import", "--dry-run", str(undated), cwd=empty_project)
    assert result.returncode == 0, result.stderr
    assert "  warning (no date): no publication date found: the page is imported undated" in result.stderr
    dated = _cli("import", "--dry-run", str(FIXTURES / "text" / "eirns_2020.txt"), cwd=empty_project)
    assert "warning" not in dated.stderr
