"""WebVTT subtitles (W3C webvtt1): cues with voice spans, merged into speaker turns.

::

    WEBVTT

    NOTE exported by a captioning tool

    intro-1
    00:01.000 --> 00:04.200 align:start
    <v.loud Ana Ruiz>Welcome <i>back</i>.

    00:00:04.200 --> 00:00:06.000
    <v Ana Ruiz>Prices fell.</v>

The file must start with `WEBVTT` (a BOM before it is fine); the header block is skipped, and
so are `NOTE`, `STYLE` and `REGION` blocks, cue ids and cue timing lines, each with a reason.
A line holding only white space does not end a cue (WebVTT ends cues at EMPTY lines; YouTube's
automatic captions write a line of one space inside cues) unless the next line is empty or
starts the next cue. Timings are `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]`, and the forms tools write
(`0.000 --> 3.480`, `0:03.5`, a comma before the fraction) are read too; a malformed timing, a cue that
ends before it starts, or a block without a timing line is a TranscriptFormatError naming
the line.

The speaker of a cue is its voice span `<v Name>` / `<v.class Name>` (the closing `</v>` is
optional; several voices in one cue make several pieces). Cues without a voice may carry the
prefixes WhisperX and others write instead (`[SPEAKER_00]: text`, `Name: text`, recognised
as in the `inline` reader, Zoom's `Marcus Lee (he/him): text` included, plus Zoom's device names
such as `iPhone: text` when they recur), and `- ` dialogue dashes start a new piece within a cue. Other tags
A `>>` at the start of a line (broadcast captions' change of speaker) also starts a new piece,
and a name-like `Name:` after it is taken as the speaker even when it occurs only once
(`>> Reporter: LESTER, THE SNOW` -> `Reporter`); a `>>` without a name is a piece without a
speaker. A second `NAME: text` line inside one cue (without a voice span) starts a new piece
with the cue's times, so `JONAS: I'll go.` / `MARTHA: Take the lantern.` are two turns. Other tags
(`<i>`, `<b>`, `<c.x>`, `<ruby>`, timestamp tags) are stripped and entities (`&amp;`) decoded.
A payload line that is only a bracketed annotation (`[music]`, `(LAUGHTER)`), only markup, or a
declared boilerplate line is skipped with its reason.

Merging: CONSECUTIVE pieces of one speaker form one turn, keeping the first start and the
last end in seconds. Cue line breaks and cue boundaries are layout, not paragraphs, so the
texts are joined with a SINGLE SPACE (white space runs collapse to one space); a turn is one
paragraph. A piece without a speaker is attached to the previous speaker's turn (those before
the first speaker: to the next one), and `notes` says how many were attached; a file without
any speaker is an error. Offsets are code points into the decoded source, from the first
visible character of the turn's first cue text to the last of its last.

This container decodes the cues into pieces (voice spans and dialogue dashes split them); the
`cue` grammar (`grammars/cue.py`) finds the prefixes and merges pieces into turns.
"""

from __future__ import annotations

import re

from ..base import ReaderOptions, Skipped, TranscriptFormatError, iter_lines
from ..toolkit.cues import Piece, checked_span, cue_pieces
from ..toolkit.times import clock_seconds
from . import Decoded

NAME = "webvtt"
DESCRIPTION = "WebVTT subtitles (W3C), cues with <v Name> voice spans; the timing forms tools write too"
KIND = "cues"

# --- WebVTT ------------------------------------------------------------------------------

_TS = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TS}[ \t]+-->[ \t]+{_TS}(?:[ \t]+.*)?$")
#: Timings as tools write them besides the W3C form: seconds only (`0.000 --> 3.480`), one-digit
#: minutes (`0:03.5`), a comma before the fraction, fewer than three fraction digits.
_LOOSE_TS = r"(?:\d+:){0,2}\d+(?:[.,]\d{1,6})?"
_LOOSE_TIMING = re.compile(rf"^(?P<a>{_LOOSE_TS})[ \t]*-->[ \t]*(?P<b>{_LOOSE_TS})(?:[ \t]+.*)?$")
_HEADER = re.compile(r"^\ufeff?WEBVTT(?:[ \t].*)?$")


def loose_seconds(value: str) -> float | None:
    """`[[h:]m:]s[.fff]` in seconds; None when a minutes or seconds field is 60 or more."""
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for index, part in enumerate(parts):
        number = float(part)
        if index > 0 and number >= 60:
            return None
        seconds = seconds * 60 + number
    return round(seconds, 6)


def parse_timing(line: str, number: int) -> tuple[float, float]:
    m = _TIMING.match(line.strip())
    if m:
        start, end = clock_seconds(*m.group(1, 2, 3, 4)), clock_seconds(*m.group(5, 6, 7, 8))
    else:
        loose = _LOOSE_TIMING.match(line.strip())
        start = loose_seconds(loose.group("a")) if loose else None
        end = loose_seconds(loose.group("b")) if loose else None
        if start is None or end is None:
            raise TranscriptFormatError(
                f"malformed cue timing {line.strip()!r}",
                number,
                "write cue timings as `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt` (two-digit minutes and seconds, "
                "a full stop and three digits of milliseconds)",
            )
    return checked_span(start, end, number)


def _continues_cue(lines, index: int, block) -> bool:
    """A white-space-only (not empty) line inside a cue's text: WebVTT ends a cue only at an
    EMPTY line, and YouTube's automatic captions put a line of one space in their cues. It
    continues the cue when the block already holds the timing line and the next line is cue
    text (neither empty, nor a timing line, nor a cue id followed by a timing line)."""
    if not lines[index][2] or not any("-->" in text for _, _, text in block):
        return False
    following = [text for _, _, text in lines[index + 1 : index + 3]]
    if not following or not following[0].strip() or "-->" in following[0]:
        return False
    return not (len(following) > 1 and "-->" in following[1])


def _blocks(lines):
    block = []
    for index, item in enumerate(lines):
        if item[2].strip():
            block.append(item)
        elif block and _continues_cue(lines, index, block):
            continue
        elif block:
            yield block
            block = []
    if block:
        yield block


def detect(text: str) -> float:
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if _HEADER.match(first):
        return 0.95
    timings = sum(1 for _, _, line in iter_lines(text[:20000]) if "-->" in line and _LOOSE_TIMING.match(line.strip()))
    return 0.4 if timings >= 2 else 0.0


def read(text: str, options: ReaderOptions = ReaderOptions()) -> Decoded:
    lines = list(iter_lines(text))
    parsed = Decoded(NAME, KIND, text)
    if not lines or not _HEADER.match(lines[0][2].strip(" \t")):
        raise TranscriptFormatError(
            "a WebVTT file must start with the line `WEBVTT`",
            1,
            "add `WEBVTT` and a blank line at the top, or choose another format",
        )
    pieces: list[Piece] = []
    blocks = list(_blocks(lines))
    for number, _, line in blocks[0]:
        if "-->" in line:
            raise TranscriptFormatError(
                "a cue timing line inside the WEBVTT header block",
                number,
                "put a blank line between the `WEBVTT` header and the first cue",
            )
        parsed.skipped.append(Skipped(number, line.strip().lstrip("\ufeff"), "WEBVTT header"))
    for block in blocks[1:]:
        first = block[0][2].strip()
        kind = first.split(None, 1)[0] if first else ""
        if kind in {"NOTE", "STYLE", "REGION"} and "-->" not in first:
            parsed.skipped.extend(Skipped(n, text.strip(), f"{kind} block") for n, _, text in block)
            continue
        if "-->" in first:
            timing, payload = block[0], block[1:]
        elif len(block) > 1 and "-->" in block[1][2]:
            parsed.skipped.append(Skipped(block[0][0], first, "cue id"))
            timing, payload = block[1], block[2:]
        else:
            raise TranscriptFormatError(
                f"block {first[:40]!r} has no cue timing line",
                block[0][0],
                "every cue needs `start --> end` (after an optional id line); separate cues with one blank line "
                "and keep blank lines out of cue text",
            )
        t0, t1 = parse_timing(timing[2], timing[0])
        parsed.skipped.append(Skipped(timing[0], timing[2].strip(), "cue timing"))
        for number, _, line in payload:
            if "-->" in line:
                raise TranscriptFormatError(
                    "a cue timing line inside a cue's text", number, "put a blank line between cues"
                )
        pieces.extend(cue_pieces(payload, t0, t1, parsed.skipped, voices=True, boilerplate=options.boilerplate))

    parsed.units = pieces
    parsed.extra["hint"] = "give cues a voice (`<v Name>text`) or a `Name: ` prefix"
    return parsed
