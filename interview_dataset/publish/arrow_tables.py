"""Arrow tables built column by column from validated models (no model_dump detour).

ClassLabel fields are encoded to their int64 index; the schema is the HF features' Arrow
schema, which carries the `huggingface` metadata so ClassLabel names survive in the Parquet.

Speed: for each model a column builder is compiled once from its annotations and the Arrow
schema. Attribute values are read field by field with `operator.attrgetter` (a C-level pass per field),
and every column becomes an Arrow array in one call (`pa.array`, or `np.fromiter` for ints):
lists become offsets + one flat child array, nested models become struct arrays of their
fields' arrays, Literals become int64 ClassLabel indexes through a dict lookup. No per-row
dicts are built, and the models are not validated again (they were validated on creation).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Sequence
from functools import cache
from itertools import accumulate, chain
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import BaseModel

from .. import DATASET_VERSION
from ..features import Node, arrow_schema_of, schema_tree
from ..schema import RECORD_TYPES

ColumnBuilder = Callable[[Sequence[Any]], pa.Array]


def _mask(values: Sequence[Any]) -> pa.Array | None:
    """A null mask for list/struct arrays, or None when no value is None."""
    if None not in values:
        return None
    return pa.array([v is None for v in values], type=pa.bool_())


def _builder(node: Node, arrow_type: pa.DataType) -> ColumnBuilder:
    """A function turning a sequence of attribute values into an Arrow array of `arrow_type`."""
    optional = node.nullable

    if node.kind == "labels":
        index = {name: i for i, name in enumerate(node.names)}
        lookup = index.__getitem__  # KeyError for a value outside the Literal: never silently null

        dtype = arrow_type.to_pandas_dtype()

        def build_literal(values):
            if optional and None in values:
                return pa.array([None if v is None else lookup(v) for v in values], type=arrow_type)
            return pa.array(np.fromiter(map(lookup, values), dtype, count=len(values)), type=arrow_type)

        if not optional:  # list children: straight from the chained lists, no intermediate list
            build_literal.stream = lambda items, count: pa.array(
                np.fromiter(map(lookup, items), dtype, count=count), type=arrow_type
            )
        return build_literal

    if node.kind == "list":
        if not pa.types.is_list(arrow_type):
            raise TypeError(f"a list maps to {arrow_type}, expected a list type")
        child = _builder(node.item, arrow_type.value_type)

        def build_list(values):
            mask = _mask(values) if optional else None
            present = values if mask is None else [() if v is None else v for v in values]
            offsets = np.zeros(len(values) + 1, dtype=np.int32)
            np.cumsum(np.fromiter(map(len, present), np.int64, count=len(values)), out=offsets[1:], dtype=np.int32)
            stream = getattr(child, "stream", None)
            if stream is not None:
                items = stream(chain.from_iterable(present), int(offsets[-1]))
            else:
                items = child(list(chain.from_iterable(present)))
            return pa.ListArray.from_arrays(pa.array(offsets), items, type=arrow_type, mask=mask)

        return build_list

    if node.kind == "struct":
        if not pa.types.is_struct(arrow_type):
            raise TypeError(f"{node.model.__name__} maps to {arrow_type}, expected a struct type")
        fields = list(arrow_type)
        rows_of = _rows_builder(node, fields)

        def build_struct(values):
            mask = _mask(values) if optional else None
            present = values if mask is None else [v for v in values if v is not None]
            children = rows_of(present)
            if mask is not None:  # spread the present rows back over the null slots
                if not present:
                    children = [pa.nulls(len(values), f.type) for f in fields]
                else:
                    positions = pa.array(
                        [max(p, 0) for p in accumulate((v is not None for v in values), initial=-1)][1:],
                        type=pa.int64(),
                    )
                    children = [c.take(positions) for c in children]
            return pa.StructArray.from_arrays(children, fields=fields, mask=mask)

        return build_struct

    if not optional and pa.types.is_integer(arrow_type):
        dtype = arrow_type.to_pandas_dtype()

        def build_int(values):  # NumPy converts (and range-checks) Python ints ~4x faster than pa.array
            return pa.array(np.fromiter(values, dtype, count=len(values)), type=arrow_type)

        return build_int

    # Other scalars: str, float, date, bool, optional ints (pa.array checks types, None -> null).
    def build_scalar(values):
        return pa.array(values, type=arrow_type)

    return build_scalar


def _rows_builder(node: Node, fields: list[pa.Field]) -> Callable[[Sequence[BaseModel]], list[pa.Array]]:
    """Arrays of every field of a struct node, for a sequence of instances (in the order of `fields`).

    The instances are models or their records (`schema.record_type`): anything with the fields
    as attributes. `build.from_columns` takes the field values as columns instead."""
    names = [f.name for f in node.fields]
    if names != [f.name for f in fields]:
        raise TypeError(
            f"{node.model.__name__}: fields {names} differ from the Arrow schema {[f.name for f in fields]}"
        )
    builders = [_builder(f.node, a.type) for f, a in zip(node.fields, fields, strict=True)]
    getters = [operator.attrgetter(name) for name in names]

    def build(models):
        if not isinstance(models, list):
            models = list(models)
        # One C-level pass per field (cheaper than transposing per-row tuples).
        return [b(list(map(g, models))) for b, g in zip(builders, getters, strict=False)]

    def from_columns(columns):
        return [b(c) for b, c in zip(builders, columns, strict=True)]

    build.from_columns = from_columns
    return build


def arrow_schema(model: type[BaseModel], topics: Sequence[str] | None = None) -> pa.Schema:
    """HF features' Arrow schema plus the dataset version in the file metadata.

    `topics` (the taxonomy's topic ids) is required for a model with topics (`Turn`)."""
    return _arrow_schema(model, None if topics is None else tuple(topics))


@cache
def _arrow_schema(model: type[BaseModel], topics: tuple[str, ...] | None) -> pa.Schema:
    schema = arrow_schema_of(model, topics)  # = features_for(model, topics).arrow_schema, without importing datasets
    metadata = dict(schema.metadata or {})
    metadata[b"interview_dataset"] = json.dumps(
        {"dataset_version": DATASET_VERSION, "record": model.__name__, "lock": "constraints.txt"}, sort_keys=True
    ).encode()
    return schema.with_metadata(metadata)


@cache
def _table_builder(
    model: type[BaseModel], topics: tuple[str, ...] | None
) -> Callable[[Sequence[BaseModel]], list[pa.Array]]:
    return _rows_builder(schema_tree(model, topics), list(_arrow_schema(model, topics)))


def table_from_models(
    models: Sequence[BaseModel], model: type[BaseModel], topics: Sequence[str] | None = None
) -> pa.Table:
    """The Arrow table of validated `model` instances, with the published schema.

    A topic outside `topics` raises KeyError (never a silent null)."""
    wrong = set(map(type, models)) - {model}
    if wrong:
        raise TypeError(f"expected {model.__name__} instances, got {', '.join(sorted(t.__name__ for t in wrong))}")
    key = None if topics is None else tuple(topics)
    return pa.Table.from_arrays(_table_builder(model, key)(models), schema=_arrow_schema(model, key))


def table_from_records(
    records: Sequence[tuple], model: type[BaseModel], topics: Sequence[str] | None = None
) -> pa.Table:
    """The same table as `table_from_models`, from validated records of `model` (its
    `schema.RECORD_TYPES` named tuples, e.g. from `schema.validate_records`): the build's hot
    path, with no model per row. The columns are the records transposed in one pass."""
    record = RECORD_TYPES[model]
    wrong = set(map(type, records)) - {record}
    if wrong:
        raise TypeError(f"expected {record.__name__} records, got {', '.join(sorted(t.__name__ for t in wrong))}")
    key = None if topics is None else tuple(topics)
    columns = list(zip(*records, strict=True)) if records else [()] * len(record._fields)
    arrays = _table_builder(model, key).from_columns([list(c) for c in columns])
    return pa.Table.from_arrays(arrays, schema=_arrow_schema(model, key))


def node_decoder(node: Node) -> Callable[[Any], Any] | None:
    """The inverse of the column builders for one Python value: ClassLabel index -> name.

    None when the node holds no ClassLabel (the value is used as read). An index outside the
    names raises `IndexError`/`TypeError` (see `published.py`, which reports it per row)."""
    if node.kind == "labels":
        names = node.names

        def label(v):
            if v is None:
                return None
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < len(names):
                raise LabelIndexError(f"class index {v!r} is not one of the {len(names)} labels")
            return names[v]

        return label
    if node.kind == "list":
        item = node_decoder(node.item)
        return None if item is None else (lambda v: None if v is None else [item(x) for x in v])
    if node.kind == "struct":
        decoders = [(f.name, node_decoder(f.node)) for f in node.fields]
        decoders = [(name, d) for name, d in decoders if d is not None]
        if not decoders:
            return None

        def decode(row):
            if row is None or not isinstance(row, dict):
                return row
            row = dict(row)
            for name, d in decoders:
                if name in row:
                    row[name] = d(row[name])
            return row

        return decode
    return None


class LabelIndexError(ValueError):
    """A stored ClassLabel index outside the label names."""


def row_decoder(model: type[BaseModel], topics: Sequence[str] | None = None) -> Callable[[dict], dict]:
    """Arrow row (dict) -> model input: ClassLabel indexes become names, recursively."""
    decode = node_decoder(schema_tree(model, topics))
    return decode if decode is not None else (lambda row: row)


def array_decoder(node: Node) -> Callable[[pa.Array], pa.Array] | None:
    """The columnar form of `node_decoder`: an Arrow array of ClassLabel indexes -> the same array
    with the label names, recursively through lists and structs (one `take` per label column
    instead of one Python call per value). None when the node holds no ClassLabel. An index
    outside the names raises `pa.ArrowIndexError`."""
    if node.kind == "labels":
        names = pa.array(node.names, pa.string())
        return lambda arr: names.take(arr)
    if node.kind == "list":
        item = array_decoder(node.item)
        if item is None:
            return None

        def decode_list(arr):
            # `offsets` already account for a slice of `arr`; `values` are the whole child
            return type(arr).from_arrays(arr.offsets, item(arr.values), mask=arr.is_null() if arr.null_count else None)

        return decode_list
    if node.kind == "struct":
        decoders = [array_decoder(f.node) for f in node.fields]
        if not any(decoders):
            return None

        def decode_struct(arr):
            children = [arr.field(i) for i in range(arr.type.num_fields)]
            names = [arr.type.field(i).name for i in range(arr.type.num_fields)]
            by_name = dict(zip((f.name for f in node.fields), decoders, strict=True))
            children = [by_name[n](c) if by_name.get(n) else c for n, c in zip(names, children, strict=True)]
            return pa.StructArray.from_arrays(children, names=names, mask=arr.is_null() if arr.null_count else None)

        return decode_struct
    return None


def decode_table(table: pa.Table, model: type[BaseModel], topics: Sequence[str] | None = None) -> pa.Table:
    """`table` with every ClassLabel index column replaced by its label names (columnar)."""
    tree = schema_tree(model, topics)
    for f in tree.fields:
        decode = array_decoder(f.node)
        index = table.schema.get_field_index(f.name)
        if decode is None or index < 0:
            continue
        column = pa.chunked_array([decode(chunk) for chunk in table.column(index).chunks])
        table = table.set_column(index, f.name, column)
    return table


def models_from_table(table: pa.Table, model: type[BaseModel], topics: Sequence[str] | None = None) -> list[BaseModel]:
    """The inverse: decode ClassLabel indexes (columnar) and validate every row against the schema."""
    validate = model.model_validate
    return [validate(row) for row in decode_table(table, model, topics).to_pylist()]


# --- the ner config, straight from NumPy columns ----------------------------------------------

#: The `ner` columns `ner_table` builds, in the schema's order (checked against `NerSentence`).
_NER_FIELDS = (
    "id",
    "turn_id",
    "interview_id",
    "sentence_index",
    "tokens",
    "ner_tags",
    "conll_tags",
    "annotation_source",
)


@cache
def _ner_schema() -> pa.Schema:
    """The published `ner` schema, after checking that `ner_table` builds exactly its fields and
    that the ClassLabel names are the ones `ner.py` numbers its tags with."""
    from ..schema import ANNOTATION_SOURCES, CONLL_TAGS, NER_TAGS, NerSentence

    tree = schema_tree(NerSentence)
    names = tuple(f.name for f in tree.fields)
    if names != _NER_FIELDS:
        raise TypeError(f"NerSentence fields {names} differ from those ner_table builds {_NER_FIELDS}")
    nodes = {f.name: f.node for f in tree.fields}
    labels = {
        "ner_tags": nodes["ner_tags"].item.names,
        "conll_tags": nodes["conll_tags"].item.names,
        "annotation_source": nodes["annotation_source"].names,
    }
    if labels != {"ner_tags": NER_TAGS, "conll_tags": CONLL_TAGS, "annotation_source": ANNOTATION_SOURCES}:
        raise TypeError("NerSentence's ClassLabel names differ from the tag ids ner.py builds")
    return arrow_schema(NerSentence)


_INT32_MAX = 2**31 - 1


def _utf8_slices(text: str, chars: np.ndarray, start: np.ndarray, end: np.ndarray) -> pa.StringArray:
    """`[text[a:b] for a, b in zip(start, end)]` (ordered, non-overlapping slices) as an Arrow
    string array, without a Python string per slice: the UTF-8 bytes of `text` are cut at the
    slices' byte offsets into slices and gaps, and Arrow takes the slices (`chars`: the code points)."""
    data = text.encode("utf-8")
    if chars.dtype != np.uint8:  # not ASCII: the byte offset of every character (a byte that is no continuation byte)
        byte_of_char = np.empty(len(chars) + 1, dtype=np.int64)
        byte_of_char[:-1] = np.flatnonzero((np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80)
        byte_of_char[-1] = len(data)
        start, end = byte_of_char[start], byte_of_char[end]
    if len(data) > _INT32_MAX:
        raise ValueError("the texts of one chunk exceed 2 GiB; build with smaller chunks")
    bounds = np.empty(2 * len(start) + 2, dtype=np.int32)  # gap, slice, gap, slice, ..., gap
    bounds[0], bounds[-1] = 0, len(data)
    bounds[1:-1:2], bounds[2:-1:2] = start, end
    pieces = pa.StringArray.from_buffers(len(bounds) - 1, pa.py_buffer(bounds), pa.py_buffer(data))
    return _without_validity(pieces.take(pa.array(np.arange(1, len(bounds) - 1, 2, dtype=np.int64))))


def _without_validity(array: pa.Array) -> pa.Array:
    """`array` without the all-valid bitmap `take` adds (`Table.nbytes`, which sizes row groups
    and the card's `num_bytes`, must equal that of the model path's arrays)."""
    if array.null_count:
        raise TypeError("a null where NerSentence requires a value")
    return pa.Array.from_buffers(array.type, len(array), [None, *array.buffers()[1:]])


def _take_strings(values: list[str], positions: pa.Array) -> pa.StringArray:
    """`values` at `positions`."""
    return _without_validity(pa.array(values, type=pa.string()).take(positions))


@cache
def _ner_types() -> dict[str, pa.DataType]:
    return {f.name: f.type for f in _ner_schema()}


@cache
def _source_ids() -> dict[str, int]:
    from ..schema import ANNOTATION_SOURCES

    return {name: i for i, name in enumerate(ANNOTATION_SOURCES)}


@cache
def _padded_indexes(n: int) -> pa.StringArray:
    """`f"{i:03d}"` for i < n, as Arrow strings (the sentence part of a `ner` row's id)."""
    return pa.array([f"{i:03d}" for i in range(n)], type=pa.string())


def ner_table(columns) -> pa.Table:
    """The `ner` Arrow table of `ner.NerColumns` (checked on creation), with the published
    schema: the same table as `table_from_models(columns.models(), NerSentence)`, built from the
    arrays (offsets + flat child arrays), with no Python object per sentence or per token."""
    import pyarrow.compute as pc

    from ..ner import CONLL_ID

    schema = _ner_schema()
    types = _ner_types()
    # Per turn, read only of the turns with sentences (a turn without any makes no row, so it is not checked).
    with_rows = np.zeros(len(columns.turns), dtype=bool)
    with_rows[columns.sentence_turn] = True
    turns = [turn if rows else None for turn, rows in zip(columns.turns, with_rows.tolist(), strict=True)]
    sentence_turn = pa.array(columns.sentence_turn, type=pa.int64())
    turn_ids = _take_strings([t and t.id for t in turns], sentence_turn)
    interview_ids = _take_strings([t and t.interview_id for t in turns], sentence_turn)
    index = _source_ids()
    sources = np.fromiter(
        (0 if t is None else index[t.annotation_source] for t in turns), dtype=np.int64, count=len(turns)
    )
    sentence_index = pa.array(columns.sentence_index.astype(np.int32), type=types["sentence_index"])
    # The id's `{sentence_index:03d}`: from a table of the padded indexes (1,000, or a power of two above the largest).
    largest = int(columns.sentence_index.max()) if len(columns.sentence_index) else 0
    padded = _padded_indexes(1000 if largest < 1000 else 1 << largest.bit_length())
    ids = pc.binary_join_element_wise(turn_ids, padded.take(sentence_index), "-s")
    offsets = pa.array(columns.token_offsets.astype(np.int32), type=pa.int32())
    tokenized = columns.tokenized
    arrays = {
        "id": ids,
        "turn_id": turn_ids,
        "interview_id": interview_ids,
        "sentence_index": sentence_index,
        "tokens": pa.ListArray.from_arrays(
            offsets,
            _utf8_slices(tokenized.joined, tokenized.chars, columns.token_start, columns.token_end),
            type=types["tokens"],
        ),
        "ner_tags": pa.ListArray.from_arrays(offsets, pa.array(columns.tags, type=pa.int64()), type=types["ner_tags"]),
        "conll_tags": pa.ListArray.from_arrays(
            offsets, pa.array(CONLL_ID[columns.tags], type=pa.int64()), type=types["conll_tags"]
        ),
        "annotation_source": pa.array(sources[columns.sentence_turn], type=types["annotation_source"]),
    }
    return pa.Table.from_arrays([arrays[name] for name in schema.names], schema=schema)
