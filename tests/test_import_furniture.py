"""Furniture by its wording, shared by both importers: each rule matches what it names and never a sentence."""

from __future__ import annotations

import pytest

from glossator.importers.furniture import furniture_kind, is_prose

LONG_CAPTION = ("Israeli Prime Minister Benjamin Netanyahu reacts as he visits the Western Wall in Jerusalem on March 18 "
                "following his party's victory in Israel's general election. (Thomas Coex/AFP/Getty Images)")


@pytest.mark.parametrize(("line", "kind"), [
    ("Photo: Xinhua", "caption"),
    ("The harbour at dawn. Photo: Xinhua", "caption"),
    ("(Photo: AFP)", "caption"),
    ("Photo by Jo Lee/Reuters", "caption"),
    ("Illustration: Chen Xia/GT", "caption"),
    (LONG_CAPTION, "caption"),  # a credit ends a caption however long it is
    ("（图/新华社）", "caption"),
    ("[责任编辑：王小明]", "credit"),
    ("Editor: Jo Lee", "credit"),
    ("IMG_2231.JPG", "image file name"),
    ("Home >> Opinion >> Editorial", "navigation"),
    ("首页 > 时评", "navigation"),
    ("Back to top", "navigation"),
    ("Go to home page", "navigation"),
    ("font size: A+ A-", "navigation"),
    ("© 2025 Global Times", "copyright"),
    ("Copyright 2025 by Global Times. All rights reserved.", "copyright"),
    ("光明网版权所有", "copyright"),
    ("Share this article: Facebook Twitter", "share prompt"),
    ("分享到：微博 微信", "share prompt"),
    ("Advertisement", "advertising"),
    ("Read more: The forgotten emergencies", "related links"),
    ("12 comments", "comments"),
    ("Sign up for our newsletter", "newsletter"),
])
def test_furniture_is_named_by_what_it_is(line, kind):
    assert furniture_kind(line) == kind


@pytest.mark.parametrize("line", [
    "A photo of the man was published.",
    "A photo by the agency shows the crash.",
    "Picture this: a world without war.",
    "Video shows the crash",
    "Editorials",
    "Home is where the harbour is, and the harbour needs a plan.",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE>",
    "The council said on Tuesday that the repair, first costed in 2016 at $90 million, would now cost twice that. " * 2,
    "Sharing the cost of the repair is the only fair way.",
])
def test_a_sentence_is_never_furniture(line):
    assert furniture_kind(line) == ""


@pytest.mark.parametrize(("text", "min_words", "prose"), [
    ("Clearly, yes.", 2, True), ("Clearly, yes.", 3, False),
    ("这是一个完整的句子，说明了问题。", 6, True),  # CJK characters count in pairs
    ("The harbour deserves a plan, not a patch", 6, False),  # a headline: no sentence end, and short
    ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen", 6, True),
])
def test_prose_is_a_sentence_or_long_enough(text, min_words, prose):
    assert is_prose(text, min_words) is prose
