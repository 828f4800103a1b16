"""The offline bundle: the site built for file://, zipped.

Material's offline plugin does the heavy lifting (no directory URLs, its
search settings inlined as a script; Glossator's search files are scripts
already); the hooks swap its CDN shim for a vendored copy. The plugin is listed in mkdocs.yml, enabled by an
environment variable, so `GLOSSATOR_OFFLINE=true mkdocs build` gives the
same site as `glossator bundle`.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

OFFLINE_ENV = "GLOSSATOR_OFFLINE"


def bundle_name(site_name: str) -> str:
    return (re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "site") + "-offline"


def build_bundle(config_file: Path, output: Path | None = None, *, strict: bool = True) -> Path:
    """Build the offline site and zip it under one top folder; returns the zip's path."""
    previous = os.environ.get(OFFLINE_ENV)
    os.environ[OFFLINE_ENV] = "true"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = load_config(str(config_file), site_dir=str(Path(tmp) / "site"), strict=strict)
            if "material/offline" not in config.plugins:
                raise SystemExit(f"{config_file}: list the `offline` plugin with `enabled: !ENV [{OFFLINE_ENV}, false]`")
            name = bundle_name(config.site_name)
            output = output or config_file.parent / "dist" / f"{name}.zip"
            build(config)
            # Material reads search_index.js from file://; the JSON copy is of no use there.
            (Path(config.site_dir) / "search" / "search_index.json").unlink(missing_ok=True)
            output.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
                for path in sorted(Path(config.site_dir).rglob("*")):
                    if path.is_file():
                        archive.write(path, f"{name}/{path.relative_to(config.site_dir).as_posix()}")
    finally:
        if previous is None:
            os.environ.pop(OFFLINE_ENV, None)
        else:
            os.environ[OFFLINE_ENV] = previous
    return output
