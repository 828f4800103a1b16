"""`glossator reanchor`: notes follow their quotes when a page changes, and nothing else in the files moves."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from glossator import reanchor
from glossator.project import load_corpus, read_settings
from glossator.scaffold import SCHEMA_COMMENT

from conftest import ROOT

SLUG = "2026-01-02-a-test-editorial"
HEAD = """\
---
title: 'A test editorial: Daily Paper editorial'
date: '2026-01-02T08:00:00+08:00'
---
"""
ALPHA = "Alpha talks about “zero-sum” thinking and trade."
BETA = "Beta mentions the Kuala Lumpur talks."
GAMMA = "Gamma is short."
NOTES_1 = f"""\
{SCHEMA_COMMENT}
# Notes on the first paragraph.
- note: >-
    On zero-sum thinking.
    # folded text, not a comment
  quote: '"zero-sum" thinking'   # copied with straight quotes
  kind: context
# Between the notes: stays in 1.yml.
- note: On the talks.
  # Inside the note: moves with it.
  quote: the Kuala Lumpur talks
  sources:
    - https://example.org/talks
  id: kl-talks
"""
NOTES_2 = """\
- note: |
    On Beta.

    Two paragraphs.
  quote: Beta mentions
"""


def _page(*paragraphs: str) -> str:
    return HEAD + "".join(f"\n{p}\n" for p in paragraphs)


@pytest.fixture
def site(project):
    project.page(SLUG, _page(ALPHA, BETA, GAMMA))
    project.notes(SLUG, "1.yml", NOTES_1)
    project.notes(SLUG, "2.yml", NOTES_2)
    (project.root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    return project


def _settings(site):
    return read_settings(site.root / "mkdocs.yml")


def _files(site) -> dict[str, str]:
    folder = site.root / "annotations" / SLUG
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def _notes(site) -> Counter:
    """Every note on disk as (paragraph, note): what must survive a re-anchoring."""
    notes = Counter()
    for name, text in _files(site).items():
        for note in yaml.safe_load(text):
            notes[(int(Path(name).stem), json.dumps(note, sort_keys=True, ensure_ascii=False))] += 1
    return notes


def _moved(notes: Counter, changes: dict[str, tuple[int, dict]]) -> Counter:
    """`notes` after the expected changes: note text -> (new paragraph, keys to update)."""
    after = Counter()
    for (paragraph, text), count in notes.items():
        note = json.loads(text)
        paragraph, updates = changes.get(note["note"], (paragraph, {}))
        after[(paragraph, json.dumps({**note, **updates}, sort_keys=True, ensure_ascii=False))] += count
    return after


def _run(site, *args):
    return subprocess.run([sys.executable, "-m", "glossator", "reanchor", *args], cwd=site.root, capture_output=True, text=True)


def test_notes_follow_their_quotes_and_nothing_is_lost(site):
    before, files_before = _notes(site), _files(site)
    site.page(SLUG, _page("A new first paragraph.", ALPHA, BETA, GAMMA))
    result = _run(site)
    assert result.returncode == 0, result.stderr
    folder = f"annotations/{SLUG}"
    assert result.stdout.splitlines() == [
        f"{folder}/1.yml: deleted: no notes are left in it",
        f"{folder}/1.yml:3: moved to {folder}/2.yml:4, where its quote is (¶2)",
        f"{folder}/1.yml:6: quote updated to '“zero-sum” thinking', as written in ¶2",
        f"{folder}/1.yml:9: moved to {folder}/3.yml:2, where its quote is (¶3)",
        f"{folder}/2.yml:1: moved to {folder}/3.yml:8, where its quote is (¶3)",
    ]
    assert _notes(site) == _moved(before, {
        "On zero-sum thinking. # folded text, not a comment": (2, {"quote": "“zero-sum” thinking"}),
        "On the talks.": (3, {}),
        "On Beta.\n\nTwo paragraphs.\n": (3, {}),
    })
    files = _files(site)
    assert sorted(files) == ["2.yml", "3.yml"]
    # each note's lines move verbatim, comments inside it included; only the quote's value changes
    first, second = files_before["1.yml"].split("# Between the notes: stays in 1.yml.\n")
    first = first.split("# Notes on the first paragraph.\n")[1].replace("""'"zero-sum" thinking'""", '"“zero-sum” thinking"')
    assert files["2.yml"] == first
    assert files["3.yml"] == f"{SCHEMA_COMMENT}\n{second}{NOTES_2}"
    assert load_corpus(_settings(site))[1] == []


def test_a_quote_that_differs_only_in_marks_and_spaces_is_corrected_in_place(site):
    site.notes(SLUG, "2.yml", '- note: On Beta.\n  quote: "Beta  mentions the\\nKuala Lumpur talks"\n')
    before = _files(site)
    plan = reanchor.plan(_settings(site))
    assert [str(c) for c in plan.changes] == [f"annotations/{SLUG}/1.yml:6: quote updated to '“zero-sum” thinking', as written in ¶1"]
    plan.apply()
    after = _files(site)
    assert after["2.yml"] == before["2.yml"], "a quote equal but for spaces is found as it is: left alone"
    assert after["1.yml"] == before["1.yml"].replace("""'"zero-sum" thinking'""", '"“zero-sum” thinking"')
    assert load_corpus(_settings(site))[1] == []


def test_a_lost_quote_is_reported_with_the_closest_passage_and_left_alone(site):
    site.page(SLUG, _page(ALPHA, "Beta mentions the talks held in Kuala Lumpur.", GAMMA))
    before = _files(site)
    result = _run(site)
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"annotations/{SLUG}/1.yml:11: quote found in no paragraph of {SLUG}: 'the Kuala Lumpur talks' [unanchored]" in result.stderr
    assert "closest passage: ¶2 " in result.stderr and "(similarity 0." in result.stderr
    assert _files(site) == before


def test_a_note_without_quote_on_a_vanished_paragraph_is_reported(site):
    site.notes(SLUG, "3.yml", "- note: On Gamma.\n")
    site.page(SLUG, _page(ALPHA, BETA))
    plan = reanchor.plan(_settings(site))
    assert plan.changes == []
    assert [(str(p.loc), p.code) for p in plan.problems] == [(f"annotations/{SLUG}/3.yml:1", "unanchored")]
    assert "no quote" in plan.problems[0].message


def test_dry_run_prints_the_same_changes_and_writes_nothing(site):
    site.page(SLUG, _page("A new first paragraph.", ALPHA, BETA, GAMMA))
    before = _files(site)
    dry = _run(site, "--dry-run")
    assert dry.returncode == 0 and "dry run: nothing was written" in dry.stderr
    assert _files(site) == before
    assert _run(site).stdout == dry.stdout


def test_a_file_in_another_shape_is_not_edited(site):
    site.notes(SLUG, "2.yml", "[{note: On Beta., quote: Beta mentions}]\n")
    site.page(SLUG, _page(ALPHA, GAMMA, BETA))
    before = _files(site)
    plan = reanchor.plan(_settings(site))
    assert [(str(p.loc), p.code) for p in plan.problems] == [(f"annotations/{SLUG}/2.yml:1", "cannot-edit")]
    assert [str(c) for c in plan.changes] == [f"annotations/{SLUG}/1.yml:6: quote updated to '“zero-sum” thinking', as written in ¶1",
                                              f"annotations/{SLUG}/1.yml:9: moved to annotations/{SLUG}/3.yml:2, where its quote is (¶3)"]
    plan.apply()
    assert _files(site)["2.yml"] == before["2.yml"]


def test_notes_swap_files(site):
    site.page(SLUG, _page(BETA, ALPHA, GAMMA))
    before = _notes(site)
    reanchor.plan(_settings(site)).apply()
    assert _notes(site) == _moved(before, {
        "On zero-sum thinking. # folded text, not a comment": (2, {"quote": "“zero-sum” thinking"}),
        "On the talks.": (1, {}),
        "On Beta.\n\nTwo paragraphs.\n": (1, {}),
    })
    assert _files(site)["1.yml"].startswith(f"{SCHEMA_COMMENT}\n# Notes on the first paragraph.\n# Between the notes: stays in 1.yml.\n- note: On the talks.\n")


def test_the_published_notes_need_no_reanchoring():
    plan = reanchor.plan(read_settings(ROOT / "mkdocs.yml"))
    assert (plan.changes, plan.problems) == ([], [])
