"""Field tables for the card, generated from the pydantic models' field descriptions."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return type_name(inner[0]) + " (nullable)"
    if origin is typing.Literal:
        if len(args) > 6:
            return f"ClassLabel ({len(args)} names)"
        return "ClassLabel (" + ", ".join(f"`{a}`" for a in args) + ")"
    if origin is list:
        return f"list of {type_name(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "struct {" + ", ".join(annotation.model_fields) + "}"
    return {"str": "string", "int": "int32", "float": "float64", "date": "date32", "bool": "bool"}.get(
        annotation.__name__, annotation.__name__
    )


def field_rows(model: type[BaseModel], prefix: str = "") -> list[dict]:
    rows = []
    for name, f in model.model_fields.items():
        rows.append({"name": prefix + name, "type": type_name(f.annotation), "description": f.description or ""})
        inner = f.annotation
        if typing.get_origin(inner) is list:
            inner = typing.get_args(inner)[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            rows.extend(field_rows(inner, prefix=f"{prefix}{name}[].")[0:])
    return rows
