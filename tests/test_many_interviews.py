"""Several interviews build into one dataset: the seed interview plus the invented fixture.

Checks one `interviews` row per interview (read back with `datasets` offline), unique turn
ids, interviews handled in sorted order, byte-identical rebuilds, and the split policy (the
declared split, else a hash of the id) keeping each interview's turns in one split.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")  # effective if this module imports `datasets` first
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import shutil
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from interview_dataset.compile import split_for
from interview_dataset.pipeline import BuildOptions, build_dataset, compile_all
from interview_dataset.taxonomy import load_taxonomy
from interview_dataset.yaml_loading import load_yaml

ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "bilous-talaver-2026"
FIXTURE_ID = "marrowfield-drone-repair-2025"
FIXTURE = ROOT / "tests" / "fixtures" / "interviews" / FIXTURE_ID


def _build(root: Path):
    return build_dataset(root / "raw", root / "dist", BuildOptions(workers=1), card_path=root / "DATASET_CARD.md")


def _snapshot(root: Path) -> dict[str, bytes]:
    files = {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "dist").rglob("*")) if p.is_file()}
    files["DATASET_CARD.md"] = (root / "DATASET_CARD.md").read_bytes()
    return files


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("many") / "project"
    raw = root / "raw"
    raw.mkdir(parents=True)
    # Copied in reverse order: the build's order must not depend on the file system's.
    shutil.copytree(FIXTURE, raw / FIXTURE_ID)
    shutil.copytree(ROOT / "raw" / SEED_ID, raw / SEED_ID)
    shutil.copy2(ROOT / "raw" / "taxonomy.yaml", raw / "taxonomy.yaml")
    result = _build(root)
    return root, result


def _turn_rows(root: Path) -> dict[str, list[dict]]:
    """Rows of the `turns` config by split, in file order."""
    by_split: dict[str, list[dict]] = defaultdict(list)
    for f in sorted((root / "dist" / "hf" / "data" / "turns").glob("*.parquet")):
        by_split[f.name.split("-", 1)[0]].extend(
            pq.read_table(f, columns=["id", "interview_id", "turn_index"]).to_pylist()
        )
    return dict(by_split)


def test_one_interviews_row_per_interview(project, tmp_path, monkeypatch):
    root, result = project
    assert result.interviews == 2
    import datasets

    # Offline, even when another module imported `datasets` before the variables were set.
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)

    loaded = datasets.load_dataset(str(root / "dist" / "hf"), "interviews", cache_dir=str(tmp_path / "hf-cache"))
    ids = [row["id"] for split in sorted(loaded) for row in loaded[split]]
    assert sorted(ids) == [SEED_ID, FIXTURE_ID]
    fixture_row = next(row for split in loaded for row in loaded[split] if row["id"] == FIXTURE_ID)
    assert fixture_row["num_turns"] == 8
    assert fixture_row["introduction"].startswith("An invented interview")
    assert sum(r["num_turns"] for split in loaded for r in loaded[split]) == result.turns


def test_turn_ids_are_unique_and_prefixed_by_their_interview(project):
    root, result = project
    rows = [r for rows in _turn_rows(root).values() for r in rows]
    assert len(rows) == result.turns
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["id"] == f"{r['interview_id']}-{r['turn_index']:03d}"


def test_interviews_are_processed_in_sorted_order(project):
    root, _ = project
    taxonomy, _ = load_taxonomy(root / "raw")
    order = [c.interview.id for c in compile_all(root / "raw", taxonomy, BuildOptions())]
    assert order == sorted(order) == [SEED_ID, FIXTURE_ID]
    for rows in _turn_rows(root).values():  # within each split: by interview, then by turn
        keys = [(r["interview_id"], r["turn_index"]) for r in rows]
        assert keys == sorted(keys)


def test_each_interview_is_in_one_split_declared_or_hashed(project):
    root, _ = project
    splits: dict[str, set[str]] = defaultdict(set)
    for split, rows in _turn_rows(root).items():
        for r in rows:
            splits[r["interview_id"]].add(split)
    declared = {i: load_yaml(root / "raw" / i / "metadata.yaml").data.get("split") for i in (SEED_ID, FIXTURE_ID)}
    assert declared[FIXTURE_ID] is None  # the fixture leaves its split to the hash
    for interview_id in (SEED_ID, FIXTURE_ID):
        assert splits[interview_id] == {split_for(interview_id, declared[interview_id])}
    assert splits[FIXTURE_ID] == {"train"}  # sha256 of the id mod 10 is below 8


def test_rebuild_gives_identical_bytes(project):
    root, _ = project
    first = _snapshot(root)
    _build(root)
    second = _snapshot(root)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_combined_corpus_is_lint_clean(project):
    """The fixture's gold agrees with the seed's (same surface, same label; no unannotated repeats)."""
    _, result = project
    # Project topics that no interview uses yet are a finding about the taxonomy, not about the gold.
    assert [w for w in result.warnings if "used by no turn" not in w] == []
