"""The search index leads to paragraphs, covers notes and glossary terms, keeps Chinese terms whole, and is
sharded so that the browser loads only what a query needs (glossator/search)."""

from __future__ import annotations

import json
import re
import textwrap

from conftest import SEED_SLUG

from glossator.search import Document, SearchIndex, Tokenizer
from glossator.search.index import POSTINGS_KEPT, SHARD_BYTES, front_code, front_decode
from glossator.search.reader import SiteIndex, decode

TERM = """\
---
term: New quality productive forces
summary: Growth driven by innovation.
aliases: [新质生产力]
---
Body.
"""


def test_note_text_is_found_at_its_paragraph(project):
    project.seed()
    project.notes(SEED_SLUG, "3.yml", "- note: A zanzibarian remark only found in this note.\n")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    index = SiteIndex.read(site.site_dir)
    assert index.locations("zanzibarian") == [f"editorials/{SEED_SLUG}/#p3"]
    title, text = index.document(f"editorials/{SEED_SLUG}/#p3")
    assert title.startswith("¶3 · Solving China-US")
    assert text.startswith("Creating additional gains") and text.endswith("A zanzibarian remark only found in this note.")


def test_every_paragraph_has_a_document_and_the_page_document_is_short(project):
    project.seed()
    site = project.build(strict=True)
    index = SiteIndex.read(site.site_dir)
    page = index.documents(f"editorials/{SEED_SLUG}/")
    assert page == [f"editorials/{SEED_SLUG}/"] + [f"editorials/{SEED_SLUG}/#p{n}" for n in range(1, 10)]
    title, about = index.document(page[0])
    assert len(about) < 100 and "Global Times" in about


def test_material_keeps_only_its_settings_and_pages_name_our_worker(project):
    """No reader downloads the whole index: Material's search_index.json holds no document, and every page,
    404 included, hands Material's search box to our worker."""
    project.seed()
    site = project.build(strict=True)
    material = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [] and material["config"]["lang"] == ["en"]
    for page in [f"editorials/{SEED_SLUG}/index.html", "index.html", "404.html"]:
        config = re.search(r'<script id="__config"[^>]*>(.*?)</script>', (site.site_dir / page).read_text(encoding="utf-8"))
        worker = json.loads(config.group(1))["search"]
        assert worker.endswith("assets/glossator/search-worker.js"), (page, worker)
        folder = site.site_dir if worker.startswith("/") else (site.site_dir / page).parent  # 404.html: from the root
        assert folder.joinpath(worker.lstrip("/")).resolve().is_file()


def test_chinese_is_indexed_by_bigrams_and_glossary_terms_whole(project):
    project.seed()
    project.page("2026-03-01-chinese", textwrap.dedent("""\
        ---
        title: 'Chinese: Daily Paper editorial'
        date: '2026-03-01'
        ---

        他说发展新质生产力很重要。
        """))
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "new-quality-productive-forces.md").write_text(TERM, encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    index = SiteIndex.read(site.site_dir)
    paragraph, term = "editorials/2026-03-01-chinese/#p1", "glossary/new-quality-productive-forces/"
    for bigram in ["他说", "新质", "质生", "生产", "产力", "重要"]:
        assert paragraph in index.locations(bigram), bigram
    assert set(index.locations("新质生产力")) == {paragraph, term}  # whole, where it occurs
    assert index.locations("=新质生产力") == [term]  # the term's own name: its page alone
    assert index.locations("=new quality productive forces") == [term]
    assert index.entry("说发展新") is None  # not a glossary spelling: bigrams only


def test_snippet_lists_are_not_indexed_again(project):
    """A word of a paragraph or note is found there, not also in the term pages and contributors page that list it."""
    project.seed()
    project.notes(SEED_SLUG, "6.yml", "- note: A zanzibarian remark on zero-sum thinking.\n  by: alice\n")
    glossary = project.root / "docs" / "glossary"
    glossary.mkdir()
    (glossary / "zero-sum-game.md").write_text("---\nterm: Zero-sum game\nsummary: S.\naliases: [zero-sum]\n---\n"
                                                "A quixotic definition.\n", encoding="utf-8")
    (project.root / "docs" / "contributors.md").write_text("# Contributors\n\n<!-- glossator:contributors -->\n", encoding="utf-8")
    site = project.build(strict=True)
    assert site.error is None, site.messages
    term_page = site.soup("glossary/zero-sum-game/")
    assert "zanzibarian" in term_page.select_one(".gl-term-notes").get_text()  # the page shows the snippets
    assert "fixated" in term_page.select_one(".gl-appears-in").get_text()
    index = SiteIndex.read(site.site_dir)
    assert index.locations("zanzibarian") == [f"editorials/{SEED_SLUG}/#p6"]
    assert index.locations("quixotic") == ["glossary/zero-sum-game/"]
    term_docs = index.documents("glossary/zero-sum-game/")
    assert {index.document(loc)[0] for loc in term_docs} >= {"Zero-sum game", "Appears in (2)"}
    assert not any(loc.startswith("glossary/zero-sum-game/") for loc in index.locations("fixated"))
    assert "contributors/#alice" in index.locations("alice")  # the author is found, not their list
    assert not any(loc.startswith("contributors/") for loc in index.locations("solving"))


def test_a_note_is_indexed_by_its_words_not_by_the_labels_around_them(project):
    project.seed()
    project.notes(SEED_SLUG, "3.yml", "- note: A zanzibarian remark.\n  quote: Creating additional gains\n  kind: fact-check\n"
                                      "  by: alice\n  sources:\n    - '[Quokka report](https://example.org/q)'\n")
    site = project.build(strict=True, repo_url="https://github.com/glossator/glossator")
    assert site.error is None, site.messages
    assert "Edit this note" in str(site.editorial().select_one("#notes-p3"))  # on the page, beside the note
    index = SiteIndex.read(site.site_dir)
    title, text = index.document(f"editorials/{SEED_SLUG}/#p3")
    assert text.endswith("A zanzibarian remark. Quokka report")
    assert "Edit" not in text and "alice" not in text and "Fact-check" not in text
    assert f"editorials/{SEED_SLUG}/#p3" not in index.locations("edit")


def test_keys_words_pairs_and_chinese():
    keys = list(Tokenizer(["零和博弈"]).keys("The ＵＳ-China a trade war, 零和博弈思维 and Über"))
    assert keys == ["the", "~the us", "us", "~us china", "china", "trade", "~trade war", "war",
                    "零和", "和博", "博弈", "弈思", "思维", "零和博弈", "and", "~and über", "über"]


def _index(count: int, words: str, skip: int = -1) -> SearchIndex:
    index = SearchIndex(Tokenizer())
    for n in range(count):
        if n != skip:
            index.add_page(f"p{n:03}/", [Document(f"p{n:03}/", f"Page {n}", f"{words} w{n} " + "filler " * (n % 7) * 10)])
    return index


def _read(text: str) -> dict:
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


def test_shards_are_small_and_each_key_is_in_the_shard_of_its_longest_prefix():
    files = _index(700, "common words everywhere").files()
    manifest = _read(files["manifest.js"])
    prefixes = front_decode(manifest["shards"])
    assert len(prefixes) == len(set(prefixes)) > 10 and prefixes == sorted(prefixes)
    assert f"s/{len(prefixes)}.js" not in files
    for n, prefix in enumerate(prefixes):
        keys = _read(files[f"s/{n}.js"])["keys"]
        assert len(files[f"s/{n}.js"].encode()) <= SHARD_BYTES + 200 or len(keys) == 1
        for key in keys:
            assert max((p for p in prefixes if key.startswith(p)), key=len) == prefix


def test_a_common_word_keeps_its_best_documents_and_its_true_count():
    index = _index(POSTINGS_KEPT + 100, "common")
    entry = next(_read(text)["keys"]["common"] for path, text in index.files().items()
                 if path.startswith("s/") and '"common"' in text)
    assert entry[0] == POSTINGS_KEPT + 100
    kept = decode(entry)
    assert len(kept) == POSTINGS_KEPT
    weights = sorted((p & 0xFFFF for p in index.postings["common"]), reverse=True)
    assert weights[0] > weights[-1]  # short pages weigh more: there is a choice to make
    assert sorted((w for _, _, w in kept), reverse=True) == weights[:POSTINGS_KEPT]


def test_a_page_added_again_is_as_if_built_afresh():
    """What an incremental build does: one page's documents change, it is added again, the files assembled again."""
    changed = _index(50, "alpha beta")
    changed.add_page("p007/", [Document("p007/", "Page 7", "alpha gamma delta")])
    fresh = _index(50, "alpha beta", skip=7)
    fresh.add_page("p007/", [Document("p007/", "Page 7", "alpha gamma delta")])
    assert "beta" in changed.postings and "gamma" in changed.postings
    assert changed.files() == fresh.files()
    # The files' version changed with them: a browser never takes an older build's cached shards for new ones.
    assert _read(fresh.files()["manifest.js"])["version"] != _read(_index(50, "alpha beta").files()["manifest.js"])["version"]


def test_files_assembled_again_after_changes_are_those_of_a_fresh_index():
    """`files` writes again only the entries of changed postings while the pages stay the same; the result must
    not depend on that: a page changed, one taken out and put back, a page added, a common word's best kept."""
    common = "common " * 3
    changed = _index(POSTINGS_KEPT + 40, common)
    changed.files()
    changed.add_page("p007/", [Document("p007/", "Page 7", "alpha gamma delta common")])
    changed.add_page("p011/", [Document("p011/", "Page 11", "short common")])
    fresh = _index(POSTINGS_KEPT + 40, common, skip=7)
    fresh.add_page("p007/", [Document("p007/", "Page 7", "alpha gamma delta common")])
    fresh.remove_page("p011/")
    fresh.add_page("p011/", [Document("p011/", "Page 11", "short common")])
    assert changed.files() == fresh.files()
    changed.remove_page("p013/")  # pages no longer in the same places: every entry again
    fresh.remove_page("p013/")
    assert changed.files() == fresh.files() and '"w13"' not in "".join(changed.files().values())
    restored = SearchIndex(Tokenizer())
    restored.restore(changed.state())  # what the cache carries to the next build
    restored.add_page("p020/", [Document("p020/", "Page 20", "zeta")])
    fresh.add_page("p020/", [Document("p020/", "Page 20", "zeta")])
    assert restored.files() == fresh.files()


def test_prefixes_are_front_coded_and_decoded_back():
    prefixes = ["0", "10", "11", "a", "ab", "abc", "abd", "b", "~by q", "~by r", "~cak", "新", "新质"]
    coded = front_code(prefixes)
    assert coded == "00|010|11|0a|1b|2c|2d|0b|0~by q|4r|1cak|0新|1质"
    assert front_decode(coded) == prefixes
