"""`glossator new`: a template that shows the paragraph, fails `check` until filled in, and never overwrites."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from jsonschema import Draft202012Validator

from glossator.load.noteschema import NOTE_KINDS
from glossator.scaffold import SCHEMA_COMMENT, note_template

from conftest import ROOT

SLUG = "2026-01-02-a-test-editorial"
LONG = ("The second paragraph mentions the Kuala Lumpur talks, and it goes on for long enough that the "
        "template has to wrap it over several comment lines before the fields begin.")
PAGE = f"""\
---
title: 'A test editorial: Daily Paper editorial'
date: '2026-01-02T08:00:00+08:00'
---

The first paragraph talks about “zero-sum” thinking.

{LONG}

- A list item.
- Another item.
"""


@pytest.fixture
def site(project):
    project.page(SLUG, PAGE)
    (project.root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    return project


def _glossator(site, *args):
    return subprocess.run([sys.executable, "-m", "glossator", *args], cwd=site.root, capture_output=True, text=True)


def _problems(site) -> list[dict]:
    return json.loads(_glossator(site, "check", "--format", "json").stdout)["problems"]


def test_new_writes_the_template_and_prints_its_path(site):
    result = _glossator(site, "new", SLUG, "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"annotations/{SLUG}/2.yml\n"
    text = (site.root / "annotations" / SLUG / "2.yml").read_text(encoding="utf-8")
    assert text == note_template(SLUG, 2, LONG), "`new` and the page's annotate link must offer the same file"
    lines = text.splitlines()
    assert lines[0] == SCHEMA_COMMENT
    comment = [line[4:] for line in lines if line.startswith("#   ")]
    assert " ".join(comment) == LONG and len(comment) > 1 and all(len(line) <= 72 for line in comment)
    assert ", ".join(NOTE_KINDS) in text
    fields = yaml.safe_load(text)
    assert list(fields[0]) == ["note", "quote", "kind", "by", "sources"]


def test_a_list_block_is_shown_item_by_item():
    text = note_template(SLUG, 3, "A list item.\nAnother item.")
    assert "#   A list item.\n#   Another item.\n" in text


def test_unfilled_template_fails_check_as_an_empty_note(site):
    _glossator(site, "new", SLUG, "1")
    text = (site.root / "annotations" / SLUG / "1.yml").read_text(encoding="utf-8")
    note_line = text.splitlines().index("- note: >-") + 1
    assert [(p["line"], p["code"], p["message"]) for p in _problems(site)] == [(note_line, "empty-note", "the note is empty")]


def test_filled_template_is_a_valid_note_file(site):
    _glossator(site, "new", SLUG, "1")
    path = site.root / "annotations" / SLUG / "1.yml"
    text = path.read_text(encoding="utf-8").replace("- note: >-\n", "- note: >-\n    Zero-sum: one side's gain is the other's loss.\n")
    path.write_text(text, encoding="utf-8")
    assert _problems(site) == []
    assert Draft202012Validator(json.loads((ROOT / "schemas" / "note.schema.json").read_text(encoding="utf-8"))).is_valid(yaml.safe_load(text))


@pytest.mark.parametrize("existing", ["2.yml", "02.yml", "2.yaml"])
def test_new_never_overwrites(site, existing):
    path = site.notes(SLUG, existing, "- note: Mine.\n")
    result = _glossator(site, "new", SLUG, "2")
    assert result.returncode == 1
    assert f"annotations/{SLUG}/{existing}:1: {existing} already holds the notes on ¶2" in result.stderr
    assert path.read_text(encoding="utf-8") == "- note: Mine.\n"
    assert sorted(p.name for p in path.parent.iterdir()) == [existing]


def test_unknown_slug_is_refused_with_a_suggestion(site):
    result = _glossator(site, "new", "2026-01-02-a-test-editorail", "1")
    assert result.returncode == 1
    assert "no editorial page has the slug '2026-01-02-a-test-editorail'" in result.stderr
    assert f"did you mean '{SLUG}'?" in result.stderr
    assert not (site.root / "annotations" / "2026-01-02-a-test-editorail").exists()


@pytest.mark.parametrize("number", [0, 4])
def test_paragraph_out_of_range_is_refused(site, number):
    result = _glossator(site, "new", SLUG, str(number))
    assert result.returncode == 1
    assert f"docs/editorials/{SLUG}.md:1: ¶{number} does not exist: {SLUG} has 3 paragraphs" in result.stderr
    assert "(1-3)" in result.stderr
    assert not (site.root / "annotations" / SLUG).exists()
