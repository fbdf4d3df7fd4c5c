"""benchmarks/run.py still works on today's code: its floor measurement, its ratios and its report.

No timings are asserted (the machine is shared); what is checked is what the benchmark computes
from its measurements, and that the floor's bare writes produce the build's own bytes (so the
floor is the same work as the build's writing, on the same rows).
"""

from __future__ import annotations

import importlib.util
import sys
from argparse import Namespace
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import run as bench  # noqa: E402 -- needs the sys.path entry for benchmarks/ above


@pytest.fixture(scope="module")
def floor(built_project, tmp_path_factory):
    work = tmp_path_factory.mktemp("floor")
    return bench.measure_floor(built_project / "dist" / "hf", built_project / "raw", work), built_project


def test_floor_covers_every_row_of_every_config_and_every_raw_file(floor):
    figures, root = floor
    hf = root / "dist" / "hf"
    for config in ("turns", "interviews", "ner"):
        shards = bench.shard_files(hf, config)
        assert shards, config
        assert figures["rows"][config] == sum(pq.ParquetFile(p).metadata.num_rows for p in shards)
    assert figures["texts"] == figures["rows"]["turns"]
    assert figures["tokens"] > figures["texts"]
    raw_files = [p for p in (root / "raw").rglob("*") if p.is_file()]
    assert figures["raw_files"] == len(raw_files)
    assert figures["raw_bytes"] == sum(p.stat().st_size for p in raw_files)
    assert set(figures["wall_s"]) == {"tokenize", "write_turns", "write_interviews", "write_ner", "read_hash"}
    assert figures["total_s"] == pytest.approx(sum(figures["wall_s"].values()))


def test_floor_writes_give_the_builds_bytes(floor):
    figures, _ = floor
    assert figures["writes_identical"] is True


def _measurements(floor_figures: dict, *, stages: bool = True) -> dict:
    """Measurements shaped as main() collects them, with chosen (not measured) numbers."""
    calls = {"parse": 4, "validate_turns": 80, "arrow_Turn": 1, "parquet_turns": 2, "read": 9, "tokenize": 2}
    if not stages:
        calls.pop("validate_turns")
    build = {
        "turns": 800,
        "build_s": 10.0,
        "build_cpu_s": 9.0,
        "rss_mb": 330.0,
        "worker_rss_mb": 170.0,
        "loop_hwm_mb": 300.0,
        "timings": {"compile_and_write": 8.0, "card": 2.0, "stage_tokenize": 3.0},
    }
    return {
        "load_start": (1.0, 1.0, 1.0),
        "gen_s": 1.0,
        "modules": ["pyarrow", "spacy"],
        "seed_runs": {
            "seed": [3.0, 2.0, 4.0],
            "bare_import": [1.0, 2.0, 1.0],
            "all_libraries": [1.5, 1.5, 1.5],
            "package_import": [0.5, 0.5, 0.5],
        },
        "seed_cpu": {
            "seed": [2.0, 2.0, 2.0],
            "bare_import": [1.0, 1.0, 1.0],
            "all_libraries": [1.2, 1.2, 1.2],
            "package_import": [0.4, 0.4, 0.4],
        },
        "python_s": 0.05,
        "one": build,
        "many": {**build, "build_s": 5.0},
        "identical": True,
        "dask_skipped": "dask and distributed not installed",
        "small": {**build, "turns": 80, "build_s": 1.0, "rss_mb": 300.0},
        "small_pairs": [1.5, 1.6],
        "inst": {
            "turns": 80,
            "stages": {"parse": 0.01, "validate_turns": 0.02, "arrow_Turn": 0.005, "parquet_turns": 0.005},
            "stage_calls": calls,
            "missing_points": [] if stages else ["interview_dataset.compile.Turn"],
            "timings": {"compile_and_write": 0.8, "card": 0.2},
        },
        "n_rows": 800,
        "limit_runs": [0.01, 0.03],
        "hf_s": 0.4,
        "limit_mb": 1.0,
        "hf_mb": 2.0,
        "ours_mb": 1.0,
        "tokenize": {"turns": 200, "chars": 10_000, "tokens": 2_000, "sentences": 100, "bare_s": 1.0, "ours_s": 4.0},
        "floor": {**floor_figures, "total_s": 4.0, "total_cpu_s": 3.0},
        "total_s": 60.0,
    }


def test_ratios_follow_the_issue_definitions(floor):
    ratios, why = bench.compute_ratios(_measurements(floor[0]))
    assert why == {}
    assert list(ratios) == list(bench.TARGETS)  # every target of the issue's table, in its order
    assert ratios["build_vs_floor"] == pytest.approx(10.0 / 4.0)
    assert ratios["seed_vs_import"] == pytest.approx(3.0 / 1.0)  # medians of whole-process runs
    assert ratios["workers_speedup"] == pytest.approx(2.0)
    assert ratios["rss_10x"] == pytest.approx(330.0 / 300.0)
    assert ratios["tokenize_vs_spacy"] == pytest.approx(0.25)
    # turns path: 80 turns in 0.04 s = 2,000 turns/s; limit: 800 rows in median 0.02 s = 40,000 rows/s
    assert ratios["turns_vs_limit"] == pytest.approx(2_000 / 40_000)
    assert ratios["turns_vs_hf"] == pytest.approx(2_000 / 2_000)
    assert bench.passes("build_vs_floor", 2.0) and not bench.passes("build_vs_floor", 2.01)
    assert bench.passes("workers_speedup", 1.7) and not bench.passes("workers_speedup", 1.69)


def test_a_stage_the_code_no_longer_has_is_not_measured_rather_than_counted_as_free(floor):
    ratios, why = bench.compute_ratios(_measurements(floor[0], stages=False))
    assert ratios["turns_vs_limit"] is None and ratios["turns_vs_hf"] is None
    assert "validate_turns" in why["turns_vs_limit"]


def test_report_prints_every_target_with_its_result(floor):
    big = SimpleNamespace(interviews=20, turns=800, raw_bytes=700_000)
    small = SimpleNamespace(turns=80)
    args = Namespace(workers=2)
    report = bench._report(args, big, small, _measurements(floor[0], stages=False))
    text = report["text"]
    table = text[text.index("| target (issue 14)") :].splitlines()
    assert "| full build time (1 worker) ÷ its floor | 2.50 | ≤ 2.0 | FAIL |" in table
    assert "| 2 workers ÷ 1 worker, wall time | 2.00 | ≥ 1.7 | PASS |" in table
    assert any(row.startswith("| seed build ÷ bare import") and row.endswith("| FAIL |") for row in table)
    assert "seed ÷ bare import 2.00x" in text  # the CPU-time line
    assert any("n/a" in row and "NOT MEASURED" in row for row in table)
    assert any(row.startswith("| Dask LocalCluster") and "NOT RUN" in row for row in table)
    assert report["figures"]["pass"] == {
        "tokenize_vs_spacy": False,
        "build_vs_floor": False,
        "rss_10x": True,
        "workers_speedup": True,
        "seed_vs_import": False,
        "identical": True,
    }


def test_dask_row_is_skipped_with_a_reason_when_dask_is_absent(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        bench.importlib.util, "find_spec", lambda name, *a: None if name in ("dask", "distributed") else real(name, *a)
    )
    reason = bench.dask_engine_missing()
    assert reason is not None and "dask" in reason and "distributed" in reason


def test_every_describe_stage_point_exists_in_the_code():
    # A point that is gone would be reported missing and its time would fall into "other".
    import importlib

    for module_name, owner_name, name, _stage in bench.DESCRIBE_POINTS:
        module = importlib.import_module(module_name)
        owner = module if owner_name is None else getattr(module, owner_name)
        assert callable(getattr(owner, name)), (module_name, owner_name, name)


def test_the_describe_stage_is_reported_apart_from_the_loop(floor):
    m = _measurements(floor[0])
    m["inst"]["stages"] |= {"describe_stats": 0.02, "describe_lint": 0.05, "describe_baselines": 0.08}
    report = bench._report(
        Namespace(workers=2), SimpleNamespace(interviews=20, turns=800, raw_bytes=700_000), SimpleNamespace(turns=80), m
    )
    text = report["text"]
    loop_table = text[text.index("| stage | what |") : text.index("| card, lint, checksums")]
    assert "| stats |" not in loop_table  # counted after the loop, not in it
    describe_table = text[text.index("| describe part | what |") :].split("\n\n")[0].splitlines()
    # 0.2 s of card timing for 80 turns: stats 250 µs/turn (10%), lint 625 (25%), baselines 1000 (40%), other 625
    assert "| stats | CorpusStats from the read-back | 250.0 | 10% |" in describe_table
    assert any(row.startswith("| lint |") and row.endswith("| 625.0 | 25% |") for row in describe_table)
    assert any(row.startswith("| baselines |") and row.endswith("| 1000.0 | 40% |") for row in describe_table)
    assert any(row.startswith("| other |") and row.endswith("| 625.0 | 25% |") for row in describe_table)
