"""Notes -> W3C Web Annotations (JSON-LD): one AnnotationCollection per editorial and one for the site.

Nothing of a note is lost on the way out, so an export imports back into the
same notes: the text is a `Choice` of its sanitised HTML, plain text and
Markdown source; the kind is a `tagging` body (and a motivation); each source
is a `linking` body in Markdown; the note's `id` is the fragment of the
annotation's IRI (`…/editorials/<slug>/#note-<id>`, its anchor on the page).
"""

from __future__ import annotations

import json
from collections import defaultdict

from ..diagnostics import Diagnostic
from ..history import FileDates, History
from ..model import Corpus, Editorial, Note
from ..project import Settings
from ..render.notes import NoteRenderer
from ..render.sanitize import markup_text
from ..urls import SiteURLs
from .anchor import PageText
from .vocab import CONTEXT, HTML, KIND_MOTIVATION, MARKDOWN, PLAIN, RFC3986

PUBLISHED_AT = "annotations"
"""Folder of the built site that holds the collections."""
SITE_COLLECTION = "index.jsonld"
"""The site-wide collection: `index` is never an editorial's slug, so it cannot clash with one."""


def _body(note: Note, renderer: NoteRenderer) -> list[dict]:
    html = renderer.markdown_html(note.body, note.loc_of("note"))
    text = markup_text(html).strip()
    forms = [(html, HTML), (text, PLAIN), (note.body, MARKDOWN)]
    body = [{"type": "Choice", "items": [{"type": "TextualBody", "value": v, "format": f} for v, f in forms]},
            {"type": "TextualBody", "purpose": "tagging", "value": note.kind}]
    body += [{"type": "TextualBody", "purpose": "linking", "value": s, "format": MARKDOWN} for s in note.sources]
    return body


def _selectors(note: Note, page: PageText) -> list[dict]:
    selectors = [{"type": "FragmentSelector", "conformsTo": RFC3986, "value": f"p{note.paragraph}"}]
    start, end = page.spans[note.paragraph]
    if note.quote:
        found = [s for s in page.occurrences(note.quote) if page.paragraph_at(*s) == note.paragraph]
        if not found:  # `check` reports the quote; the export keeps it as written
            return selectors + [{"type": "TextQuoteSelector", "exact": note.quote}]
        start, end = found[0]
        selectors.append(page.quote_selector(start, end))
    return selectors + [{"type": "TextPositionSelector", "start": start, "end": end}]


def annotation(note: Note, page: PageText, page_url: str, renderer: NoteRenderer, dates: FileDates) -> dict:
    """One note as a W3C Annotation (without @context, for embedding in a collection)."""
    item: dict = {"id": f"{page_url}#{note.anchor}", "type": "Annotation", "motivation": KIND_MOTIVATION[note.kind]}
    if note.by:
        item["creator"] = {"type": "Person", "nickname": note.by}
    item.update({key: value for key, value in (("created", dates.created), ("modified", dates.modified)) if value})
    item["body"] = _body(note, renderer)
    item["target"] = {"type": "SpecificResource", "source": page_url, "selector": _selectors(note, page)}
    return item


def collection(url: str, label: str, items: list[dict]) -> dict:
    """An AnnotationCollection whose single page is embedded."""
    result = {"@context": CONTEXT, "id": url, "type": "AnnotationCollection", "label": label, "total": len(items)}
    if items:
        page = f"{url}#page1"
        result.update(first={"id": page, "type": "AnnotationPage", "partOf": url, "startIndex": 0, "items": items}, last=page)
    return result


def _placed(notes: list[Note], editorial: Editorial) -> list[Note]:
    """The editorial's notes on paragraphs that exist, in page order (the others are reported by `check`)."""
    count = len(editorial.paragraphs)
    return sorted((n for n in notes if 1 <= n.paragraph <= count), key=lambda n: (n.paragraph, n.index))


def annotation_files(corpus: Corpus, settings: Settings, problems: list[Diagnostic],
                     history: History | None = None, remembered=None) -> dict[str, str]:
    """{file name: JSON-LD}: `<slug>.jsonld` per editorial, and the site-wide `index.jsonld`.

    `remembered(slug, compute)`, if given, may return what `compute()` returned for the same editorial and notes
    before (`mkdocs serve` keeps them between builds)."""
    urls, renderer = SiteURLs.of(settings), NoteRenderer(problems)
    history = history or History(settings.annotations_dir)
    files, everything, by_slug = {}, [], defaultdict(list)
    for note in corpus.notes:
        by_slug[note.slug].append(note)
    for slug, editorial in sorted(corpus.editorials.items()):
        page, page_url = PageText(editorial), urls.page(slug)
        def compute(slug=slug, editorial=editorial, page=page, page_url=page_url) -> list[dict]:
            return [annotation(n, page, page_url, renderer, history.dates(settings.root / n.loc.path))
                    for n in _placed(by_slug[slug], editorial)]

        items = remembered(slug, compute) if remembered else compute()
        everything += items
        files[f"{slug}.jsonld"] = collection(urls.url(f"{PUBLISHED_AT}/{slug}.jsonld"), f"Notes on {editorial.title}", items)
    files[SITE_COLLECTION] = collection(urls.url(f"{PUBLISHED_AT}/{SITE_COLLECTION}"), f"Notes on {settings.site_name or 'the site'}", everything)
    # Compact JSON: json's C encoder only runs without `indent`, and the site-wide file is large.
    return {name: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n" for name, data in files.items()}
