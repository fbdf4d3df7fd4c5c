"""The build on Dask distributed (`--engine dask`): the same bytes and the same errors as the local build.

One `LocalCluster` of two worker processes (one thread each) for the module; the workers are
separate processes started by Dask (spawned, not forked), so everything a job needs crosses a
real scheduler: the job, its context, the folders, the tables and the problems.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import dask
import pytest
from corpus_factory import write_corpus
from distributed import Client, LocalCluster
from helpers_project import tree_hashes

from interview_dataset.cli import main
from interview_dataset.dask_engine import DaskEngine, WorkerSetup, check_worker, code_facts, run_task
from interview_dataset.errors import EngineError
from interview_dataset.parallel import ChunkContext, _chunk_job
from interview_dataset.pipeline import BuildOptions, build_dataset
from interview_dataset.taxonomy import load_taxonomy

SMALL_SHARDS = 20_000  # bytes: the synthetic corpus's turns and ner shards roll over


@pytest.fixture(scope="module")
def scheduler():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """An invented corpus (gold, draft and missing annotations) of 40 interviews: 40 chunks."""
    return write_corpus(tmp_path_factory.mktemp("synthetic"), interviews=40, turns=6)


def test_project_raw_dask_build_is_byte_identical_to_the_local_build(built_project, scheduler, tmp_path):
    dist, card = tmp_path / "dist", tmp_path / "DATASET_CARD.md"
    result = build_dataset(built_project / "raw", dist, BuildOptions(engine="dask", scheduler=scheduler), card)
    local = tree_hashes(built_project / "dist")
    assert len(local) > 10 and tree_hashes(dist) == local  # every file of dist/, Parquet shards included
    assert card.read_bytes() == (built_project / "DATASET_CARD.md").read_bytes()
    assert result.turns > 1000


def test_synthetic_corpus_dask_build_is_byte_identical_with_rolled_over_shards(synthetic, scheduler, tmp_path):
    builds = {}
    for name, options in {
        "local": BuildOptions(workers=1),  # 1 vs 2 local workers: tests/test_parallel_build.py
        "dask": BuildOptions(engine="dask", scheduler=scheduler),
    }.items():
        options.allow_draft, options.max_shard_bytes = True, SMALL_SHARDS
        build_dataset(synthetic, tmp_path / name, options)
        builds[name] = tree_hashes(tmp_path / name)
    assert builds["dask"] == builds["local"]
    turn_shards = [name for name in builds["dask"] if name.startswith("hf/data/turns/train-")]
    assert len(turn_shards) > 1, "the turns shards should roll over, so their order is tested"


def test_cli_engine_dask_without_scheduler_starts_a_local_cluster(tmp_path, monkeypatch, capsys):
    roots = {}
    for name, extra in {"local": [], "dask": ["--engine", "dask", "--workers", "1"]}.items():
        roots[name] = tmp_path / name
        write_corpus(roots[name], interviews=3, turns=4)
        assert main(["build", "--allow-draft", "--quiet", "--root", str(roots[name]), *extra]) == 0
    assert tree_hashes(roots["dask"] / "dist") == tree_hashes(roots["local"] / "dist")
    assert (roots["dask"] / "DATASET_CARD.md").read_bytes() == (roots["local"] / "DATASET_CARD.md").read_bytes()


def _break_two_interviews(raw: Path) -> list[str]:
    """A transcript that no longer matches its SHA-256, and an entity not in its turn."""
    transcript = raw / "garden-0005" / "transcript.txt"
    transcript.write_bytes(transcript.read_bytes() + b"\nAn added line.\n")
    annotations = raw / "garden-0030" / "annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    annotations.write_text(text.replace("    entities:\n", '    entities:\n      - "Nowhere Atall": GPE\n', 1))
    return ["garden-0005", "garden-0030"]


def test_worker_errors_are_the_local_build_s_problems_and_exit_code(
    synthetic, scheduler, tmp_path, monkeypatch, capsys
):
    root = tmp_path / "project"
    shutil.copytree(synthetic, root / "raw")
    broken = _break_two_interviews(root / "raw")
    monkeypatch.chdir(root)  # messages name files relative to the driver's folder, on the workers too
    outputs = {}
    for name, extra in {"local": ["--workers", "2"], "dask": ["--engine", "dask", "--scheduler", scheduler]}.items():
        code = main(["build", "--allow-draft", "--quiet", *extra])
        outputs[name] = (code, capsys.readouterr().err)
        assert not (root / "dist").exists()
    assert outputs["dask"] == outputs["local"]
    code, err = outputs["dask"]
    assert code == 2 and "Traceback" not in err
    assert f"raw/{broken[0]}/metadata.yaml" in err and "SHA-256" in err
    assert f"raw/{broken[1]}/annotations.yaml" in err and "Nowhere Atall" in err


def test_a_worker_with_other_code_or_without_raw_is_refused(synthetic, scheduler):
    taxonomy, _ = load_taxonomy(synthetic)
    folders = [synthetic / "garden-0000"]
    context = ChunkContext(taxonomy, allow_draft=True)
    good = WorkerSetup(code_facts(), (str(synthetic),), str(Path.cwd()))
    other_code = WorkerSetup(
        tuple((name, "0.0" if name == "pyarrow" else value) for name, value in code_facts()), (), str(Path.cwd())
    )
    no_raw = WorkerSetup(code_facts(), (str(synthetic / "not-shared"),), str(Path.cwd()))
    with Client(scheduler, set_as_default=False) as client:
        result = client.submit(run_task, _chunk_job, folders, context, good, pure=False).result()
        assert result.problems == [] and result.interviews == 1
        with pytest.raises(EngineError) as info:
            client.submit(run_task, _chunk_job, folders, context, other_code, pure=False).result()
        assert (
            "worker tcp://" in str(info.value) and "pyarrow" in str(info.value) and "(driver: 0.0)" in str(info.value)
        )
        with pytest.raises(EngineError) as info:
            client.submit(run_task, _chunk_job, folders, context, no_raw, pure=False).result()
        assert "not-shared" in str(info.value) and "shared by every machine" in str(info.value)
    with pytest.raises(EngineError, match="runs other code"):
        check_worker(other_code)


def test_missing_dask_install_is_exit_4_with_what_to_install(synthetic, tmp_path, monkeypatch, capsys):
    shutil.copytree(synthetic, tmp_path / "raw")
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails as when not installed
    code = main(["build", "--allow-draft", "--engine", "dask", "--root", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 4
    assert "dask and distributed" in err and "pip install 'interview-dataset[dask]'" in err
    assert "Traceback" not in err and not (tmp_path / "dist").exists()


def test_unreachable_scheduler_is_exit_4_naming_the_address(synthetic, tmp_path, monkeypatch, capsys):
    shutil.copytree(synthetic, tmp_path / "raw")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(
            ["build", "--allow-draft", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--root", str(tmp_path)]
        )
    err = capsys.readouterr().err
    assert code == 4 and "tcp://127.0.0.1:9" in err and "dask scheduler" in err and "Traceback" not in err
    assert not (tmp_path / "dist").exists()


def test_a_scheduler_without_workers_is_refused_after_the_worker_timeout(synthetic):
    taxonomy, _ = load_taxonomy(synthetic)
    with LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as empty:
        engine = DaskEngine(scheduler=empty.scheduler_address, worker_timeout=1)
        results = engine.map_ordered(_chunk_job, [[synthetic / "garden-0000"]], ChunkContext(taxonomy, True))
        with pytest.raises(EngineError) as info:
            next(results)
    assert "no Dask worker joined" in str(info.value) and "dask worker" in str(info.value)


def test_scheduler_without_engine_dask_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "--scheduler", "tcp://127.0.0.1:8786", "--root", str(tmp_path)])
    assert info.value.code == 2 and "--engine dask" in capsys.readouterr().err
