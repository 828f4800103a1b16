"""A project on disk: where its pages and notes live, and loading all of it at once.

Both doors (the MkDocs hooks and the CLI) call `load_corpus`, so a check and a
build always see the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .diagnostics import Diagnostic
from .load.annotations import load_annotations
from .load.editorials import load_editorial
from .load.glossary import check_glossary, load_term
from .model import Corpus
from .render.templates import OVERRIDES_SUBDIR
from .validate import validate


@dataclass(frozen=True)
class Settings:
    """Paths and options, read from mkdocs.yml (`extra.glossator`) by either door."""

    root: Path
    docs_dir: Path
    annotations_dir: Path
    site_name: str = ""
    repo_url: str = ""
    editorials_subdir: str = "editorials"
    site_url: str = ""
    directory_urls: bool = True
    glossary_subdir: str = "glossary"
    repo_branch: str = "main"
    """The branch that GitHub's editor links (annotate, edit) open."""
    link_terms: str = "paragraph"
    """How often a term is linked: once per 'paragraph' (and per note), once per 'page', or 'every' time."""
    templates_dir: Path | None = None
    """The site's template overrides, `<theme.custom_dir>/glossator` (render/templates.py)."""

    @property
    def editorials_dir(self) -> Path:
        return self.docs_dir / self.editorials_subdir

    @property
    def glossary_dir(self) -> Path:
        return self.docs_dir / self.glossary_subdir

    def shown(self, path: Path) -> str:
        """A path as diagnostics print it: relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(_resolved(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    @classmethod
    def from_mapping(cls, root: Path, config: dict) -> "Settings":
        options = (config.get("extra") or {}).get("glossator") or {}
        return cls(
            root=root,
            docs_dir=(root / (config.get("docs_dir") or "docs")).resolve(),
            annotations_dir=(root / options.get("annotations_dir", "annotations")).resolve(),
            site_name=str(config.get("site_name") or ""),
            repo_url=str(config.get("repo_url") or ""),
            editorials_subdir=str(options.get("editorials_dir", "editorials")),
            site_url=str(config.get("site_url") or ""),
            directory_urls=config.get("use_directory_urls") is not False,
            glossary_subdir=str(options.get("glossary_dir", "glossary")),
            repo_branch=str(options.get("branch", "main")),
            link_terms=str(options.get("link_terms", "paragraph")),
            templates_dir=_overrides(root, config.get("theme")),
        )


def _overrides(root: Path, theme) -> Path | None:
    """`<custom_dir>/glossator` of the theme: a mapping in mkdocs.yml, an object with `custom_dir` in MkDocs' config."""
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else getattr(theme, "custom_dir", None)
    return (root / custom_dir / OVERRIDES_SUBDIR).resolve() if custom_dir else None


@lru_cache(maxsize=8)
def _resolved(root: Path) -> Path:
    return root.resolve()


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing MkDocs: unknown tags (!!python/name, !ENV) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> Settings:
    with open(config_file, encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=_ConfigLoader) or {}
    return Settings.from_mapping(config_file.parent.resolve(), config)


def load_corpus(settings: Settings) -> tuple[Corpus, list[Diagnostic]]:
    """Every editorial and note, and every problem found on the way, located."""
    problems: list[Diagnostic] = []
    corpus = Corpus()
    if settings.editorials_dir.is_dir():
        for path in sorted(settings.editorials_dir.glob("*.md")):
            if path.name == "index.md":
                continue
            editorial = load_editorial(path, settings.shown(path), problems)
            if editorial:
                corpus.editorials[editorial.slug] = editorial
    if settings.glossary_dir.is_dir():
        for path in sorted(settings.glossary_dir.glob("*.md")):
            if path.name != "index.md":
                term = load_term(path, settings.shown(path), problems)
                if term:
                    corpus.terms[term.slug] = term
        problems.extend(check_glossary(corpus.terms))
    by_slug = load_annotations(settings.annotations_dir, settings.shown(settings.annotations_dir), problems)
    corpus.notes = [note for notes in by_slug.values() for note in notes]
    problems.extend(validate(corpus))
    return corpus, problems
