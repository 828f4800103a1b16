"""Safe YAML with line numbers.

PyYAML's composer gives nodes with marks; we build plain Python values from
them ourselves, so that no tag can construct an object, anchors cannot blow
up memory, duplicate keys are caught and every mapping knows its key lines.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..diagnostics import Diagnostic
from ..model import Loc

MAX_DEPTH = 8
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    line: int
    item_lines: list[int]


class _Invalid(Exception):
    def __init__(self, line: int, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.code, self.message, self.hint = line, code, message, hint


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _build(node: yaml.Node, depth: int, seen: set[int]) -> Any:
    if depth > MAX_DEPTH:
        raise _Invalid(_line(node), "too-deep", f"YAML is nested more than {MAX_DEPTH} levels deep", "flatten the structure")
    if id(node) in seen:
        raise _Invalid(_line(node), "yaml-alias", "YAML anchors and aliases (&, *) are not allowed", "write the value out in full")
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _Invalid(_line(node), "yaml-tag", f"YAML tag {node.tag!r} is not allowed", "remove the tag (the part starting with !)")
        return yaml.SafeLoader.construct_object(_CONSTRUCTOR, node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            raise _Invalid(_line(node), "yaml-tag", f"YAML tag {node.tag!r} is not allowed", "remove the tag (the part starting with !)")
        result = YamlList(_build(item, depth + 1, seen) for item in node.value)
        result.line, result.item_lines = _line(node), [_line(item) for item in node.value]
        return result
    if node.tag != _MAP_TAG:
        raise _Invalid(_line(node), "yaml-tag", f"YAML tag {node.tag!r} is not allowed", "remove the tag (the part starting with !)")
    result = YamlMap()
    result.line, result.key_lines = _line(node), {}
    for key_node, value_node in node.value:
        key = _build(key_node, depth + 1, seen)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise _Invalid(
                _line(key_node), "duplicate-key",
                f"key {key!r} appears twice in the same mapping (first on line {result.key_lines[key]})",
                "keep one of them",
            )
        result.key_lines[key] = _line(key_node)
        result[key] = _build(value_node, depth + 1, seen)
    return result


_CONSTRUCTOR = yaml.SafeLoader("")


def parse_yaml(text: str, path: str, problems: list[Diagnostic]) -> Any:
    """The document's value, or None after recording a located problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problems.append(
            Diagnostic(Loc(path, line), "yaml-syntax", f"YAML syntax error: {exc.problem or exc.context}",
                       "check indentation and quote values that contain ': ' or start with a special character")
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(Diagnostic(Loc(path, 1), "yaml-syntax", f"YAML error: {exc}"))
        return None
    if node is None:
        return None
    try:
        return _build(node, 0, set())
    except _Invalid as exc:
        problems.append(Diagnostic(Loc(path, exc.line), exc.code, exc.message, exc.hint))
        return None
