"""Hugging Face `Features` derived from the pydantic schema (never written by hand).

Mapping: `str` -> string, `int` -> int32, `float` -> float64, `datetime.date` -> date32,
a `Literal` of strings -> ClassLabel with those names in order, `list[X]` -> List(X),
a nested model -> a struct, `Optional[X]` -> X (nullable, as every Arrow field here).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from functools import cache
from typing import Any

from datasets import ClassLabel, Features, List, Value
from pydantic import BaseModel

from . import schema


def feature_for(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return feature_for(args[0])
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"unsupported union {annotation}")
        return feature_for(rest[0])
    if origin is typing.Literal:
        return ClassLabel(names=list(args))
    if origin is list:
        return List(feature_for(args[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: feature_for(f.annotation) for name, f in annotation.model_fields.items()}
    if annotation is str:
        return Value("string")
    if annotation is int:
        return Value("int32")
    if annotation is float:
        return Value("float64")
    if annotation is dt.date:
        return Value("date32")
    if annotation is bool:
        return Value("bool")
    raise TypeError(f"no feature mapping for {annotation!r}")


@cache
def features_for(model: type[BaseModel]) -> Features:
    """The HF features of a published record model, fields in model order."""
    return Features({name: feature_for(f.annotation) for name, f in model.model_fields.items()})


#: The published configs: name -> record model.
CONFIG_MODELS: dict[str, type[BaseModel]] = {
    "turns": schema.Turn,
    "interviews": schema.Interview,
    "ner": schema.NerSentence,
}
