"""`croissant.json`: valid Croissant 1.1 for mlcroissant, AND readable: every RecordSet's
records() equal the Parquet files value for value (validation alone checks only structure:
wrong columns, globs, checksums and array-ness fail only at read time)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
from pathlib import Path

import mlcroissant as mlc
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from interview_dataset import DATASET_VERSION
from interview_dataset.features import CONFIG_MODELS
from interview_dataset.pipeline import BuildOptions, build_dataset
from interview_dataset.publish.croissant import CONFORMS_TO, CROISSANT_FILE, ENUMERATIONS

ROOT = Path(__file__).resolve().parents[1]
#: The corpus to build; overridable to try the tests on another raw/ folder.
RAW = Path(os.environ.get("INTERVIEW_DATASET_TEST_RAW", ROOT / "raw"))


@pytest.fixture(scope="module")
def hf_dir(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("croissant")
    build_dataset(RAW, tmp / "dist", BuildOptions(), card_path=tmp / "card.md")
    return tmp / "dist" / "hf"


@pytest.fixture(scope="module")
def document(hf_dir) -> dict:
    return json.loads((hf_dir / CROISSANT_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(hf_dir) -> dict[str, list[dict]]:
    """Every RecordSet's records, read once: with mlcroissant 1.1.1 a RecordSet whose fields
    have `references` (a join) yields nothing when iterated a second time on the same Dataset."""
    dataset = mlc.Dataset(jsonld=str(hf_dir / CROISSANT_FILE))
    return {rs.id: list(dataset.records(rs.id)) for rs in dataset.metadata.record_sets}


def _parquet_rows(hf_dir: Path, config: str) -> list[tuple[str, dict]]:
    """(split, row) for every row of a config, ClassLabels as stored (int indexes)."""
    rows = []
    for path in sorted((hf_dir / "data" / config).glob("*.parquet")):
        split = path.name.split("-")[0]
        rows.extend((split, row) for row in pq.read_table(path).to_pylist())
    return rows


def _plain(value):
    """A records() value as plain Python: bytes -> str, numpy -> int/float, Timestamp -> date,
    nested `config/field/sub` keys -> `sub`, NaN -> None."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k.rsplit("/", 1)[-1]: _plain(v) for k, v in value.items()}
    return value


def test_validates_as_croissant_1_1_without_issues(hf_dir, caplog):
    with caplog.at_level(logging.WARNING):
        ds = mlc.Dataset(jsonld=str(hf_dir / CROISSANT_FILE))
    issues = ds.metadata.ctx.issues
    assert not issues.errors, issues.report()
    # The one accepted warning: no `datePublished` — the dataset has no release date yet, and
    # inventing one (or reusing the interviews' dates) would be false metadata.
    warnings = [w for w in issues.warnings if "datePublished" not in str(w)]
    assert not warnings, issues.report()
    assert "datePublished" not in (hf_dir / CROISSANT_FILE).read_text(encoding="utf-8")
    assert ds.metadata.ctx.is_v1_1()
    assert not [r.getMessage() for r in caplog.records if "not standard" in r.getMessage()]


def test_dataset_metadata(document, hf_dir):
    assert document["conformsTo"] == CONFORMS_TO
    assert document["@type"] == "sc:Dataset"
    assert document["version"] == DATASET_VERSION
    languages = set()
    for path in (hf_dir / "data" / "interviews").glob("*.parquet"):
        languages.update(pq.read_table(path, columns=["language"]).column("language").to_pylist())
    assert document["inLanguage"] == sorted(languages)  # as the interviews record them
    assert document["citeAs"].startswith("@misc{")
    # The texts are not openly licensed: the licence points at the rights statement, no licence URL invented.
    license_ = document["license"]
    assert license_["@type"] == "sc:CreativeWork" and license_["url"] == "RIGHTS.md"
    assert (hf_dir / "RIGHTS.md").is_file()
    assert "url" not in document  # no public address is known
    if "datePublished" in document:
        dt.date.fromisoformat(document["datePublished"])


def test_every_parquet_file_is_a_file_object_with_its_sha256(document, hf_dir):
    objects = {d["contentUrl"]: d for d in document["distribution"] if d["@type"] == "cr:FileObject"}
    files = {p.relative_to(hf_dir).as_posix(): p for p in (hf_dir / "data").rglob("*.parquet")}
    assert set(objects) == set(files)
    for rel, path in files.items():
        assert objects[rel]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), rel
        assert objects[rel]["encodingFormat"] == "application/x-parquet"
    file_sets = {d["@id"]: d for d in document["distribution"] if d["@type"] == "cr:FileSet"}
    assert set(file_sets) == {f"{config}-parquet" for config in CONFIG_MODELS}


def test_record_set_fields_follow_the_schema(document):
    record_sets = {rs["@id"]: rs for rs in document["recordSet"]}
    for config, model in CONFIG_MODELS.items():
        names = [f["name"] for f in record_sets[config]["field"]]
        assert names == ["split", *model.model_fields], config
    turns = {f["name"]: f for f in record_sets["turns"]["field"]}
    assert turns["text"]["dataType"] == "sc:Text"
    assert turns["turn_index"]["dataType"] == "cr:Int32"
    assert turns["start_seconds"]["dataType"] == "cr:Float64"
    assert turns["date"]["dataType"] == "sc:Date"
    assert turns["speaker_role"]["dataType"] == "sc:Integer"
    assert turns["speaker_role"]["references"] == {"field": {"@id": "speaker_roles/id"}}
    assert turns["topics"]["isArray"] is True and turns["topics"]["arrayShape"] == "-1"
    entity_fields = {f["name"]: f for f in turns["entities"]["subField"]}
    assert list(entity_fields) == ["text", "label", "start", "end"]
    assert entity_fields["label"]["source"]["transform"] == {"jsonPath": "label"}
    assert entity_fields["label"]["references"] == {"field": {"@id": "entity_labels/id"}}


def test_enumerations_hold_the_label_names(records):
    for enum_id, (labels, _) in ENUMERATIONS.items():
        plain = [_plain(r) for r in records[enum_id]]
        assert [(r["id"], r["name"]) for r in plain] == list(enumerate(labels)), enum_id


@pytest.mark.parametrize("config", list(CONFIG_MODELS))
def test_records_equal_the_parquet(records, hf_dir, config):
    expected = {row["id"]: (split, row) for split, row in _parquet_rows(hf_dir, config)}
    plain = [_plain(r) for r in records[config]]
    assert len(plain) == len(expected), f"{config}: {len(plain)} records, {len(expected)} Parquet rows"
    for record in plain:
        split, row = expected[record["id"]]
        assert record.pop("split") == split
        assert record == row, f"{config} {record['id']}: the Croissant record differs from the Parquet row"


def test_spot_values_of_turns(records, hf_dir):
    """A few values checked by hand (first turn id, speaker_role index, nested entities)."""
    first_split, first = _parquet_rows(hf_dir, "turns")[0]
    by_id = {r["turns/id"]: r for r in records["turns"]}
    record = by_id[first["id"].encode()]
    assert record["turns/split"] == first_split.encode()
    assert record["turns/speaker_role"] == first["speaker_role"]
    with_entities = [row for _, row in _parquet_rows(hf_dir, "turns") if row["entities"]]
    for row in with_entities[:3]:
        nested = by_id[row["id"].encode()]["turns/entities"]
        assert [
            (
                e["turns/entities/text"].decode(),
                e["turns/entities/label"],
                int(e["turns/entities/start"]),
                int(e["turns/entities/end"]),
            )
            for e in nested
        ] == [(e["text"], e["label"], e["start"], e["end"]) for e in row["entities"]]
