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

The build writes the features without importing `datasets` (a heavy import): `arrow_schema_of`
gives the Arrow schema and the `huggingface` metadata that `Features.arrow_schema` gives, and
`features_yaml_list` the card's YAML form (`Features._to_yaml_list`) of the features embedded in
a file; tests check both against `datasets` itself. `features_for` (real `Features` objects, for
readers and validation) imports `datasets` when first called.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from . import schema

if TYPE_CHECKING:
    import pyarrow as pa
    from datasets import Features

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
    from datasets import ClassLabel, List, Value

    if node.kind == "labels":
        return ClassLabel(names=list(node.names))
    if node.kind == "list":
        return List(feature_of(node.item))
    if node.kind == "struct":
        return {f.name: feature_of(f.node) for f in node.fields}
    return Value(node.kind)


@cache
def _features(model: type[BaseModel], topics: tuple[str, ...] | None) -> Features:
    from datasets import Features

    return Features(feature_of(_tree(model, topics)))


def features_for(model: type[BaseModel], topics: Sequence[str] | None = None) -> Features:
    """The HF features of a published record model, fields in model order."""
    return _features(model, None if topics is None else tuple(topics))


def topic_names(features: Features) -> tuple[str, ...] | None:
    """The topic ClassLabel names stored in published features (None when there are none)."""
    from datasets import ClassLabel

    feature = features.get("topics")
    inner = getattr(feature, "feature", None)
    return tuple(inner.names) if isinstance(inner, ClassLabel) else None


# --- the same features without `datasets` (the build's path) ---------------------------------


def feature_dict(node: Node) -> Any:
    """The `Features.to_dict()` form of a schema node (what the `huggingface` metadata holds)."""
    if node.kind == "labels":
        return {"names": list(node.names), "_type": "ClassLabel"}
    if node.kind == "list":
        return {"feature": feature_dict(node.item), "_type": "List"}
    if node.kind == "struct":
        return {f.name: feature_dict(f.node) for f in node.fields}
    return {"dtype": node.kind, "_type": "Value"}


def arrow_type_of(node: Node) -> pa.DataType:
    """The Arrow type `datasets` gives the node's feature (ClassLabel -> int64)."""
    import pyarrow as pa

    if node.kind == "labels":
        return pa.int64()
    if node.kind == "list":
        return pa.list_(arrow_type_of(node.item))
    if node.kind == "struct":
        return pa.struct([pa.field(f.name, arrow_type_of(f.node)) for f in node.fields])
    return {"string": pa.string, "int32": pa.int32, "float64": pa.float64, "date32": pa.date32, "bool": pa.bool_}[
        node.kind
    ]()


@cache
def _arrow_schema_of(model: type[BaseModel], topics: tuple[str, ...] | None) -> pa.Schema:
    import pyarrow as pa

    tree = _tree(model, topics)
    metadata = {"info": {"features": feature_dict(tree)}}
    return pa.schema(arrow_type_of(tree)).with_metadata({"huggingface": json.dumps(metadata)})


def arrow_schema_of(model: type[BaseModel], topics: Sequence[str] | None = None) -> pa.Schema:
    """`features_for(model, topics).arrow_schema`, the same schema and metadata bytes, without
    importing `datasets`."""
    return _arrow_schema_of(model, None if topics is None else tuple(topics))


def embedded_feature_dict(schema: pa.Schema) -> dict | None:
    """The features (in `Features.to_dict()` form) in a Parquet schema's `huggingface` metadata,
    or None when there are none. Raises ValueError / KeyError on malformed metadata."""
    metadata = schema.metadata or {}
    if b"huggingface" not in metadata:
        return None
    features = json.loads(metadata[b"huggingface"])["info"]["features"]
    if not isinstance(features, dict):
        raise ValueError("the `huggingface` features are not a mapping")
    return features


def embedded_topic_names(schema: pa.Schema) -> tuple[str, ...] | None:
    """The topic ClassLabel names embedded in a Parquet schema (None when there are none)."""
    features = embedded_feature_dict(schema) or {}
    topics = features.get("topics")
    inner = topics.get("feature") if isinstance(topics, dict) and topics.get("_type") in ("List", "Sequence") else None
    if isinstance(inner, dict) and inner.get("_type") == "ClassLabel":
        return tuple(inner["names"])
    return None


_UPPER_UPPER = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z\d])([A-Z])")


def _snake(name: str) -> str:
    return _LOWER_UPPER.sub(r"\1_\2", _UPPER_UPPER.sub(r"\1_\2", name)).lower()


def _simplified(feature: dict) -> dict:
    for list_type in ("large_list", "list", "sequence"):
        inner = feature.get(list_type)
        if isinstance(inner, dict) and list(inner) == ["dtype"]:
            feature[list_type] = inner["dtype"]
        elif isinstance(inner, dict) and list(inner) == ["struct"]:
            feature[list_type] = inner["struct"]
    label = feature.get("class_label")
    if isinstance(label, dict) and isinstance(label.get("names"), list):
        label["names"] = {str(i): name for i, name in enumerate(label["names"])}
    return feature


def _yaml_feature(obj: Any) -> dict:
    if isinstance(obj, dict):
        obj = dict(obj)
        kind = obj.pop("_type", None)
        if kind in ("List", "LargeList"):
            item = obj.pop("feature")
            return _simplified({"list" if kind == "List" else "large_list": _yaml_feature(item), **obj})
        if kind == "Value":
            return obj
        if kind and not obj:
            return {"dtype": _snake(kind)}
        if kind:
            return {"dtype": _simplified({_snake(kind): json.loads(json.dumps(obj))})}
        return {"struct": [{"name": name, **_yaml_feature(value)} for name, value in obj.items()]}
    if isinstance(obj, list | tuple):
        return _simplified({"list": _simplified(_yaml_feature(obj[0]))})
    raise TypeError(f"expected a dict or a list, got {type(obj)}: {obj}")


def features_yaml_list(features: dict) -> list:
    """`Features.from_dict(features)._to_yaml_list()` without `datasets`: the form the dataset
    card's `dataset_info.features` takes."""
    return _yaml_feature(features)["struct"]


#: The published configs: name -> record model.
CONFIG_MODELS: dict[str, type[BaseModel]] = {
    "turns": schema.Turn,
    "interviews": schema.Interview,
    "ner": schema.NerSentence,
}
