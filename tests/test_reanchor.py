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
ALPHA = "Alpha talks about “zero-sum” thinking and the Kuala Lumpur talks."
BETA = "Beta mentions trade."
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


STRAIGHT, CURLY = """'"zero-sum" thinking'""", '"“zero-sum” thinking"'
ZERO_SUM, TALKS, ON_BETA = "On zero-sum thinking. # folded text, not a comment", "On the talks.", "On Beta.\n\nTwo paragraphs.\n"
REQUOTED = f"annotations/{SLUG}/1.yml:6: quote updated to '“zero-sum” thinking', as written in ¶1"


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
    site.page(SLUG, _page("A new first paragraph.", "Alpha talks about “zero-sum” thinking.", "Then came the Kuala Lumpur talks.", BETA, GAMMA))
    result = _run(site)
    assert result.returncode == 0, result.stderr
    folder = f"annotations/{SLUG}"
    assert result.stdout.splitlines() == [
        f"{folder}/1.yml: deleted: no notes are left in it",
        f"{folder}/1.yml:3: moved to {folder}/2.yml:1, where its quote is (¶2)",
        f"{folder}/1.yml:6: quote updated to '“zero-sum” thinking', as written in ¶2",
        f"{folder}/1.yml:9: moved to {folder}/3.yml:2, where its quote is (¶3)",
        f"{folder}/2.yml:1: moved to {folder}/4.yml:2, where its quote is (¶4)",
    ]
    assert _notes(site) == _moved(before, {ZERO_SUM: (2, {"quote": "“zero-sum” thinking"}), TALKS: (3, {}), ON_BETA: (4, {})})
    # each note's lines move verbatim, comments inside it included; only a corrected quote's value changes
    first, second = files_before["1.yml"].split("# Between the notes: stays in 1.yml.\n")
    first = first.split("# Notes on the first paragraph.\n")[1]
    assert _files(site) == {
        "2.yml": first.replace(STRAIGHT, CURLY),
        "3.yml": f"{SCHEMA_COMMENT}\n{second}",
        "4.yml": f"{SCHEMA_COMMENT}\n{NOTES_2}",
    }
    assert load_corpus(_settings(site))[1] == []


def test_a_quote_that_differs_only_in_marks_is_corrected_in_place(site):
    site.notes(SLUG, "2.yml", '- note: On Beta.\n  quote: "Beta  mentions\\ntrade"\n')
    before = _files(site)
    plan = reanchor.plan(_settings(site))
    assert [str(c) for c in plan.changes] == [REQUOTED]
    plan.apply()
    assert _files(site) == {**before, "1.yml": before["1.yml"].replace(STRAIGHT, CURLY)}, "a quote equal but for spaces is left alone"
    assert load_corpus(_settings(site))[1] == []


def test_a_lost_quote_is_reported_with_the_closest_passage_and_left_alone(site):
    site.page(SLUG, _page("Alpha talks about “zero-sum” thinking and the talks held in Kuala Lumpur.", BETA, GAMMA))
    before = _files(site)
    result = _run(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [REQUOTED]
    assert f"annotations/{SLUG}/1.yml:11: quote found in no paragraph of {SLUG}: 'the Kuala Lumpur talks' [unanchored]" in result.stderr
    assert "closest passage: ¶1 " in result.stderr and "(similarity 0." in result.stderr
    assert _files(site) == {**before, "1.yml": before["1.yml"].replace(STRAIGHT, CURLY)}


def test_a_note_without_quote_on_a_vanished_paragraph_is_reported(site):
    site.notes(SLUG, "3.yml", "- note: On Gamma.\n")
    site.page(SLUG, _page(ALPHA, BETA))
    plan = reanchor.plan(_settings(site))
    assert [str(c) for c in plan.changes] == [REQUOTED]
    assert [(str(p.loc), p.code) for p in plan.problems] == [(f"annotations/{SLUG}/3.yml:1", "unanchored")]
    assert "no quote" in plan.problems[0].message


def test_dry_run_prints_the_same_changes_and_writes_nothing(site):
    site.page(SLUG, _page(BETA, ALPHA, GAMMA))
    before = _files(site)
    dry = _run(site, "--dry-run")
    assert dry.returncode == 0 and "dry run: nothing was written" in dry.stderr
    assert _files(site) == before
    assert _run(site).stdout == dry.stdout
    assert _files(site) != before


@pytest.mark.parametrize("beta, where", [
    ("Beta mentions trade after the Kuala Lumpur talks.", "1.yml:9"),  # the note on the talks would move into 2.yml
    (GAMMA, "2.yml:1"),  # the note on Beta would move out of 2.yml
], ids=["target", "source"])
def test_a_file_in_another_shape_is_not_edited(site, beta, where):
    site.notes(SLUG, "2.yml", "[{note: On Beta., quote: Beta mentions}]\n")
    site.page(SLUG, _page("Alpha talks about “zero-sum” thinking.", beta, "Beta mentions trade after the Kuala Lumpur talks."))
    before = _files(site)
    plan = reanchor.plan(_settings(site))
    assert [(str(p.loc), p.code) for p in plan.problems] == [(f"annotations/{SLUG}/{where}", "cannot-edit")]
    assert "2.yml is not a plain list of notes" in plan.problems[0].message
    plan.apply()
    assert _files(site)["2.yml"] == before["2.yml"]


def test_notes_swap_files(site):
    site.page(SLUG, _page(BETA, ALPHA, GAMMA))
    before = _notes(site)
    reanchor.plan(_settings(site)).apply()
    assert _notes(site) == _moved(before, {ZERO_SUM: (2, {"quote": "“zero-sum” thinking"}), TALKS: (2, {}), ON_BETA: (1, {})})
    assert _files(site)["1.yml"] == f"{SCHEMA_COMMENT}\n# Notes on the first paragraph.\n# Between the notes: stays in 1.yml.\n{NOTES_2}"
    assert load_corpus(_settings(site))[1] == []


def test_the_published_notes_need_no_reanchoring():
    plan = reanchor.plan(read_settings(ROOT / "mkdocs.yml"))
    assert (plan.changes, plan.problems) == ([], [])


def test_a_moved_note_takes_its_blank_lines_along(site):
    site.notes(SLUG, "1.yml", "- note: A.\n  quote: Alpha\n\n- note: B.\n  quote: Beta mentions\n\n- note: C.\n  quote: the Kuala Lumpur talks\n")
    site.notes(SLUG, "2.yml", "- note: Beta.\n  quote: Beta mentions\n")
    reanchor.plan(_settings(site)).apply()
    assert _files(site) == {
        "1.yml": "- note: A.\n  quote: Alpha\n\n- note: C.\n  quote: the Kuala Lumpur talks\n",
        "2.yml": "- note: Beta.\n  quote: Beta mentions\n- note: B.\n  quote: Beta mentions\n",
    }
