"""Search in headless Chromium: Glossator's sharded index against plain Material (lunr), hosted and offline.

For each site (hooked, plain Material) and each way of reading it (hosted: served with gzip on a free loopback
port; offline: the bundle opened from file://), in one Chromium:
- an editorial's first visit: bytes of every file it loads (files' own sizes, as on disk), and how many of
  them are the search index's (files under search/) before the search box is opened;
- the first query: bytes loaded from opening the box to the results, and milliseconds from the query's
  keystroke to the results on screen (measured in the page, from the keyup to the results list changing);
- each further keystroke (a second word typed letter by letter): milliseconds to the updated results.
Quality: a fixed set of queries made from the corpus (`make_queries`), asked of our worker and of Material's
lunr worker given the same documents (the hooked site's, one per paragraph), in the same browser.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import subprocess
import time
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import launched_chromium, serve  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

from glossator.project import load_corpus, read_settings  # noqa: E402
from glossator.search.reader import SiteIndex, decode  # noqa: E402
from glossator.search.tokens import PAIR  # noqa: E402

FIRST_QUERY = "trade"
FURTHER = " cooperation"
"""The first query (a word on most pages: the largest postings), then a second word typed a letter at a time."""
WAIT_MS = 300_000

TIME_QUERY = """async ([value, waitMs]) => {
  const box = document.querySelector('.md-search__input')
  const result = document.querySelector('.md-search-result')
  return await new Promise((resolve, reject) => {
    let start = 0
    const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now() - start) })
    observer.observe(result, { childList: true, subtree: true, characterData: true })
    setTimeout(() => { observer.disconnect(); reject(new Error('no results for ' + value)) }, waitMs)
    box.value = value
    start = performance.now()
    box.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, key: value.slice(-1) }))
  })
}"""
"""Milliseconds from the keyup that makes `value` the query to Material rendering its results (the list, or its line)."""

ASK_WORKER = """async ([url, setup, docsUrl, queries]) => {
  if (docsUrl) setup.docs = await (await fetch(docsUrl)).json()
  const worker = new Worker(url)
  const ask = message => new Promise(resolve => { worker.onmessage = event => resolve(event.data); worker.postMessage(message) })
  await ask({ type: 0, data: setup })
  const answers = []
  for (const query of queries) {
    const reply = await ask({ type: 2, data: query })
    answers.push(reply.data.items.flat().filter(item => item.score > 0).sort((a, b) => b.score - a.score)
      .map(item => item.location))
  }
  worker.terminate()
  return answers
}"""
"""Every query's hits, best first (as Enter picks them), from a search worker spoken to as Material's UI does."""


@dataclass(frozen=True)
class Reading:
    """One site read one way (hosted or offline)."""

    label: str
    page_kb: float
    search_kb_before: float
    first_kb: float
    first_ms: float
    keystroke_ms: list[float]


PAGEFIND_QUERY = """async ([module, query]) => {
  const pagefind = await import(module)
  await pagefind.init()
  const start = performance.now()
  const found = await pagefind.search(query)
  const shown = await Promise.all(found.results.slice(0, 10).map(result => result.data()))
  return [performance.now() - start, shown.length]
}"""
"""Pagefind's own API, as its UI calls it: a search, then the data of the first 10 results (what a list shows)."""


@dataclass(frozen=True)
class Pagefind:
    """The anchor: Pagefind 1.5 on the same (hosted) site; it cannot run from file:// (fetch and WebAssembly)."""

    index_s: float
    index_kb: float
    first_kb: float
    first_ms: float


def pagefind(site: Path, editorial: str) -> Pagefind | None:
    """Index the hooked site's content (`.md-content`) with Pagefind, then its first query in Chromium; None
    when Pagefind is not installed (bench/requirements.txt)."""
    try:
        import pagefind as _  # noqa: F401  (the Python package runs the pagefind binary of pagefind-bin)
    except ImportError:
        return None
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", ".md-content", "--silent"],
                   check=True, capture_output=True)
    index_s = time.perf_counter() - start
    folder = site / "pagefind"
    with launched_chromium() as browser, serve(site) as base:
        page = browser.new_page()
        loaded: list[Path] = []
        page.on("requestfinished", lambda r: (lambda f: f and loaded.append(f))(_file_of(site, r.url, base)))
        page.goto(base + editorial, wait_until="load")
        page.wait_for_timeout(1500)
        before = len(loaded)
        ms, shown = page.evaluate(PAGEFIND_QUERY, [base + "pagefind/pagefind.js", FIRST_QUERY])
        page.wait_for_timeout(300)
        first = sum(f.stat().st_size for f in loaded[before:]) / 1024
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024
    shutil.rmtree(folder)
    if not shown:
        raise SystemExit(f"Pagefind found nothing for {FIRST_QUERY!r}")
    return Pagefind(index_s, size, first, ms)


@dataclass(frozen=True)
class Quality:
    queries: int
    kinds: dict[str, int]
    hit1: float
    recall10: float
    lunr_hit1: float | None
    lunr_recall10: float | None
    """None when lunr's tab gave out (memory) before it answered."""
    misses: list[tuple[str, str, list[str]]]
    by_kind: dict[str, tuple[float, float | None]]
    """hit@1 of ours and of lunr, per kind of query."""


def _file_of(site: Path, url: str, base: str) -> Path | None:
    """The site file a loaded URL is (hosted: under `base`; offline: a file:// URL inside the site)."""
    if url.startswith(base):
        path = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    elif url.startswith("file://"):
        path = str(Path(unquote(urlsplit(url).path)).relative_to(site)) if unquote(urlsplit(url).path).startswith(str(site)) else ""
    else:
        return None
    target = site / path
    if target.is_dir() or path.endswith("/") or not path:
        target = target / "index.html"
    return target if target.is_file() else None


def _is_index(path: Path, site: Path) -> bool:
    """A file of the search index (ours, or Material's search_index.json/.js), not code such as a worker."""
    return path.relative_to(site).parts[0] == "search"


def read_site(browser, site: Path, base: str, editorial: str, label: str, strict: bool) -> Reading:
    """Measure one site, hosted (`base` an http URL) or offline (`base` its file:// URL); `strict`: a console
    error stops the benchmark (plain Material asks GitHub for the repository's stars, which fails here)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    loaded: list[Path] = []
    problems: list[str] = []
    page.on("requestfinished", lambda r: (lambda f: f and loaded.append(f))(_file_of(site, r.url, base)))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.goto(base + editorial, wait_until="load")
    page.wait_for_timeout(1500)  # whatever the page loads by itself after `load` (hosted: Material's index)
    first_visit = list(loaded)
    page.locator(".md-search__input").click()
    page.wait_for_timeout(300)
    opened = len(loaded)
    first_ms = page.evaluate(TIME_QUERY, [FIRST_QUERY, WAIT_MS])
    page.wait_for_timeout(300)
    first = loaded[opened:]
    strokes = []
    for n in range(1, len(FURTHER) + 1):
        strokes.append(page.evaluate(TIME_QUERY, [FIRST_QUERY + FURTHER[:n], WAIT_MS]))
    page.close()
    if problems and strict:
        raise SystemExit(f"{label}: console errors: {problems[:3]}")
    kb = lambda files: sum(f.stat().st_size for f in files) / 1024  # noqa: E731
    # Offline, Material loads its index after the box opens: it counts in the first query.
    return Reading(label, kb(first_visit), kb([f for f in first_visit if _is_index(f, site)]),
                   kb(first + [f for f in loaded[len(first_visit):opened]]), first_ms, strokes)


def readings(sites: dict[str, tuple[Path, Path]], editorial_slug: str) -> list[Reading]:
    """{label: (hosted site folder, offline site folder)} -> each read hosted and offline; the first is ours."""
    out = []
    with launched_chromium() as browser:
        for number, (label, (hosted, offline)) in enumerate(sites.items()):
            strict = number == 0
            with serve(hosted) as base:
                out.append(read_site(browser, hosted, base, f"editorials/{editorial_slug}/", f"{label}, hosted", strict))
            out.append(read_site(browser, offline, offline.as_uri() + "/", f"editorials/{editorial_slug}.html",
                                 f"{label}, offline", strict))
    return out


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    expected: str


def make_queries(corpus: Path, site: Path, per_kind: int = 30) -> list[Query]:
    """The fixed query set: words found only in notes, term names, aliases and Chinese spellings, two-word
    phrases (in quotes) found in one paragraph, and 4-letter prefixes of one word. Drawn with a fixed seed
    from what the built index says is unique, so each has one right answer."""
    index = SiteIndex.read(site)
    terms = list(load_corpus(read_settings(corpus / "mkdocs.yml"))[0].terms.values())
    rng = random.Random(14)
    only_in_notes, pairs, words = [], [], []
    for shard in index.shards:
        for key, entry in shard.items():
            if entry[0] != 1:
                continue
            (page, doc, _), = decode(entry)
            location, _, text = index.pages[page][doc]
            if "#p" not in location:
                continue
            if key.startswith(PAIR):
                pairs.append(Query("phrase", '"' + key[1:] + '"', location))
            elif key.isalpha() and key.isascii():
                words.append((key, location))
                paragraph = text.lower().find(key)
                if key[:1].isalpha() and " so wrote " in text.lower()[:paragraph]:
                    only_in_notes.append(Query("note word", key.capitalize(), location))
    prefixes = {}
    all_words = [k for shard in index.shards for k in shard if k.isalpha()]
    by_prefix: dict[str, int] = {}
    for key in all_words:
        by_prefix[key[:4]] = by_prefix.get(key[:4], 0) + 1
    for key, location in words:
        if len(key) > 5 and by_prefix.get(key[:4]) == 1:
            prefixes[key[:4]] = Query("prefix", key[:4], location)
    location = lambda t: f"glossary/{t.slug}/"  # noqa: E731
    names = [Query("term name", t.term, location(t)) for t in terms]
    aliases = [Query("alias", a, location(t)) for t in terms for a in t.aliases if a not in t.chinese]
    chinese = [Query("Chinese", a, location(t)) for t in terms for a in t.chinese]
    chosen = []
    for group in (only_in_notes, names, aliases, chinese, sorted(pairs, key=lambda q: q.text), sorted(prefixes.values(), key=lambda q: q.text)):
        chosen += rng.sample(group, min(per_kind, len(group)))
    return chosen


def quality(site: Path, queries: list[Query]) -> Quality:
    """hit@1 and recall@10 of our worker and of Material's lunr worker on the same documents and queries."""
    index = SiteIndex.read(site)
    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [{"location": loc, "title": escape(title), "text": escape(text)} for page in index.pages for loc, title, text in page]
    lunr_worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).relative_to(site).as_posix()
    texts = [q.text for q in queries]
    docs_file = site / "bench-lunr-documents.json"  # served with the site, so the page fetches it (not through Playwright)
    docs_file.write_text(json.dumps(docs), encoding="utf-8")
    with launched_chromium() as browser, serve(site) as base:
        try:
            page = browser.new_page()
            page.set_default_timeout(WAIT_MS)
            page.goto(base)
            ours = page.evaluate(ASK_WORKER, [base + "assets/glossator/search-worker.js", {"config": material["config"], "docs": []},
                                              None, texts])
            setup = {"config": material["config"], "docs": [], "options": {"suggest": False}}
            lunr_page = browser.new_page()
            lunr_page.set_default_timeout(WAIT_MS)
            lunr_page.goto(base)
            try:
                lunr = lunr_page.evaluate(ASK_WORKER, [base + lunr_worker, setup, base + docs_file.name, texts])
            except PlaywrightError as error:  # lunr indexing 100,000 documents in one tab can exhaust its memory
                print(f"lunr could not answer: {error}", file=sys.stderr)
                lunr = None
        finally:
            docs_file.unlink()

    def score(answers):
        if answers is None:
            return None, None
        hit1 = sum(bool(a) and a[0] == q.expected for q, a in zip(queries, answers)) / len(queries)
        recall = sum(q.expected in a[:10] for q, a in zip(queries, answers)) / len(queries)
        return hit1, recall

    kinds: dict[str, int] = {}
    for q in queries:
        kinds[q.kind] = kinds.get(q.kind, 0) + 1
    misses = [(q.kind, q.text, a[:3]) for q, a in zip(queries, ours) if not a or a[0] != q.expected]
    first = lambda answers, kind: [bool(a) and a[0] == q.expected for q, a in zip(queries, answers) if q.kind == kind]  # noqa: E731
    by_kind = {kind: tuple(None if answers is None else sum(first(answers, kind)) / count for answers in (ours, lunr))
               for kind, count in kinds.items()}
    return Quality(len(queries), kinds, *score(ours), *score(lunr), misses, by_kind)


def search_index_kb(site: Path) -> float:
    """What a site's search files weigh: ours (search/ less Material's settings) or Material's index."""
    folder = site / "search"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 if folder.is_dir() else 0.0


SEARCH_STEP = re.compile(r"search index: .* CPU ([\d.]+) s")


def search_step(build_output: str) -> float | None:
    """CPU seconds of the build's search step, as the build logs it (`glossator.build.SiteBuild.write_search`):
    its wall time depends on what else the machine runs."""
    found = SEARCH_STEP.search(build_output)
    return float(found.group(1)) if found else None


@dataclass
class SearchResults:
    """The search figures of one benchmark run."""

    size: int
    index_kb: dict[int, float]
    """Our index (every file under search/) at n and 2n editorials."""
    step_s: dict[int, float | None]
    """The build's search step at n and 2n editorials."""
    readings: list[Reading]
    quality: Quality | None
    pagefind: Pagefind | None


def measure_search(size: int, corpus: Path, sites: dict[str, Path], outputs: dict[int, str], with_quality: bool = True) -> SearchResults:
    """`sites`: hosted and offline folders of our build and plain Material's (keys below), and the hooked build of
    2n editorials if there is one; `outputs`: the hooked builds' logs by number of editorials."""
    slugs = sorted(p.stem for p in (corpus / "docs" / "editorials").glob("*.md") if p.stem[:1].isdigit() and "-" in p.stem)
    editorial = slugs[len(slugs) // 2]
    read = readings({"Glossator": (sites["hooked"], sites["hooked offline"]),
                     "plain Material": (sites["plain"], sites["plain offline"])}, editorial)
    found = quality(sites["hooked"], make_queries(corpus, sites["hooked"])) if with_quality else None
    anchor = pagefind(sites["hooked"], f"editorials/{editorial}/")
    sizes = {size: search_index_kb(sites["hooked"])}
    if "hooked double" in sites:
        sizes[2 * size] = search_index_kb(sites["hooked double"])
    return SearchResults(size, sizes, {n: search_step(output) for n, output in outputs.items()}, read, found, anchor)


def tables(r: SearchResults, table) -> str:
    """The search tables, drawn by run.py's `table`."""
    n = r.size
    rows = [["search, in headless Chromium", "editorial, first visit KB", "search index KB before the box opens",
             f"first query KB ({FIRST_QUERY!r})", "first query ms", "each further keystroke ms (median / max)"]]
    for x in r.readings:
        rows.append([x.label, f"{x.page_kb:.0f}", f"{x.search_kb_before:.1f}", f"{x.first_kb:.0f}", f"{x.first_ms:.0f}",
                     f"{statistics.median(x.keystroke_ms):.0f} / {max(x.keystroke_ms):.0f}"])
    if r.pagefind:
        p = r.pagefind
        rows.append(["Pagefind 1.5 on our pages, hosted", "-", "-", f"{p.first_kb:.0f}", f"{p.first_ms:.0f}", "-"])
        rows.append(["Pagefind, offline: cannot (fetch, WebAssembly)", "-", "-", "-", "-", "-"])
    sizes = sorted(r.index_kb)
    index = [["our search index", *(f"{k:,} editorials" for k in sizes)],
             ["size MB", *(f"{r.index_kb[k] / 1024:.1f}" for k in sizes)],
             ["build's search step, CPU s", *(f"{r.step_s[k]:.2f}" if r.step_s.get(k) is not None else "-" for k in sizes)]]
    if r.pagefind:
        index.append([f"Pagefind's index MB (built in {r.pagefind.index_s:.1f} s)", f"{r.pagefind.index_kb / 1024:.1f}",
                      *([""] * (len(sizes) - 1))])
    out = [table(rows), table(index)]
    if r.quality:
        q = r.quality
        kinds = ", ".join(f"{count} {kind}" for kind, count in q.kinds.items())
        out.append(table([[f"quality: {q.queries} queries ({kinds})", "hit@1", "recall@10"],
                          ["Glossator", f"{q.hit1:.3f}", f"{q.recall10:.3f}"],
                          ["lunr (Material's worker) on the same documents", _figure(q.lunr_hit1, 3), _figure(q.lunr_recall10, 3)]]))
        out.append(table([["hit@1 by kind of query", "Glossator", "lunr"],
                          *([kind, f"{ours:.2f}", _figure(lunr, 2)] for kind, (ours, lunr) in q.by_kind.items())]))
        if q.misses:
            out.append("missed at 1: " + "; ".join(f"{kind} {text!r} -> {hits[:1]}" for kind, text, hits in q.misses[:10]))
    return "\n\n".join(out)


def _figure(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def targets(r: SearchResults) -> list[tuple]:
    """(target, measured, limit[, "at least"]): the issue's search targets."""
    n, ours = r.size, [x for x in r.readings if x.label.startswith("Glossator")]
    rows: list[tuple] = []
    for x in ours:
        how = x.label.split(", ")[1]
        rows += [(f"editorial first visit, {how} (KB)", x.page_kb, 500),
                 (f"search index loaded before the box opens, {how} (KB)", x.search_kb_before, 1),
                 (f"first query loads, {how} (KB)", x.first_kb, 300),
                 (f"first query, {how} (ms)", x.first_ms, 300),
                 (f"slowest further keystroke, {how} (ms)", max(x.keystroke_ms), 100)]
    if 2 * n in r.index_kb:
        rows.append((f"search index {2 * n:,} / {n:,} editorials", r.index_kb[2 * n] / r.index_kb[n], 2.1))
    if r.step_s.get(n) and r.step_s.get(2 * n):
        rows.append((f"search step {2 * n:,} / {n:,} editorials", r.step_s[2 * n] / r.step_s[n], 2.1))
    if r.pagefind:
        hosted = next(x for x in ours if x.label.endswith("hosted"))
        rows.append(("first query loads, ours / Pagefind's (hosted)", hosted.first_kb / r.pagefind.first_kb, 1.0))
    if r.quality:
        rows += [("search hit@1", r.quality.hit1, 0.95, "at least"),
                 ("search recall@10, ours / lunr's",
                  None if r.quality.lunr_recall10 is None else r.quality.recall10 / max(r.quality.lunr_recall10, 1e-9), 1.0, "at least")]
    return rows
