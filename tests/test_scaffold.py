"""`interview-dataset new`: scaffold raw/<id>/ from a transcript, then take it to gold.

The command runs in a subprocess on a temporary copy of the project (raw/ plus the invented
fixture interview in tests/fixtures/interviews/, whose gold annotations give the corpus
entities for the draft to propose). The follow-up transcript scaffolded here is invented too.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from interview_dataset.annotations import load_annotations
from interview_dataset.errors import DatasetError
from interview_dataset.scaffold import (
    LANGUAGE_TODO,
    ROLE_TODO,
    EntityProposer,
    GoldLexicon,
    entity_entries,
    scaffold_interview,
)
from interview_dataset.schema import ANNOTATION_SOURCES, ENTITY_LABELS
from interview_dataset.yaml_loading import load_yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "interviews"
FIXTURE_ID = "marrowfield-drone-repair-2025"
FOLLOWUP = FIXTURES / "followup-transcript.txt"
NEW_ID = "sandoval-halloran-2025"


def make_project(base: Path) -> Path:
    """A project root holding a copy of raw/ and the fixture interview."""
    root = base / "project"
    (root / "raw").mkdir(parents=True)
    shutil.copyfile(ROOT / "raw" / "taxonomy.yaml", root / "raw" / "taxonomy.yaml")
    shutil.copytree(ROOT / "raw" / "bilous-talaver-2026", root / "raw" / "bilous-talaver-2026")  # one gold interview
    # Taxonomy 2.0.0 has no keywords (baselines learn them): give two topics some, to test the drafting.
    taxonomy = root / "raw" / "taxonomy.yaml"
    text = taxonomy.read_text(encoding="utf-8")
    for topic_id, keywords in (
        ("military-operations", "[electricity, power grid, outages, drones]"),
        ("defence-and-armed-forces", "[soldiers]"),
    ):
        assert f"  - id: {topic_id}\n" in text
        text = text.replace(f"  - id: {topic_id}\n", f"  - id: {topic_id}\n    keywords: {keywords}\n")
    taxonomy.write_text(text, encoding="utf-8")
    shutil.copytree(FIXTURES / FIXTURE_ID, root / "raw" / FIXTURE_ID)
    return root


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    return subprocess.run(
        [sys.executable, "-m", "interview_dataset.cli", "--root", str(root), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return cli(root, "build", "--quiet", "--workers", "1", *extra)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def published_turns(root: Path) -> list[dict]:
    """Rows of the published `turns` config, with `annotation_source` (a ClassLabel) as its name."""
    rows = []
    for f in sorted((root / "dist" / "hf" / "data" / "turns").glob("*.parquet")):
        rows.extend(pq.read_table(f).to_pylist())
    for row in rows:
        row["annotation_source"] = ANNOTATION_SOURCES[row["annotation_source"]]
    return rows


def corpus_sources(root: Path) -> dict[str, str]:
    """The annotation_source each interview already in raw/ must get."""
    expected = {}
    for folder in sorted(p for p in (root / "raw").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        ann = folder / "annotations.yaml"
        expected[folder.name] = (
            "none" if not ann.exists() else {"gold": "gold", "draft": "automatic"}[load_annotations(ann).status]
        )
    return expected


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("scaffold"))
    result = cli(root, "new", str(FOLLOWUP), "--id", NEW_ID)
    assert result.returncode == 0, result.stderr
    return root, result


# --- the scaffolded folder ------------------------------------------------------------------


def test_new_creates_the_folder_with_the_byte_identical_transcript(scaffolded):
    root, result = scaffolded
    folder = root / "raw" / NEW_ID
    assert str(folder) in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["annotations.yaml", FOLLOWUP.name, "metadata.yaml"]
    assert (folder / FOLLOWUP.name).read_bytes() == FOLLOWUP.read_bytes()
    assert not [p for p in (root / "raw").iterdir() if p.name.startswith(".")], "staging folder left behind"


def test_metadata_has_the_detected_facts_and_todos(scaffolded):
    root, _ = scaffolded
    meta_path = root / "raw" / NEW_ID / "metadata.yaml"
    meta = load_yaml(meta_path).data  # the project's own loader
    assert meta["id"] == NEW_ID
    assert meta["transcript"] == {
        "file": FOLLOWUP.name,
        "format": "article",
        "sha256": hashlib.sha256(FOLLOWUP.read_bytes()).hexdigest(),
    }
    assert [s["name"] for s in meta["speakers"]] == ["Noor Halloran", "Mira Sandoval"]  # order of first appearance
    assert {s["role"] for s in meta["speakers"]} == {ROLE_TODO}
    assert meta["language"] == LANGUAGE_TODO
    assert meta["rights"] == ""
    for field in ("title", "date", "publisher", "source_url"):
        assert meta[field] == "unknown"
    assert meta["layout"] == {
        "standfirst_paragraphs": 0,
        "caption_paragraphs": 0,
        "introduction": False,
        "boilerplate": [],
    }
    text = meta_path.read_text(encoding="utf-8")
    assert "6 turn(s)" in text
    assert re.search(r"format: article +# detected", text)
    assert "#   line 1: Noor Halloran talks with Mira Sandoval" in text  # the preamble, by line


def test_draft_proposes_corpus_gold_entities_and_keyword_topics(scaffolded):
    root, _ = scaffolded
    ann = load_annotations(root / "raw" / NEW_ID / "annotations.yaml")
    assert ann.status == "draft"
    taxonomy_version = load_yaml(root / "raw" / "taxonomy.yaml").data["version"]
    assert ann.taxonomy_version == str(taxonomy_version)
    assert sorted(k for k in ann.units) == list(range(6))  # every turn listed
    entities = {k: {(e.text, e.label) for e in u.entities} for k, u in ann.units.items()}
    # Gold in the fixture (turns and introduction), found here whole-word and case-sensitively.
    assert {
        ("Linden Street", "FAC"),
        ("Tomas Vray", "PERSON"),
        ("Saturday", "DATE"),
        ("Harrow Bay", "GPE"),
    } <= entities[1]
    assert ("Saturday", "DATE") not in entities[3]  # "Saturdays" is not a whole-word occurrence
    topics = {k: u.topics for k, u in ann.units.items()}
    assert topics[0] == []  # no keyword: an explicit empty list
    assert "military-operations" in topics[4]  # "electricity"
    assert topics[5][0] == "military-operations"  # "power grid", "outages"
    assert {"military-operations", "defence-and-armed-forces"} <= set(topics[3])  # "drones", "soldiers"
    assert all(len(t) <= 4 for t in topics.values())
    text = (root / "raw" / NEW_ID / "annotations.yaml").read_text(encoding="utf-8")
    assert "machine" in text and "status: gold" in text  # the header explains the review and the promotion


# --- from scaffold to gold ------------------------------------------------------------------


def test_build_fails_until_todos_are_resolved_then_draft_then_gold(scaffolded, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(scaffolded[0], root)  # a private copy of the project right after `new`
    meta = root / "raw" / NEW_ID / "metadata.yaml"
    ann = root / "raw" / NEW_ID / "annotations.yaml"

    # 1. The TODOs fail the build, each named with its field.
    result = build(root)
    assert result.returncode == 2, result.stderr
    for field in (
        "language",
        "rights",
        "speakers.0.role",
        "speakers.1.role",
        "license.id",
        "license.reasoning",
        "excerpt",
    ):
        assert f"{field}:" in result.stderr
    assert f"raw/{NEW_ID}/metadata.yaml" in result.stderr
    assert "'interviewer', 'interviewee' or 'other'" in result.stderr
    assert not (root / "dist").exists()

    # 2. A person fills them in; the draft annotations are still refused.
    edit(meta, f"role: {ROLE_TODO}", "role: interviewer")
    edit(meta, f"role: {ROLE_TODO}", "role: interviewee")
    edit(meta, "\nlanguage: TODO\n", "\nlanguage: en\n")
    edit(meta, '\nrights: ""\n', "\nrights: Invented text written for the tests.\n")
    edit(meta, "\n  id: TODO\n", "\n  id: CC0-1.0\n")
    edit(meta, "\n  reasoning: TODO\n", "\n  reasoning: Invented text written for the tests.\n")
    edit(meta, "\nexcerpt: TODO\n", "\nexcerpt: complete\n")
    result = build(root)
    assert result.returncode == 2
    assert "--allow-draft" in result.stderr and "annotations.yaml" in result.stderr

    # 3. With --allow-draft the undeclared preamble (the layout TODO) is the next finding.
    result = build(root, "--allow-draft")
    assert result.returncode == 2
    assert "text before the first speaker label is not declared" in result.stderr
    edit(meta, "\n  introduction: false\n", "\n  introduction: true\n")

    # 4. --allow-draft publishes the draft, marked automatic; the rest keeps its own source.
    result = build(root, "--allow-draft")
    assert result.returncode == 0, result.stderr
    turns = published_turns(root)
    expected = corpus_sources(root)
    assert expected[FIXTURE_ID] == "gold" and expected[NEW_ID] == "automatic"
    for row in turns:
        assert row["annotation_source"] == expected[row["interview_id"]], row["id"]
    new_turn_1 = next(r for r in turns if r["id"] == f"{NEW_ID}-001")
    assert ("Tomas Vray", "PERSON") in [(e["text"], ENTITY_LABELS[e["label"]]) for e in new_turn_1["entities"]]

    # 5. Gold means reviewed: flipping the status of the untouched draft is refused (turns
    #    without topics, the draft's markers left), then, after review, it builds as gold.
    edit(ann, "\nstatus: draft\n", "\nstatus: gold\n")  # the line, not the header comment
    result = build(root)
    assert result.returncode == 2
    assert "status is gold, but" in result.stderr and "draft's markers" in result.stderr
    reviewed = [
        re.sub(r"  # keyword hits:.*$", "", line).replace("topics: []", "topics: [defence-and-armed-forces]")
        for line in ann.read_text(encoding="utf-8").split("\n")
        if not line.startswith("# ")
    ]
    ann.write_text("\n".join(reviewed), encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert {r["annotation_source"] for r in published_turns(root) if r["interview_id"] == NEW_ID} == {"gold"}


def test_new_twice_with_the_same_id_fails(scaffolded):
    root, _ = scaffolded
    before = {p.name: p.read_bytes() for p in (root / "raw" / NEW_ID).iterdir()}
    result = cli(root, "new", str(FOLLOWUP), "--id", NEW_ID)
    assert result.returncode == 2
    assert "already exists" in result.stderr and "how to fix" in result.stderr
    assert {p.name: p.read_bytes() for p in (root / "raw" / NEW_ID).iterdir()} == before


# --- in-process: determinism, bad input, matching rules -------------------------------------


def test_same_inputs_give_the_same_files(tmp_path):
    folders = [scaffold_interview(FOLLOWUP, NEW_ID, make_project(tmp_path / str(i)) / "raw") for i in range(2)]
    files = [{p.name: p.read_bytes() for p in f.iterdir()} for f in folders]
    assert files[0] == files[1]


def test_language_argument_is_written(tmp_path):
    raw = make_project(tmp_path) / "raw"
    folder = scaffold_interview(FOLLOWUP, NEW_ID, raw, language="en")
    assert load_yaml(folder / "metadata.yaml").data["language"] == "en"


@pytest.mark.parametrize(
    "case, message",
    [
        ("bad-id", "not a valid id"),
        ("bad-format", "unknown format"),
        ("not-utf8", "UTF-8"),
        ("empty", "empty"),
        ("reserved-name", "may not be called"),
        ("missing", "not found"),
    ],
)
def test_bad_input_is_refused_and_leaves_nothing(tmp_path, case, message):
    raw = make_project(tmp_path) / "raw"
    before = sorted(p.name for p in raw.iterdir())
    transcript, interview_id, fmt = FOLLOWUP, NEW_ID, None
    if case == "bad-id":
        interview_id = "Not_A_Slug"
    elif case == "bad-format":
        fmt = "no-such-reader"
    elif case in ("not-utf8", "empty", "reserved-name"):
        transcript = tmp_path / ("metadata.yaml" if case == "reserved-name" else "t.txt")
        transcript.write_bytes(
            {"not-utf8": "Café au lait\n".encode("cp1252"), "empty": b"  \n", "reserved-name": FOLLOWUP.read_bytes()}[
                case
            ]
        )
    elif case == "missing":
        transcript = tmp_path / "nope.txt"
    with pytest.raises(DatasetError, match=message) as info:
        scaffold_interview(transcript, interview_id, raw, format=fmt)
    assert info.value.problems[0].hint
    assert sorted(p.name for p in raw.iterdir()) == before


def test_matches_are_longest_first_whole_word_and_resolve_like_the_build():
    from interview_dataset.annotations import EntityEntry, resolve_entities
    from interview_dataset.errors import ProblemCollector

    lexicon = GoldLexicon(
        {"New York": {"GPE": 3}, "York Times": {"ORG": 1}, "York": {"GPE": 1, "PERSON": 2}}, ["x"], []
    )
    text = "The New York Times wrote that New York and Yorkshire differ; york is lower case."
    spans = EntityProposer(lexicon).propose(text)
    assert [(text[s:e], surface) for s, e, surface in spans] == [("York Times", "York Times"), ("New York", "New York")]
    entries = entity_entries(text, spans, lexicon)
    # "New York" also occurs where it overlaps the chosen "York Times": single out the chosen one.
    assert entries == [
        {"text": "York Times", "label": "ORG", "occurrence": None},
        {"text": "New York", "label": "GPE", "occurrence": 2},
    ]
    problems = ProblemCollector()
    resolved = resolve_entities(
        text,
        [EntityEntry(e["text"], e["label"], e["occurrence"], None) for e in entries],
        "turn 0",
        Path("x"),
        problems,
    )
    assert not problems.problems
    assert [(e.start, e.end) for e in resolved] == [(s, e) for s, e, _ in spans]
    assert lexicon.label_of("York") == "PERSON"  # the most frequent gold label


def test_tricky_surfaces_are_written_so_that_they_read_back(tmp_path):
    """Numbers, YAML words, commas, colons and odd spaces survive the draft's YAML."""
    from interview_dataset.annotations import resolve_entities
    from interview_dataset.errors import ProblemCollector
    from interview_dataset.readers import ParsedTranscript, Segment
    from interview_dataset.scaffold import render_annotations
    from interview_dataset.taxonomy import load_taxonomy

    surfaces = {
        "2023": "DATE",
        "No": "ORG",
        "85,000": "CARDINAL",
        "New York, NY": "GPE",
        "Trump’s Tower": "FAC",
        "Lake\u00a0Eastmere": "LOC",
        "On": "ORG",
    }
    lexicon = GoldLexicon({s: {label: 1} for s, label in surfaces.items()}, ["x"], [])
    texts = [
        "In 2023 No said 85,000 people left New York, NY and 2023 again.",
        "Trump’s Tower by Lake\u00a0Eastmere; On and On.",
        "85,000 and 85,000 and New York, NY.",
    ]
    parsed = ParsedTranscript("article", [Segment("Q", t, 0, len(t), i + 1) for i, t in enumerate(texts)])
    taxonomy, _ = load_taxonomy(ROOT / "raw")
    text, expected = render_annotations("t.txt", parsed, taxonomy, lexicon)
    (tmp_path / "annotations.yaml").write_text(text, encoding="utf-8")
    ann = load_annotations(tmp_path / "annotations.yaml")
    problems = ProblemCollector()
    for i, t in enumerate(texts):
        got = [
            (e.start, e.end, e.text, e.label)
            for e in resolve_entities(t, ann.units[i].entities, f"turn {i}", ann.path, problems)
        ]
        assert got == expected[i]
        assert {e[2] for e in got} == {s for s in surfaces if s in t}
    assert not problems.problems


@pytest.mark.parametrize(
    "head",
    [
        '---\ntitle: "The Ferry Years"\ndate: 2021-05-04\nurl: https://example.org/ferry\n---\n\n',
        "**Title:** The Ferry Years\n**Date:** 2021-05-04\n**URL:** https://example.org/ferry\n\n",
    ],
    ids=["yaml-front-matter", "header-block"],
)
def test_front_matter_prefills_title_date_and_url(tmp_path, head):
    raw = make_project(tmp_path) / "raw"
    transcript = tmp_path / "ferry.md"
    body = "**Priya Raman:** How long did you run the ferry?\n\n**Tomas Berg:** Thirty-one years.\n\n"
    transcript.write_text(head + body * 2, encoding="utf-8")
    meta = yaml.safe_load((scaffold_interview(transcript, NEW_ID, raw, language="en") / "metadata.yaml").read_text())
    assert (meta["title"], str(meta["date"]), meta["source_url"]) == (
        "The Ferry Years",
        "2021-05-04",
        "https://example.org/ferry",
    )
    assert meta["publisher"] == "unknown"  # not stated: never guessed


def test_without_front_matter_title_date_and_url_stay_unknown(tmp_path):
    raw = make_project(tmp_path) / "raw"
    meta = yaml.safe_load((scaffold_interview(FOLLOWUP, NEW_ID, raw, language="en") / "metadata.yaml").read_text())
    assert (meta["title"], meta["date"], meta["source_url"]) == ("unknown", "unknown", "unknown")
