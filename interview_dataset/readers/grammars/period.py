"""Hearing records in the style of the US Government Publishing Office (GPO) and the
Congressional Record: the label is an honorific or title plus a surname in capitals, ended by
a PERIOD, at the start of the turn's first line::

    The CHAIRMAN. The committee will come to order.
    Mr. GARCIA of Illinois. Thank you, Mr. Chairman.
        [Witness conferring with counsel.]
    Senator WARREN. Thank you.

The speaker is the label as written without its period (`Mr. GARCIA of Illinois`, `The SPEAKER
pro tempore`, `Ms. DeLAURO`). A capital surname is required, so ordinary sentences (`Mr. Garcia
agreed.`) are never labels. The Record's unnamed `Voice.` and the written `Question.` /
`Answer.` of questions submitted for the record are labels too. Lines
without a label continue the current turn; everything else (preamble, standalone bracketed
non-speech, `END`/footer lines, declared labels and errors) works as in the colon grammar,
whose machinery this reader shares. Lines in capitals only are headings (`STATEMENT OF
HON. ...`) and `[GRAPHIC] [TIFF OMITTED] ...` lines omitted graphics: both skipped.
"""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions, iter_lines
from ..toolkit import lines_text
from ..toolkit.labels import WS
from ..toolkit.turns import read_labelled

NAME = "period"
DESCRIPTION = "hearing records: `Mr. SURNAME.` / `The CHAIRMAN.` labels ending in a period (GPO style)"
KIND = "lines"

_TITLE = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Miss|Gen|Adm|Sen|Rep)\.|The|Senator|Representative|Chairman|Chairwoman|Chair|Secretary"
    r"|General|Admiral|Ambassador|Judge|Justice|Governor|Mayor|Commissioner|Director|Colonel|Major|Captain)"
)
#: A surname in capitals, with the mixed-case prefixes the Record keeps (`McBATH`, `DeLAURO`).
_CAPS = r"(?:Mc|Mac|De|Di|Du|La|Le|Van|Von|O'|O’|D'|D’)?[A-Z][A-Z'’\-]+"
_S = r"[ \u00a0]+"
LABEL_RE = re.compile(
    rf"[{WS}]*(?P<label>{_TITLE}{_S}(?:{_CAPS}{_S})*{_CAPS}(?:{_S}pro{_S}tempore)?"
    rf"(?:{_S}of{_S}[A-Z][A-Za-z]+(?:{_S}[A-Z][A-Za-z]+)?)?"
    rf"(?:{_S}\((?:Mr|Mrs|Ms)\.{_S}[A-Z][A-Za-z'’\-]+\))?"  # `The PRESIDING OFFICER (Mr. Cornyn).`
    rf"|Voice|Voices|Question|Answer)\.(?:[{WS}]+|$)"
)


#: Since about 2008 GPO prints labels in mixed case (`    The Chairman. ...`, `    Mr. Koo. ...`), at
#: the start of an INDENTED paragraph, which is what tells them from a sentence (`Mr. Koo agreed.`).
_MIXED_TITLE = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Miss)\.|Chairman|Chairwoman|Senator|Secretary|Governor|Representative|General|Judge"
    r"|Ambassador|Commissioner|Director|Admiral|Professor)"
)
_MIXED_RE = re.compile(
    rf"[ \t\u00a0]{{2,}}(?P<label>The{_S}(?:Chairman|Chairwoman|Chair|Speaker|President|Clerk|Presiding{_S}Officer)"
    rf"|{_MIXED_TITLE}{_S}(?:Mc|Mac|De|Van|O'|O’)?[A-Z][a-z'’\-]+(?:-[A-Z][a-z]+)?"
    rf"(?:{_S}of{_S}[A-Z][a-z]+(?:{_S}[A-Z][a-z]+)?)?)\.[{WS}]+(?=\S)"
)


class _Labels:
    """The capital-surname labels, and the mixed-case ones of indented paragraphs."""

    @staticmethod
    def match(line: str):
        return LABEL_RE.match(line) or _MIXED_RE.match(line)


LABELS = _Labels()
#: The Record's narration between speeches: the clerk's actions, members addressing the Chair.
NARRATION = re.compile(
    "|".join(
        (
            r"There (?:being|was) no objection\b",
            r"\\\d{1,3}\\[ \u00a0]",  # a GPO footnote: `\1\ See Exhibit ...`
            r"The (?:Acting )?Dean of the Diplomatic Corps\b",
            r"The Chief Justice of the United States and\b",
            r"The [Mm]embers of the (?:President's |President’s )?Cabinet\b",
            r"\((?:Mr|Mrs|Ms)\.[ \u00a0]+[A-Z'’]{2,}.{0,40} asked and was given\b",
            r"(?:Accordingly, )?[Aa]t \d{1,2} o['’]clock and \d{1,2} minutes [ap]\.m\.,",
            r"The [A-Z][\w ,]{0,80}? (?:entered|escorted|retired|withdrew|took (?:the|their|his|her) (?:seats?|places?)"
            r"|(?:was|were) escorted)\b",
            r"The (?:Assistant to the )?(?:Sergeant at Arms|Doorkeeper)\b",
            r"The (?:[a-z]+ ){0,3}clerk (?:read|proceeded|called|will)\b",
            r"(?:Mr|Mrs|Ms)\.[ \u00a0]+\S+(?:[ \u00a0]+of[ \u00a0]+[A-Z]\w+)? addressed the Chair\.",
        )
    ).join(("^(?:", ")"))
)


#: GPO layout that is not speech: headings in capitals (`STATEMENT OF HON. ...`,
#: `SUBCOMMITTEE RECESS`) and omitted graphics (`[GRAPHIC] [TIFF OMITTED] T3401.001`).
_HEADING = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")
_GRAPHIC = re.compile(r"^\[GRAPHIC\]|^\[TIFF OMITTED\]")


#: A centred title in the Record (`                             General Leave`).
_CENTRED = re.compile(r"^[A-Z][^.!?:;,]{0,60}$")


def _nonspeech(stripped: str, indent: int = 0) -> str | None:
    if _GRAPHIC.match(stripped):
        return "omitted graphic"
    if _HEADING.match(stripped) and not LABELS.match(stripped):
        if indent == 0 and stripped[-1] in ".,;?!" and len(stripped.split()) <= 3:
            return None  # the end of a wrapped sentence (`CAFTA.`), not a heading
        return "heading"
    if indent >= 10 and _CENTRED.match(stripped):
        return "heading"
    return None


def detect(decoded) -> float:
    text = lines_text(decoded)
    labelled = sum(1 for _, _, line in iter_lines(text) if LABELS.match(line))
    if labelled < 2:
        return 0.0
    return 0.9 if labelled >= 3 else 0.6


def match(line: str):
    """The `Mr. SURNAME.` / `The CHAIRMAN.` label at the start of `line`, or None."""
    return LABELS.match(line)


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    return read_labelled(
        text,
        options,
        LABELS,
        NAME,
        "start each turn with the speaker's title and capitalised surname and a period (`Mr. SMITH. text`)",
        syntactic=True,
        extra_nonspeech=_nonspeech,
        narration=NARRATION,
    )
