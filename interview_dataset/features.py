"""The one walk over the pydantic schema, and the Hugging Face `Features` derived from it.

`schema_tree(model)` turns a record model into a small tree of `Node`s; every consumer maps that
tree, never the pydantic annotations themselves: the HF features (here), the Arrow column
builders and decoders (`publish/arrow_tables.py`), the card's field tables (`card/fields.py`),
the Croissant fields (`publish/croissant.py`) and the decoding of published rows
(`published.py`). A new schema field therefore appears everywhere at once.

Mapping: `str` -> string, `int` -> int32, `float` -> float64, `datetime.date` -> date32,
`bool` -> bool, a `Literal` of strings -> ClassLabel with those names in order, `list[X]` ->
List(X), a nested model -> a struct, `Optional[X]` -> X (nullable, as every Arrow field here).
A string marked with `schema.LabelSpace("topics")` is a ClassLabel whose names are given when
the schema is used (the taxonomy's topic ids travel with the data, not with the code).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from datasets import ClassLabel, Features, List, Value
from pydantic import BaseModel

from . import schema

#: Scalar kinds and their HF `Value` dtype.
_SCALARS: dict[Any, str] = {str: "string", int: "int32", float: "float64", dt.date: "date32", bool: "bool"}


@dataclass(frozen=True)
class Node:
    """One type in the published schema.

    kind: a scalar dtype (`string`, `int32`, `float64`, `date32`, `bool`), `labels` (a
    ClassLabel: `names`), `list` (`item`) or `struct` (`fields`, of `model`).
    """

    kind: str
    nullable: bool = False
    names: tuple[str, ...] = ()
    label_space: str | None = None
    item: Node | None = None
    fields: tuple[FieldNode, ...] = ()
    model: type[BaseModel] | None = None


@dataclass(frozen=True)
class FieldNode:
    name: str
    description: str
    node: Node


class MissingLabelSpace(TypeError):
    """A schema with a label space (topics) was used without its names."""


def _walk(annotation: Any, spaces: dict[str, tuple[str, ...]], nullable: bool = False) -> Node:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, schema.LabelSpace):
                if meta.name not in spaces:
                    raise MissingLabelSpace(
                        f"the {meta.name!r} label space needs its names (e.g. the taxonomy's topic ids)"
                    )
                return Node("labels", nullable, names=spaces[meta.name], label_space=meta.name)
        return _walk(args[0], spaces, nullable)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"unsupported union {annotation}")
        return _walk(rest[0], spaces, nullable or len(rest) != len(args))
    if origin is typing.Literal:
        return Node("labels", nullable, names=tuple(args))
    if origin is list:
        return Node("list", nullable, item=_walk(args[0], spaces))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Node("struct", nullable, fields=_fields(annotation, spaces), model=annotation)
    if annotation in _SCALARS:
        return Node(_SCALARS[annotation], nullable)
    raise TypeError(f"no schema mapping for {annotation!r}")


def _fields(model: type[BaseModel], spaces: dict[str, tuple[str, ...]]) -> tuple[FieldNode, ...]:
    return tuple(
        FieldNode(name, f.description or "", _walk(f.annotation, spaces)) for name, f in model.model_fields.items()
    )


@cache
def _tree(model: type[BaseModel], topics: tuple[str, ...] | None) -> Node:
    spaces = {} if topics is None else {"topics": topics}
    return Node("struct", fields=_fields(model, spaces), model=model)


def schema_tree(model: type[BaseModel], topics: Sequence[str] | None = None) -> Node:
    """The tree of a record model; `topics` names the topic ClassLabel (required for `Turn`)."""
    return _tree(model, None if topics is None else tuple(topics))


def uses_topics(model: type[BaseModel]) -> bool:
    """Whether the model's schema has the topic label space (needs `topics=`)."""
    try:
        _tree(model, None)
    except MissingLabelSpace:
        return True
    return False


def feature_of(node: Node) -> Any:
    if node.kind == "labels":
        return ClassLabel(names=list(node.names))
    if node.kind == "list":
        return List(feature_of(node.item))
    if node.kind == "struct":
        return {f.name: feature_of(f.node) for f in node.fields}
    return Value(node.kind)


@cache
def _features(model: type[BaseModel], topics: tuple[str, ...] | None) -> Features:
    return Features(feature_of(_tree(model, topics)))


def features_for(model: type[BaseModel], topics: Sequence[str] | None = None) -> Features:
    """The HF features of a published record model, fields in model order."""
    return _features(model, None if topics is None else tuple(topics))


def topic_names(features: Features) -> tuple[str, ...] | None:
    """The topic ClassLabel names stored in published features (None when there are none)."""
    feature = features.get("topics")
    inner = getattr(feature, "feature", None)
    return tuple(inner.names) if isinstance(inner, ClassLabel) else None


#: The published configs: name -> record model.
CONFIG_MODELS: dict[str, type[BaseModel]] = {
    "turns": schema.Turn,
    "interviews": schema.Interview,
    "ner": schema.NerSentence,
}
