"""YouTube SubViewer (.sbv) captions: a `h:mm:ss.mmm,h:mm:ss.mmm` timing line, the caption's
text, a blank line::

    0:00:01.000,0:00:04.200
    Interviewer: When did the mill close?

    0:00:04.200,0:00:07.900
    Ann Byrne: In eighty-one. The whole
    street went quiet after that.

SBV has no speaker field, so speakers come from prefixes in the caption text, read by the `cue`
grammar as in SRT (`Name: text`, `[SPEAKER_00]: text`, `>> Name:`, dialogue dashes); captions
without a prefix continue the previous speaker. Timing lines are skipped with a reason and give
each cue its start and end seconds (never text). A block that does not start with a timing line
is an error naming the line, as is a caption ending before it starts; a text block after a blank
line inside a caption (no timing of its own) is attached to the caption before it (noted).

Offsets are code points into the decoded source, from the first visible character of a turn's
text (after the prefix) to the last.
"""

from __future__ import annotations

import re

from ..base import ReaderOptions, Skipped, TranscriptFormatError, iter_lines
from ..toolkit.cues import Piece, blank_line_blocks, checked_span, cue_pieces
from ..toolkit.times import clock_seconds
from . import Decoded

NAME = "sbv"
DESCRIPTION = "YouTube SubViewer captions: `h:mm:ss.mmm,h:mm:ss.mmm`, text, blank line"
KIND = "cues"

_TS = r"(\d{1,2}):([0-5]\d):([0-5]\d)\.(\d{1,3})"
_TIMING = re.compile(rf"^\ufeff?{_TS},{_TS}$")


def detect(text: str) -> float:
    blocks = timings = 0
    previous_blank = True
    for _, _, line in iter_lines(text[:50000]):
        stripped = line.strip()
        if previous_blank and stripped:
            blocks += 1
            timings += bool(_TIMING.match(stripped))
        previous_blank = not stripped
    if timings >= 2 and timings >= 0.8 * blocks:
        return 0.95
    return 0.7 if timings == 1 and blocks <= 2 else 0.0


def read(text: str, options: ReaderOptions = ReaderOptions()) -> Decoded:
    parsed = Decoded(NAME, KIND, text)
    blocks = blank_line_blocks(text)
    cues: list[tuple[tuple[float, float], list]] = []
    stray = 0
    for block in blocks:
        number, _, first = block[0]
        m = _TIMING.match(first.strip())
        if m is None:
            if cues and not any(_TIMING.match(line.strip()) for _, _, line in block):
                stray += 1
                cues[-1][1].extend(block)
                continue
            raise TranscriptFormatError(
                f"expected a caption timing line, found {first.strip()[:40]!r}",
                number,
                "an SBV file is a series of captions: `h:mm:ss.mmm,h:mm:ss.mmm`, the text, a blank line",
            )
        start, end = checked_span(
            clock_seconds(*m.group(1, 2, 3, 4)), clock_seconds(*m.group(5, 6, 7, 8)), number, "caption"
        )
        parsed.skipped.append(Skipped(number, first.strip().lstrip("\ufeff"), "cue timing"))
        for line_number, _, line in block[1:]:
            if _TIMING.match(line.strip()):
                raise TranscriptFormatError(
                    "a caption timing line inside a caption's text", line_number, "put a blank line before each caption"
                )
        cues.append(((start, end), list(block[1:])))
    pieces: list[Piece] = []
    for (t0, t1), payload in cues:
        pieces.extend(cue_pieces(payload, t0, t1, parsed.skipped, voices=False, boilerplate=options.boilerplate))
    parsed.units = pieces
    parsed.extra["hint"] = "prefix the caption text with the speaker: `Name: text`"
    if stray:
        parsed.notes.append(f"{stray} text block(s) after a blank line inside a caption were attached to that caption")
    return parsed
