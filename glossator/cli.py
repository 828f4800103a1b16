"""The `glossator` command: import, check, new, reanchor, export, import-annotations, bundle, cache. Calls the same core as the MkDocs hooks.

Each command imports the modules it needs, so that `check`, run on every pull request, starts fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import ERROR, FORMATTERS
from .cache import Cache
from .project import Sources, load_corpus, read_settings
from .validate import markup_problems


def _settings(args):
    config = Path(args.config_file)
    if not config.is_file():
        sys.exit(f"glossator: {config} not found (run from the project folder or pass --config-file)")
    return read_settings(config)


def cmd_import(args) -> int:
    from .importers import import_source, report_lines

    settings = _settings(args)
    status = 0
    for source in args.paths:
        path = Path(source)
        if not path.is_file():
            print(f"{source}: no such file", file=sys.stderr)
            status = 1
            continue
        outcome = import_source(path, settings.editorials_dir, url=args.url or "", force=args.force,
                                dry_run=args.dry_run, accept_truncated=args.accept_truncated)
        if outcome.editorial is not None:
            print(f"{source}: " + "\n".join(report_lines(outcome.editorial)), file=sys.stderr)
        shown = settings.shown(outcome.page)
        if outcome.status == "written":
            print(shown)
        elif outcome.status == "dry run":
            print(outcome.page_text, end="")
            print(f"{source}: dry run: {shown} was not written", file=sys.stderr)
        elif outcome.status == "unchanged":
            print(f"{source}: unchanged, {shown} is up to date", file=sys.stderr)
        elif outcome.status == "conflict":
            print(outcome.diff, end="", file=sys.stderr)
            print(f"{source}: {shown} exists and differs (diff above); re-run with --force to overwrite", file=sys.stderr)
            status = 1
        else:
            print(f"{source}: {outcome.problem}", file=sys.stderr)
            status = 1
    return status


def _check(sources: Sources, cache: Cache) -> tuple[list, tuple[int, int, int]]:
    corpus, problems = sources.load(cache)
    return problems + markup_problems(corpus), (len(corpus.editorials), len(corpus.notes), len(corpus.terms))


def cmd_check(args) -> int:
    settings = _settings(args)
    with Cache.for_project(settings.root) as cache:
        sources = Sources.scan(settings, cache=cache)
        # The whole answer is cached by the digest of every file: unchanged files are not parsed (nor read, if their
        # stamps say they are the files the last scan read).
        problems, (editorials, notes, terms) = cache.table("check", single=True).memo(sources.manifest, lambda: _check(sources, cache))
        sources.remember_stamps(cache)
    output = FORMATTERS[args.format](problems)
    if output:
        print(output)
    if args.format == "text":
        print(f"checked {editorials} editorial(s), {notes} note(s), {terms} glossary term(s)", file=sys.stderr)
    return 1 if problems else 0  # warnings too: a strict build would fail on them


def cmd_cache(args) -> int:
    from . import cache

    root = Path(args.config_file).resolve().parent
    if args.action == "clear":
        removed, freed = cache.clear(root)
        print(f"emptied {(root / cache.FOLDER)}: {removed} file(s), {freed / 1e6:.1f} MB")
    else:
        print(f"{root / cache.FOLDER}: {cache.size(root) / 1e6:.1f} MB")
    return 0


def _failed(problems) -> int:
    """Print problems to stderr; 1 if any is an error."""
    if problems:
        print(FORMATTERS["text"](problems), file=sys.stderr)
    return 1 if any(p.severity == ERROR for p in problems) else 0


def cmd_export(args) -> int:
    from .opendata import write_files
    from .w3c.export import annotation_files

    settings = _settings(args)
    corpus, problems = load_corpus(settings)
    for path in write_files(Path(args.output), annotation_files(corpus, settings, problems)):
        print(path)
    return _failed(problems)


def cmd_import_annotations(args) -> int:
    from .w3c.import_ import import_annotations

    settings = _settings(args)
    status = 0
    for source in args.paths:
        written, problems = import_annotations(Path(source), settings)
        for path in written:
            print(settings.shown(path))
        status |= _failed(problems)
    return status


def cmd_new(args) -> int:
    from .scaffold import new_note_file

    settings = _settings(args)
    outcome = new_note_file(settings, args.slug, args.paragraph)
    if isinstance(outcome, Path):
        print(settings.shown(outcome))
        return 0
    return _failed([outcome])


def cmd_bundle(args) -> int:
    from .integrations.bundle import build_bundle  # needs MkDocs; the other commands do not

    config = Path(args.config_file)
    if not config.is_file():
        sys.exit(f"glossator: {config} not found (run from the project folder or pass --config-file)")
    print(build_bundle(config.resolve(), Path(args.output).resolve() if args.output else None))
    return 0


def cmd_reanchor(args) -> int:
    from . import reanchor

    plan = reanchor.plan(_settings(args))
    for change in plan.changes:
        print(change)
    if not plan.changes:
        print("nothing to change: every note is where its quote is", file=sys.stderr)
    elif args.dry_run:
        print("dry run: nothing was written", file=sys.stderr)
    else:
        plan.apply()
    return _failed(plan.problems)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="glossator", description="Annotated editions of editorials, built with MkDocs.")
    parser.add_argument("--version", action="version", version=f"glossator {__version__}")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("import", help="turn source editorials (.txt as published, saved .html pages) into pages")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--url", help="the article's address, recorded as source_url")
    p.add_argument("--force", action="store_true", help="overwrite a page whose source has changed")
    p.add_argument("--dry-run", action="store_true", help="print the page that would be written and the report; write nothing")
    p.add_argument("--accept-truncated", action="store_true",
                   help="import plain text that ends mid-sentence (refused by default), with a warning")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("check", help="validate notes and pages without building the site")
    p.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    p.set_defaults(run=cmd_check)

    p = commands.add_parser("export", help="write the notes as open annotation data")
    p.add_argument("format", choices=["w3c"], help="w3c: W3C Web Annotation JSON-LD, a collection per editorial and index.jsonld")
    p.add_argument("-o", "--output", default="w3c-annotations", metavar="DIR", help="folder to write to (default: w3c-annotations)")
    p.set_defaults(run=cmd_export)

    p = commands.add_parser("import-annotations", help="add W3C Web Annotations or a Hypothesis export as notes")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.set_defaults(run=cmd_import_annotations)

    p = commands.add_parser("new", help="start annotations/<slug>/<n>.yml from a template showing the paragraph")
    p.add_argument("slug", help="the editorial's slug: the end of its address, a file name in docs/editorials/")
    p.add_argument("paragraph", type=int, help="the paragraph number shown on the page (¶n)")
    p.set_defaults(run=cmd_new)

    p = commands.add_parser("cache", help="the build cache in .cache/glossator/: `clear` empties it, `size` prints its size")
    p.add_argument("action", choices=["clear", "size"])
    p.set_defaults(run=cmd_cache)

    p = commands.add_parser("bundle", help="build the offline site (works from file://, search included) as a zip")
    p.add_argument("-o", "--output", metavar="FILE", help="the zip to write (default: dist/<site-name>-offline.zip)")
    p.set_defaults(run=cmd_bundle)

    p = commands.add_parser("reanchor", help="after a page's text changed, move notes to where their quotes now are")
    p.add_argument("--dry-run", action="store_true", help="print the changes without writing them")
    p.set_defaults(run=cmd_reanchor)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
