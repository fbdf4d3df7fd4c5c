"""SubRip (.srt) subtitles: counter, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text, blank line.

SRT has no speaker field, so speakers come from prefixes in the cue text::

    1
    00:00:01,000 --> 00:00:03,500
    [SPEAKER_01]: Welcome back.          <- WhisperX's writer: label `SPEAKER_01`

    2
    00:00:03,500 --> 00:00:05,000
    ANA RUIZ: Thanks. - or - dialogue:   <- `Name:` prefix, recognised as in `inline`
    - BEN: Hi.
    - ANA: Hello.                         <- each `- ` line is its own piece

Counter and timing lines are skipped with a reason; a cue without its counter is accepted
(noted). A line with `-->` that is not a valid timing (`hh:mm:ss,mmm`, a full stop instead of
the comma is tolerated), a cue ending before it starts, or a counter not followed by a timing
line is a TranscriptFormatError naming the line. A text block that follows a cue after a
blank line (some tools put blank lines inside cue text) is attached to that cue (noted).
Basic tags (`<i>`, `<b>`, `<font ...>`) are stripped; payload lines that are only a bracketed
annotation (`[MUSIC]`, `(LAUGHTER)`), only markup, or declared boilerplate are skipped.

Merging: as in `webvtt` — CONSECUTIVE pieces of one speaker form one turn (first start, last
end), texts joined with a SINGLE SPACE; pieces without a prefix continue the previous speaker
(before the first named one: the next), counted in `notes`. Offsets are code points into the
decoded source, from the first visible character of the turn's text (after the prefix) to
the last.
"""

from __future__ import annotations

import re

from ..base import ReaderOptions, Skipped, TranscriptFormatError, iter_lines
from ..toolkit.cues import Piece, blank_line_blocks, checked_span, cue_pieces
from ..toolkit.times import clock_seconds
from . import Decoded

NAME = "srt"
DESCRIPTION = "SubRip subtitles: counter, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text"
KIND = "cues"

_TS = r"(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{1,3})"
_TIMING = re.compile(rf"^{_TS}[ \t]*-->[ \t]*{_TS}(?:[ \t]+.*)?$")
_COUNTER = re.compile(r"^\ufeff?\d+$")


def _timing(line: str, number: int) -> tuple[float, float]:
    m = _TIMING.match(line.strip().lstrip("\ufeff"))
    if not m:
        raise TranscriptFormatError(
            f"malformed cue timing {line.strip()!r}",
            number,
            "write SRT timings as `hh:mm:ss,mmm --> hh:mm:ss,mmm` (comma before the milliseconds)",
        )
    return checked_span(clock_seconds(*m.group(1, 2, 3, 4)), clock_seconds(*m.group(5, 6, 7, 8)), number)


def detect(text: str) -> float:
    lines = [line.strip().lstrip("\ufeff") for _, _, line in iter_lines(text[:50000])]
    cues = sum(
        1
        for i in range(1, len(lines))
        if "-->" in lines[i] and _TIMING.match(lines[i]) and _COUNTER.match(lines[i - 1])
    )
    if cues >= 2:
        return 0.95
    if cues == 1:
        return 0.7
    timings = sum(1 for line in lines if "-->" in line and _TIMING.match(line))
    return 0.4 if timings else 0.0


def read(text: str, options: ReaderOptions = ReaderOptions()) -> Decoded:
    parsed = Decoded(NAME, KIND, text)
    blocks = blank_line_blocks(text)

    cues: list[tuple[tuple[float, float], list]] = []  # (timing, payload lines)
    no_counter = stray = 0
    for block in blocks:
        first = block[0][2].strip()
        if _COUNTER.match(first) and len(block) > 1 and "-->" in block[1][2]:
            parsed.skipped.append(Skipped(block[0][0], first.lstrip("\ufeff"), "cue counter"))
            timing, payload = block[1], block[2:]
        elif "-->" in first:
            no_counter += 1
            timing, payload = block[0], block[1:]
        elif _COUNTER.match(first):
            raise TranscriptFormatError(
                f"cue {first.lstrip(chr(0xFEFF))} has no timing line",
                block[0][0] + (1 if len(block) > 1 else 0),
                "follow each cue counter with `hh:mm:ss,mmm --> hh:mm:ss,mmm` on the next line",
            )
        elif cues:
            for number, _, line in block:
                if "-->" in line:
                    raise TranscriptFormatError(
                        f"cue timing line after {first[:40]!r}, which is not a cue counter",
                        number,
                        "the line before a cue's timing must hold only the cue's number",
                    )
            stray += 1
            cues[-1][1].extend(block)
            continue
        else:
            raise TranscriptFormatError(
                f"expected a cue counter or timing line, found {first[:40]!r}",
                block[0][0],
                "an SRT file is a series of cues: counter, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text, blank line",
            )
        times = _timing(timing[2], timing[0])
        parsed.skipped.append(Skipped(timing[0], timing[2].strip(), "cue timing"))
        for number, _, line in payload:
            if "-->" in line:
                _timing(line, number)  # raises when malformed
                raise TranscriptFormatError(
                    "a cue timing line inside a cue's text", number, "put a blank line and a counter before each cue"
                )
        cues.append((times, list(payload)))

    pieces: list[Piece] = []
    for (t0, t1), payload in cues:
        pieces.extend(cue_pieces(payload, t0, t1, parsed.skipped, voices=False, boilerplate=options.boilerplate))
    parsed.units = pieces
    parsed.extra["hint"] = "prefix the cue text with the speaker: `Name: text` or `[SPEAKER_00]: text`"
    if no_counter:
        parsed.notes.append(f"{no_counter} cue(s) had no counter line")
    if stray:
        parsed.notes.append(f"{stray} text block(s) after a blank line inside a cue were attached to that cue")
    return parsed
