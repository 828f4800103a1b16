"""Fixture sites built with the real MkDocs, and helpers to read what they produce."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sources" / "000_efc9fbd3b90104e8.txt"
SEED_PAGE = ROOT / "docs" / "editorials" / "2025-11-07-solving-china-us-existing-issues.md"
SEED_SLUG = "2025-11-07-solving-china-us-existing-issues"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SMALL_PAGE = """\
---
title: 'A test editorial: Daily Paper editorial'
date: '2026-01-02T08:00:00+08:00'
source: Daily Paper
---

The first paragraph talks about “zero-sum” thinking and trade.

The second paragraph mentions the Kuala Lumpur talks.

The third paragraph is short.
"""
"""A three-paragraph editorial page, as the importer writes it, for tests of notes against it."""

MKDOCS_YML = """\
site_name: Fixture
site_url: https://example.org/
use_directory_urls: {directory_urls}
theme:
  name: material
  font: false
nav:
  - Home: index.md
not_in_nav: |
  /editorials/*.md
hooks:
  - {hook}
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - toc
"""


@dataclass
class BuiltSite:
    root: Path
    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    error: Exception | None = None

    def html(self, page: str) -> str:
        path = self.site_dir / page
        if path.is_dir() or page.endswith("/"):
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(page), "html.parser")

    def editorial(self, slug: str = SEED_SLUG) -> BeautifulSoup:
        return self.soup(f"editorials/{slug}/")

    @property
    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class SiteFactory:
    """Lays out a project in a temporary folder and builds it with MkDocs."""

    def __init__(self, root: Path):
        self.root = root
        (root / "docs" / "editorials").mkdir(parents=True)
        (root / "annotations").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n\n<!-- glossator:editorials -->\n", encoding="utf-8")

    def page(self, slug: str, text: str) -> Path:
        path = self.root / "docs" / "editorials" / f"{slug}.md"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def seed(self) -> str:
        shutil.copy(SEED_PAGE, self.root / "docs" / "editorials" / SEED_PAGE.name)
        return SEED_SLUG

    def notes(self, slug: str, name: str, text: str | bytes) -> Path:
        path = self.root / "annotations" / slug / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def build(self, *, strict: bool = False, directory_urls: bool = True, extra: dict | None = None,
              repo_url: str = "", config: str = "") -> BuiltSite:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config_file = self.root / "mkdocs.yml"
        config_file.write_text(
            MKDOCS_YML.format(hook=ROOT / "hooks" / "glossator_hooks.py", directory_urls=str(directory_urls).lower())
            + (yaml.safe_dump({"extra": {"glossator": extra}}) if extra else "")
            + (f"repo_url: {repo_url}\n" if repo_url else "")
            + config,
            encoding="utf-8",
        )
        capture = _Capture()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(capture)
        site = BuiltSite(self.root, self.root / "site", capture.records)
        try:
            config = load_config(str(config_file), strict=strict)
            build(config)
        except Exception as exc:  # mkdocs raises Abort on --strict warnings
            site.error = exc
        finally:
            logger.removeHandler(capture)
        return site


@pytest.fixture
def project(tmp_path) -> SiteFactory:
    return SiteFactory(tmp_path / "project")


def paragraph_texts(soup: BeautifulSoup) -> dict[int, str]:
    """The visible text of every numbered paragraph of a built editorial page."""
    from glossator.text import normalize_space

    texts = {}
    for element in soup.select('[id^="p"]'):
        ident = element["id"]
        if ident[1:].isdigit() and element.find_parent(class_="gl-para") is not None:
            if element.name in ("ul", "ol"):
                texts[int(ident[1:])] = "\n".join(normalize_space(li.get_text()) for li in element.find_all("li"))
            else:
                texts[int(ident[1:])] = normalize_space(element.get_text())
    return texts


LIGHTHOUSE_SCORES: dict[str, float] = {}
"""Filled by test_lighthouse.py; printed at the end of the run."""


LAYOUT_FIGURES: dict[str, str] = {}
"""Filled by test_layout.py as it measures; printed at the end of the run."""


def pytest_terminal_summary(terminalreporter):
    for page, figures in sorted(LAYOUT_FIGURES.items()):
        terminalreporter.write_line(f"Layout, {page}: {figures}")
    if LIGHTHOUSE_SCORES:
        scores = ", ".join(f"{name} {score}" for name, score in sorted(LIGHTHOUSE_SCORES.items()))
        terminalreporter.write_line(f"Lighthouse (mobile, annotated editorial): {scores}")
