"""Reading what the write stage wrote: the describe stage's only source of records.

The build first writes every config (`pipeline.write_stage`); statistics, the card, the figure,
the lint, the agreement, the baselines' inputs, Croissant and the checksums then read the
published Parquet back, in batches, one interview at a time (`WrittenCorpus`), so memory is
bounded by one interview and one batch whatever the corpus size.

Within a split the three configs hold their rows in the same interview order (folder order),
so the `interviews`, `turns` and `ner` streams of a split are walked side by side and grouped
by `interview_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from .annotations import ANNOTATIONS_FILE, AnnotationFile, load_annotations
from .features import embedded_topic_names, uses_topics
from .metadata import SPLITS
from .publish.arrow_tables import decode_table, models_from_table
from .publish.parquet_shards import WrittenSplit
from .schema import RECORD_TYPES, Interview, NerSentence, Turn, record_from_dict, validate_records

#: Rows decoded at a time from a Parquet file.
BATCH_ROWS = 2048


@dataclass
class WrittenInterview:
    """One interview as published: its `interviews` row, its turns and its `ner` rows."""

    split: str
    interview: Interview
    turns: list[Turn]
    sentences: list[NerSentence] = field(default_factory=list)
    raw_dir: Path | None = None
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
            records = [record_from_dict(row, model) for row in decode_table(table, model, topics).to_pylist()]
            valid, invalid = validate_records(records, model)
            if invalid:
                position, message = invalid[0]
                raise ValueError(f"{path}: row {position} of a batch is not a valid {model.__name__}: {message}")
            yield from valid


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
            sentences = (
                _grouped(iter_rows(self.paths("ner", split), NerSentence), "interview_id") if self.with_ner else None
            )
            pending_ner: tuple[str, list] | None = None
            for interview in interviews:
                turn_id, turn_rows = next(turns, (None, []))
                if turn_id != interview.id:
                    raise ValueError(f"{split}: turns of {interview.id!r} expected, found {turn_id!r}")
                rows: list[NerSentence] = []
                if sentences is not None:
                    if pending_ner is None:
                        pending_ner = next(sentences, None)
                    if pending_ner is not None and pending_ner[0] == interview.id:
                        rows, pending_ner = pending_ner[1], None
                yield WrittenInterview(split, interview, turn_rows, rows, self.raw_dir)

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
