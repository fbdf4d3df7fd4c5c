"""Court and hearing transcripts converted from PDF: the plain-text container's pages (form
feeds, line numbers, running headers and footers, word index: see `containers/text.py`) read
with the colon grammar of `inline` (`CHIEF JUSTICE ROBERTS:`, `JUSTICE KAGAN:`, `MR. SMITH:`,
`QUESTION:`, `THE COURT:`, `THE WITNESS:`).

Before the first label is the caption (case name, docket, appearances, contents): preamble.
Inside turns, lines in capitals only are headings (`ORAL ARGUMENT OF JOHN SMITH`, `ON BEHALF
OF THE PETITIONER`, `REBUTTAL ARGUMENT OF ...`, `P R O C E E D I N G S`) and are skipped, and
so are parenthesised or bracketed notes on lines of their own, also when wrapped over several
lines (`(Whereupon, at 11:04 a.m., the case in the above-entitled matter was submitted.)`).
A turn's text is one paragraph: the line breaks of a printed page are layout.
"""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions
from ..toolkit import lines_text
from ..toolkit.labels import LABEL_RE, label_kind
from ..toolkit.turns import read_labelled

NAME = "court"
DESCRIPTION = "court and hearing transcripts converted from PDF (`JUSTICE KAGAN:`, `MR. SMITH:`; pages, line numbers)"
KIND = "lines"

_HEADING = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")


def _nonspeech(stripped: str, indent: int = 0) -> str | None:
    if _HEADING.match(stripped) and not LABEL_RE.match(stripped):
        return "heading"
    return None


def detect(decoded) -> float:
    """Strong colon labels (`JUSTICE KAGAN:`) in text the container found laid out on PDF pages."""
    text = lines_text(decoded)
    if not getattr(decoded, "paged", False):
        return 0.0
    strong = 0
    for line in text.splitlines():
        m = LABEL_RE.match(line)
        if m and label_kind(m.group("label")) == "strong":
            strong += 1
    return 0.95 if strong >= 3 else 0.0


#: The line that opens the proceedings after a court transcript's caption and appearances.
_PROCEEDINGS = re.compile(r"^\s*(?:P\s?R\s?O\s?C\s?E\s?E\s?D\s?I\s?N\s?G\s?S|PROCEEDINGS)\s*$")


def match(line: str):
    """The `NAME:` label at the start of a line (the colon grammar's pattern), or None."""
    return LABEL_RE.match(line)


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _PROCEEDINGS.match(line)), 0)
    return read_labelled(
        text,
        options,
        LABEL_RE,
        NAME,
        "start each turn with the speaker's label and a colon (`JUSTICE KAGAN: text`) at the beginning of a line",
        extra_nonspeech=_nonspeech,
        body_start=start,
    )
