"""Every kind of bad note is reported at path:line with a hint, by `check` and by a strict build."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from glossator.project import load_corpus, read_settings

from conftest import ROOT, SMALL_PAGE as PAGE

SLUG = "2026-01-02-a-test-editorial"

# name, {file: content}, expected location, expected message fragment, expected hint fragment
CASES = [
    ("unknown slug", {"2026-01-02-a-test-editorail/1.yml": "- note: Hello.\n"},
     "annotations/2026-01-02-a-test-editorail", "no editorial page has the slug", "did you mean '2026-01-02-a-test-editorial'?"),
    ("paragraph out of range", {f"{SLUG}/7.yml": "# comment\n- note: Hello.\n"},
     f"annotations/{SLUG}/7.yml:2", "¶7 does not exist", "(1-3)"),
    ("quote not found", {f"{SLUG}/2.yml": "- note: Hello.\n  kind: context\n  quote: the Kuala Lumpur meeting\n"},
     f"annotations/{SLUG}/2.yml:3", "quote not found in ¶2", "closest passage"),
    ("quote in another paragraph", {f"{SLUG}/2.yml": "- note: Hello.\n  quote: is short\n"},
     f"annotations/{SLUG}/2.yml:2", "it occurs in ¶3", f"annotations/{SLUG}/3.yml"),
    ("quote with straight quote marks", {f"{SLUG}/1.yml": "- note: Hello.\n  quote: '\"zero-sum\" thinking'\n"},
     f"annotations/{SLUG}/1.yml:2", "differs only in quote marks", "curly quotes"),
    ("unknown key", {f"{SLUG}/1.yml": "- note: Hello.\n  qoute: trade\n"},
     f"annotations/{SLUG}/1.yml:2", "unknown key `qoute`", "did you mean 'quote'?"),
    ("unknown kind", {f"{SLUG}/1.yml": "- note: Hello.\n  kind: factcheck\n"},
     f"annotations/{SLUG}/1.yml:2", "unknown kind 'factcheck'", "did you mean 'fact-check'?"),
    ("empty note", {f"{SLUG}/1.yml": "- note: ''\n  kind: context\n"},
     f"annotations/{SLUG}/1.yml:1", "the note is empty", "write the note's text"),
    ("missing note text", {f"{SLUG}/1.yml": "- kind: context\n  by: someone\n"},
     f"annotations/{SLUG}/1.yml:1", "has no `note:` text", "add a `note:` key"),
    ("yaml syntax error", {f"{SLUG}/1.yml": "- note: Hello.\n  kind: [context\n  by: x\n"},
     f"annotations/{SLUG}/1.yml:3", "YAML syntax error", "indentation"),
    ("not utf-8", {f"{SLUG}/1.yml": b"- note: Hello.\n- note: caf\xe9\n"},
     f"annotations/{SLUG}/1.yml:2", "not valid UTF-8", "save the file as UTF-8"),
    ("duplicate ids", {f"{SLUG}/1.yml": "- note: One.\n  id: same\n", f"{SLUG}/3.yml": "- note: Two.\n  id: same\n"},
     f"annotations/{SLUG}/3.yml:1", "id 'same' is already used by the note at annotations/" + SLUG + "/1.yml:1", "its own id"),
    ("5.yml and 05.yml", {f"{SLUG}/2.yml": "- note: One.\n", f"{SLUG}/02.yml": "- note: Two.\n"},
     f"annotations/{SLUG}/2.yml:1", "2.yml and 02.yml both hold notes on ¶2", "move the notes into 02.yml"),
    ("yaml boolean", {f"{SLUG}/1.yml": "- note: Hello.\n  by: no\n"},
     f"annotations/{SLUG}/1.yml:2", "YAML read it as false", "quotes"),
    ("not a list", {f"{SLUG}/1.yml": "note: Hello.\n"},
     f"annotations/{SLUG}/1.yml:1", "must be a YAML list of notes", "- note:"),
    ("bad file name", {f"{SLUG}/first.yml": "- note: Hello.\n"},
     f"annotations/{SLUG}/first.yml", "is not a note file name", "5.yml"),
]


def _lay_out(project, files):
    project.page(SLUG, PAGE)
    for name, content in files.items():
        slug, _, filename = name.partition("/")
        project.notes(slug, filename, content)


@pytest.mark.parametrize("name,files,where,message,hint", CASES, ids=[c[0] for c in CASES])
def test_check_reports_location_message_and_hint(project, name, files, where, message, hint):
    _lay_out(project, files)
    (project.root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    _, problems = load_corpus(read_settings(project.root / "mkdocs.yml"))
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert str(problem.loc) == where
    assert message in problem.message
    assert hint in problem.hint


@pytest.mark.parametrize("name,files,where,message,hint", CASES, ids=[c[0] for c in CASES])
def test_strict_build_fails_and_names_the_location(project, name, files, where, message, hint):
    _lay_out(project, files)
    site = project.build(strict=True)
    assert site.error is not None, "a strict build must fail"
    assert any(m.startswith(f"{where}: ") and message in m for m in site.messages), site.messages


def test_all_problems_are_reported_in_one_run(project):
    _lay_out(project, {
        f"{SLUG}/1.yml": "- note: ''\n- note: Fine.\n  kind: factcheck\n- note: Fine.\n  qoute: x\n",
        f"{SLUG}/2.yml": "- note: Hello.\n  quote: is short\n",
        f"{SLUG}/7.yml": "- note: Hello.\n",
    })
    site = project.build(strict=True)
    _, problems = load_corpus(read_settings(site.root / "mkdocs.yml"))
    assert sorted((p.loc.path.rsplit("/", 1)[1], p.loc.line, p.code) for p in problems) == [
        ("1.yml", 1, "empty-note"), ("1.yml", 3, "unknown-kind"), ("1.yml", 5, "unknown-key"),
        ("2.yml", 2, "quote-elsewhere"), ("7.yml", 1, "no-such-paragraph"),
    ]
    assert len(site.messages) == len(problems)  # the build reports each once, and nothing else


def _check(project, *args):
    return subprocess.run([sys.executable, "-m", "glossator", "check", *args], cwd=project.root, capture_output=True, text=True)


def _bad_project(project):
    _lay_out(project, {f"{SLUG}/1.yml": "- note: Hello.\n  qoute: trade\n", f"{SLUG}/9.yml": "- note: Far away.\n"})
    (project.root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")


def test_check_text_format_and_exit_status(project):
    _bad_project(project)
    result = _check(project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"annotations/{SLUG}/1.yml:2: unknown key `qoute` [unknown-key]"
    assert lines[1] == "    hint: did you mean 'quote'?"
    assert lines[-1] == "2 error(s), 0 warning(s)"


GITHUB_COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::(.*)$")


def test_check_github_format_is_workflow_commands(project):
    _bad_project(project)
    result = _check(project, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    parsed = []
    for line in lines:
        match = GITHUB_COMMAND.match(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        parsed.append((match.group(1), props, match.group(3)))
    assert parsed[0][1]["file"] == f"annotations/{SLUG}/1.yml" and parsed[0][1]["line"] == "2"
    assert parsed[1][1]["file"] == f"annotations/{SLUG}/9.yml" and parsed[1][1]["line"] == "1"
    # a newline in the message is escaped, so one problem stays one command
    assert "%0A" in parsed[0][2] and "\n" not in parsed[0][2]


def test_check_json_format(project):
    _bad_project(project)
    result = _check(project, "--format", "json")
    data = json.loads(result.stdout)
    assert data["count"] == 2
    assert {(p["path"], p["line"], p["code"]) for p in data["problems"]} == {
        (f"annotations/{SLUG}/1.yml", 2, "unknown-key"),
        (f"annotations/{SLUG}/9.yml", 1, "no-such-paragraph"),
    }


def test_check_clean_project_exits_zero():
    result = subprocess.run([sys.executable, "-m", "glossator", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "No problems found." in result.stdout
