"""A synthetic Glossator project of any size, for the benchmark (bench/run.py) and its smoke test.

Editorials are shaped like the seed: the importer's front matter (built with
SourceEditorial and render_page, so pages are canonical) and 9-12 paragraphs
of 60-160 words, written by a word chain trained on the seed editorial. About
40% of paragraphs have a note file: valid notes, some quoting their paragraph,
some citing [[slug#pN]] in earlier editorials. Glossary terms have English
aliases and, for some, Chinese and pinyin spellings; the spellings are planted
in editorials and notes at Zipf-like rates (a few terms are everywhere, most
are rare).

Deterministic: every editorial and term draws from its own random stream
(seed, kind, index), so a corpus of n editorials is the first n of any larger
one, and the text does not depend on how many terms the glossary has. That
is what lets run.py compare sizes and glossaries like with like.

    python bench/generate.py OUT [--editorials 1000] [--terms 500] [--planted-terms N] [--glossary-terms N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

import yaml

from glossator.importers import read_source
from glossator.importers.base import SourceEditorial, render_page
from glossator.text import slugify

ROOT = Path(__file__).resolve().parent.parent
SEED_SOURCE = ROOT / "sources" / "000_efc9fbd3b90104e8.txt"
CONTENT_FOLDERS = ("editorials", "glossary")
"""Folders of docs/ whose pages (but for index.md) are content: generated, never copied from the project."""
UNLISTED = "unlisted"
"""Folder of term pages left out of the glossary (--glossary-terms): ordinary pages, built but not terms."""
MARKER = ".glossator-bench"
"""Marks a folder this script wrote, so that it only ever deletes its own output."""
FIRST_DAY = date(2020, 1, 1)

OUTLETS = ("Global Times", "China Daily", "People's Daily", "Xinhua")
TAGS = ("China US", "Trade", "Technology", "Diplomacy", "Economy", "Climate", "Europe", "Asia-Pacific", "Security",
        "Finance", "Energy", "Taiwan question", "Belt and Road", "Multilateralism", "Supply chains", "Tariffs",
        "Semiconductors", "Agriculture", "Africa", "Middle East", "Global South", "Public health", "Culture", "Education")
HANDLES = ("glossator-team", "lin-wei", "mkent", "sarah-o", "tradewatch", "dchen", "fact-desk", "p-ivanova", "jmorales", "yuki-t")
NOTE_KINDS = ("context", "context", "context", "fact-check", "translation", "analysis", "correction")

TERM_MODIFIERS = (
    "amber alder aspen basalt birch bramble cedar cobalt coral cypress dune ember fern fjord glacier granite hazel heron "
    "indigo iris jade juniper kelp kestrel lantern larch lotus maple marble meadow nettle nimbus obsidian opal orchid "
    "pewter poplar quartz quill reed rowan russet sable saffron spruce thistle tundra umber velvet walnut willow yarrow"
).split()
TERM_HEADS = (
    "accord anchor beacon blueprint bridge canopy charter circuit compact compass concord convoy corridor covenant "
    "crossing doctrine forum gateway harbour horizon keystone lattice ledger mandate meridian mosaic pact pathway "
    "pillar plateau pledge protocol roadmap scaffold summit tapestry threshold trellis vanguard vista waypoint "
    "causeway lodestar rampart citadel orbit prism quorum spindle tether"
).split()
CHINESE = dict(pair.split(":") for pair in (
    "安:an 北:bei 城:cheng 大:da 东:dong 发:fa 港:gang 海:hai 华:hua 江:jiang 金:jin 开:kai 蓝:lan 林:lin 路:lu 美:mei "
    "南:nan 平:ping 桥:qiao 人:ren 山:shan 天:tian 湾:wan 西:xi 洋:yang 云:yun 中:zhong 常:chang 船:chuan 道:dao 风:feng "
    "光:guang 河:he 湖:hu 景:jing 空:kong 龙:long 明:ming 宁:ning 青:qing 荣:rong 森:sen 通:tong 文:wen 星:xing 元:yuan "
    "泽:ze 州:zhou 博:bo 春:chun 德:de 福:fu 高:gao 康:kang 乐:le"
).split())
CHINESE_ENDINGS = {"战略": "zhanlue", "合作": "hezuo", "体系": "tixi", "倡议": "changyi", "框架": "kuangjia", "机制": "jizhi"}
"""Second halves of Chinese spellings: no character of them is in CHINESE, so no spelling hides inside another."""


@dataclass(frozen=True)
class Options:
    editorials: int = 1000
    terms: int = 500
    planted_terms: int | None = None
    """How many terms (the first ones) occur in the text; None: all of them."""
    glossary_terms: int | None = None
    """How many terms (the first ones) are glossary pages; the others go to docs/unlisted/. None: all."""
    seed: int = 1


def stream(seed: int, kind: str, index: int) -> random.Random:
    """The random numbers of one editorial or term, independent of every other."""
    return random.Random(f"{seed}:{kind}:{index}")


class WordChain:
    """English-like sentences: a first-order word chain over the seed editorial's text."""

    _STRIPPED = "\"“”‘’()"
    """Quote marks and brackets come off the words: the chain would leave them unbalanced."""

    def __init__(self, paragraphs: list[str]):
        self.successors: dict[str, list[str]] = defaultdict(list)
        self.openers: list[str] = []
        previous = "."
        for word in (w.strip(self._STRIPPED) for text in paragraphs for w in text.split()):
            if word:
                (self.openers if previous.endswith(".") else self.successors[previous]).append(word)
                previous = word

    @property
    def vocabulary(self) -> set[str]:
        """Every word the chain can write, lower-cased and without punctuation."""
        words = [*self.openers, *(w for following in self.successors.values() for w in following)]
        return {w.lower().strip(".,;:!?") for w in words}

    def sentence(self, rng: random.Random, max_words: int = 40) -> list[str]:
        """Words from an opener to a full stop, cut (and closed) at `max_words`."""
        words = [rng.choice(self.openers)]
        while not words[-1].endswith(".") and len(words) < max_words:
            following = self.successors.get(words[-1])
            if not following:
                break
            words.append(rng.choice(following))
        if not words[-1].endswith("."):
            words[-1] = words[-1].rstrip(",;:") + "."
        return words

    def words(self, rng: random.Random, low: int, high: int) -> list[str]:
        """Whole sentences, between `low` and `high` words in all."""
        target, words = rng.randint(low, high), []
        while len(words) < target:
            words += self.sentence(rng, max_words=min(40, high - len(words)))
        return words

    def headline(self, rng: random.Random) -> str:
        words = self.sentence(rng, max_words=rng.randint(5, 10))
        return " ".join(words).rstrip(".,;:")


@dataclass(frozen=True)
class SynthTerm:
    index: int
    name: str
    aliases: tuple[str, ...]
    chinese: str
    pinyin: str

    @property
    def slug(self) -> str:
        return slugify(self.name)

    def spelling(self, rng: random.Random) -> str:
        """How one occurrence writes the term: mostly its name, sometimes an alias, the Chinese or the pinyin."""
        choices = [self.name.lower()] * 5 + list(self.aliases) * 2
        if self.chinese:
            choices += [f"{self.name.lower()} ({self.chinese})", self.pinyin]
        return rng.choice(choices)


def _pair(index: int, first: list[str], second: list[str]) -> tuple[str, str]:
    """A different (first, second) pair for every index below len(first) * len(second), scattered."""
    row, column = divmod(index, len(first))
    return first[column], second[(row + column) % len(second)]


def make_term(index: int, seed: int, modifiers: list[str]) -> SynthTerm:
    """Term `index`: a two-word name whose first word the seed text never uses, so it occurs only where planted."""
    if index >= len(modifiers) * len(TERM_HEADS):
        raise ValueError(f"at most {len(modifiers) * len(TERM_HEADS)} terms")
    rng = stream(seed, "term", index)
    modifier, head = _pair(index, modifiers, TERM_HEADS)
    aliases = (f"{modifier} {head}s", f"{modifier}-{head}")
    chinese = pinyin = ""
    if rng.random() < 0.4:
        first, second = _pair(index, list(CHINESE), list(CHINESE))
        ending = rng.choice(list(CHINESE_ENDINGS))
        chinese, pinyin = first + second + ending, f"{CHINESE[first]} {CHINESE[second]} {CHINESE_ENDINGS[ending]}"
    return SynthTerm(index, f"{modifier.capitalize()} {head}", aliases[: rng.randint(1, 2)], chinese, pinyin)


class Planter:
    """Plants term spellings into text: term i is drawn with weight 1/(i+1), like word frequencies."""

    COUNTS, COUNT_WEIGHTS = (0, 1, 2, 3), (45, 33, 15, 7)

    def __init__(self, terms: list[SynthTerm]):
        self.terms = terms
        self.cumulative = list(accumulate(1 / (i + 1) for i in range(len(terms))))

    def plant(self, rng: random.Random, words: list[str], scale: float = 1.0) -> list[str]:
        if not self.terms:
            return words
        words = list(words)
        for _ in range(round(rng.choices(self.COUNTS, self.COUNT_WEIGHTS)[0] * scale)):
            term = self.terms[bisect(self.cumulative, rng.random() * self.cumulative[-1])]
            position = rng.randrange(1, len(words)) if len(words) > 1 else len(words)
            words.insert(position, term.spelling(rng))
        return words


@dataclass(frozen=True)
class Written:
    """What later editorials may cite: an editorial's slug and paragraph count."""

    slug: str
    paragraphs: int


def make_editorial(index: int, seed: int, chain: WordChain, planter: Planter) -> SourceEditorial:
    """Editorial `index` (one day after the one before), as an importer would hand it to render_page."""
    rng = stream(seed, "editorial", index)
    outlet = rng.choice(OUTLETS)
    day = FIRST_DAY + timedelta(days=index)
    paragraphs = [" ".join(planter.plant(rng, chain.words(rng, 60, 160))) for _ in range(rng.randint(9, 12))]
    return SourceEditorial(
        title=f"{chain.headline(rng)}: {outlet} editorial",
        blocks=[("paragraph", text) for text in paragraphs],
        date=f"{day.isoformat()}T{rng.randint(0, 23):02}:{rng.randrange(0, 60, 5):02}:00+08:00",
        source=outlet,
        section="Opinion / Editorial",
        tags=rng.sample(TAGS, rng.randint(1, 3)),
        imported_from=f"bench-{index:05}.txt",
    )


def make_note(rng: random.Random, paragraph: str, key: str, chain: WordChain, planter: Planter, earlier: list[Written]) -> dict:
    """One note: Markov text, maybe a quote copied from the paragraph, a [[slug#pN]] reference, sources and an id."""
    note: dict = {"note": " ".join(planter.plant(rng, chain.words(rng, 25, 90), scale=0.5))}
    words = paragraph.split(" ")
    if rng.random() < 0.5 and len(words) > 8:
        start = rng.randrange(len(words) - 8)
        note["quote"] = " ".join(words[start: start + rng.randint(3, 8)])
    if earlier and rng.random() < 0.25:
        cited = rng.choice(earlier[-100:])
        note["note"] += f" Compare [[{cited.slug}#p{rng.randint(1, cited.paragraphs)}]]."
    note["kind"] = rng.choice(NOTE_KINDS)
    note["by"] = rng.choice(HANDLES)
    if rng.random() < 0.7:
        note["sources"] = [f"[{' '.join(chain.sentence(rng, 8)).rstrip('.')} ({rng.choice(OUTLETS)})](https://example.org/{key}/{n})"
                           for n in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        note["id"] = key
    return note


def make_notes(index: int, seed: int, editorial: SourceEditorial, chain: WordChain, planter: Planter,
               earlier: list[Written]) -> dict[int, list[dict]]:
    """Notes on about 40% of the paragraphs, 1-4 per paragraph (about 2.4 on average)."""
    rng, names = stream(seed, "notes", index), stream(seed, "names", index)
    notes = {}
    for number, text in enumerate(editorial.paragraph_texts, start=1):
        if rng.random() < 0.4:
            count = rng.choices((1, 2, 3, 4), (25, 30, 25, 20))[0]
            notes[number] = [make_note(rng, text, f"p{number}-n{k}", chain, planter, earlier) for k in range(1, count + 1)]
            if names.random() < 0.2:  # from a stream of its own: the rest of the corpus is as it was without names
                notes[number][0]["note"] += f" So wrote {coined_name(names)}."
    return notes


SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def coined_name(rng: random.Random) -> str:
    """A name no editorial uses (syllables the seed's words are not made of): words found only in notes, for search."""
    return "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize() + rng.choice(("ski", "ov", "berg", "ard", "ez"))


def term_page(term: SynthTerm, seed: int, chain: WordChain, names: list[str]) -> str:
    """A glossary page; `names` are the slugs of all terms, for see_also among the few terms before this one."""
    rng = stream(seed, "term-page", term.index)
    meta = {"term": term.name, "summary": " ".join(chain.sentence(rng, 25)), "aliases": list(term.aliases) + ([term.chinese] if term.chinese else [])}
    if term.pinyin:
        meta["pinyin"] = [term.pinyin]
    nearby = names[max(0, term.index - 5): term.index]
    if nearby:
        meta["see_also"] = rng.sample(nearby, min(len(nearby), 2))
    meta["sources"] = [f"[{term.name} (Bench Review, {rng.randint(2010, 2025)})](https://example.org/glossary/{term.slug})"]
    body = "\n\n".join(" ".join(chain.words(rng, 40, 120)) for _ in range(rng.randint(1, 2)))
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)}---\n{body}\n"


@dataclass(frozen=True)
class Tagged:
    """A tagged YAML value of mkdocs.yml (`!ENV [NAME, default]`), kept as written for MkDocs to resolve."""

    tag: str
    node: yaml.Node


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: Tagged(node.tag, node))
_ConfigDumper.add_representer(Tagged, lambda dumper, value: value.node)


PLAIN_SHIM = "assets/vendor/iframe-worker/shim.js"
"""Where the plain offline build finds the iframe-worker shim (Material's offline plugin would fetch it from a CDN)."""


def site_config(hooked: bool, offline: bool = False) -> dict:
    """The project's mkdocs.yml for a corpus folder: with every hook, or plain Material with the same pages and nav
    (and, `offline`, Material's offline plugin on, with the same vendored shim as the bundle, so its search can work)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    config["not_in_nav"] += f"/{UNLISTED}/*.md\n"
    if hooked:
        config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    else:
        del config["hooks"], config["theme"]["custom_dir"], config["extra"]["glossator"]
    if offline:
        config["plugins"] = [{"offline": {"enabled": True}} if _names(p) == {"offline"} else p for p in config["plugins"]]
        config["extra"]["polyfills"] = [PLAIN_SHIM]
    return config


def _names(plugin) -> set[str]:
    return set(plugin) if isinstance(plugin, dict) else {plugin}


def _parent(path: Path) -> Path:
    """`path`, once its folder exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _write(path: Path, text: str) -> None:
    _parent(path).write_text(text, encoding="utf-8")


def _copy_site_pages(docs: Path) -> None:
    """The project's own pages (home, about, the listings whose markers grow with the corpus, …), as they are."""
    for path in (ROOT / "docs").rglob("*"):
        relative = path.relative_to(ROOT / "docs")
        if path.is_file() and (relative.parent.as_posix() not in CONTENT_FOLDERS or relative.name == "index.md"):
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / relative)


def _fresh(out: Path) -> None:
    """Empty `out`, refusing to touch a non-empty folder that this script did not write."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} is not empty and was not written by bench/generate.py; choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("", encoding="utf-8")


def _commit(out: Path) -> None:
    """Make the corpus a git repository with one commit, so note dates come from `git log` as on a real site."""
    if shutil.which("git") is None:
        return
    moment = "2025-11-07T12:00:00+00:00"
    env = os.environ | {"GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false", "-C", str(out)]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Synthetic corpus"]):
        subprocess.run(git + args, check=True, env=env, capture_output=True)


def generate(out: Path, options: Options) -> dict[str, int]:
    """Write the corpus into `out`; the counts of what was written."""
    _fresh(out)
    chain = WordChain(read_source(SEED_SOURCE).paragraph_texts)
    modifiers = [word for word in TERM_MODIFIERS if word not in chain.vocabulary]
    terms = [make_term(i, options.seed, modifiers) for i in range(options.terms)]
    planter = Planter(terms[: options.planted_terms])
    slugs = [t.slug for t in terms]
    in_glossary = options.terms if options.glossary_terms is None else options.glossary_terms
    for term in terms:
        folder = "glossary" if term.index < in_glossary else UNLISTED
        _write(out / "docs" / folder / f"{term.slug}.md", term_page(term, options.seed, chain, slugs))
    earlier: list[Written] = []
    counts = {"editorials": 0, "paragraphs": 0, "note files": 0, "notes": 0, "terms": min(in_glossary, options.terms)}
    for index in range(options.editorials):
        editorial = make_editorial(index, options.seed, chain, planter)
        _write(out / "docs" / "editorials" / f"{editorial.slug}.md", render_page(editorial))
        for number, notes in make_notes(index, options.seed, editorial, chain, planter, earlier).items():
            text = yaml.safe_dump(notes, allow_unicode=True, sort_keys=False, width=100)
            _write(out / "annotations" / editorial.slug / f"{number}.yml", text)
            counts["note files"] += 1
            counts["notes"] += len(notes)
        earlier.append(Written(editorial.slug, len(editorial.paragraph_texts)))
        counts["editorials"] += 1
        counts["paragraphs"] += len(editorial.paragraph_texts)
    _copy_site_pages(out / "docs")
    shutil.copy2(ROOT / "glossator" / "assets" / "vendor" / "iframe-worker" / "shim.js", _parent(out / "docs" / PLAIN_SHIM))
    for name, hooked, offline in (("mkdocs.yml", True, False), ("mkdocs-plain.yml", False, False),
                                  ("mkdocs-plain-offline.yml", False, True)):
        _write(out / name, yaml.dump(site_config(hooked, offline), Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False))
    _commit(out)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the project into (emptied first if this script wrote it)")
    parser.add_argument("--editorials", type=int, default=Options.editorials)
    parser.add_argument("--terms", type=int, default=Options.terms)
    parser.add_argument("--planted-terms", type=int, help="only the first N terms occur in the text (default: all)")
    parser.add_argument("--glossary-terms", type=int, help="only the first N terms are glossary pages; the others are ordinary pages")
    parser.add_argument("--seed", type=int, default=Options.seed)
    args = parser.parse_args(argv)
    counts = generate(args.out, Options(args.editorials, args.terms, args.planted_terms, args.glossary_terms, args.seed))
    print(", ".join(f"{count:,} {name}" for name, count in counts.items()))


if __name__ == "__main__":
    main()
