"""Citing a paragraph: the templates the page carries for the ¶ menu."""

from __future__ import annotations

from glossator.model import Editorial, Loc
from glossator.render.cite import citation_templates

from conftest import SEED_SLUG


def test_templates_name_outlet_title_date_paragraph_and_url():
    editorial = Editorial("2025-11-07-x", "A {tricky} title & more", Loc("x"), date="2025-11-07T01:27:00+08:00",
                          source="Global Times")
    text, bibtex = citation_templates(editorial, "https://example.org/editorials/2025-11-07-x/")
    assert text.replace("{n}", "4") == (
        "Global Times, “A {tricky} title & more”, 7 Nov 2025, ¶4. https://example.org/editorials/2025-11-07-x/#p4")
    entry = bibtex.replace("{n}", "4")
    assert entry.startswith("@article{globaltimes2025trickyp4,\n")
    assert "  title = {A \\{tricky\\} title \\& more}," in entry
    assert "  journal = {Global Times}," in entry and "  date = {2025-11-07}," in entry and "  year = {2025}" in entry
    assert "  url = {https://example.org/editorials/2025-11-07-x/#p4}," in entry
    assert entry.endswith("\n}")


def test_page_carries_templates_with_its_address(project):
    project.seed()
    site = project.build(strict=True)
    bar = site.editorial().select_one(".gl-toolbar")
    assert bar["data-cite-text"].endswith(f"¶{{n}}. https://example.org/editorials/{SEED_SLUG}/#p{{n}}")
    assert bar["data-cite-bibtex"].startswith("@article{globaltimes2025solvingp{n},")


def test_without_site_url_the_menu_fills_in_the_address(project):
    project.seed()
    site = project.build(strict=True, config="site_url: ''\n")
    assert site.editorial().select_one(".gl-toolbar")["data-cite-text"].endswith("¶{n}. {url}#p{n}")
