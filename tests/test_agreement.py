"""Agreement between annotation passes, and the lint over the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, SEED_ID

from interview_dataset.agreement import agreement, compile_with_annotations
from interview_dataset.taxonomy import load_taxonomy

FOLDER = REPO / "raw" / SEED_ID


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(REPO / "raw")[0]


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("status: gold\ntaxonomy_version: 2.0.0\n" + body, encoding="utf-8")
    return path


def test_identical_passes_agree_perfectly(tmp_path, taxonomy):
    body = "turns:\n  1:\n    topics: [defence-and-armed-forces]\n    entities:\n      - Kyiv: GPE\n"
    a = compile_with_annotations(FOLDER, write(tmp_path, "a.yaml", body), taxonomy)
    b = compile_with_annotations(FOLDER, write(tmp_path, "b.yaml", body), taxonomy)
    report = agreement(a, b)
    assert report["entities"]["exact"]["f1"] == 1.0
    assert report["topics"]["micro_f1"] == 1.0 and report["topics"]["mean_jaccard"] == 1.0


def test_partial_agreement_hand_computed(tmp_path, taxonomy):
    # A: Kyiv (GPE) + "three years" (DATE) in turn 1; B: Kyiv only, and "the past three years" as DATE.
    a = compile_with_annotations(
        FOLDER,
        write(
            tmp_path,
            "a.yaml",
            "turns:\n  1:\n    topics: [defence-and-armed-forces, war-victims]\n"
            "    entities:\n      - Kyiv: GPE\n      - three years: DATE\n",
        ),
        taxonomy,
    )
    b = compile_with_annotations(
        FOLDER,
        write(
            tmp_path,
            "b.yaml",
            "turns:\n  1:\n    topics: [defence-and-armed-forces]\n"
            "    entities:\n      - Kyiv: GPE\n      - these past three years: DATE\n",
        ),
        taxonomy,
    )
    report = agreement(a, b)
    # exact: 1 match of 2 vs 2 -> P = R = F1 = 0.5; overlap: both match -> 1.0
    assert report["entities"]["exact"]["f1"] == pytest.approx(0.5)
    assert report["entities"]["overlap"]["f1"] == pytest.approx(1.0)
    # topics: A {army, civilian}, B {army}: P = 1, R = 0.5, F1 = 2/3; Jaccard turn 1 = 1/2, other 47 turns empty = 1
    assert report["topics"]["micro_f1"] == pytest.approx(2 / 3)
    assert report["topics"]["mean_jaccard"] == pytest.approx((0.5 + 47) / 48)


def test_pass_errors_name_the_pass_file(tmp_path, taxonomy):
    from interview_dataset.errors import DatasetError

    path = write(tmp_path, "bad.yaml", "turns:\n  1:\n    entities:\n      - Kiev: GPE\n")
    with pytest.raises(DatasetError) as info:
        compile_with_annotations(FOLDER, path, taxonomy)
    assert str(path) in info.value.render() and ":6:" in info.value.render()


def test_gold_annotations_are_complete_and_lint_clean(taxonomy):
    from interview_dataset.compile import compile_interview
    from interview_dataset.lint import lint_corpus

    compiled = compile_interview(FOLDER, taxonomy)
    assert all(1 <= len(t.topics) <= 4 for t in compiled.turns)
    assert all(t.annotation_source == "gold" for t in compiled.turns)
    assert sum(len(t.entities) for t in compiled.turns) > 200
    assert compiled.interview.introduction_entities
    # The taxonomy serves the whole corpus: topics unused by this one interview are not its fault.
    assert [f for f in lint_corpus([compiled], taxonomy) if "used by no turn" not in f.message] == []


def test_lint_reports_inconsistency_and_unannotated_repeats(tmp_path, taxonomy):
    from interview_dataset.lint import lint_corpus

    path = write(
        tmp_path,
        "lint.yaml",
        "turns:\n  1:\n    topics: [defence-and-armed-forces]\n    entities:\n      - Kyiv: GPE\n"
        "  19:\n    topics: [defence-and-armed-forces]\n    entities:\n      - Kyiv: ORG\n",
    )
    compiled = compile_with_annotations(FOLDER, path, taxonomy)
    messages = [f.message for f in lint_corpus([compiled], taxonomy)]
    assert any("'Kyiv' has different labels" in m for m in messages)
    assert any("turn 2: 'Kyiv' (annotated elsewhere) occurs here unannotated" in m for m in messages)
    assert any("is used by no turn" in m for m in messages)


def test_lint_reports_two_interviews_with_one_transcript(taxonomy, tmp_path):
    import shutil

    from interview_dataset.compile import compile_interview
    from interview_dataset.lint import lint_corpus

    copy = tmp_path / "raw" / "bilous-copy"
    shutil.copytree(FOLDER, copy)
    meta = copy / "metadata.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(f"id: {SEED_ID}", "id: bilous-copy"), encoding="utf-8")
    compiled = [compile_interview(FOLDER, taxonomy), compile_interview(copy, taxonomy)]
    messages = [f.message for f in lint_corpus(compiled, taxonomy)]
    assert any(f"same transcript (SHA-256) as interview '{SEED_ID}'" in m for m in messages)
