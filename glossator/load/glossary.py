"""docs/glossary/<slug>.md -> Term, and the checks that span the whole glossary."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Loc, Term
from .editorials import split_front_matter
from .source import read_text
from .yamlnodes import YamlMap, parse_yaml

TERM_KEYS = ("term", "summary", "aliases", "pinyin", "see_also", "sources", "title", "hide")


def alias_key(text: str) -> str:
    """Two spellings that a reader cannot tell apart compare equal (case, width, spacing)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _string_list(meta: YamlMap, key: str, shown: str, problems: list[Diagnostic]) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(Diagnostic(Loc(shown, meta.line_of(key)), "wrong-type", f"`{key}` must be a list of text",
                                   "write each entry on its own line starting with '- '"))
        return []
    items = []
    for item, line in zip(value, getattr(value, "item_lines", [meta.line_of(key)] * len(value))):
        if not isinstance(item, str) or not item.strip():
            problems.append(Diagnostic(Loc(shown, line), "blank-entry", f"an entry of `{key}` is empty or not text",
                                       "remove the empty entry, or quote a value YAML reads as a number or true/false"))
            continue
        items.append(item.strip())
    return items


def load_term(path: Path, shown: str, problems: list[Diagnostic]) -> Term | None:
    text = read_text(path, shown, problems)
    return None if text is None else parse_term(text, path.stem, shown, problems)


def parse_term(text: str, slug: str, shown: str, problems: list[Diagnostic]) -> Term | None:
    """A glossary page's text -> Term (None if it has no usable front matter); pure, like parse_editorial."""
    front, body, body_line = split_front_matter(text)
    meta = parse_yaml(front, shown, problems, first_line=2) if front and front.strip() else None
    if not isinstance(meta, YamlMap):
        if not (front or "").strip() or meta is not None:
            problems.append(Diagnostic(Loc(shown, 1), "no-front-matter", "a glossary page needs front matter with `term` and `summary`",
                                       "start the file with ---, then `term:` and `summary:` lines, then ---"))
        return None
    ok = True
    for key in meta:
        if key not in TERM_KEYS:
            problems.append(Diagnostic(Loc(shown, meta.line_of(key)), "unknown-key", f"unknown key `{key}` in a glossary page",
                                       f"allowed keys: {', '.join(TERM_KEYS[:6])}"))
    for key in ("term", "summary"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            ok = False
            problems.append(Diagnostic(Loc(shown, meta.line_of(key)), f"missing-{key}", f"the glossary page needs a non-empty `{key}`",
                                       f"add `{key}: …` to the front matter"))
    lists = {key: _string_list(meta, key, shown, problems) for key in ("aliases", "pinyin", "see_also", "sources")}
    if not ok:
        return None
    return Term(slug=slug, term=meta["term"].strip(), summary=" ".join(meta["summary"].split()), loc=Loc(shown, 1),
                body=body, body_line=body_line, field_lines=dict(meta.key_lines), **lists)


def _scripts(text: str) -> set[str]:
    """The alphabetic scripts of a spelling's letters: 'LATIN', 'CYRILLIC', 'GREEK', 'CJK', ..."""
    return {unicodedata.name(c, "?").split(" ")[0] for c in text if c.isalpha()}


def check_glossary(terms: dict[str, Term]) -> list[Diagnostic]:
    """Problems between terms: unknown see_also, two terms claiming one spelling, look-alike letters."""
    problems = []
    owners: dict[str, Term] = {}
    for term in terms.values():
        for form in term.forms:
            if {"LATIN", "CYRILLIC", "GREEK"} & _scripts(form) and len({"LATIN", "CYRILLIC", "GREEK"} & _scripts(form)) > 1:
                problems.append(Diagnostic(term.loc_of("aliases"), "mixed-script",
                                           f"{form!r} mixes letters of different alphabets ({', '.join(sorted(_scripts(form)))})",
                                           "retype the spelling: a look-alike letter (Cyrillic а for Latin a) never matches the text"))
        for other in term.see_also:
            if other not in terms:
                problems.append(Diagnostic(term.loc_of("see_also"), "unknown-term", f"`see_also` names {other!r}, which is not a glossary term",
                                           "use the file name of a page in docs/glossary/ without .md"))
        for form in dict.fromkeys(alias_key(f) for f in term.forms):
            first = owners.setdefault(form, term)
            if first is not term:
                # Blame the term that has the spelling as an alias, not as its own name.
                blamed, other = (first, term) if alias_key(first.term) != form and alias_key(term.term) == form else (term, first)
                problems.append(Diagnostic(blamed.loc_of("aliases"), "duplicate-alias",
                                           f"{form!r} is claimed by both {blamed.term!r} and {other.term!r} ({other.loc.path})",
                                           "keep the spelling on one term only; link the other with see_also"))
    return problems
