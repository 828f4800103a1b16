"""MkDocs events -> calls on the core. The hook file in hooks/ imports these by name.

State lives in one `SiteBuild` made in `on_config`, so every `mkdocs serve`
rebuild starts fresh (MkDocs never reloads a hook module); only the build
cache's tables stay in memory between the rebuilds of one `mkdocs serve`.

An editorial or term page that the build cache holds finished is not
converted again: its `render` is replaced by one that restores what MkDocs's
own would have set (content, table of contents, title, anchors). Only pages
whose Markdown MkDocs has nothing to resolve in (no relative link or image)
and whose extensions are known to depend on the page alone are cached.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import mkdocs.commands.serve
from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from ..build import SiteBuild
from ..cache import Cache, digest, files_digest
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
_dirty = False
"""This build is a rebuild of `mkdocs serve` (see `on_serve`): MkDocs makes only the pages whose file says it changed."""
_finishing: threading.Thread | None = None
"""A rebuild's search index and open data, written after its pages are served; the next build waits for it."""
_ANCHOR = re.compile(r'\sid="([^"]+)"')
_PAGE_ALONE = {
    *(f"markdown.extensions.{name}" for name in (
        "abbr", "admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes", "legacy_attrs", "legacy_em",
        "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks")),
    *(f"pymdownx.{name}" for name in (
        "arithmatex", "betterem", "blocks.admonition", "blocks.definition", "blocks.details", "blocks.html", "blocks.tab",
        "caret", "critic", "details", "emoji", "escapeall", "extra", "fancylists", "highlight", "inlinehilite", "keys",
        "magiclink", "mark", "progressbar", "saneheaders", "smartsymbols", "striphtml", "superfences", "tabbed", "tasklist",
        "tilde")),
}
"""Markdown extensions whose output depends on the page's Markdown and their settings alone (not `snippets`, which
reads other files, nor `b64`): with any other, pages are not cached."""


class _LinkSpotter(Treeprocessor):
    """After MkDocs resolved the page's links: whether it has any that depend on other files (then it is not cached)."""

    def __init__(self, md, found: dict):
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        self.found.update(relative=False, anchors={})
        for element in root.iter():
            url = element.get("href" if element.tag == "a" else "src" if element.tag == "img" else "", "")
            parts = urlsplit(url)
            if element.tag not in ("a", "img") or parts.scheme or parts.netloc:
                continue
            if not parts.path and not parts.query and parts.fragment and element.tag == "a":
                self.found["anchors"].setdefault(parts.fragment, url)  # a link within the page: MkDocs checks it
            else:
                self.found["relative"] = True


class LinkSpotter(Extension):
    def __init__(self):
        super().__init__()
        self.found: dict = {}

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_LinkSpotter(md, self.found), "glossator-link-spotter", -1)  # after MkDocs's "relpath" (0)


_spotter = LinkSpotter()


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
    _wait_for_finishing()
    previous = _build if _dirty and _build is not None and _build.complete else None
    offline = _offline(config)
    settings = Settings.from_mapping(Path(config.config_file_path).parent.resolve(), config)
    if settings.link_terms not in LINK_MODES:
        raise PluginError(f"extra.glossator.link_terms is {settings.link_terms!r}: use one of {', '.join(LINK_MODES)}")
    # The offline plugin turns directory URLs off in its own on_config, which runs after this one.
    settings = replace(settings, directory_urls=settings.directory_urls and not offline)
    _build = SiteBuild(settings, offline=offline, cache=_open_cache(settings.root), previous=previous)
    _build.page_config = _page_config(config)
    _build.start_background(Path(config.site_dir))  # the corpus is loaded: another core can start on it
    if offline:
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM_URI]
    config.markdown_extensions.extend([*_build.page_extensions, _spotter])
    config.extra_css.append(ASSET_URIS["css"])
    config.extra_javascript.append(ASSET_URIS["js"])
    return config


def _page_config(config) -> bytes | None:
    """A digest of what converts a page's Markdown, or None if an extension may read more than the page."""
    if not all(isinstance(name, str) for name in config.markdown_extensions):
        return None  # an extension another plugin made: nothing says what it reads
    names = [name if name.startswith(("markdown.", "pymdownx.")) else f"markdown.extensions.{name}" for name in config.markdown_extensions]
    if not all(name in _PAGE_ALONE for name in names):
        return None
    return digest(names, json.dumps(config.mdx_configs, sort_keys=True, default=_named), config.use_directory_urls)


def _named(value) -> str:
    """A setting that is a function (toc's slugify, emoji's index) by its name; anything else by its repr."""
    name = getattr(value, "__qualname__", None)
    return f"{getattr(value, '__module__', '')}.{name}" if name else repr(value)


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
    build = _current()
    build.site_folder_ready()  # MkDocs has just emptied it
    for uri, markdown in build.archive_pages().items():
        if files.get_file_from_path(uri) is None:  # a page the project wrote itself wins
            files.append(File.generated(config, uri, content=markdown))
    if _serving:
        overrides = config.theme.custom_dir
        build.note_other_pages({file.src_uri: file.content_string for file in files.documentation_pages()
                                if not (build.slug_of(file.src_uri) or build.term_of(file.src_uri))},
                               digest(Path(config.config_file_path).read_bytes(), files_digest((Path(overrides),)) if overrides else b""))
    if _dirty:
        _mark_modified(files)
    for kind, uri in ASSET_URIS.items():
        files.append(File.generated(config, uri, abs_src_path=str(ASSETS / f"glossator.{kind}")))
    files.append(File.generated(config, WORKER_URI, abs_src_path=str(ASSETS / "search-worker.js")))
    if _current().offline:
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(ASSETS / "vendor" / "iframe-worker" / "shim.js")))
    _report()
    return files


def _mark_modified(files: Files) -> None:
    """In a rebuild of `mkdocs serve`, MkDocs makes the pages whose `is_modified()` is true: those the changed files
    reach (`SiteBuild.pages_to_rebuild`)."""
    rebuild = _current().pages_to_rebuild()
    for file in files.documentation_pages():
        file.is_modified = (lambda: True) if rebuild is None else partial(set.__contains__, rebuild, file.src_uri)


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
    markdown = build.page_markdown(page.file.src_uri, markdown)
    if build.reused is not None:
        page.render = partial(_restore, page, build.reused.html, build.reused.converted)  # instead of converting it
        if page.file.src_uri in build.reused_search:  # the cache has its search documents: Material need not parse it
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


def _restore(page, html: str, converted: tuple, config, files) -> None:
    """What `Page.render` would have set, as it set it when the page was cached."""
    toc, title, anchors, self_links = converted
    page.content, page.toc, page._title_from_render = html, get_toc(toc), title
    page.present_anchor_ids = set(anchors)
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as MkDocs decides
        page.links_to_anchors = {page.file: dict(self_links)} if self_links else {}


def _converted(page) -> tuple:
    """What `_restore` needs: the table of contents as MkDocs's tokens, the title, the anchors, links within the page."""
    def tokens(links) -> list[dict]:
        return [{"level": link.level, "id": link.id, "name": link.title, "children": tokens(link.children)} for link in links]

    return (tokens(page.toc), page._title_from_render, tuple(sorted(page.present_anchor_ids or ())),
            tuple(sorted(_spotter.found["anchors"].items())))


def on_page_content(html, page, config, files):
    build = _current()
    if build.reused is None:
        html = build.page_html(page.file.src_uri, html)
        if page.present_anchor_ids is not None:
            # Notes, quotes and their asides are raw HTML, which MkDocs does not look into for anchors:
            # without them, every link to a note (the contributors page) would be "missing an anchor".
            page.present_anchor_ids.update(_ANCHOR.findall(html))
        if _spotter.found.get("relative") is False and page.present_anchor_ids is not None:
            build.keep_page(page.file.src_uri, html, _converted(page))
    _report()
    return html


@event_priority(50)  # before Material's search plugin writes its index: the pages' sections are ours by then
def on_post_build(config):
    global _finishing
    build = _current()
    search = config.plugins.get("material/search") is not None
    if _dirty and build.previous is not None:
        # A rebuild under `mkdocs serve`: its pages are ready to be served; the search index and the open data,
        # which depend on every page, follow in the background (the next build waits for them).
        build.carry_over()
        build.check_notes_rendered()
        _report()
        _finishing = threading.Thread(target=_finish, args=(build, Path(config.site_dir), search, False), name="glossator-finish")
        _finishing.start()
        return
    build.check_notes_rendered()
    _finish(build, Path(config.site_dir), search)
    _report()
    if _serving and search:
        # The first build of `mkdocs serve` may have taken its search index from the cache: cut every page into keys
        # now, in the background, so that a rebuild cuts only the pages that changed.
        _finishing = threading.Thread(target=build.fill_search, name="glossator-search")
        _finishing.start()


def _finish(build: SiteBuild, site_dir: Path, search: bool, save: bool = True) -> None:
    """The search index and the open data, then the cache saved (a rebuild of `mkdocs serve` leaves its tables in
    memory: they are saved when the server stops, see `on_shutdown`) and its lock released."""
    try:
        if search:
            log.info(build.write_search(site_dir))
        build.finish_background()
        build.complete = True
    finally:
        build.cache.close(save=save and build.complete)


def _wait_for_finishing() -> None:
    if _finishing is not None:
        _finishing.join()


def on_build_error(error):
    if _build is not None:
        _build.stop_background()
        _build.cache.close(save=False)
        _build.previous = None


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
    """Watch the notes (and the template overrides); make every later build a dirty one (see `_dirty_build`)."""
    settings = _current().settings
    server.watch(str(settings.annotations_dir))
    if settings.templates_dir and settings.templates_dir.is_dir():
        server.watch(str(settings.templates_dir))
    mkdocs.commands.serve.build = _dirty_build
    return server


def _dirty_build(config, serve_url=None, dirty=False) -> None:
    """MkDocs's own `build`, dirty: the site folder is not emptied, and only pages whose file `is_modified()` are made
    (`_mark_modified` decides which). `mkdocs serve --dirty` alone would miss a page whose notes changed, and
    plain `mkdocs serve` makes every page again; its rebuilds call this instead (installed by `on_serve`)."""
    global _dirty
    _dirty = True
    try:
        mkdocs_build(config, serve_url=serve_url, dirty=True)
    finally:
        _dirty = False


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale: ours are dirty by design, their pages chosen."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_dirty and record.getMessage().startswith("A 'dirty' build is being performed"))


logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())


def on_shutdown():
    """`mkdocs serve` stops: what its rebuilds added to the cache is saved (after the last one has finished)."""
    _wait_for_finishing()
    if _serving and _cache is not None and _build is not None and _build.complete:
        _cache.open().prune = False  # rebuilds looked at what they made again only: keep the rest
        _cache.close()
