"""Hand-written golden files under tests/readers/<format>/: detection, turns, offsets, skips.

Plus the error cases each reader must report with the right line.
"""

from __future__ import annotations

import bisect
import html as htmllib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from interview_dataset.readers import (
    MIN_CONFIDENCE,
    READERS,
    ReaderOptions,
    TranscriptFormatError,
    detect_format,
    format_scores,
    read_transcript,
)
from interview_dataset.readers.base import join_paragraphs
from interview_dataset.readers.grammars.bold import unescape

# the named formats (container + grammar) as readers
article = READERS["article"]
html = READERS["html"]
inline = READERS["inline"]
markdown = READERS["markdown"]
qa = READERS["qa"]
srt = READERS["srt"]
webvtt = READERS["webvtt"]
whisperx = READERS["whisperx"]

FIXTURES = Path(__file__).parent
ARTICLE_SEED = Path(__file__).resolve().parents[2] / "raw" / "bilous-talaver-2026" / "000_e6669b1306f91eec.txt"


def load(name: str) -> str:
    # newline="" keeps CRLF as written: offsets are into the text exactly as decoded
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


# name -> expectations. `speakers` is the exact sequence; `texts` maps a turn index to
# (first words, last words) or to the full text (str); `seconds` lists (start, end) per turn;
# `skipped` is the full list of (line, reason); `preamble` the preamble block texts.
CASES: dict[str, dict] = {
    "inline/press_remarks.txt": dict(
        format="inline",
        speakers=["THE PRESIDENT", "DR. STOKES", "DR. STOKES", "Mr. LIMAN", "Senator WARREN"],
        texts={
            0: "Thank you. Please, sit down. Note: the ribbon is already cut.\n"
            "We began at 10:30 sharp, and the details are "
            'at https://example.org/library:opening.\n\nThat is why the building matters. He said: "Open every door."',
            1: ("Thank you, Mr.", "forty thousand books."),
            2: "And one more thing: the children's wing opens in June.",
            3: "We are grateful to the volunteers.",
        },
        lines=[7, 14, 16, 18, 19],
        skipped=[(12, "standalone non-speech annotation"), (21, "end-of-transcript marker")],
        preamble=[
            "THE WHITE HOUSE\nOffice of the Press Secretary",
            "Remarks at the Community Library Opening\nRiverside, 10:30 A.M. EDT",
        ],
    ),
    "inline/hearing.txt": dict(
        format="inline",
        speakers=["Senator WARREN", "Mr. LIMAN", "Mr. LIMAN", "Senator WARREN", "Mr. LIMAN", "Senator WARREN"],
        texts={
            0: "The subcommittee will come to order. We will hear from the\ndirector of the regional water authority.",
            4: "Eleven of the forty-two.\n\nFour of them are older than the authority itself.",
            5: ("Thank you.", "stand adjourned."),
        },
        skipped=[
            (9, "standalone non-speech annotation"),
            (19, "standalone non-speech annotation"),
            (23, "copyright footer"),
        ],
        preamble=["HEARING BEFORE THE SUBCOMMITTEE ON PUBLIC WORKS\nTuesday, March 4"],
    ),
    "hearing/committee.txt": dict(
        format="hearing",
        speakers=["The CHAIRMAN", "Mr. GARCIA of Illinois", "The CHAIRMAN", "Senator WARREN", "Ms. O'CONNOR"],
        texts={
            0: "The committee will come to order. Mr. Garcia agreed to testify\ntoday, and we thank him.",
            3: "One question: when? The hearing notice said 10:30.\n\n"
            "A second paragraph from the Senator, which continues her turn.",
            4: "Thank you.",
        },
        lines=[4, 7, 11, 13, 17],
        skipped=[(9, "standalone non-speech annotation"), (19, "standalone non-speech annotation")],
        preamble=["HEARING BEFORE THE COMMITTEE ON PUBLIC LIBRARIES\nTUESDAY, MARCH 3, 2020"],
    ),
    "hearing/markup.txt": dict(
        format="hearing",
        speakers=["Chairwoman LEE", "The CLERK", "Chairwoman LEE", "Dr. STOKES", "Chairwoman LEE"],
        texts={2: "Without objection. Dr. STOKES.", 3: ("I move to strike", "are my subject.")},
        lines=[3, 5, 7, 9, 12],
        skipped=[(13, "end-of-transcript marker")],
        preamble=["MARKUP OF H.R. 1234"],
    ),
    "inline/npr_roles.txt": dict(
        format="inline",
        speakers=[
            "RACHEL OKAFOR, HOST",
            "RACHEL OKAFOR, HOST",
            "TOMAS LINDQVIST, BYLINE",
            "DANIELA FUENTES",
            "TOMAS LINDQVIST, BYLINE",
            "UNIDENTIFIED PERSON",
            "RACHEL OKAFOR, HOST",
        ],
        texts={3: "We start at five. By ten: it is too hot.", 6: "Tomas Lindqvist reporting."},
        skipped=[(5, "standalone non-speech annotation")],
        preamble=["Weekend Edition: Harvest season on the river"],
    ),
    "inline/podcast_crlf_bom.txt": dict(
        format="inline",
        speakers=["Ana Ruiz", "Ben Okafor", "Ana Ruiz", "Ben Okafor", "Ana Ruiz", "Ben Okafor"],
        texts={
            0: ("Welcome to", "small workshops."),
            3: "In a garage, like everybody.\nParis: that was the plan at first, but rent was too high.",
        },
        skipped=[],
        preamble=["Episode 7 - Small Workshops\r\nRecorded in Lisbon"],
    ),
    "qa/oral_history.txt": dict(
        format="qa",
        speakers=["Q", "A", "Q", "A", "Q", "A"],
        texts={
            1: "In a mill town on the river. My father repaired looms.\n\n"
            "We moved when I was nine: the mill closed that winter.",
            5: "Once, in 1988. The mill was a museum by then.",
        },
        lines=[5, 7, 11, 13, 15, 16],
        skipped=[(18, "standalone non-speech annotation")],
        preamble=["Oral history interview with Marta Kowalczyk\nInterviewer: J. Osei\nDate: 12 May 2019"],
    ),
    "qa/press_briefing.txt": dict(
        format="qa",
        speakers=["MS. ALVAREZ", "Q", "MS. ALVAREZ", "Q", "THE PRESIDENT", "Q", "THE PRESIDENT"],
        texts={
            0: ("Good afternoon,", "through next year."),
            1: "Thank you. On the bridge program, how many states applied?",
            5: "Mr. President, one more on the timeline --",
            6: "April. (Laughter.)",
        },
        skipped=[(6, "time stamp"), (24, "end-of-transcript marker")],
        preamble=[
            "THE WHITE HOUSE\nOffice of the Press Secretary",
            "PRESS BRIEFING\nJames Briefing Room",
        ],
    ),
    "qa/deposition.txt": dict(
        format="qa",
        speakers=["Q", "A", "Q", "MR. HALE", "A", "Q", "A", "THE WITNESS"],
        texts={
            0: "Please state your name for the record.",
            3: "Objection. Vague as to time.",
            4: "Yes, from March until December.",
        },
        skipped=[
            (4, "examining-attorney line (BY ...:)"),
            (14, "standalone non-speech annotation"),
            (18, "examining-attorney line (BY ...:)"),
        ],
        preamble=["DEPOSITION OF PAUL ADEYEMI\nTaken at the offices of Example & Partners"],
        notes=["2 `BY ...:` line(s)"],
    ),
    "markdown/show_notes.md": dict(
        format="markdown",
        speakers=["Ana Ruiz", "Ben Okafor", "Ana Ruiz", "Ben Okafor", "Ben Okafor"],
        texts={
            0: "[00:00:05] Welcome back. Prices for compost fell 10% *again* this spring.\n\n"
            "Unlabelled paragraphs continue the turn [as this one does].",
            1: "(00:41) Thanks for having me. My file is called soil_notes_v2.",
            2: "[00:12:30] We are back. What surprised you?",
            4: "And the smell, which is much milder than people think.",  # emphasis rendered
        },
        skipped=[
            (1, "front matter"),
            (2, "front matter"),
            (3, "front matter"),
            (4, "front matter"),
            (5, "front matter"),
            (17, "break marker"),
        ],
        preamble=["# Episode 12: Soil", "A conversation about compost, recorded in the studio."],
    ),
    "markdown/otter_export.md": dict(
        format="markdown",
        speakers=["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2", "Speaker 1"],
        texts={3: "Most do. We lost two colonies last year.\n\nThe cold was not the problem: it was the damp."},
        skipped=[
            (9, "heading"),
            (11, "editorial note, not speech"),
            (15, "horizontal rule"),
            (21, "standalone non-speech annotation"),
        ],
        preamble=["# Interview with a beekeeper", "Transcript exported on 3 June."],
    ),
    "webvtt/voices_hours.vtt": dict(
        format="webvtt",
        speakers=["Ana Ruiz", "Ben Okafor", "Ana Ruiz"],
        texts={
            0: "Welcome back to the workshop hour. Today: tools & tea.",
            1: "Thanks, Ana. It is good to be here.",
            2: "Let us begin.",
        },
        seconds=[(1.0, 6.0), (6.5, 9.0), (9.0, 12.75)],
        skipped=[
            (1, "WEBVTT header"),
            (2, "WEBVTT header"),
            (3, "WEBVTT header"),
            (5, "NOTE block"),
            (6, "NOTE block"),
            (8, "STYLE block"),
            (9, "STYLE block"),
            (11, "cue id"),
            (12, "cue timing"),
            (15, "cue id"),
            (16, "cue timing"),
            (19, "cue timing"),
            (23, "cue timing"),
        ],
    ),
    "webvtt/voices_nohours.vtt": dict(
        format="webvtt",
        speakers=["Mara Lind", "Jonas Berg", "Mara Lind", "Jonas Berg"],
        texts={
            0: "Is the kiln hot yet?",
            1: "Almost. Give it ten minutes.",
            2: "Ten minutes, then.",
            3: "Yes. Pots go in after lunch.",
        },
        seconds=[(1.0, 3.0), (3.0, 7.0), (8.0, 10.25), (8.0, 72.0)],
        skipped=[
            (1, "WEBVTT header"),
            (3, "REGION block"),
            (4, "REGION block"),
            (5, "REGION block"),
            (7, "cue timing"),
            (10, "cue timing"),
            (13, "cue timing"),
            (16, "cue timing"),
            (17, "standalone non-speech annotation"),
            (19, "cue timing"),
            (23, "cue timing"),
        ],
        notes=["2 cue(s) without a speaker"],
    ),
    "webvtt/whisperx_prefix.vtt": dict(
        format="webvtt",
        speakers=["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"],
        texts={0: "Good morning, how are you?", 1: "Fine, thanks. The weather is lovely.", 2: "It is."},
        seconds=[(0.031, 2.5), (2.5, 6.9), (6.9, 8.0)],
        skipped=[(1, "WEBVTT header"), (3, "cue timing"), (6, "cue timing"), (9, "cue timing"), (12, "cue timing")],
    ),
    "srt/named.srt": dict(
        format="srt",
        speakers=["ANA RUIZ", "BEN OKAFOR", "ANA RUIZ", "BEN OKAFOR"],
        texts={
            0: "Welcome back. We have a guest today. It is a pleasure.",
            1: "Thank you, Ana.",
            2: "Shall we start?",
            3: "Let us start. The first question is about clay.",
        },
        seconds=[(1.0, 5.5), (5.5, 7.0), (8.0, 10.0), (8.0, 12.5)],
        lines=[3, 12, 20, 21],
        skipped=[
            (1, "cue counter"),
            (2, "cue timing"),
            (6, "cue counter"),
            (7, "cue timing"),
            (10, "cue counter"),
            (11, "cue timing"),
            (14, "cue counter"),
            (15, "cue timing"),
            (16, "standalone non-speech annotation"),
            (18, "cue counter"),
            (19, "cue timing"),
            (23, "cue counter"),
            (24, "cue timing"),
        ],
        notes=["2 cue(s) without a speaker"],
    ),
    "srt/whisperx_crlf_bom.srt": dict(
        format="srt",
        speakers=["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"],
        texts={1: "Fine, thanks. The weather is lovely, café included."},
        seconds=[(0.031, 2.5), (2.5, 6.9), (6.9, 8.0)],
        skipped=[
            (1, "cue counter"),
            (2, "cue timing"),
            (5, "cue counter"),
            (6, "cue timing"),
            (9, "cue counter"),
            (10, "cue timing"),
            (13, "cue counter"),
            (14, "cue timing"),
        ],
    ),
    "whisperx/diarized.json": dict(
        format="whisperx",
        speakers=["SPEAKER_00", "SPEAKER_01", "SPEAKER_00", "SPEAKER_01"],
        texts={
            0: "Okay, we are recording. Thanks for coming in today. Can you tell us about the garden?",
            1: "Sure. It started as a parking lot. Mm-hmm. Then the neighbours brought soil.",
            3: "Thirty-two.",
        },
        seconds=[(0.031, 7.25), (7.8, 15.9), (16.2, 18.0), (18.3, 20.75)],
        skipped=[],
        notes=["2 segment(s) without a speaker"],
    ),
    "whisperx/escaped_unicode.json": dict(
        format="whisperx",
        speakers=["SPEAKER_01", "SPEAKER_00", "SPEAKER_01"],
        texts={0: "Bonjour, ça va ?", 1: "Très bien, merci — et toi ?", 2: '"Super", dit-elle.'},
        seconds=[(0.5, 2.0), (2.1, 4.0), (4.0, 5.5)],
        skipped=[(1, "segment with empty text")],
        notes=["1 segment(s) have words from more than one speaker"],
    ),
    "html/strong_labels.html": dict(
        format="html",
        speakers=["ANA RUIZ", "Ben Okafor", "ANA RUIZ", "Ben Okafor"],
        texts={
            0: "Welcome back\u00a0— it’s been a while.\n\nThis paragraph has no label, so it continues Ana’s turn.",
            1: "Thanks. My favourite tool is a 10:30 alarm.",
            3: "It ends the day on time.",
        },
        lines=[13, 16, 18, 19],
        skipped=[
            (5, "page title"),
            (6, "<style> element removed"),
            (7, "<script> element removed"),
            (10, "<nav> element removed"),
            (17, "standalone non-speech annotation"),
            (20, "<footer> element removed"),
        ],
        preamble=[
            "Workshop Talk: Small Tools",
            "Ana Ruiz spoke with Ben Okafor about small tools & big ideas.",
        ],
    ),
    "html/cite_speaker_class.html": dict(
        format="html",
        speakers=["Mara Lind", "Jonas Berg", "Mara Lind", "Jonas Berg"],
        texts={
            0: "Is the kiln hot yet?\nIt has been an hour.\n\nI can feel it from here.",
            1: "Almost <900°C> by the gauge.",
            2: "Then we wait.",
            3: "We wait.",
        },
        lines=[2, 7, 10, 11],
        skipped=[],
        preamble=[],
    ),
}

LINE_FORMATS = {"inline", "qa", "markdown", "webvtt", "srt"}


def _line_starts(text: str) -> list[int]:
    starts, offset = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(offset)
        offset += len(line)
    return starts or [0]


def source_view(fmt: str, raw: str) -> str:
    """The source slice as a reader of that format sees it: markup and escapes removed."""
    if fmt in {"html", "webvtt", "srt"}:
        raw = htmllib.unescape(re.sub(r"<[^>]*>", "", raw))
    if fmt == "markdown":
        raw = unescape(raw)
    if fmt == "whisperx":
        raw = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw).replace('\\"', '"')
    return raw


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request):
    name = request.param
    text = load(name)
    expected = CASES[name]
    return name, text, expected, READERS[expected["format"]].read(text)


def test_every_fixture_is_on_disk():
    """These cases check skipped lines, offsets and preambles of golden files in tests/readers/
    (their turns are checked by tests/readers/test_golden.py)."""
    on_disk = {str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*/*") if p.parent.name != "ambiguous"}
    assert set(CASES) <= on_disk


def test_detected_as_its_own_format_with_margin(case):
    name, text, expected, _ = case
    assert detect_format(text) == expected["format"]
    # the detector's candidates: the expected reading scores best (or ties with one it specialises or
    # agrees with, which detection resolved above), and it is confident
    scores = dict((fmt, s) for s, fmt in reversed(format_scores(text)))
    assert scores[detect_format(text)] == max(scores.values()) >= MIN_CONFIDENCE


def test_turns_and_speakers(case):
    name, text, expected, parsed = case
    assert parsed.format == expected["format"]
    assert [s.speaker for s in parsed.segments] == expected["speakers"]
    assert len(parsed.segments) == len(expected["speakers"])
    for index, want in expected["texts"].items():
        got = parsed.segments[index].text
        if isinstance(want, str):
            assert got == published(want)
        else:
            assert got.startswith(published(want[0])) and got.endswith(published(want[1])), got
    if "lines" in expected:
        assert [s.line for s in parsed.segments] == expected["lines"]
    for note in expected.get("notes", []):
        assert any(note in n for n in parsed.notes), parsed.notes


def published(text: str) -> str:
    """The expected text as published: hard line wraps joined, paragraphs kept (base.join_paragraphs)."""
    return join_paragraphs(text.split("\n\n"))


def test_texts_are_normalised(case):
    _, _, _, parsed = case
    for seg in parsed.segments:
        assert seg.text == unicodedata.normalize("NFC", seg.text).strip()
        assert seg.text and "\n\n\n" not in seg.text


def test_seconds(case):
    _, _, expected, parsed = case
    got = [(s.start_seconds, s.end_seconds) for s in parsed.segments]
    if "seconds" in expected:
        assert [t for pair in got for t in pair] == pytest.approx([t for pair in expected["seconds"] for t in pair])
    else:
        assert all(pair == (None, None) for pair in got)


def test_skipped_lines_and_reasons(case):
    _, _, expected, parsed = case
    assert [(s.line, s.reason) for s in parsed.skipped] == expected["skipped"]
    if "preamble" in expected:
        assert [b.text for b in parsed.preamble] == expected["preamble"]


def test_offsets_bracket_each_turn(case):
    _, text, expected, parsed = case
    fmt = expected["format"]
    previous_end = 0
    for seg in parsed.segments:
        assert 0 <= seg.source_start < seg.source_end <= len(text)
        assert seg.source_start >= previous_end, "turns are in source order and do not overlap"
        previous_end = seg.source_end
        view = source_view(fmt, text[seg.source_start : seg.source_end]).split()
        words = seg.text.split()
        assert view[0] == words[0] and view[-1] == words[-1], (seg.text, text[seg.source_start : seg.source_end])
    for block in parsed.preamble:
        assert 0 <= block.start < block.end <= len(text)
        if fmt != "html":
            assert text[block.start : block.end] == block.text


@pytest.mark.parametrize("name", sorted(n for n, e in CASES.items() if e["format"] in LINE_FORMATS))
def test_every_nonblank_line_lands_in_exactly_one_place(name):
    text = load(name)
    parsed = READERS[CASES[name]["format"]].read(text)
    starts = _line_starts(text)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    skipped = [s.line for s in parsed.skipped]
    assert len(skipped) == len(set(skipped)), "a line is skipped twice"
    owner: dict[int, str] = {line: "skipped" for line in skipped}
    for block in parsed.preamble:
        for line in range(line_of(block.start), line_of(block.end - 1) + 1):
            assert line not in owner, f"line {line} in the preamble and {owner.get(line)}"
            owner[line] = "preamble"
    for index, seg in enumerate(parsed.segments):
        for line in range(min(seg.line, line_of(seg.source_start)), line_of(seg.source_end - 1) + 1):
            if owner.get(line) == "skipped" or not text.splitlines()[line - 1].strip():
                continue
            assert line not in owner, f"line {line} in turn {index} and {owner[line]}"
            owner[line] = f"turn {index}"
    nonblank = {n for n, line in enumerate(text.splitlines(), start=1) if line.strip()}
    owner = {line: where for line, where in owner.items() if line in nonblank}  # blank lines inside a turn are fine
    assert nonblank == set(owner), (
        f"unaccounted: {sorted(nonblank - set(owner))}, blank but claimed: {sorted(set(owner) - nonblank)}"
    )


# --- detection -----------------------------------------------------------------------------


def test_article_seed_still_detected_as_article():
    assert detect_format(ARTICLE_SEED.read_text(encoding="utf-8")) == "article"


def test_ambiguous_fixture_is_refused():
    text = load("ambiguous/mixed_layout.txt")
    with pytest.raises(TranscriptFormatError) as err:
        detect_format(text)
    assert "refuses to guess" in err.value.message
    assert "article" in err.value.message and "inline" in err.value.message
    # only plausible candidates are listed, each with its score and the option that selects it
    assert "--format article" in err.value.hint and "0.00" not in err.value.message
    assert {c[0] for c in err.value.candidates} == {"article", "inline"}
    # ...while an explicit format reads it
    assert [s.speaker for s in read_transcript(text, "inline").segments] == ["ALICE MOREAU", "BRUNO KELLER"] * 4


def test_all_readers_registered():
    assert set(READERS) == {
        "article",
        "inline",
        "hearing",
        "speaker-lines",
        "qa",
        "markdown",
        "webvtt",
        "srt",
        "whisperx",
        "html",
        "court",
        "timestamped",
        "sbv",
        "ttml",
    }
    for name, module in READERS.items():
        assert module.NAME == name and module.DESCRIPTION


def test_plain_prose_is_not_confidently_anything():
    prose = "It rained all week.\n\nThe river rose: at 10:30 it reached the bridge.\n\nNobody was hurt.\n"
    with pytest.raises(TranscriptFormatError, match="cannot tell"):
        detect_format(prose)


# --- options -------------------------------------------------------------------------------


def test_declared_labels_give_the_same_turns():
    text = load("inline/press_remarks.txt")
    declared = frozenset({"THE PRESIDENT", "DR. STOKES", "Mr. LIMAN", "Senator WARREN"})
    assert inline.read(text, ReaderOptions(speaker_labels=declared)).segments == inline.read(text).segments


def test_declared_weak_label_is_a_label_only_when_declared():
    text = "Ana Ruiz: Hello there.\n\nBen Okafor: Hi.\n\nAna Ruiz: Bye.\n"
    parsed = inline.read(text, ReaderOptions(speaker_labels=frozenset({"Ana Ruiz", "Ben Okafor"})))
    assert [s.speaker for s in parsed.segments] == ["Ana Ruiz", "Ben Okafor", "Ana Ruiz"]


def test_boilerplate_lines_are_skipped():
    text = load("inline/press_remarks.txt")
    parsed = inline.read(text, ReaderOptions(boilerplate=frozenset({"Office of the Press Secretary"})))
    assert (2, "declared boilerplate") in [(s.line, s.reason) for s in parsed.skipped]
    assert parsed.preamble[0].text == "THE WHITE HOUSE"


def test_html_undeclared_strong_label_is_an_error():
    text = load("html/strong_labels.html")
    with pytest.raises(TranscriptFormatError) as err:
        html.read(text, ReaderOptions(speaker_labels=frozenset({"ANA RUIZ"})))
    assert err.value.line == 16 and "aliases" in err.value.hint


def test_qa_labels_must_be_declared_too():
    text = load("qa/oral_history.txt")
    with pytest.raises(TranscriptFormatError) as err:
        qa.read(text, ReaderOptions(speaker_labels=frozenset({"Q"})))
    assert err.value.line == 7 and "'A'" in err.value.message
    assert qa.read(text, ReaderOptions(speaker_labels=frozenset({"Q", "A"}))).segments == qa.read(text).segments


def test_webvtt_undeclared_voice_is_an_error():
    text = load("webvtt/voices_hours.vtt")
    with pytest.raises(TranscriptFormatError) as err:
        webvtt.read(text, ReaderOptions(speaker_labels=frozenset({"Ana Ruiz"})))
    assert err.value.line == 20 and "aliases" in err.value.hint


def test_whisperx_undeclared_speaker_is_an_error():
    text = load("whisperx/diarized.json")
    with pytest.raises(TranscriptFormatError) as err:
        whisperx.read(text, ReaderOptions(speaker_labels=frozenset({"SPEAKER_00"})))
    assert err.value.line == 137


# --- errors --------------------------------------------------------------------------------

ERRORS = [
    # (reader, text, options, line, message fragment)
    (inline, "ALICE: Hello.\nBOB:\nALICE: Again.\n", None, 2, "no speech"),
    (inline, "ALICE: Hello.\n\nBOB:\n\n(LAUGHTER)\n", None, 3, "no speech"),
    (inline, "Title\n\nALICE: Hello.\n\nBOB: Hi.\n\nALICE: Bye.\n", {"ALICE", "BOB", "CAROL"}, None, None),
    (inline, "ALICE: Hello.\n\nBOBB: Hi.\n", {"ALICE", "BOB"}, 3, "'BOBB'"),
    (inline, "Just prose.\n\nNo labels at all.\n", None, None, "no speaker turns"),
    (qa, "Q: Where were you?\nA:\nQ: Sorry?\n", None, 2, "no speech"),
    (qa, "Q: Where?\n\nA: Here.\n\nTHE WITNES: Yes.\n", {"Q", "A", "THE WITNESS"}, 5, "'THE WITNES'"),
    (markdown, "---\ntitle: x\n\n**Ana:** Hi.\n", None, 1, "front matter"),
    (markdown, "**Ana Ruiz:** Hi.\n\n**Ben Okfor:** Hello.\n", {"Ana Ruiz", "Ben Okafor"}, 3, "'Ben Okfor'"),
    (markdown, "**Ana Ruiz:**\n\n**Ben Okafor:** Hello.\n", None, 1, "no speech"),
    (webvtt, "00:01.000 --> 00:02.000\n<v A>Hi\n", None, 1, "WEBVTT"),
    (
        webvtt,
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi\n\n00:02.00 --> 00:03:75.000\n<v Ben>Hello\n",
        None,
        6,
        "malformed cue timing",
    ),
    (webvtt, "WEBVTT\n\n00:05.000 --> 00:02.000\n<v Ana>Hi\n", None, 3, "before it starts"),
    (webvtt, "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi\n\nstray text\n", None, 6, "no cue timing line"),
    (webvtt, "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", None, 4, "names its speaker"),
    (webvtt, "WEBVTT\n00:01.000 --> 00:02.000\n<v Ana>Hi\n", None, 2, "header"),
    (
        srt,
        "1\n00:00:01,000 --> 00:00:02,000\nANA: Hi.\n\n2\n00:00:02,000 -> 00:00:03,000\nBEN: Hello.\n",
        None,
        6,
        "no timing line",
    ),
    (
        srt,
        "1\n00:00:01,000 --> 00:00:02,000\nANA: Hi.\n\n2\n00:00:02 --> 00:00:03,000\nBEN: Hello.\n",
        None,
        6,
        "malformed cue timing",
    ),
    (srt, "1\n00:00:03,000 --> 00:00:02,000\nANA: Hi.\n", None, 2, "before it starts"),
    (srt, "Hello there\n\n1\n00:00:01,000 --> 00:00:02,000\nANA: Hi.\n", None, 1, "expected a cue counter"),
    (
        srt,
        "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 --> 00:00:03,000\nHello.\n",
        None,
        3,
        "names its speaker",
    ),
    (
        srt,
        "1\n00:00:01,000 --> 00:00:02,000\nANA: Hi.\n\n2\n00:00:02,000 --> 00:00:03,000\nBOB: Hi.\n",
        {"ANA", "BEN"},
        7,
        "'BOB'",
    ),
    (
        whisperx,
        '{"segments": [\n  {"start": 0, "end": 1, "text": " Hi", "speaker": "S1"}\n  {"start": 1}\n]}',
        None,
        3,
        "malformed JSON",
    ),
    (whisperx, '{"segments": [\n{"start": 0, "end": 1, "text": " Hi"}\n]}', None, 2, "names its speaker"),
    (
        whisperx,
        '{"segments": [\n{"start": 0, "end": 1, "text": " Hi", "speaker": "A"},\n'
        '{"start": "x", "end": 1, "text": " Yo"}\n]}',
        None,
        3,
        "non-numeric",
    ),
    (whisperx, '{"language": "en"}', None, 1, "no `segments`"),
    (whisperx, '{"segments": [\n{"start": 0, "end": 1, "speaker": "A"}\n]}', None, 2, "no `text`"),
    (html, "<p><strong>ANA:</strong></p>\n<p><strong>BEN:</strong> Hi.</p>\n", None, 1, "no speech"),
    (html, "<p>Just a page.</p>\n<p>Nothing else.</p>\n", None, None, "no speaker turns"),
]


@pytest.mark.parametrize(
    "reader, text, declared, line, fragment", ERRORS, ids=[f"{r.NAME}-{i}" for i, (r, *_rest) in enumerate(ERRORS)]
)
def test_errors_name_the_line(reader, text, declared, line, fragment):
    options = ReaderOptions(speaker_labels=frozenset(declared) if declared is not None else None)
    if fragment is None:  # not an error: a declared speaker may simply not speak
        assert reader.read(text, options).segments
        return
    with pytest.raises(TranscriptFormatError) as err:
        reader.read(text, options)
    assert fragment in err.value.message
    assert err.value.line == line
    assert err.value.hint


def test_malformed_fixture_json_reports_its_line():
    text = load("whisperx/diarized.json").splitlines(keepends=True)
    broken_line = next(i for i, line in enumerate(text) if '"speaker": "SPEAKER_01"' in line)
    text[broken_line] = text[broken_line].replace('"speaker":', '"speaker"')
    with pytest.raises(TranscriptFormatError) as err:
        whisperx.read("".join(text))
    assert err.value.line == broken_line + 1 and "malformed JSON" in err.value.message


# A label always starts a new turn but subtitles merge: golden files inline/same_label_twice,
# qa/same_label_twice, webvtt/same_voice_merges. The article contract: article/name_lines_recur. Voice
# classes and timing forms: webvtt/voice_classes_*. An inline file opening with a bracket: detected/.


def test_whisperx_offsets_point_into_raw_json():
    text = load("whisperx/escaped_unicode.json")
    seg = whisperx.read(text).segments[1]
    assert text[seg.source_start : seg.source_end] == "Tr\\u00e8s bien, merci \\u2014 et toi ?"
    assert json.loads('"' + text[seg.source_start : seg.source_end] + '"') == seg.text


def test_vtt_several_voices_on_one_line_markup_only_lines_and_boilerplate():
    vtt = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi</v> <v Ben>Yo</v>\n<v Ana></v>\nthanks\n\n"
        "00:02.000 --> 00:03.000\n<v Cy>Subtitles by Example\n"
    )
    parsed = webvtt.read(vtt, ReaderOptions(boilerplate=frozenset({"Subtitles by Example"})))
    assert [(s.speaker, s.text) for s in parsed.segments] == [("Ana", "Hi"), ("Ben", "Yo thanks")]
    assert [(s.line, s.reason) for s in parsed.skipped if s.reason not in {"cue timing", "WEBVTT header"}] == [
        (5, "markup without text"),
        (9, "declared boilerplate"),
    ]


def test_srt_prefix_without_text_is_skipped():
    # turns: golden file srt/prefix_without_text; here the reason it is skipped
    parsed = srt.read(load("srt/prefix_without_text.srt"))
    assert (3, "speaker prefix without text") in [(s.line, s.reason) for s in parsed.skipped]


def test_whisperx_unpaired_surrogate_is_noted():
    # the text (U+FFFD): golden file whisperx/unpaired_surrogate; here the note that says so
    parsed = whisperx.read(load("whisperx/unpaired_surrogate.json"))
    assert any("U+FFFD" in note for note in parsed.notes)


def test_bom_before_the_first_label():
    # article.py fix: a BOM glued to the first name line used to hide that label
    text = (
        "\ufeffSasha Talaver\n\nHi there.\n\nTaras Bilous\n\nHello.\n\nSasha Talaver\n\nBye.\n\nTaras Bilous\n\nBye.\n"
    )
    assert [s.speaker for s in article.read(text).segments] == ["Sasha Talaver", "Taras Bilous"] * 2
    assert html.read("\ufeff<p><b>ANA:</b> Hi.</p>").preamble == []
