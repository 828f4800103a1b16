"""The HTML article importer: fixture pages in the shapes outlets publish, and the rules that keep boilerplate out.

The fixtures: a Global Times-like page (body as text<br><br>text), a NewsArticle
with JSON-LD, plain divs, an opinion column whose standfirst sits outside the
body, a magazine piece with a dek and an intro paragraph in the article header,
a Chinese commentary page saved as GBK (full-width punctuation, a 2025年11月07日
dateline, 来源), a script-rendered page whose text is only in its JSON-LD
articleBody, and a WordPress post with captions, sharing, related posts and
comments. Each `.expected.json` holds the fields and the report's findings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from glossator.importers.html import parse_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGES = ["globaltimes_like", "newsarticle_jsonld", "plain_divs", "standfirst_column", "magazine_lede",
         "chinese_commentary", "jsonld_script_rendered", "blog_comments"]
FIELDS = ["title", "date", "source", "byline", "section", "tags", "source_url", "blocks", "findings"]
SENTINELS = ["SCRIPT_", "STYLE_", "SHARE_", "RELATED_", "CAPTION_", "NEWSLETTER_", "COMMENT_", "FOOTER_", "NOSCRIPT_"]
BOILERPLATE_TEXT = ["Share on Facebook", "RELATED ARTICLES", "Most read", "Sign up", "Comments", "Filed under"]

FILLER = "This sentence only pads the paragraph so that it reads like a real one in an article body."


def _parsed(name: str):
    return parse_html((FIXTURES / f"{name}.html").read_bytes())


def _all_text(editorial) -> str:
    return "\n".join(text for _, text in editorial.blocks)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("field", FIELDS)
def test_fixture_field_matches_expected(name, field):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    actual = getattr(_parsed(name), field)
    if field == "blocks":
        actual = [list(block) for block in actual]
    if field == "findings":
        actual = [[finding.action, finding.reason] for finding in actual]
    assert actual == expected[field]


@pytest.mark.parametrize("name", PAGES)
def test_fixtures_stay_small(name):
    assert (FIXTURES / f"{name}.html").stat().st_size < 8 * 1024


def test_every_sentinel_is_planted_in_some_fixture():
    pages = "".join((FIXTURES / f"{name}.html").read_bytes().decode("utf-8", "replace") for name in PAGES)
    assert all(sentinel + "SENTINEL" in pages for sentinel in SENTINELS)


@pytest.mark.parametrize("name", PAGES)
def test_boilerplate_never_reaches_the_blocks(name):
    text = _all_text(_parsed(name))
    assert "SENTINEL" not in text
    assert not [phrase for phrase in BOILERPLATE_TEXT if phrase in text]


@pytest.mark.parametrize("name", PAGES)
def test_blocks_are_text_without_markup(name):
    editorial = _parsed(name)
    for kind, text in editorial.blocks:
        assert kind in {"paragraph", "heading", "quote", "list"}
        assert not re.search(r"</?[A-Za-z!]", text), text
        assert not re.search(r"&(?:[a-z]+|#\d+);", text), text
        assert "\u00a0" not in text and text == text.strip()


@pytest.mark.parametrize("name", PAGES)
def test_headline_byline_and_dateline_are_not_body_paragraphs(name):
    editorial = _parsed(name)
    texts = [text for _, text in editorial.blocks]
    assert editorial.title not in texts
    assert editorial.byline not in texts and f"By {editorial.byline}" not in texts
    assert not [text for text in texts if text.startswith(("Published", "Posted"))]


def test_double_br_separates_paragraphs_and_single_br_is_a_space():
    page = f"<html><body><div>{FILLER}<br><br>Second<br>line {FILLER}<br/>\n  <br />Third {FILLER}</div></body></html>"
    assert parse_html(page).blocks == [
        ("paragraph", FILLER),
        ("paragraph", f"Second line {FILLER}"),
        ("paragraph", f"Third {FILLER}"),
    ]


def test_page_without_a_body_has_no_blocks():
    page = (
        "<html><head><title>Page not found</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<div class='menu'><a href='/a'>Opinion</a> | <a href='/b'>Sport</a></div>"
        "<p>Sorry, this page does not exist.</p><footer>© Outlet</footer></body></html>"
    )
    editorial = parse_html(page)
    assert editorial.blocks == []
    assert editorial.title == "Page not found"


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "not html at all", "<p>unclosed <b>markup"])
def test_degenerate_input_does_not_raise(page):
    assert parse_html(page).blocks == []


def test_caller_gives_outlet_name_and_address_when_the_page_does_not():
    page = f"<title>Harbour news | Harbour Ledger</title><div><p>{FILLER}</p><p>{FILLER}</p></div>"
    editorial = parse_html(page, source_name="Harbour Ledger", url="https://ledger.example/a/1")
    assert (editorial.title, editorial.source, editorial.source_url) == (
        "Harbour news",
        "Harbour Ledger",
        "https://ledger.example/a/1",
    )


def test_relative_canonical_is_resolved_against_the_page_address():
    page = f'<link rel="canonical" href="/opinion/1"><article><p>{FILLER}</p><p>{FILLER}</p></article>'
    assert parse_html(page, url="https://outlet.example/x?y=1").source_url == "https://outlet.example/opinion/1"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2025-11-07">', "2025-11-07"),
        ('<meta property="article:published_time" content="2025-11-07T01:27:00.000Z">', "2025-11-07T01:27:00+00:00"),
        ("<span itemprop='datePublished' content='2025-11-07T09:27+08:00'>7 Nov</span>", "2025-11-07T09:27:00+08:00"),
        ('<time datetime="2025-11-07T09:27+0800">Friday</time>', "2025-11-07T09:27:00+08:00"),
        ("<span>Published: 7 November 2025</span>", "2025-11-07"),
        ("<span>Posted on Nov. 7, 2025 at 9:05 pm</span>", "2025-11-07T21:05:00"),
    ],
)
def test_dates_keep_the_precision_the_page_gives(head, expected):
    assert parse_html(f"<html><body>{head}<p>Text</p></body></html>").date == expected


def test_the_article_with_most_text_wins_over_teaser_cards():
    teaser = "<article><h2><a href='/t'>Teaser</a></h2><p>A short teaser for another story entirely.</p></article>"
    main = f"<article><h1>Headline</h1><p>{FILLER} One.</p><p>{FILLER} Two.</p></article>"
    blocks = parse_html(f"<body>{teaser}{main}{teaser}</body>").blocks
    assert blocks == [("paragraph", f"{FILLER} One."), ("paragraph", f"{FILLER} Two.")]


def test_class_words_match_whole_words_only():
    page = (
        f"<body><div class='commentary-body'><p>{FILLER}</p><p>{FILLER}</p></div>"
        "<div class='comments'><p>COMMENT_SENTINEL a reader's comment with some length to it.</p></div></body>"
    )
    blocks = parse_html(page).blocks
    assert blocks == [("paragraph", FILLER), ("paragraph", FILLER)]


def test_byline_from_json_ld_person_and_class_markup():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Jo Lee"}}</script>'
    assert parse_html(ld).byline == "Jo Lee"
    assert parse_html("<div class='article-byline'>By <a href='/jo'>Jo Lee</a></div>").byline == "Jo Lee"
    assert parse_html("<div class='byline'>" + FILLER * 2 + "</div>").byline == ""


def test_malformed_json_ld_is_ignored():
    page = '<script type="application/ld+json">{"@type": "NewsArticle", </script><h1>Fallback title</h1>'
    assert parse_html(page).title == "Fallback title"


@pytest.mark.parametrize("lead_markup", [
    "<header><h1>Headline</h1><p class='standfirst'>{lead}</p></header>",
    "<h1>Headline</h1><div class='article-intro'><p>{lead}</p></div>",
])
def test_a_standfirst_outside_the_declared_body_is_kept_as_the_lead_and_reported(lead_markup):
    lead = f"Standfirst outside the body. {FILLER}"
    paragraphs = [FILLER, f"{FILLER} More.", f"{FILLER} End."]
    body = "<div itemprop='articleBody'>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</div>"
    editorial = parse_html(f"<html><body><article>{lead_markup.format(lead=lead)}{body}</article></body></html>")
    assert editorial.blocks == [("paragraph", text) for text in [lead, *paragraphs]]
    assert [(f.action, f.reason, f.text) for f in editorial.findings] == [
        ("dropped", "headline", "Headline"),
        ("kept", "lead outside the article body", lead),
    ]


def test_unclosed_inline_tags_nested_deep_do_not_exhaust_the_stack():
    page = "<div>" + "<font>" * 5000 + f"{FILLER}<br><br>{FILLER}</div>"
    assert parse_html(page).blocks == [("paragraph", FILLER), ("paragraph", FILLER)]


def test_a_chinese_page_keeps_its_full_width_punctuation_and_its_dateline():
    editorial = _parsed("chinese_commentary")
    assert (editorial.date, editorial.source) == ("2025-11-07T08:30:00", "光明日报")
    first = editorial.paragraph_texts[0]
    assert first.startswith("近日，中美双方先后发布公告，") and first.endswith("“你退一步、我让一步”的技术性拉锯？")
    assert all(not text.startswith("\u3000") for text in editorial.paragraph_texts)  # indentation, not text


def test_text_only_in_json_ld_is_imported_and_said_so():
    editorial = _parsed("jsonld_script_rendered")
    assert len(editorial.paragraph_texts) == 3
    assert editorial.paragraph_texts[0].startswith("Ask where a teenager can sit")
    assert [f.reason for f in editorial.findings if f.action == "kept"] == [
        "from the page's JSON-LD articleBody: no body was found in the page itself"]


def test_a_block_the_page_hides_is_dropped_as_hidden():
    page = (f"<html><body><article><h1>T</h1><p>{FILLER} One.</p><p aria-hidden='true'>{FILLER} Pull quote.</p>"
            f"<p>{FILLER} Two.</p><p>{FILLER} Three.</p></article></body></html>")
    editorial = parse_html(page)
    assert f"{FILLER} Pull quote." not in editorial.paragraph_texts
    assert ("dropped", "hidden", f"{FILLER} Pull quote.") in [(f.action, f.reason, f.text) for f in editorial.findings]


def test_text_between_kept_blocks_is_kept_when_nothing_marks_it_as_furniture():
    """What the extractor leaves out inside the body is kept and reported, not dropped: here, a one-line aside."""
    paragraphs = [f"{FILLER} Number {n}." for n in range(4)]
    page = ("<html><body><article><h1>T</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs[:2])
            + "<p>x = 2</p>" + "".join(f"<p>{p}</p>" for p in paragraphs[2:]) + "</article></body></html>")
    editorial = parse_html(page)
    assert editorial.paragraph_texts == [*paragraphs[:2], "x = 2", *paragraphs[2:]]


@pytest.mark.parametrize(("markup", "reason"), [
    ("<nav><p>X</p></nav>", "navigation"),
    ("<div class='share-tools'><p>X</p></div>", "share buttons"),
    ("<div class='commentary'><p>X</p></div>", ""),  # whole words only
    ("<div class='no-caption image_hit'><p>X</p></div>", ""),  # 'no-caption' says there is none
    ("<div class='nav-drawer'><main><p>X</p></main></div>", ""),  # content inside a layout's navigation drawer
    ("<div style='display: none'><p>X</p></div>", "hidden"),
    ("<article><header><p>X</p></header></article>", "article header"),
    ("<header><p>X</p></header>", "header"),
    ("<div class='ArticleDek'><p>X</p></div>", "standfirst"),
])
def test_each_block_carries_the_furniture_it_sits_in(markup, reason):
    from glossator.importers.html import _parse
    from glossator.importers.page import page_blocks

    blocks = page_blocks(_parse(f"<html><body>{markup}</body></html>"))
    assert [(block.text, block.reason) for block in blocks] == [("X", reason)]


def test_prose_in_a_sidebar_or_comment_box_is_never_the_article():
    paragraphs = [f"{FILLER} Number {n}." for n in range(4)]
    boxes = (f"<aside><p>{FILLER} In a sidebar.</p></aside>"
             f"<div class='comments'><p>{FILLER} A reader's comment.</p></div>")
    page = ("<html><body><article><h1>T</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs[:2]) + boxes
            + "".join(f"<p>{p}</p>" for p in paragraphs[2:]) + "</article></body></html>")
    editorial = parse_html(page)
    assert editorial.paragraph_texts == paragraphs
    dropped = [(f.reason, f.text) for f in editorial.findings if f.action == "dropped"]
    assert ("aside", f"{FILLER} In a sidebar.") in dropped and ("comments", f"{FILLER} A reader's comment.") in dropped


@pytest.mark.parametrize("dateline", [
    "AFP 30 avril 2015 à 07:19 (Mis à jour : 30 avril 2015 à 07:38)",
    "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin Untersinger",
])
def test_a_dateline_under_the_headline_is_not_taken_for_the_lead(dateline):
    lead = f"The opening sentence of the article, in a box of its own. {FILLER}"
    paragraphs = [f"{FILLER} Number {n}." for n in range(3)]
    page = (f"<html><body><article><h1>Headline</h1><div class='meta'>{dateline}</div><div class='chapo'>{lead}</div>"
            "<div itemprop='articleBody'>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></article></body></html>")
    editorial = parse_html(page)
    assert editorial.paragraph_texts == [lead, *paragraphs]
    assert ("dropped", "date line", dateline) in [(f.action, f.reason, f.text) for f in editorial.findings]


def test_a_layout_named_for_its_sidebar_around_the_headline_is_not_furniture_and_an_intro_in_a_form_is_the_form():
    from glossator.importers.html import _parse
    from glossator.importers.page import page_blocks

    markup = ("<div class='panel-two-col-sidebar-right'><h1>H</h1><p>X</p>"
              "<form class='abuse-form'><div class='intro'>Sorry you did not like this comment.</div></form></div>")
    blocks = page_blocks(_parse(f"<html><body>{markup}</body></html>"))
    assert [(block.text, block.reason) for block in blocks] == [
        ("H", "headline"), ("X", ""), ("Sorry you did not like this comment.", "form")]


def test_the_json_ld_article_body_is_a_cross_check_that_warns_of_text_the_import_lacks():
    paragraphs = [f"{FILLER} Number {n}." for n in range(3)]
    behind_paywall = "This last sentence is only in the structured data because the page shows subscribers the rest."
    ld = json.dumps({"@type": "NewsArticle", "articleBody": "\n".join([*paragraphs, behind_paywall])})
    def page(shown):
        return (f"<html><head><script type='application/ld+json'>{ld}</script></head><body><article><h1>T</h1>"
                + "".join(f"<p>{p}</p>" for p in shown) + "</article></body></html>")

    editorial = parse_html(page(paragraphs))
    assert editorial.paragraph_texts == paragraphs  # never taken from the JSON while the page has a body
    warnings = [f for f in editorial.findings if f.action == "warning"]
    assert [(f.reason, f.text) for f in warnings] == [("JSON-LD cross-check",
        f"1 sentence(s) of the page's JSON-LD articleBody are not in the import, the first: “{behind_paywall}”")]
    assert not [f for f in parse_html(page([*paragraphs, behind_paywall])).findings if f.action == "warning"]


def test_a_paragraph_repeated_word_for_word_and_a_short_last_one_are_kept():
    """Extractors drop repeated text and short last lines; the publisher's page has them, so the edition does."""
    paragraphs = [f"{FILLER} Number {n}." for n in range(3)]
    body = [paragraphs[0], paragraphs[1], paragraphs[0], paragraphs[2], paragraphs[0], "Clearly, yes."]
    page = "<html><body><article><h1>T</h1><div>" + "".join(f"<p>{p}</p>" for p in body) + "</div></article></body></html>"
    assert parse_html(page).paragraph_texts == body


def test_a_sub_list_of_links_under_a_kept_item_is_part_of_the_item():
    """A changelog's 'In progress:' item lists its bug reports as links: text of the article, not a link list."""
    items = [f"{FILLER} Item {n}." for n in range(3)]
    sub = ["Bug 101 – the window moves when the source changes", "Bug 102 – count how often it is used"]
    nested = "<ul>" + "".join(f'<li><a href="https://bugs.example/{n}">{text}</a></li>' for n, text in enumerate(sub)) + "</ul>"
    page = ("<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/blog'>Blog</a></li></ul></nav>"
            f"<article><h1>T</h1><p>{FILLER}</p><ul><li>{items[0]}</li><li>{items[1]}</li><li>In progress:{nested}</li>"
            f"<li>{items[2]}</li></ul><p>{FILLER} The end.</p></article></body></html>")
    editorial = parse_html(page)
    text = "\n".join(editorial.paragraph_texts)
    assert all(line in text for line in sub), editorial.paragraph_texts
    assert text.index("In progress:") < text.index(sub[0]) < text.index(sub[1]) < text.index(items[2])
    assert "Home" not in text
