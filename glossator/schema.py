"""The JSON Schemas in glossator/schemas/: the one definition of a valid note file and glossary term.

Editors validate against the published copies in the top-level schemas/
folder (a test keeps them identical); the loaders validate against these with
jsonschema, so an editor's red squiggle and `glossator check` never disagree.
A compiled copy (fastjsonschema) answers "valid?" for the thousands of files
that are; jsonschema explains the few that are not.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import fastjsonschema
from jsonschema import Draft202012Validator


@cache
def load_schema(name: str) -> dict:
    """The parsed schema `name` ('note' or 'glossary')."""
    return json.loads((files("glossator") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


@cache
def _compiled(name: str):
    return fastjsonschema.compile(load_schema(name), use_default=False)


def is_valid(name: str, data) -> bool:
    try:
        _compiled(name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True
