"""Links that turn a reader into a contributor: annotate a paragraph, edit a note.

Both open GitHub's web editor, so a first note needs no clone and no local
tools. Other forges get no links (their URL schemes differ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, quote_plus

_GITHUB = re.compile(r"^https://github\.com/([^/\s]+)/([^/\s]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class GitHubEditor:
    owner: str
    repo: str
    branch: str = "main"

    @classmethod
    def from_repo_url(cls, repo_url: str, branch: str = "main") -> "GitHubEditor | None":
        match = _GITHUB.match(repo_url or "")
        return cls(match[1], match[2], branch) if match else None

    @property
    def base(self) -> str:
        return f"https://github.com/{self.owner}/{self.repo}"

    def new_file(self, folder: str, filename: str, content: str) -> str:
        """GitHub's 'create file' page with the name and the text filled in."""
        value = "".join(map(_quoted_line, content.splitlines(keepends=True)))
        return f"{self.base}/new/{quote(self.branch)}/{quote(folder)}?filename={quote_plus(filename)}&value={value}"

    def edit_file(self, path: str) -> str:
        return f"{self.base}/edit/{quote(self.branch)}/{quote(path)}"


@lru_cache(maxsize=64)
def _quoted_line(line: str) -> str:
    """A line of a query value, encoded once: every new-file link repeats the template's guide lines."""
    return quote_plus(line)
