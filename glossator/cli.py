"""The `glossator` command: import, check. Calls the same core as the MkDocs hooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import ERROR, FORMATTERS
from .importers import import_source
from .project import load_corpus, read_settings


def _settings(args):
    config = Path(args.config_file)
    if not config.is_file():
        sys.exit(f"glossator: {config} not found (run from the project folder or pass --config-file)")
    return read_settings(config)


def cmd_import(args) -> int:
    settings = _settings(args)
    status = 0
    for source in args.paths:
        path = Path(source)
        if not path.is_file():
            print(f"{source}: no such file", file=sys.stderr)
            status = 1
            continue
        outcome = import_source(path, settings.editorials_dir, url=args.url or "", force=args.force)
        shown = settings.shown(outcome.page)
        if outcome.status == "written":
            print(shown)
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


def cmd_check(args) -> int:
    settings = _settings(args)
    corpus, problems = load_corpus(settings)
    output = FORMATTERS[args.format](problems)
    if output:
        print(output)
    if args.format == "text":
        print(f"checked {len(corpus.editorials)} editorial(s), {len(corpus.notes)} note(s)", file=sys.stderr)
    return 1 if any(p.severity == ERROR for p in problems) or (args.strict and problems) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="glossator", description="Annotated editions of editorials, built with MkDocs.")
    parser.add_argument("--version", action="version", version=f"glossator {__version__}")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("import", help="turn source editorials (.txt as published, saved .html pages) into pages")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--url", help="the article's address, recorded as source_url")
    p.add_argument("--force", action="store_true", help="overwrite a page whose source has changed")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("check", help="validate notes and pages without building the site")
    p.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(run=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
