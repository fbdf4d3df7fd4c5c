"""Work done beside other work (issue 14, 2 workers vs 1): `parallel.run_beside` (a function
computed in a forked process while this one works gives the result it gives here, and its
failures are this process's failures), and the describe stage's frozen heap."""

from __future__ import annotations

import os

import pytest

from interview_dataset import parallel
from interview_dataset.metadata import corpus_splits


def _square_sum(values):
    return sum(v * v for v in values)


def _raises(message):
    raise ValueError(message)


def _dies_in_the_child(parent_pid):
    if os.getpid() != parent_pid:
        os._exit(3)  # the forked process dies without a word
    return "computed here"


def test_the_result_is_the_functions_and_here_runs_once():
    calls = []
    assert parallel.run_beside(_square_sum, ([1, 2, 3],), lambda: calls.append(1)) == 14
    assert calls == [1]


def test_with_fork_the_function_runs_in_another_process():
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    assert parallel.run_beside(os.getpid, (), lambda: None) != os.getpid()


def test_an_error_in_the_forked_process_is_raised_here():
    calls = []
    with pytest.raises(ValueError, match="bad input"):
        parallel.run_beside(_raises, ("bad input",), lambda: calls.append(1))
    assert calls == [1]


def test_a_forked_process_that_dies_is_replaced_by_computing_here():
    assert parallel.run_beside(_dies_in_the_child, (os.getpid(),), lambda: None) == "computed here"


def test_without_fork_the_function_runs_here(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    order = []

    def here():
        order.append("here")

    def fn():
        order.append("fn")
        return 1

    assert parallel.run_beside(fn, (), here) == 1
    assert order == ["here", "fn"]


def test_the_corpus_splits_computed_beside_equal_those_computed_here(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import generate_corpus

    raw = generate_corpus(tmp_path, interviews=12, turns_per_interview=4, seed=3).raw_dir
    folders = sorted(p for p in raw.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    assert parallel.run_beside(corpus_splits, (raw, folders), lambda: None) == corpus_splits(raw, folders)


def test_the_describe_stage_runs_with_the_heap_frozen_and_leaves_the_freeze_as_it_was(monkeypatch):
    import gc

    from interview_dataset import pipeline

    seen = []
    monkeypatch.setattr(pipeline, "_describe", lambda *args, **kwargs: seen.append(gc.get_freeze_count()) or "done")
    assert gc.get_freeze_count() == 0
    assert pipeline.describe_stage(None, None, None, {}, [], workers=1) == "done"
    assert seen[0] > 0 and gc.get_freeze_count() == 0  # frozen during the stage, unfrozen after
    gc.freeze()  # a caller that froze objects itself keeps its freeze
    try:
        frozen = gc.get_freeze_count()
        assert pipeline.describe_stage(None, None, None, {}, [], workers=1) == "done"
        assert seen[1] == frozen == gc.get_freeze_count()
    finally:
        gc.unfreeze()


def test_the_describe_stage_raises_the_gc_thresholds_and_restores_them(monkeypatch):
    import gc

    from interview_dataset import pipeline
    from interview_dataset.memory import GC_THRESHOLDS

    seen = []
    monkeypatch.setattr(pipeline, "_describe", lambda *args, **kwargs: seen.append(gc.get_threshold()) or "done")
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    assert pipeline.describe_stage(None, None, None, {}, [], workers=1) == "done"
    assert seen == [GC_THRESHOLDS] and gc.get_threshold() == before
