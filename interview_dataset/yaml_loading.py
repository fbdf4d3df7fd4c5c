"""Safe YAML loading that remembers the line of every value.

Only the standard YAML tags (strings, numbers, booleans, null, dates, lists, mappings) are
accepted: a tag such as `!!python/object` is an error, never a constructed object. Duplicate
keys are errors too (plain PyYAML silently keeps the last one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import DatasetError, excerpt, read_input_bytes

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SCALAR = yaml.ScalarNode
#: libyaml's parser when PyYAML was built with it (same nodes and marks, several times faster).
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The safe loader's implicit resolvers by first character (it has no wildcard and no path resolvers).
_IMPLICIT = {first: tuple(resolvers) for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()}


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader with PyYAML's tag resolution made cheaper, with the same tags.

    The parser asks `resolve` for the tag of every node, and calls `descend_resolver` and
    `ascend_resolver` around every node for path resolvers, which the safe loader has none of.
    `resolve` here tries only the implicit resolvers registered for the value's first character,
    as `BaseResolver.resolve` does, without building lists per call; `tests/test_yaml_safety.py`
    checks that both loaders compose equal nodes."""

    def resolve(self, kind, value, implicit):
        if kind is _SCALAR:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


if None in _IMPLICIT or _BASE_LOADER.yaml_path_resolvers:  # what `_Loader` leaves out must not exist
    _LOADER = _BASE_LOADER
else:
    _LOADER = _Loader
_CONSTRUCTOR = SafeConstructor()
_SEQ_TAG = "tag:yaml.org,2002:seq"

Path_ = tuple  # a path of keys and indexes into the loaded document


@dataclass
class YamlDocument:
    """Plain data loaded from YAML, with the 1-based line of every node."""

    path: Path
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    text: str | None = None  # the decoded file, kept so that nothing reads it again

    def line_of(self, *keys: Any) -> int | None:
        """The line of the node at `keys`, or of its nearest ancestor that has one."""
        keys = tuple(keys)
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return self.lines.get((), None)


def load_yaml(path: Path, text: str | None = None) -> YamlDocument:
    """Load a YAML file safely, raising DatasetError naming file and line on any problem."""
    path = Path(path)
    if text is None:
        raw = read_input_bytes(path, "file", "create it (see docs/adding-an-interview.md)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise DatasetError.at(path, f"not valid UTF-8 (byte {exc.start})", "save the file as UTF-8", line) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:
        raise DatasetError.at(
            path, "YAML nested too deeply", "flatten the structure (these files need only a few levels)"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if "nesting depth" in problem:  # libyaml's own guard
            raise DatasetError.at(
                path, "YAML nested too deeply", "flatten the structure (these files need only a few levels)", line
            ) from None
        raise DatasetError.at(
            path,
            f"YAML syntax error: {problem}",
            "fix the YAML syntax at that line (indentation, quotes, colons)",
            line,
        ) from None
    except yaml.YAMLError as exc:
        raise DatasetError.at(path, f"YAML error: {exc}", "fix the YAML syntax") from None
    doc = YamlDocument(path=path, data=None, text=text)
    try:
        doc.data = {} if node is None else _convert(node, (), doc, set())
    except RecursionError:
        raise DatasetError.at(
            path, "YAML nested too deeply", "flatten the structure (these files need only a few levels)"
        ) from None
    return doc


def _convert(node: yaml.Node, keys: tuple, doc: YamlDocument, seen: set[int], used_at: int | None = None) -> Any:
    line = node.start_mark.line + 1
    doc.lines[keys] = line
    if type(node) is _SCALAR and node.tag == _STR_TAG:  # most nodes: a plain string, first
        return node.value
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        # An alias (*name) of a list or mapping would be expanded again at every use (the
        # "billion laughs"), or forever when it refers to itself: refuse it.
        if id(node) in seen:
            raise DatasetError.at(
                doc.path,
                "YAML aliases (*name) of lists or mappings are not supported",
                "write the values out instead of using an anchor (&name) and aliases",
                used_at or line,
            )
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP_TAG:
            _bad_tag(node, doc)
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DatasetError.at(
                    doc.path,
                    "YAML merge keys (<<) are not supported",
                    "write the keys out",
                    key_node.start_mark.line + 1,
                )
            if type(key_node) is _SCALAR and key_node.tag == _STR_TAG:
                key = key_node.value  # a plain string key (its line is the value's, below)
            else:
                key = _convert(key_node, keys + ("<key>",), doc, seen)
            if isinstance(key, (dict, list)):
                raise DatasetError.at(
                    doc.path,
                    "a mapping key must be a plain value",
                    "use a string or number as key",
                    key_node.start_mark.line + 1,
                )
            if key in result:
                raise DatasetError.at(
                    doc.path,
                    f"duplicate key {excerpt(key)}",
                    "remove or merge the repeated key",
                    key_node.start_mark.line + 1,
                )
            key_line = key_node.start_mark.line + 1
            if type(value_node) is _SCALAR and value_node.tag == _STR_TAG:
                result[key] = value_node.value  # a plain string, as `_convert` would give it
            else:
                result[key] = _convert(value_node, keys + (key,), doc, seen, key_line)
            # A value's line is its key's line: for a nested block the value starts a line later.
            doc.lines[keys + (key,)] = key_line
        doc.lines.pop(keys + ("<key>",), None)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            _bad_tag(node, doc)
        items = []
        lines = doc.lines
        for i, item in enumerate(node.value):
            if type(item) is _SCALAR and item.tag == _STR_TAG:  # a plain string, as `_convert` would give it
                lines[keys + (i,)] = item.start_mark.line + 1
                items.append(item.value)
            else:
                items.append(_convert(item, keys + (i,), doc, seen, line))
        return items
    if node.tag not in _SCALAR_TAGS:
        _bad_tag(node, doc)
    if node.tag == _STR_TAG:
        return node.value
    try:
        # The tag's own constructor, called directly: no object cache that would keep nodes alive.
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError) as exc:
        raise DatasetError.at(
            doc.path, f"invalid value {excerpt(node.value)}: {exc}", "write a valid value (dates as YYYY-MM-DD)", line
        ) from None
    except (KeyError, AttributeError, TypeError):  # e.g. `!!bool maybe`, `!!timestamp soon`
        raise DatasetError.at(
            doc.path,
            f"invalid value {excerpt(node.value)} for tag {node.tag.rsplit(':', 1)[-1]!r}",
            "write a valid value, or drop the tag",
            line,
        ) from None


def _bad_tag(node: yaml.Node, doc: YamlDocument) -> None:
    raise DatasetError.at(
        doc.path,
        f"YAML tag {excerpt(node.tag)} is not allowed "
        "(only plain strings, numbers, booleans, dates, lists and mappings)",
        "remove the tag; YAML here is data only and never constructs objects",
        node.start_mark.line + 1,
    )
