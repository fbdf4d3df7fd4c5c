"""The describe stage's read-back (written.py): records built column by column are the rows'
`record_from_dict`, and the `ner` counts are those of the `ner` rows read as models."""

from __future__ import annotations

import os

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from interview_dataset.features import embedded_topic_names
from interview_dataset.metadata import SPLITS
from interview_dataset.pipeline import BuildOptions, build_dataset
from interview_dataset.publish.arrow_tables import decode_table
from interview_dataset.schema import NerSentence, Turn, record_from_dict
from interview_dataset.written import WrittenCorpus, _records, iter_ner_counts, iter_rows

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate_corpus  # noqa: E402 -- needs the sys.path entry for benchmarks/ above


@pytest.fixture(scope="module")
def hf(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("readback")
    raw = generate_corpus(root, interviews=8, turns_per_interview=12, seed=5).raw_dir
    build_dataset(raw, root / "dist", BuildOptions(workers=1, max_shard_bytes=20_000))  # several shards
    return root / "dist" / "hf"


def test_records_built_by_column_are_the_rows_record_from_dict(hf):
    paths = sorted((hf / "data" / "turns").glob("*.parquet"))
    assert len(paths) > 3
    rows = 0
    for path in paths:
        parquet = pq.ParquetFile(path)
        topics = embedded_topic_names(parquet.schema_arrow)
        for batch in parquet.iter_batches(batch_size=7):
            table = decode_table(pa.Table.from_batches([batch]), Turn, topics)
            expected = [record_from_dict(row, Turn) for row in table.to_pylist()]
            got = _records(table, Turn)
            assert got == expected
            assert [type(e) for r in got for e in r.entities] == [type(e) for r in expected for e in r.entities]
            rows += len(got)
    assert rows == 96


def test_ner_counts_are_those_of_the_ner_rows(hf):
    corpus = WrittenCorpus.from_folder(hf)
    for split in SPLITS:
        paths = corpus.paths("ner", split)
        rows: Counter = Counter()
        tokens: Counter = Counter()
        for sentence in iter_rows(paths, NerSentence):
            rows[sentence.interview_id] += 1
            tokens[sentence.interview_id] += len(sentence.tokens)
        counted = list(iter_ner_counts(paths))
        assert [c[0] for c in counted] == list(rows)  # one group per interview, in the order written
        assert {i: (n, t) for i, n, t in counted} == {i: (rows[i], tokens[i]) for i in rows}
    written = list(corpus)
    assert len(written) == 8 and all(w.ner_counts and w.ner_counts[0] > 0 for w in written)
