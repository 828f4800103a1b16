"""Nothing is dropped silently: for every fixture, the kept text plus the reported text covers the source's visible text.

The visible text is read independently of the importer: BeautifulSoup's
html.parser for pages (without head, scripts, styles and noscript fallbacks),
the file itself for plain text. Every visible character must be found in
what the import keeps (the body, and for plain text the headline, section
and topics it reads into the front matter) or in its report's findings.
Characters are compared without whitespace and case, so the check does not
depend on where either side puts block boundaries. The same holds for random
pages of nested blocks, furniture classes and words in two scripts.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossator.importers import read_source

from conftest import SEED

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = sorted((FIXTURES / "html").glob("*.html")) + sorted((FIXTURES / "text").glob("*.txt")) + [SEED]
NOT_SHOWN = ["head", "script", "style", "noscript", "template", "svg", "iframe"]


def _characters(text: str) -> Counter:
    return Counter("".join(text.casefold().split()))


def _visible(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix != ".html":
        return data.decode("utf-8")
    soup = BeautifulSoup(data, "html.parser")  # decodes by the page's own charset declaration
    for element in soup.find_all(NOT_SHOWN):
        element.decompose()
    return soup.get_text(" ")


def _accounted(path: Path, *, leave_out=None) -> str:
    """The body, the dropped blocks (not the 'kept' findings: those repeat body blocks) and, for text, the header read."""
    editorial = read_source(path)
    leave_out = next((f for f in editorial.findings if f == leave_out), None) if leave_out else None
    parts = [text for _, text in editorial.blocks]
    parts += [finding.text for finding in editorial.findings if finding.action == "dropped" and finding is not leave_out]
    if path.suffix != ".html":
        parts += [editorial.title, editorial.section, *editorial.tags]
    return "\n".join(parts)


def test_the_fixtures_are_all_here():
    assert len([p for p in SOURCES if p.suffix == ".html"]) >= 8 and len([p for p in SOURCES if p.suffix == ".txt"]) >= 6


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_kept_and_reported_text_covers_the_visible_text(path):
    missing = _characters(_visible(path)) - _characters(_accounted(path))
    assert not missing, f"{path.name}: visible but neither kept nor reported: {''.join(sorted(missing.elements()))!r}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_the_check_would_see_a_dropped_block_that_went_unreported(path):
    """The check can fail: leave any one dropped block out of the report and it notices."""
    dropped = [finding for finding in read_source(path).findings if finding.action == "dropped"]
    for finding in dropped:
        assert _characters(_visible(path)) - _characters(_accounted(path, leave_out=finding)), finding


_TAGS = ["div", "p", "section", "article", "main", "aside", "nav", "footer", "header", "figure", "figcaption", "ul", "li",
         "blockquote", "h2", "h3", "span", "a", "b", "em", "table", "td", "form", "button"]
_CLASSES = ["", "content", "article-body", "standfirst", "share-tools", "related", "comments", "byline", "caption",
            "sidebar", "ad-slot", "no-caption", "intro", "nav-drawer", "newsletter"]
_WORDS = ["the", "harbour", "wall", "council", "repair", "said", "cost", "winter", "中美", "经贸", "Photo:", "Xinhua",
          "©", "2025", "Nov", "7,", "Share", "Home", ">>", "—", "“quoted”", "&", "<b>", "*x*"]


@st.composite
def _pages(draw, depth=0):
    """A random page: nested block and inline elements with furniture-ish classes and words in two scripts."""
    children = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        if draw(st.booleans()):
            children.append(html.escape(" ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25)))))
        else:
            tag, cls = draw(st.sampled_from(_TAGS)), draw(st.sampled_from(_CLASSES))
            children.append(f"<{tag} class='{cls}'>{draw(_pages(depth + 1))}</{tag}>" + ("<br><br>" if draw(st.booleans()) else ""))
    return "".join(children)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_pages())
def test_any_page_imports_without_error_and_every_visible_character_is_kept_or_reported(tmp_path_factory, body):
    path = tmp_path_factory.mktemp("page") / "page.html"
    # Its charset declared, as a saved page has it: without one, BeautifulSoup (the visible text's reader here) guesses
    # the encoding of a short page, and may read "©" as two other characters.
    path.write_text(f"<html><head><meta charset='utf-8'><title>T</title></head><body><h1>Headline</h1>{body}</body></html>",
                    encoding="utf-8")
    missing = _characters(_visible(path)) - _characters(_accounted(path))
    assert not missing, "".join(sorted(missing.elements()))
