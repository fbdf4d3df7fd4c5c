"""The published folder: loaders, features, determinism, atomicity, error messages, --check."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED_ID
from helpers_project import file_line

EXPECTED_TURN_COLUMNS = [
    "id",
    "interview_id",
    "turn_index",
    "speaker",
    "speaker_role",
    "text",
    "topics",
    "entities",
    "annotation_source",
    "date",
    "source_start",
    "source_end",
    "start_seconds",
    "end_seconds",
]


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interview_dataset.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


def _parquet_rows(project: Path, config: str) -> dict[str, int]:
    """Rows per split of a config, read from the Parquet footers (pyarrow, not `datasets`)."""
    import pyarrow.parquet as pq

    rows: dict[str, int] = {}
    for path in (project / "dist" / "hf" / "data" / config).glob("*.parquet"):
        split = path.name.split("-")[0]
        rows[split] = rows.get(split, 0) + pq.ParquetFile(path).metadata.num_rows
    return rows


def test_load_dataset_turns(built_project):
    from datasets import ClassLabel, List, Value, load_dataset

    ds = load_dataset(str(built_project / "dist" / "hf"))
    assert set(ds) == set(_parquet_rows(built_project, "turns"))  # every split written, and only those
    for split, rows in _parquet_rows(built_project, "turns").items():
        assert ds[split].num_rows == rows
    turns = ds["test"]  # the seed is pinned to test
    assert turns.column_names == EXPECTED_TURN_COLUMNS
    seed = turns.filter(lambda r: r["interview_id"] == SEED_ID)
    assert seed.num_rows == 48
    role = turns.features["speaker_role"]
    assert isinstance(role, ClassLabel) and role.names == ["interviewer", "interviewee", "other"]
    assert role.int2str(seed[0]["speaker_role"]) == "interviewer"
    assert seed[0]["date"] == dt.date(2026, 2, 24)
    assert turns.features["date"] == Value("date32")
    entities = turns.features["entities"]
    assert isinstance(entities, List) and isinstance(entities.feature["label"], ClassLabel)
    assert entities.feature["label"].names[0] == "PERSON" and len(entities.feature["label"].names) == 18
    for row in turns:
        for e in row["entities"]:
            assert row["text"][e["start"] : e["end"]] == e["text"]


def test_load_dataset_interviews_and_ner(built_project):
    from datasets import ClassLabel, load_dataset

    interviews = load_dataset(str(built_project / "dist" / "hf"), "interviews")["test"]
    assert interviews.num_rows == _parquet_rows(built_project, "interviews")["test"]
    seed = interviews.filter(lambda r: r["id"] == SEED_ID)[0]
    assert seed["num_turns"] == 48
    assert seed["date"] == dt.date(2026, 2, 24)
    assert seed["publisher"] is None  # unknown: published as null, never guessed
    ner = load_dataset(str(built_project / "dist" / "hf"), "ner")["test"]
    tags = ner.features["ner_tags"].feature
    assert isinstance(tags, ClassLabel) and tags.names[0] == "O" and tags.names[1] == "B-PERSON"
    seed_turns = {r["turn_id"] for r in ner if r["interview_id"] == SEED_ID}
    assert seed_turns == {f"{SEED_ID}-{i:03d}" for i in range(48)}  # every seed turn has sentences


def test_classlabels_survive_from_parquet_without_the_card(built_project):
    from datasets import ClassLabel, Dataset

    path = next((built_project / "dist" / "hf" / "data" / "turns").glob("*.parquet"))
    ds = Dataset.from_parquet(str(path))
    assert isinstance(ds.features["speaker_role"], ClassLabel)


def test_pandas_polars_duckdb_read_every_file(built_project):
    import duckdb
    import pandas as pd
    import polars as pl

    files = sorted((built_project / "dist" / "hf" / "data").rglob("*.parquet"))
    assert {f.parent.name for f in files} == {"turns", "interviews", "ner"}
    for f in files:
        n_pd = len(pd.read_parquet(f))
        n_pl = pl.read_parquet(f).height
        n_db = duckdb.sql(f"SELECT count(*) FROM read_parquet('{f}')").fetchall()[0][0]
        assert n_pd == n_pl == n_db > 0
    df = pd.read_parquet(built_project / "dist" / "hf" / "data" / "turns")
    assert list(df.columns) == EXPECTED_TURN_COLUMNS
    assert len(df) == sum(_parquet_rows(built_project, "turns").values())


def test_card_committed_equals_generated_body(built_project):
    readme = (built_project / "dist" / "hf" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("---\n")
    body = readme.split("\n---\n", 1)[1].lstrip("\n")
    assert (built_project / "DATASET_CARD.md").read_text(encoding="utf-8") == body
    assert (REPO / "DATASET_CARD.md").read_text(encoding="utf-8") == body, (
        "DATASET_CARD.md is stale: run python build.py"
    )


def test_no_absolute_paths_or_timestamps_in_outputs(built_project):
    for path in (built_project / "dist").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert str(built_project).encode() not in data, path
            assert b"/work/" not in data and b"/tmp/" not in data, path


@pytest.fixture()
def project_copy(built_project, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


def test_second_build_is_byte_identical(project_copy):
    before = tree_hashes(project_copy / "dist")
    result = run_cli(project_copy, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert tree_hashes(project_copy / "dist") == before


def test_corrupted_transcript_exits_2_naming_the_file_and_leaves_dist_untouched(project_copy):
    before = tree_hashes(project_copy / "dist")
    transcript = project_copy / "raw" / SEED_ID / "000_e6669b1306f91eec.txt"
    transcript.write_bytes(
        transcript.read_bytes().replace(b"Taras Bilous\n\nI\xe2\x80\x99m a drone", b"Taras Bilous\n\nI am a drone")
    )
    result = run_cli(project_copy, "build")
    assert result.returncode == 2
    assert "000_e6669b1306f91eec.txt does not match its recorded SHA-256" in result.stderr
    assert "metadata.yaml:" in result.stderr and "how to fix" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(project_copy / "dist") == before
    assert not list(project_copy.glob(".dist-build-*"))


def test_misspelt_label_names_file_and_line(project_copy):
    from interview_dataset.metadata import sha256_hex

    folder = project_copy / "raw" / SEED_ID
    transcript = folder / "000_e6669b1306f91eec.txt"
    data = transcript.read_bytes()
    position = data.index(b"\nTaras Bilous\n", 2000)
    data = data[:position] + b"\nTaras Bilos\n" + data[position + len(b"\nTaras Bilous\n") :]
    transcript.write_bytes(data)
    meta = folder / "metadata.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "1ddb25a3fa28659d8b943aee2b633409aaf027af2acb0a4a75e96256b4508413", sha256_hex(data)
        ),
        encoding="utf-8",
    )
    line = data[:position].count(b"\n") + 2
    result = run_cli(project_copy, "build")
    assert result.returncode == 2, result.stderr
    # The transcript stays byte-identical: the fix (an alias, or the spelling) is in metadata.yaml.
    assert f"bilous-talaver-2026/metadata.yaml:{file_line(meta, 'speakers:')}:" in result.stderr
    assert f"000_e6669b1306f91eec.txt:{line}): 'Taras Bilos' stands alone on a line like a speaker label" in (
        result.stderr
    )
    assert "(did you mean 'Taras Bilous'?)" in result.stderr
    assert "aliases" in result.stderr and "Traceback" not in result.stderr


def test_bad_metadata_names_file_line_and_fix(project_copy):
    before = tree_hashes(project_copy / "dist")
    meta = project_copy / "raw" / SEED_ID / "metadata.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("role: interviewee", "role: guest"), encoding="utf-8")
    line = text.split("role: interviewee")[0].count("\n") + 1
    result = run_cli(project_copy, "build")
    assert result.returncode == 2
    assert (
        f"metadata.yaml:{line}: speakers.1.role: Input should be 'interviewer', 'interviewee' or 'other'"
        in result.stderr
    )
    assert "how to fix" in result.stderr and "Traceback" not in result.stderr
    assert tree_hashes(project_copy / "dist") == before


def test_debug_shows_a_traceback(project_copy):
    meta = project_copy / "raw" / SEED_ID / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("role: interviewee", "role: guest"), encoding="utf-8")
    result = run_cli(project_copy, "--debug", "build")
    assert result.returncode == 2 and "Traceback" in result.stderr


def test_check_detects_a_stale_card(project_copy):
    result = run_cli(project_copy, "check", "--quiet")
    assert result.returncode == 0, result.stderr
    card = project_copy / "DATASET_CARD.md"
    card.write_text(card.read_text(encoding="utf-8").replace("\n**Version ", "\n**Version 9", 1), encoding="utf-8")
    result = run_cli(project_copy, "check")
    assert result.returncode == 1
    assert "DATASET_CARD.md differs from a fresh build" in result.stderr and "-**Version" in result.stderr
