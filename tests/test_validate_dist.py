"""`interview-dataset validate dist`: a clean build validates; tampered folders are reported
precisely (the file, and the row or what is wrong)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers_project import SEED_ID, build, make_project, run_cli

from interview_dataset.publish.checksums import write_checksums
from interview_dataset.published import validate_dist

SHARD = "test-00000-of-00001.parquet"
TURNS = f"dist/hf/data/turns/{SHARD}"
NER = f"dist/hf/data/ner/{SHARD}"
INTERVIEWS = f"dist/hf/data/interviews/{SHARD}"


@pytest.fixture(scope="module")
def good_project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("good"))
    build(root)
    return root


@pytest.fixture
def project(good_project, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(good_project, root)
    return root


def _rewrite(path: Path, column: str, row: int, change) -> None:
    """Rewrite a Parquet file with one cell changed, keeping the schema and its metadata."""
    table = pq.read_table(path)
    values = table.column(column).to_pylist()
    values[row] = change(values[row])
    table = table.set_column(
        table.schema.get_field_index(column),
        table.schema.field(column),
        pa.array(values, type=table.schema.field(column).type),
    )
    assert table.schema.metadata and b"huggingface" in table.schema.metadata
    pq.write_table(table, path, compression="zstd")


def _validate(root: Path):
    result = run_cli(root, "validate", "dist")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def test_clean_build_validates(project):
    result = _validate(project)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout
    assert validate_dist(project / "dist") == []


def test_edited_row_is_reported_with_its_row(project):
    _rewrite(project / TURNS, "text", 5, lambda t: t.replace("changed", "shifted", 1))
    result = _validate(project)
    assert result.returncode == 2
    err = result.stderr
    assert f"{TURNS}: SHA-256 differs" in err
    assert f"{TURNS}: row 5 (id '{SEED_ID}-005'): the text differs from its `ner` tokens" in err, err


def test_edited_row_is_found_even_with_regenerated_checksums(project):
    _rewrite(project / TURNS, "text", 5, lambda t: t.replace("changed", "shifted", 1))
    write_checksums(project / "dist" / "hf")
    problems = validate_dist(project / "dist")
    assert len(problems) == 1 and f"{TURNS}: row 5 (id '{SEED_ID}-005'): the text differs" in str(problems[0]), problems


def test_edited_entity_offset_is_reported_by_the_schema(project):
    def shift(entities):
        return [{**e, "start": e["start"] + 1, "end": e["end"] + 1} for e in entities]

    _rewrite(project / TURNS, "entities", 1, shift)
    result = _validate(project)
    assert result.returncode == 2
    assert f"{TURNS}: row 1 (id '{SEED_ID}-001'): " in result.stderr
    assert "does not match the text there" in result.stderr


def test_edited_num_turns_is_reported(project):
    _rewrite(project / INTERVIEWS, "num_turns", 0, lambda n: n - 1)
    result = _validate(project)
    assert result.returncode == 2
    assert (
        f"{INTERVIEWS}: row 0 (id '{SEED_ID}'): num_turns is 47, but the `turns` config holds 48 turn(s)"
        in result.stderr
    )


def test_removed_b_tag_is_reported(project):
    table = pq.read_table(project / NER)
    rows = table.column("ner_tags").to_pylist()
    row = next(i for i, tags in enumerate(rows) if any(t != 0 for t in tags))
    _rewrite(project / NER, "ner_tags", row, lambda tags: [0] * len(tags))
    _rewrite(project / NER, "conll_tags", row, lambda tags: [0] * len(tags))
    result = _validate(project)
    assert result.returncode == 2
    assert "B- tag(s)" in result.stderr and f"{TURNS}: row " in result.stderr


def test_swapped_shards_between_configs(project):
    turns, ner = project / TURNS, project / NER
    tmp = turns.with_suffix(".swap")
    turns.rename(tmp)
    ner.rename(turns)
    tmp.rename(ner)
    result = _validate(project)
    assert result.returncode == 2
    err = result.stderr
    assert f"{TURNS}: the embedded features are not those of config `turns`; they are those of config `ner`" in err, err
    assert f"{NER}: the embedded features are not those of config `ner`; they are those of config `turns`" in err, err


def test_truncated_file(project):
    path = project / INTERVIEWS
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = _validate(project)
    assert result.returncode == 2
    assert f"{INTERVIEWS}: SHA-256 differs from SHA256SUMS (file changed or truncated)" in result.stderr
    assert f"{INTERVIEWS}: cannot read the Parquet file" in result.stderr


def test_extra_file(project):
    (project / "dist" / "hf" / "data" / "turns" / "notes.txt").write_text("hello\n", encoding="utf-8")
    result = _validate(project)
    assert result.returncode == 2
    assert "dist/hf/data/turns/notes.txt: not listed in SHA256SUMS" in result.stderr
    assert "dist/hf/data/turns/notes.txt: unexpected file" in result.stderr


def test_deleted_file(project):
    (project / "dist" / "hf" / "RIGHTS.md").unlink()
    result = _validate(project)
    assert result.returncode == 2
    assert "dist/hf/RIGHTS.md: listed in SHA256SUMS but missing" in result.stderr


def test_deleted_shard(project):
    (project / NER).unlink()
    result = _validate(project)
    assert result.returncode == 2
    assert f"{NER}: listed in SHA256SUMS but missing" in result.stderr
    assert (
        "config `ner` is listed under `configs`" in result.stderr
        or "lists split `test`, which has no Parquet file" in result.stderr
    )


def test_readme_num_examples_edited(project):
    readme = project / "dist" / "hf" / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "num_examples: 48\n" in text
    readme.write_text(text.replace("num_examples: 48\n", "num_examples: 47\n"), encoding="utf-8")
    result = _validate(project)
    assert result.returncode == 2
    assert "dist/hf/README.md: SHA-256 differs" in result.stderr
    assert (
        "dist/hf/README.md: `dataset_info` of `turns`, split `test`: num_examples is 47, "
        "but the Parquet files hold 48 rows" in result.stderr
    )


def test_renamed_shard(project):
    (project / TURNS).rename(project / "dist/hf/data/turns/test-00000-of-00002.parquet")
    problems = validate_dist(project / "dist")
    assert any("are not numbered 00000..N-1 of N" in str(p) for p in problems), problems


def test_broken_front_matter(project):
    readme = project / "dist" / "hf" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("configs:\n", "configs: [\n", 1), encoding="utf-8")
    problems = validate_dist(project / "dist")
    assert any("dist/hf/README.md:" in str(p) and "front matter" in str(p) for p in problems), problems


def test_missing_dist_folder(tmp_path):
    result = run_cli(tmp_path, "validate", "nowhere")
    assert result.returncode == 2
    assert "nowhere: not a folder" in result.stderr
