"""How to cite a paragraph: a plain-text reference and a BibTeX entry.

Both are templates with `{n}` for the paragraph number (and `{url}` for the
page address when the site has no `site_url`); the page carries them once and
the ¶ menu fills them in, so a page does not repeat them for every paragraph.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..model import Editorial
from .editorial import display_date

EDITION = "annotated edition, Glossator"


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}\\%&$#_])", r"\\\1", text)


def _key(editorial: Editorial) -> str:
    outlet = re.sub(r"[^a-z0-9]", "", editorial.source.lower()) or "editorial"
    word = next(iter(re.findall(r"[a-z0-9]{4,}", editorial.title.lower())), "")
    return f"{outlet}{editorial.date[:4]}{word}"


def citation_templates(editorial: Editorial, url: str) -> tuple[str, str]:
    """(plain text, BibTeX) for ¶{n} of `editorial`, whose page is at `url` ('{url}' if unknown)."""
    parts = [editorial.source, f"“{editorial.title}”", display_date(editorial.date) if editorial.date else "", "¶{n}"]
    text = ", ".join(filter(None, parts)) + f". {url}#p{{n}}"
    fields = [("title", editorial.title), ("journal", editorial.source), ("date", editorial.date[:10]),
              ("note", "Editorial, paragraph {n}; " + EDITION), ("url", f"{url}#p{{n}}")]
    try:
        fields.append(("year", str(datetime.fromisoformat(editorial.date).year)))
    except ValueError:
        pass
    body = ",\n".join(f"  {name} = {{{_bibtex_escape(value) if name not in ('url', 'note') else value}}}"
                      for name, value in fields if value)
    return text, f"@article{{{_key(editorial)}p{{n}},\n{body}\n}}"
