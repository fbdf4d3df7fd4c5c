"""The card's figure: byte-identical across builds and processes, no version or date in the PNG,
and referenced from the card (or absent, with no reference, when no turn has topics)."""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from interview_dataset.card.figure import DPI, FIGURE_FILE, WIDTH_IN, make_topic_figure
from interview_dataset.compile import compile_interview
from interview_dataset.pipeline import BuildOptions, build_dataset, interview_folders
from interview_dataset.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
#: The corpus to build; overridable to try the tests on another raw/ folder.
RAW = Path(os.environ.get("INTERVIEW_DATASET_TEST_RAW", ROOT / "raw"))


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, i = [], 8
    while i < len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        chunks.append((data[i + 4 : i + 8], data[i + 8 : i + 8 + length]))
        i += 12 + length
    return chunks


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The repo's corpus built twice, into two folders."""
    tmp = tmp_path_factory.mktemp("figure")
    results = [
        build_dataset(RAW, tmp / name / "dist", BuildOptions(), card_path=tmp / name / "card.md") for name in ("a", "b")
    ]
    return [r.dist / "hf" for r in results], results


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """The corpus compiled, with topics guaranteed: when no turn is annotated yet, every third
    turn gets taxonomy topics (round robin), so the figure is always exercised."""
    taxonomy, _ = load_taxonomy(RAW)
    compiled = [compile_interview(folder, taxonomy, allow_draft=True) for folder in interview_folders(RAW)]
    if not any(t.topics for c in compiled for t in c.turns):
        ids = taxonomy.topic_ids
        for c in compiled:
            c.turns = [
                t.model_copy(update={"topics": [ids[i % len(ids)], ids[(i + 1) % len(ids)]][: 1 + i % 2]})
                if i % 3 == 0
                else t
                for i, t in enumerate(c.turns)
            ]
    return compiled, taxonomy


def test_figure_bytes_are_identical_across_calls_and_processes(annotated, tmp_path):
    compiled, taxonomy = annotated
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = make_topic_figure(tmp_path / "a", compiled, taxonomy)
    second = make_topic_figure(tmp_path / "b", compiled, taxonomy)
    assert first == second and first["path"] == FIGURE_FILE
    a = (tmp_path / "a" / FIGURE_FILE).read_bytes()
    assert a == (tmp_path / "b" / FIGURE_FILE).read_bytes()
    # A fresh interpreter (fresh font cache and rcParams) gives the same bytes.
    (tmp_path / "c").mkdir()
    (tmp_path / "input.pickle").write_bytes(pickle.dumps((compiled, taxonomy)))
    code = (
        "import pickle, sys; from pathlib import Path; from interview_dataset.card.figure import make_topic_figure; "
        "c, t = pickle.loads(Path(sys.argv[1]).read_bytes()); make_topic_figure(Path(sys.argv[2]), c, t)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "input.pickle"), str(tmp_path / "c")], check=True, timeout=120
    )
    assert a == (tmp_path / "c" / FIGURE_FILE).read_bytes()


def test_png_has_no_version_or_date(annotated, tmp_path):
    compiled, taxonomy = annotated
    make_topic_figure(tmp_path, compiled, taxonomy)
    chunks = _png_chunks((tmp_path / FIGURE_FILE).read_bytes())
    kinds = [kind for kind, _ in chunks]
    assert b"tIME" not in kinds
    for kind, payload in chunks:
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            key = payload.split(b"\x00", 1)[0].decode("latin-1")
            text = payload.decode("latin-1").lower()
            assert key not in ("Software", "Creation Time", "Date"), key
            assert "matplotlib" not in text and "version" not in text, payload
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert width == round(WIDTH_IN * DPI) and height > 0


def test_caption_is_generated_from_the_data(annotated, tmp_path):
    compiled, taxonomy = annotated
    figure = make_topic_figure(tmp_path, compiled, taxonomy)
    turns = sum(len(c.turns) for c in compiled)
    with_topics = sum(1 for c in compiled for t in c.turns if t.topics)
    assert f"{with_topics} of {turns} turns carry topics" in figure["caption"]
    assert figure["alt"]


def test_no_figure_when_no_turn_has_topics(annotated, tmp_path):
    compiled, taxonomy = annotated
    bare = [type(c)(**{**vars(c), "turns": [t.model_copy(update={"topics": []}) for t in c.turns]}) for c in compiled]
    assert make_topic_figure(tmp_path, bare, taxonomy) is None
    assert not (tmp_path / FIGURE_FILE).exists()


def test_builds_give_identical_figures_referenced_from_the_card(builds):
    (hf_a, hf_b), results = builds
    has_topics = any(
        topics
        for path in (hf_a / "data" / "turns").glob("*.parquet")
        for topics in pq.read_table(path, columns=["topics"]).column("topics").to_pylist()
    )
    reference = f"]({FIGURE_FILE})"
    if not has_topics:
        assert not (hf_a / FIGURE_FILE).exists()
        assert reference not in results[0].card_body
        return
    assert (hf_a / FIGURE_FILE).read_bytes() == (hf_b / FIGURE_FILE).read_bytes()
    for hf, result in zip((hf_a, hf_b), results, strict=False):
        assert reference in result.card_body
        assert reference in (hf / "README.md").read_text(encoding="utf-8")
        sums = (hf / "SHA256SUMS").read_text(encoding="utf-8")
        assert f"  {FIGURE_FILE}\n" in sums
