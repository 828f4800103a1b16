"""MkDocs events -> calls on the core. The hook file in hooks/ imports these by name.

State lives in one `SiteBuild` made in `on_config`, so every `mkdocs serve`
rebuild starts fresh (MkDocs never reloads a hook module).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..build import SiteBuild
from ..diagnostics import ERROR
from ..project import Settings

log = logging.getLogger("mkdocs.plugins.glossator")

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ASSET_URIS = {"css": "assets/glossator/glossator.css", "js": "assets/glossator/glossator.js"}

_build: SiteBuild | None = None


def _current() -> SiteBuild:
    if _build is None:
        raise PluginError("glossator: on_config has not run; list the hook under `hooks:` in mkdocs.yml")
    return _build


def _report() -> None:
    for problem in _current().take_problems():
        (log.error if problem.severity == ERROR else log.warning)(str(problem))


def on_config(config):
    global _build
    _build = SiteBuild(Settings.from_mapping(Path(config.config_file_path).parent.resolve(), config))
    config.markdown_extensions.extend(_build.markdown_extensions())
    config.extra_css.append(ASSET_URIS["css"])
    config.extra_javascript.append(ASSET_URIS["js"])
    return config


def on_files(files: Files, config):
    for kind, uri in ASSET_URIS.items():
        files.append(File.generated(config, uri, abs_src_path=str(ASSETS / f"glossator.{kind}")))
    _report()
    return files


def on_page_markdown(markdown, page, config, files):
    build = _current()
    if build.slug_of(page.file.src_uri):
        # The notes need the width that the navigation and table of contents would take.
        page.meta.setdefault("hide", ["navigation", "toc"])
    title = build.page_title(page.file.src_uri)
    if title:
        page.meta.setdefault("title", title)
    return build.page_markdown(page.file.src_uri, markdown)


def on_page_content(html, page, config, files):
    html = _current().page_html(page.file.src_uri, html)
    _report()
    return html


def on_post_build(config):
    _current().publish(Path(config.site_dir))


def on_serve(server, config, builder):
    server.watch(str(_current().settings.annotations_dir))
    return server
