"""Bad input: every case runs `interview-dataset build` as a subprocess on a copy of a project
whose dist/ was built from good input, after corrupting one thing. The build must exit 2 with
a message naming the file (and the line where there is one) and how to fix it, without a
traceback, and leave dist/ byte-identical.

Two input decisions are checked the other way round: a UTF-8 BOM and CRLF line endings are
accepted and give the same turns as the clean file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers_project import (
    ANN_LINE,
    SEED_ID,
    TRANSCRIPT,
    build,
    cli_command,
    cli_env,
    edit_file,
    file_line,
    interview_dir,
    line_of,
    make_project,
    run_cli,
    set_recorded_hash,
    set_transcript,
    transcript_text,
    tree_hashes,
)

FOLDER = f"raw/{SEED_ID}"
TPATH = f"{FOLDER}/{TRANSCRIPT}"
MPATH = f"{FOLDER}/metadata.yaml"
APATH = f"{FOLDER}/annotations.yaml"
XPATH = "raw/taxonomy.yaml"


@dataclass
class Expect:
    file: str
    line: int | None
    contains: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def good_project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("good"))
    build(root)
    return root


def _copy(good: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(good, root, symlinks=True)
    return root


def _meta(root: Path) -> Path:
    return interview_dir(root) / "metadata.yaml"


def _ann(root: Path) -> Path:
    return interview_dir(root) / "annotations.yaml"


def _tax(root: Path) -> Path:
    return root / "raw" / "taxonomy.yaml"


def _set_text(root: Path, text: str) -> None:
    set_transcript(root, text.encode("utf-8"))


def _lines(root: Path) -> list[str]:
    return transcript_text(root).split("\n")


# --- transcripts ---------------------------------------------------------------------------


def t_empty(root):
    set_transcript(root, b"")
    return Expect(TPATH, None, ["empty"])


def t_only_boilerplate(root):
    set_transcript(root, b"Leave A Comment\n")
    return Expect(TPATH, None, ["no speaker turns"])


def t_misspelt_label(root):
    lines = _lines(root)
    n = line_of("\n".join(lines), "Taras Bilous", 3)
    lines[n - 1] = "Taras Bilos"
    _set_text(root, "\n".join(lines))
    # The transcript stays byte-identical to its source: the fix (an alias) is in metadata.yaml.
    return Expect(MPATH, file_line(_meta(root), "speakers:"), ["'Taras Bilos'", f"{TPATH}:{n}", "did you mean"])


def t_unknown_label(root):
    text = transcript_text(root)
    n = line_of(text, "Sasha Talaver", 2)
    lines = text.split("\n")
    lines[n - 1] = "MODERATOR"
    _set_text(root, "\n".join(lines))
    return Expect(MPATH, file_line(_meta(root), "speakers:"), ["'MODERATOR'", f"{TPATH}:{n}"])


def t_two_labels_in_a_row(root):
    lines = _lines(root)
    n = line_of("\n".join(lines), "Taras Bilous", 2)
    lines[n - 1 : n - 1] = ["Sasha Talaver", ""]  # a stray label right before Taras's label
    _set_text(root, "\n".join(lines))
    return Expect(TPATH, n, ["Sasha Talaver", f"another label at line {n + 2}", "no speech"])


def t_label_without_speech_at_end(root):
    text = transcript_text(root).rstrip("\n") + "\n\nSasha Talaver\n"
    _set_text(root, text)
    return Expect(TPATH, text.count("\n"), ["end of the file", "no speech"])


def t_truncated_mid_sentence(root):
    text = transcript_text(root)
    cut = text.index("The war is holding back political battles") + len("The war is holding back polit")
    _set_text(root, text[:cut])
    return Expect(TPATH, text[:cut].count("\n") + 1, ["truncated"])


def t_truncated_mid_character(root):
    data = (interview_dir(root) / TRANSCRIPT).read_bytes()
    cut = data.index("’".encode(), len(data) // 2) + 1  # inside the 3-byte apostrophe
    set_transcript(root, data[:cut])
    return Expect(TPATH, data[:cut].count(b"\n") + 1, ["truncated"])


def t_duplicated_turn(root):
    lines = _lines(root)
    n = line_of("\n".join(lines), "Taras Bilous", 6)  # a turn after the annotated ones
    m = next(i for i in range(n + 1, len(lines) + 1) if lines[i - 1] == "Sasha Talaver")
    lines[m - 1 : m - 1] = lines[n - 1 : m - 1]  # the whole turn (label, paragraphs) once more
    _set_text(root, "\n".join(lines))
    return Expect(TPATH, m, [f"repeats the turn at line {n}"])


def t_invalid_utf8(root):
    data = (interview_dir(root) / TRANSCRIPT).read_bytes()
    at = data.index(b"drone operator")
    set_transcript(root, data[:at] + b"\xff" + data[at:])
    return Expect(TPATH, data[:at].count(b"\n") + 1, ["UTF-8"])


def t_nul_byte(root):
    data = (interview_dir(root) / TRANSCRIPT).read_bytes()
    at = data.index(b"drone operator")
    set_transcript(root, data[:at] + b"\x00" + data[at:])
    return Expect(TPATH, data[:at].count(b"\n") + 1, ["NUL"])


def t_mojibake(root):
    text = transcript_text(root)
    at = text.index("I’m a drone operator")
    _set_text(root, text[:at] + "Iâ€™m a drone operator" + text[at + len("I’m a drone operator") :])
    return Expect(TPATH, text[:at].count("\n") + 1, ["mojibake"])


def t_hash_mismatch(root):
    path = interview_dir(root) / TRANSCRIPT
    path.write_bytes(path.read_bytes().replace(b"drone operator", b"drone pilot", 1))
    return Expect(MPATH, file_line(_meta(root), "sha256:"), ["SHA-256", "sha256"])


# --- metadata ------------------------------------------------------------------------------


def m_missing_file(root):
    _meta(root).unlink()
    return Expect(MPATH, None, ["missing"])


def m_missing_field(root):
    edit_file(_meta(root), "\nlanguage: en\n", "\n")
    return Expect(MPATH, None, ["language", "required"])


def m_impossible_date(root):
    edit_file(_meta(root), "\ndate: 2026-02-24\n", "\ndate: 2026-02-30\n")
    return Expect(MPATH, file_line(_meta(root), "date: 2026-02-30"), ["2026-02-30", "YYYY-MM-DD"])


def m_ambiguous_date(root):
    edit_file(_meta(root), "\ndate: 2026-02-24\n", "\ndate: 02/03/2026\n")
    return Expect(MPATH, file_line(_meta(root), "date: 02/03/2026"), ["date", "YYYY-MM-DD"])


def m_unknown_role(root):
    edit_file(_meta(root), "role: interviewer", "role: host")
    return Expect(MPATH, file_line(_meta(root), "role: host"), ["role", "interviewer"])


def m_duplicate_speaker(root):
    edit_file(_meta(root), "- name: Taras Bilous", "- name: Sasha Talaver")
    meta = _meta(root).read_text(encoding="utf-8").split("\n")
    second = [i for i, line in enumerate(meta, start=1) if "name: Sasha Talaver" in line][1]
    return Expect(MPATH, second, ["Sasha Talaver", "twice"])


def m_path_outside_raw(root):
    edit_file(_meta(root), f"file: {TRANSCRIPT}", "file: ../../etc/passwd")
    return Expect(MPATH, file_line(_meta(root), "file: ../../etc/passwd"), ["outside"])


def m_yaml_syntax_error(root):
    edit_file(_meta(root), "\nlanguage: en\n", "\nlanguage: en: [\n")
    return Expect(MPATH, file_line(_meta(root), "language: en: ["), ["YAML"])


def m_python_tag(root):
    edit_file(_meta(root), "\npublisher: unknown\n", '\npublisher: !!python/object/apply:os.system ["touch pwned"]\n')
    return Expect(MPATH, file_line(_meta(root), "publisher: !!python"), ["tag", "not allowed"])


def m_id_differs_from_folder(root):
    edit_file(_meta(root), f"\nid: {SEED_ID}\n", "\nid: bilous-talaver-2025\n")
    return Expect(MPATH, file_line(_meta(root), "id: bilous-talaver-2025"), ["folder name"])


def m_unknown_field(root):
    edit_file(_meta(root), "\nlanguage: en\n", "\nlanguage: en\nlangauge: en\n")
    return Expect(MPATH, file_line(_meta(root), "langauge: en"), ["langauge"])


def m_duplicate_key(root):
    edit_file(_meta(root), "\nlanguage: en\n", "\nlanguage: en\ndate: 2026-02-25\n")
    return Expect(MPATH, file_line(_meta(root), "date: 2026-02-25"), ["duplicate key 'date'"])


def m_transcript_not_found(root):
    edit_file(_meta(root), f"file: {TRANSCRIPT}", "file: transcript.txt")
    return Expect(MPATH, file_line(_meta(root), "file: transcript.txt"), ["not found"])


def m_malformed_sha256(root):
    set_recorded_hash(interview_dir(root), "0" * 64)
    edit_file(_meta(root), "0" * 64, "0123abc")
    return Expect(MPATH, file_line(_meta(root), "sha256: 0123abc"), ["sha256"])


def m_not_a_mapping(root):
    _meta(root).write_text("- just\n- a list\n", encoding="utf-8")
    return Expect(MPATH, 1, ["mapping"])


def m_layout_mismatch(root):
    edit_file(_meta(root), "standfirst_paragraphs: 1", "standfirst_paragraphs: 5")
    return Expect(MPATH, file_line(_meta(root), "layout:"), ["standfirst"])


def m_invalid_utf8(root):
    path = _meta(root)
    data = path.read_bytes().replace(b"drone operator", b"drone \xe9operator", 1)
    path.write_bytes(data)
    return Expect(MPATH, data[: data.index(b"\xe9")].count(b"\n") + 1, ["UTF-8"])


# --- annotations ---------------------------------------------------------------------------


def a_surface_not_found(root):
    edit_file(_ann(root), "      - Kyiv: GPE\n  2:", "      - Kiev: GPE\n  2:")
    return Expect(APATH, ANN_LINE["turn1_kyiv"], ["turn 1", "'Kiev'", "not found"])


def a_unknown_topic(root):
    edit_file(_ann(root), "topics: [soldiers-and-army-life]", "topics: [soldier-life]")
    return Expect(APATH, ANN_LINE["turn0_topics"], ["'soldier-life'"])


def a_unknown_label(root):
    edit_file(_ann(root), "      - Kyiv: GPE\n  2:", "      - Kyiv: CITY\n  2:")
    return Expect(APATH, ANN_LINE["turn1_kyiv"], ["'CITY'"])


def a_overlapping_spans(root):
    # "Russian shelling" (EVENT) and "the Russian" (NORP) overlap without one containing the other.
    edit_file(_ann(root), "      - Russian: NORP\n", "      - Russian shelling: EVENT\n      - the Russian: NORP\n")
    return Expect(APATH, ANN_LINE["turn2_russian"] + 1, ["turn 2", "overlaps"])


def a_part_of_a_number(root):
    # "85" inside "85,000": a number is one word with its separators, so the surface is not
    # found (before, the matcher took it and the `ner` config failed on the token boundary).
    edit_file(
        _ann(root),
        "  17:\n    topics: [soldiers-and-army-life]\n",
        '  17:\n    topics: [soldiers-and-army-life]\n    entities:\n      - "85": CARDINAL\n',
    )
    return Expect(APATH, file_line(_ann(root), '- "85": CARDINAL'), ["turn 17", "'85'", "not found"])


def a_turn_does_not_exist(root):
    text = _ann(root).read_text(encoding="utf-8") + "  99:\n    topics: [soldiers-and-army-life]\n"
    _ann(root).write_text(text, encoding="utf-8")
    return Expect(APATH, text.count("\n") - 1, ["turn 99", "48 turns"])


def a_draft_without_allow_draft(root):
    edit_file(_ann(root), "status: gold", "status: draft")
    return Expect(APATH, ANN_LINE["status"], ["draft", "--allow-draft"])


def a_taxonomy_version_mismatch(root):
    edit_file(_ann(root), "taxonomy_version: 1.0.0", "taxonomy_version: 0.9.0")
    return Expect(APATH, ANN_LINE["taxonomy_version"], ["0.9.0", "1.0.0"])


def a_occurrence_out_of_range(root):
    edit_file(_ann(root), "      - Kyiv: GPE\n  2:", "      - {text: Kyiv, label: GPE, occurrence: 3}\n  2:")
    return Expect(APATH, ANN_LINE["turn1_kyiv"], ["occurrence 3"])


def a_entity_listed_twice(root):
    edit_file(_ann(root), "      - Kyiv: GPE\n  2:", "      - Kyiv: GPE\n      - Kyiv: GPE\n  2:")
    return Expect(APATH, ANN_LINE["turn1_kyiv"] + 1, ["annotated twice"])


def a_unknown_key(root):
    edit_file(_ann(root), "\nturns:\n", "\nturn:\n")
    return Expect(APATH, 6, ["unknown key 'turn'"])


def a_bad_status(root):
    edit_file(_ann(root), "status: gold", "status: reviewed")
    return Expect(APATH, ANN_LINE["status"], ["status", "gold"])


def a_turn_key_not_an_index(root):
    edit_file(_ann(root), "\n  0:\n", "\n  first:\n")
    return Expect(APATH, ANN_LINE["turn0"], ["'first'"])


def a_introduction_entity_not_found(root):
    edit_file(_ann(root), "- Sasha Talaver: PERSON", "- Sasha Talavera: PERSON")
    return Expect(APATH, 5, ["introduction", "'Sasha Talavera'"])


# --- taxonomy ------------------------------------------------------------------------------


def x_duplicate_ids(root):
    edit_file(_tax(root), "  - id: energy-infrastructure", "  - id: soldiers-and-army-life")
    lines = _tax(root).read_text(encoding="utf-8").split("\n")
    second = [i for i, line in enumerate(lines, start=1) if "id: soldiers-and-army-life" in line][1]
    return Expect(XPATH, second, ["duplicate topic id"])


def x_missing_parent(root):
    edit_file(_tax(root), "    category: civilians", "    category: civil-society")
    return Expect(XPATH, file_line(_tax(root), "category: civil-society"), ["'civil-society'", "does not exist"])


def x_missing_file(root):
    _tax(root).unlink()
    return Expect(XPATH, None, ["not found"])


def x_bad_version(root):
    edit_file(_tax(root), "version: 1.0.0", "version: 1.0")
    return Expect(XPATH, 2, ["version", "quote"])


def x_yaml_syntax_error(root):
    edit_file(_tax(root), "    label: Civilians", "    label: [Civilians")
    return Expect(XPATH, None, ["YAML"])


# --- unseen cases found by a red-team run (regressions) ----------------------------------------


def t_vertical_tab_in_paragraph(root):
    # (a form feed is a page break of text converted from PDF and is read; other controls are not)
    text = transcript_text(root)
    at = text.index("I’m a drone operator")
    _set_text(root, text[:at] + "I’m a drone\x0boperator" + text[at + len("I’m a drone operator") :])
    return Expect(TPATH, text[:at].count("\n") + 1, ["U+000B"])


def t_unicode_line_separator(root):
    text = transcript_text(root)
    at = text.index("I’m a drone operator")
    _set_text(root, text[:at] + "I’m a drone\u2028operator" + text[at + len("I’m a drone operator") :])
    return Expect(TPATH, text[:at].count("\n") + 1, ["U+2028", "LINE SEPARATOR"])


def t_label_in_wrong_case(root):
    lines = _lines(root)
    n = line_of("\n".join(lines), "Sasha Talaver", 2)
    lines[n - 1] = "Sasha talaver"
    _set_text(root, "\n".join(lines))
    return Expect(MPATH, file_line(_meta(root), "speakers:"), ["'Sasha talaver'", "letter case", f"{TPATH}:{n}"])


def t_turn_of_only_bracketed_non_speech(root):
    text = transcript_text(root)
    first = "I’m a drone operator"
    start = text.index(first)
    end = text.index("\n", start)
    _set_text(root, text[:start] + "[inaudible]" + text[end:])
    label_line = text[:start].count("\n") - 1  # the label two lines above the speech
    return Expect(TPATH, label_line, ["no speech"])


def m_absolute_transcript_path(root):
    folder = interview_dir(root)
    edit_file(_meta(root), f"file: {TRANSCRIPT}", f"file: {folder / TRANSCRIPT}")
    return Expect(MPATH, file_line(_meta(root), "  file: /"), ["absolute path"])


def m_boolean_as_paragraph_count(root):
    edit_file(_meta(root), "standfirst_paragraphs: 1", "standfirst_paragraphs: yes")
    return Expect(MPATH, file_line(_meta(root), "standfirst_paragraphs: yes"), ["standfirst_paragraphs", "integer"])


def m_empty_alias(root):
    edit_file(_meta(root), "aliases: []", "aliases: ['']")
    return Expect(MPATH, file_line(_meta(root), "aliases: ['']"), ["aliases"])


def a_waivers_not_a_list(root):
    _ann(root).write_text(_ann(root).read_text(encoding="utf-8") + "waivers: 5\n", encoding="utf-8")
    return Expect(APATH, file_line(_ann(root), "waivers: 5"), ["`waivers` must be a list"])


def a_entities_not_a_list(root):
    edit_file(_ann(root), "    entities:\n      - Kyiv: GPE\n  2:", "    entities: 7\n  2:")
    return Expect(APATH, file_line(_ann(root), "entities: 7"), ["`entities` must be a list"])


def a_empty_surface(root):
    edit_file(_ann(root), "      - Kyiv: GPE\n  2:", "      - '': GPE\n  2:")
    return Expect(APATH, ANN_LINE["turn1_kyiv"], ["cannot read entity entry"])


def a_waiver_for_a_missing_turn(root):
    _ann(root).write_text(
        _ann(root).read_text(encoding="utf-8") + "waivers:\n  - {turn: 999, text: Kyiv, reason: test}\n",
        encoding="utf-8",
    )
    return Expect(APATH, file_line(_ann(root), "turn: 999"), ["waiver for 999", "does not exist"])


CASES: dict[str, Callable[[Path], Expect]] = {
    name: fn for name, fn in list(globals().items()) if re.match(r"^[tmax]_", name) and callable(fn)
}


def _assert_rejected(result: subprocess.CompletedProcess, expect: Expect, before: dict, root: Path) -> None:
    err = result.stderr
    assert result.returncode == 2, f"exit {result.returncode}\nstderr:\n{err}"
    assert "Traceback" not in err and "internal error" not in err, err
    assert expect.file in err, f"{expect.file} not named:\n{err}"
    if expect.line is not None:
        assert f"{expect.file}:{expect.line}:" in err, f"line {expect.line} not named:\n{err}"
    assert "how to fix:" in err, err
    for needle in expect.contains:
        assert needle in err, f"{needle!r} not in:\n{err}"
    assert tree_hashes(root / "dist") == before, "dist/ changed"
    assert not list(root.glob(".dist-build-*")), "a staging folder was left behind"


@pytest.fixture(scope="module")
def rejected(good_project, tmp_path_factory) -> dict:
    """Every case prepared on its own copy, then all builds run a few at a time (they are
    independent subprocesses): case -> (project root, Expect or exception, dist hashes, result)."""
    before = tree_hashes(good_project / "dist")
    prepared = {}
    for case in sorted(CASES):
        root = _copy(good_project, tmp_path_factory.mktemp(case))
        try:
            prepared[case] = (root, CASES[case](root))
        except Exception as exc:  # a broken case fails its own test, not the others
            prepared[case] = (root, exc)

    def run(case):
        root, expect = prepared[case]
        if isinstance(expect, Exception):
            return case, None
        return case, run_cli(root, "build", "--quiet", "--workers", "1")

    with ThreadPoolExecutor(max_workers=min(4, (os.cpu_count() or 1) + 1)) as pool:
        results = dict(pool.map(run, sorted(prepared)))
    return {case: (root, expect, before, results[case]) for case, (root, expect) in prepared.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected(rejected, case):
    root, expect, before, result = rejected[case]
    if isinstance(expect, Exception):
        raise expect
    _assert_rejected(result, expect, before, root)
    if case == "m_python_tag":
        assert not list(root.rglob("pwned")) and not (Path.cwd() / "pwned").exists(), "the YAML tag was executed"


_MAXRSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(rc)\n"
)


def test_50mb_single_line_is_rejected_quickly_in_bounded_memory(good_project, tmp_path):
    root = _copy(good_project, tmp_path)
    before = tree_hashes(root / "dist")
    text = transcript_text(root).rstrip("\n")
    head = (text + "\n\nSasha Talaver\n\n").encode("utf-8")
    line_no = head.count(b"\n") + 1
    digest = hashlib.sha256(head)
    path = interview_dir(root) / TRANSCRIPT
    chunk = b"word " * 200_000  # 1 MB
    with path.open("wb") as fh:
        fh.write(head)
        for _ in range(50):
            fh.write(chunk)
            digest.update(chunk)
        fh.write(b"\n")
        digest.update(b"\n")
    set_recorded_hash(interview_dir(root), digest.hexdigest())
    assert path.stat().st_size > 50_000_000

    rss_file = tmp_path / "maxrss"
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _MAXRSS_WRAPPER,
            str(rss_file),
            *cli_command(root, "build", "--quiet", "--workers", "1"),
        ],
        capture_output=True,
        text=True,
        cwd=root,
        env=cli_env(),
        timeout=120,
    )
    elapsed = time.perf_counter() - start
    _assert_rejected(result, Expect(TPATH, line_no, ["far over the limit", "characters"]), before, root)
    peak_mb = int(rss_file.read_text()) / 1024
    assert elapsed < 20, f"took {elapsed:.1f} s"
    # The interpreter with pyarrow/datasets imported takes ~200 MB; the 50 MB file may be held
    # once as bytes, but never decoded, split into lines or copied several times over.
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"


# --- accepted input: BOM and CRLF ----------------------------------------------------------


def _turns(root: Path) -> list[dict]:
    rows = []
    for p in sorted((root / "dist" / "hf" / "data" / "turns").glob("*.parquet")):
        rows.extend(pq.read_table(p).to_pylist())
    return rows


@pytest.fixture(scope="module")
def multiline_project(good_project, tmp_path_factory) -> Path:
    """The good project with one paragraph broken over two lines (so CRLF matters inside a turn)."""
    root = tmp_path_factory.mktemp("multiline") / "project"
    shutil.copytree(good_project, root)
    text = transcript_text(root)
    sentence = "I’m a drone operator who performs aerial reconnaissance. "
    assert sentence in text
    _set_text(root, text.replace(sentence, sentence.rstrip() + "\n", 1))
    build(root)
    return root


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_are_accepted_with_the_same_turns(multiline_project, tmp_path, variant):
    clean = _turns(multiline_project)
    # the hard line wrap of the fixture is joined in the published text (README, "The published text")
    assert any("aerial reconnaissance. " in row["text"] for row in clean), "the fixture should have a wrapped paragraph"
    root = _copy(multiline_project, tmp_path)
    data = (interview_dir(root) / TRANSCRIPT).read_bytes()
    if "crlf" in variant:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    set_transcript(root, data)
    result = run_cli(root, "build", "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    turns = _turns(root)
    assert [(r["id"], r["speaker"], r["text"], r["entities"], r["topics"]) for r in turns] == [
        (r["id"], r["speaker"], r["text"], r["entities"], r["topics"]) for r in clean
    ]
    decoded = data.decode("utf-8-sig")
    for row in turns:  # offsets count code points of the decoded text after the BOM
        # (the published text joins hard wraps: compare words, not line breaks)
        span = decoded[row["source_start"] : row["source_end"]].split()
        assert span[:12] == row["text"].split()[:12] and span[-3:] == row["text"].split()[-3:]
    if variant == "bom":
        assert [(r["source_start"], r["source_end"]) for r in turns] == [
            (r["source_start"], r["source_end"]) for r in clean
        ]


def test_there_are_at_least_40_bad_input_cases():
    assert len(CASES) + 1 >= 40
