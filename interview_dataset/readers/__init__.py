"""Transcript readers in two layers, and the detector that chooses between candidates.

A **container** (`containers/`) decodes a file into a stream (lines of text, HTML paragraphs with
their styling, timed cues); a **label grammar** (`grammars/`) finds the speaker labels in that
stream and assembles the turns. Every module follows a small contract (`NAME`, `DESCRIPTION`,
`KIND`, `detect`, `read` / `match`; see the two packages' docstrings). A **format** is a named
(container, grammar) pair: the names `--format` and metadata's `transcript.format` have always
accepted (`inline`, `markdown`, `webvtt`, ...) are kept in `FORMATS`.

Only `detect_reading` decides between candidates (no module knows about another):

1. the container: a structured container (HTML, WebVTT, SRT, JSON) when one is decisive, else
   the text containers (Markdown when Markdown markup is seen, plain text otherwise), which also
   compete when a structured container is only fairly confident or none of its grammars finds a
   speaker; close structured candidates that fail to decode the file drop out;
2. the grammar: every grammar that reads the container's stream, itself or through a view of it
   (`VIEWS`: an HTML page's text as lines, for the line grammars), scores its own evidence; close
   candidates are resolved by `SPECIALISES` (a grammar that reads everything another reads, and
   more) and by the container's own markup (a grammar that finds the speakers marked up, `marked`,
   over readings of the plain-text view), then by reading the file with each: candidates that
   fail drop out, candidates that give the same turns agree; otherwise detection refuses and
   names the plausible candidates.

Adding a format is one module (a container or a grammar), one registration line and one folder of
golden files under `tests/readers/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from .base import (
    ParsedTranscript,
    ReaderOptions,
    Segment,
    TranscriptFormatError,
)
from .containers import Decoded
from .containers import html as html_container
from .containers import json as json_container
from .containers import markdown as markdown_container
from .containers import sbv as sbv_container
from .containers import srt as srt_container
from .containers import text as text_container
from .containers import ttml as ttml_container
from .containers import webvtt as webvtt_container
from .grammars import (
    bold,
    colon,
    court,
    cue,
    name_line,
    period,
    qa,
    question_heading,
    speaker_line,
    styled,
    timestamped,
)
from .toolkit import lines_view

CONTAINERS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        text_container,
        markdown_container,
        html_container,
        webvtt_container,
        srt_container,
        json_container,
        sbv_container,
        ttml_container,
    )
}
GRAMMARS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (colon, bold, name_line, speaker_line, qa, period, court, cue, styled, timestamped, question_heading)
}
#: The named formats: (container, grammar). For the text containers the grammar names the format
#: (a `NAME:` file with Markdown links is still `inline`: the Markdown container renders it).
FORMATS: dict[str, tuple[str, str]] = {
    "article": ("text", "name-line"),
    "inline": ("text", "colon"),
    "hearing": ("text", "period"),
    "qa": ("text", "qa"),
    "markdown": ("markdown", "bold"),
    "webvtt": ("webvtt", "cue"),
    "srt": ("srt", "cue"),
    "whisperx": ("json", "cue"),
    "html": ("html", "styled"),
    "speaker-lines": ("text", "speaker-line"),
    "court": ("text", "court"),
    "timestamped": ("text", "timestamped"),
    "sbv": ("sbv", "cue"),
    "ttml": ("ttml", "cue"),
}
#: Other names a format is known by (accepted in metadata and by --format).
ALIASES: dict[str, str] = {"json": "whisperx", "podcast-json": "whisperx", "pyannote": "whisperx", "dfxp": "ttml"}
#: Containers whose lines are text: the long-line guard of text files applies to them.
TEXT_CONTAINERS = {"text", "markdown"}
#: Formats read from plain text (the long-line guard applies).
TEXT_FORMATS = {name for name, (container, _) in FORMATS.items() if container in TEXT_CONTAINERS}
#: When two candidates are close, the detector prefers the one that reads a superset of the
#: other: court transcripts are colon-, period- or Q/A-labelled text on PDF pages; the Q/A grammar
#: reads `NAME:` labels besides `Q`/`A`; the bold grammar reads `NAME:` labels mixed with its bold
#: ones; the speaker-line grammar reads name lines followed by a blank line as the name-line
#: grammar does. The Markdown container is the text container plus rendering.
SPECIALISES: dict[str, set[str]] = {
    "court": {"colon", "qa", "period", "speaker-line"},
    "bold": {"colon"},
    "qa": {"colon"},
    "timestamped": {"colon"},  # `Name: [00:00:12] text`: the colon grammar would keep the stamp as text
    # the styled grammar reads `NAME:` at paragraph starts by the colon grammar's rules, and styled labels
    "styled": {"colon"},
}
CONTAINER_SPECIALISES: dict[str, set[str]] = {"markdown": {"text"}}
#: Views of one stream kind as another: a grammar reads any container whose stream it can view.
#: The paragraphs of an HTML page rendered as lines (each paragraph a line, `<pre>` as written),
#: with every character's raw span, so the line grammars read hearing labels, `Q.`/`A.` or a court
#: transcript inside a page; the reading is mapped back to the raw source (`toolkit/lines_view.py`).
VIEWS = {("paragraphs", "lines"): lines_view}


def readable(container: str, grammar: str) -> bool:
    """Whether the grammar reads the container's stream (its own kind, or through a view)."""
    kinds = (CONTAINERS[container].KIND, GRAMMARS[grammar].KIND)
    if kinds[0] == kinds[1]:
        return True
    # a grammar of Markdown markup (`**Name:**`) reads Markdown text, which a view of a page is not
    return kinds in VIEWS and getattr(GRAMMARS[grammar], "MARKUP", None) != "markdown"


def _grammar_input(decoded: Decoded, grammar: ModuleType) -> Decoded:
    """What the grammar reads: the decoded stream, or its view in the grammar's kind."""
    view = VIEWS.get((decoded.kind, grammar.KIND))
    return view.render(decoded) if view is not None and decoded.kind != grammar.KIND else decoded


#: Detection refuses to choose when the two best scores are closer than this.
AMBIGUITY_MARGIN = 0.2
#: Detection refuses any best score below this.
MIN_CONFIDENCE = 0.5
#: A structured container this confident is the file's container; below it, text competes.
DECISIVE = 0.9
#: Candidates scoring at most this are not plausible: refusals do not list them.
PLAUSIBLE = 0.0


@dataclass(frozen=True)
class Reading:
    """How a file is read: a container and a grammar, and the format name they make (if any)."""

    container: str
    grammar: str

    @property
    def format(self) -> str:
        for name, pair in FORMATS.items():
            if pair == (self.container, self.grammar):
                return name
        if self.container in TEXT_CONTAINERS:
            for name, (container, grammar) in FORMATS.items():
                if container in TEXT_CONTAINERS and grammar == self.grammar:
                    return name
        return f"{self.container}+{self.grammar}"

    def declaration(self) -> tuple[str, str | None]:
        """(format, grammar or None): what to declare to select this reading."""
        name = self.format
        if "+" not in name:
            return name, None
        return next((n for n, (c, _) in FORMATS.items() if c == self.container), self.container), self.grammar

    def option(self) -> str:
        """The command-line options that select this reading."""
        fmt, grammar = self.declaration()
        return f"--format {fmt}" + (f" --grammar {grammar}" if grammar else "")


class _Format:
    """A named format as one reader (`READERS[name].read(text)`): its container, then its grammar."""

    def __init__(self, name: str):
        self.NAME = name
        container, grammar = FORMATS[name]
        self.reading = Reading(container, grammar)
        self.DESCRIPTION = f"{CONTAINERS[container].DESCRIPTION}; {GRAMMARS[grammar].DESCRIPTION}"

    def detect(self, text: str) -> float:
        return candidate_score(text, self.reading)

    def read(self, text: str, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
        return read_with(text, self.reading, options)


#: Every named format as a reader, for callers that think in formats.
READERS: dict[str, _Format] = {name: _Format(name) for name in FORMATS}


def canonical_format(name: str) -> str:
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise TranscriptFormatError(
            f"unknown format {name!r}", None, f"use one of: {', '.join(sorted(set(FORMATS) | set(ALIASES)))}"
        )
    return name


def canonical_grammar(name: str) -> str:
    if name not in GRAMMARS:
        from ..errors import did_you_mean

        raise TranscriptFormatError(
            f"unknown grammar {name!r}" + did_you_mean(name, GRAMMARS),
            None,
            f"use one of: {', '.join(sorted(GRAMMARS))}",
        )
    return name


# --- decoding ------------------------------------------------------------------------------

_DECODED: dict[tuple[str, str], Decoded] = {}


def decode(text: str, container: str) -> Decoded:
    """The container's decoding of `text` (kept for the last few texts: detection and reading
    decode once). Grammars must not change what it returns."""
    key = (container, text)
    if key not in _DECODED:
        if len(_DECODED) >= 8:
            _DECODED.pop(next(iter(_DECODED)))
        _DECODED[key] = CONTAINERS[container].read(text, ReaderOptions())
    return _DECODED[key]


def read_with(text: str, reading: Reading, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    """Read `text` with one container and one grammar."""
    container, grammar = CONTAINERS[reading.container], GRAMMARS[reading.grammar]
    if not readable(reading.container, reading.grammar):
        raise TranscriptFormatError(
            f"the {grammar.NAME} grammar reads {grammar.KIND}, the {container.NAME} container gives {container.KIND}",
            None,
            "choose a grammar for this container: "
            + ", ".join(sorted(n for n in GRAMMARS if readable(reading.container, n))),
        )
    if options.boilerplate and container.KIND == "cues":
        decoded = container.read(text, options)  # declared boilerplate is dropped while cues are decoded
    else:
        decoded = decode(text, reading.container)
    stream = _grammar_input(decoded, grammar)
    if stream is not decoded:
        parsed = VIEWS[(decoded.kind, grammar.KIND)].to_source(grammar.read(stream, options), stream)
        parsed.format = reading.format
        return parsed
    parsed = grammar.read(decoded, options)
    if getattr(grammar, "MARKUP", None) == "markdown" and container.KIND == "lines":
        container = markdown_container  # Markdown labels: the text is Markdown, rendered once
    if hasattr(container, "finish"):
        parsed = container.finish(parsed, decoded)
    parsed.format = reading.format
    return parsed


def reading_of(format: str | None = None, grammar: str | None = None) -> Reading | None:
    """The reading a declared format and/or grammar names (None: detect both)."""
    if format is None and grammar is None:
        return None
    if format is not None:
        container, default = FORMATS[canonical_format(format)]
    else:
        container, default = "", ""
    return Reading(container, canonical_grammar(grammar) if grammar else default)


# --- detection -----------------------------------------------------------------------------


def container_scores(text: str) -> list[tuple[float, str]]:
    """Every container's confidence for `text`, best first."""
    return sorted(((float(m.detect(text)), name) for name, m in CONTAINERS.items()), reverse=True)


def _line_containers(text: str) -> list[tuple[float, str]]:
    """The text container that reads `text`: Markdown when its markup is seen, else plain text."""
    lines = [(s, n) for s, n in container_scores(text) if CONTAINERS[n].KIND == "lines" and s > 0]
    names = {n for _, n in lines}
    lines = [(s, n) for s, n in lines if not any(n in CONTAINER_SPECIALISES.get(o, ()) for o in names)]
    return lines[:1] or [(0.0, "text")]


def _containers(text: str) -> list[tuple[float, str]]:
    """The containers the grammars compete in: confident structured ones (those that decode the
    file), else the text containers (Markdown specialises plain text). A structured container
    that is confident but not decisive (a text with a few HTML tags, one subtitle cue) competes
    with the text containers: its grammars and theirs are scored together."""
    scores = container_scores(text)
    lines = _line_containers(text)
    structured = [(s, n) for s, n in scores if CONTAINERS[n].KIND != "lines"]
    if not structured or structured[0][0] < MIN_CONFIDENCE:
        return lines
    best = structured[0][0]
    close = [(s, n) for s, n in structured if best - s < AMBIGUITY_MARGIN]
    chosen = close
    if len(close) > 1:
        chosen = []
        for score, name in close:
            try:
                decode(text, name)
            except TranscriptFormatError:
                continue
            chosen.append((score, name))
        chosen = chosen or close[:1]
    return chosen if best >= DECISIVE else chosen + lines


def candidate_score(text: str, reading: Reading) -> float:
    """The detector's score of one reading: its grammar's evidence in its container's stream
    (for structured containers, no more than the container's own confidence)."""
    container = CONTAINERS[reading.container]
    grammar = GRAMMARS[reading.grammar]
    if not readable(reading.container, reading.grammar):
        return 0.0
    c = float(container.detect(text))
    if c <= 0:
        return 0.0
    try:
        decoded = decode(text, reading.container)
    except TranscriptFormatError:
        return 0.0
    g = float(grammar.detect(_grammar_input(decoded, grammar)))
    return g if container.KIND == "lines" else min(c, g)


def candidates(text: str, grammar: str | None = None) -> list[tuple[float, Reading]]:
    """The readings detection weighs for `text`, best first (`grammar`: only that grammar)."""

    def scored(containers: list[tuple[float, str]]) -> list[tuple[float, Reading]]:
        out = []
        for _, container in containers:
            for name in GRAMMARS:
                if readable(container, name) and grammar in (None, name):
                    out.append((candidate_score(text, Reading(container, name)), Reading(container, name)))
        return out

    chosen = _containers(text)
    out = scored(chosen)
    if all(s < MIN_CONFIDENCE for s, _ in out) and all(CONTAINERS[c].KIND != "lines" for _, c in chosen):
        # a structured container in which no grammar finds speakers: the text may still hold them
        out += scored([(s, n) for s, n in _line_containers(text)])
    return sorted(out, key=lambda c: (-c[0], c[1].format))


def format_scores(text: str) -> list[tuple[float, str]]:
    """The detector's candidates for `text` as (score, format name), best first."""
    return [(score, reading.format) for score, reading in candidates(text)]


def _listing(scored: list[tuple[float, Reading]]) -> str:
    return ", ".join(f"{r.format} {s:.2f}" for s, r in scored)


def _turns(parsed: ParsedTranscript) -> list[tuple[str, str]]:
    return [(s.speaker, " ".join(s.text.split())) for s in parsed.segments]


def _viewed(reading: Reading) -> bool:
    """Whether the grammar reads a view of the container's stream (not the stream itself)."""
    return CONTAINERS[reading.container].KIND != GRAMMARS[reading.grammar].KIND


def _marks_speakers(text: str, reading: Reading) -> bool:
    """Whether the reading's grammar finds the speakers in the container's own markup (bold,
    `<cite>`, `class="speaker"`): then it is preferred to readings of a plain-text view, which
    cannot see that markup."""
    marked = getattr(GRAMMARS[reading.grammar], "marked", None)
    if marked is None or _viewed(reading):
        return False
    try:
        return bool(marked(decode(text, reading.container)))
    except TranscriptFormatError:
        return False


def detect_reading(text: str) -> Reading:
    """The container and grammar `text` is in; TranscriptFormatError when unsure."""
    scored = candidates(text)
    plausible = [(s, r) for s, r in scored if s > PLAUSIBLE]
    what = "the transcript's format"
    if not plausible or plausible[0][0] < MIN_CONFIDENCE:
        error = TranscriptFormatError(
            f"cannot tell {what}: no candidate is confident"
            + (f" (plausible: {_listing(plausible[:4])})" if plausible else " (no candidate finds speaker labels)"),
            None,
            "declare the format; formats: " + ", ".join(sorted(FORMATS)),
        )
        _refusal(error, plausible[:4])
        raise error
    best_score = plausible[0][0]
    close = [(s, r) for s, r in plausible if best_score - s < AMBIGUITY_MARGIN]
    close = [
        (s, r)
        for s, r in close
        if not any(r.grammar in SPECIALISES.get(o.grammar, ()) and o.container == r.container for _, o in close)
        and not any(o.container == r.container and _marks_speakers(text, o) and _viewed(r) for _, o in close)
    ]
    if len(close) == 1:
        return close[0][1]
    read_ok = []
    for score, reading in close:
        try:
            read_ok.append((score, reading, _turns(read_with(text, reading))))
        except TranscriptFormatError:
            continue
    if read_ok and all(t == read_ok[0][2] for _, _, t in read_ok):
        return read_ok[0][1]
    if len(read_ok) == 1:
        return read_ok[0][1]
    shown = [(s, r) for s, r, _ in read_ok] or close
    error = TranscriptFormatError(
        f"{what} could be any of: {_listing(shown)}; they read the file differently, so detection refuses to guess",
        None,
        "declare the format the file is in: " + "; ".join(r.option() for _, r in shown),
    )
    _refusal(error, shown)
    raise error


def _refusal(error: TranscriptFormatError, shown: list[tuple[float, Reading]]) -> None:
    error.detection = True
    error.candidates = [(r.format, s, *r.declaration()) for s, r in shown]


def detect_format(text: str) -> str:
    """The name of the format `text` is in; TranscriptFormatError when unsure."""
    return detect_reading(text).format


def read_transcript(
    text: str,
    format: str | None = None,
    options: ReaderOptions = ReaderOptions(),
    grammar: str | None = None,
) -> ParsedTranscript:
    """Read `text` with the declared format and/or grammar, detecting what is not declared."""
    return read_with(text, resolve_reading(text, format, grammar), options)


def resolve_reading(text: str, format: str | None = None, grammar: str | None = None) -> Reading:
    """The reading of `text`: the declared format and/or grammar, the rest detected (a grammar
    alone: the container is detected and the grammar kept)."""
    reading = reading_of(format, grammar)
    if reading is None:
        return detect_reading(text)
    if reading.container:
        return reading
    kind = GRAMMARS[reading.grammar].KIND
    found = _containers(text)
    for _, container in found:
        if readable(container, reading.grammar):
            return Reading(container, reading.grammar)
    container = found[0][1]
    raise TranscriptFormatError(
        f"the {reading.grammar} grammar reads {kind}, but this file is {container} ({CONTAINERS[container].KIND})",
        None,
        f"declare a grammar that reads the {container} container: "
        + ", ".join(sorted(n for n in GRAMMARS if readable(container, n)))
        + ", or the format as well",
    )


def prepare_text(text: str) -> text_container.Prepared:
    """The plain-text container's view of `text`."""
    return text_container.prepare(text)


__all__ = [
    "ALIASES",
    "CONTAINERS",
    "FORMATS",
    "GRAMMARS",
    "READERS",
    "TEXT_FORMATS",
    "Reading",
    "canonical_format",
    "canonical_grammar",
    "detect_reading",
    "read_with",
    "resolve_reading",
    "TEXT_CONTAINERS",
    "format_scores",
    "ParsedTranscript",
    "ReaderOptions",
    "Segment",
    "TranscriptFormatError",
    "detect_format",
    "read_transcript",
]
