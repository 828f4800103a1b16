"""W3C Web Annotation export and import: JSON-LD checked with pyld against the vendored context,
a round trip through the real build and commands, the spec's selector examples, and Hypothesis."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pyld import jsonld

from glossator.cli import main
from glossator.project import load_corpus, read_settings

from conftest import FIXTURES, SEED_SLUG, paragraph_texts

W3C = FIXTURES / "w3c"
CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
CONTEXT = json.loads((W3C / "anno.jsonld").read_text(encoding="utf-8"))
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SLUG = "2026-03-01-open-data"
PAGE_URL = f"https://example.org/editorials/{SLUG}/"
PAGE = """\
---
title: 'Open data: Daily Paper editorial'
date: '2026-03-01'
source: Daily Paper
---

First paragraph: this is an anotation that has some typos, as the specification says.

## A heading

Second paragraph: tariffs are a fair deal, and another fair deal follows.

- item one
- item two

Last paragraph: quotas are a fair deal too, or so the editorial claims.
"""
SEED_NOTES = {
    "2.yml": """\
        - note: |
            Bilateral trade is a few percent of world trade.

            Not a fifth: *see the sources*.
          quote: accounts for about one-fifth of global trade
          kind: fact-check
          by: alice
          sources:
            - https://www.wto.org/
            - "[US Census](https://www.census.gov/)"
          id: one-fifth
        - note: Second note on the same paragraph.
        """,
    "04.yml": "- note: On the plan.\n  kind: translation\n  by: bob\n",
    "9.yml": "- note: Half a century of ties.\n  kind: analysis\n  quote: Over the past half century\n",
}


def _loader(url, options=None):
    """Serves the vendored context: no network at test time, and anything else is refused."""
    if url.rstrip("/").replace("https://", "http://") != CONTEXT_URL:
        raise AssertionError(f"unexpected remote document {url}")
    return {"contextUrl": None, "documentUrl": CONTEXT_URL, "document": CONTEXT}


def expand(document: dict) -> list[dict]:
    return jsonld.expand(document, {"documentLoader": _loader})


def nodes(expanded, kind: str) -> list[dict]:
    """Every node of the expanded graph whose @type includes `kind`."""
    found = []

    def walk(value):
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if kind in value.get("@type", []):
                found.append(value)
            for item in value.values():
                walk(item)
    walk(expanded)
    return found


def value(node: dict, iri: str):
    """The one literal value (or @id) of a property of an expanded node."""
    (entry,) = node[iri]
    return entry.get("@value", entry.get("@id"))


def assert_only_context_terms(document) -> None:
    """Every key and every vocabulary value is a term of the W3C context, so expansion loses nothing."""
    terms = set(CONTEXT["@context"])
    if isinstance(document, list):
        for item in document:
            assert_only_context_terms(item)
    elif isinstance(document, dict):
        for key, item in document.items():
            assert key in terms or key == "@context", key
            if key in ("type", "motivation", "purpose"):
                assert all(v in terms for v in (item if isinstance(item, list) else [item])), item
            assert_only_context_terms(item)


def seeded(project) -> None:
    project.seed()
    for name, text in SEED_NOTES.items():
        project.notes(SEED_SLUG, name, text)


def notes_of(root: Path) -> list[tuple]:
    corpus, problems = load_corpus(read_settings(root / "mkdocs.yml"))
    assert problems == []
    return sorted((n.slug, n.paragraph, n.index, n.body, n.quote, n.kind, n.by, n.sources, n.id) for n in corpus.notes)


def test_build_publishes_collections_in_the_web_annotation_model(project):
    seeded(project)
    site = project.build(strict=True)
    assert site.error is None, site.messages
    document = json.loads((site.site_dir / "annotations" / f"{SEED_SLUG}.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == CONTEXT_URL
    assert_only_context_terms(document)
    expanded = expand(document)

    (collection,) = nodes(expanded, AS + "OrderedCollection")
    assert collection["@id"] == f"https://example.org/annotations/{SEED_SLUG}.jsonld"
    assert value(collection, AS + "totalItems") == 4
    (page,) = collection[AS + "first"]
    items = page[AS + "items"][0]["@list"]
    assert [item["@id"] for item in items] == [f"https://example.org/editorials/{SEED_SLUG}/#note-{key}"
                                               for key in ("one-fifth", "p2-2", "p4-1", "p9-1")]
    assert all(item["@type"] == [OA + "Annotation"] for item in items)
    assert [value(item, OA + "motivatedBy") for item in items] == [OA + "assessing", OA + "commenting", OA + "describing", OA + "commenting"]

    fact_check = items[0]
    assert value(fact_check[DCTERMS + "creator"][0], FOAF + "nick") == "alice"
    assert fact_check[DCTERMS + "modified"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    (target,) = fact_check[OA + "hasTarget"]
    assert target["@type"] == [OA + "SpecificResource"] and value(target, OA + "hasSource") == f"https://example.org/editorials/{SEED_SLUG}/"
    selectors = {s["@type"][0].removeprefix(OA): s for s in target[OA + "hasSelector"]}
    assert set(selectors) == {"FragmentSelector", "TextQuoteSelector", "TextPositionSelector"}
    assert value(selectors["FragmentSelector"], RDF + "value") == "p2"
    assert value(selectors["FragmentSelector"], DCTERMS + "conformsTo") == "http://tools.ietf.org/rfc/rfc3986"
    quote = selectors["TextQuoteSelector"]
    assert value(quote, OA + "exact") == "accounts for about one-fifth of global trade"
    assert len(value(quote, OA + "prefix")) == len(value(quote, OA + "suffix")) == 32

    # Positions count in the paragraphs' text as the page shows it, joined by blank lines.
    shown = "\n\n".join(paragraph_texts(site.editorial()).values())
    start, end = (int(value(selectors["TextPositionSelector"], OA + p)) for p in ("start", "end"))
    assert shown[start:end] == "accounts for about one-fifth of global trade"
    assert shown[start - 32:start] == value(quote, OA + "prefix") and shown[end:end + 32] == value(quote, OA + "suffix")

    bodies = fact_check[OA + "hasBody"]
    (choice,) = nodes(bodies, OA + "Choice")
    forms = {value(b, DC + "format"): value(b, RDF + "value") for b in choice[AS + "items"][0]["@list"]}
    assert list(forms) == ["text/html", "text/plain", "text/markdown"]
    assert forms["text/html"].startswith("<p>Bilateral trade") and "<em>see the sources</em>" in forms["text/html"]
    assert forms["text/plain"].startswith("Bilateral trade") and "<" not in forms["text/plain"]
    assert forms["text/markdown"] == "Bilateral trade is a few percent of world trade.\n\nNot a fifth: *see the sources*.\n"
    purposes = {(value(b, OA + "hasPurpose"), value(b, RDF + "value")) for b in bodies if OA + "hasPurpose" in b}
    assert purposes == {(OA + "tagging", "fact-check"), (OA + "linking", "https://www.wto.org/"),
                        (OA + "linking", "[US Census](https://www.census.gov/)")}

    # A note without a quote targets its whole paragraph.
    translation = {s["@type"][0]: s for s in items[2][OA + "hasTarget"][0][OA + "hasSelector"]}
    assert OA + "TextQuoteSelector" not in translation
    span = [int(value(translation[OA + "TextPositionSelector"], OA + p)) for p in ("start", "end")]
    assert shown[span[0]:span[1]] == paragraph_texts(site.editorial())[4]

    everything = json.loads((site.site_dir / "annotations" / "index.jsonld").read_text(encoding="utf-8"))
    assert everything["total"] == 4 and everything["first"]["items"] == document["first"]["items"]


def test_export_then_import_into_empty_annotations_gives_the_same_notes(project, tmp_path, capsys):
    seeded(project)
    project.page(SLUG, PAGE)
    project.notes(SLUG, "3.yml", "- note: A list.\n  kind: correction\n  quote: item two\n  id: items\n")
    project.build()
    config = str(project.root / "mkdocs.yml")
    before = notes_of(project.root)

    assert main(["-f", config, "export", "w3c", "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{SEED_SLUG}.jsonld", f"{SLUG}.jsonld", "index.jsonld"]
    shutil.rmtree(project.root / "annotations")
    (project.root / "annotations").mkdir()
    capsys.readouterr()

    assert main(["-f", config, "import-annotations", str(tmp_path / "out" / "index.jsonld")]) == 0
    assert notes_of(project.root) == before
    assert capsys.readouterr().out.split() == [f"annotations/{SEED_SLUG}/{n}.yml" for n in (2, 4, 9)] + [f"annotations/{SLUG}/3.yml"]

    # Importing again adds nothing, and says so.
    assert main(["-f", config, "import-annotations", str(tmp_path / "out" / "index.jsonld")]) == 0
    assert notes_of(project.root) == before
    assert capsys.readouterr().err.count("[already-imported]") == 5


def test_import_appends_and_never_overwrites(project, tmp_path):
    project.page(SLUG, PAGE)
    existing = "# kept as written\n- note: An earlier note.\n  by: carol\n"
    project.notes(SLUG, "02.yml", existing)
    project.build()
    source = tmp_path / "one.jsonld"
    source.write_text(json.dumps({"@context": CONTEXT_URL, "id": f"{PAGE_URL}#note-carol", "type": "Annotation",
                                  "bodyValue": "A later note.", "target": f"{PAGE_URL}#p2"}), encoding="utf-8")
    assert main(["-f", str(project.root / "mkdocs.yml"), "import-annotations", str(source)]) == 0
    text = (project.root / "annotations" / SLUG / "02.yml").read_text(encoding="utf-8")
    assert text.startswith(existing) and not (project.root / "annotations" / SLUG / "2.yml").exists()
    assert [(n[3], n[8]) for n in notes_of(project.root)] == [("An earlier note.", ""), ("A later note.", "carol")]


def test_export_dates_come_from_git_history(project, tmp_path):
    seeded(project)
    project.build()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args, date=None):
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True,
                       env={**env, "GIT_AUTHOR_DATE": date or "", "GIT_COMMITTER_DATE": date or ""})

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "notes", date="2026-01-02T03:04:05+00:00")
    note = project.root / "annotations" / SEED_SLUG / "2.yml"
    note.write_text(note.read_text(encoding="utf-8") + "- note: A third.\n", encoding="utf-8")
    git("commit", "-qam", "one more", date="2026-02-03T04:05:06+00:00")
    assert main(["-f", str(project.root / "mkdocs.yml"), "export", "w3c", "-o", str(tmp_path / "out")]) == 0
    items = json.loads((tmp_path / "out" / f"{SEED_SLUG}.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    dates = {item["id"].rsplit("#", 1)[1]: (item.get("created"), item["modified"]) for item in items}
    assert dates["note-one-fifth"] == ("2026-01-02T03:04:05+00:00", "2026-02-03T04:05:06+00:00")
    assert dates["note-p4-1"] == ("2026-01-02T03:04:05+00:00", "2026-01-02T03:04:05+00:00")


def test_outside_git_a_note_has_its_file_time_and_no_creation_date(project, tmp_path):
    seeded(project)
    project.build()
    main(["-f", str(project.root / "mkdocs.yml"), "export", "w3c", "-o", str(tmp_path / "out")])
    item = json.loads((tmp_path / "out" / f"{SEED_SLUG}.jsonld").read_text(encoding="utf-8"))["first"]["items"][0]
    assert "created" not in item and item["modified"].endswith("+00:00")


SPEC_EXPECTED = [
    # (paragraph, quote, kind, text of the note)
    (1, "anotation", "context", "<http://example.org/comment1>"),
    (2, "", "context", "j'adore !"),
    (2, "a fair deal", "fact-check", "Which of the two fair deals? The first one."),
    (3, "", "context", "<http://example.org/note1>"),
    (4, "a fair deal", "context", "<http://example.org/comment1>"),
    (4, "quotas are", "context", "<http://example.org/review1>"),
]


def test_spec_selector_examples_import_onto_a_fixture_page(project):
    project.page(SLUG, PAGE)
    project.build()
    for example in json.loads((W3C / "spec_examples.jsonld").read_text(encoding="utf-8")):
        expand(example)  # each is valid JSON-LD in the W3C context
    assert main(["-f", str(project.root / "mkdocs.yml"), "import-annotations", str(W3C / "spec_examples.jsonld")]) == 0
    assert sorted((n[1], n[4], n[5], n[3].strip()) for n in notes_of(project.root)) == SPEC_EXPECTED
    site = project.build(strict=True)
    assert site.error is None, site.messages
    assert [m.get_text() for m in site.editorial(SLUG).select("mark.gl-quote")] == ["anotation", "a fair deal", "quotas are", "a fair deal"]


def test_hypothesis_export_imports_and_replies_without_selectors_are_reported(project, capsys):
    project.page(SLUG, PAGE)
    project.build()
    assert main(["-f", str(project.root / "mkdocs.yml"), "import-annotations", str(W3C / "hypothesis.json")]) == 1
    notes = notes_of(project.root)
    assert [(n[1], n[4], n[5], n[6]) for n in notes] == [(2, "a fair deal", "context", "bob"), (4, "quotas are", "analysis", "alice")]
    assert notes[1][3] == "Quotas and tariffs are **not** the same instrument:\n\n- a quota caps quantities;\n- a tariff taxes them."
    err = capsys.readouterr().err
    line = next(i for i, text in enumerate((W3C / "hypothesis.json").read_text().splitlines(), 1) if "Rr1d3F0mEeuR6U9tY2c3Dh" in text) - 1
    assert f"hypothesis.json:{line}: annotation https://hypothes.is/a/Rr1d3F0mEeuR6U9tY2c3Dh could not be anchored" in err
    assert "1 error(s)" in err


@pytest.mark.parametrize("annotation, reason", [
    ("changed-text", "the quoted text 'no such words' is not in any paragraph"),
    ("other-site", "it targets 'http://example.com/elsewhere', not an editorial page of this site"),
    ("no-paragraph", "the fragment 'p99' names no paragraph (the page has 4)"),
    ("two-paragraphs", "the text position 80-100 spans more than one paragraph"),
    ("ambiguous", "the quoted text 'a fair deal' occurs in ¶2, ¶4, and no prefix, suffix or position tells which"),
    ("highlight", "has no text to make a note of"),
])
def test_unanchorable_annotations_are_reported_at_their_line(project, capsys, annotation, reason):
    project.page(SLUG, PAGE)
    project.build()
    assert main(["-f", str(project.root / "mkdocs.yml"), "import-annotations", str(W3C / "unanchorable.jsonld")]) == 1
    assert not (project.root / "annotations" / SLUG).exists()
    lines = (W3C / "unanchorable.jsonld").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if f'"http://example.org/{annotation}"' in text) - 1
    reported = [text for text in capsys.readouterr().err.splitlines() if f"unanchorable.jsonld:{line}:" in text]
    assert len(reported) == 1 and reason in reported[0]


def test_unreadable_input_is_reported_with_its_line(project, tmp_path, capsys):
    project.page(SLUG, PAGE)
    project.build()
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"type": "Annotation",\n  "bodyValue": oops}\n]\n', encoding="utf-8")
    assert main(["-f", str(project.root / "mkdocs.yml"), "import-annotations", str(broken)]) == 1
    assert "broken.json:3: not valid JSON" in capsys.readouterr().err
