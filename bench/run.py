"""The benchmark: Glossator's hooks against plain Material for MkDocs on a synthetic corpus.

Generates the corpora (bench/generate.py), builds each in a child process,
times the other paths a contributor waits for (check, a rebuild under
`mkdocs serve`, the offline bundle's search) and prints a table, then every
target of bench/README.md as PASS or FAIL. Every figure is a ratio measured
in the same run, on the same machine.

    python bench/run.py [--size 1000] [--repeat 1]      (make bench [BENCH_SIZE=n] [BENCH_REPEAT=n])
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import cachebench
import searchbench  # puts tests/ on the path: the browser and server helpers
from browser import fetched, free_port
from generate import Options, generate

from glossator import cache
from glossator.index.terms import TermMatcher
from glossator.project import load_corpus, read_settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
TERMS = 500
GLOSSARY_SIZES = (20, 2000)
"""The glossary target compares these sizes on the same text, where only the first 20 terms occur."""
WAIT = 900.0
"""Seconds any one wait (a server's first build, a rebuild, a search) may take before the benchmark gives up."""


@dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds, and its peak resident memory."""

    wall: float
    cpu: float
    peak_mb: float
    output: str


def run(command: list[str], cwd: Path = ROOT) -> Run:
    """Run `command` to its end; wait4 gives the rusage of this child alone, so runs do not mix."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}:\n{output[-4000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def fastest(command: list[str], repeat: int, cwd: Path = ROOT, before=lambda: None) -> Run:
    """The fastest of `repeat` runs, each after `before()`: other load on the machine only ever adds time."""
    runs = []
    for _ in range(repeat):
        before()
        runs.append(run(command, cwd))
    return min(runs, key=lambda r: r.wall)


@dataclass(frozen=True)
class Site:
    """What a build wrote: bytes in all, per page, and in the search index."""

    total: int
    median_page: float
    largest_page: int
    largest_name: str
    search_index: int

    @classmethod
    def measure(cls, folder: Path) -> "Site":
        files = [p for p in folder.rglob("*") if p.is_file()]
        pages = sorted((p.stat().st_size, p.relative_to(folder).as_posix()) for p in files if p.suffix == ".html")
        largest = pages[-1][1].removesuffix("index.html")
        search = sum(p.stat().st_size for p in files if p.relative_to(folder).parts[0] == "search")
        return cls(sum(p.stat().st_size for p in files), statistics.median(size for size, _ in pages),
                   pages[-1][0], largest if len(largest) < 30 else largest[:27] + "…", search)


@dataclass(frozen=True)
class Build:
    label: str
    run: Run
    site: Site

    @property
    def problems(self) -> int:
        """Warnings and errors the build logged: a generated corpus must have none."""
        return sum(line.startswith(("WARNING", "ERROR")) for line in self.run.output.splitlines())


def site_folder(folder: Path, config: str) -> Path:
    return folder.parent / f"{folder.name}-site-{Path(config).stem}"


def build(folder: Path, config: str, label: str, repeat: int, before=None, uncached: bool = False) -> Build:
    """A build, cold (the build cache cleared before each run) unless `before` prepares it otherwise; `uncached`,
    with the cache switched off (GLOSSATOR_CACHE=0: nothing read or written)."""
    site = site_folder(folder, config)
    switch = ["env", f"{cache.SWITCH}=0"] if uncached else []
    result = fastest([*switch, PYTHON, "-m", "mkdocs", "build", "-f", str(folder / config), "-d", str(site)], repeat,
                     before=before or (lambda: cachebench.clear_cache(folder)))
    return Build(label, result, Site.measure(site))


def corpus(out: Path, name: str, options: Options) -> tuple[Path, dict[str, int]]:
    """Generate a corpus afresh (the generator is deterministic): its folder and counts."""
    print(f"generating {name}: {options}", file=sys.stderr)
    return out / name, generate(out / name, options)


def check_time(folder: Path, repeat: int, warm: bool = False) -> Run:
    """`glossator check`: cold (the cache cleared before each run), or warm (after a first, untimed check)."""
    command = [PYTHON, "-m", "glossator", "-f", str(folder / "mkdocs.yml"), "check"]
    if warm:
        run(command)
    return fastest(command, repeat, before=(lambda: None) if warm else lambda: cachebench.clear_cache(folder))


def measure_cache(main_dir: Path, size: int, repeat: int) -> cachebench.CacheResults:
    """Warm builds of the main corpus (after run.py's cold one), warm check, `mkdocs serve`, the cache's size."""
    print("warm builds, serve", file=sys.stderr)
    # Switched off, the cache is neither read nor written: the cold build's stays for the warm builds.
    uncached = build(main_dir, "mkdocs.yml", f"hooked, {size:,}, cache off", repeat, before=lambda: None, uncached=True)
    warm = build(main_dir, "mkdocs.yml", f"hooked, {size:,}, warm: nothing changed", repeat, before=lambda: None)
    edit, restore = cachebench.note_edited(main_dir)
    try:
        one_note = build(main_dir, "mkdocs.yml", f"hooked, {size:,}, warm: one note edited", repeat, before=edit)
    finally:
        restore()
    build(main_dir, "mkdocs.yml", "", 1, before=lambda: None)  # the cache of the files as they are
    size_on_disk = cache.size(main_dir)
    served = cachebench.serve_rebuilds(main_dir, PYTHON, ENV, fetched, _wait_for, free_port())
    return cachebench.CacheResults(uncached, warm, one_note, check_time(main_dir, repeat, warm=True), served, size_on_disk,
                                   cachebench.input_bytes(main_dir))


def scanned_texts(folder: Path) -> list[str]:
    """Every paragraph and note of a corpus: what the matcher scans."""
    loaded = load_corpus(read_settings(folder / "mkdocs.yml"))[0]
    return [b.text for e in loaded.editorials.values() for b in e.paragraphs] + [n.body for n in loaded.notes]


def glossary(folder: Path) -> list:
    """A corpus's glossary terms."""
    return list(load_corpus(read_settings(folder / "mkdocs.yml"))[0].terms.values())


@dataclass(frozen=True)
class Matching:
    """The term matcher alone: building its automaton (once per build) and scanning all the text with it."""

    build: float
    scan: float


def matcher_time(texts: list[str], terms: list, repeat: int) -> Matching:
    """The fastest of a few runs of each: build a TermMatcher of `terms`, then scan `texts` with it."""
    builds, scans = [], []
    for _ in range(max(3, repeat)):
        start = time.perf_counter()
        matcher = TermMatcher(terms)
        built = time.perf_counter()
        for text in texts:
            matcher.find(text)
        builds.append(built - start)
        scans.append(time.perf_counter() - built)
    return Matching(min(builds), min(scans))


def _wait_for(condition, what: str, timeout: float = WAIT, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def hooked_bundle(folder: Path) -> Path | None:
    """`glossator bundle` of the corpus, unzipped: its home page; None when this Glossator has no `bundle` command yet."""
    help_ = subprocess.run([PYTHON, "-m", "glossator", "bundle", "--help"], env=ENV, capture_output=True)
    if help_.returncode:
        return None
    archive, unpacked = folder.parent / f"{folder.name}-bundle.zip", folder.parent / f"{folder.name}-bundle"
    run([PYTHON, "-m", "glossator", "-f", str(folder / "mkdocs.yml"), "bundle", "-o", str(archive)])
    shutil.rmtree(unpacked, ignore_errors=True)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(unpacked)
    return next(unpacked.glob("*/index.html"))


def plain_bundle(folder: Path) -> Path:
    """Plain Material's offline build of the same pages (same vendored shim): its home page."""
    site = folder.parent / f"{folder.name}-plain-bundle"
    run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs-plain-offline.yml"), "-d", str(site)])
    return site / "index.html"


def search_seconds(home: Path | None, query: str) -> float | None:
    """Seconds from the offline home page's `load` in headless Chromium (from file://) to the first result for `query`."""
    if home is None:
        return None
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(home.as_uri(), wait_until="load")
            start = time.perf_counter()
            page.locator("label.md-search__icon, .md-search__input").first.click()
            box, results = page.locator(".md-search__input"), page.locator(".md-search-result__item")
            box.fill(query)
            deadline = start + WAIT
            while time.perf_counter() < deadline:
                try:
                    results.first.wait_for(state="visible", timeout=100)
                    return time.perf_counter() - start
                except PlaywrightTimeout:  # the index is not loaded yet: Material ignores the query until it is
                    box.press("Backspace")
                    box.type(query[-1])
            raise SystemExit(f"no search result for {query!r} in {home} after {WAIT:.0f} s")
        finally:
            browser.close()


def _table(rows: list[list[str]]) -> str:
    """Columns padded to their widest cell: the first left-aligned, the figures right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))

    return "\n".join([line(rows[0]), line(["-" * w for w in widths]), *map(line, rows[1:])])


def builds_table(builds: list[Build]) -> str:
    kb, mb = 1024, 1024 * 1024
    rows = [["build", "wall s", "CPU s", "peak MB", "site MB", "median page KB", "largest page KB (which)", "search index MB", "warnings"]]
    for b in builds:
        rows.append([b.label, f"{b.run.wall:.1f}", f"{b.run.cpu:.1f}", f"{b.run.peak_mb:.0f}", f"{b.site.total / mb:.1f}",
                     f"{b.site.median_page / kb:.1f}", f"{b.site.largest_page / kb:.0f} ({b.site.largest_name})",
                     f"{b.site.search_index / mb:.1f}", str(b.problems)])
    return _table(rows)


def targets_table(entries: list[tuple]) -> str:
    """(target, measured, limit): PASS at or under the limit; with a fourth element "at least", at or over it."""
    rows = [["target", "measured", "limit", "result"]]
    for name, value, limit, *at_least in entries:
        met = value is not None and (value >= limit if at_least else value <= limit)
        rows.append([name, "-" if value is None else f"{value:.2f}", f"{'≥ ' if at_least else ''}{limit:g}",
                     "SKIP" if value is None else "PASS" if met else "FAIL"])
    return _table(rows)


@dataclass
class Results:
    """Everything one benchmark run measured."""

    size: int
    counts: dict[str, int]
    plain: Build
    hooked: Build
    plain_double: Build
    hooked_double: Build
    by_terms: dict[int, Build]
    check: Run
    matched: dict[int, Matching]
    cache: cachebench.CacheResults
    search: float | None
    plain_search: float
    search_results: searchbench.SearchResults


def search_figures(size: int, main_dir: Path, double_dir: Path | None, builds: list[Build]) -> tuple[float, float, searchbench.SearchResults]:
    """The offline bundles' first answers from the home page (ours, plain Material's), and the search in Chromium
    (bench/searchbench.py): hosted and offline, against plain Material, and the query set against lunr."""
    print("search", file=sys.stderr)
    hooked_home, plain_home = hooked_bundle(main_dir), plain_bundle(main_dir)
    sites = {"hooked": site_folder(main_dir, "mkdocs.yml"), "hooked offline": hooked_home.parent,
             "plain": site_folder(main_dir, "mkdocs-plain.yml"), "plain offline": plain_home.parent}
    if double_dir:
        sites["hooked double"] = site_folder(double_dir, "mkdocs.yml")
    outputs = {n: b.run.output for b in builds for n in (size, 2 * size) if b.label == f"hooked, {n:,}"}
    found = searchbench.measure_search(size, main_dir, sites, outputs)
    return search_seconds(hooked_home, "trade"), search_seconds(plain_home, "trade"), found


def main_builds(size: int, repeat: int, out: Path, double: bool = True) -> tuple[Path, Path | None, dict[str, int], list[Build]]:
    """The main corpus (n editorials) and its double (unless not `double`), each built plain and hooked."""
    main_dir, counts = corpus(out, "main", Options(editorials=size, terms=TERMS))
    double_dir = corpus(out, "double", Options(editorials=2 * size, terms=TERMS))[0] if double else None
    print("building", file=sys.stderr)
    builds = [build(folder, config, f"{'hooked' if config == 'mkdocs.yml' else 'plain Material'}, {n:,}", repeat)
              for folder, n in ((main_dir, size), (double_dir, 2 * size)) if folder
              for config in ("mkdocs-plain.yml", "mkdocs.yml")]
    return main_dir, double_dir, counts, builds


def measure(size: int, repeat: int, out: Path) -> Results:
    small, large = GLOSSARY_SIZES
    main_dir, double_dir, counts, builds = main_builds(size, repeat, out)
    glossary_dirs = {n: corpus(out, f"terms-{n}", Options(editorials=size, terms=large, planted_terms=small, glossary_terms=n))[0]
                     for n in GLOSSARY_SIZES}
    by_terms = {n: build(folder, "mkdocs.yml", f"hooked, {size:,}, {n:,} terms ({small} in the text)", repeat)
                for n, folder in glossary_dirs.items()}
    cached = measure_cache(main_dir, size, repeat)  # before the cold check, which removes the cache
    print("check, matcher, bundle", file=sys.stderr)
    scanned = scanned_texts(glossary_dirs[large])
    return Results(size, counts, *builds, by_terms, check_time(main_dir, repeat),
                   {n: matcher_time(scanned, glossary(folder), repeat) for n, folder in glossary_dirs.items()},
                   cached, *search_figures(size, main_dir, double_dir, builds))


def others_table(r: Results) -> str:
    search = "skipped: no `glossator bundle`" if r.search is None else f"{r.search:.2f}"
    return _table([["other", "seconds"],
                   [f"glossator check ({r.counts['notes']:,} notes), cold, wall (CPU {r.check.cpu:.1f} s)", f"{r.check.wall:.2f}"],
                   *cachebench.rows(r.cache),
                   *([f"matcher alone, {n:,} terms: build its automaton", f"{m.build:.3f}"] for n, m in r.matched.items()),
                   *([f"matcher alone, {n:,} terms: scan all text", f"{m.scan:.3f}"] for n, m in r.matched.items()),
                   ["offline bundle: search answers, from the home page's load", search],
                   ["plain Material offline, same pages: search answers", f"{r.plain_search:.2f}"]])


def targets(r: Results) -> list[tuple]:
    """(target, measured, limit): the issue's targets, each a ratio of figures from this run (or seconds)."""
    n, (small, large) = r.size, GLOSSARY_SIZES
    return [
        *cachebench.targets(r.cache, r.plain, r.hooked, n),
        (f"hooked build {2 * n:,} / {n:,} editorials", r.hooked_double.run.wall / r.hooked.run.wall, 2.1),
        (f"median page {2 * n:,} / {n:,} editorials (hooked)", r.hooked_double.site.median_page / r.hooked.site.median_page, 1.05),
        (f"glossator check, {r.counts['notes']:,} notes (s)", r.check.wall, 2.0),
        (f"hooked build {large:,} / {small} terms", r.by_terms[large].run.wall / r.by_terms[small].run.wall, 1.2),
        (f"matcher scan {large:,} / {small} terms", r.matched[large].scan / r.matched[small].scan, 1.2),
        (f"offline bundle search, {n:,} editorials (s)", r.search, 1.0),
        *searchbench.targets(r.search_results),
    ]


def report(r: Results) -> None:
    c = r.counts
    print(f"\nGlossator benchmark: {c['editorials']:,} editorials, {c['paragraphs']:,} paragraphs, "
          f"{c['notes']:,} notes in {c['note files']:,} files, {c['terms']:,} terms; {os.cpu_count()} CPUs\n")
    print(builds_table([r.plain, r.hooked, r.cache.uncached, r.cache.warm, r.cache.one_note, r.plain_double, r.hooked_double, *r.by_terms.values()]))
    print("\n" + others_table(r))
    print("\n" + searchbench.tables(r.search_results, _table))
    print("\n" + targets_table(targets(r)))


def search_only(size: int, repeat: int, out: Path, double: bool) -> None:
    """`--only search`: the main corpus and its double (unless not `double`), built both ways, and the search
    figures and targets."""
    main_dir, double_dir, counts, builds = main_builds(size, repeat, out, double)
    hooked, plain, found = search_figures(size, main_dir, double_dir, builds)
    print(f"\nGlossator search benchmark: {counts['editorials']:,} editorials, {counts['paragraphs']:,} paragraphs, "
          f"{counts['notes']:,} notes, {counts['terms']:,} terms; {os.cpu_count()} CPUs\n")
    print(builds_table(builds))
    print("\n" + _table([["offline bundle, from the home page's load", "seconds to the first result"],
                         ["Glossator", f"{hooked:.2f}"], ["plain Material", f"{plain:.2f}"]]))
    print("\n" + searchbench.tables(found, _table))
    print("\n" + targets_table([(f"offline bundle search, {size:,} editorials (s)", hooked, 1.0), *searchbench.targets(found)]))


def cache_only(size: int, repeat: int, out: Path) -> None:
    """`--only cache`: the main corpus built plain, cold and warm, `check` cold and warm, `mkdocs serve`, the cache's size."""
    main_dir, _, counts, builds = main_builds(size, repeat, out, double=False)
    plain, hooked = builds
    found = measure_cache(main_dir, size, repeat)
    check = check_time(main_dir, repeat)  # cold: it removes the cache, so it comes last
    print(f"\nGlossator build cache benchmark: {counts['editorials']:,} editorials, {counts['notes']:,} notes in "
          f"{counts['note files']:,} files, {counts['terms']:,} terms; {os.cpu_count()} CPUs\n")
    print(builds_table([plain, hooked, found.uncached, found.warm, found.one_note]))
    print("\n" + _table([["other", "seconds"], [f"glossator check, cold, wall (CPU {check.cpu:.1f} s)", f"{check.wall:.2f}"],
                         *cachebench.rows(found)]))
    print("\n" + targets_table(cachebench.targets(found, plain, hooked, size)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="editorials in the main corpus (default 1000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build and check; the fastest counts (default 1)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="working folder (default bench/out)")
    parser.add_argument("--only", choices=["search", "cache"],
                        help="search: only what the search figures need; cache: only the build cache's figures")
    parser.add_argument("--no-double", action="store_true", help="with --only search: no corpus of twice the size")
    args = parser.parse_args(argv)
    if args.only == "search":
        search_only(args.size, args.repeat, args.out, not args.no_double)
    elif args.only == "cache":
        cache_only(args.size, args.repeat, args.out)
    else:
        report(measure(args.size, args.repeat, args.out))


if __name__ == "__main__":
    main()
