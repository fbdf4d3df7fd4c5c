"""Tool exports beyond the golden turns: which array the JSON container reads, exact offsets into
the raw JSON, the time-unit rule, and the refusal of JSON without speakers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_dataset.readers import READERS, TranscriptFormatError, detect_reading, read_transcript

HERE = Path(__file__).resolve().parent
JSON_FILES = sorted((HERE / "json").glob("*.json"))


def load(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", JSON_FILES, ids=[p.stem for p in JSON_FILES])
def test_asr_json_is_detected_as_json(path):
    reading = detect_reading(load(path))
    assert (reading.container, reading.grammar) == ("json", "cue")


@pytest.mark.parametrize("path", JSON_FILES, ids=[p.stem for p in JSON_FILES])
def test_offsets_bracket_the_text_literals(path):
    text = load(path)
    for seg in read_transcript(text).segments:
        span = text[seg.source_start : seg.source_end]
        words = seg.text.split()
        # the span starts with the turn's first word and ends with its last character, as written
        assert span.startswith(words[0]) and span.endswith(seg.text[-1])


def test_single_literal_offsets_decode_to_the_text():
    text = load(HERE / "json" / "assemblyai_utterances_ms.json")
    for seg in read_transcript(text).segments:
        assert json.loads('"' + text[seg.source_start : seg.source_end] + '"') == seg.text


def test_utterances_are_preferred_to_words_and_the_choice_is_noted():
    parsed = READERS["whisperx"].read(load(HERE / "json" / "assemblyai_utterances_ms.json"))
    assert "read the 2 utterances of `utterances`" in parsed.notes
    assert any("milliseconds" in n for n in parsed.notes)


def test_seconds_stay_seconds_when_integral():
    # integral times at a speaking rate of seconds are not taken for milliseconds
    doc = {"segments": [{"speaker": "A", "start": 0, "end": 3, "text": "one two three four five six"}] * 2}
    parsed = READERS["whisperx"].read(json.dumps(doc))
    assert parsed.segments[0].start_seconds == 0 and parsed.segments[0].end_seconds == 3
    assert not any("milliseconds" in n for n in parsed.notes)


@pytest.mark.parametrize(
    "value, seconds",
    [("2.5", 2.5), ("2.500s", 2.5), ("PT1M2.5S", 62.5), ("00:01:02.5", 62.5), ("01:02,5", 62.5)],
)
def test_string_times(value, seconds):
    doc = {"segments": [{"speaker": "A", "start": value, "text": "Hello there."}]}
    assert READERS["whisperx"].read(json.dumps(doc)).segments[0].start_seconds == pytest.approx(seconds)


def test_bad_string_time_names_the_object_and_key():
    doc = '{"utterances": [\n{"speaker": "A", "start": "soon", "text": "Hi."}\n]}'
    with pytest.raises(TranscriptFormatError) as err:
        READERS["whisperx"].read(doc)
    assert "non-numeric `start`" in err.value.message and err.value.line == 2


WHISPER_VERBOSE = json.dumps(
    {
        "task": "transcribe",
        "language": "english",
        "duration": 4.0,
        "text": " Where were you born? In Cork.",
        "segments": [
            {"id": 0, "seek": 0, "start": 0.0, "end": 2.0, "text": " Where were you born?", "tokens": [1, 2]},
            {"id": 1, "seek": 0, "start": 2.4, "end": 3.6, "text": " In Cork.", "tokens": [3]},
        ],
    }
)


def test_whisper_verbose_json_without_speakers_is_refused_clearly():
    with pytest.raises(TranscriptFormatError) as err:
        read_transcript(WHISPER_VERBOSE, "json")
    assert "names its speaker" in err.value.message and "diarization" in err.value.hint
    with pytest.raises(TranscriptFormatError):  # detection does not guess either
        read_transcript(WHISPER_VERBOSE)


def test_json_without_any_utterance_list_is_refused():
    with pytest.raises(TranscriptFormatError) as err:
        READERS["whisperx"].read('{"results": {"channels": []}, "metadata": {"duration": 3}}')
    assert "no `segments`" in err.value.message


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("0:00:01.000,0:00:02.000\nAnn: Hi.\n0:00:03.000,0:00:04.000\nBen: Hello.\n", 3, "inside a caption"),
        ("Ann: Hi.\n\n0:00:01.000,0:00:02.000\nBen: Hello.\n", 1, "expected a caption timing line"),
        ("0:00:05.000,0:00:02.000\nAnn: Hi.\n\n0:00:06.000,0:00:07.000\nAnn: Yes.\n", 1, "before it starts"),
    ],
)
def test_sbv_errors_name_the_line(text, line, fragment):
    with pytest.raises(TranscriptFormatError) as err:
        READERS["sbv"].read(text)
    assert fragment in err.value.message and err.value.line == line and err.value.hint


def test_sbv_timings_are_skipped_not_text():
    parsed = READERS["sbv"].read(load(HERE / "sbv" / "named_captions.sbv"))
    assert [s.reason for s in parsed.skipped] == ["cue timing"] * 5
    assert not any(":0" in seg.text for seg in parsed.segments)


def test_speakers_from_a_separate_diarization_timeline():
    # ASR segments without speakers beside a diarization timeline (pyannote-style turns without text)
    doc = {
        "segments": [
            {"start": 0.0, "end": 1.8, "text": " Where were you born?"},
            {"start": 2.2, "end": 3.0, "text": " In Cork."},
            {"start": 3.1, "end": 4.0, "text": " And your parents?"},
        ],
        "diarization": [
            {"start": 0.0, "end": 2.0, "speaker": "SPEAKER_00"},
            {"start": 2.0, "end": 3.05, "speaker": "SPEAKER_01"},
            {"start": 3.05, "end": 4.5, "speaker": "SPEAKER_00"},
        ],
    }
    parsed = read_transcript(json.dumps(doc))
    assert [(s.speaker, s.text) for s in parsed.segments] == [
        ("SPEAKER_00", "Where were you born?"),
        ("SPEAKER_01", "In Cork."),
        ("SPEAKER_00", "And your parents?"),
    ]
    assert any("matched to the segments by time overlap" in n for n in parsed.notes)


TTML_HEAD = '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">\n<body><div>\n'


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ('<p begin="soon" end="2s" ttm:agent="a">Hi.</p>\n', 3, "unreadable `begin`"),
        ('<p ttm:agent="a">Hi.</p>\n', 3, "no `begin`"),
        ('<p begin="1s" end="2s" ttm:agent="a">Hi.</p>\n<p begin="5s" end="3s" ttm:agent="b">Yo.</p>\n', 4, "before"),
    ],
)
def test_ttml_errors_name_the_line(body, line, fragment):
    with pytest.raises(TranscriptFormatError) as err:
        READERS["ttml"].read(TTML_HEAD + body + "</div></body></tt>\n")
    assert fragment in err.value.message and err.value.line == line and err.value.hint


def test_ttml_offsets_point_at_the_caption_text():
    text = load(HERE / "ttml" / "agents_w3c.ttml")
    first = READERS["ttml"].read(text).segments[0]
    assert text[first.source_start : first.source_end] == "When did the mill close?"
