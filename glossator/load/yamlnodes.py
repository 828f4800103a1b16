"""Safe YAML with line numbers.

We build plain Python values from the parser's events ourselves, in one pass,
so that no tag can construct an object, aliases cannot blow up memory,
duplicate keys are caught and every mapping knows its key lines. PyYAML's
composer is not used: it recurses (thousands of `[` would crash the build)
and resolves an alias to its anchor, forgetting the line where it was written.
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


def _tag_problem(tag: str, line: int) -> _Invalid:
    if tag == _MERGE_TAG:
        return _Invalid(line, "yaml-tag", "YAML merge keys (<<) are not allowed", "write the keys out in full")
    return _Invalid(line, "yaml-tag", f"YAML tag {tag!r} is not allowed", "remove the tag (the part starting with !)")


def _scalar(event: yaml.ScalarEvent, line: int, notices: list[_Invalid]) -> Any:
    """A plain value; PyYAML's constructors raise assorted errors on values like 2025-13-45 or !!int abc."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag not in _SCALAR_TAGS:
        raise _tag_problem(tag, line)
    if tag in (_STR_TAG, _VALUE_TAG):
        value = event.value
    else:
        try:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            value = yaml.SafeLoader.construct_object(_CONSTRUCTOR, node, deep=True)
        except (ValueError, LookupError, AttributeError, OverflowError):
            shown = event.value if len(event.value) <= 40 else event.value[:40] + "…"
            raise _Invalid(line, "bad-value", f"YAML cannot read {shown!r} as {_READ_AS[tag.rsplit(':', 1)[1]]}",
                           "put the value in quotes to keep it as text") from None
    if isinstance(value, str):
        if control := _CONTROL.search(value):
            raise _Invalid(line, "bad-character", f"the text contains the control character U+{ord(control[0]):04X}",
                           "delete it (most editors do not show it)")
        if bidi := _BIDI.search(value):
            notices.append(_Invalid(line, "bidi-control",
                                    f"the text contains the invisible direction control U+{ord(bidi[0]):04X}, "
                                    "which makes it display in another order than it is written",
                                    "delete it: browsers lay out right-to-left scripts without it", WARNING))
    return value


def _collection(event: yaml.CollectionStartEvent, line: int) -> YamlMap | YamlList:
    is_map = isinstance(event, yaml.MappingStartEvent)
    if event.tag not in (None, "!", _MAP_TAG if is_map else _SEQ_TAG):
        raise _tag_problem(event.tag, line)
    result: YamlMap | YamlList
    if is_map:
        result = YamlMap()
        result.key_lines, result.value_lines = {}, {}
        result.pending = None
    else:
        result = YamlList()
        result.item_lines = []
    result.line = line
    return result


def _add(parent: YamlMap | YamlList, value: Any, line: int, block: bool) -> None:
    """Put a finished value into its collection: a list item, a mapping's key, or the value of that key."""
    if isinstance(parent, YamlList):
        parent.append(value)
        parent.item_lines.append(line)
    elif parent.pending is None:
        key = value if isinstance(value, str) else str(value)
        if key in parent:
            raise _Invalid(line, "duplicate-key",
                           f"key {key!r} appears twice in the same mapping (first on line {parent.key_lines[key]})",
                           "keep one of them")
        parent.key_lines[key] = line
        parent.pending = key
    else:
        key, parent.pending = parent.pending, None
        parent.value_lines[key] = line + block
        parent[key] = value


_NOTHING = object()
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.SafeLoader("")
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML has it: some forty times faster on thousands of note files.
It gives the same events and lines; only the wording of syntax errors differs."""


def _document(text: str, notices: list[_Invalid]) -> Any:
    """The value of the one document in `text`, built from the parser's events on an explicit stack.

    No recursion and no composer: thousands of `[` cannot exhaust the stack, and an
    alias is refused where it is written, before it could be expanded.
    """
    open_: list[YamlMap | YamlList] = []
    root: Any = _NOTHING
    first_document = None
    for event in yaml.parse(text, Loader=_PARSER):
        if isinstance(event, yaml.DocumentStartEvent):
            if first_document is not None:
                raise yaml.composer.ComposerError("expected a single document in the stream", first_document,
                                                  "but found another document", event.start_mark)
            first_document = event.start_mark
            continue
        line = event.start_mark.line + 1
        if isinstance(event, yaml.NodeEvent) and len(open_) > MAX_DEPTH:
            raise _Invalid(line, "too-deep", f"YAML is nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        if isinstance(event, yaml.AliasEvent):
            raise _Invalid(line, "yaml-alias", "YAML anchors and aliases (&, *) are not allowed", "write the value out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append(_collection(event, line))
            continue
        if isinstance(event, yaml.ScalarEvent):
            value, block = _scalar(event, line, notices), event.style in ("|", ">")
        elif isinstance(event, yaml.CollectionEndEvent):
            value, block = open_.pop(), False
            line = value.line
            if isinstance(value, YamlMap):
                del value.pending
        else:
            continue
        if open_:
            _add(open_[-1], value, line, block)
        else:
            root = value
    return None if root is _NOTHING else root


def parse_yaml(text: str, path: str, problems: list[Diagnostic], first_line: int = 1) -> Any:
    """The document's value, or None after recording a located problem.

    `first_line` is the line of `path` where `text` starts (front matter starts on line 2).
    """
    text = "\n" * (first_line - 1) + text
    notices: list[_Invalid] = []
    try:
        value = _document(text, notices)
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
    except _Invalid as exc:
        notices, value = [exc], None
    problems.extend(Diagnostic(Loc(path, n.line), n.code, n.message, n.hint, n.severity) for n in notices)
    return value
