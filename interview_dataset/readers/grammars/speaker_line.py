"""Speaker-line transcripts: the speaker's label ALONE on its line, the speech on the next line(s).

The layout of transcription-service exports and of some magazine interviews::

    Priya Shah  0:03                      <- Otter plain text: label, two spaces, timestamp
    Okay, we're recording.

    Speaker 1 (00:00):                    <- Rev: label (timestamp):
    Thanks for making time today.

    Moderator: (00:00:12)                 <- Rev, named speakers: label: (timestamp)
    Our first question is about snow removal.

    **Speaker 1** (00:00:02):             <- Otter Markdown: bold label (timestamp):
    Okay, I think everyone's here.

    [00:00:12] Maria Lopez                <- time stamp before the label (bracketed or bare)
    In nineteen seventy-two.

    Priya Natarajan                       <- bare name line, text directly below
    You closed your first restaurant after eight months.

    WHITLOW:                              <- bare label with a colon
    How many hives do you keep?

The speech may follow the label line directly or after a blank line; it runs until the next
label line. Blank lines inside a turn separate its paragraphs.

Labels: the text of the line without timestamp, colon and `**` markup, name-like as in the
inline reader (`inline.label_kind`: at most six capitalised words, an honorific, a particle
or an id such as `Speaker 2`). To avoid taking a one-line paragraph for a label, a label line
counts only when

* it carries a timestamp (Otter, Rev, Otter Markdown layouts), or
* the same label occurs on at least two label lines, or
* it is a *strong* label (all-capitals word or speaker id) written with a colon
  (`PATEL'S DAUGHTER:`), which no sentence looks like.

With declared labels (`ReaderOptions.speaker_labels`) exactly those start turns, and a line
that would have been taken as a label without metadata but is not declared is an error.

Seconds: `start_seconds` is the label's timestamp (`h:mm:ss`, `mm:ss` or `m:ss`, optionally
with a fraction). `end_seconds` is the next turn's start. The schema wants both or neither, so
both are set only when both are known: a turn without a timestamp, a turn followed by an
untimed turn, the LAST turn (the export gives no end time for it) and a turn whose next
timestamp is earlier than its own get `None`/`None`.

Skipped, with a reason: declared boilerplate, `END`/footer lines, standalone bracketed
non-speech, the Otter export footer `Transcribed by https://otter.ai` and photo credit lines
(`Photograph by Lee Moreno`). Lines before the
first label are the preamble (title, date, keyword and speaker lists of an Otter export).

Offsets: code points into the decoded source, from the first character of the turn's first
text line to the last of its last text line (the label line is not part of the text).
"""

from __future__ import annotations

import re
from collections import Counter

from ..base import ParsedTranscript, ReaderOptions, TranscriptFormatError, iter_lines, with_starts
from ..toolkit import lines_text
from ..toolkit.labels import LabelRules, label_core, label_kind, normalize_label
from ..toolkit.nonspeech import nonspeech_reason, strip_span
from ..toolkit.times import stamp_seconds
from ..toolkit.turns import TurnAssembler

NAME = "speaker-line"
DESCRIPTION = "speaker label alone on its line (optionally with a timestamp), speech below (Otter, Rev exports)"
KIND = "lines"

_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_L = r"[^\s:*()\[\]][^:*\n()\[\]]{0,63}?"
_OPEN, _CLOSE = r"[(\[]", r"[)\]]"
_SP = r"[ \t\u00a0]"

#: (pattern over the stripped line, whether the pattern has a timestamp). First match wins.
_PATTERNS = [
    re.compile(
        rf"\*\*(?P<label>{_L}){_SP}*\*\*{_SP}*{_OPEN}(?P<ts>{_TS}){_CLOSE}{_SP}*:?"
    ),  # **Speaker 1** (00:00:02):
    re.compile(rf"(?P<label>{_L}){_SP}*{_OPEN}(?P<ts>{_TS}){_CLOSE}{_SP}*:?"),  # Speaker 1 (00:00):
    re.compile(rf"(?P<label>{_L}){_SP}*:{_SP}*{_OPEN}(?P<ts>{_TS}){_CLOSE}"),  # Moderator: (00:00:12)
    re.compile(rf"(?P<label>{_L}){_SP}+(?P<ts>{_TS})"),  # Priya Shah  0:03
    re.compile(
        rf"{_OPEN}(?P<ts>{_TS}){_CLOSE}{_SP}*(?:[-–—|]{_SP}*)?(?P<label>{_L}){_SP}*(?P<colon>:)?"
    ),  # [00:00:12] Maria Lopez
    re.compile(rf"(?P<ts>{_TS}){_SP}+(?:[-–—|]{_SP}*)?(?P<label>{_L}){_SP}*(?P<colon>:)?"),  # 00:00:12 - Maria Lopez
    re.compile(rf"(?P<label>{_L}(?:{_SP}*\([^()\n]{{1,40}}\))+){_SP}*(?P<colon>:)?"),  # Kemi Badenoch (Essex) (Con)
    re.compile(rf"(?P<label>{_L}){_SP}*(?P<colon>:)?"),  # Priya Natarajan / WHITLOW:
]
_FOOTER = re.compile(r"^Transcribed by (?:https?://)?(?:www\.)?otter\.ai\S*$", re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?:Photograph|Photo|Illustration|Image)s?\s+(?:by|courtesy of)\s+[^.!?\n]{1,60}$", re.IGNORECASE
)
_HINT = (
    "put each speaker's label alone on a line (optionally with a timestamp, `Name  0:03` or `Name (00:00):`) "
    "and the speech below it"
)


#: Hansard's question number and identifier before the member's name (`Q1. [901234] Jane Smith (Exeter) (Lab)`).
_QUESTION_NUMBER = re.compile(r"^(?:Q?\d{1,3}\.[ \t]+)?\[\d{3,}\][ \t]+")


def _candidate(stripped: str) -> tuple[str, float | None, bool] | None:
    """(label, seconds or None, written with a colon) when the line is shaped like a label line."""
    stripped = _QUESTION_NUMBER.sub("", stripped)
    for pattern in _PATTERNS:
        m = pattern.fullmatch(stripped)
        if m:
            label = normalize_label(m.group("label"))
            if label_kind(label) is None:
                return None
            ts = m.groupdict().get("ts")
            return label, (stamp_seconds(ts) if ts else None), bool(m.groupdict().get("colon"))
    return None


def _classify(text: str):
    """Lines as (number, offset, line, stripped, lead, end, candidate-or-None)."""
    rows = []
    for number, offset, line in iter_lines(text):
        lead, end = strip_span(line)
        stripped = line[lead:end].lstrip("\ufeff")
        rows.append((number, offset, line, stripped, lead, end, _candidate(stripped) if stripped else None))
    return rows


def _accepted(cand: tuple[str, float | None, bool], counts: Counter) -> bool:
    label, seconds, colon = cand
    strong = label_kind(label) == "strong"
    return (
        seconds is not None
        or counts[label_core(label)] >= 2
        or (colon and strong)
        # an honorific or a party aside (`Mr Speaker`, `Kemi Badenoch (North West Essex) (Con)`)
        or (
            strong
            and not label.endswith(".")
            and ("(" in label or label.split()[0].rstrip(".").casefold() in _HONORIFIC_WORDS)
        )
    )


_HONORIFIC_WORDS = {"mr", "mrs", "ms", "dr", "madam", "sir", "lord", "lady", "baroness", "dame"}


def _label_rows(rows, declared: frozenset[str] | None):
    """Indices of the rows that are label lines; raises for undeclared label-like lines."""
    counts = Counter(label_core(row[6][0]) for row in rows if row[6])
    rules = LabelRules([], declared)
    labels = []
    for index, row in enumerate(rows):
        cand = row[6]
        if not cand:
            continue
        if declared is None:
            if _accepted(cand, counts):
                labels.append(index)
        elif rules.is_declared(cand[0]):
            labels.append(index)
        elif _accepted(cand, counts) and (cand[1] is not None or label_kind(cand[0]) == "strong"):
            raise rules.undeclared_error(cand[0], row[0], "stands alone on a line like a speaker label")
    return labels


def detect(decoded) -> float:
    text = lines_text(decoded)
    rows = _classify(text)
    try:
        labels = _label_rows(rows, None)
    except TranscriptFormatError:  # pragma: no cover - undeclared errors need declared labels
        return 0.0
    if len(labels) < 2:
        return 0.0
    label_set = set(labels)
    timed = sum(1 for i in labels if rows[i][6][1] is not None)
    # Label lines directly followed by their speech (no blank line between): this layout's mark.
    tight = sum(1 for i in labels if i + 1 < len(rows) and rows[i + 1][3] and i + 1 not in label_set)
    if timed >= 2 and timed >= 0.5 * len(labels):
        return 0.95
    if tight >= 2 and tight >= 0.6 * len(labels):
        return 0.9 if len(labels) >= 3 else 0.6
    return 0.3  # name lines each followed by a blank line: weak evidence for a label line over a heading


def match(line: str):
    """(label, seconds or None, colon) when `line` is shaped like a label line alone, or None."""
    lead, end = strip_span(line)
    return _candidate(line[lead:end].lstrip("\ufeff"))


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    rows = _classify(text)
    label_set = set(_label_rows(rows, options.speaker_labels))
    asm = TurnAssembler(NAME, text)
    starts: list[float | None] = []
    for index, (number, offset, line, stripped, _lead, _end, cand) in enumerate(rows):
        if not stripped:
            asm.paragraph_break()
            continue
        if index in label_set:
            asm.start_turn(cand[0], number)
            starts.append(cand[1])
            continue
        reason = nonspeech_reason(stripped, options.boilerplate)
        if reason is None and _FOOTER.match(stripped):
            reason = "export footer"
        elif reason is None and _CREDIT.match(stripped):
            reason = "photo credit"
        if reason:
            asm.skip(number, stripped, reason)
            continue
        asm.add_line(number, offset, line)
    parsed = asm.finish(_HINT)
    parsed.segments = with_starts(parsed.segments, starts)
    if any(s is not None for s in starts):
        parsed.notes.append(
            "end_seconds is the next turn's timestamp; the last turn has no end time "
            "(the build publishes no seconds for it)"
        )
    return parsed
