"""Incoming annotations -> drafts of notes: W3C Web Annotations (one, a list, a collection
or a page) and Hypothesis API exports (`{"rows": [...]}` or a list of rows).

Hypothesis rows are first rewritten as W3C annotations, so one path reads both.
Their TextPositionSelectors are left out: Hypothesis counts offsets over the
whole rendered page (navigation and notes included), not over the text that
`anchor.PageText` defines, so they would point at the wrong place. Tags other
than a note kind have no place in a note and are not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from ..diagnostics import Diagnostic
from ..model import NOTE_KINDS, Loc
from .jsonfile import Located, located, read_json
from .vocab import HTML, MARKDOWN, MOTIVATION_KIND, PLAIN


@dataclass
class Draft:
    """An incoming annotation read into a note's fields, before it is anchored to a paragraph."""

    loc: Loc
    iri: str
    body: str
    kind: str = "context"
    by: str = ""
    sources: list[str] = field(default_factory=list)
    targets: list[tuple[str, list[dict]]] = field(default_factory=list)
    """(address of the annotated page, its selectors), for each target."""


def _list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _short(name) -> str:
    """'oa:TextQuoteSelector' and 'http://www.w3.org/ns/oa#commenting' as the JSON terms they stand for."""
    return str(name).rsplit("#", 1)[-1].rsplit(":", 1)[-1]


def _types(value: dict) -> set[str]:
    return {_short(t) for t in _list(value.get("type") or value.get("@type"))}


def _is_hypothesis(value: dict) -> bool:
    return not _types(value) and isinstance(value.get("target"), list) and ("text" in value or "uri" in value)


def _from_hypothesis(row: Located) -> Located:
    """A Hypothesis row as a W3C annotation: text as Markdown, tags as tagging bodies."""
    body = [{"type": "TextualBody", "value": row.get("text") or "", "format": MARKDOWN}]
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in _list(row.get("tags"))]
    targets = [
        {"source": t.get("source") or row.get("uri"),
         "selector": [s for s in _list(t.get("selector")) if isinstance(s, dict) and s.get("type") != "TextPositionSelector"]}
        for t in row["target"] if isinstance(t, dict)
    ]
    return located({"id": (row.get("links") or {}).get("html") or row.get("id", ""), "type": "Annotation", "body": body,
                    "creator": row.get("user") or "", "target": targets}, row.line)


def _annotations(value, shown: str, problems: list[Diagnostic]):
    """Every annotation in a parsed file, whatever shape holds them."""
    if isinstance(value, list):
        for item in value:
            yield from _annotations(item, shown, problems)
        return
    line = getattr(value, "line", 1)
    types = _types(value) if isinstance(value, dict) else set()
    if isinstance(value, dict) and isinstance(value.get("rows"), list):
        yield from _annotations(value["rows"], shown, problems)
    elif types & {"AnnotationCollection", "OrderedCollection", "AnnotationPage", "OrderedCollectionPage"}:
        for key in ("first", "items", "next"):
            part = value.get(key)
            if isinstance(part, str):
                problems.append(Diagnostic(Loc(shown, line), "page-not-included", f"the annotations of page {part} are not in the file",
                                           "download every page of the collection and import the files"))
            elif part is not None:
                yield from _annotations(part, shown, problems)
    elif "Annotation" in types:
        yield value
    elif isinstance(value, dict) and _is_hypothesis(value):
        yield _from_hypothesis(value)
    else:
        problems.append(Diagnostic(Loc(shown, line), "not-an-annotation", "this is neither a W3C Web Annotation nor a Hypothesis row",
                                   "import W3C Web Annotation JSON-LD, or a Hypothesis API export"))


_PREFERENCE = {MARKDOWN: 0, PLAIN: 1, HTML: 2}
"""Which form of a `Choice` becomes the note: its Markdown source if there is one."""


def _as_markdown(value: str, media_type: str) -> str:
    return BeautifulSoup(value, "html.parser").get_text() if media_type == HTML else value


def _read_body(body, draft: Draft, text: list[str]) -> None:
    """Sort one body into the note's text, kind or sources."""
    if isinstance(body, str):
        text.append(f"<{body}>")
        return
    if not isinstance(body, dict):
        return
    if "Choice" in _types(body):
        items = [i for i in _list(body.get("items")) if isinstance(i, dict)]
        preferred = sorted(items, key=lambda i: _PREFERENCE.get(i.get("format"), len(_PREFERENCE)))
        if preferred:
            _read_body(preferred[0], draft, text)
        return
    value, purposes = body.get("value"), {_short(p) for p in _list(body.get("purpose"))}
    if isinstance(value, str):
        if "tagging" in purposes and value in NOTE_KINDS:
            draft.kind = value
        elif "linking" in purposes and value.strip():
            draft.sources.append(value)
        elif "tagging" not in purposes and value.strip():
            text.append(_as_markdown(value, str(body.get("format") or PLAIN)))
    elif isinstance(body.get("id") or body.get("source"), str):
        text.append(f"<{body.get('id') or body.get('source')}>")


def _creator(value) -> str:
    """A handle: the nickname or name of a creator, or the last part of its IRI ('acct:alice@hypothes.is' -> 'alice')."""
    creator = (_list(value) or [""])[0]
    if isinstance(creator, dict):
        creator = creator.get("nickname") or creator.get("name") or creator.get("id") or ""
    creator = str(creator)
    if creator.startswith("acct:"):
        return creator[5:].split("@")[0]
    return creator.rstrip("/").rsplit("/", 1)[-1] if "://" in creator else creator


def _selectors(selectors: list) -> list[dict]:
    """Selectors with short type names, those that refine another one included."""
    flat = []
    for selector in selectors:
        if isinstance(selector, dict):
            flat.append({**selector, "type": _short(selector.get("type", ""))})
            flat += _selectors(_list(selector.get("refinedBy")))
    return flat


def _target(target) -> tuple[str, list[dict]]:
    """(address, selectors) of a target: an IRI, a resource with an `id`, or a SpecificResource."""
    if isinstance(target, dict):
        source = target.get("source") or target.get("id") or ""
        source = str(source.get("id", "") if isinstance(source, dict) else source)
        selectors = _selectors(_list(target.get("selector")))
    else:
        source, selectors = str(target), []
    fragment = urlsplit(source).fragment
    if fragment:  # `…/#p3` names the paragraph as a FragmentSelector would
        selectors.append({"type": "FragmentSelector", "value": fragment})
    return source, selectors


def draft(annotation: Located, shown: str) -> Draft:
    result = Draft(Loc(shown, annotation.line), str(annotation.get("id") or ""), "", by=_creator(annotation.get("creator")))
    motivations = [_short(m) for m in _list(annotation.get("motivation"))]
    result.kind = next((MOTIVATION_KIND[m] for m in motivations if m in MOTIVATION_KIND), "context")
    text: list[str] = [annotation["bodyValue"]] if isinstance(annotation.get("bodyValue"), str) else []
    for body in _list(annotation.get("body")):
        _read_body(body, result, text)
    result.body = "\n\n".join(text)
    result.targets = [_target(t) for t in _list(annotation.get("target"))]
    return result


def read_drafts(path: Path, shown: str, problems: list[Diagnostic]) -> list[Draft]:
    """Every annotation in the file as a draft; what cannot be read is reported at path:line."""
    value = read_json(path, shown, problems)
    return [] if value is None else [draft(a, shown) for a in _annotations(value, shown, problems)]
