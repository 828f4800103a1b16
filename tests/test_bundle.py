"""`glossator bundle`: a zip that works from disk and refers to nothing outside itself."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SEED_SLUG

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The real project's bundle, unzipped; the zip itself is next to it."""
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run([sys.executable, "-m", "glossator", "bundle", "-o", str(out / "site.zip")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out / "site.zip")
    with zipfile.ZipFile(out / "site.zip") as archive:
        archive.extractall(out)
    return out / "glossator-offline"


def test_bundle_is_a_file_url_site_with_inlined_search(bundle):
    home = BeautifulSoup((bundle / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in home.select(".md-content a[href]")]
    assert f"editorials/{SEED_SLUG}.html" in links
    assert (bundle / "editorials" / f"{SEED_SLUG}.html").is_file()
    # Material's inlined index holds its settings only; the documents are in our shards, loaded as scripts.
    assert (bundle / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    assert '"docs":[]' in (bundle / "search" / "search_index.js").read_text(encoding="utf-8")
    assert (bundle / "search" / "manifest.js").read_text(encoding="utf-8").startswith("glossatorSearch({")
    assert (bundle / "assets" / "glossator" / "search-worker.js").is_file()
    shim = [s["src"] for s in home.select("script[src]") if "iframe-worker" in s["src"]]
    assert shim == ["assets/glossator/vendor/iframe-worker/shim.js"]
    assert (bundle / shim[0]).is_file()


def test_home_page_says_what_it_is_and_when_it_was_built(bundle):
    home = BeautifulSoup((bundle / "index.html").read_text(encoding="utf-8"), "html.parser")
    notice = home.select_one(".gl-offline")
    assert "offline edition of Glossator" in notice.get_text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", notice.time["datetime"])


def test_no_page_or_stylesheet_loads_anything_from_outside(bundle):
    offenders = []
    for page in bundle.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if value and EXTERNAL.match(value) and not (tag == "link" and element.get("rel") == ["canonical"]):
                    offenders.append(f"{page.relative_to(bundle)}: <{tag} {attr}={value}>")
        for style in soup.find_all("style"):
            offenders += [f"{page.relative_to(bundle)}: {u}" for u in CSS_URL.findall(style.get_text()) if EXTERNAL.match(u[0] or u[1])]
    for sheet in bundle.rglob("*.css"):
        for found in CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if EXTERNAL.match(found[0] or found[1]):
                offenders.append(f"{sheet.relative_to(bundle)}: {found}")
    assert offenders == []


def test_bundle_is_less_than_twice_the_hosted_build(bundle, tmp_path):
    hosted = tmp_path / "hosted"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(hosted)], cwd=ROOT, check=True)
    size = lambda root: sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert size(bundle) < 2 * size(hosted)
    assert (bundle.parent / "site.zip").stat().st_size < size(hosted)
