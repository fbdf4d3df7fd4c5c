"""The article reader and the compile stage on the seed interview."""

from __future__ import annotations

import pytest
from conftest import REPO, SEED, SEED_ID

from interview_dataset.compile import compile_interview
from interview_dataset.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def compiled():
    taxonomy, _ = load_taxonomy(REPO / "raw")
    return compile_interview(REPO / "raw" / SEED_ID, taxonomy)


def test_raw_transcript_is_byte_identical_to_the_seed():
    assert (REPO / "raw" / SEED_ID / SEED.name).read_bytes() == SEED.read_bytes()


def test_48_turns_alternating_interviewer_and_interviewee(compiled):
    turns = compiled.turns
    assert len(turns) == 48
    assert [t.speaker for t in turns] == ["Sasha Talaver", "Taras Bilous"] * 24
    assert [t.speaker_role for t in turns] == ["interviewer", "interviewee"] * 24
    assert [t.turn_index for t in turns] == list(range(48))
    assert turns[0].id == f"{SEED_ID}-000" and turns[47].id == f"{SEED_ID}-047"


@pytest.mark.parametrize(
    "index, first, last",
    [
        (0, "You’ve been in the army", "How are you feeling?"),
        (1, "I’m a drone operator", "my leave is coming to an end."),
        (3, "It has finally started to warm up", "communication is stable."),
        (46, "Last question: What conclusion", "Trump’s first year in office?"),
        (47, "There could be many conclusions.", "not to reward the aggressor."),
    ],
)
def test_turn_text_first_and_last_words(compiled, index, first, last):
    text = compiled.turns[index].text
    assert text.startswith(first)
    assert text.endswith(last)


def test_paragraphs_joined_with_blank_line_and_quirks_kept(compiled):
    turn3 = compiled.turns[3].text
    assert "\n\n" in turn3 and "\n\n\n" not in turn3
    everything = "\n".join(t.text for t in compiled.turns)
    assert "HIMARS [M142 High Mobility Artillery Rocket System]" in everything
    assert ". . ." in everything
    assert "“" in everything and "’" in everything and "—" in everything


def test_interview_level_matter(compiled):
    iv = compiled.interview
    assert iv.standfirst.startswith("Four years into Russia’s invasion")
    assert iv.caption.endswith("(Courtesy of Polina Davydenko)")
    assert iv.introduction.startswith("Today marks four years since Russia launched")
    assert iv.introduction.count("\n\n") == 1  # two introduction paragraphs (lines 6 and 8)
    assert "In an interview with Sasha Talaver" in iv.introduction
    assert iv.num_turns == 48
    assert str(iv.date) == "2026-02-24"
    assert iv.publisher is None  # unknown, not guessed


def test_boilerplate_dropped_only_because_declared(compiled):
    assert compiled.dropped_lines == [(258, "Leave A Comment", "declared boilerplate")]
    assert all("Leave A Comment" not in t.text for t in compiled.turns)


def test_every_non_blank_line_is_accounted_for(compiled):
    text = SEED.read_text(encoding="utf-8")
    iv = compiled.interview
    places = [t.text for t in compiled.turns] + [iv.standfirst, iv.caption, iv.introduction]
    labels = {"Sasha Talaver", "Taras Bilous"}
    dropped = {line_text for _, line_text, _ in compiled.dropped_lines}
    for line in text.splitlines():
        line = line.strip()
        if not line or line in labels or line in dropped:
            continue
        assert any(line in place for place in places), line


def test_source_spans_slice_back_to_the_turn_text(compiled):
    text = SEED.read_text(encoding="utf-8")
    for turn in compiled.turns:
        assert text[turn.source_start : turn.source_end] == turn.text
    spans = [(t.source_start, t.source_end) for t in compiled.turns]
    assert spans == sorted(spans)
