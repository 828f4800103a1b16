"""Anchor incoming annotations to paragraphs and append them to note files.

Notes are only ever appended (annotations/<slug>/<n>.yml, as YAML list items),
so existing notes, comments and formatting stay as they are. An annotation
that cannot be anchored, or that is already there, is reported, never dropped
silently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

from ..diagnostics import WARNING, Diagnostic
from ..load.annotations import NOTE_FILE
from ..load.noteschema import NOTE_ID
from ..load.yamlnodes import parse_yaml
from ..model import Corpus, Loc
from ..project import Settings, load_corpus
from ..text import normalize_space
from ..urls import SiteURLs
from .anchor import Anchor, PageText, anchor
from .read import Draft, read_drafts

_GENERATED_KEY = re.compile(r"^p\d+-\d+$")
"""The key of a note without an `id` (¶ and position): exported in its IRI, never imported as an id."""


class _Prose(str):
    """A note's text, written as a person would: `|` keeps its lines, `>` folds a long one."""


def _prose_style(text: str) -> str | None:
    return "|" if "\n" in text else ">" if len(text) > 80 else None


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Prose, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=_prose_style(value)))


def _place(draft: Draft, corpus: Corpus, urls: SiteURLs) -> tuple[str, Anchor] | str:
    """(slug, anchor) of the first target on one of our pages, or why there is none."""
    reasons = []
    for source, selectors in draft.targets:
        slug = urls.slug_in(source)
        if slug in corpus.editorials:
            found = anchor(PageText(corpus.editorials[slug]), selectors)
            if isinstance(found, Anchor):
                return slug, found
            reasons.append(f"on {slug}, {found}")
    if reasons:
        return "; ".join(reasons)
    sources = ", ".join(repr(source) for source, _ in draft.targets) or "nothing"
    return f"it targets {sources}, not an editorial page of this site"


def _note_id(draft: Draft, slug: str, urls: SiteURLs) -> str:
    """The note id kept in an IRI of our own export (`…/editorials/<slug>/#note-<id>`), else ""."""
    page, _, fragment = draft.iri.partition("#")
    key = fragment.removeprefix("note-")
    if urls.slug_in(page) == slug and fragment.startswith("note-") and NOTE_ID.match(key) and not _GENERATED_KEY.match(key):
        return key
    return ""


def _entry(draft: Draft, quote: str, note_id: str) -> dict:
    """The note as it is written in YAML: keys in the documented order, empty ones left out."""
    entry = {"note": _Prose(draft.body), "quote": quote, "kind": draft.kind, "by": draft.by, "sources": draft.sources, "id": note_id}
    return {key: value for key, value in entry.items() if value}


def _note_file(folder: Path, paragraph: int) -> Path:
    """The file that holds the notes on ¶n (`5.yml` or `05.yml`), or the one to create."""
    existing = [p for p in folder.glob("*") if (m := NOTE_FILE.match(p.name)) and int(m.group(1)) == paragraph]
    return existing[0] if existing else folder / f"{paragraph}.yml"


def _append(path: Path, shown: str, entries: list[dict]) -> Diagnostic | None:
    """Append the notes to the file, unless the result would not be the old list plus them."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    text = old.rstrip("\n") + "\n" + new if old.strip() else new
    scratch: list[Diagnostic] = []
    before = parse_yaml(old, shown, scratch) if old.strip() else []
    after = parse_yaml(text, shown, scratch)
    if not (isinstance(before, list) and isinstance(after, list) and len(after) == len(before) + len(entries)):
        return Diagnostic(Loc(shown, 1), "cannot-append", f"{len(entries)} imported note(s) not added: the file is not a plain YAML list of notes",
                          "fix the file (`glossator check` shows how) and import again")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return None


def import_annotations(path: Path, settings: Settings) -> tuple[list[Path], list[Diagnostic]]:
    """Write the annotations of one file as notes: (note files written, problems at path:line)."""
    problems: list[Diagnostic] = []
    drafts = read_drafts(path, settings.shown(path), problems)
    corpus, _ = load_corpus(settings)  # problems of the existing notes are `check`'s to report
    urls = SiteURLs.of(settings)
    seen = {(n.slug, n.paragraph, n.body.strip(), normalize_space(n.quote)) for n in corpus.notes}
    ids = {(n.slug, n.id) for n in corpus.notes if n.id}
    pending: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for draft in drafts:
        name = draft.iri or "without an id"
        if not draft.body.strip():
            problems.append(Diagnostic(draft.loc, "no-text", f"annotation {name} has no text to make a note of",
                                       "give it a TextualBody (or Hypothesis text)"))
            continue
        placed = _place(draft, corpus, urls)
        if isinstance(placed, str):
            problems.append(Diagnostic(draft.loc, "not-anchored", f"annotation {name} could not be anchored: {placed}",
                                       "check that it annotates this page's text; fix its selectors and import it again"))
            continue
        slug, found = placed
        key = (slug, found.paragraph, draft.body.strip(), normalize_space(found.quote))
        if key in seen:
            problems.append(Diagnostic(draft.loc, "already-imported", f"annotation {name} is already a note on ¶{found.paragraph} of {slug}",
                                       "nothing to do", severity=WARNING))
            continue
        seen.add(key)
        note_id = _note_id(draft, slug, urls)
        if (slug, note_id) in ids:
            problems.append(Diagnostic(draft.loc, "id-taken", f"id {note_id!r} is already used in {slug}; the note is imported without it",
                                       "give the note another id", severity=WARNING))
            note_id = ""
        elif note_id:
            ids.add((slug, note_id))
        pending[(slug, found.paragraph)].append(_entry(draft, found.quote, note_id))
    written = []
    for (slug, paragraph), entries in sorted(pending.items()):
        target = _note_file(settings.annotations_dir / slug, paragraph)
        problem = _append(target, settings.shown(target), entries)
        if problem:
            problems.append(problem)
        else:
            written.append(target)
    return written, problems
