"""Transcript readers, one module per source format, and the registry detection uses.

Every reader module exposes `NAME`, `DESCRIPTION`, `detect(text) -> float` and
`read(text, options) -> ParsedTranscript` (see `base.py`). Register new readers in `READERS`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from types import ModuleType

from . import article, court, hearing, html, inline, markdown, qa, speaker_lines, srt, webvtt, whisperx
from .base import (
    ParsedTranscript,
    ReaderOptions,
    Segment,
    TranscriptFormatError,
    join_paragraphs,
    publish_paragraph,
    with_starts,
)
from .containers import text as text_container
from .toolkit.markdown_render import render_markdown
from .toolkit.nonspeech import CLOCK_LINE_RE

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
    court.NAME: court,
}
#: Other names a format is known by (accepted in metadata and by --format).
ALIASES: dict[str, str] = {"json": whisperx.NAME, "podcast-json": whisperx.NAME, "pyannote": whisperx.NAME}
#: Formats read from plain text: the text container (`containers/text.py`) blanks front matter,
#: header blocks and page furniture before the label grammar runs, and its line-length guard applies.
TEXT_FORMATS = {article.NAME, inline.NAME, hearing.NAME, qa.NAME, markdown.NAME, speaker_lines.NAME, court.NAME}
#: When two candidates are close, the detector prefers the one that specialises (reads a superset
#: of) the other: court transcripts are colon- or Q/A-labelled text on PDF pages.
SPECIALISES: dict[str, set[str]] = {
    court.NAME: {inline.NAME, qa.NAME, hearing.NAME, speaker_lines.NAME},
    # the markdown reader also reads `NAME:` labels mixed with its bold ones
    markdown.NAME: {inline.NAME},
}

#: Detection refuses to choose when the two best scores are closer than this.
AMBIGUITY_MARGIN = 0.2
#: Detection refuses any best score below this.
MIN_CONFIDENCE = 0.5


@functools.lru_cache(maxsize=4)
def prepare_text(text: str) -> text_container.Prepared:
    """The plain-text container's view of `text` (cached: detection asks for it once per reader)."""
    return text_container.prepare(text)


def canonical_format(name: str) -> str:
    name = ALIASES.get(name, name)
    if name not in READERS:
        raise TranscriptFormatError(
            f"unknown format {name!r}", None, f"use one of: {', '.join(sorted(set(READERS) | set(ALIASES)))}"
        )
    return name


def format_scores(text: str) -> list[tuple[float, str]]:
    """Every reader's confidence for `text`, best first."""
    scores = []
    for name, reader in READERS.items():
        sample = prepare_text(text).text if name in TEXT_FORMATS and name != court.NAME else text
        scores.append((float(reader.detect(sample)), name))
    return sorted(scores, reverse=True)


def detect_format(text: str) -> str:
    """The name of the format `text` is in; TranscriptFormatError when unsure."""
    scores = format_scores(text)
    best_score, best = scores[0]
    if best_score < MIN_CONFIDENCE:
        raise TranscriptFormatError(
            "cannot tell the transcript's format (no reader is confident: "
            + ", ".join(f"{n} {s:.2f}" for s, n in scores[:3])
            + ")",
            None,
            f"set `format:` in metadata.yaml or pass --format, one of: {', '.join(sorted(READERS))}",
        )
    close = [n for s, n in scores[1:] if best_score - s < AMBIGUITY_MARGIN]
    score_of = {n: s for s, n in scores}
    for name in close:
        if name in SPECIALISES.get(best, ()):
            continue
        if best in SPECIALISES.get(name, ()):
            return name
        raise TranscriptFormatError(
            f"the transcript could be {best} ({best_score:.2f}) or {name} ({score_of[name]:.2f}); refusing to guess",
            None,
            "set `format:` in metadata.yaml or pass --format",
        )
    return best


def read_transcript(text: str, format: str | None = None, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    name = canonical_format(format) if format else detect_format(text)
    if name not in TEXT_FORMATS:
        return READERS[name].read(text, options)
    prepared = prepare_text(text)
    parsed = READERS[name].read(prepared.text, options)
    if prepared.skipped:
        parsed.skipped = sorted(prepared.skipped + parsed.skipped, key=lambda s: s.line)
    parsed.notes[:0] = prepared.notes
    if prepared.markdown or name == markdown.NAME:
        parsed.segments = [
            dataclasses.replace(s, text=join_paragraphs([render_markdown(p) for p in s.text.split("\n\n")]))
            for s in parsed.segments
        ]
    _times_from_stamp_lines(parsed)
    if any("\\" in s.text for s in parsed.segments):
        # GPO footnote references (`rates \\1\\ shows`): markers, not words
        parsed.segments = [
            dataclasses.replace(s, text=join_paragraphs(_GPO_FOOTNOTE.sub("", s.text).split("\n\n")))
            if _GPO_FOOTNOTE.search(s.text)
            else s
            for s in parsed.segments
        ]
    if prepared.paged:
        parsed.segments = [dataclasses.replace(s, text=publish_paragraph(s.text)) for s in parsed.segments]
        parsed.notes.append("text converted from PDF pages: each turn is one paragraph (page layout is not kept)")
    parsed.segments = [
        dataclasses.replace(s, text=_LINK_MARK.sub(lambda m: m.group(2) or m.group(1), s.text)) if "[" in s.text else s
        for s in parsed.segments
    ]
    return parsed


_GPO_FOOTNOTE = re.compile(r"\\\d{1,3}\\")
#: Spacelog-style links in transcript text: `[glossary:MAX Q|max. Q]` reads `max. Q`.
_LINK_MARK = re.compile(r"\[(?:glossary|link|time|person):([^\]|\n]+)(?:\|([^\]\n]+))?\]")


def _clock(value: str) -> float:
    if value.startswith("-"):
        return -_clock(value[1:])
    seconds = 0.0
    parts = value.replace(",", ".").split(":")
    factors = [86400, 3600, 60, 1][-len(parts) :]  # d:h:m:s, h:m:s, m:s
    for part, factor in zip(parts, factors, strict=True):
        seconds += float(part) * factor
    return seconds


def _times_from_stamp_lines(parsed: ParsedTranscript) -> None:
    """A line holding only a time (`[00:01:02]`) just before a turn's label is that turn's start;
    its end is the next turn's start (the last turn's end is not in the file). Used when most
    untimed turns have one."""
    if any(s.start_seconds is not None for s in parsed.segments):
        return
    stamps = {k.line: m.group("clock") for k in parsed.skipped if (m := CLOCK_LINE_RE.match(k.text))}
    if not stamps:
        return
    starts: list[float | None] = []
    previous_line = 0
    for seg in parsed.segments:
        found = [line for line in stamps if previous_line < line < seg.line]
        starts.append(_clock(stamps[max(found)]) if found else None)
        previous_line = seg.line
    if sum(s is not None for s in starts) < 0.5 * len(starts):
        return
    parsed.segments = with_starts(parsed.segments, starts)
    parsed.notes.append("start seconds from the time-stamp line before each label; end is the next turn's start")


__all__ = [
    "ALIASES",
    "READERS",
    "TEXT_FORMATS",
    "canonical_format",
    "format_scores",
    "ParsedTranscript",
    "ReaderOptions",
    "Segment",
    "TranscriptFormatError",
    "detect_format",
    "read_transcript",
]
