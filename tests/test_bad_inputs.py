"""Hostile and broken input: every case of tests/bad_inputs/cases.yaml is reported at path:line
with its code and loses no note; XSS payloads in notes and in imported sources come out inert.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Comment

from glossator.importers import import_source
from glossator.importers.html import parse_html
from glossator.project import load_corpus, read_settings
from glossator.render.notes import NoteRenderer
from glossator.render.sanitize import ALLOWED_SCHEMES, ALLOWED_TAGS, sanitize
from glossator.text import normalize_space, slugify

from conftest import SMALL_PAGE as PAGE, SiteFactory, paragraph_texts

BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"


# --- the corpus ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One entry of cases.yaml, laid out under its own editorial slug so that all cases fit in one site."""

    name: str
    files: dict
    expect: tuple[str, ...] = ()
    notes: int = 0
    absent: tuple[str, ...] = ()
    slug: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slug", "case-" + slugify(self.name, max_words=12, max_length=70))

    def fill(self, text: str, root: Path) -> str:
        return text.replace("{slug}", self.slug).replace("{root}", str(root))

    def lay_out(self, root: Path) -> None:
        """The case's editorial page and files under `root`."""
        (root / "docs" / "editorials").mkdir(parents=True, exist_ok=True)
        (root / "docs" / "editorials" / f"{self.slug}.md").write_text(PAGE, encoding="utf-8")
        for name, spec in self.files.items():
            path = root / self.fill(name, root)
            path.parent.mkdir(parents=True, exist_ok=True)
            spec = {"text": spec} if isinstance(spec, str) else spec
            if "symlink" in spec:
                path.symlink_to(self.fill(spec["symlink"], root))
            elif spec.get("directory"):
                path.mkdir()
            else:
                pieces = [spec["text"]] if isinstance(spec["text"], str) else spec["text"]
                text = "".join(piece if isinstance(piece, str) else piece[0] * piece[1] for piece in pieces)
                path.write_bytes(self.fill(text, root).encode(spec.get("encoding", "utf-8")))

    def expected(self, root: Path) -> Counter:
        return Counter(self.fill(entry, root) for entry in self.expect)

    def assert_nothing_ran(self, root: Path) -> None:
        for name in self.absent:
            assert not (root / name).exists(), f"{self.name}: {name} was created while loading"


CASES = [Case(**{**c, "expect": tuple(c.get("expect", ())), "absent": tuple(c.get("absent", ()))})
         for c in yaml.safe_load((BAD_INPUTS / "cases.yaml").read_text(encoding="utf-8"))]
assert len({c.slug for c in CASES}) == len(CASES), "two cases have names that give the same slug"


def _reported(problems) -> Counter:
    return Counter(f"{p.loc} {p.code}" for p in problems)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_reported_at_its_location(tmp_path, case):
    """What the build finds before it writes pages: load every file, render every note."""
    root = tmp_path / "project"
    case.lay_out(root)
    (root / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    corpus, problems = load_corpus(read_settings(root / "mkdocs.yml"))
    renderer = NoteRenderer(problems)
    for note in corpus.notes:
        parts = renderer.render_parts(note, 1)  # what the sanitiser removed is kept with the note, for its page
        problems.extend(parts.problems)
        renderer.render_group([(note, parts)], note.paragraph, set())
    assert _reported(problems) == case.expected(root), [str(p) for p in problems]
    assert sum(note.slug == case.slug for note in corpus.notes) == case.notes
    case.assert_nothing_ran(root)


_MESSAGE = re.compile(r"(?s)(?P<loc>.*?): .* \[(?P<code>[a-z0-9-]+)\](?:\n    hint: .*)?")


def _build_messages(site) -> Counter:
    """The build's warnings and errors as 'path:line code'; anything else is kept whole, to fail loudly."""
    found = Counter()
    for message in site.messages:
        match = _MESSAGE.fullmatch(message)
        found[f"{match['loc']} {match['code']}" if match else message] += 1
    return found


def test_strict_build_reports_every_case_and_loses_no_note(tmp_path):
    """All cases in one site: the build reports exactly what each case expects, and fails.
    With a repository, so that every paragraph gets its annotate link (it crashed on a broken page)."""
    factory = SiteFactory(tmp_path / "project")
    for case in CASES:
        case.lay_out(factory.root)
    site = factory.build(strict=True, repo_url="https://github.com/example/edition")
    expected = sum((case.expected(factory.root) for case in CASES), Counter())
    found = _build_messages(site)
    assert (found - expected, expected - found) == (Counter(), Counter()), "(unexpected, missing)"
    assert site.error is not None
    shown = {case.name: len(site.editorial(case.slug).select(f'.gl-note[data-note-id^="{case.slug}/"]')) for case in CASES}
    assert shown == {case.name: case.notes for case in CASES}
    for case in CASES:
        case.assert_nothing_ran(factory.root)
        assert_notes_inert(site.editorial(case.slug))


# --- what "inert" means --------------------------------------------------------------------------

FORBIDDEN_IN_NOTES = {"script", "iframe", "object", "embed", "svg", "math", "form", "base", "meta", "link", "style", "img"}
CONTRIBUTED = ".gl-note__body *, .gl-note__sources li *"
"""The elements made from contributed text, as opposed to the frame Glossator puts around a note."""
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "cite"}


def scheme(url: str) -> str:
    """The scheme a browser would see: leading controls and spaces, tabs and newlines do not hide it."""
    match = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\t\n\r]", "", url.lstrip("".join(map(chr, range(0x21)))).lower()))
    return match.group(1) if match else ""


def assert_notes_inert(soup: BeautifulSoup) -> int:
    """Nothing in any note can run, load or restyle anything; returns how many notes were checked."""
    notes = soup.select(".gl-note")
    for note in notes:
        where = note.get("data-note-id")
        for element in note.select(CONTRIBUTED):
            assert element.name in ALLOWED_TAGS, (where, str(element))
        for element in note.find_all(True):
            assert element.name not in FORBIDDEN_IN_NOTES, (where, str(element))
            for name, value in element.attrs.items():
                assert not name.startswith("on") and name != "style", (where, str(element))
                if name in _URL_ATTRIBUTES:
                    assert scheme(value) in ALLOWED_SCHEMES | {""}, (where, str(element))
        assert not note.find_all(string=lambda s: isinstance(s, Comment)), where
    return len(notes)


REFERENCE_SLUG = "2026-01-01-reference"
"""An editorial without notes: its inline scripts are the theme's own (they depend on the page's depth)."""


def assert_scripts_are_the_sites_own(site, page: str) -> None:
    """Every <script> of the page is a file of the site or one of the theme's inline scripts."""
    site_dir = site.site_dir.resolve()
    reference = site.editorial(REFERENCE_SLUG).find_all("script")
    theme_inline = {script.get_text() for script in reference if not script.get("src")}
    for script in site.soup(page).find_all("script"):
        assert script.find_parent(class_="gl-note") is None, str(script)
        src = script.get("src")
        if src:
            target = (site_dir / page / src).resolve()
            assert scheme(src) == "" and target.is_relative_to(site_dir) and target.is_file(), src
        else:
            assert script.get_text() in theme_inline, script.get_text()[:200]


# --- XSS payloads in notes -----------------------------------------------------------------------

PAYLOADS = [line for line in (BAD_INPUTS / "xss-payloads.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
PAYLOAD_SLUG = "2026-01-03-payloads"
PAYLOAD_FILE = f"annotations/{PAYLOAD_SLUG}/1.yml"


def lay_out_payloads(factory: SiteFactory) -> None:
    """One note per payload, all on ¶1: the n-th payload is the note on line n."""
    factory.page(PAYLOAD_SLUG, PAGE)
    factory.page(REFERENCE_SLUG, PAGE)
    factory.notes(PAYLOAD_SLUG, "1.yml", "".join(f"- note: {json.dumps(payload)}\n" for payload in PAYLOADS))


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    factory = SiteFactory(tmp_path_factory.mktemp("payloads") / "project")
    lay_out_payloads(factory)
    return factory.build(strict=True)


def test_payload_list_is_substantial():
    assert len(PAYLOADS) >= 30 and len(set(PAYLOADS)) == len(PAYLOADS)


def test_every_payload_note_is_shown_and_inert(payload_site):
    soup = payload_site.editorial(PAYLOAD_SLUG)
    assert [n["data-note-id"] for n in soup.select(".gl-note")] == [f"{PAYLOAD_SLUG}/p1-{i}" for i in range(1, len(PAYLOADS) + 1)]
    assert assert_notes_inert(soup) == len(PAYLOADS)
    assert_scripts_are_the_sites_own(payload_site, f"editorials/{PAYLOAD_SLUG}/")


def test_every_removal_is_reported_at_the_notes_line(payload_site):
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    by_line: dict[str, list[str]] = {}
    for message in payload_site.messages:
        match = _MESSAGE.fullmatch(message)
        assert match and match["code"] == "unsafe-html" and match["loc"].startswith(PAYLOAD_FILE + ":"), message
        by_line.setdefault(match["loc"], []).append(message.split("\n")[0])
    for line, payload in enumerate(PAYLOADS, start=1):
        md.reset()
        _, removed = sanitize(md.convert(payload))
        reported = by_line.pop(f"{PAYLOAD_FILE}:{line}", [])
        assert len(reported) == len(removed) and all(any(c in m for m in reported) for c in removed), (payload, reported)
    assert by_line == {}


def test_payloads_fail_a_strict_build(payload_site):
    assert payload_site.error is not None


# --- XSS payloads in imported sources ------------------------------------------------------------

STRUCTURE = {"div", "p", "blockquote", "ul", "ol", "li", "h2"}
"""What an imported body may consist of; the only link is the paragraph's own ¶ link."""


def _text_source() -> str:
    return "Hostile text\n\n" + "\n\n".join(PAYLOADS) + "\n"


def _html_source() -> str:
    paragraphs = "".join(f"<p>{escape(payload)}</p>\n" for payload in PAYLOADS)
    return f"<!doctype html><html><head><title>Hostile text</title></head><body><article><h1>Hostile text</h1>\n{paragraphs}</article></body></html>"


def _import_and_build(project, path: Path):
    """Import one source into the fixture project and build it strictly: (site, page path of the editorial)."""
    project.page(REFERENCE_SLUG, PAGE)
    outcome = import_source(path, project.root / "docs" / "editorials", accept_truncated=True)  # payloads are not sentences
    assert outcome.status == "written", outcome.problem
    site = project.build(strict=True)
    assert site.error is None, site.messages
    return site, f"editorials/{outcome.page.stem}/"


def assert_only_structure(soup: BeautifulSoup) -> None:
    """Every numbered block is plain structure: no element or attribute from the source."""
    for block in soup.select(".gl-para"):
        for element in block.find_all(True):
            assert element.name in STRUCTURE or "gl-pilcrow" in element.get("class", []), str(element)
            assert not any(name.startswith("on") or name == "style" for name in element.attrs), str(element)


@pytest.mark.parametrize("suffix,source", [(".txt", _text_source), (".html", _html_source)], ids=["text", "html"])
def test_imported_payloads_are_published_as_text(project, tmp_path, suffix, source):
    """Source text that looks like HTML is escaped: shown literally, never markup, nothing to sanitise."""
    path = tmp_path / f"hostile{suffix}"
    path.write_text(source(), encoding="utf-8")
    site, page = _import_and_build(project, path)
    assert list(paragraph_texts(site.soup(page)).values()) == [normalize_space(p) for p in PAYLOADS]
    assert_only_structure(site.soup(page))
    assert_scripts_are_the_sites_own(site, page)


def test_imported_html_markup_never_reaches_the_page(project, tmp_path):
    """Raw payloads in a saved page: only their text is taken, and the page stays inert."""
    body = "".join(f"<p>Paragraph {i}: {payload}</p>\n" for i, payload in enumerate(PAYLOADS))
    path = tmp_path / "raw.html"
    path.write_text(f"<html><body><article><h1>Raw markup</h1>{body}</article></body></html>", encoding="utf-8")
    site, page = _import_and_build(project, path)
    assert_only_structure(site.soup(page))
    assert_scripts_are_the_sites_own(site, page)


@pytest.mark.parametrize("canonical,saved_from,expected", [
    ("javascript:alert(1)", "", ""),
    (" JaVaScRiPt:alert(1)", "https://news.example/saved", "https://news.example/saved"),
    ("data:text/html,<script>alert(1)</script>", "", ""),
    ("/2026/01/02/article", "https://news.example/saved", "https://news.example/2026/01/02/article"),
    ("https://news.example/a", "", "https://news.example/a"),
])
def test_imported_source_url_is_only_ever_http(canonical, saved_from, expected):
    """The header links to it, so a saved page must not be able to make it a javascript: link."""
    page = (f'<html><head><link rel="canonical" href="{escape(canonical)}"></head>'
            f"<body><article><h1>T</h1><p>{'Text. ' * 30}</p></article></body></html>")
    assert parse_html(page, url=saved_from).source_url == expected
