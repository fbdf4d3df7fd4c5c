"""Scoring a published folder alone (a copy with no checkout around it), the error currency of
input problems, gold completeness, the splits and the fitted baselines."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_project import SEED_ID, build, cli_env, edit_file, interview_dir, make_project, run_cli

from interview_dataset.baselines import BaselineFigures, baseline_figures, learn_topic_keywords, question_role
from interview_dataset.errors import MAX_EXCERPT, excerpt
from interview_dataset.features import features_for, schema_tree
from interview_dataset.metadata import assign_splits
from interview_dataset.published import read_config
from interview_dataset.schema import CONLL_TAGS, SPLITS, Interview, NerSentence, Turn


@pytest.fixture(scope="module")
def copied_folder(tmp_path_factory) -> Path:
    """A built project's `dist/hf`, copied to a folder with nothing else around it."""
    project = make_project(tmp_path_factory.mktemp("project"))
    build(project)
    alone = tmp_path_factory.mktemp("downloaded") / "interview-dataset"
    shutil.copytree(project / "dist" / "hf", alone)
    return alone


def evaluate(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`interview-dataset evaluate` run from the folder's parent: no raw/, no dist/ there."""
    return subprocess.run(
        [sys.executable, "-m", "interview_dataset.cli", "evaluate", "--dist", str(folder), *args],
        capture_output=True,
        text=True,
        cwd=folder.parent,
        env=cli_env(),
        timeout=300,
    )


def write_lines(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_folder_carries_its_label_space(copied_folder):
    assert not (copied_folder.parent / "raw").exists()
    assert (copied_folder / "taxonomy.yaml").is_file() and (copied_folder / "SHA256SUMS").is_file()
    turns = read_config(copied_folder, "turns", Turn)
    path = next((copied_folder / "data" / "turns").glob("*.parquet"))
    import pyarrow.parquet as pq
    from datasets import ClassLabel, Features

    info = json.loads(pq.read_schema(path).metadata[b"huggingface"])
    topics = Features.from_dict(info["info"]["features"])["topics"].feature
    assert isinstance(topics, ClassLabel)
    assert topics.names == ["soldiers-and-army-life", "energy-infrastructure"]  # the taxonomy's ids, in order
    assert {t for turn in turns for t in turn.topics} <= set(topics.names)


def test_validate_works_on_the_copy_and_notices_a_change(copied_folder, tmp_path):
    result = run_cli(tmp_path, "validate", str(copied_folder))
    assert result.returncode == 0, result.stderr
    tampered = tmp_path / "tampered"
    shutil.copytree(copied_folder, tampered)
    (tampered / "taxonomy.yaml").write_text("version: 9.9.9\n", encoding="utf-8")
    result = run_cli(tmp_path, "validate", str(tampered))
    assert result.returncode == 2
    assert "taxonomy.yaml: SHA-256 differs from SHA256SUMS" in result.stderr


def test_role_summary_first_and_the_question_mark_heuristic(copied_folder, tmp_path):
    turns = read_config(copied_folder, "turns", Turn)
    predicted = question_role(turns)
    path = write_lines(tmp_path / "role.jsonl", [{"id": k, "speaker_role": v} for k, v in predicted.items()])
    result = evaluate(copied_folder, "--task", "role", "--predictions", str(path))
    assert result.returncode == 0, result.stderr
    correct = sum(predicted[t.id] == t.speaker_role for t in turns)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("role on split test, gold turns (48 turns)")
    assert f"accuracy {correct / 48:.3f}" in lines[1]
    assert correct / 48 > 0.5  # far above the majority class on this interview
    full = json.loads(evaluate(copied_folder, "--task", "role", "--predictions", str(path), "--json").stdout)
    assert full["accuracy"] == correct / 48 and full["split"] == "test" and full["gold_only"] is True


def test_topics_scored_with_the_folders_topic_ids(copied_folder, tmp_path):
    turns = read_config(copied_folder, "turns", Turn)
    path = write_lines(tmp_path / "topics.jsonl", [{"id": t.id, "topics": t.topics} for t in turns])
    result = evaluate(copied_folder, "--task", "topics", "--predictions", str(path))
    assert result.returncode == 0, result.stderr
    assert "micro precision 1.000  recall 1.000  F1 1.000" in result.stdout
    bad = write_lines(tmp_path / "bad.jsonl", [{"id": turns[0].id, "topics": ["soldiers-and-army-lif"]}])
    result = evaluate(copied_folder, "--task", "topics", "--predictions", str(bad))
    assert result.returncode == 2
    assert "did you mean 'soldiers-and-army-life'?" in result.stderr and "bad.jsonl:1" in result.stderr


def test_ner_spans_tokens_and_conll_view_score_alike(copied_folder, tmp_path):
    turns = read_config(copied_folder, "turns", Turn)
    rows = read_config(copied_folder, "ner", NerSentence)
    spans = write_lines(
        tmp_path / "spans.jsonl",
        [
            {"id": t.id, "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in t.entities]}
            for t in turns
        ],
    )
    tokens = write_lines(tmp_path / "tokens.jsonl", [{"id": r.id, "ner_tags": list(r.ner_tags)} for r in rows])
    indexes = write_lines(
        tmp_path / "conll.jsonl",
        [{"id": r.id, "conll_tags": [CONLL_TAGS.index(t) for t in r.conll_tags]} for r in rows],
    )
    reports = {}
    for name, path in (("spans", spans), ("tokens", tokens), ("conll", indexes)):
        result = evaluate(copied_folder, "--task", "ner", "--predictions", str(path), "--json")
        assert result.returncode == 0, result.stderr
        reports[name] = json.loads(result.stdout)
    assert reports["spans"]["exact"]["f1"] == reports["tokens"]["exact"]["f1"] == 1.0
    assert reports["spans"]["num_gold"] == sum(len(t.entities) for t in turns)
    assert reports["conll"]["scheme"] == "conll" and reports["conll"]["exact"]["f1"] == 1.0
    assert set(reports["conll"]["exact"]["per_label"]) <= {"PER", "ORG", "LOC", "MISC"}
    # One wrong tag on a token row costs exactly that entity.
    first = next(r for r in rows if any(t.startswith("B-") for t in r.ner_tags))
    at = next(i for i, t in enumerate(first.ner_tags) if t.startswith("B-"))
    tags = list(first.ner_tags)
    tags[at] = "B-CARDINAL" if tags[at] != "B-CARDINAL" else "B-DATE"
    tags = [t if not (i > at and t.startswith("I-")) else "O" for i, t in enumerate(tags)]
    one_off = write_lines(
        tmp_path / "one-off.jsonl",
        [{"id": r.id, "ner_tags": tags if r.id == first.id else list(r.ner_tags)} for r in rows],
    )
    report = json.loads(evaluate(copied_folder, "--task", "ner", "--predictions", str(one_off), "--json").stdout)
    n = reports["spans"]["num_gold"]
    assert report["exact"]["recall"] == pytest.approx((n - 1) / n)


def test_split_without_gold_turns_is_a_clear_error(copied_folder, tmp_path):
    path = write_lines(tmp_path / "empty.jsonl", [])
    result = evaluate(copied_folder, "--task", "role", "--predictions", str(path), "--split", "train")
    assert result.returncode == 2 and "no turns in split 'train'" in result.stderr and "Traceback" not in result.stderr


def test_a_huge_bad_value_is_quoted_in_a_short_excerpt(copied_folder, tmp_path):
    huge = "x" * 5_000_000
    path = write_lines(tmp_path / "huge.jsonl", [{"id": huge, "speaker_role": "interviewer"}])
    result = evaluate(copied_folder, "--task", "role", "--predictions", str(path))
    assert result.returncode == 2
    assert len(result.stderr) < 2_000, len(result.stderr)
    assert "5,000,000 characters" in result.stderr
    assert len(excerpt(huge)) < MAX_EXCERPT + 40


# --- input problems: one currency, the right file, all at once ------------------------------


def test_gold_with_turns_lacking_topics_is_an_error(tmp_path):
    root = make_project(tmp_path)
    ann = interview_dir(root) / "annotations.yaml"
    text = ann.read_text(encoding="utf-8")
    ann.write_text(
        re.sub(r"  7:\n    topics: \[soldiers-and-army-life\]\n", "  7:\n    topics: []\n", text), encoding="utf-8"
    )
    result = run_cli(root, "build", "--quiet", "--workers", "1")
    assert result.returncode == 2
    assert f"raw/{SEED_ID}/annotations.yaml:" in result.stderr
    assert "status is gold, but turn 7 has no topics" in result.stderr and "how to fix:" in result.stderr
    assert not (root / "dist").exists()


def test_alias_typo_is_blamed_on_metadata_with_did_you_mean_and_all_files_reported(tmp_path):
    root = make_project(tmp_path, ids=(SEED_ID, "second-copy"))
    # The transcript labels the interviewee "Taras Bilous"; a typo in metadata.yaml breaks it.
    edit_file(interview_dir(root) / "metadata.yaml", "- name: Taras Bilous", "- name: Taras Bilus")
    edit_file(interview_dir(root, "second-copy") / "metadata.yaml", "\nexcerpt: complete\n", '\nexcerpt: ""\n')
    result = run_cli(root, "build", "--quiet", "--workers", "1")
    assert result.returncode == 2
    err = result.stderr
    meta = f"raw/{SEED_ID}/metadata.yaml:"
    assert meta in err and "'Taras Bilous'" in err and "(did you mean 'Taras Bilus'?)" in err
    assert f"(at raw/{SEED_ID}/000_e6669b1306f91eec.txt:" in err  # where it is used, said in the message
    assert "000_e6669b1306f91eec.txt:15:" not in err  # ... but the file to edit is metadata.yaml
    assert "raw/second-copy/metadata.yaml:" in err and "excerpt:" in err  # the other file, same run
    assert "Traceback" not in err


def test_an_unused_declared_speaker_is_reported(tmp_path):
    root = make_project(tmp_path)
    edit_file(
        interview_dir(root) / "metadata.yaml",
        "speakers:\n",
        "speakers:\n  - name: Nobody Here\n    role: other\n    description: ''\n    aliases: []\n",
    )
    result = run_cli(root, "build", "--quiet", "--workers", "1")
    assert result.returncode == 2
    assert f"raw/{SEED_ID}/metadata.yaml:" in result.stderr
    assert "speaker 'Nobody Here' is declared but no turn" in result.stderr


def test_empty_rights_says_what_to_write(tmp_path):
    root = make_project(tmp_path)
    meta = interview_dir(root) / "metadata.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"(?ms)^rights: >-\n(  .*?\n)+", 'rights: ""\n', text, count=1), encoding="utf-8")
    result = run_cli(root, "build", "--quiet", "--workers", "1")
    assert result.returncode == 2
    assert "rights:" in result.stderr and "say who holds the rights" in result.stderr
    assert "example: rights:" in result.stderr


# --- one schema walk ---------------------------------------------------------------------------


def test_one_walk_feeds_features_fields_and_croissant(copied_folder):
    from interview_dataset.card.fields import field_rows

    tree = schema_tree(Interview)
    names = [f.name for f in tree.fields]
    assert list(features_for(Interview)) == names
    rows = {r["name"] for r in field_rows(Interview)}
    assert {"license.id", "license.share_alike", "source.commit", "excerpt"} <= rows
    croissant = json.loads((copied_folder / "croissant.json").read_text(encoding="utf-8"))
    record = next(r for r in croissant["recordSet"] if r["@id"] == "interviews")
    assert [f["name"] for f in record["field"]][1:] == names
    turns = next(r for r in croissant["recordSet"] if r["@id"] == "turns")
    topics = next(f for f in turns["field"] if f["name"] == "topics")
    assert topics["references"]["field"]["@id"] == "topics/id"


def test_interviews_carry_licence_source_and_excerpt(copied_folder):
    (interview,) = read_config(copied_folder, "interviews", Interview)
    assert interview.license.id == "none" and interview.license.share_alike is False
    assert (
        interview.source.url == "https://imp2020.org/a-ukrainian-socialist-went-to-war-heres-what-he-thinks-about-peace"
    )
    assert interview.source.repository is None and interview.source.commit is None
    assert interview.excerpt == "complete"


# --- splits and baselines --------------------------------------------------------------------


def test_split_assignment_is_deterministic_balanced_and_pinned():
    entries = [(f"iv-{i:02d}", ["qa", "inline", "webvtt"][i % 3], ["law", "science"][i % 2], None) for i in range(30)]
    entries.append(("seed", "article", "politics", "test"))
    splits = assign_splits(entries)
    assert splits == assign_splits(list(reversed(entries)))  # order of folders does not matter
    assert set(splits) == {e[0] for e in entries} and splits["seed"] == "test"
    counts = {s: sum(v == s for v in splits.values()) for s in SPLITS}
    assert counts["train"] >= 18 and counts["validation"] >= 3 and counts["test"] >= 4
    for layout in ("qa", "inline", "webvtt"):  # every layout reaches the evaluation splits
        assert {splits[e[0]] for e in entries if e[1] == layout} >= {"train", "validation", "test"}


def make_turn(index: int, text: str, topics: list[str], role: str = "interviewee") -> Turn:
    return Turn(
        id=f"iv-{index:03d}",
        interview_id="iv",
        turn_index=index,
        speaker="A",
        speaker_role=role,
        text=text,
        topics=topics,
        entities=[],
        annotation_source="gold",
        date=None,
        source_start=0,
        source_end=1,
        start_seconds=None,
        end_seconds=None,
    )


def test_keywords_are_learned_from_train_only():
    train = [
        make_turn(0, "The reactor and the uranium supply.", ["energy"]),
        make_turn(1, "Uranium prices and the reactor fleet.", ["energy"]),
        make_turn(2, "The court ruled on the appeal and the fee.", ["law"]),
        make_turn(3, "An appeal before the court and the jury.", ["law"]),
    ]
    keywords = learn_topic_keywords(train, ["energy", "law", "sports"])
    assert set(keywords["energy"]) == {"reactor", "uranium"} and set(keywords["law"]) == {"court", "appeal"}
    assert keywords["sports"] == [] and "the" not in keywords["energy"]
    test = [make_turn(10, "Is the reactor safe?", ["energy"], "interviewer"), make_turn(11, "Ask the court.", ["law"])]
    figures = baseline_figures({"train": train, "test": test}, ["energy", "law", "sports"])
    scores = figures["splits"]["test"]["scores"]
    assert figures["train_turns"] == 4 and "validation" not in figures["splits"]
    assert scores["topics_keywords"]["f1"] == 1.0
    assert scores["role_question"]["accuracy"] == 1.0 and scores["role_majority"]["accuracy"] == 0.5
    assert baseline_figures({"test": test}, ["energy"])["splits"]["test"]["scores"]["topics_keywords"] is None


def test_fed_baselines_score_each_split_when_the_next_starts_and_hold_one_at_a_time():
    train = [make_turn(0, "The reactor and the uranium supply.", ["energy"]), make_turn(1, "The court.", ["law"])]
    validation = [make_turn(5, "Is the reactor safe?", ["energy"], "interviewer")]
    test = [make_turn(10, "Ask the court.", ["law"]), make_turn(11, "Uranium again?", ["energy"], "interviewer")]
    topics = ["energy", "law"]
    fed = BaselineFigures(topics)
    fed.add("train", train)
    fed.add("validation", validation[:0])  # an empty batch of a split, then the split itself
    fed.add("validation", validation)
    assert fed.current == "validation" and fed.current_turns == 1 and "validation" not in fed.scored
    fed.add("test", test[:1])
    assert fed.scored["validation"]["turns"] == 1  # its reports taken when the next split started
    assert fed.current == "test" and fed.current_turns == 1 and fed.scorers["role_question"].report()["num_gold"] == 1
    fed.add("test", test[1:])
    assert fed.result() == baseline_figures({"train": train, "validation": validation, "test": test}, topics)
    again = BaselineFigures(topics)
    again.add("train", train)
    again.add("validation", validation)
    again.add("test", test)
    with pytest.raises(ValueError, match="validation after another split"):
        again.add("validation", validation)


def test_taxonomy_loader_keeps_extra_keys_and_suggests_categories(tmp_path):
    from interview_dataset.errors import DatasetError
    from interview_dataset.taxonomy import load_taxonomy

    (tmp_path / "taxonomy.yaml").write_text(
        "version: 2.0.0\n"
        "categories:\n"
        "  - {id: politics, label: Politics, medtop: 'medtop:11000000'}\n"
        "topics:\n"
        "  - {id: elections, label: Elections, category: politics, parent: politics, definition: Votes.}\n",
        encoding="utf-8",
    )
    taxonomy, _ = load_taxonomy(tmp_path)
    assert taxonomy.topic_ids == ["elections"]
    (tmp_path / "taxonomy.yaml").write_text(
        "version: 2.0.0\ncategories:\n  - {id: politics, label: Politics}\n"
        "topics:\n  - {id: elections, label: Elections, category: politcs, definition: Votes.}\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as info:
        load_taxonomy(tmp_path)
    assert "(did you mean 'politics'?)" in info.value.render() and ":5:" in info.value.render()
