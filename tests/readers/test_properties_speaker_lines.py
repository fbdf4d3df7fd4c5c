"""Property tests for the `speaker-lines` reader: Otter and Rev renderings of random turns
parse back to the same speakers, texts and seconds; arbitrary text raises only
TranscriptFormatError."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_dataset.readers import READERS, TranscriptFormatError, detect_format
from interview_dataset.readers.base import join_paragraphs

# the named formats (container + grammar) as readers
speaker_lines = READERS["speaker-lines"]

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_letters = st.characters(categories=("Ll", "Lo", "Nd"))
plain_word = st.text(_letters, min_size=1, max_size=8)
TRICKY = ["Note:", "10:30", "“quoted”", "it’s", "50%", "he said:", "CEO:", "(aside)", "[00:01:23]", "Q:", "**bold**"]
POOL = ["Ana Ruiz", "Speaker 1", "Speaker 2", "BEN OKAFOR", "Dr. Lee", "Tom", "Marie de la Cruz"]


@st.composite
def text_line(draw) -> str:
    first = draw(st.one_of(plain_word, st.sampled_from(["10:30", "“quoted”", "it’s"])))
    rest = draw(st.lists(st.one_of(plain_word, st.sampled_from(TRICKY)), min_size=1, max_size=7))
    return " ".join([first, *rest]) + "."


turns = st.lists(
    st.tuples(
        st.sampled_from(POOL),
        st.lists(st.lists(text_line(), min_size=1, max_size=2), min_size=1, max_size=3),
        st.integers(min_value=1, max_value=600),  # seconds since the previous turn
    ),
    min_size=2,
    max_size=6,
)


def _clock(seconds: int, hours: bool) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if hours else (f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}")


def _render(items, style: str, blank_after_label: bool) -> tuple[str, list[int]]:
    out, starts, t = ["Recording title\n\n"], [], 0
    for speaker, paras, gap in items:
        t += gap
        starts.append(t)
        if style == "otter":
            head = f"{speaker}  {_clock(t, False)}"
        elif style == "rev":
            head = f"{speaker} ({_clock(t, True)}):"
        else:  # rev, named speakers
            head = f"{speaker}: ({_clock(t, True)})"
        body = "\n\n".join("\n".join(lines) for lines in paras)
        out.append(head + ("\n\n" if blank_after_label else "\n") + body + "\n\n")
    return "".join(out), starts


def _expected(items):
    return [(speaker, join_paragraphs(["\n".join(lines) for lines in paras])) for speaker, paras, _ in items]


@SETTINGS
@given(turns, st.sampled_from(["otter", "rev", "rev-named"]), st.booleans())
def test_rendered_turns_read_back(items, style, blank_after_label):
    text, starts = _render(items, style, blank_after_label)
    parsed = speaker_lines.read(text)
    assert [(s.speaker, s.text) for s in parsed.segments] == _expected(items)
    seconds = [(s.start_seconds, s.end_seconds) for s in parsed.segments]
    # the last turn's start is known, its end is not (the build publishes seconds only in pairs)
    assert seconds == [(float(a), float(b)) for a, b in zip(starts, starts[1:], strict=False)] + [
        (float(starts[-1]), None)
    ]
    for seg in parsed.segments:
        raw = unicodedata.normalize("NFC", text[seg.source_start : seg.source_end])
        assert raw.split()[0] == seg.text.split()[0] and raw.split()[-1] == seg.text.split()[-1]


@SETTINGS
@given(turns, st.sampled_from(["otter", "rev"]))
def test_rendered_turns_are_detected(items, style):
    text, _ = _render(items, style, False)
    assert detect_format(text) == "speaker-lines"


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_arbitrary_text_raises_only_format_errors(text):
    assert 0.0 <= speaker_lines.detect(text) <= 1.0
    try:
        speaker_lines.read(text)
    except TranscriptFormatError:
        pass


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "Ana Ruiz",
                    "Ana Ruiz  0:03",
                    "Speaker 1 (00:05):",
                    "BEN:",
                    "",
                    " ",
                    "**Tom** (00:00:07):",
                    "Tom: (1:02:03)",
                    "[music]",
                    "END",
                ]
            ),
            text_line(),
        ),
        max_size=12,
    )
)
def test_label_shaped_garbage_raises_only_format_errors(lines):
    text = "\n".join(lines)
    try:
        parsed = speaker_lines.read(text)
    except TranscriptFormatError:
        return
    for seg in parsed.segments:
        assert seg.end_seconds is None or (seg.start_seconds is not None and seg.end_seconds >= seg.start_seconds)
        assert seg.text and 0 <= seg.source_start < seg.source_end <= len(text)
