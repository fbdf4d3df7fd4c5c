"""The command line: parse, stats, evaluate, --help, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED, SEED_ID

COMMANDS = ["build", "check", "lint", "parse", "stats", "evaluate", "validate", "new"]


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interview_dataset.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_everywhere(command):
    result = cli(*([command] if command else []), "--help")
    assert result.returncode == 0 and "usage: interview-dataset" in result.stdout


def test_parse_prints_turns_as_json_lines():
    result = cli("parse", str(SEED))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 48
    assert {tuple(sorted(r)) for r in rows} == {("speaker", "text")}  # no times in an untimed format
    assert [r["speaker"] for r in rows[:2]] == ["Sasha Talaver", "Taras Bilous"]
    assert "format article, 48 turns" in result.stderr


def test_parse_unknown_format_and_missing_file_exit_2():
    result = cli("parse", str(SEED), "--format", "nope")
    assert result.returncode == 2 and "unknown format 'nope'" in result.stderr and "Traceback" not in result.stderr
    result = cli("parse", "/nonexistent/file.txt")
    assert result.returncode == 2 and "file not found" in result.stderr


def test_stats_counts_the_corpus():
    result = cli("--root", str(REPO), "stats")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["interviews"] >= 1 and stats["turns"] >= 48
    # counted by annotation source: automatic (draft) entities never add to the gold figures
    assert set(stats["entities_by_label"]) <= {"gold", "automatic", "none"}
    assert sum(stats["entities_by_label"]["gold"].values()) > 0
    assert sum(stats["annotation_source_turns"].values()) == stats["turns"]


def _gold(built_project):
    from interview_dataset.published import read_config
    from interview_dataset.schema import Turn

    return read_config(built_project / "dist" / "hf", "turns", Turn)


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("task", ["ner", "topics", "role"])
def test_evaluate_gold_scores_1_and_empty_scores_0(built_project, tmp_path, task):
    gold = _gold(built_project)
    if task == "ner":
        rows = [
            {"id": t.id, "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in t.entities]}
            for t in gold
        ]
    elif task == "topics":
        rows = [{"id": t.id, "topics": t.topics} for t in gold]
    else:
        rows = [{"id": t.id, "speaker_role": t.speaker_role} for t in gold]
    perfect = cli(
        "--root",
        str(built_project),
        "evaluate",
        "--task",
        task,
        "--predictions",
        str(_write(tmp_path / "gold.jsonl", rows)),
        "--json",
    )
    assert perfect.returncode == 0, perfect.stderr
    report = json.loads(perfect.stdout)
    empty = cli(
        "--root",
        str(built_project),
        "evaluate",
        "--task",
        task,
        "--predictions",
        str(_write(tmp_path / "empty.jsonl", [])),
        "--json",
    )
    assert empty.returncode == 0, empty.stderr
    nothing = json.loads(empty.stdout)
    if task == "ner":
        for mode in ("exact", "overlap"):
            assert report[mode]["f1"] == 1.0 and report[mode]["precision"] == 1.0 and report[mode]["recall"] == 1.0
            assert nothing[mode]["f1"] == 0.0
            assert set(report[mode]["per_label"]) >= {"PERSON", "GPE", "DATE"}
    elif task == "topics":
        assert report["f1"] == 1.0 and nothing["f1"] == 0.0 and report["per_label"]
    else:
        assert report["accuracy"] == 1.0 and nothing["accuracy"] == 0.0


def test_evaluate_reports_the_bad_line(built_project, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        f'{{"id": "{SEED_ID}-000", "topics": []}}\n{{"id": "no-such-turn-000", "topics": []}}\n',
        encoding="utf-8",
    )
    result = cli("--root", str(built_project), "evaluate", "--task", "topics", "--predictions", str(path))
    assert result.returncode == 2
    assert "bad.jsonl:2" in result.stderr and "Traceback" not in result.stderr
