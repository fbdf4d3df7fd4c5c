"""Hearing records in the style of the US Government Publishing Office (GPO) and the
Congressional Record: the label is an honorific or title plus a surname in capitals, ended by
a PERIOD, at the start of the turn's first line::

    The CHAIRMAN. The committee will come to order.
    Mr. GARCIA of Illinois. Thank you, Mr. Chairman.
        [Witness conferring with counsel.]
    Senator WARREN. Thank you.

The speaker is the label as written without its period (`Mr. GARCIA of Illinois`). A capital
surname is required, so ordinary sentences (`Mr. Garcia agreed.`) are never labels. Lines
without a label continue the current turn; everything else (preamble, standalone bracketed
non-speech, `END`/footer lines, declared labels and errors) works as in the inline reader,
whose machinery this reader shares.
"""

from __future__ import annotations

import re

from .base import ParsedTranscript, ReaderOptions, iter_lines
from .inline import WS, read_labelled

NAME = "hearing"
DESCRIPTION = "hearing records: `Mr. SURNAME.` / `The CHAIRMAN.` labels ending in a period (GPO style)"

_TITLE = r"(?:(?:Mr|Mrs|Ms|Dr|Miss|Gen|Adm|Sen|Rep)\.|The|Senator|Representative|Chairman|Chairwoman|Chair|Secretary|General|Admiral|Ambassador|Judge|Justice|Governor|Mayor|Commissioner|Director|Colonel|Major|Captain)"
_CAPS = r"[A-Z][A-Z'’\-]+"
LABEL_RE = re.compile(
    rf"[{WS}]*(?P<label>{_TITLE}[ \u00a0]+(?:{_CAPS}[ \u00a0]+)*{_CAPS}(?:[ \u00a0]+of[ \u00a0]+[A-Z][A-Za-z]+(?:[ \u00a0]+[A-Z][A-Za-z]+)?)?)\.(?:[{WS}]+|$)"
)


def detect(text: str) -> float:
    labelled = sum(1 for _, _, line in iter_lines(text) if LABEL_RE.match(line))
    if labelled < 2:
        return 0.0
    return 0.9 if labelled >= 3 else 0.6


def read(text: str, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    return read_labelled(text, options, LABEL_RE, NAME,
                         "start each turn with the speaker's title and capitalised surname and a period (`Mr. SMITH. text`)")
