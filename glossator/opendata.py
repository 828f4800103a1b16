"""The open data a built site publishes beside its pages: W3C annotations and Atom feeds.

Both the build (`on_post_build`) and `glossator export` write these files.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import write_text
from .diagnostics import Diagnostic
from .feeds import feed_files
from .history import History
from .model import Corpus
from .project import Settings
from .w3c.export import PUBLISHED_AT, annotation_files


def site_files(corpus: Corpus, settings: Settings, problems: list[Diagnostic], history: History | None = None,
               remembered=None) -> dict[str, str]:
    """{path in the built site: text}. `history` is read from git once and shared, if the caller has it;
    `remembered`, see `annotation_files`."""
    history = history or History(settings.annotations_dir)
    annotations = {f"{PUBLISHED_AT}/{name}": text
                   for name, text in annotation_files(corpus, settings, problems, history, remembered).items()}
    return annotations | feed_files(corpus, settings, problems, history)


def write_files(folder: Path, files: dict[str, str]) -> list[Path]:
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, text)
        written.append(path)
    return written
