"""Parquet -> pydantic models equals the models that were written, for every config."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers_project import SEED_ID, build, interview_dir, make_project

from interview_dataset.compile import compile_interview
from interview_dataset.errors import DatasetError
from interview_dataset.ner import sentences_for_turns
from interview_dataset.published import read_config
from interview_dataset.schema import Interview, NerSentence, Turn
from interview_dataset.taxonomy import load_taxonomy

IDS = (SEED_ID, "bilous-talaver-2026-copy")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("roundtrip"), ids=IDS)
    build(root)
    return root


@pytest.fixture(scope="module")
def written(project) -> dict[str, list]:
    """What the build wrote, compiled again in-process, in folder (= row) order."""
    taxonomy, _ = load_taxonomy(project / "raw")
    out: dict[str, list] = {"turns": [], "interviews": [], "ner": []}
    for interview_id in sorted(IDS):
        compiled = compile_interview(interview_dir(project, interview_id), taxonomy)
        assert compiled.split == "test"
        out["turns"].extend(compiled.turns)
        out["interviews"].append(compiled.interview)
        out["ner"].extend(sentences_for_turns(compiled.turns))
    return out


@pytest.mark.parametrize("config, model", [("turns", Turn), ("interviews", Interview), ("ner", NerSentence)])
def test_parquet_gives_back_the_models_written(project, written, config, model):
    read = read_config(project / "dist" / "hf", config, model)
    assert all(type(item) is model for item in read)
    assert len(read) == len(written[config])
    for got, want in zip(read, written[config], strict=False):
        assert got == want
    assert read_config(project / "dist" / "hf", config, model, split="test") == read


def test_annotations_survive(written):
    turns = {t.id: t for t in written["turns"]}
    first = turns[f"{SEED_ID}-001"]
    assert first.topics == ["soldiers-and-army-life"] and [e.text for e in first.entities] == ["Kyiv"]
    assert first.annotation_source == "gold"
    assert any(tag.startswith("B-") for s in written["ner"] for tag in s.ner_tags)


def test_missing_split_is_a_dataset_error(project):
    with pytest.raises(DatasetError) as info:
        read_config(project / "dist" / "hf", "turns", Turn, split="train")
    assert "split 'train'" in info.value.render() and "test" in info.value.problems[0].hint


def test_missing_config_is_a_dataset_error(tmp_path):
    with pytest.raises(DatasetError) as info:
        read_config(tmp_path, "turns", Turn)
    assert "no Parquet shards" in info.value.render()


def test_invalid_row_names_file_and_row(project, tmp_path):
    source = project / "dist" / "hf" / "data" / "turns" / "test-00000-of-00001.parquet"
    target = tmp_path / "hf" / "data" / "turns" / source.name
    target.parent.mkdir(parents=True)
    table = pq.read_table(source)
    roles = table.column("speaker_role").to_pylist()
    roles[3] = 7  # not one of the three ClassLabel names
    table = table.set_column(
        table.schema.get_field_index("speaker_role"),
        table.schema.field("speaker_role"),
        pa.array(roles, type=table.schema.field("speaker_role").type),
    )
    pq.write_table(table, target)
    with pytest.raises(DatasetError) as info:
        read_config(tmp_path / "hf", "turns", Turn)
    problem = info.value.problems[0]
    assert problem.file.endswith("hf/data/turns/test-00000-of-00001.parquet")
    assert f"row 3 (id '{SEED_ID}-003')" in problem.message and "class index 7" in problem.message
    assert problem.hint


def test_shard_of_another_config_is_named(project, tmp_path):
    source = project / "dist" / "hf" / "data" / "ner" / "test-00000-of-00001.parquet"
    target = tmp_path / "hf" / "data" / "turns" / source.name
    target.parent.mkdir(parents=True)
    target.write_bytes(source.read_bytes())
    with pytest.raises(DatasetError) as info:
        read_config(tmp_path / "hf", "turns", Turn)
    assert "holds rows of config `ner`" in info.value.problems[0].message
