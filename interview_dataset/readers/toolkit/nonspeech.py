"""Lines and paragraphs that are not speech, wherever they occur: boilerplate, end markers,
copyright footers, standalone bracketed annotations, publishers' notices, rules, time stamps."""

from __future__ import annotations

import re

# --- non-speech lines --------------------------------------------------------------------

#: A line that is nothing but a bracketed or parenthesised annotation, or a music note run.
NONSPEECH_RE = re.compile(r"^(?:\[[^\[\]\n]*\]|\([^()\n]*\)|♪[^\n]*|\*\[[^\[\]\n]*\]\*)$")
#: End-of-transcript and footer markers.
END_RE = re.compile(
    r"^(?:END|\(END\)|\[END\]|END OF (?:TRANSCRIPT|INTERVIEW|RECORDING)\.?|###|# # #|-\s?30\s?-)"
    r"(?:[ \t\u00a0]+[0-9:.,APMESTDUTC apmestdutc\u00a0]*)?$"
)
FOOTER_RE = re.compile(r"^(?:©|\(c\)\s|copyright\s+(?:©|\(c\)|\d{4}))", re.IGNORECASE)
#: Publishers' notices about the transcript itself (NPR, CNN, MSNBC, magazines).
NOTICE_RE = re.compile(
    r"^(?:NPR transcripts are created|THIS IS A RUSH TRANSCRIPT|This (?:interview|conversation|transcript) has been"
    r"(?: lightly)? (?:edited|condensed)"
    r"|This transcript (?:may not be in its final form|was (?:automatically )?generated)"
    r"|Transcript provided by|(?:Story continues below )?advertisement$)",
    re.IGNORECASE,
)
#: Rules and section breaks (`____`, `* * *`, `—`) and Congressional Record time stamps (`{time}  1415`).
#: A dash alone on a line is not a rule: it ends a hard-wrapped interrupted sentence (`... countries` / `—`).
RULE_RE = re.compile(r"^(?:(?:[*=~·•#]\s?){1,40}|(?:[_\-—–]\s?){2,40}|(?:[*_=~\-—–·•#]\s?){3,40})$")
#: The Congressional Record's page markers (`[[Page S5552]]`, `[[Page H1234]]`).
PAGE_MARK_RE = re.compile(r"^\[\[Page [A-Z]?\d+\]\]$|^_(?:page|tape|labels|note|lang)\s*:\s*.*$")
#: A line that is only a clock or elapsed time (`[00:01:02]`, `(1:02:03.5)`, `[00:00:00:26]` d:h:m:s,
#: `[-00:00:00:03]` before a count-down's zero).
CLOCK_LINE_RE = re.compile(r"^[\[(]?(?P<clock>-?\d{1,3}(?::\d{2}){1,3}(?:[.,]\d+)?)[\])]?$")
TIME_STAMP_RE = re.compile(
    r"^\{time\}\s+\d{3,4}$|^[\[(*_]*\d{1,2}[:.]\d{2}(?::\d{2})?\s?(?:[AaPp]\.?\s?[Mm]\.?)?(?:\s[A-Z]{2,4})?[\])*_]*$"
)


#: Any of the patterns above, in one: a line that matches none of them (most lines: speech) is
#: told apart with one match instead of eight; `nonspeech_reason` then names the first that matches.
_ANY_NONSPEECH = re.compile(
    "|".join(
        f"(?:(?i:{r.pattern}))" if r.flags & re.IGNORECASE else f"(?:{r.pattern})"
        for r in (END_RE, FOOTER_RE, CLOCK_LINE_RE, NONSPEECH_RE, NOTICE_RE, RULE_RE, PAGE_MARK_RE, TIME_STAMP_RE)
    )
)


def _is_layout_space(ch: str) -> bool:
    return ch.isspace() or ch in "\u200b\ufeff"


def strip_span(line: str) -> tuple[int, int]:
    """(lead, end): the line without layout white space at either edge is line[lead:end]."""
    lead, end = 0, len(line)
    while lead < end and _is_layout_space(line[lead]):
        lead += 1
    while end > lead and _is_layout_space(line[end - 1]):
        end -= 1
    return lead, end


def nonspeech_reason(stripped: str, boilerplate: frozenset[str]) -> str | None:
    """Why a whole (trimmed) line or paragraph is not speech, or None."""
    if stripped in boilerplate:
        return "declared boilerplate"
    if not _ANY_NONSPEECH.match(stripped):
        return None
    if END_RE.match(stripped):
        return "end-of-transcript marker"
    if FOOTER_RE.match(stripped):
        return "copyright footer"
    if CLOCK_LINE_RE.match(stripped):
        return "time stamp"
    if NONSPEECH_RE.match(stripped):
        return "standalone non-speech annotation"
    if NOTICE_RE.match(stripped):
        return "publisher's notice"
    if RULE_RE.match(stripped):
        return "horizontal rule"
    if PAGE_MARK_RE.match(stripped):
        return "page marker"
    if TIME_STAMP_RE.match(stripped):
        return "time stamp"
    return None


def wrapped_bracket_end(lines: list, index: int, max_lines: int = 8) -> int | None:
    """When line `index` opens a bracketed note (`[...]`, or `(Whereupon ...)` as court reporters
    write it) that closes a few lines later, with nothing after the closing bracket (a paragraph
    of its own), the index of its last line."""
    first = lines[index][2].strip()
    opener = first[:1]
    if opener == "(" and not first.startswith(("(Whereupon", "(Pause", "(Recess", "(Brief", "(Off the record")):
        return None
    closer = {"[": "]", "(": ")"}.get(opener)
    if closer is None or closer in first:
        return None
    for j in range(index + 1, min(len(lines), index + 1 + max_lines)):
        line = lines[j][2].strip()
        if not line or opener in line:
            return None
        if closer in line:
            return j if line.endswith(closer) and line.count(closer) == 1 else None
    return None
