"""Speakers of timed cues and segments: the container's explicit speaker (a WebVTT `<v Name>`
voice span, a JSON `speaker` field), else a prefix at the start of the cue text (`Name: text`,
`[SPEAKER_00]: text`, `>> Reporter: ...`, Zoom device names such as `iPhone:` when they recur;
name-like as in the colon grammar). A cue is not a turn: CONSECUTIVE pieces of one speaker merge
into one turn (first start, last end, texts joined with one space); a piece without a speaker
joins the previous speaker's turn (before the first one: the next), counted in `notes`. Reads the
`cues` of the WebVTT, SRT and JSON containers (machinery in `toolkit/cues.py`)."""

from __future__ import annotations

import dataclasses

from ..base import ParsedTranscript, ReaderOptions
from ..toolkit.cues import assemble_cues, prefix_candidate
from ..toolkit.labels import label_kind

NAME = "cue"
DESCRIPTION = "speakers of cues and segments: `<v Name>` voices, JSON speaker fields, `Name:` prefixes in cue text"
KIND = "cues"


def match(piece):
    """(label, length, bracketed) of the speaker prefix at the start of a cue piece, or None."""
    return prefix_candidate(piece)


def detect(decoded) -> float:
    """Share of pieces whose speaker is marked (explicit, or a name-like prefix)."""
    pieces = decoded.units
    if not pieces:
        return 0.0
    named = sum(
        1
        for p in pieces
        if p.speaker is not None or (not p.resolved and (f := prefix_candidate(p)) and label_kind(f[0]) is not None)
    )
    return 0.9 if named else 0.3


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    parsed = ParsedTranscript(format=NAME, segments=[], skipped=list(decoded.skipped))
    assemble_cues(
        [dataclasses.replace(p, chars=list(p.chars)) for p in decoded.units],  # the decoded stream stays as it was
        parsed,
        options,
        decoded.extra.get("hint", "give cues a speaker"),
        decoded.extra.get("unit", "cue"),
    )
    parsed.notes[:0] = decoded.notes
    parsed.skipped.sort(key=lambda s: s.line)
    return parsed
