"""The persistent build cache: `.cache/glossator/` in the project, ignored by git.

Content-addressed: every entry is found by a digest of everything it was made
from (a file's bytes and place, a note's fields and what its links resolve
to, ...), so an entry can be stale only if its key missed an input, never
because a file changed. Each table is one file, written whole to a temporary
file and renamed over the old one (a reader sees the old table or the new,
never half of one), and holds only the entries the last build used, so the
cache does not grow with time.

What a table file holds is checked before it is used: its format and the
Glossator version that wrote it, a digest of its contents (a truncated or
damaged file), and that it unpickles to what we wrote. A table that fails is
reported once per build as a warning and the build goes on from the sources.
So does a build that finds another build using the cache (a lock file). These
warnings never fail a `--strict` build: the cache cannot change the output.

A change to Glossator's own code (or to the packages that render, parse or
sanitise) discards every table silently: see `fingerprint`.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import shutil
import sys
import tempfile
import zlib
from collections.abc import Callable, Hashable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__

try:
    import fcntl
except ImportError:  # not on Windows: no lock, concurrent builds are not noticed there (the writes are still atomic)
    fcntl = None

FOLDER = Path(".cache") / "glossator"
"""Where the cache lives, relative to the project's root (the folder of mkdocs.yml)."""
SWITCH = "GLOSSATOR_CACHE"
"""GLOSSATOR_CACHE=0 turns the cache off: nothing is read or written."""
FORMAT = 1
"""The layout of a table file; bumped when it changes."""
_MAGIC = b"glossator-cache\n"
_LOCK = "lock"
_SUFFIX = ".cache"
_DEPENDENCIES = ("Markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "nh3", "PyYAML", "fastjsonschema",
                 "jsonschema", "ahocorasick-rs", "Jinja2", "Pygments")
"""Packages whose behaviour shapes what is cached (parsing, Markdown, sanitising, matching, templates)."""
_ALLOWED_GLOBALS = {("collections", "defaultdict"), ("collections", "Counter"), ("collections", "OrderedDict"),
                    ("builtins", "set"), ("builtins", "frozenset"), ("datetime", "date"), ("datetime", "datetime"),
                    ("array", "array"), ("array", "_array_reconstructor")}



class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (as logging's last resort does)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


log = logging.getLogger("glossator.cache")
"""Not under `mkdocs.`: a cache problem is never a problem of the site, so `--strict` does not count it."""
if not log.handlers:
    _handler = _Stderr()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  glossator: %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


def digest(*parts: Any) -> bytes:
    """A 16-byte digest of `parts`: bytes as they are, anything else by its `repr`.

    The repr of text, numbers, paths, tuples, lists, dicts and dataclasses of them says all of their value,
    and the same in every process; a set's does not (its order changes with the hash seed): keep sets out.
    """
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        hasher.update(b"%d:" % len(data))
        hasher.update(data)
    return hasher.digest()


def files_digest(folders: tuple[Path, ...]) -> bytes:
    """Of every file under `folders` (names and contents, in order; not `__pycache__`): a site's template overrides, say."""
    return digest(*[part for index, folder in enumerate(folders) for path in sorted(folder.rglob("*"))
                    if path.is_file() and "__pycache__" not in path.parts
                    for part in (f"{index}:{path.relative_to(folder).as_posix()}", path.read_bytes())])


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Glossator's own files and the versions of the packages it renders with: a cache made by other code is not used.

    Reading the package's files (about 300 KB) takes a few milliseconds; it means that editing Glossator
    itself, not only a release, starts from a cold cache.
    """
    package = Path(__file__).resolve().parent
    versions = []
    for name in _DEPENDENCIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return digest(files_digest((package,)), versions, sys.version, pickle.HIGHEST_PROTOCOL).hex()


class _Unpickler(pickle.Unpickler):
    """Builds only Glossator's own classes and plain containers, whatever the file says."""

    def find_class(self, module: str, name: str):
        if module == "glossator" or module.startswith("glossator.") or (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


MISSING = object()


class Table:
    """{key: value} kept between builds in one file, or in `shards` files. A key is a digest; a value anything picklable.

    A sharded table writes again only the files whose entries changed: a build after a one-note edit rewrites a
    sixteenth of the finished pages, not all of them. Entries are content-addressed (the key digests everything the
    value is made of), so files written by two builds still hold only right answers together."""

    def __init__(self, cache: "Cache", name: str, compress: bool, volatile: bool, single: bool, shards: int):
        self.cache, self.name, self.compress, self.volatile, self.single = cache, name, compress, volatile, single
        self.shards = 1 if single else shards
        self._entries: dict[Hashable, Any] | None = None
        self._used: set[Hashable] = set()
        self._dirty: set[int] = set()
        """The shards whose entries changed since the table was read."""

    @property
    def paths(self) -> list[Path]:
        if self.shards == 1:
            return [self.cache.folder / f"{self.name}{_SUFFIX}"]
        return [self.cache.folder / f"{self.name}-{n}{_SUFFIX}" for n in range(self.shards)]

    def _shard(self, key: Hashable) -> int:
        if self.shards == 1:
            return 0
        return key[0] % self.shards if isinstance(key, bytes) and key else zlib.crc32(repr(key).encode()) % self.shards

    def _load(self) -> dict:
        if self._entries is None:
            self._entries = {}
            if self.cache.enabled and not self.volatile:
                for path in self.paths:
                    self._entries.update(self.cache.read(path))
        return self._entries

    def get(self, key: Hashable, default: Any = MISSING) -> Any:
        """The value stored under `key` (and the entry is kept for the next build), or `default`."""
        entries = self._load()
        if key in entries:
            self._used.add(key)
            return entries[key]
        return default

    def put(self, key: Hashable, value: Any) -> Any:
        if self.single:
            self._entries = {}
        self._load()[key] = value
        self._used.add(key)
        self._dirty.add(self._shard(key))
        return value

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        value = self.get(key)
        return self.put(key, compute()) if value is MISSING else value

    def keep(self, key: Hashable) -> None:
        """Keep an entry for the next build: a child process used it. A table this process has not read stays as it is."""
        self._used.add(key)

    def update(self, entries: dict) -> None:
        """Entries made elsewhere (by a child process) for this build."""
        for key, value in entries.items():
            self.put(key, value)

    def save(self) -> None:
        """Write the entries this build used or made (and, unless the cache prunes, the others), if that is not what
        the file already holds.

        A volatile table is never written: it only lives as long as the process (`mkdocs serve`)."""
        if self._entries is None and self._used and self.cache.prune:
            self._load()  # only kept (`keep`): read it to drop what this build did not use
        if self._entries is not None and self.cache.enabled:
            if self.cache.prune:
                unused = [key for key in self._entries if key not in self._used]
                self._dirty.update(self._shard(key) for key in unused)
                for key in unused:
                    del self._entries[key]
            if self._dirty and not self.volatile:
                shards: dict[int, dict] = {n: {} for n in self._dirty}
                for key, value in self._entries.items():
                    shard = shards.get(self._shard(key))
                    if shard is not None:
                        shard[key] = value
                paths = self.paths
                for n, entries in sorted(shards.items()):
                    self.cache.write(paths[n], entries, self.compress)
        self._used, self._dirty = set(), set()


class Cache:
    """The cache of one project; `Cache.disabled()` reads and writes nothing.

    `open` takes the lock for one build (or check) and `close` saves what it used and releases it;
    a process that builds again (`mkdocs serve`) keeps the tables in memory between builds.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.enabled = folder is not None
        self._tables: dict[str, Table] = {}
        self._lock = None
        self._warned = False
        self.prune = True
        """Whether saving drops the entries this build did not use; a build that did not look at every entry it could
        need (a warm build, a rebuild of `mkdocs serve`) keeps them."""

    @classmethod
    def for_project(cls, root: Path) -> "Cache":
        """The cache of the project whose mkdocs.yml is in `root`, or a disabled one under GLOSSATOR_CACHE=0."""
        return cls(None if os.environ.get(SWITCH, "1") == "0" else root / FOLDER)

    @classmethod
    def disabled(cls) -> "Cache":
        return cls(None)

    def table(self, name: str, *, compress: bool = False, volatile: bool = False, single: bool = False, shards: int = 1) -> Table:
        """A table: `compress`ed on disk (large text); `volatile`, kept in memory only, between the builds of a
        `mkdocs serve`; `single`, holding only the entry last put (what depends on everything: one is current);
        in `shards` files (large tables of which a build changes a few entries)."""
        if name not in self._tables:
            self._tables[name] = Table(self, name, compress, volatile, single, shards)
        return self._tables[name]

    def open(self) -> "Cache":
        """Start a build: take the lock, or, if another build holds it, warn and use no cache for this build."""
        self._warned = False
        self.prune = True
        self.enabled = self.folder is not None
        if not self.enabled:
            return self
        try:
            self._prepare()
            if fcntl is not None:
                handle = open(self.folder / _LOCK, "a+b")
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.close()
                    self._give_up("another Glossator build or check is using the cache in "
                                  f"{self._shown()}: this one builds from the sources and leaves the cache alone")
                    return self
                self._lock = handle
        except OSError as exc:
            self._give_up(f"cannot use the cache in {self._shown()} ({exc.strerror or exc}): building from the sources")
        return self

    def close(self, *, save: bool = True) -> None:
        """End a build: write the tables it changed (unless it failed), then release the lock."""
        try:
            if save and self.enabled:
                for table in self._tables.values():
                    table.save()
        finally:
            if self._lock is not None:
                self._lock.close()
                self._lock = None

    def __enter__(self) -> "Cache":
        return self.open()

    def __exit__(self, kind, error, trace) -> None:
        self.close(save=error is None)

    def _prepare(self) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            # As pytest and mypy mark theirs: ignored by git in any project, and known to backup tools as a cache.
            (self.folder / ".gitignore").write_text("# Glossator's build cache (`glossator cache clear` empties it)\n*\n",
                                                    encoding="utf-8")
            (self.folder / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                                                      "# Glossator's build cache: https://bford.info/cachedir/\n",
                                                      encoding="utf-8")

    def _shown(self) -> str:
        return FOLDER.as_posix() + "/"

    def _give_up(self, message: str) -> None:
        self.warn(message)
        self.enabled = False
        for table in self._tables.values():
            table._entries, table._used, table._dirty = None, set(), set()

    def warn(self, message: str) -> None:
        """Log a cache problem as a warning, once per build: one is enough to say the build starts cold."""
        if not self._warned:
            self._warned = True
            log.warning(message)

    def read(self, path: Path) -> dict:
        """A table's entries, or none (after a warning) if the file is not one this version wrote whole."""
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.warn(f"{self._shown()}{path.name} cannot be read ({exc.strerror}): building from the sources")
            return {}
        problem, entries = _decode(data)
        if problem == "other-code":
            log.debug("%s was made by other Glossator code: not used", path.name)
        elif problem:
            self.warn(f"{self._shown()}{path.name} {problem}: building from the sources; the cache will be rewritten")
        return entries

    def write(self, path: Path, entries: dict, compress: bool) -> None:
        """Write to a temporary file in the same folder, then rename it over the table: atomic."""
        payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        if compress:
            payload = zlib.compress(payload, 1)
        header = json.dumps({"format": FORMAT, "version": __version__, "fingerprint": fingerprint(), "compressed": compress,
                             "digest": hashlib.blake2b(payload, digest_size=16).hexdigest()}).encode()
        try:
            handle = tempfile.NamedTemporaryFile(dir=self.folder, prefix=f".{path.name}.", suffix=".tmp", delete=False)
            try:
                with handle:
                    handle.write(_MAGIC + header + b"\n" + payload)
                os.chmod(handle.name, 0o644)  # as any file the build writes (a temporary file is private)
                os.replace(handle.name, path)
            except BaseException:
                os.unlink(handle.name)
                raise
        except OSError as exc:
            self.warn(f"cannot write {self._shown()}{path.name} ({exc.strerror}): the next build starts without it")


def _decode(data: bytes) -> tuple[str, dict]:
    """("", entries), or (what is wrong with the file, {})."""
    if not data.startswith(_MAGIC) or b"\n" not in data[len(_MAGIC):]:
        return "is not a Glossator cache file (damaged?)", {}
    line, _, payload = data[len(_MAGIC):].partition(b"\n")
    try:
        header = json.loads(line)
        if header["format"] != FORMAT or header["version"] != __version__:
            return f"was written by Glossator {header['version']} (cache format {header['format']})", {}
        if header["fingerprint"] != fingerprint():
            return "other-code", {}
        if hashlib.blake2b(payload, digest_size=16).hexdigest() != header["digest"]:
            return "is damaged or truncated", {}
        if header["compressed"]:
            payload = zlib.decompress(payload)
        entries = _Unpickler(io.BytesIO(payload)).load()
    except Exception as exc:  # any way a damaged file can fail to read: it is only a cache
        return f"cannot be read ({type(exc).__name__})", {}
    if not isinstance(entries, dict):
        return "does not hold a table", {}
    return "", entries


def clear(root: Path) -> tuple[int, int]:
    """Empty the project's cache: (files removed, bytes freed). The folder itself stays, marked as a cache."""
    folder = root / FOLDER
    removed = freed = 0
    if not folder.is_dir():
        return 0, 0
    for path in folder.iterdir():
        if path.name in (".gitignore", "CACHEDIR.TAG", _LOCK):
            continue
        if path.is_dir() and not path.is_symlink():
            freed += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            shutil.rmtree(path)
        else:
            freed += path.lstat().st_size
            path.unlink()
        removed += 1
    return removed, freed


def size(root: Path) -> int:
    """Bytes the project's cache takes on disk."""
    folder = root / FOLDER
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
