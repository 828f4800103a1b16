"""A project on disk: where its pages and notes live, and loading all of it at once.

Both doors (the MkDocs hooks and the CLI) call `load_corpus`, so a check and a
build always see the same problems; both pass the project's build cache
(glossator.cache), so neither parses a file it has seen before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .cache import MISSING, Cache, digest
from .diagnostics import Diagnostic
from .load.annotations import note_files, parse_note_file
from .load.editorials import MAX_PAGE_BYTES, parse_editorial
from .load.glossary import check_glossary, parse_term
from .load.source import MAX_FILE_BYTES, decode, read_bytes
from .model import Corpus, Editorial, Note, Term
from .parallel import Worker
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


@dataclass(frozen=True)
class SourceFile:
    """An input file, read but not parsed: what it holds, where, its bytes, and its cache key."""

    kind: str
    """"editorial", "term" or "notes"."""
    shown: str
    slug: str
    paragraph: int
    data: bytes
    key: bytes
    stamp: tuple = ()
    """The file's size, times and inode when it was read: `mkdocs serve` reads again only files whose stamp changed."""

    @classmethod
    def read(cls, kind: str, path: Path, shown: str, problems: list[Diagnostic], slug: str, paragraph: int = 0,
             previous: "SourceFile | None" = None) -> "SourceFile | None":
        stamp = _stamp(path)
        if previous is not None and stamp and previous.stamp == stamp and (previous.kind, previous.slug, previous.paragraph) == (kind, slug, paragraph):
            return previous
        data = read_bytes(path, shown, problems, limit=MAX_PAGE_BYTES if kind == "editorial" else MAX_FILE_BYTES)
        return None if data is None else cls(kind, shown, slug, paragraph, data, digest(kind, shown, slug, paragraph, data), stamp)

    def parse(self) -> tuple[Editorial | Term | list[Note] | None, tuple[Diagnostic, ...]]:
        """What the file holds, and the problems found in it: a pure function of the file, so it is cached by `key`."""
        problems: list[Diagnostic] = []
        text = decode(self.data, self.shown, problems)
        if self.kind == "notes":
            value = [] if text is None else parse_note_file(text, self.shown, self.slug, self.paragraph, problems)
        elif text is None:
            value = None
        else:
            value = (parse_editorial if self.kind == "editorial" else parse_term)(text, self.slug, self.shown, problems)
        return value, tuple(problems)


def _stamp(path: Path) -> tuple:
    """Taken before the file is read, so that a change made while it is read shows as a new stamp."""
    try:
        stat = path.lstat()
    except OSError:
        return ()
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


PARALLEL_FROM = 800
"""Files to parse from which a forked child parses half of them (a fork costs a few milliseconds)."""


@dataclass
class Sources:
    """Every input file of a project, read in a fixed order, with the problems of reading them in place.

    `manifest` digests all of it: what depends on the whole corpus (its validation, `check`'s answer)
    is cached by it, so a warm `check` reads and digests the files but parses none.
    """

    items: list[SourceFile | Diagnostic]
    manifest: bytes

    @property
    def files(self) -> dict[str, SourceFile]:
        """The files read, by the path diagnostics show."""
        return {item.shown: item for item in self.items if isinstance(item, SourceFile)}

    @classmethod
    def scan(cls, settings: Settings, previous: "Sources | None" = None) -> "Sources":
        """Read every input file; with the `previous` scan (`mkdocs serve`), a file whose stamp is unchanged is not read again."""
        items: list[SourceFile | Diagnostic] = []
        before = previous.files if previous else {}

        def add(kind: str, path: Path, shown: str, slug: str, paragraph: int = 0) -> None:
            problems: list[Diagnostic] = []
            file = SourceFile.read(kind, path, shown, problems, slug, paragraph, before.get(shown))
            items.extend(problems)
            if file:
                items.append(file)

        for kind, folder in (("editorial", settings.editorials_dir), ("term", settings.glossary_dir)):
            if folder.is_dir():
                for path in sorted(folder.glob("*.md")):
                    if path.name != "index.md":
                        add(kind, path, settings.shown(path), path.stem)
        for found in note_files(settings.annotations_dir, settings.shown(settings.annotations_dir)):
            if isinstance(found, Diagnostic):
                items.append(found)
            else:
                add("notes", found.path, found.shown, found.slug, found.paragraph)
        manifest = digest([item.key if isinstance(item, SourceFile) else (item.code, str(item), item.severity) for item in items])
        return cls(items, manifest)

    def load(self, cache: Cache | None = None) -> tuple[Corpus, list[Diagnostic]]:
        """Every editorial, term and note, and every problem found on the way, located.

        Each file is parsed only if the cache has not seen its bytes at its place; the checks across
        files (glossary, notes against pages) are cached by the manifest.
        """
        cache = cache or Cache.disabled()
        files = cache.table("files")
        parsed: dict[bytes, tuple] = {}
        misses = []
        for item in self.items:
            if isinstance(item, SourceFile) and item.key not in parsed:
                found = files.get(item.key)
                if found is MISSING:
                    misses.append(item)
                else:
                    parsed[item.key] = found
        for file, result in zip(misses, _parse_all(misses)):
            parsed[file.key] = files.put(file.key, result)
        corpus, problems = Corpus(), []
        for item in self.items:
            if isinstance(item, Diagnostic):
                problems.append(item)
                continue
            value, found = parsed[item.key]
            problems.extend(found)
            if item.kind == "notes":
                corpus.notes.extend(value)
            elif value is not None:
                (corpus.editorials if item.kind == "editorial" else corpus.terms)[value.slug] = value
        problems.extend(cache.table("checks").memo(self.manifest, lambda: (*check_glossary(corpus.terms), *validate(corpus))))
        return corpus, problems


def _parse_all(files: list[SourceFile]) -> list[tuple]:
    """Each file parsed; many are shared with a forked child, half each (see glossator.parallel)."""
    half = len(files) // 2
    second = Worker([1], lambda _: [file.parse() for file in files[half:]], lambda: None,
                    parallel=None if len(files) >= PARALLEL_FROM else False)
    if not second.forked:
        return [file.parse() for file in files]
    first = [file.parse() for file in files[:half]]
    rest = second.get(1, wait=True)
    second.wait()
    return first + rest


def load_corpus(settings: Settings, cache: Cache | None = None) -> tuple[Corpus, list[Diagnostic]]:
    """Every editorial and note, and every problem found on the way, located (with `cache`, parsing only what changed)."""
    return Sources.scan(settings).load(cache)
