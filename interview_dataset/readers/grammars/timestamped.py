"""Timestamped speaker lines: a time stamp and a `Name:` label on the line that starts the turn.

The plain-text exports of transcription tools and editors put the time of each turn beside
the speaker's label, in one of three places::

    [00:00:12] Interviewer: When did you first come to the valley?     <- stamp before the label
    00:00:18 Maria Lopez: In nineteen seventy-two.                      (brackets, parentheses or none;
    (0:25) - Interviewer: And the orchards?                              an optional dash or bar after it)

    Maria Lopez (00:00:29): Some of them.                               <- stamp between label and colon
    Interviewer [00:00:35]: Most were planted later?

    Interviewer: [00:00:41] Did you work them?                          <- stamp after the colon

The stamp (`h:mm:ss`, `mm:ss` or `m:ss`, optionally with a fraction) is the turn's start in
seconds and never part of the text; a turn ends where the next timed turn starts (the last
turn's end is not in the file: the build publishes no seconds for it). Because the stamp marks
the label, a name-like label (`toolkit/labels.py`: capitalised words, an honorific, an id such
as `Speaker 2`) needs no recurrence: a guest who speaks once is still a speaker. Lines without
a stamped label continue the turn (paragraphs, wrapped lines); what is before the first label
is the preamble; non-speech lines (bracketed notes alone on a line, declared boilerplate, `END`)
are skipped with a reason, as in the colon grammar (`toolkit/turns.py`, `read_labelled`).

Offsets: code points into the decoded text, from the first character of the turn's text
(after the stamp and label) to the last of its last line.
"""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions, iter_lines, with_starts
from ..toolkit import lines_text
from ..toolkit.labels import WS, label_kind
from ..toolkit.times import stamp_seconds
from ..toolkit.turns import read_labelled

NAME = "timestamped"
DESCRIPTION = (
    "a time stamp and `Name:` on the line that starts each turn (`[00:00:12] Name: text`, `Name (0:12): text`)"
)
KIND = "lines"

_TS = r"\d{1,2}(?::[0-5]\d){1,2}(?:[.,]\d{1,3})?"
_LABEL = r"(?P<label>[^\s:\[\]()0-9][^:\n\r\[\]()]{0,63}?)"


def _stamp(bracketed: str, parenthesised: str) -> str:
    """A bracketed or parenthesised time stamp, captured in the named group of its form."""
    return rf"(?:\[(?P<{bracketed}>{_TS})\]|\((?P<{parenthesised}>{_TS})\))"


_PATTERNS = [
    # [00:00:12] Name: text  /  00:00:12 Name: text  /  (0:12) - Name: text
    re.compile(
        rf"[{WS}]*(?:{_stamp('a', 'b')}|(?P<c>{_TS})(?=[{WS}]))[{WS}]*(?:[-–—|][{WS}]*)?"
        rf"{_LABEL}[{WS}]*:(?:[{WS}]+|$)"
    ),
    # Name (00:00:12): text  /  Name [0:12]: text
    re.compile(rf"[{WS}]*{_LABEL}[{WS}]*{_stamp('d', 'e')}[{WS}]*:(?:[{WS}]+|$)"),
    # Name: [00:00:12] text
    re.compile(rf"[{WS}]*{_LABEL}[{WS}]*:[{WS}]*{_stamp('f', 'g')}(?:[{WS}]+|$)"),
]


class _LabelPattern:
    """The stamped-label pattern as `read_labelled` uses one: `match(line)` gives the label (group
    `label`) and where the text starts; only name-like labels match."""

    def match(self, line: str):
        found = self.match_form(line)
        return found[1] if found else None

    def match_form(self, line: str):
        """(which of the three placements, the match) or None."""
        for form, pattern in enumerate(_PATTERNS):
            m = pattern.match(line)
            if m:
                return (form, m) if label_kind(m.group("label").strip()) is not None else None
        return None


LABEL_PATTERN = _LabelPattern()
_HINT = "start each turn with its time stamp and the speaker's label: `[00:00:12] Name: text`"


def _seconds(m: re.Match) -> float:
    """The stamp of a label match (whichever placement's group holds it), in seconds."""
    return stamp_seconds(next(v for k, v in m.groupdict().items() if k != "label" and v))


def match(line: str):
    """The stamped label at the start of `line` (group `label`), or None."""
    return LABEL_PATTERN.match(line)


def detect(decoded) -> float:
    """Stamped labels that recur, most with text on their line. A file stamps its labels in one
    placement, and its stamps run forward: only the commonest placement counts, a label counts
    only when its stamp is later than the label's before it (time passes between turns), and a
    file whose stamps (in any placement, in file order) go back more than once in ten is not read
    with confidence (`10:30 CEO: ...` lines in the speech of a `Name (00:00:01):` or Otter
    transcript are sentences, not turns)."""
    text = lines_text(decoded)
    by_form: dict[int, list[tuple[float, bool]]] = {}
    stamps: list[float] = []
    for _, _, line in iter_lines(text):
        found = LABEL_PATTERN.match_form(line)
        if found:
            form, m = found
            stamps.append(_seconds(m))
            by_form.setdefault(form, []).append((stamps[-1], bool(line[m.end() :].strip())))
    labels = max(by_form.values(), key=len, default=[])
    advancing = [has_text for i, (at, has_text) in enumerate(labels) if i == 0 or at > labels[i - 1][0]]
    labelled, with_text = len(advancing), sum(advancing)
    if labelled < 2:
        return 0.0
    backwards = sum(b < a for a, b in zip(stamps, stamps[1:], strict=False))
    if backwards * 10 > len(stamps):
        return 0.3
    return 0.95 if labelled >= 3 and with_text >= 0.5 * labelled else 0.6


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    parsed = read_labelled(text, options, LABEL_PATTERN, NAME, _HINT, syntactic=True)
    lines = text.splitlines()
    starts = []
    for seg in parsed.segments:
        m = LABEL_PATTERN.match(lines[seg.line - 1]) if 0 < seg.line <= len(lines) else None
        starts.append(_seconds(m) if m else None)
    parsed.segments = with_starts(parsed.segments, starts)
    parsed.notes.append(
        "start seconds are the turns' time stamps; a turn ends where the next starts, the last turn's end is not known"
    )
    return parsed
