"""Transcript readers, one module per source format, and the registry detection uses.

Every reader module exposes `NAME`, `DESCRIPTION`, `detect(text) -> float` and
`read(text, options) -> ParsedTranscript` (see `base.py`). Register new readers in `READERS`.
"""

from __future__ import annotations

from types import ModuleType

from . import article, hearing, html, inline, markdown, qa, speaker_lines, srt, webvtt, whisperx
from .base import ParsedTranscript, ReaderOptions, Segment, TranscriptFormatError

READERS: dict[str, ModuleType] = {
    article.NAME: article,
    inline.NAME: inline,
    hearing.NAME: hearing,
    qa.NAME: qa,
    markdown.NAME: markdown,
    webvtt.NAME: webvtt,
    srt.NAME: srt,
    whisperx.NAME: whisperx,
    html.NAME: html,
    speaker_lines.NAME: speaker_lines,
}

#: Detection refuses to choose when the two best scores are closer than this.
AMBIGUITY_MARGIN = 0.2
#: Detection refuses any best score below this.
MIN_CONFIDENCE = 0.5


def detect_format(text: str) -> str:
    """The name of the format `text` is in; TranscriptFormatError when unsure."""
    scores = sorted(((reader.detect(text), name) for name, reader in READERS.items()), reverse=True)
    best_score, best = scores[0]
    if best_score < MIN_CONFIDENCE:
        raise TranscriptFormatError(
            "cannot tell the transcript's format (no reader is confident: "
            + ", ".join(f"{n} {s:.2f}" for s, n in scores[:3])
            + ")",
            None,
            f"set `format:` in metadata.yaml or pass --format, one of: {', '.join(sorted(READERS))}",
        )
    if len(scores) > 1 and best_score - scores[1][0] < AMBIGUITY_MARGIN:
        raise TranscriptFormatError(
            f"the transcript could be {best} ({best_score:.2f}) or {scores[1][1]} ({scores[1][0]:.2f}); refusing to guess",
            None,
            "set `format:` in metadata.yaml or pass --format",
        )
    return best


def read_transcript(text: str, format: str | None = None, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    name = format or detect_format(text)
    if name not in READERS:
        raise TranscriptFormatError(f"unknown format {name!r}", None, f"use one of: {', '.join(sorted(READERS))}")
    return READERS[name].read(text, options)


__all__ = [
    "READERS",
    "ParsedTranscript",
    "ReaderOptions",
    "Segment",
    "TranscriptFormatError",
    "detect_format",
    "read_transcript",
]
