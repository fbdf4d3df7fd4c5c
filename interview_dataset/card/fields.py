"""Field tables for the card, generated from the schema walk (`features.schema_tree`)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from ..features import Node, schema_tree


def type_name(node: Node) -> str:
    nullable = " (nullable)" if node.nullable else ""
    if node.kind == "labels":
        if node.label_space == "topics":
            return "ClassLabel (the taxonomy's topic ids)" + nullable
        if len(node.names) > 6:
            return f"ClassLabel ({len(node.names)} names)" + nullable
        return "ClassLabel (" + ", ".join(f"`{a}`" for a in node.names) + ")" + nullable
    if node.kind == "list":
        return f"list of {type_name(node.item)}" + nullable
    if node.kind == "struct":
        return "struct {" + ", ".join(f.name for f in node.fields) + "}" + nullable
    return node.kind + nullable


def _rows(node: Node, prefix: str) -> list[dict]:
    rows = []
    for f in node.fields:
        rows.append({"name": prefix + f.name, "type": type_name(f.node), "description": f.description})
        inner, suffix = (f.node.item, "[].") if f.node.kind == "list" else (f.node, ".")
        if inner.kind == "struct":
            rows.extend(_rows(inner, f"{prefix}{f.name}{suffix}"))
    return rows


def field_rows(model: type[BaseModel], topics: Sequence[str] = ()) -> list[dict]:
    """One row per field (nested fields as `parent[].child` or `parent.child`): name, type, description."""
    return _rows(schema_tree(model, topics), "")
