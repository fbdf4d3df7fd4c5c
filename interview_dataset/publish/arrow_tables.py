"""Arrow tables built column by column from validated models (no model_dump detour).

ClassLabel fields are encoded to their int64 index; the schema is the HF features' Arrow
schema, which carries the `huggingface` metadata so ClassLabel names survive in the Parquet.
"""

from __future__ import annotations

import json
import typing
import types
from functools import lru_cache
from typing import Any, Callable

import pyarrow as pa
from pydantic import BaseModel

from .. import DATASET_VERSION
from ..features import features_for


def _encoder(annotation: Any) -> Callable[[Any], Any] | None:
    """A function mapping a model attribute to its Arrow value (None: identity)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _encoder(args[0])
    if origin in (typing.Union, types.UnionType):
        inner = _encoder(next(a for a in args if a is not type(None)))
        return None if inner is None else (lambda v: None if v is None else inner(v))
    if origin is typing.Literal:
        index = {name: i for i, name in enumerate(args)}
        return index.__getitem__
    if origin is list:
        inner = _encoder(args[0])
        return None if inner is None else (lambda values: [inner(v) for v in values])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = [(name, _encoder(f.annotation)) for name, f in annotation.model_fields.items()]
        return lambda m: {name: (getattr(m, name) if enc is None else enc(getattr(m, name))) for name, enc in fields}
    return None


@lru_cache(maxsize=None)
def _field_encoders(model: type[BaseModel]) -> tuple[tuple[str, Callable | None], ...]:
    return tuple((name, _encoder(f.annotation)) for name, f in model.model_fields.items())


@lru_cache(maxsize=None)
def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """HF features' Arrow schema plus the dataset version in the file metadata."""
    schema = features_for(model).arrow_schema
    metadata = dict(schema.metadata or {})
    metadata[b"interview_dataset"] = json.dumps({"dataset_version": DATASET_VERSION, "record": model.__name__}, sort_keys=True).encode()
    return schema.with_metadata(metadata)


def table_from_models(models: list[BaseModel], model: type[BaseModel]) -> pa.Table:
    columns = {}
    for name, encode in _field_encoders(model):
        values = [getattr(m, name) for m in models]
        columns[name] = values if encode is None else [encode(v) for v in values]
    return pa.Table.from_pydict(columns, schema=arrow_schema(model))


def models_from_table(table: pa.Table, model: type[BaseModel]) -> list[BaseModel]:
    """The inverse: decode ClassLabel indexes and validate every row against the schema."""
    features = features_for(model)
    rows = table.to_pylist()
    return [model.model_validate(features.decode_example(row)) for row in rows]
