"""Plain text as people paste it from real pages: date lines, headlines, topics, furniture, truncated copies."""

from __future__ import annotations

import pytest

from glossator.importers.dates import date_line, find_date
from glossator.importers.text import TruncatedSource, is_topic_line, parse_text

BODY = (
    "The first paragraph of the editorial says what happened and why it matters to readers.\n\n"
    "The second paragraph gives the argument, with the facts that support it.\n"
)


@pytest.mark.parametrize(("line", "offset", "expected"), [
    ("Source: Global Times Published: 2020/8/9 21:58:41", "+08:00", "2020-08-09T21:58:41+08:00"),
    ("UPDATED: 10:10, January 04, 2005", "", "2005-01-04T10:10:00"),
    ("1589068800000", "", "2020-05-10T00:00:00+00:00"),
    ("2025-11-07", "", "2025-11-07"),
    ("2025-11-07T08:30:00+08:00", "", "2025-11-07T08:30:00+08:00"),
    ("2025-11-07 08:30", "", "2025-11-07T08:30:00"),
    ("Nov 7, 2025", "", "2025-11-07"),
    ("7 November 2025", "", "2025-11-07"),
    ("Published: Nov 07, 2025 01:27 AM", "+08:00", "2025-11-07T01:27:00+08:00"),
    ("2025年11月7日", "", "2025-11-07"),
    ("2025年11月07日 08:30", "", "2025-11-07T08:30:00"),
    ("发布时间：2025年11月07日 08:30", "", "2025-11-07T08:30:00"),
    ("Published: Nov 7, 2025 9:05 pm (GMT+8)", "", "2025-11-07T21:05:00+08:00"),
    ("Updated 10:10 AM EST, Tue March 3, 2020", "", ""),  # a weekday between: not one of the shapes, so not guessed
    ("November 7, 2025 08:30 Beijing Time", "", "2025-11-07T08:30:00+08:00"),
    ("Nov 7, 2025 08:30 UTC+05:30", "", "2025-11-07T08:30:00+05:30"),
    ("Nov 7, 2025 08:30 CST", "", "2025-11-07T08:30:00"),  # China's or America's: not guessed
])
def test_date_lines_in_the_shapes_outlets_print(line, offset, expected):
    assert date_line(line, offset) == expected


@pytest.mark.parametrize("line", [
    "The talks of 7 November 2025 ended without a deal, and both sides blamed the other.",
    "2025-13-45", "May", "In 2020 the economy shrank.",
])
def test_a_sentence_or_an_impossible_date_is_not_a_date_line(line):
    assert date_line(line) == ""


def test_a_dateline_opening_the_first_paragraph_dates_the_editorial_and_stays_in_the_text():
    first = "May 10, 2020 (EIRNS)--The economy of the world is in deep trouble, and the remedies proposed are not working."
    editorial = parse_text(f"World economy at a crossroads\n\n{first}\n\n{BODY}")
    assert editorial.date == "2020-05-10"
    assert editorial.paragraph_texts[0] == first


def test_the_outlet_named_on_the_date_line_gives_source_and_offset():
    editorial = parse_text(f"A headline about trade\nSource: Global Times Published: 2020/8/9 21:58:41\n\n{BODY}")
    assert (editorial.title, editorial.source, editorial.date) == ("A headline about trade", "Global Times", "2020-08-09T21:58:41+08:00")


def test_the_headline_is_the_first_real_line_not_navigation():
    text = ("Home >> Opinion >> Editorial\nfont size: A+ A-\nGo to home page\n"
            "Steady hands are needed in the trade talks\nUPDATED: 10:10, January 04, 2005\n\n" + BODY)
    editorial = parse_text(text)
    assert editorial.title == "Steady hands are needed in the trade talks"
    assert editorial.date == "2005-01-04T10:10:00"
    assert [(f.action, f.reason) for f in editorial.findings] == [
        ("dropped", "navigation"), ("dropped", "navigation"), ("dropped", "navigation"), ("dropped", "date line")]
    assert editorial.section == ""


def test_a_menu_pasted_above_the_headline_is_navigation():
    text = "Home\nNews\nOpinion\nWorld\nSteady hands are needed in the trade talks\nNov 7, 2025\n\n" + BODY
    editorial = parse_text(text)
    assert editorial.title == "Steady hands are needed in the trade talks"
    assert ("dropped", "navigation", "Home · News · Opinion · World") in [(f.action, f.reason, f.text) for f in editorial.findings]


@pytest.mark.parametrize(("line", "topic"), [
    ("China US", True), ("中美关系", True), ("Trade talks", True),
    ("中美两国应当以增量思维解决存量问题，这对世界经济至关重要。", False),
    ("中美元首会晤", True),  # a short label without sentence punctuation is a topic, in any script
    ("中美两国元首在釜山举行了长时间的会晤", False),  # ... a long one is a line of text
    ("Clearly, the answer is yes.", False), ("What next?", False),
    ("China and the United States should solve their problems together", False),
])
def test_a_topic_line_looks_like_a_tag_and_a_sentence_in_any_script_never_does(line, topic):
    assert is_topic_line(line) is topic


def test_a_chinese_paragraph_after_the_topic_lines_stays_in_the_body():
    paragraph = "近日，中美双方先后发布公告，表示将根据吉隆坡经贸磋商达成的共识，调整相关经贸措施。这对两国和世界都是好消息。"
    text = f"社评\n以增量思维解决中美存量问题\n2025年11月07日 08:30\n中美关系\n\n{paragraph}\n\n第二段。\n"
    editorial = parse_text(text)
    assert editorial.tags == ["中美关系"]
    assert editorial.paragraph_texts == [paragraph, "第二段。"]
    assert editorial.date == "2025-11-07T08:30:00"
    assert editorial.section == "社评" and editorial.title == "以增量思维解决中美存量问题"


@pytest.mark.parametrize(("furniture", "reason"), [
    ("The harbour at dawn. Photo: Xinhua", "caption"),
    ("(Photo: AFP)", "caption"),
    ("IMG_2231.jpg", "image file name"),
    ("Back to top", "navigation"),
    ("Copyright 2025 Global Times. All rights reserved.", "copyright"),
    ("© 2025 The Meridian Post", "copyright"),
    ("Share this article: Facebook Twitter", "share prompt"),
    ("Home\nNews\nOpinion\nWorld", "navigation"),
])
def test_furniture_in_the_body_is_dropped_and_reported(furniture, reason):
    paragraphs = BODY.strip().split("\n\n")
    editorial = parse_text(f"A headline\nNov 7, 2025\n\n{paragraphs[0]}\n\n{furniture}\n\n{paragraphs[1]}\n")
    assert editorial.paragraph_texts == paragraphs
    shown = " · ".join(furniture.split("\n")) if reason == "navigation" and "\n" in furniture else furniture
    assert [(f.action, f.reason, f.text) for f in editorial.findings] == [
        ("dropped", "date line", "Nov 7, 2025"), ("dropped", reason, shown)]  # in the source's order


def test_a_source_cut_off_mid_sentence_is_refused_naming_its_last_words():
    text = "A headline\nNov 7, 2025\n\n" + BODY + "\nAnd the third paragraph stops in the middle of"
    with pytest.raises(TruncatedSource, match=r"ends mid-sentence \(…the third paragraph stops in the middle of\)"):
        parse_text(text)
    editorial = parse_text(text, accept_truncated=True)
    assert editorial.paragraph_texts[-1] == "And the third paragraph stops in the middle of"
    assert [(f.action, f.reason) for f in editorial.findings] == [("dropped", "date line"), ("warning", "truncated")]


@pytest.mark.parametrize("ending", ["He said: “Enough.”", "(The author is a commentator.)", "这是结尾。", "Is it?", "Wait…"])
def test_a_complete_last_sentence_is_not_taken_for_a_cut(ending):
    parse_text("A headline\n\n" + BODY + "\n" + ending)


def test_find_date_reports_where_the_date_stood():
    found = find_date("Posted on Nov. 7, 2025 at 9:05 pm by the desk")
    assert found is not None and found.iso == "2025-11-07T21:05:00"
    assert "Posted on Nov. 7, 2025 at 9:05 pm by the desk"[found.start:found.end] == "Nov. 7, 2025 at 9:05 pm"
