"""Atom feeds: the built site's editorials and notes feeds, and the glossary term feed on its own."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.parse import urlsplit

from glossator.feeds import term_feed
from glossator.project import load_corpus, read_settings

from conftest import SEED_SLUG

A = "{http://www.w3.org/2005/Atom}"
MIXED_SLUG = "2026-02-03-mixed-blocks"
MIXED = """\
---
title: 'Mixed blocks: Daily Paper editorial'
date: '2026-02-03'
source: Daily Paper
tags:
- trade
---

Opening paragraph about trade.

## A subheading

Closing paragraph about tariffs.
"""


def _one(element: ET.Element, tag: str) -> ET.Element:
    found = element.findall(A + tag)
    assert len(found) == 1, f"{element.tag} needs exactly one {tag}"
    return found[0]


def _date(element: ET.Element, tag: str) -> datetime:
    moment = datetime.fromisoformat(_one(element, tag).text)
    assert moment.tzinfo is not None, "Atom dates carry a time zone (RFC 3339)"
    return moment


def _absolute(iri: str) -> str:
    assert urlsplit(iri).scheme, f"{iri} is not an absolute IRI"
    return iri


def parse_atom(text: str) -> tuple[ET.Element, list[ET.Element]]:
    """The feed and its entries, after checking what RFC 4287 requires of them."""
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == A + "feed"
    _absolute(_one(feed, "id").text)
    assert _one(feed, "title").text
    _date(feed, "updated")
    links = {link.get("rel"): link.get("href") for link in feed.findall(A + "link")}
    _absolute(links["self"])
    entries = feed.findall(A + "entry")
    for entry in entries:
        _absolute(_one(entry, "id").text)
        assert _one(entry, "title").text
        _date(entry, "updated")
        assert entry.find(f"{A}link[@rel='alternate']") is not None or entry.find(A + "content") is not None
        assert feed.find(f"{A}author/{A}name") is not None or entry.find(f"{A}author/{A}name") is not None
    assert len({_one(e, "id").text for e in entries}) == len(entries), "entry ids are unique"
    return feed, entries


def test_editorials_feed_lists_editorials_newest_first(project):
    project.seed()
    project.page(MIXED_SLUG, MIXED)
    site = project.build(strict=True)
    assert site.error is None, site.messages
    feed, entries = parse_atom((site.site_dir / "feeds" / "editorials.xml").read_text(encoding="utf-8"))
    assert _one(feed, "id").text == "https://example.org/feeds/editorials.xml"
    assert _one(feed, "updated").text == "2026-02-03T00:00:00+00:00"
    assert [_one(e, "id").text for e in entries] == [f"https://example.org/editorials/{MIXED_SLUG}/", f"https://example.org/editorials/{SEED_SLUG}/"]
    newest, seed = entries
    assert _one(newest, "title").text == "Mixed blocks: Daily Paper editorial"
    assert newest.find(f"{A}link[@rel='alternate']").get("href") == f"https://example.org/editorials/{MIXED_SLUG}/"
    assert _one(newest, "summary").text == "Opening paragraph about trade."
    assert [c.get("term") for c in newest.findall(A + "category")] == ["trade"]
    assert _one(seed, "updated").text == "2025-11-07T01:27:00+08:00"
    assert _one(seed, "author").find(A + "name").text == "Global Times"
    assert _one(seed, "summary").text.endswith("…") and len(_one(seed, "summary").text) <= 301


def test_notes_feed_lists_every_note_with_its_text(project):
    project.seed()
    project.notes(SEED_SLUG, "2.yml", """\
        - note: Bilateral trade is a few percent of *world* trade.
          quote: accounts for about one-fifth of global trade
          kind: fact-check
          by: alice
          id: one-fifth
        - note: Second note.
        """)
    site = project.build(strict=True, directory_urls=False)
    assert site.error is None, site.messages
    feed, entries = parse_atom((site.site_dir / "feeds" / "notes.xml").read_text(encoding="utf-8"))
    page = f"https://example.org/editorials/{SEED_SLUG}.html"
    by_id = {_one(e, "id").text: e for e in entries}
    assert set(by_id) == {f"{page}#note-one-fifth", f"{page}#note-p2-2"}
    fact_check = by_id[f"{page}#note-one-fifth"]
    assert _one(fact_check, "title").text.startswith("Fact-check on ¶2 of Solving China-US")
    assert fact_check.find(f"{A}link[@rel='alternate']").get("href") == f"{page}#note-one-fifth"
    assert _one(fact_check, "author").find(A + "name").text == "alice"
    content = _one(fact_check, "content")
    assert content.get("type") == "html"
    assert content.text == "<blockquote>accounts for about one-fifth of global trade</blockquote><p>Bilateral trade is a few percent of <em>world</em> trade.</p>"


def test_term_feed_lists_the_editorials_that_use_a_term(project):
    project.seed()
    project.page(MIXED_SLUG, MIXED)
    project.build()
    settings = read_settings(project.root / "mkdocs.yml")
    corpus, _ = load_corpus(settings)
    seed, mixed = corpus.editorials[SEED_SLUG], corpus.editorials[MIXED_SLUG]
    feed, entries = parse_atom(term_feed(settings, "tariff", "Tariff", [(seed, [2, 5]), (mixed, [2])]))
    assert _one(feed, "id").text == "https://example.org/feeds/terms/tariff.xml"
    assert "Tariff" in _one(feed, "title").text
    assert [e.find(f"{A}link[@rel='alternate']").get("href") for e in entries] == [
        f"https://example.org/editorials/{MIXED_SLUG}/#p2", f"https://example.org/editorials/{SEED_SLUG}/#p2"]
    content = _one(entries[1], "content").text
    assert f'<a href="https://example.org/editorials/{SEED_SLUG}/#p5">¶5</a>' in content


def test_term_feed_without_editorials_is_still_a_valid_feed(project):
    project.build()
    feed, entries = parse_atom(term_feed(read_settings(project.root / "mkdocs.yml"), "quota", "Quota", []))
    assert entries == []


def test_an_empty_feed_is_dated_by_source_date_epoch_when_set(monkeypatch):
    """Reproducible builds: the one date a build would otherwise take from the clock."""
    from glossator.feeds import atom

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800")
    assert "<updated>2025-11-30T00:00:00+00:00</updated>" in atom("https://x.example/f.xml", "T", "https://x.example/f.xml",
                                                                    "https://x.example/", "A", [])
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert "<updated>2025-11-30" not in atom("https://x.example/f.xml", "T", "https://x.example/f.xml", "https://x.example/", "A", [])
