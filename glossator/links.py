"""Site-relative URLs: the same arithmetic MkDocs uses, without importing it."""

from __future__ import annotations

import posixpath


def _directory(url: str) -> str:
    """The folder a page's relative links start from: 'a/b/' -> 'a/b', 'a/b.html' -> 'a', '' -> '.'."""
    if url.endswith("/") or not url:
        return url.rstrip("/") or "."
    return posixpath.dirname(url) or "."


def relative_url(target: str, from_page: str) -> str:
    """`target` (a site-relative URL such as 'glossary/zero-sum/#x') as seen from the page at `from_page`."""
    path, hash_mark, fragment = target.partition("#")
    anchor = hash_mark + fragment
    if path == from_page and anchor:
        return anchor
    relative = posixpath.relpath(path.rstrip("/") or ".", _directory(from_page))
    if path.endswith("/") or not path:
        relative = "./" if relative == "." else relative + "/"
    return relative + anchor


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the page at `src_uri` ('glossary/x.md' -> 'glossary/x/')."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


class PageLinks:
    """Links from the page being rendered to other pages of the site, relative so the site works from disk."""

    def __init__(self, directory_urls: bool = True):
        self.directory_urls = directory_urls
        self.current = ""

    def start_page(self, src_uri: str) -> None:
        self.current = page_url(src_uri, self.directory_urls)

    def to(self, src_uri: str, anchor: str = "") -> str:
        """The URL of a page, for HTML that MkDocs does not post-process (notes, generated sections)."""
        return relative_url(page_url(src_uri, self.directory_urls) + (f"#{anchor}" if anchor else ""), self.current)
