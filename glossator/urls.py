"""Addresses of the built site, for files read away from it: annotations and feeds.

Pages are addressed as MkDocs writes them (`editorials/<slug>/`, or
`editorials/<slug>.html` without directory URLs) under `site_url`; without a
`site_url` the addresses stay relative to the site's root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .links import page_url
from .project import Settings


@dataclass(frozen=True)
class SiteURLs:
    base: str
    editorials: str = "editorials"
    directory_urls: bool = True

    @classmethod
    def of(cls, settings: Settings) -> "SiteURLs":
        base = settings.site_url
        return cls(base if not base or base.endswith("/") else base + "/", settings.editorials_subdir, settings.directory_urls)

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, slug: str) -> str:
        return self.url(page_url(f"{self.editorials}/{slug}.md", self.directory_urls))

    def slug_in(self, url: str) -> str:
        """The slug an address of an editorial page names, whatever its host: annotations made on
        a local preview or before the site moved still find their page. "" for other addresses."""
        match = re.search(rf"(?:^|/){re.escape(self.editorials)}/([^/]+)", urlsplit(url).path)
        return match.group(1).removesuffix(".html") if match else ""
