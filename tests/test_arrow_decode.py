"""The columnar ClassLabel decode (`decode_table`) against the row-by-row decoder it replaced
on the describe stage's path: same Python rows for every config of the built project, and the
same refusal of an index outside the label names."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from interview_dataset.features import CONFIG_MODELS, embedded_topic_names, uses_topics
from interview_dataset.publish.arrow_tables import decode_table, row_decoder
from interview_dataset.schema import Turn


@pytest.mark.parametrize("config", sorted(CONFIG_MODELS))
def test_columnar_decode_equals_row_decode(built_project, config):
    model = CONFIG_MODELS[config]
    paths = sorted((built_project / "dist" / "hf" / "data" / config).glob("*.parquet"))
    assert paths
    for path in paths:
        parquet = pq.ParquetFile(path)
        topics = embedded_topic_names(parquet.schema_arrow) if uses_topics(model) else None
        table = parquet.read()
        decode = row_decoder(model, topics)
        expected = [decode(row) for row in table.to_pylist()]
        # also on a slice, whose list offsets do not start at 0
        assert decode_table(table, model, topics).to_pylist() == expected
        assert decode_table(table.slice(1), model, topics).to_pylist() == expected[1:]


def test_columnar_decode_refuses_an_index_outside_the_names(built_project):
    path = sorted((built_project / "dist" / "hf" / "data" / "turns").glob("*.parquet"))[0]
    parquet = pq.ParquetFile(path)
    topics = embedded_topic_names(parquet.schema_arrow)
    table = parquet.read()
    index = table.schema.get_field_index("speaker_role")
    bad = pa.array([99] * table.num_rows, table.schema.field(index).type)
    with pytest.raises(pa.ArrowIndexError):
        decode_table(table.set_column(index, table.schema.field(index), bad), Turn, topics)


def test_written_turns_are_records_validated_by_the_column_checks(built_project, tmp_path):
    """The describe stage reads turns as records checked by the schema's column checks: the same
    values as the models, and a row the schema refuses stops the reading (it is never passed on)."""
    from interview_dataset.publish.arrow_tables import models_from_table
    from interview_dataset.schema import TurnRecord
    from interview_dataset.written import iter_rows

    path = sorted((built_project / "dist" / "hf" / "data" / "turns").glob("*.parquet"))[0]
    records = list(iter_rows([path], Turn))
    parquet = pq.ParquetFile(path)
    models = models_from_table(parquet.read(), Turn, embedded_topic_names(parquet.schema_arrow))
    assert records and all(type(r) is TurnRecord for r in records)
    assert [r._asdict() | {"entities": [e._asdict() for e in r.entities]} for r in records] == [
        m.model_dump() for m in models
    ]

    table = parquet.read()
    texts = table.column("text").to_pylist()
    texts[0] = " " + texts[0]  # leading white space: the schema refuses it
    index = table.schema.get_field_index("text")
    bad = tmp_path / path.name
    pq.write_table(table.set_column(index, table.schema.field(index), pa.array(texts, pa.string())), bad)
    with pytest.raises(ValueError, match="not a valid Turn"):
        list(iter_rows([bad], Turn))
