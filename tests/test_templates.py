"""The markup comes from Jinja2 templates: a site overrides them, and escaping holds in every one."""

from __future__ import annotations

from glossator.model import Loc, Note
from glossator.render.notes import NoteRenderer
from glossator.render.templates import PACKAGE_TEMPLATES, Templates, template_dirs

from conftest import ROOT, SEED_SLUG



def readme_example() -> str:
    """The override shown in the README, so that the example stays true."""
    return (ROOT / "README.md").read_text(encoding="utf-8").split("```jinja\n", 1)[1].split("```", 1)[0]


def test_a_site_overrides_a_template_under_its_custom_dir(project):
    project.seed()
    project.notes(SEED_SLUG, "2.yml", "- note: Bilateral trade is *small*.\n  by: alice\n  kind: fact-check\n")
    override = project.root / "overrides" / "glossator" / "partials" / "note.html"
    override.parent.mkdir(parents=True)
    override.write_text(readme_example(), encoding="utf-8")
    site = project.build(strict=True, config="theme:\n  name: material\n  font: false\n  custom_dir: overrides\n")
    assert site.error is None, site.messages
    note = site.editorial().select_one(f'[data-note-id="{SEED_SLUG}/p2-1"]')
    assert [span["class"][0] for span in note.summary.find_all("span")] == ["gl-note__by", "gl-note__kind"]
    assert note.summary.get_text() == "alice Fact-check"
    assert note.select_one("p em").get_text() == "small"  # the sanitised body, as HTML
    assert note.select_one(".gl-note__footer") is None
    # the templates it does not override still come from the package
    assert note.find_parent(class_="gl-notes")["id"] == "notes-p2"


def test_template_folders_put_the_sites_overrides_first(tmp_path):
    overrides = tmp_path / "overrides" / "glossator"
    assert template_dirs(overrides) == (PACKAGE_TEMPLATES,)  # a folder that does not exist is left out
    overrides.mkdir(parents=True)
    assert template_dirs(overrides) == (overrides, PACKAGE_TEMPLATES)
    assert Templates(overrides).dirs == (overrides, PACKAGE_TEMPLATES)


def test_values_are_escaped_and_only_the_sanitised_body_is_markup():
    problems = []
    renderer = NoteRenderer(problems, templates=Templates())
    note = Note(SEED_SLUG, 2, 'Text with <img src=x onerror="alert(1)"> and **bold**.', Loc("a.yml", 1),
                quote='one "fifth" <of> trade', by="<script>alert(1)</script>", kind="context")
    parts = renderer.render_parts(note, 1)
    html = renderer.render_group([(note, parts)], 2, {note.key})
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;of&gt;" in html and "onerror" not in html
    assert "<strong>bold</strong>" in html
    assert [p.code for p in problems + list(parts.problems)] == ["unsafe-html"]


def test_line_breaks_in_a_template_are_not_output(tmp_path):
    folder = tmp_path / "glossator"
    (folder / "partials").mkdir(parents=True)
    (folder / "partials" / "annotate.html").write_text(
        '<a href="{{ url }}">\n  ¶{{ number }}\n  {{ " " }}notes\n</a>\n', encoding="utf-8")
    assert Templates(folder).render("partials/annotate.html", url="u?a=1&b=2", number=3) == '<a href="u?a=1&amp;b=2">¶3 notes</a>'


def test_a_markdown_template_keeps_its_lines_and_escapes_for_markdown(tmp_path):
    folder = tmp_path / "glossator"
    (folder / "partials").mkdir(parents=True)
    (folder / "partials" / "year-page.md").write_text("# {{ year|md }}\n\n*{{ year }}*\n", encoding="utf-8")
    # `md` escapes for Markdown (and so for HTML); a value without it is still HTML-escaped
    assert Templates(folder).render("partials/year-page.md", year="*1* <b>") == "# \\*1\\* &lt;b>\n\n**1* &lt;b&gt;*"
