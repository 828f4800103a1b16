"""Safe YAML with line numbers.

PyYAML's composer gives nodes with marks; we build plain Python values from
them ourselves, so that no tag can construct an object, anchors cannot blow
up memory, duplicate keys are caught and every mapping knows its key lines.
Nesting and aliases are checked on the event stream first: the composer
recurses (thousands of `[` would crash the build) and resolves an alias
to its anchor, forgetting the line where the alias was written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..model import Loc

MAX_DEPTH = 8
_VALUE_TAG = "tag:yaml.org,2002:value"
"""What PyYAML calls a lone `=`; it has no constructor for it, so it is read as the text it is."""
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    _VALUE_TAG,
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_READ_AS = {"int": "a number", "float": "a number", "bool": "true or false", "timestamp": "a date"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters YAML lets through as escapes ("\\x02"): never text, and \\x02/\\x03 forge Markdown's placeholders."""
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional overrides and isolates: they make text display in another order than it is written."""


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]
    value_lines: dict[str, int]
    """Where each value's text starts: the line after the key for block scalars (| and >)."""

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    line: int
    item_lines: list[int]


class _Invalid(Exception):
    """A located problem in the YAML: raised when it stops the file, collected when it is only a warning."""

    def __init__(self, line: int, code: str, message: str, hint: str = "", severity: str = ERROR):
        super().__init__(message)
        self.line, self.code, self.message, self.hint, self.severity = line, code, message, hint, severity


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _tag_problem(node: yaml.Node) -> _Invalid:
    if node.tag == _MERGE_TAG:
        return _Invalid(_line(node), "yaml-tag", "YAML merge keys (<<) are not allowed", "write the keys out in full")
    return _Invalid(_line(node), "yaml-tag", f"YAML tag {node.tag!r} is not allowed", "remove the tag (the part starting with !)")


def _scalar(node: yaml.ScalarNode, notices: list[_Invalid]) -> Any:
    """A plain value; PyYAML's constructors raise assorted errors on values like 2025-13-45 or !!int abc."""
    try:
        value = node.value if node.tag == _VALUE_TAG else yaml.SafeLoader.construct_object(_CONSTRUCTOR, node, deep=True)
    except (ValueError, LookupError, AttributeError, OverflowError):
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        raise _Invalid(_line(node), "bad-value", f"YAML cannot read {shown!r} as {_READ_AS[node.tag.rsplit(':', 1)[1]]}",
                       "put the value in quotes to keep it as text") from None
    if isinstance(value, str):
        if control := _CONTROL.search(value):
            raise _Invalid(_line(node), "bad-character", f"the text contains the control character U+{ord(control[0]):04X}",
                           "delete it (most editors do not show it)")
        if bidi := _BIDI.search(value):
            notices.append(_Invalid(_line(node), "bidi-control",
                                    f"the text contains the invisible direction control U+{ord(bidi[0]):04X}, "
                                    "which makes it display in another order than it is written",
                                    "delete it: browsers lay out right-to-left scripts without it", WARNING))
    return value


def _build(node: yaml.Node, notices: list[_Invalid]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _tag_problem(node)
        return _scalar(node, notices)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            raise _tag_problem(node)
        result = YamlList(_build(item, notices) for item in node.value)
        result.line, result.item_lines = _line(node), [_line(item) for item in node.value]
        return result
    if node.tag != _MAP_TAG:
        raise _tag_problem(node)
    result = YamlMap()
    result.line, result.key_lines, result.value_lines = _line(node), {}, {}
    for key_node, value_node in node.value:
        key = _build(key_node, notices)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise _Invalid(
                _line(key_node), "duplicate-key",
                f"key {key!r} appears twice in the same mapping (first on line {result.key_lines[key]})",
                "keep one of them",
            )
        result.key_lines[key] = _line(key_node)
        block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
        result.value_lines[key] = _line(value_node) + block
        result[key] = _build(value_node, notices)
    return result


_CONSTRUCTOR = yaml.SafeLoader("")
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML has it: some forty times faster on thousands of note files.
It gives the same nodes and lines; only the wording of syntax errors differs."""


def _structure_problem(text: str) -> _Invalid | None:
    """An alias, or a value nested more than MAX_DEPTH levels deep, found by the (iterative) parser."""
    depth = 0
    for event in yaml.parse(text, Loader=_PARSER):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            return _Invalid(line, "yaml-alias", "YAML anchors and aliases (&, *) are not allowed", "write the value out in full")
        if isinstance(event, yaml.NodeEvent) and depth > MAX_DEPTH:
            return _Invalid(line, "too-deep", f"YAML is nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def parse_yaml(text: str, path: str, problems: list[Diagnostic], first_line: int = 1) -> Any:
    """The document's value, or None after recording a located problem.

    `first_line` is the line of `path` where `text` starts (front matter starts on line 2).
    """
    text = "\n" * (first_line - 1) + text
    try:
        invalid = _structure_problem(text)
        node = None if invalid else yaml.compose(text, Loader=_PARSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problems.append(
            Diagnostic(Loc(path, line), "yaml-syntax", f"YAML syntax error: {exc.problem or exc.context}",
                       "check indentation and quote values that contain ': ' or start with a special character")
        )
        return None
    except yaml.reader.ReaderError as exc:
        problems.append(Diagnostic(Loc(path, text.count("\n", 0, exc.position) + 1), "bad-character",
                                   f"the file contains the control character U+{exc.character:04X}, which YAML does not allow",
                                   "delete it (most editors do not show it)"))
        return None
    notices: list[_Invalid] = [invalid] if invalid else []
    try:
        value = None if invalid or node is None else _build(node, notices)
    except _Invalid as exc:
        notices, value = [exc], None
    problems.extend(Diagnostic(Loc(path, n.line), n.code, n.message, n.hint, n.severity) for n in notices)
    return value
