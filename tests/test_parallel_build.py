"""Parallel, streaming build: any worker count gives the same bytes; shards roll over and load.

Uses the synthetic corpus generator of the benchmarks (6 small interviews), so the tests do
not depend on the real corpus.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import contextlib
import hashlib
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from interview_dataset import parallel
from interview_dataset.errors import DatasetError
from interview_dataset.pipeline import BuildOptions, build_dataset

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate_corpus  # noqa: E402 -- needs the sys.path entry for benchmarks/ above

SHARD_NAME = re.compile(r"^(train|validation|test)-(\d{5})-of-(\d{5})\.parquet$")
SMALL_SHARDS = 60_000  # bytes: small enough that the turns and ner shards roll over


@contextlib.contextmanager
def pool_used(pool: bool):
    """With `pool`, builds of 2 workers run this small corpus as one of `parallel.POOL_MIN_INTERVIEWS`
    or more interviews: in a process pool. Without, as any small corpus: the write stage in this
    process, the agreement of the passes in a background process."""
    with pytest.MonkeyPatch.context() as patch:
        if pool:
            patch.setattr(parallel, "POOL_MIN_INTERVIEWS", 0)
        yield


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    info = generate_corpus(root, interviews=6, turns_per_interview=30, seed=7)
    assert info.turns == 180
    return info.raw_dir


@pytest.fixture(scope="module")
def builds(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("builds")
    results = {}
    for workers in (1, 2):
        results[workers] = build_dataset(
            corpus, out / f"dist-{workers}", BuildOptions(workers=workers, max_shard_bytes=SMALL_SHARDS)
        )
    with pool_used(True):
        results["pool"] = build_dataset(
            corpus, out / "dist-pool", BuildOptions(workers=2, max_shard_bytes=SMALL_SHARDS)
        )
    return out, results


def test_one_and_two_workers_give_byte_identical_trees(builds):
    out, results = builds
    one, two = tree(out / "dist-1"), tree(out / "dist-2")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert results[1].card_body == results[2].card_body
    assert results[1].turns == results[2].turns == 180
    assert tree(out / "dist-pool") == one and results["pool"].card_body == results[1].card_body


def test_shards_roll_over_are_named_and_bounded(builds):
    out, _ = builds
    data = out / "dist-2" / "hf" / "data"
    for config in ("turns", "interviews", "ner"):
        by_split: dict[str, list[tuple[int, int]]] = {}
        for path in sorted((data / config).iterdir()):
            match = SHARD_NAME.match(path.name)
            assert match, f"unexpected file {path}"
            by_split.setdefault(match.group(1), []).append((int(match.group(2)), int(match.group(3))))
            assert path.stat().st_size <= SMALL_SHARDS, path
        for split, numbers in by_split.items():
            total = len(numbers)
            assert numbers == [(i, total) for i in range(total)], (config, split, numbers)
    turn_shards = sorted((data / "turns").glob("train-*.parquet"))
    assert len(turn_shards) > 1, "the turns config should have rolled over to several shards"
    # Rows keep folder order across shards: turn ids sorted within the split.
    ids = [i for p in turn_shards for i in pq.read_table(p, columns=["id"]).column("id").to_pylist()]
    assert ids == sorted(ids)


def test_sharded_output_loads_with_datasets_offline(builds, tmp_path, monkeypatch):
    import datasets

    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    out, results = builds
    hf = out / "dist-2" / "hf"
    turns = datasets.load_dataset(str(hf), "turns", cache_dir=str(tmp_path / "cache"))
    assert sum(split.num_rows for split in turns.values()) == results[2].turns
    ner = datasets.load_dataset(str(hf), "ner", cache_dir=str(tmp_path / "cache"))
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (hf / "data" / "ner").glob("*.parquet"))
    assert sum(split.num_rows for split in ner.values()) == rows > results[2].turns


@pytest.mark.parametrize("pool", [False, True])
def test_problems_of_two_bad_interviews_are_both_reported_with_two_workers(corpus, tmp_path, pool):
    raw = tmp_path / "raw"
    shutil.copytree(corpus, raw)
    folders = sorted(p for p in raw.iterdir() if p.is_dir())
    # 1: the transcript no longer matches its recorded SHA-256.
    transcript = folders[1] / "transcript.txt"
    transcript.write_bytes(transcript.read_bytes() + b"\nAn added line.\n")
    # 2: an annotated entity that is not in its turn (added to turn 0's entities).
    annotations = folders[4] / "annotations.yaml"
    lines = annotations.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("    entities:") and i > lines.index("  0:"))
    lines[at : at + 1] = ["    entities:", '      - "Nowhere Atall": GPE']
    annotations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dist = tmp_path / "dist"
    with pytest.raises(DatasetError) as info, pool_used(pool):
        build_dataset(raw, dist, BuildOptions(workers=2))
    rendered = info.value.render()
    assert f"{folders[1].name}/metadata.yaml" in rendered and "SHA-256" in rendered
    assert f"{folders[4].name}/annotations.yaml" in rendered and "Nowhere Atall" in rendered
    assert not dist.exists()


@pytest.mark.parametrize("pool", [False, True])
def test_the_cards_baselines_computed_in_a_second_process_fail_the_build_cleanly(corpus, tmp_path, monkeypatch, pool):
    """With more than one worker the card's baselines run in a forked process beside the rest of
    the description: an error there is the build's error, and dist/ is left as it was."""
    import interview_dataset.card.benchmarks as benchmarks

    def broken(*args, **kwargs):
        raise RuntimeError("baselines failed in the background")

    dist = tmp_path / "dist"
    build_dataset(corpus, dist, BuildOptions(workers=2))
    before = tree(dist)
    monkeypatch.setattr(benchmarks, "benchmarks_markdown", broken)  # inherited by the forked process
    with pytest.raises(RuntimeError, match="baselines failed in the background"), pool_used(pool):
        build_dataset(corpus, dist, BuildOptions(workers=2))
    assert tree(dist) == before
    assert not [p for p in tmp_path.iterdir() if p.name != "dist"]  # no staging folder left behind


def _with_passes(corpus: Path, raw: Path, bad: bool = False) -> list[Path]:
    """A copy of the corpus whose interviews 1 and 3 have two annotation passes: the gold file,
    and the gold file without its first turn entity (with `bad`: interview 3's second pass
    annotates a surface its turn does not contain)."""
    shutil.copytree(corpus, raw)
    folders = sorted(p for p in raw.iterdir() if p.is_dir())
    for folder in (folders[1], folders[3]):
        gold = (folder / "annotations.yaml").read_text(encoding="utf-8")
        (folder / "annotation_passes").mkdir()
        (folder / "annotation_passes" / "pass1.yaml").write_text(gold, encoding="utf-8")
        lines = gold.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("      - ") and i > lines.index("turns:"))
        if bad and folder == folders[3]:
            lines[at] = '      - "Nowhere Atall": GPE'
        else:
            del lines[at]
        (folder / "annotation_passes" / "pass2.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folders


def test_agreement_computed_in_the_jobs_equals_the_corpus_agreement_from_raw(corpus, tmp_path):
    """The agreement of each interview's passes is computed where the interview is compiled and
    merged in folder order; the card's section equals the one computed from `raw/` in one
    process, pooled figures included, for 1 and 2 workers."""
    from interview_dataset.agreement import agreement_markdown, corpus_agreement
    from interview_dataset.taxonomy import load_taxonomy

    raw = tmp_path / "raw"
    folders = _with_passes(corpus, raw)
    taxonomy, _ = load_taxonomy(raw)
    reports = corpus_agreement(raw, taxonomy, [f.name for f in folders])
    assert [r[:3] for r in reports] == [
        (folders[1].name, "pass1", "pass2"),
        (folders[1].name, "gold", "pass1"),
        (folders[1].name, "gold", "pass2"),
        (folders[3].name, "pass1", "pass2"),
        (folders[3].name, "gold", "pass1"),
        (folders[3].name, "gold", "pass2"),
        ("all interviews (pooled)", "pass1", "pass2"),
    ]
    pooled = reports[-1][3]["entities"]
    assert pooled["count_a"] == pooled["count_b"] + 2  # one entity fewer in each interview's second pass
    expected = agreement_markdown(reports)
    cards = {}
    for workers, pool in ((1, False), (2, False), (2, True)):
        with pool_used(pool):
            result = build_dataset(raw, tmp_path / f"dist-{workers}-{pool}", BuildOptions(workers=workers))
        cards[workers, pool] = result.card_body
        assert expected in result.card_body
    assert cards[1, False] == cards[2, False] == cards[2, True]


@pytest.mark.parametrize(("workers", "pool"), [(1, False), (2, False), (2, True)])
def test_a_bad_annotation_pass_fails_the_build_naming_the_pass_file(corpus, tmp_path, workers, pool):
    raw = tmp_path / "raw"
    folders = _with_passes(corpus, raw, bad=True)
    dist = tmp_path / "dist"
    with pytest.raises(DatasetError) as info, pool_used(pool):
        build_dataset(raw, dist, BuildOptions(workers=workers))
    rendered = info.value.render()
    assert f"{folders[3].name}/annotation_passes/pass2.yaml" in rendered and "Nowhere Atall" in rendered
    assert "pass1.yaml" not in rendered and len(info.value.problems) == 1
    assert not dist.exists()


def test_a_bad_annotation_pass_is_bad_input_on_the_command_line(corpus, tmp_path):
    import subprocess

    raw = tmp_path / "project" / "raw"
    _with_passes(corpus, raw, bad=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "interview_dataset.cli", "--root", str(raw.parent), "build", "--workers", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr  # EXIT_BAD_INPUT, as for any other bad input
    assert "pass2.yaml" in result.stderr and "Nowhere Atall" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("pool", [False, True])
def test_the_figure_drawn_in_another_process_fails_the_build_cleanly(corpus, tmp_path, monkeypatch, pool):
    """With more than one worker the figure is drawn in a forked process: an error there is the
    build's error, and dist/ is left as it was."""
    from interview_dataset.card.figure import TopicFigure

    def broken(self, *args, **kwargs):
        raise RuntimeError("the figure failed in the background")

    dist = tmp_path / "dist"
    build_dataset(corpus, dist, BuildOptions(workers=2))
    before = tree(dist)
    monkeypatch.setattr(TopicFigure, "render", broken)  # inherited by the forked process
    with pytest.raises(RuntimeError, match="the figure failed in the background"), pool_used(pool):
        build_dataset(corpus, dist, BuildOptions(workers=2))
    assert tree(dist) == before


def test_lint_facts_taken_in_the_jobs_give_the_lint_of_the_annotation_files(corpus, tmp_path):
    """The build's lint uses what the jobs took of each annotation file (`lint.AnnotationFacts`);
    its warnings, in order, are those of the lint reading the files itself, on a corpus with an
    unannotated occurrence, a waiver, an entry that annotates nothing, an interview without
    annotations and a duplicated transcript."""
    from interview_dataset.compile import compile_interview
    from interview_dataset.lint import lint_corpus
    from interview_dataset.metadata import SPLITS, corpus_splits
    from interview_dataset.taxonomy import load_taxonomy

    raw = tmp_path / "raw"
    shutil.copytree(corpus, raw)
    folders = sorted(p for p in raw.iterdir() if p.is_dir())
    entity = re.compile(r'^      - "(.+)": (\w+)$')
    # an occurrence left unannotated (its entry removed), and a waiver for another one
    everywhere = Counter(
        m.group(1)
        for f in folders
        for line in (f / "annotations.yaml").read_text(encoding="utf-8").splitlines()
        if (m := entity.match(line))
    )
    path = folders[0] / "annotations.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = [
        i
        for i, line in enumerate(lines)
        if (m := entity.match(line)) and i > lines.index("turns:") and everywhere[m.group(1)] > 1
    ]
    waived = entity.match(lines[at[1]]).group(1)
    waived_turn = max(int(line.strip()[:-1]) for line in lines[: at[1]] if re.fullmatch(r"  \d+:", line))
    del lines[at[1]], lines[at[0]]
    unwaived = "\n".join(lines) + "\n"
    lines += ["waivers:", f'  - {{turn: {waived_turn}, text: "{waived}", reason: a test}}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # an entry that annotates nothing: the first word of a two-word entity of the same turn
    idle = None
    for folder in folders[1:]:
        path = folder / "annotations.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        k = next((i for i, line in enumerate(lines) if re.fullmatch(r'      - "\S+ \S+": \w+', line)), None)
        if k is not None:
            surface, label = entity.match(lines[k]).groups()
            idle = surface.split()[0]
            lines.insert(k + 1, f'      - "{idle}": {label}')
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            break
    assert idle is not None
    (folders[2] / "annotations.yaml").unlink()  # an interview without annotations
    copy = raw / "zz-copy"  # the transcript of folders[4] twice
    shutil.copytree(folders[4], copy)
    meta = copy / "metadata.yaml"
    meta.write_text(re.sub(r"(?m)^id: .*$", "id: zz-copy", meta.read_text(encoding="utf-8"), count=1))

    taxonomy, _ = load_taxonomy(raw)
    all_folders = sorted(p for p in raw.iterdir() if p.is_dir())
    splits = corpus_splits(raw, all_folders)

    def lint_of_the_files() -> list[str]:
        compiled = [compile_interview(f, taxonomy, split=splits[f.name]) for f in all_folders]
        compiled.sort(key=lambda c: SPLITS.index(c.split))  # the order the build reads back (stable)
        return [f.render() for f in lint_corpus(compiled, taxonomy)]

    expected = lint_of_the_files()
    assert any("occurs here unannotated" in w for w in expected)
    assert any(f"entry '{idle}' annotates nothing" in w for w in expected)
    assert any("no annotations.yaml" in w for w in expected) and any("same transcript" in w for w in expected)
    waived_finding = f"turn {waived_turn}: {waived!r} (annotated elsewhere) occurs here unannotated"
    assert not any(waived_finding in w for w in expected)
    with_waiver = (folders[0] / "annotations.yaml").read_text(encoding="utf-8")
    (folders[0] / "annotations.yaml").write_text(unwaived, encoding="utf-8")
    assert any(waived_finding in w for w in lint_of_the_files())  # the waiver is what silences it
    (folders[0] / "annotations.yaml").write_text(with_waiver, encoding="utf-8")
    for workers, pool in ((1, False), (2, False), (2, True)):
        with pool_used(pool):
            result = build_dataset(raw, tmp_path / f"dist-{workers}-{pool}", BuildOptions(workers=workers))
        assert result.warnings == expected


@pytest.mark.parametrize(("workers", "pool"), [(1, False), (2, False), (2, True)])
def test_a_bad_pass_is_reported_in_folder_order_with_other_problems(corpus, tmp_path, workers, pool):
    """The agreement of the passes, computed in the jobs or in a background process, reports a bad
    pass after the problems of the folders before it and before those of the folders after it."""
    raw = tmp_path / "raw"
    folders = _with_passes(corpus, raw, bad=True)  # folders[3]: a bad second pass
    for folder in (folders[1], folders[5]):  # transcripts that no longer match their SHA-256
        transcript = folder / "transcript.txt"
        transcript.write_bytes(transcript.read_bytes() + b"\nAn added line.\n")
    with pytest.raises(DatasetError) as info, pool_used(pool):
        build_dataset(raw, tmp_path / "dist", BuildOptions(workers=workers))
    files = [problem.file for problem in info.value.problems]
    named = [[folder.name for folder in folders if f"{folder.name}/" in file] for file in files]
    assert named == [[folders[1].name], [folders[3].name], [folders[5].name]], files
    assert files[1].endswith("pass2.yaml")
