"""The import benchmark: Glossator's HTML importer against plain trafilatura, on the same pages in the same run.

Scores both on the extraction corpus (real article pages, each with the text
a careful reader-mode extractor keeps) and prints F1, precision and recall,
the pages with empty output, the pages that lost their first sentence and
the median time per page, then every target of issue 12 as PASS or FAIL.

    python bench/importer.py [--corpus DIR] [--repeat 3] [--pages]     (make bench-import)

The corpus is never committed: it is read from ../shared/extraction-corpus
beside the repository unless --corpus points elsewhere.

Scoring, as the extraction-benchmark community does it: both texts are split
into words (Unicode \\w+ runs, so a run of Chinese characters between two
punctuation marks is one word) and then into 4-word shingles, counted as
multisets; precision is averaged over the pages with output (an empty output
has no precision, and counts as an empty page), recall over all pages, and
F1 is taken from the two averages.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura

from glossator.importers.html import parse_html

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "extraction-corpus"
SHINGLE = 4
TARGETS = {"f1": 0.95, "recall": 0.97, "time_ratio": 1.5}

_BLOCKS = frozenset(
    "p div li ul ol blockquote h1 h2 h3 h4 h5 h6 pre table tr td th figure figcaption section article br dd dt dl"
    " header footer aside nav main".split()
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?](?=\s|$)|[。！？]|$)", re.S)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def shingles(text: str) -> Counter:
    tokens = words(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def block_text(el: lxml.html.HtmlElement) -> str:
    """Text with a line break at every block boundary and none inside inline markup ('W<span>hale' is one word)."""
    el = lxml.html.fromstring(lxml.html.tostring(el))
    for node in el.iter():
        if node.tag in _BLOCKS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    return el.text_content()


@dataclass
class Page:
    """One corpus page: its source, the reference text, its prose blocks, and the first sentence of prose."""

    name: str
    html: str
    expected: str
    prose: list[str]

    @property
    def lead(self) -> str:
        match = _FIRST_SENTENCE.match(self.prose[0]) if self.prose else None
        return match.group(0) if match else ""


def prose_blocks(tree: lxml.html.HtmlElement) -> list[str]:
    """The reference's blocks of prose (8+ words, or 15+ CJK characters), in order.

    Captions and image credits are skipped: the reference keeps some, and an
    importer is right to drop them.
    """
    texts = (" ".join(block_text(el).split()) for el in tree.iter("p", "li", "blockquote", "pre") if not _is_caption(el))
    return [text for text in texts if len(text.split()) >= 8 or len(_CJK.findall(text)) >= 15]


def _is_caption(el: lxml.html.HtmlElement) -> bool:
    """A caption in the reference: in a figure or a 'caption' container, or a paragraph holding its image."""
    around = [el, *el.iterancestors()]
    return (
        (el.tag == "p" and el.find(".//img") is not None)
        or any(a.tag in ("figure", "figcaption") or "caption" in (a.get("class") or "").lower() for a in around)
    )


def load_corpus(corpus: Path) -> list[Page]:
    pages = []
    for folder in sorted(path for path in corpus.iterdir() if (path / "source.html.gz").is_file()):
        html = gzip.decompress((folder / "source.html.gz").read_bytes()).decode("utf-8", errors="replace")
        tree = lxml.html.fromstring((folder / "expected.html").read_text(encoding="utf-8"))
        pages.append(Page(folder.name, html, block_text(tree), prose_blocks(tree)))
    return pages


def glossator_text(html: str) -> str:
    return "\n".join(text for _, text in parse_html(html).blocks)


def trafilatura_text(html: str) -> str:
    return trafilatura.extract(html) or ""


@dataclass
class Score:
    """One extractor on one page; `prose_recall` is the share of the reference's prose blocks kept word for word."""

    precision: float | None
    recall: float
    lost_lead: bool
    seconds: float
    prose_recall: float


def score(page: Page, output: str, seconds: float) -> Score:
    expected, got = shingles(page.expected), shingles(output)
    hits = sum((expected & got).values())
    precision = hits / sum(got.values()) if got else None
    recall = hits / sum(expected.values()) if expected else 1.0
    kept = f" {' '.join(words(output))} "
    lead = " ".join(words(page.lead)[:30])
    prose = [" ".join(words(block)) for block in page.prose]
    prose_recall = sum(f" {block} " in kept for block in prose) / len(prose) if prose else 1.0
    return Score(precision, recall, bool(lead) and f" {lead} " not in kept, seconds, prose_recall)


def timed(extract: Callable[[str], str], html: str, repeat: int) -> tuple[str, float]:
    """The output and the fastest of `repeat` runs: other load on the machine only ever adds time."""
    best, output = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        output = extract(html)
        best = min(best, time.perf_counter() - start)
    return output, best


@dataclass
class Summary:
    name: str
    scores: dict[str, Score]

    @property
    def precision(self) -> float:
        values = [s.precision for s in self.scores.values() if s.precision is not None]
        return statistics.mean(values) if values else 0.0

    @property
    def recall(self) -> float:
        return statistics.mean(s.recall for s in self.scores.values())

    @property
    def prose_recall(self) -> float:
        return statistics.mean(s.prose_recall for s in self.scores.values())

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> list[str]:
        return [name for name, s in self.scores.items() if s.precision is None]

    @property
    def lost_lead(self) -> list[str]:
        return [name for name, s in self.scores.items() if s.lost_lead]

    @property
    def median_ms(self) -> float:
        return statistics.median(s.seconds for s in self.scores.values()) * 1000


def run(pages: list[Page], repeat: int) -> tuple[Summary, Summary]:
    """Both extractors on every page, interleaved, so that load on the machine falls on both alike."""
    ours, plain = Summary("Glossator importer", {}), Summary(f"trafilatura {trafilatura.__version__}", {})
    for page in pages:
        for summary, extract in ((ours, glossator_text), (plain, trafilatura_text)):
            output, seconds = timed(extract, page.html, repeat)
            summary.scores[page.name] = score(page, output, seconds)
    return ours, plain


def report(ours: Summary, plain: Summary, corpus: Path, count: int, per_page: bool) -> list[tuple[str, bool, str]]:
    """Print the table and return the targets as (target, passed, figure)."""
    print(f"Import benchmark: {count} pages of {corpus}")
    print(f"({SHINGLE}-word shingles of \\w+ words; precision over pages with output, recall over all pages)\n")
    print(f"{'':26}{'F1':>7}{'precision':>11}{'recall':>8}{'empty':>7}{'lost lead':>11}{'median ms/page':>16}{'prose kept':>12}")
    for s in (ours, plain):
        print(f"{s.name:26}{s.f1:7.3f}{s.precision:11.3f}{s.recall:8.3f}{len(s.empty):7d}{len(s.lost_lead):11d}"
              f"{s.median_ms:16.1f}{s.prose_recall:12.3f}")
    print("(prose kept: the share of the reference's paragraphs of 8+ words, captions aside, kept word for word;"
          " the reference also keeps captions, credits, bylines and link lists that an importer drops)")
    for s in (ours, plain):
        print(f"\n{s.name}:")
        print(f"  empty pages: {', '.join(s.empty) or 'none'}")
        print(f"  pages that lost their first sentence: {', '.join(s.lost_lead) or 'none'}")
    if per_page:
        print(f"\n{'page':26}{'P ours':>8}{'R ours':>8}{'P plain':>9}{'R plain':>9}")
        for name, mine in ours.scores.items():
            theirs = plain.scores[name]
            cells = [f"{value:.2f}" if value is not None else "-" for value in (mine.precision, mine.recall, theirs.precision, theirs.recall)]
            print(f"{name:26}{cells[0]:>8}{cells[1]:>8}{cells[2]:>9}{cells[3]:>9}")
    ratio = ours.median_ms / plain.median_ms if plain.median_ms else float("inf")
    return [
        (f"F1 >= {TARGETS['f1']}", ours.f1 >= TARGETS["f1"], f"{ours.f1:.3f}"),
        (f"recall >= {TARGETS['recall']}", ours.recall >= TARGETS["recall"], f"{ours.recall:.3f}"),
        ("no empty page", not ours.empty, str(len(ours.empty))),
        ("the lead kept on every page", not ours.lost_lead, f"{len(ours.lost_lead)} lost"),
        (f"median time <= {TARGETS['time_ratio']}x trafilatura's", ratio <= TARGETS["time_ratio"],
         f"{ours.median_ms:.1f} / {plain.median_ms:.1f} ms = {ratio:.2f}x"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"the extraction corpus (default: {DEFAULT_CORPUS})")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page and extractor; the fastest counts (default: 3)")
    parser.add_argument("--pages", action="store_true", help="also print each page's precision and recall")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench-import: no extraction corpus at {args.corpus}.\n"
              "It is not in the repository (its pages belong to their publishers): point --corpus "
              "(make bench-import EXTRACTION_CORPUS=DIR) at a folder of <name>/source.html.gz + expected.html.",
              file=sys.stderr)
        return 2
    pages = load_corpus(args.corpus)
    if not pages:
        print(f"bench-import: {args.corpus} holds no <name>/source.html.gz pages", file=sys.stderr)
        return 2
    ours, plain = run(pages, args.repeat)
    targets = report(ours, plain, args.corpus, len(pages), args.pages)
    print("\nTargets:")
    for target, passed, figure in targets:
        print(f"  {'PASS' if passed else 'FAIL'}  {target}: {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
