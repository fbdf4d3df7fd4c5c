"""The contract every transcript reader follows.

A reader turns the decoded text of one transcript into `Segment`s (one per speaker turn, the
speaker label exactly as written), the `preamble` (paragraphs before the first label, for the
interview-level fields) and the `skipped` lines the format itself marks as non-speech (cue
timings, `END`, bracketed stage directions, declared boilerplate), each with its reason. Every
non-blank line of the source ends up in exactly one of these places.

Readers know nothing about metadata files or the command line; they get `ReaderOptions`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol


class TranscriptFormatError(ValueError):
    """The text does not follow the reader's format; `line` is 1-based where known."""

    def __init__(self, message: str, line: int | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint
        #: True when detection refused to choose; `candidates` are then its plausible readings:
        #: (name, score, format to declare, grammar to declare or None), best first
        self.detection = False
        self.candidates: list[tuple[str, float, str, str | None]] = []


@dataclass(frozen=True)
class Block:
    """A paragraph (a run of non-blank lines) of the source, with its place in the text."""

    text: str
    start: int  # code-point offset of the first character in the decoded source
    end: int  # exclusive
    line: int  # 1-based line of the first character


@dataclass(frozen=True)
class Segment:
    """One speaker turn as read from the source. A reader that knows when a turn starts but not
    when it ends (a transcript with start times only: the last turn) gives `start_seconds` and
    leaves `end_seconds` None; the build publishes seconds only when both are known."""

    speaker: str  # the label as written in the source, without delimiter or markup
    text: str  # paragraphs joined with "\n\n", NFC, trimmed
    source_start: int
    source_end: int
    line: int  # line of the label (or of the first text line)
    start_seconds: float | None = None
    end_seconds: float | None = None


@dataclass(frozen=True)
class Skipped:
    """A non-blank source line that is not speech, and why."""

    line: int
    text: str
    reason: str


@dataclass
class ParsedTranscript:
    format: str
    segments: list[Segment]
    preamble: list[Block] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReaderOptions:
    """What a reader may know from the interview's metadata.

    `speaker_labels`: the declared speaker labels (names and aliases); None when reading a file
    without metadata, in which case readers that need them discover labels themselves.
    `boilerplate`: lines to drop wherever they occur, compared after trimming.
    """

    speaker_labels: frozenset[str] | None = None
    boilerplate: frozenset[str] = frozenset()


class Reader(Protocol):
    name: str
    description: str

    def detect(self, text: str) -> float:
        """Confidence in [0, 1] that `text` is in this format."""

    def read(self, text: str, options: ReaderOptions) -> ParsedTranscript:
        """Parse `text`; raise TranscriptFormatError for text that breaks the format."""


_BLANK = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]*$")


def iter_lines(text: str):
    """Yield (line_number, start_offset, line_without_newline) for every line of `text`."""
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.rstrip("\r\n")
        yield number, offset, stripped
        offset += len(line)


def paragraphs(text: str) -> list[Block]:
    """Split text into blocks of consecutive non-blank lines, trimmed, with offsets."""
    blocks: list[Block] = []
    # The lines of `iter_lines`, with their line breaks: a line is blank when it is all white space
    # with or without its break, and its trimmed span is the same either way.
    first_no = start = last_offset = 0
    last = ""
    inside = False
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        if raw.strip():
            if not inside:
                inside, first_no, start = True, number, offset + len(raw) - len(raw.lstrip())
            last_offset, last = offset, raw
        elif inside:
            end = last_offset + len(last.rstrip())
            blocks.append(Block(text=text[start:end], start=start, end=end, line=first_no))
            inside = False
        offset += len(raw)
    if inside:
        end = last_offset + len(last.rstrip())
        blocks.append(Block(text=text[start:end], start=start, end=end, line=first_no))
    return blocks


def clean_text(text: str) -> str:
    """Unicode NFC, LF line breaks (CRLF and CR become LF) and trimmed: the normal form of
    every published text."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


#: Spaces a reader of the published text should see as an ordinary space: no-break, narrow,
#: figure, em/en and ideographic spaces (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000), and tabs.
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
#: Invisible characters that are layout, not text: zero-width space and the byte-order mark.
_INVISIBLE = re.compile("[\u200b\ufeff]")
_SPACE_RUN = re.compile(" {2,}")


def publish_paragraph(text: str) -> str:
    """One paragraph as a reader expects it: hard line wraps joined with one space, odd spaces
    made ordinary spaces, runs of spaces collapsed, trimmed. (The source span keeps the text as
    written; this is only the published `text`.)"""
    # Each step only where its characters occur (the same result, without scanning most paragraphs
    # three more times): odd spaces are tabs or non-ASCII, and none of them is a line break.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u200b" in text or "\ufeff" in text:
        text = _INVISIBLE.sub("", text)
    if "\t" in text or not text.isascii():
        text = _ODD_SPACES.sub(" ", text)
    joined = " ".join(line for line in (line.strip() for line in text.split("\n")) if line)
    return _SPACE_RUN.sub(" ", joined) if "  " in joined else joined


def with_starts(segments: list[Segment], starts: list[float | None]) -> list[Segment]:
    """Segments timed by their start times alone: each turn ends where the next starts (when
    that is known and not earlier); the last turn's end is not known."""
    out = []
    for i, seg in enumerate(segments):
        start = starts[i] if i < len(starts) else None
        nxt = starts[i + 1] if i + 1 < len(starts) else None
        if start is not None:
            end = nxt if nxt is not None and nxt >= start else None
            seg = Segment(seg.speaker, seg.text, seg.source_start, seg.source_end, seg.line, start, end)
        out.append(seg)
    return out


def join_paragraphs(parts: list[str]) -> str:
    """Paragraphs joined with one blank line ("\n\n"), each published by `publish_paragraph`;
    NFC. This is the published `text` of a turn (and of the introduction)."""
    return clean_text("\n\n".join(q for p in parts if (q := publish_paragraph(p))))
