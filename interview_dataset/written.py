"""Reading what the write stage wrote: the describe stage's only source of records.

The build first writes every config (`pipeline.write_stage`); statistics, the card, the figure,
the lint, the baselines' inputs, Croissant and the checksums then read the published Parquet
back, in batches, one interview at a time (`WrittenCorpus`), so memory is bounded by one
interview and one batch whatever the corpus size. (What only the raw files hold, the agreement
of annotation passes among it, is taken by the write stage's jobs: `parallel.InterviewDescription`.)

Within a split the three configs hold their rows in the same interview order (folder order),
so the `interviews`, `turns` and `ner` streams of a split are walked side by side and grouped
by `interview_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from .annotations import ANNOTATIONS_FILE, AnnotationFile, load_annotations
from .features import embedded_topic_names, uses_topics
from .metadata import SPLITS
from .publish.arrow_tables import decode_table, models_from_table
from .publish.parquet_shards import WrittenSplit
from .schema import RECORD_TYPES, Interview, NerSentence, Turn, validate_records

#: Rows decoded at a time from a Parquet file.
BATCH_ROWS = 2048


@dataclass
class WrittenInterview:
    """One interview as published: its `interviews` row, its turns and its `ner` rows (as
    `WrittenCorpus` reads them: their number and the number of their tokens, `ner_counts`)."""

    split: str
    interview: Interview
    turns: list[Turn]
    sentences: list[NerSentence] = field(default_factory=list)
    raw_dir: Path | None = None
    ner_counts: tuple[int, int] | None = None  # (ner rows, tokens), when read as counts
    _annotations: AnnotationFile | None = None
    _loaded: bool = False

    @property
    def annotations(self) -> AnnotationFile | None:
        """The interview's annotation file in `raw/` (for the lint's line numbers and waivers),
        read on first use; None when there is none or no `raw/` is known."""
        if not self._loaded:
            self._loaded = True
            if self.raw_dir is not None:
                path = self.raw_dir / self.interview.id / ANNOTATIONS_FILE
                self._annotations = load_annotations(path) if path.exists() else None
        return self._annotations

    @property
    def annotation_source(self) -> str:
        """`gold`, `automatic` or `none`: the source of the interview's turns."""
        return self.turns[0].annotation_source if self.turns else "none"


def iter_rows(paths: list[Path], model) -> Iterator:
    """Validated `model` rows of the given shards, in order, decoded batch by batch.

    Models with a record type (`Turn`) come back as validated records (`schema.TurnRecord`: the
    same fields, read by attribute), checked a batch at a time by the schema's column checks
    (`schema.validate_records`) instead of one pydantic model per row; other models as models."""
    import pyarrow as pa

    as_records = model in RECORD_TYPES
    for path in paths:
        parquet = pq.ParquetFile(path)
        # The topic label space is the one the file was written with (its embedded HF features).
        topics = embedded_topic_names(parquet.schema_arrow) if uses_topics(model) else None
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            table = pa.Table.from_batches([batch])
            if not as_records:
                yield from models_from_table(table, model, topics)
                continue
            records = _records(decode_table(table, model, topics), model)
            valid, invalid = validate_records(records, model)
            if invalid:
                position, message = invalid[0]
                raise ValueError(f"{path}: row {position} of a batch is not a valid {model.__name__}: {message}")
            yield from valid


#: The Arrow type id of `date32` columns (`_column_values` converts their distinct days only).
_DATE32_ID = pa.date32().id


def _build(record: type[tuple], *columns: list) -> list:
    """`list(map(record, *columns))` for a named-tuple type `record`, each tuple made by
    `tuple.__new__` (what the named tuple's own `__new__`, a Python function, calls)."""
    return list(map(tuple.__new__, repeat(record), zip(*columns, strict=True)))


@cache
def _record_plan(model) -> tuple[type, tuple[tuple[str, object], ...]]:
    """`model`'s record type, and (field name, plan of its nested record type or None) per field."""
    from .schema import _nested_model

    return RECORD_TYPES[model], tuple(
        (name, _record_plan(inner) if (inner := _nested_model(f.annotation)) is not None else None)
        for name, f in model.model_fields.items()
    )


def _records(table, model) -> list:
    """The rows of a decoded table as `model`'s records (`schema.record_from_dict` of every row),
    built column by column (`table_columns`)."""
    record, fields = _record_plan(model)
    if not fields:
        return [record() for _ in range(table.num_rows)]
    columns = table_columns(table, model)
    return _build(record, *(columns[name] for name, _ in fields))


def table_columns(table, model) -> dict[str, list]:
    """The Python values of each column of a decoded table of `model` rows (any subset of its
    fields), a list-of-structs column as lists of records built from its flattened fields and
    split by the lists' lengths (no dict per row or per nested item)."""
    import pyarrow as pa

    plans = dict(_record_plan(model)[1])
    table = table.combine_chunks()
    columns = {}
    for name in table.column_names:
        column = table.column(name)
        array = column.chunk(0) if column.num_chunks == 1 else pa.concat_arrays(column.chunks)
        columns[name] = _column_values(array, plans[name])
    return columns


def _column_values(array, plan) -> list:
    """The Python values of an Arrow array; with `plan` (a list of structs), each list as records."""
    import pyarrow.compute as pc

    if plan is None:
        if array.type.id == _DATE32_ID:  # (one date per interview: each distinct day converted once)
            encoded = pc.dictionary_encode(array, null_encoding="encode")  # a null is a value of the dictionary
            return list(map(encoded.dictionary.to_pylist().__getitem__, encoded.indices.to_pylist()))
        return array.to_pylist()

    record, fields = plan
    items = array.flatten()  # the lists' items (a struct array), as sliced
    # one array per field (accounting for the struct's offset and validity), by name
    children = {items.type.field(i).name: child for i, child in enumerate(items.flatten())}
    if fields:
        flat = _build(record, *(_column_values(children[name], inner) for name, inner in fields))
    else:
        flat = [record() for _ in range(len(items))]
    return _split_by_lengths(flat, pc.list_value_length(array).to_pylist())


def _split_by_lengths(flat: list, lengths: list) -> list:
    """`flat` (the items of a list column, in order) cut into the rows' lists by the lists'
    lengths; a null list (length None) is None."""
    rows, at = [], 0
    for length in lengths:
        if length is None:
            rows.append(None)
            continue
        rows.append(flat[at : at + length])
        at += length
    return rows


def iter_ner_counts(paths: list[Path]) -> Iterator[tuple[str, int, int]]:
    """(interview id, `ner` rows, tokens) of the given `ner` shards, in order, one interview at a
    time: read as two columns, the ids and `ner_tags`, whose lists have the length of `tokens` (one
    tag per token, an invariant of `NerSentence`) and are integers, far cheaper to read than the
    token strings; summed per run of equal ids with Arrow and NumPy, no row built."""
    import numpy as np
    import pyarrow.compute as pc

    current, rows, tokens = None, 0, 0
    for path in paths:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=["interview_id", "ner_tags"]):
            if not batch.num_rows:
                continue
            runs = pc.run_end_encode(batch.column(0))  # the batch's runs of equal interview ids
            run_ends = runs.run_ends.to_numpy()
            lengths = pc.list_value_length(batch.column(1)).to_numpy()
            token_ends = np.cumsum(lengths, dtype=np.int64)[run_ends - 1]
            row_counts = np.diff(run_ends, prepend=0).tolist()
            token_counts = np.diff(token_ends, prepend=0).tolist()
            for interview_id, n, t in zip(runs.values.to_pylist(), row_counts, token_counts, strict=True):
                if interview_id != current:
                    if current is not None:
                        yield current, rows, tokens
                    current, rows, tokens = interview_id, 0, 0
                rows += n
                tokens += t
    if current is not None:
        yield current, rows, tokens


def _grouped(rows: Iterator, key: str) -> Iterator[tuple[str, list]]:
    current, group = None, []
    for row in rows:
        value = getattr(row, key)
        if group and value != current:
            yield current, group
            group = []
        current = value
        group.append(row)
    if group:
        yield current, group


class Span(NamedTuple):
    """Where an entity is (`units()` reads no more of it)."""

    start: int
    end: int


class UnitInterview(NamedTuple):
    """What `WrittenCorpus.units()` reads of an `interviews` row."""

    id: str
    introduction: str | None
    introduction_entities: list[Span]


class UnitTurn(NamedTuple):
    """What `WrittenCorpus.units()` reads of a `turns` row."""

    turn_index: int
    text: str
    entities: list[Span]


#: The columns `WrittenCorpus.units()` reads.
_UNIT_INTERVIEW_COLUMNS = ["id", "introduction", "introduction_entities"]
_UNIT_TURN_COLUMNS = ["interview_id", "turn_index", "text", "entities"]


def _spans(column) -> list[list[Span]]:
    """The spans of a list-of-entities column (Arrow), row by row, from its flattened `start` and
    `end` fields (no per-entity dicts)."""
    import pyarrow.compute as pc

    values = column.flatten()
    spans = _build(Span, values.field("start").to_pylist(), values.field("end").to_pylist())
    return _split_by_lengths(spans, pc.list_value_length(column).fill_null(0).to_pylist())


def _iter_batches(paths: list[Path], columns: list[str]) -> Iterator:
    for path in paths:
        yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=columns)


class WrittenCorpus:
    """The published configs, re-iterable: each iteration streams the Parquet again and yields
    one `WrittenInterview` at a time, split by split (train, validation, test), in the order
    written."""

    def __init__(self, splits: dict[tuple[str, str], WrittenSplit], raw_dir: Path | None = None, with_ner: bool = True):
        self.splits = splits
        self.raw_dir = raw_dir
        self.with_ner = with_ner

    @classmethod
    def from_folder(cls, hf_dir: Path, raw_dir: Path | None = None) -> WrittenCorpus:
        """The corpus of a published Hugging Face folder (its `data/<config>/<split>-*.parquet`)."""
        import pyarrow.parquet as pq

        from .features import CONFIG_MODELS

        splits = {}
        for config in CONFIG_MODELS:
            for split in SPLITS:
                paths = sorted((Path(hf_dir) / "data" / config).glob(f"{split}-*-of-*.parquet"))
                if paths:
                    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in paths)
                    splits[(config, split)] = WrittenSplit(rows, 0, paths)
        return cls(splits, raw_dir)

    def paths(self, config: str, split: str) -> list[Path]:
        written = self.splits.get((config, split))
        return list(written.paths) if written else []

    def __iter__(self) -> Iterator[WrittenInterview]:
        for split in SPLITS:
            interviews = iter_rows(self.paths("interviews", split), Interview)
            turns = _grouped(iter_rows(self.paths("turns", split), Turn), "interview_id")
            ner_counts = iter_ner_counts(self.paths("ner", split)) if self.with_ner else None
            pending_ner: tuple[str, int, int] | None = None
            for interview in interviews:
                turn_id, turn_rows = next(turns, (None, []))
                if turn_id != interview.id:
                    raise ValueError(f"{split}: turns of {interview.id!r} expected, found {turn_id!r}")
                counts = None
                if ner_counts is not None:
                    if pending_ner is None:
                        pending_ner = next(ner_counts, None)
                    counts = (0, 0)
                    if pending_ner is not None and pending_ner[0] == interview.id:
                        counts, pending_ner = pending_ner[1:], None
                yield WrittenInterview(split, interview, turn_rows, [], self.raw_dir, ner_counts=counts)

    def units(self) -> Iterator[WrittenInterview]:
        """The interviews with only their units' text and entity spans (`UnitInterview`,
        `UnitTurn`): the lint's second pass, which walks what the first pass (`__iter__`) read and
        validated. Read column by column, a batch at a time; `annotations` as in `__iter__`."""
        for split in SPLITS:
            turns = self._unit_turns(split)
            pending = next(turns, None)
            for batch in _iter_batches(self.paths("interviews", split), _UNIT_INTERVIEW_COLUMNS):
                ids, introductions = batch.column(0).to_pylist(), batch.column(1).to_pylist()
                for interview in map(UnitInterview, ids, introductions, _spans(batch.column(2))):
                    if pending is None or pending[0] != interview.id:
                        found = None if pending is None else pending[0]
                        raise ValueError(f"{split}: turns of {interview.id!r} expected, found {found!r}")
                    yield WrittenInterview(split, interview, pending[1], [], self.raw_dir)  # type: ignore[arg-type]
                    pending = next(turns, None)

    def _unit_turns(self, split: str) -> Iterator[tuple[str, list[UnitTurn]]]:
        """(interview id, its `UnitTurn`s) of a split's `turns` shards, one interview at a time."""
        current, group = None, []
        for batch in _iter_batches(self.paths("turns", split), _UNIT_TURN_COLUMNS):
            ids = batch.column(0).to_pylist()
            turns = _build(UnitTurn, batch.column(1).to_pylist(), batch.column(2).to_pylist(), _spans(batch.column(3)))
            for interview_id, turn in zip(ids, turns, strict=True):
                if group and interview_id != current:
                    yield current, group  # type: ignore[misc]
                    group = []
                current = interview_id
                group.append(turn)
        if group:
            yield current, group  # type: ignore[misc]

    def without_ner(self) -> WrittenCorpus:
        return WrittenCorpus(self.splits, self.raw_dir, with_ner=False)

    def gold_turns(self, split: str | None = None) -> list[Turn]:
        """The gold turns (the baselines' input) of one split, or of all, read from the `turns` config."""
        return [
            t
            for s in (SPLITS if split is None else (split,))
            for t in iter_rows(self.paths("turns", s), Turn)
            if t.annotation_source == "gold"
        ]


def written_topic_ids(paths) -> tuple[str, ...]:
    """The topic label space embedded in the first of `paths` (Parquet shards, or iterables of
    them) that has one; empty when none has."""
    for path in (p for group in paths for p in ([group] if isinstance(group, Path) else group)):
        names = embedded_topic_names(pq.read_schema(path))
        if names is not None:
            return names
    return ()
