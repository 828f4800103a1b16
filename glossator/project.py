"""A project on disk: where its pages and notes live, and loading all of it at once.

Both doors (the MkDocs hooks and the CLI) call `load_corpus`, so a check and a
build always see the same problems; both pass the project's build cache
(glossator.cache), so neither parses a file it has seen before.
"""

from __future__ import annotations

import time
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
    data: bytes | None
    """None when the file was not read: its stamp said it is the file the last scan read (see `Sources.scan`)."""
    key: bytes
    stamp: tuple = ()
    """The file's size, mode, times and inode, taken before it was read."""
    path: Path | None = None

    @classmethod
    def read(cls, kind: str, path: Path, shown: str, problems: list[Diagnostic], slug: str, paragraph: int = 0,
             previous: "SourceFile | None" = None, known: tuple | None = None) -> "SourceFile | None":
        """The file, read; or, if its stamp is that of the `previous` scan's file (`mkdocs serve`) or of a `known`
        (stamp, key) that can be trusted, the same without reading it."""
        stamp = _stamp(path)
        if previous is not None and stamp and previous.stamp == stamp and (previous.kind, previous.slug, previous.paragraph) == (kind, slug, paragraph):
            return previous
        if known is not None and stamp and known[0] == stamp:
            return cls(kind, shown, slug, paragraph, None, known[1], stamp, path)
        data = read_bytes(path, shown, problems, limit=MAX_PAGE_BYTES if kind == "editorial" else MAX_FILE_BYTES)
        return None if data is None else cls(kind, shown, slug, paragraph, data, digest(kind, shown, slug, paragraph, data), stamp, path)

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
    return stat.st_size, stat.st_mode, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


STAMP_MARGIN_NS = 2_000_000_000
"""A file changed less than this before a scan could change again within the same timestamp: its stamp is not trusted
next time (git's "racily clean" entries). Two seconds covers the coarsest clocks file systems stamp with."""


def _manifest(items: list[SourceFile | Diagnostic]) -> bytes:
    return digest([item.key if isinstance(item, SourceFile) else (item.code, str(item), item.severity) for item in items])


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
    scanned_at: int = 0
    """time.time_ns() when the scan began."""

    @property
    def files(self) -> dict[str, SourceFile]:
        """The files read, by the path diagnostics show."""
        return {item.shown: item for item in self.items if isinstance(item, SourceFile)}

    @classmethod
    def scan(cls, settings: Settings, previous: "Sources | None" = None, cache: Cache | None = None) -> "Sources":
        """Read every input file, but those whose stamp (size, mode, times, inode) shows them unchanged: since the
        `previous` scan of this process (`mkdocs serve`), or since the last scan the `cache` remembers (as git's
        index does: a stamp taken too close to its scan, when the file could still change unseen, is not trusted)."""
        scanned_at = time.time_ns()
        items: list[SourceFile | Diagnostic] = []
        before = previous.files if previous else {}
        known: dict[str, tuple] = {}
        if cache is not None:
            last_scan, stamps = cache.table("stamps").get(b"files", (0, {}))
            known = {shown: entry for shown, entry in stamps.items()
                     if entry[0] and max(entry[0][2], entry[0][3]) < last_scan - STAMP_MARGIN_NS}

        def add(kind: str, path: Path, shown: str, slug: str, paragraph: int = 0) -> None:
            problems: list[Diagnostic] = []
            file = SourceFile.read(kind, path, shown, problems, slug, paragraph, before.get(shown), known.get(shown))
            items.extend(problems)
            if file:
                items.append(file)

        for kind, folder in (("editorial", settings.editorials_dir), ("term", settings.glossary_dir)):
            if folder.is_dir():
                shown_folder = settings.shown(folder)  # once: resolving each file's path took a tenth of a warm build's load
                for path in sorted(folder.glob("*.md")):
                    if path.name != "index.md":
                        add(kind, path, f"{shown_folder}/{path.name}", path.stem)
        for found in note_files(settings.annotations_dir, settings.shown(settings.annotations_dir)):
            if isinstance(found, Diagnostic):
                items.append(found)
            else:
                add("notes", found.path, found.shown, found.slug, found.paragraph)
        return cls(items, _manifest(items), scanned_at)

    def load(self, cache: Cache | None = None) -> tuple[Corpus, list[Diagnostic]]:
        """Every editorial, term and note, and every problem found on the way, located.

        Each file is parsed only if the cache has not seen its bytes at its place; the checks across
        files (glossary, notes against pages) are cached by the manifest.
        """
        cache = cache or Cache.disabled()
        files = cache.table("files", compress=True)  # parsed text compresses about fivefold
        if any(isinstance(item, SourceFile) and item.data is None and files.get(item.key) is MISSING for item in self.items):
            self._read_unread(files)
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
        problems.extend(cache.table("checks", single=True).memo(self.manifest, lambda: (*check_glossary(corpus.terms), *validate(corpus))))
        self.remember_stamps(cache)
        return corpus, problems

    def remember_stamps(self, cache: Cache) -> None:
        """Keep the files' stamps and keys for the next scan (`scan`)."""
        stamps = {item.shown: (item.stamp, item.key) for item in self.items if isinstance(item, SourceFile)}
        table = cache.table("stamps")
        if table.get(b"files", (0, {}))[1] != stamps:
            table.put(b"files", (self.scanned_at, stamps))

    def _read_unread(self, files) -> None:
        """Read the files that were taken by their stamp but whose parse the cache no longer has."""
        items: list[SourceFile | Diagnostic] = []
        for item in self.items:
            if isinstance(item, SourceFile) and item.data is None and files.get(item.key) is MISSING:
                problems: list[Diagnostic] = []
                item = SourceFile.read(item.kind, item.path, item.shown, problems, item.slug, item.paragraph)
                items.extend(problems)
            if item is not None:
                items.append(item)
        self.items, self.manifest = items, _manifest(items)


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
    return Sources.scan(settings, cache=cache).load(cache)
