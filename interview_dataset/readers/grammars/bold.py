"""Markdown transcripts: `**Name:** text` (or `**Name**: text`) starts a turn.

Podcast show notes, Otter/Descript exports and wiki pages write transcripts as::

    ---
    title: Episode 12
    ---
    # Episode 12: Soil

    **Ana Ruiz:** [00:01:23] Welcome back. Prices fell 10\\% \\*again\\*.

    Unlabelled paragraphs continue Ana Ruiz's turn.

    **Break:**

    **Ben Okafor**: Thanks.

The label is the bold text, without the colon (inside or just after the closing `**`). Any
bold label of at most six words / 40 characters counts, except the editorial words (`Note`,
`Update`, ... see `labels.STOP_LABELS`): such lines, and `**Break:**` / `**Pause:**` markers, are
skipped with a reason, unless the word recurs and alternates like a speaker's label (`**NB**:`, an
interviewer's initials, see `labels.recurring_stop_labels`). Once a name is a bold label, the same
name with a colon at a paragraph start (`Andrew Lee: ...`) is a label too. A blockquote that is a
pull quote (its words repeated elsewhere, or an attribution line under it) is not speech. With
declared labels, a bold label that is not declared is an error.

The grammar keeps the turn text as written; the Markdown container renders it once (backslash
escapes such as `\\*`, `\\_`, `\\[` undone, emphasis and link markup removed; labels are
unescaped here). Inline timestamps such as
`[00:01:23]` or `(12:05)` after the label stay inside the turn text.

A timestamp BEFORE the bold label (Descript: `[00:00:00] **Jordan Blake:** text`) is part of
the label line, not of the text: it is the turn's `start_seconds`, and `end_seconds` is the next
turn's leading timestamp. The schema wants both or neither, so a turn gets seconds only when
both are known: the last turn, a turn followed by a turn without a leading timestamp, and a
turn whose next timestamp is earlier get `None`/`None`. A YAML front matter
block at the top (`---` ... `---`) is skipped; `#` headings before the first label are
preamble, later headings are skipped; horizontal rules, `END`/footer lines, standalone
bracketed non-speech and declared boilerplate are skipped.

Offsets are code points into the decoded source (so `text[source_start:source_end]` still
holds the escapes), from the first character after the label to the last of the turn.
"""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions, TranscriptFormatError, iter_lines, with_starts
from ..toolkit import lines_text
from ..toolkit.labels import LABEL_RE as INLINE_LABEL_RE
from ..toolkit.labels import STOP_LABELS, WS, LabelRules, label_kind, normalize_label, recurring_stop_labels
from ..toolkit.nonspeech import nonspeech_reason, strip_span
from ..toolkit.times import stamp_seconds
from ..toolkit.turns import TurnAssembler

NAME = "bold"
DESCRIPTION = "`**Name:** text` turns in Markdown (show notes, Otter/Descript exports)"
KIND = "lines"
#: Bold labels are Markdown: the turns' text is rendered as Markdown (escapes, emphasis, links) by
#: the container, once; the grammar keeps the text as written.
MARKUP = "markdown"

#: A Descript-style timestamp before the bold label: `[00:00:00] **Jordan Blake:** text`.
_LEAD_TS = r"[\[(](?P<ts>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]"
LABEL_RE = re.compile(
    rf"[{WS}]*(?:{_LEAD_TS}[{WS}]*)?\*\*(?P<label>(?:\\.|[^*\\\n]){{1,64}}?)(?:[{WS}]*:\*\*|\*\*[{WS}]*:)(?:[{WS}]+|$)"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
#: A thematic break, or a rule typed as a run of em or en dashes (`——`, as magazines set them).
_RULE = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:[—–][ \t]*){2,})$")
_FRONT_END = {"---", "..."}
#: A setext / reStructuredText heading underline (`-----`, `=====`, `^^^^^`).
_UNDERLINE = re.compile(r"^([=\-^~#+`'\"])\1{2,}$")
#: Free Software Magazine's markup: `=TEXTBOX_START=Title=` ... `=TEXTBOX_END=`, `=IMAGE=file=caption`, `=ZOOM=quote=`.
_SIDEBAR_START = re.compile(r"^=TEXTBOX_START=")
_SIDEBAR_END = re.compile(r"^=TEXTBOX_END=")
_SITE_MARKUP = re.compile(r"^=(?:IMAGE|ZOOM|BOX|QUOTE)=")
_QA_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<label>[QA])[.:][ \t]+(?P<rest>\S.*)$")
_BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)])[ \t]+(?=\S)")
_IMAGE = re.compile(r"^!\[[^\]\n]*\]\([^)\n]*\)$")
#: A line wholly in italics (`*DHHWG members at KubeCon*`, `*(Pause)*`, `_Photo: ..._`).
_ITALIC_LINE = re.compile(r"^(?:\*(?!\*)[^*\n]+\*|_(?!_)[^_\n]+_)$")
#: A bold line holding the label and the whole turn: `**SK: Could you introduce yourself?**`.
_BOLD_WHOLE = re.compile(r"^[ \t]*\*\*(?P<label>[^*:\n]{1,64}?):[ \t]+(?P<rest>[^\n]+?)\*\*[ \t]*$")
_BREAKS = {"break", "pause", "intermission", "recess", "ad break", "commercial break", "music", "music break"}


#: The first line of a bold label and question wrapped over lines: `**Frederico (FSM): Hello, ... about`
_BOLD_OPEN = re.compile(r"^[ \t]*\*\*(?P<label>[^*:\n]{1,64}?):[ \t]+(?P<rest>[^*\n]*[^*\s])[ \t]*$")


def _bold_opening(lines, index: int):
    """The `_BOLD_OPEN` match of line `index` when a later line of its paragraph closes the bold."""
    m = _BOLD_OPEN.match(lines[index][2])
    if not m:
        return None
    for _, _, line in lines[index + 1 : index + 12]:
        if not line.strip():
            break
        if line.rstrip().endswith("**"):
            return m
        if "**" in line:
            return None
    # the bold is never closed (a typo in the source): still a label when it reads as a name
    return m if label_kind(normalize_label(m.group("label"))) is not None else None


def unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _label(match: re.Match) -> str:
    return normalize_label(unescape(match.group("label")))


def _acceptable(label: str, speaking: frozenset[str] | set[str] = frozenset()) -> bool:
    """A bold label of a speaker: short, and not an editorial word (`Note`, `Update`) unless that word
    recurs and alternates like a speaker in this file (`speaking`, see `recurring_stop_labels`)."""
    return (
        bool(label)
        and len(label) <= 40
        and len(label.split()) <= 6
        and (label.casefold() not in STOP_LABELS or label in speaking)
    )


def detect(decoded) -> float:
    text = lines_text(decoded)
    labels = nonblank = 0
    for _, _, line in iter_lines(text):
        if line.strip():
            nonblank += 1
            m = LABEL_RE.match(line)
            if m and _acceptable(_label(m)):
                labels += 1
            elif (w := _BOLD_WHOLE.match(line)) and label_kind(normalize_label(w.group("label"))) is not None:
                labels += 1
    if labels < 2:
        return 0.3 if labels else 0.0
    return 0.9 if labels / nonblank >= 0.1 else 0.6


def match(line: str):
    """The `**Name:**` / `**Name**:` label (or a whole bold `**Name: text**` line) at the start of `line`."""
    return LABEL_RE.match(line) or _BOLD_WHOLE.match(line)


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    lines = list(iter_lines(text))
    candidates = [_label(m) for _, _, line in lines if (m := LABEL_RE.match(line))]
    rules = LabelRules(candidates, options.speaker_labels)
    # `**NB**:` of an interviewer called NB, recurring between the answers, is a speaker, not "nota bene"
    speaking = recurring_stop_labels(
        [
            _label(m) if m.re is LABEL_RE else normalize_label(unescape(m.group("label")))
            for _, _, line in lines
            if (m := match(line))
        ]
    )
    inline_candidates = [
        m.group("label") for _, _, line in lines if not LABEL_RE.match(line) and (m := INLINE_LABEL_RE.match(line))
    ]
    inline_rules = LabelRules(inline_candidates, options.speaker_labels)
    asm = TurnAssembler(NAME, text)
    starts: list[float | None] = []

    index = 0
    first = next((i for i, (_, _, line) in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first][2].strip().lstrip("\ufeff") == "---":
        close = next((i for i in range(first + 1, len(lines)) if lines[i][2].strip() in _FRONT_END), None)
        if close is None:
            raise TranscriptFormatError(
                "the front matter opened by `---` is never closed",
                lines[first][0],
                "end the YAML front matter with a line holding only `---`, or remove the opening `---`",
            )
        for number, _, line in lines[first : close + 1]:
            if line.strip():
                asm.skip(number, line.strip(), "front matter")
        index = close + 1

    pull_quotes = _pull_quotes(lines, text)
    index_of = {number: i for i, (number, _, _) in enumerate(lines)}
    label_lines = [n for n, _, line in lines if LABEL_RE.match(line) or _BOLD_WHOLE.match(line)]
    last_label = label_lines[-1] if label_lines else None
    closing = False
    open_bold = False
    sidebar = False
    for number, offset, line in lines[index:]:
        lead, end = strip_span(line)
        stripped = line[lead:end]
        if not stripped:
            asm.paragraph_break()
            continue
        if not closing and last_label is not None and number > last_label and asm.in_turn:
            following = lines[index_of[number] + 1][2].strip() if index_of[number] + 1 < len(lines) else ""
            closing = bool(_HEADING.match(stripped) or _RULE.match(stripped) or _UNDERLINE.match(following))
        if closing:
            asm.skip(number, stripped, "closing matter (after the interview)")
            continue
        reason = nonspeech_reason(stripped, options.boilerplate) or nonspeech_reason(unescape(stripped), frozenset())
        if reason:
            asm.skip(number, stripped, reason)
            continue
        if sidebar or _SIDEBAR_START.match(stripped):
            # a boxed sidebar (`=TEXTBOX_START=Abbreviations=` ... `=TEXTBOX_END=`): not the interview
            sidebar = not _SIDEBAR_END.match(stripped)
            asm.skip(number, stripped, "sidebar")
            continue
        if number in pull_quotes:
            asm.skip(number, stripped, "pull quote (a quotation set apart, repeated or attributed)")
            continue
        if _SITE_MARKUP.match(stripped):
            asm.skip(number, stripped, "site markup (image, pull quote)")
            continue
        qh = _QA_HEADING.match(stripped)
        if qh and (options.speaker_labels is None or rules.is_declared(qh.group("label"))):
            # a question set as a heading: `# Q. Why hardware?`
            rest_at = offset + lead + qh.start("rest")
            asm.start_turn(qh.group("label"), number)
            starts.append(None)
            asm.add_text(qh.group("rest").rstrip(), rest_at, rest_at + len(qh.group("rest").rstrip()), number)
            continue
        if _HEADING.match(stripped):
            if asm.in_turn:
                asm.skip(number, stripped, "heading")
            else:
                asm.paragraph_break()
                asm.add_text(stripped, offset + lead, offset + end, number)
                asm.paragraph_break()
            continue
        if _RULE.match(stripped) or _UNDERLINE.match(stripped):
            asm.skip(number, stripped, "horizontal rule" if _RULE.match(stripped) else "heading underline")
            continue
        if index_of[number] + 1 < len(lines) and _UNDERLINE.match(lines[index_of[number] + 1][2].strip()):
            if asm.in_turn or asm.parsed.segments:
                asm.skip(number, stripped, "heading")
                continue
        if _IMAGE.match(stripped):
            asm.skip(number, stripped, "image")
            continue
        if _ITALIC_LINE.match(stripped) and asm.in_turn and not asm.open_para:
            asm.skip(number, stripped, "note in italics (caption or stage direction)")
            continue
        whole = _BOLD_WHOLE.match(line) or _bold_opening(lines, index_of[number])
        if whole and not LABEL_RE.match(line):
            label = normalize_label(unescape(whole.group("label")))
            if (label_kind(label) is not None or label in speaking) and (
                rules.is_declared(label) or (options.speaker_labels is None and _acceptable(label, speaking))
            ):
                # `**SK: the whole question in bold**`
                asm.start_turn(label, number)
                starts.append(None)
                rest = whole.group("rest")
                if whole.re is _BOLD_WHOLE and "**" in rest:
                    # bold closed and reopened around a link (`... written** [**a paper**](..) **about ...`):
                    # the text is the whole bold run, so that rendering pairs every `**`
                    rest = f"**{rest}**"
                asm.add_text(rest, offset + whole.start("rest"), offset + whole.end("rest"), number)
                open_bold = whole.re is _BOLD_OPEN
                continue
        if open_bold and stripped.endswith("**"):
            # the last line of a label and question in bold wrapped over several lines
            open_bold = False
            end -= 2
            stripped = stripped[:-2].rstrip()
            end = lead + len(stripped)
        m = LABEL_RE.match(line)
        if m:
            label = _label(m)
            if label.casefold().strip("[]()") in _BREAKS:
                asm.skip(number, stripped, "break marker")
                continue
            if label.casefold() in STOP_LABELS and label not in speaking:
                asm.skip(number, stripped, "editorial note, not speech")
                continue
            if rules.is_declared(label) or (options.speaker_labels is None and _acceptable(label, speaking)):
                asm.start_turn(label, number)
                starts.append(stamp_seconds(m.group("ts")) if m.group("ts") else None)
                rest_lead, rest_end = strip_span(line[m.end() :])
                asm.add_text(
                    line[m.end() + rest_lead : m.end() + rest_end],
                    offset + m.end() + rest_lead,
                    offset + m.end() + rest_end,
                    number,
                )
                continue
            if options.speaker_labels is not None and _acceptable(label) and label_kind(label) is not None:
                raise rules.undeclared_error(label, number, "is a bold speaker label")
        im = INLINE_LABEL_RE.match(line)
        if im and (
            inline_rules.is_label(im.group("label"), number)
            or (
                # `Andrew Lee: ...` at a paragraph start, in a file where `**Andrew Lee**:` is a label
                options.speaker_labels is None
                and not asm.open_para
                and rules.counts[normalize_label(im.group("label"))] >= 1
                and _acceptable(normalize_label(im.group("label")))
            )
        ):
            # labels of two grammars mixed in one file: `**HOST: question**` and `GUEST: answer`
            asm.start_turn(normalize_label(im.group("label")), number)
            starts.append(None)
            asm.add_line(number, offset + im.end(), line[im.end() :])
            continue
        bullet = _BULLET.match(stripped)
        if bullet:
            lead += bullet.end()
            stripped = stripped[bullet.end() :]
        asm.add_text(stripped, offset + lead, offset + end, number)
    parsed = asm.finish("start each turn with the speaker in bold followed by a colon: `**Name:** text`")
    if any(s is not None for s in starts):
        parsed.segments = with_starts(parsed.segments, starts)
        parsed.notes.append(
            "end_seconds is the next turn's leading timestamp; the last turn has no end time "
            "(the build publishes no seconds for it)"
        )
    return parsed


_QUOTE_LINE = re.compile(r"^[ \t]{0,3}>[ \t]?")
#: The attribution under a pull quote: `–Lauren Frohlich, Product Owner`, `— Ana Ruiz`, `-- Ana`.
_ATTRIBUTION = re.compile(r"^(?:[–—]|--?)[ \t]*[A-Z]")


def _pull_quotes(lines, text: str) -> set[int]:
    """Line numbers of the blockquotes that are pull quotes, not speech: a `>` paragraph between the
    turns whose words are repeated elsewhere in the file (the quotation is also in an answer), or
    whose last line is an attribution (`> –Name, role`; a `<span>` around it is already blanked)."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        if not _QUOTE_LINE.match(lines[i][2]) or (i > 0 and lines[i - 1][2].strip()):
            i += 1
            continue
        j = i
        while j < len(lines) and _QUOTE_LINE.match(lines[j][2]):
            j += 1
        if j < len(lines) and lines[j][2].strip():
            i = j  # the quote runs on into a paragraph of text: not a block of its own
            continue
        body = [_QUOTE_LINE.sub("", lines[k][2]).strip() for k in range(i, j)]
        body = [b for b in body if b]
        words = " ".join(" ".join(body[:1]).split()[:12])
        start, end = lines[i][1], lines[j - 1][1] + len(lines[j - 1][2])
        outside = " ".join((text[:start] + " " + text[end:]).split())
        if body and ((len(words) >= 30 and words in outside) or (len(body) > 1 and _ATTRIBUTION.match(body[-1]))):
            found.update(lines[k][0] for k in range(i, j))
        i = j
    return found
