"""Shared helpers for driving Debian's Chromium: a local server and launch arguments."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.client
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
import zipfile
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium; a missing browser is an error, never a skip."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("chromium not found: install Debian's `chromium` package (make setup-browser)")
    return path


@contextlib.contextmanager
def launched_chromium():
    """Debian's chromium, headless, for the length of the block."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def unzipped_bundle(project: Path, out: Path) -> Path:
    """`glossator bundle` of the project in `project`, unzipped into `out`: the bundle's folder."""
    subprocess.run([sys.executable, "-m", "glossator", "bundle", "-o", str(out / "b.zip")], cwd=project, check=True,
                   capture_output=True)
    with zipfile.ZipFile(out / "b.zip") as archive:
        archive.extractall(out)
    return out / "glossator-offline"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves like GitHub Pages does: text compressed with gzip when the browser accepts it."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.partition("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = os.path.join(path, "index.html")
        if not (path.endswith(self.COMPRESSED) and os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        with open(path, "rb") as handle:
            body = gzip.compress(handle.read())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on a free loopback port; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A free TCP port on the loopback interface, for a server started elsewhere (`mkdocs serve`)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetched(url: str, timeout: float = 30) -> str:
    """The text at `url` on a loopback server, or "" while it cannot be had (not served yet, or being written)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):
        return ""


def search(page, query: str):
    """Type a query in Material's search and return the results.

    Until the index has loaded (offline: in an iframe worker), Material ignores
    queries; a fresh input event makes it search again.
    """
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator(".md-search__input")
    box.fill(query)
    results = page.locator(".md-search-result__item")
    for _ in range(20):
        try:
            results.first.wait_for(state="visible", timeout=1_000)
            return results
        except PlaywrightTimeout:
            box.press("Backspace")
            box.type(query[-1])
    raise AssertionError(f"no search results for {query!r}")


def search_outcome(page, query: str, timeout: float = 5_000) -> str:
    """Type `query` at once and return what Material's result line says once it has answered."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator(".md-search__input")
    box.fill(query)
    box.press("End")  # a keyup: Material searches on keyup
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => /matching|No matching/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=timeout)
    return meta.inner_text()
