"""Question/answer transcripts: oral histories, depositions and press briefings.

Three layouts, mixed freely:

* `Q:` / `A:` (oral histories) and `Q.` / `A.` (depositions) at the start of a line;
* the press-briefing question line, where the unnamed questioner `Q` starts a line *without*
  a colon but followed by two or more spaces or a tab (`Q    Mr. President, ...`); a bare `Q`
  alone on a line takes its speech from the following lines;
* named speakers written inline (`THE PRESIDENT:`, `MS. PSAKI:`, `MR. SMITH:`), recognised
  exactly as the `inline` reader does (see `inline.py` for what counts as a label).

The speaker of a question is `Q` and of an answer `A` (map them to the interviewer and the
narrator with metadata aliases; with declared labels, `Q` and `A` must be declared like any
other label). A label always starts a new turn. Unlabelled paragraphs continue the previous
turn; lines before the first label are the preamble. Skipped, with a reason: deposition
`BY MR. SMITH:` lines (they change who asks, not what is said; a note counts them), `END`
and footer lines, standalone bracketed non-speech (`[Witness conferring with counsel.]`,
`(LAUGHTER)`) and declared boilerplate. Offsets are code points into the decoded text,
from the first character of the turn's text (after the label) to the last.
"""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions, iter_lines
from ..toolkit import lines_text
from ..toolkit.labels import LABEL_RE, QA_LINE_RE, LabelRules, label_kind, normalize_label, qa_counts
from ..toolkit.nonspeech import nonspeech_reason, strip_span
from ..toolkit.turns import TurnAssembler

NAME = "qa"
DESCRIPTION = "`Q:`/`A:` or `Q.`/`A.` turns, and press briefings (`Q  ...` questions, `THE PRESIDENT:` answers)"
KIND = "lines"

_BY_LINE = re.compile(r"^BY[ \t\u00a0]+(?P<who>[^:\n]{1,60}):$")
#: A court reporter's line number at the start of a line (`12     Q.   ...`), 1-2 digits.
_LINE_NUMBER = re.compile(r"^([ \t]*)(\d{1,2})(?=[ \t]{2,}|[ \t]*$)", re.MULTILINE)


def blank_line_numbers(text: str) -> str:
    """Deposition transcripts number every line of a page (1-25). When most non-blank lines
    start with such a number, replace the numbers by spaces: the text keeps its length, so
    offsets still point into the source."""
    lines = [line for line in text.splitlines() if line.strip()]
    numbered = sum(1 for line in lines if _LINE_NUMBER.match(line))
    if len(lines) < 5 or numbered < 0.6 * len(lines):
        return text
    return _LINE_NUMBER.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def detect(decoded) -> float:
    text = lines_text(decoded)
    text = blank_line_numbers(text)
    q, a = qa_counts(text)
    if q < 2:
        return 0.3 if q and a else 0.0
    named = 0
    for _, _, line in iter_lines(text):
        m = LABEL_RE.match(line)
        if m and not QA_LINE_RE.match(line) and label_kind(m.group("label")) == "strong":
            named += 1
    if a >= 1 or named >= 1:
        return 0.9
    return 0.5


def match(line: str):
    """A `Q:`/`A:`/`Q.`/`Q  ` label or a named `NAME:` label at the start of `line`, or None."""
    return QA_LINE_RE.match(line) or LABEL_RE.match(line)


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    text = blank_line_numbers(text)
    lines = list(iter_lines(text))
    candidates = [m.group("label") for _, _, line in lines if (m := LABEL_RE.match(line))]
    rules = LabelRules(candidates, options.speaker_labels)
    asm = TurnAssembler(NAME, text)
    by_lines = 0
    for number, offset, line in lines:
        lead, end = strip_span(line)
        stripped = line[lead:end]
        if not stripped:
            asm.paragraph_break()
            continue
        reason = nonspeech_reason(stripped, options.boilerplate)
        if reason:
            asm.skip(number, stripped, reason)
            continue
        if _BY_LINE.match(stripped):
            by_lines += 1
            asm.skip(number, stripped, "examining-attorney line (BY ...:)")
            continue
        m = QA_LINE_RE.match(line)
        if m:
            label = m.group("label")
            rules.check_explicit(label, number, "is a Q/A label")
            asm.start_turn(label, number)
            asm.add_line(number, offset + m.end(), line[m.end() :])
            continue
        m = LABEL_RE.match(line)
        if m and rules.is_label(m.group("label"), number):
            asm.start_turn(normalize_label(m.group("label")), number)
            asm.add_line(number, offset + m.end(), line[m.end() :])
            continue
        asm.add_line(number, offset, line)
    parsed = asm.finish(
        "start questions with `Q:` (or `Q.`, or `Q` and two spaces) and answers with `A:` or the answerer's label"
    )
    if by_lines:
        parsed.notes.append(
            f"{by_lines} `BY ...:` line(s) changed the examining attorney; their questions stay under `Q`"
        )
    return parsed
