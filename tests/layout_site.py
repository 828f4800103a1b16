"""The three pages the reading layout is measured on (issue 13), in a copy of this project.

The seed editorial as published here; the same text with one note of 600 words on ¶2; and the
same text with six notes on its shortest paragraph (¶3, one sentence). The browser tests build
it hosted and as the offline bundle; `make screenshots` photographs its pages.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "2025-11-07-solving-china-us-existing-issues"
LONG_NOTE = "2025-11-07-a-note-of-600-words"
SIX_NOTES = "2025-11-07-six-notes-on-one-paragraph"
PAGES = {"seed": SEED_SLUG, "long-note": LONG_NOTE, "six-notes": SIX_NOTES}
"""The measured pages by name, as slugs."""

_SENTENCES = [
    "Bilateral trade figures depend on who counts them: US and Chinese customs data differ by tens of billions of dollars a year.",
    "Part of the gap comes from goods re-exported through Hong Kong, which each side values differently.",
    "Shipping and insurance costs are included in one side's import values and left out of the other's export values.",
    "Services trade, where the United States runs a surplus with China, is measured with even wider margins of error.",
    "Tariff schedules changed several times during 2025, so annual averages hide large swings from month to month.",
    "Economists who study the trade war stress that tariffs were largely paid by importers, not by exporters.",
    "Supply chains also moved: some final assembly shifted to Vietnam, Mexico and other countries.",
    "Those shifts make bilateral balances a poor guide to how much either economy depends on the other.",
]


def long_note(words: int = 600) -> str:
    """A plausible fact-check of exactly `words` words, in paragraphs of about 100."""
    out: list[str] = []
    index = 0
    while len(out) < words:
        out.extend(_SENTENCES[index % len(_SENTENCES)].split())
        index += 1
    text = out[:words]
    paragraphs = [" ".join(text[start:start + 100]) for start in range(0, words, 100)]
    return "\n\n".join(paragraphs).rstrip(".") + "."


SIX = [
    ("context", "Creating additional gains", "The phrase renders 做大增量, a recurring formula in Chinese policy texts of 2025."),
    ("translation", "exploring new areas of cooperation", "The Chinese original pairs 拓展 (expand) with 合作新领域 (new fields of cooperation)."),
    ("analysis", "innovating cooperation models", "No model is named: the editorial leaves open what an innovated cooperation model would be."),
    ("fact-check", "expanding the overall", "The “cake” image is an old one in Chinese economic writing: 把蛋糕做大, make the cake bigger."),
    ("context", "", "This one-sentence paragraph is the editorial's thesis; the rest of the text argues for it."),
    ("analysis", "", "Compare the US readout of the same talks, which speaks of trade balance rather than of gains."),
]


def _editorial(slug: str, title: str) -> str:
    text = (ROOT / "docs" / "editorials" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    front, _, body = text.partition("\n---\n")
    front = "\n".join(f"title: '{title}'" if line.startswith("title:") else line for line in front.splitlines())
    return f"{front}\n---\n{body}"


def _yaml_block(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def write_layout_site(dest: Path) -> Path:
    """A copy of this project in `dest`, with the two measured editorials added; returns `dest`."""
    for name in ("docs", "annotations", "hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    editorials, notes = dest / "docs" / "editorials", dest / "annotations"
    (editorials / f"{LONG_NOTE}.md").write_text(_editorial(LONG_NOTE, "A note of 600 words beside the seed text"), encoding="utf-8")
    (notes / LONG_NOTE).mkdir()
    (notes / LONG_NOTE / "2.yml").write_text(
        "- note: |\n" + _yaml_block(long_note()) + "\n  quote: accounts for about one-fifth of global trade\n"
        "  kind: fact-check\n  by: layout-fixture\n  sources:\n    - https://www.census.gov/foreign-trade/balance/c5700.html\n",
        encoding="utf-8")
    (editorials / f"{SIX_NOTES}.md").write_text(_editorial(SIX_NOTES, "Six notes on one paragraph of the seed text"), encoding="utf-8")
    (notes / SIX_NOTES).mkdir()
    entries = []
    for kind, quote, body in SIX:
        entry = f"- note: {json.dumps(body, ensure_ascii=False)}\n  kind: {kind}\n  by: layout-fixture\n"
        entries.append(entry + (f"  quote: {json.dumps(quote)}\n" if quote else ""))
    (notes / SIX_NOTES / "3.yml").write_text("".join(entries), encoding="utf-8")
    return dest
