"""The repository's automation: workflows pass actionlint, actions are pinned, forms and hooks fit the project."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from glossator.load.noteschema import NOTE_KINDS

from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _uses(node):
    """Every `uses:` value in a workflow: steps' actions and jobs' reusable workflows."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uses":
                yield value
            else:
                yield from _uses(value)
    elif isinstance(node, list):
        for item in node:
            yield from _uses(item)


def test_the_expected_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "pages.yml", "release.yml"]


def test_actionlint_reports_nothing():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint is missing: `make setup` installs it (requirements-dev.txt)"
    result = subprocess.run([actionlint, "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_action_is_pinned_to_a_commit(path):
    uses = [u for u in _uses(_load(path)) if not u.startswith("./")]
    assert uses
    for value in uses:
        assert PINNED.match(value), f"{path.name}: pin {value} to a full commit SHA, with the tag in a comment"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "uses:" in line and "@" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d", line), f"{path.name}: say which version the SHA is: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_workflow_declares_its_permissions(path):
    workflow = _load(path)
    assert workflow.get("permissions") == {"contents": "read"}, f"{path.name}: start from read-only permissions"
    for name, job in workflow["jobs"].items():
        for scope, level in (job.get("permissions") or {}).items():
            assert level in ("read", "write", "none"), (name, scope)


def test_dependabot_updates_pip_and_actions_weekly():
    updates = _load(GITHUB / "dependabot.yml")["updates"]
    assert {(u["package-ecosystem"], u["schedule"]["interval"]) for u in updates} == {("pip", "weekly"), ("github-actions", "weekly")}


def test_issue_forms_offer_the_schema_kinds():
    forms = {p.name: _load(p) for p in sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))}
    assert sorted(forms) == ["config.yml", "report-an-error.yml", "suggest-a-note.yml"]
    for name in ("report-an-error.yml", "suggest-a-note.yml"):
        assert forms[name]["name"] and forms[name]["description"] and forms[name]["body"], name
        assert len({field.get("id") for field in forms[name]["body"] if "id" in field}) == sum("id" in f for f in forms[name]["body"])
    kind = next(field for field in forms["suggest-a-note.yml"]["body"] if field.get("id") == "kind")
    assert tuple(kind["attributes"]["options"]) == NOTE_KINDS


def test_codeowners_and_pull_request_template_exist():
    assert re.search(r"^\*\s+@", (GITHUB / "CODEOWNERS").read_text(encoding="utf-8"), re.M)
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 5 and "glossator check" in template


def test_pre_commit_hook_runs_glossator_check_on_content_files():
    config = _load(ROOT / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system" and hook["pass_filenames"] is False
    command = shlex.split(hook["entry"])
    assert command[1:] == ["check"]
    assert (ROOT / command[0]).is_file(), f"{command[0]} does not exist: run `make setup`"
    files = re.compile(hook["files"])
    for path in ("annotations/slug/5.yml", "annotations/slug/05.yaml", "docs/editorials/slug.md", "docs/glossary/term.md", "schemas/note.schema.json"):
        assert files.search(path), path
    for path in ("glossator/cli.py", "docs/index.md", "README.md", "tests/test_schema.py"):
        assert not files.search(path), path
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_ci_and_pages_restore_and_save_the_build_cache_under_one_key():
    """A pull request (ci.yml) restores what the last build of main (pages.yml) saved: same path, same key prefix,
    which changes with the lockfile and with Glossator's version and code."""
    steps = {}
    for name in ("ci.yml", "pages.yml"):
        jobs = _load(GITHUB / "workflows" / name)["jobs"]
        [steps[name]] = [step for job in jobs.values() for step in job.get("steps", []) if step.get("uses", "").startswith("actions/cache@")]
    ci, pages = steps["ci.yml"]["with"], steps["pages.yml"]["with"]
    assert ci == pages and ci["path"] == ".cache/glossator"
    for part in ("requirements*.txt", "pyproject.toml", "glossator/**"):
        assert part in ci["restore-keys"]
    assert ci["key"].startswith(ci["restore-keys"]) and "github.run_id" in ci["key"]
