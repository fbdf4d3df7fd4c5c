"""Cue times are the nearest float to the written time (4.56, not 4.5600000000000005): the
seconds a user reads in `parse` output and in the published `start`/`end` columns."""

from __future__ import annotations

import pytest

from interview_dataset.readers import read_transcript

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:04.560\n<v Ana>Hello there.\n\n00:00:04.560 --> 00:01:07.120\n<v Jo>Hi.\n"
SRT = (
    "1\n00:00:00,000 --> 00:00:04,560\nANA: Hello there.\n\n2\n00:00:04,560 --> 00:01:07,120\nJO: Hi.\n\n"
    "3\n00:01:07,120 --> 00:01:08,000\nANA: Good.\n\n4\n00:01:08,000 --> 00:01:09,300\nJO: Yes.\n"
)
SBV = (
    "0:00:00.000,0:00:04.560\nANA: Hello there.\n\n0:00:04.560,0:01:07.120\nJO: Hi.\n\n"
    "0:01:07.120,0:01:08.000\nANA: Good.\n\n0:01:08.000,0:01:09.300\nJO: Yes.\n"
)


@pytest.mark.parametrize(("text", "fmt"), [(VTT, "webvtt"), (SRT, "srt"), (SBV, "sbv")])
def test_cue_times_are_the_written_milliseconds(text, fmt):
    segments = read_transcript(text, fmt).segments
    assert [(s.start_seconds, s.end_seconds) for s in segments][:2] == [(0.0, 4.56), (4.56, 67.12)]
    assert [repr(s.end_seconds) for s in segments][:2] == ["4.56", "67.12"]
