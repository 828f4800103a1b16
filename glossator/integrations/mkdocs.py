"""MkDocs events -> calls on the core. The hook file in hooks/ imports these by name.

State lives in one `SiteBuild` made in `on_config`, so every `mkdocs serve`
rebuild starts fresh (MkDocs never reloads a hook module).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from ..build import SiteBuild
from ..cache import Cache
from ..diagnostics import ERROR
from ..load.editorials import page_body
from ..project import Settings
from ..render.terms import LINK_MODES

log = logging.getLogger("mkdocs.plugins.glossator")

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ASSET_URIS = {"css": "assets/glossator/glossator.css", "js": "assets/glossator/glossator.js"}
SHIM_URI = "assets/glossator/vendor/iframe-worker/shim.js"
WORKER_URI = "assets/glossator/search-worker.js"
_MATERIAL_WORKER = re.compile(r'(<script id="__config"[^>]*>.*?"search": "[^"]*?)assets/javascripts/workers/search\.\w+\.min\.js"', re.S)
"""Material's search worker in the page's configuration: Material's UI posts its queries to whatever worker is
named there (its documented way to plug another search in); ours answers from the prebuilt index."""

_build: SiteBuild | None = None
_cache: Cache | None = None
"""The project's build cache: kept in memory between the builds of one `mkdocs serve`."""
_serving = False
_ANCHOR = re.compile(r'\sid="([^"]+)"')


def _current() -> SiteBuild:
    if _build is None:
        raise PluginError("glossator: on_config has not run; list the hook under `hooks:` in mkdocs.yml")
    return _build


def _report() -> None:
    for problem in _current().take_problems():
        (log.error if problem.severity == ERROR else log.warning)(str(problem))


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(100)  # before Material's offline plugin, which adds a CDN shim unless one is listed
def on_config(config):
    global _build
    offline = _offline(config)
    settings = Settings.from_mapping(Path(config.config_file_path).parent.resolve(), config)
    if settings.link_terms not in LINK_MODES:
        raise PluginError(f"extra.glossator.link_terms is {settings.link_terms!r}: use one of {', '.join(LINK_MODES)}")
    # The offline plugin turns directory URLs off in its own on_config, which runs after this one.
    settings = replace(settings, directory_urls=settings.directory_urls and not offline)
    _build = SiteBuild(settings, offline=offline, cache=_open_cache(settings.root))
    _build.start_background(Path(config.site_dir))  # the corpus is loaded: another core can start on it
    if offline:
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM_URI]
    config.markdown_extensions.extend(_build.page_extensions)
    config.extra_css.append(ASSET_URIS["css"])
    config.extra_javascript.append(ASSET_URIS["js"])
    return config


def _open_cache(root: Path) -> Cache:
    """A fresh cache for each `mkdocs build`; under `mkdocs serve`, the same one for every rebuild."""
    global _cache
    fresh = Cache.for_project(root)
    if not (_serving and _cache is not None and _cache.folder == fresh.folder):
        _cache = fresh
    return _cache.open()


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_files(files: Files, config):
    _current().site_folder_ready()  # MkDocs has just emptied it
    for uri, markdown in _current().archive_pages().items():
        if files.get_file_from_path(uri) is None:  # a page the project wrote itself wins
            files.append(File.generated(config, uri, content=markdown))
    for kind, uri in ASSET_URIS.items():
        files.append(File.generated(config, uri, abs_src_path=str(ASSETS / f"glossator.{kind}")))
    files.append(File.generated(config, WORKER_URI, abs_src_path=str(ASSETS / "search-worker.js")))
    if _current().offline:
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(ASSETS / "vendor" / "iframe-worker" / "shim.js")))
    _report()
    return files


def on_page_markdown(markdown, page, config, files):
    build = _current()
    if build.slug_of(page.file.src_uri):
        markdown = page_body(page.file.content_string)  # the blocks `check` numbered, whatever MkDocs made of the front matter
        # The notes need the width that the navigation and table of contents would take.
        page.meta.setdefault("hide", ["navigation", "toc"])
        # Our per-paragraph entries (on_page_context) replace Material's: its documented
        # `search: exclude` spares it parsing the page, and us removing its entries.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    title = build.page_title(page.file.src_uri)
    if title:
        page.meta.setdefault("title", title)
    return build.page_markdown(page.file.src_uri, markdown)


def on_page_content(html, page, config, files):
    html = _current().page_html(page.file.src_uri, html)
    if page.present_anchor_ids is not None:
        # Notes, quotes and their asides are raw HTML, which MkDocs does not look into for anchors:
        # without them, every link to a note (the contributors page) would be "missing an anchor".
        page.present_anchor_ids.update(_ANCHOR.findall(html))
    _report()
    return html


@event_priority(50)  # before Material's search plugin writes its index: the pages' sections are ours by then
def on_post_build(config):
    build = _current()
    build.check_notes_rendered()
    search = config.plugins.get("material/search")
    if search:
        log.info(build.write_search(Path(config.site_dir)))
    build.finish_background()
    build.cache.close()
    _report()


def on_build_error(error):
    if _build is not None:
        _build.stop_background()
        _build.cache.close(save=False)


@event_priority(-50)  # after Material's search plugin has found the page's sections
def on_page_context(context, page, config, nav):
    """A page's contribution to the search index: its sections move from Material's index (which keeps only its
    settings, so `search_index.json` stays tiny) to ours; an editorial (which Material skips) gives its paragraphs."""
    search = config.plugins.get("material/search")
    if search:
        sections = search.search_index.entries
        _current().index_page(page.file.src_uri, page.url, list(sections))
        sections.clear()
    return context


def on_post_page(output, page, config):
    head = _current().head_html(page.file.src_uri) if page is not None else ""
    if head:  # laid out for the notes from the first paint (partials/head.html)
        output = output.replace("</head>", head + "</head>", 1)
    return _MATERIAL_WORKER.sub(rf'\1{WORKER_URI}"', output, count=1)


def on_post_template(output_content, template_name, config):
    return on_post_page(output_content, None, config)  # 404.html has Material's search box too


def on_serve(server, config, builder):
    server.watch(str(_current().settings.annotations_dir))
    return server
