"""The HTML that Glossator adds to pages comes from Jinja2 templates, which a site can override.

The package's templates live in `glossator/templates/`; a site overrides any
of them with a file of the same name under `<theme.custom_dir>/glossator/`
(`overrides/glossator/partials/note.html` replaces the note). One
`Templates` is made per build, so each template is compiled once.

Autoescape is on: every value is escaped unless it is `Markup`, and the only
values marked safe are contributed Markdown after the sanitiser (a note's
body and sources, a term's sources) and the output of other templates.

Line breaks in an HTML template, with the indentation after them, are not
output: templates can be laid out readably while the pages stay as compact as
before. A space that matters at the end of a line is written as `{{ " " }}`.
Markdown templates (`.md`: the listings, which MkDocs reads as Markdown so that
it checks their links) keep their lines; their text goes through the `md`
filter, which escapes it for Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from ..text import escape_markdown
from .editorial import display_date

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
OVERRIDES_SUBDIR = "glossator"
"""Where a site's overrides live, inside its theme's `custom_dir`."""

_LINE_BREAK = re.compile(r"\n[ \t]*")


class JoinedLines(Extension):
    """Removes each line break and the indentation after it from an HTML template's source, before it compiles.

    Markdown templates (`.md`) keep their lines: there, lines are the syntax."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LINE_BREAK.sub("", source.rstrip("\n")) if (name or "").endswith(".html") else source


def template_dirs(overrides: Path | None) -> tuple[Path, ...]:
    """The folders templates are read from, first match wins: the site's overrides (if the folder exists), then the package's.

    This is the one list of template folders in use; what caches rendered HTML hashes the files in them."""
    return tuple(d for d in (overrides, PACKAGE_TEMPLATES) if d is not None and d.is_dir())


def markdown_text(text: str) -> Markup:
    """Text for a Markdown template: escaped for Markdown, which escapes `<` and `&` too, so HTML-safe."""
    return Markup(escape_markdown(text))


def safe(html: str) -> Markup:
    """Sanitised contributed HTML (render/sanitize.py), to be inserted as it is."""
    return Markup(html)


class Templates:
    """One Jinja2 environment for a build: templates compile on first use and are kept."""

    def __init__(self, overrides: Path | None = None):
        self.dirs = template_dirs(overrides)
        self.env = Environment(loader=FileSystemLoader([str(d) for d in self.dirs]), autoescape=True,
                               undefined=StrictUndefined, auto_reload=False, extensions=[JoinedLines],
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["display_date"] = display_date
        self.env.filters["md"] = markdown_text
        self._compiled: dict = {}

    def render(self, name: str, **context) -> str:
        template = self._compiled.get(name)
        if template is None:
            template = self._compiled[name] = self.env.get_template(name)
        return template.render(context)
