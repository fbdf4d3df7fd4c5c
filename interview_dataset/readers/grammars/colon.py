"""Inline transcripts: `NAME: text` at the start of a line, continuation paragraphs unlabelled.

The layout of press releases, hearing records, podcast show notes and most plain-text
transcripts::

    THE PRESIDENT: Thank you all for coming.
    DR. STOKES:\u00a0Thank you, Mr. President.

      That is why we are here.        <- no label: continues DR. STOKES

A label is the text before the first colon of a line, when the colon is followed by white
space (including U+00A0) or the end of the line, and the text is short and name-like: at most
six words and 40 characters, every word capitalised, an honorific (`Mr.`, `Dr.`, `Senator`), a
name particle (`de`, `van`, `of`) or an id (`SPEAKER_01`, `Speaker 2`). `10:30`, URLs,
`He said: ...` and `Note: ...` are therefore not labels. Indentation is ignored.

Labels are *strong* when they hold an all-capitals word (`THE PRESIDENT`, `Mr. LIMAN`,
`Senator WARREN`) or an id (`SPEAKER_01`, `Speaker 2`); a *weak* label (`Sasha Talaver`,
`Interviewer`, `Q`) counts only when it recurs, so a single `Paris: the city...` or a
front-matter line `Interviewer: J. Osei` stays text. A list of
words that are never speakers (`Note`, `Update`, `Date`, `Source`, ...) is excluded.

With declared labels (`ReaderOptions.speaker_labels`) exactly those start turns; a line
that would have been taken as a label without metadata but is not declared is an error.

NPR/MediaSum `NAME, ROLE:` labels (`MADELEINE BRAND, HOST:`) are kept WHOLE as the speaker
(`MADELEINE BRAND, HOST`): that is the label as written, and metadata maps it with an alias;
splitting off the role would lose the distinction between `, HOST` and `, BYLINE` turns.

`Segment.speaker` is the label as written with runs of white space (NBSP included) collapsed
to one space. A label always starts a new turn, even for the same speaker. A label followed
by nothing takes its speech from the following lines; a label with no speech at all is an
error. Lines before the first label are the preamble (title, place, time). Skipped, with a
reason: declared boilerplate, `END` / `###` / copyright footer lines, and standalone
bracketed non-speech such as `(LAUGHTER)` or `[Witness conferring with counsel.]`.

Offsets: `source_start`/`source_end` are code-point offsets into the decoded text, from the
first character of the turn's first text (after the label) to the last of its last text.

The machinery other grammars share (`label_kind`, `LabelRules`, `TurnAssembler`, the
non-speech patterns) lives in `toolkit/`.
"""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions
from ..toolkit import lines_text
from ..toolkit.labels import LABEL_RE, LabelRules, normalize_label  # noqa: F401  (LabelRules: see `read_labelled`)
from ..toolkit.turns import _label_lines, read_labelled

NAME = "colon"
DESCRIPTION = "`NAME: text` at the start of each turn's first line (press releases, hearings, podcasts)"
KIND = "lines"

_ONLY_TIMESTAMP = re.compile(r"^[\[(]?\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?[\])]?$")


def detect(decoded) -> float:
    text = lines_text(decoded)
    lines, rules, _ = _label_lines(text)
    labelled = with_text = 0
    speakers = set()
    for _, _, line in lines:
        m = LABEL_RE.match(line)
        if m and rules.discovered(m.group("label")):
            labelled += 1
            speakers.add(normalize_label(m.group("label")))
            rest = line[m.end() :].strip()
            if rest and not _ONLY_TIMESTAMP.match(rest):  # `Name: (00:00:12)` is a speaker-lines label
                with_text += 1
    if labelled < 2:
        return 0.0
    share = with_text / labelled
    if share >= 0.6:
        return 0.9 if labelled >= 3 else 0.6
    return 0.75 if share >= 0.4 else 0.45


def match(line: str):
    """The `NAME:` label at the start of `line` (group `label`), or None; `read` keeps only
    name-like labels that recur or are strong (see `toolkit/labels.py`)."""
    return LABEL_RE.match(line)


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    return read_labelled(
        text,
        options,
        LABEL_RE,
        NAME,
        "start each turn with the speaker's label and a colon (`NAME: text`) at the beginning of a line",
    )
