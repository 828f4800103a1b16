"""Properties over generated input: published text round-trips through the importer and the site's
Markdown, sanitised HTML never holds an executable construct, and loading never crashes.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Comment
from hypothesis import given, settings
from hypothesis import strategies as st

from glossator.importers.base import SourceEditorial, render_page
from glossator.load.annotations import load_note_file
from glossator.load.editorials import parse_blocks, split_front_matter
from glossator.model import Loc
from glossator.render.notes import PLAIN_SOURCE, NoteRenderer
from glossator.render.paragraphs import find_words
from glossator.render.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_CLASSES, ALLOWED_SCHEMES, ALLOWED_TAGS, markup_text, sanitize
from glossator.search import html_text
from glossator.text import escape_markdown, normalize_space
from glossator.validate import _PLAIN_LINK

from conftest import ROOT
from test_bad_inputs import scheme

pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")
settings.register_profile("glossator", database=None, deadline=None, max_examples=400)
settings.load_profile("glossator")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml without MkDocs: its tags (!ENV, !!python/name) do not matter here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_markdown() -> markdown.Markdown:
    """A Markdown instance with the extensions of the site's mkdocs.yml, configured as there."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    entries = [entry if isinstance(entry, dict) else {entry: None} for entry in config["markdown_extensions"]]
    names = [name for entry in entries for name in entry]
    assert {"attr_list", "md_in_html", "toc", "abbr", "admonition", "pymdownx.details", "pymdownx.superfences"} <= set(names)
    return markdown.Markdown(extensions=names, extension_configs={k: v for e in entries for k, v in e.items() if v})


SITE_MARKDOWN = site_markdown()

# --- published text ------------------------------------------------------------------------------

MARKDOWN_SYNTAX = [
    *"\\`*_{}[]()!<>&#+-=|:.;'\"~^$%@ \t\n", "1.", "1)", "- ", "* ", "> ", "```", "~~~", "---", "===", "???+ note",
    "!!! note", "<!--", "-->", "&amp;", "&#124;", "{: .x}", "{#id}", "*[HTML]: x", "[^1]", "[TOC]", "<div markdown>",
    "</div>", "<https://x.example>", "\u00a0", "\u200b", "\x02", "\x03", "\r\n", "\u2028", "\ufeff", "a", "Z", "0", "é", "中",
]
published_text = st.one_of(st.text(), st.lists(st.sampled_from(MARKDOWN_SYNTAX), max_size=24).map("".join)).filter(normalize_space)
"""Any text, and text dense in Markdown syntax; only text that is nothing but whitespace is left out."""


@given(st.lists(published_text, min_size=1, max_size=5))
def test_imported_paragraphs_read_back_as_published(texts):
    """render_page, then parse_blocks (what `check` and the build number): the same paragraphs."""
    page = render_page(SourceEditorial(title="T", blocks=[("paragraph", text) for text in texts]))
    _, body, first_line = split_front_matter(page)
    blocks = parse_blocks(body, "page.md", first_line)
    assert [(b.kind, b.number, b.text) for b in blocks] == [("paragraph", n, normalize_space(t)) for n, t in enumerate(texts, 1)]


@given(published_text)
def test_escaped_text_renders_as_itself(text):
    """The site's Markdown shows an escaped paragraph literally: one <p>, no markup, the same text."""
    SITE_MARKDOWN.reset()
    soup = BeautifulSoup(SITE_MARKDOWN.convert(escape_markdown(normalize_space(text))), "html.parser")
    assert [element.name for element in soup.find_all(True)] == ["p"], str(soup)
    assert normalize_space(soup.p.get_text()) == normalize_space(text)


# --- sanitised HTML ------------------------------------------------------------------------------

HTML_PIECES = [
    "<", ">", "</", "/>", "/", "=", '"', "'", "`", " ", "\n", "\t", "&", ";", "#", "!", "?", "-", "--",
    "<a ", "<p>", "</p>", "<b>", "</b>", "<q ", "<abbr ", "<ul><li>", "<pre><code>", "<br/>", "</a>",
    "<script>", "</script>", "<svg>", "<svg/onload=alert(1)>", "<math>", "<img ", "<iframe ", "<object ", "<embed ",
    "<form ", "<base ", "<meta ", "<link ", "<style>", "<noscript>", "<template>", "<textarea>", "<title>", "<xmp>",
    "<table>", "<select>", "<details ", "<!--", "-->", "<![CDATA[", "]]>", "<?", "<!DOCTYPE html>",
    "href=", "src=", "xlink:href=", "formaction=", "action=", "srcdoc=", "style=", "class=", "title=", "cite=",
    "onclick=", "onerror=", "onload=", "ONMOUSEOVER=", "id=", "rel=",
    "javascript:", "JaVaScRiPt:", "java&#x09;script:", "&#106;avascript:", "jav\tascript:", " javascript:",
    "&#1;javascript:", "data:text/html,", "vbscript:", "http:", "https://x.example/", "mailto:a@x.example", "//x.example",
    "alert(1)", "gl-term", "&#2;", "&#0;", "&#x80;", "\x00", "\x0b", "&amp;", "&lt;", "&quot;", "x", "é",
]
html_ish = st.lists(st.sampled_from(HTML_PIECES), max_size=30).map("".join)
_OUTPUT_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Content(HTMLParser):
    """Elements (with their attributes, rel aside) and text, decoded by HTML5 rules (BeautifulSoup reads '&gl-' as '≷-')."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        self.elements[(tag, str(sorted((k, v) for k, v in attrs if k != "rel")))] += 1

    def handle_data(self, data) -> None:
        self.text.append(data)


def _content(html: str) -> tuple[Counter, str]:
    content = _Content(html)
    return content.elements, re.sub(r"\s+", "", "".join(content.text))


def _survives(html: str, cleaned: str) -> bool:
    """Every element and all the text of `html` are in `cleaned`; parsers may add elements (a stray </p> makes a <p>)."""
    (before, text_before), (after, text_after) = _content(html), _content(cleaned)
    return not before - after and text_before == text_after


@given(html_ish)
def test_sanitised_html_holds_nothing_executable(html):
    clean, _ = sanitize(html)
    assert _survives(clean, sanitize(clean)[0])  # a browser-grade parser finds nothing more to remove
    assert not _OUTPUT_CONTROL.search(clean)
    soup = BeautifulSoup(clean, "html.parser")
    assert not soup.find_all(string=lambda s: isinstance(s, Comment))
    for element in soup.find_all(True):
        assert element.name in ALLOWED_TAGS, clean
        for name, value in element.attrs.items():
            if name == "class":
                assert set(value) <= ALLOWED_CLASSES.get(element.name, set()), clean
            else:
                assert name in ALLOWED_ATTRIBUTES.get(element.name, set()) | ({"rel"} if element.name == "a" else set()), clean
            if name == "href":
                assert scheme(value) in ALLOWED_SCHEMES | {""}, clean


@given(html_ish)
def test_nothing_is_removed_silently(html):
    clean, removed = sanitize(html)
    assert removed or _survives(html, clean), clean


# --- loading -------------------------------------------------------------------------------------

YAML_PIECES = [
    "- ", "note: ", "kind: ", "sources:\n  - ", "quote: ", ":", "\n", "  ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: ",
    "!!python/object/apply:os.system ", "!!int ", "!!binary ", "!x ", "? ", "|\n  ", ">-\n  ", "'", '"', "\\x02", "\\u202e",
    "#", "---\n", "...\n", "%TAG ! tag:x,2000:\n", "2025-13-45", "1e999", "9" * 5000, "~", "=", "\t", "yes", "\ufeff",
    "\x85", "\u2028", "\r\n", "\r", "é", "<script>",
]


@given(st.one_of(st.binary(max_size=200), st.lists(st.sampled_from(YAML_PIECES), max_size=30).map(lambda p: "".join(p).encode())))
def test_any_note_file_loads_or_is_reported_never_crashes(data):
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "1.yml"
        path.write_bytes(data)
        notes = load_note_file(path, "annotations/x/1.yml", "x", 1, problems)
    assert all(p.loc.path == "annotations/x/1.yml" and p.loc.line and p.loc.line >= 1 for p in problems), problems
    assert all(isinstance(note.body, str) and note.body.strip() for note in notes)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(_PLAIN_LINK, fullmatch=True))
def test_a_source_check_skips_never_loses_markup(source):
    """`check` does not render plain-link sources; rendering one must indeed remove nothing."""
    problems: list = []
    NoteRenderer(problems).markdown_inline_html(source, Loc("x.yml", 1))
    assert problems == []


@settings(max_examples=500, deadline=None)
@given(st.from_regex(PLAIN_SOURCE, fullmatch=True))
def test_a_plain_source_renders_as_markdown_and_the_sanitiser_would(source):
    """The build writes plain sources directly: exactly what the long way gives, and nothing reported."""
    problems: list = []
    renderer = NoteRenderer(problems)
    assert renderer.inline_html(source, Loc("x.yml", 1)) == renderer.markdown_inline_html(source, Loc("x.yml", 1))
    assert problems == []


@given(html_ish)
def test_the_text_of_sanitised_html_is_what_a_parser_reads(html):
    """markup_text (a regular expression) reads the sanitiser's output as Python's HTML parser does."""
    clean, _ = sanitize(html)
    text = _Content(clean).text
    assert markup_text(clean) == "".join(text)
    assert html_text(clean) == normalize_space(" ".join(text))


# --- quotes --------------------------------------------------------------------------------------

QUOTE_PIECES = ["a", "b", "ab", " ", "  ", "\n", "\t", "\u00a0", "\u200b", ".", "é", "中", "(", "*", "\\"]


@given(st.lists(st.sampled_from(QUOTE_PIECES), max_size=20).map("".join),
       st.lists(st.sampled_from(QUOTE_PIECES), min_size=1, max_size=6).map("".join))
def test_a_quote_is_found_where_a_whitespace_tolerant_pattern_finds_it(text, quote):
    """find_words searches plain text without a pattern when it can: always the pattern's first match."""
    pattern = r"\s+".join(re.escape(word) for word in normalize_space(quote).split(" "))
    match = re.search(pattern, text)
    assert find_words(text, quote) == (match.span() if match else None)
