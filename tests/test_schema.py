"""The JSON Schemas are the one definition of a note: published for editors, shipped in the package, obeyed by `check`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from jsonschema import Draft202012Validator

from glossator import model
from glossator.load.editorials import split_front_matter
from glossator.load.noteschema import NOTE_ID, NOTE_KEYS, NOTE_KINDS
from glossator.schema import is_valid, load_schema
from glossator.scaffold import SCHEMA_COMMENT

from conftest import ROOT

PUBLISHED = ROOT / "schemas"
SHIPPED = ROOT / "glossator" / "schemas"


def _published(name: str) -> dict:
    return json.loads((PUBLISHED / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_published_schemas_are_the_shipped_ones():
    names = sorted(p.name for p in SHIPPED.glob("*.json"))
    assert names == ["glossary.schema.json", "note.schema.json"]
    assert sorted(p.name for p in PUBLISHED.glob("*.json")) == names
    for name in names:
        assert (PUBLISHED / name).read_bytes() == (SHIPPED / name).read_bytes(), f"copy glossator/schemas/{name} to schemas/{name}"


@pytest.mark.parametrize("name", ["note", "glossary"])
def test_schemas_are_draft_2020_12_with_help_for_editors(name):
    schema = _published(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["title"] and schema["description"]
    properties = schema["$defs"]["note"]["properties"] if name == "note" else schema["properties"]
    for key, definition in properties.items():
        assert definition.get("title") and definition.get("description"), f"{name}: `{key}` needs a title and a description"


def test_loader_takes_keys_kinds_and_id_pattern_from_the_schema():
    fields = load_schema("note")["$defs"]["note"]["properties"]
    assert NOTE_KEYS == tuple(fields) == ("note", "quote", "kind", "by", "sources", "id")
    assert NOTE_KINDS == model.NOTE_KINDS, "the legend's kinds (model.NOTE_KINDS) must be the schema's, in the same order"
    assert NOTE_ID.pattern == fields["id"]["pattern"] == "^[a-z0-9][a-z0-9-]{0,63}$"
    assert fields["note"]["type"] == "string" and load_schema("note")["$defs"]["note"]["required"] == ["note"]


PAGE = """\
---
title: 'Case: Daily Paper editorial'
date: '2026-01-02'
---

The first paragraph talks about “zero-sum” thinking and trade.
"""
GOOD = "good"
BAD = "bad"

# name, expected, content of annotations/<case>/1.yml
CASES = [
    ("minimal", GOOD, "- note: Hello.\n"),
    ("every key", GOOD, "- note: Hello.\n  quote: “zero-sum” thinking\n  kind: fact-check\n  by: someone\n"
                        "  sources:\n    - https://example.org/\n    - '[A](https://example.org/a)'\n  id: a-note\n"),
    ("folded note", GOOD, "- note: >-\n    Two lines\n    of text.\n  kind: analysis\n"),
    ("every kind", GOOD, "".join(f"- note: A {kind}.\n  kind: {kind}\n" for kind in NOTE_KINDS)),
    ("optional keys left empty", GOOD, "- note: Hello.\n  quote:\n  kind:\n  by:\n  sources:\n  id:\n"),
    ("empty quote and sources", GOOD, "- note: Hello.\n  quote: ''\n  sources: []\n"),
    ("schema comment", GOOD, f"{SCHEMA_COMMENT}\n- note: Hello.\n"),
    ("empty note", BAD, "- note: ''\n"),
    ("blank note", BAD, "- note: '   '\n"),
    ("note left empty", BAD, "- note:\n  kind: context\n"),
    ("empty folded note", BAD, "- note: >-\n\n  kind: context\n"),
    ("missing note", BAD, "- kind: context\n"),
    ("note is a number", BAD, "- note: 42\n"),
    ("note is yes", BAD, "- note: yes\n"),
    ("unknown key", BAD, "- note: Hello.\n  qoute: trade\n"),
    ("unknown kind", BAD, "- note: Hello.\n  kind: factcheck\n"),
    ("kind is a number", BAD, "- note: Hello.\n  kind: 5\n"),
    ("kind is a list", BAD, "- note: Hello.\n  kind: [context]\n"),
    ("id with capitals", BAD, "- note: Hello.\n  id: Bad_Id\n"),
    ("id empty", BAD, "- note: Hello.\n  id: ''\n"),
    ("id too long", BAD, f"- note: Hello.\n  id: {'a' * 65}\n"),
    ("id is a number", BAD, "- note: Hello.\n  id: 7\n"),
    ("by is false", BAD, "- note: Hello.\n  by: no\n"),
    ("by is a date", BAD, "- note: Hello.\n  by: 2024-01-01\n"),
    ("quote is a list", BAD, "- note: Hello.\n  quote: [a, b]\n"),
    ("quote is a mapping", BAD, "- note: Hello.\n  quote: {a: b}\n"),
    ("sources is text", BAD, "- note: Hello.\n  sources: https://example.org/\n"),
    ("source is a number", BAD, "- note: Hello.\n  sources:\n    - 1\n"),
    ("source is blank", BAD, "- note: Hello.\n  sources:\n    - '  '\n"),
    ("source is a list", BAD, "- note: Hello.\n  sources:\n    - [a]\n"),
    ("a mapping, not a list", BAD, "note: Hello.\n"),
    ("a scalar, not a list", BAD, "Hello.\n"),
    ("empty list", BAD, "[]\n"),
    ("comments only", BAD, f"{SCHEMA_COMMENT}\n# nothing yet\n"),
    ("item is text", BAD, "- Hello.\n"),
    ("item is empty", BAD, "-\n"),
    ("one bad among good", BAD, "- note: Fine.\n- note: Fine too.\n  kind: opinion\n"),
]


def _case_slug(index: int) -> str:
    return f"2026-01-02-case-{index:02d}"


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, list[dict]]:
    """Every case laid out as its own editorial, and `glossator check --format json` run once over all of them."""
    root = tmp_path_factory.mktemp("cases")
    (root / "mkdocs.yml").write_text("site_name: Cases\n", encoding="utf-8")
    for index, (_, _, content) in enumerate(CASES):
        page = root / "docs" / "editorials" / f"{_case_slug(index)}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE, encoding="utf-8")
        notes = root / "annotations" / _case_slug(index) / "1.yml"
        notes.parent.mkdir(parents=True)
        notes.write_text(content, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "glossator", "check", "--format", "json"], cwd=root, capture_output=True, text=True)
    problems = json.loads(result.stdout)["problems"]
    assert result.returncode == (1 if problems else 0)
    return {_case_slug(i): [p for p in problems if p["path"].split("/")[1] == _case_slug(i)] for i in range(len(CASES))}


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case[0] for case in CASES])
def test_jsonschema_and_check_agree(checked, index):
    name, expected, content = CASES[index]
    data = yaml.safe_load(content)
    schema_valid = Draft202012Validator(_published("note")).is_valid(data)
    assert is_valid("note", data) == schema_valid, f"{name}: the compiled schema disagrees with jsonschema"
    problems = checked[_case_slug(index)]
    assert schema_valid == (expected == GOOD), f"{name}: jsonschema says {'valid' if schema_valid else 'invalid'}"
    assert (not problems) == schema_valid, f"{name}: check reports {problems}"
    for problem in problems:
        assert problem["line"], problem
        assert problem["code"] != "schema" and problem["hint"], f"{name}: no friendly message for {problem}"


def test_every_note_file_names_and_obeys_the_schema():
    validator = Draft202012Validator(_published("note"))
    files = sorted((ROOT / "annotations").glob("*/*.yml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == SCHEMA_COMMENT, path
        assert validator.is_valid(yaml.safe_load(text)), path


def test_every_glossary_term_obeys_the_schema():
    validator = Draft202012Validator(_published("glossary"))
    pages = [p for p in sorted((ROOT / "docs" / "glossary").glob("*.md")) if p.name != "index.md"]
    assert len(pages) >= 12  # the glossary the edition ships with
    for page in pages:
        front, _, _ = split_front_matter(page.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(front))]
        assert not errors, f"{page.name}: {errors}"


def test_glossary_schema_rejects_what_it_should():
    validator = Draft202012Validator(_published("glossary"))
    good = {"term": "Zero-sum game", "summary": "One's gain is the other's loss.", "aliases": ["zero-sum"],
            "pinyin": ["líng hé bóyì"], "see_also": ["win-win-cooperation"], "sources": ["https://example.org/"]}
    assert validator.is_valid(good)
    for bad in ({"term": "X"}, {**good, "term": " "}, {**good, "aliases": [" "]}, {**good, "see_also": ["Win Win"]}, {**good, "sources": "x"}):
        assert not validator.is_valid(bad), bad


def test_vscode_validates_note_files_with_the_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {"./schemas/note.schema.json": ["annotations/**/*.yml", "annotations/**/*.yaml"]}
    assert (ROOT / "schemas" / "note.schema.json").is_file()


@pytest.mark.parametrize("package", ["jsonschema==4.26.0", "fastjsonschema==2.22.3"])
def test_schema_validators_are_pinned_dependencies(package):
    assert package in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    name = package.split("==")[0]
    assert any(line.strip().startswith(f'"{name}') for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines())
