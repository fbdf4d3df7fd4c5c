"""Labels in styled HTML paragraphs (the paragraphs of the HTML container, `containers/html.py`).

The first text of a paragraph inside `<cite>`, `<dt>` or any element whose class mentions
`speaker` is a label (explicit markup). Inside `<strong>` / `<b>` it is a label when it ends
with a colon (inside or just after the element) or fills the paragraph, and is name-like as in
the colon grammar (strong, or recurring); a bold name WITHOUT a colon followed by the answer
(`<b>Name</b> text`) is a label when that name recurs. A paragraph with no label element may
still start with an inline `NAME: ` label (the colon grammar's rules). The colon is dropped;
text after the label element is the turn's first paragraph; following paragraphs without a
label continue the turn; a label filling its paragraph takes its speech from the following
paragraphs. A `<br>` followed by a bold label with a colon splits its paragraph, so
`<p><b>HOST:</b> Hi.<br><b>GOV. HALE:</b> Hello.</p>` is two turns. A bold paragraph that is
itself an inline label and text (`<p><strong>Q: Where are you?</strong></p>`) is read as the
inline label `Q` with the text `Where are you?`. With declared labels, undeclared labels are
an error.

Paragraphs before the first label are the preamble (`Block.text` is the extracted text);
headings after it, `END`/footer paragraphs, lines that are only a bracketed note, standalone
bracketed non-speech and declared boilerplate are skipped. Closing matter after the last
answer (a heading, a rule, a paragraph wholly in italics, `About the author`, `Update`,
comments, navigation) is not speech. `<time>` elements between a label and its text give the
turn's start (Podcasting 2.0 HTML). For HTML the "every non-blank line" rule applies to
extracted paragraphs: each lands in a segment, the preamble or `skipped`. Offsets
(`source_start`/`source_end`, `Block.start`/`end`) are code points into the RAW HTML;
`Segment.line` is the source line of the label.
"""

from __future__ import annotations

from ..base import ParsedTranscript, ReaderOptions, Skipped, with_starts
from ..containers.html import _CLOSING, _HEADINGS, _Char, _Extractor, _strip, _text
from ..toolkit.labels import LABEL_RE, LabelRules, label_kind, normalize_label
from ..toolkit.nonspeech import NONSPEECH_RE, nonspeech_reason
from ..toolkit.turns import TurnAssembler

NAME = "styled"
DESCRIPTION = 'labels styled in HTML: <strong>/<b> names with or without a colon, <cite>, class="speaker", `NAME:`'
KIND = "paragraphs"


def match(chars, parser):
    """The styled or inline label at the start of a paragraph (its text), or None."""
    return _candidate(chars, parser)


def detect(decoded) -> float:
    """Labels found at paragraph starts: explicit markup, or name-like styled/inline labels that recur."""
    parser = decoded.extra["parser"]
    paras = [chars for _, chars in decoded.units if chars]
    candidates = [c for chars in paras if (c := _candidate(chars, parser)) is not None]
    rules = LabelRules(candidates, None)
    explicit = sum(1 for chars in paras if (f := _label_of(chars, parser)) and f[1])
    found = sum(1 for c in candidates if label_kind(c) is not None and rules.discovered(c))
    if explicit >= 2 or found >= 3:
        return 0.9
    return 0.6 if found + explicit >= 2 else 0.3


def _label_of(chars: list[_Char], parser: _Extractor):
    """(label, explicit, label start offset, rest characters, had colon) or None."""
    if not chars or chars[0].label is None:
        return None
    ident = chars[0].label
    n = 0
    while n < len(chars) and chars[n].label == ident:
        n += 1
    label = _text(chars[:n]).strip()
    rest = _strip(chars[n:])
    had_colon = False
    if label.endswith(":"):
        label, had_colon = label[:-1].rstrip(), True
    elif rest and rest[0].ch == ":":
        rest, had_colon = _strip(rest[1:]), True
    tag, explicit, start = parser.label_info[ident]
    if not label or "\n" in label or len(label) > 64:
        return None
    return label, explicit, start, rest, had_colon


def _split_at_br_labels(chars: list[_Char], parser: _Extractor) -> list[list[_Char]]:
    """Split a paragraph at each `<br>` followed by a `<b>`/`<strong>` label ending in a colon
    (`<p><b>HOST:</b> Welcome.<br><b>GOV. HALE:</b> Thanks.</p>`): each part is a paragraph."""
    parts: list[list[_Char]] = []
    begin = 0
    for i, c in enumerate(chars):
        if not c.br or i <= begin:
            continue
        after = _strip(chars[i + 1 :])
        found = _label_of(after, parser)
        if found and found[4]:
            if _strip(chars[begin:i]):
                parts.append(_strip(chars[begin:i]))
            begin = i + 1
    if _strip(chars[begin:]):
        parts.append(_strip(chars[begin:]))
    return parts


def _candidate(chars: list[_Char], parser: _Extractor) -> str | None:
    found = _label_of(chars, parser)
    m = LABEL_RE.match(_text(chars))
    if found and not (m and len(m.group("label")) < len(found[0])):
        return found[0]
    return m.group("label") if m else None


def _drop_bracket_lines(chars: list[_Char], parser: _Extractor, skipped: list[Skipped]) -> list[_Char]:
    """Remove the lines (between `<br>`s) of a paragraph that are only a bracketed note
    (`[Witness conferring with counsel.]`, `(LAUGHTER)`): non-speech, listed in `skipped`."""
    if not any(c.br for c in chars):
        return chars
    out: list[_Char] = []
    line: list[_Char] = []
    for c in [*chars, None]:
        if c is None or c.br:
            body = _text(_strip(line))
            if body and NONSPEECH_RE.match(body):
                skipped.append(Skipped(parser.line_of(line[0].start), body, "standalone non-speech annotation"))
            else:
                out.extend(line)
                if c is not None:
                    out.append(c)
            line = []
        else:
            line.append(c)
    return _strip(out)


def _label_decision(chars, body, rules: LabelRules, parser: _Extractor):
    """(speaker, label line, rest characters) when the paragraph starts with a label, else None."""
    found = _label_of(chars, parser)
    if found:
        label, explicit, start, after, had_colon = found
        line = parser.line_of(start)
        if explicit:
            rules.check_explicit(label, line, "is marked up as a speaker")
            return normalize_label(label), line, after
        if (had_colon or not after) and label_kind(label) is not None and rules.is_label(label, line):
            return normalize_label(label), line, after
        if rules.is_declared(label):
            return normalize_label(label), line, after
        if (
            rules.declared is None
            and after
            and label_kind(label) is not None
            and rules.counts[normalize_label(label)] >= 2
        ):
            # a bold name without a colon, then the answer (`<b>Name</b> text`), recurring
            return normalize_label(label), line, after
    m = LABEL_RE.match(body)
    if m and rules.is_label(m.group("label"), parser.line_of(chars[0].start)):
        return normalize_label(m.group("label")), parser.line_of(chars[0].start), _strip(chars[m.end() :])
    return None


def _closing_start(paras, decisions) -> int | None:
    """Index of the first paragraph of the closing matter after the last answer: a heading, a
    rule (`<hr>`), a paragraph wholly in italics, or an 'About the author' / 'Update' / comments
    / navigation paragraph, after the last label."""
    labelled = [i for i, d in enumerate(decisions) if d is not None]
    if not labelled:
        return None
    for i in range(labelled[-1] + 1, len(paras)):
        tag, chars = paras[i]
        if tag == "hr" or tag in _HEADINGS:
            return i
        letters = [c for c in chars if not c.ch.isspace()]
        if letters and all(c.italic for c in letters) and i > labelled[-1] + 1:
            return i
        if chars and _CLOSING.match(_text(chars)):
            return i
    return None


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    parser, text = decoded.extra["parser"], decoded.source
    paras = [
        (tag, part) for tag, chars in decoded.units for part in (_split_at_br_labels(chars, parser) if chars else [[]])
    ]
    dropped: list[Skipped] = [Skipped(line, removed, reason) for line, removed, reason in parser.dropped]
    paras = [(tag, _drop_bracket_lines(chars, parser, dropped) if chars else chars) for tag, chars in paras]
    paras = [(tag, chars) for tag, chars in paras if chars or tag == "hr"]

    candidates = [c for _, chars in paras if chars and (c := _candidate(chars, parser)) is not None]
    rules = LabelRules(candidates, options.speaker_labels)
    asm = TurnAssembler(NAME, text, blocks_from_source=False)
    asm.parsed.skipped.extend(dropped)

    decisions = []
    for tag, chars in paras:
        body = _text(chars)
        if not chars or nonspeech_reason(body, options.boilerplate) or (tag in _HEADINGS):
            decisions.append(None)
            continue
        decisions.append(_label_decision(chars, body, rules, parser))
    closing = _closing_start(paras, decisions)

    label_offsets: list[int] = []
    for index, ((tag, chars), decision) in enumerate(zip(paras, decisions, strict=True)):
        if not chars:
            continue
        body = _text(chars)
        line = parser.line_of(chars[0].start)
        if closing is not None and index >= closing:
            asm.skip(line, body, "closing matter (after the interview)")
            continue
        reason = nonspeech_reason(body, options.boilerplate)
        if reason:
            asm.skip(line, body, reason)
            continue
        if tag in _HEADINGS and asm.in_turn:
            asm.skip(line, body, "heading")
            continue
        rest = chars
        if decision is not None:
            speaker, label_line, rest = decision
            asm.start_turn(speaker, label_line)
            label_offsets.append(chars[0].start)
        asm.paragraph_break()
        if rest:
            asm.add_text(_text(rest), rest[0].start, rest[-1].end, parser.line_of(rest[0].start))
        asm.paragraph_break()
    parsed = asm.finish("mark each turn's speaker at the start of a paragraph: <p><strong>Name:</strong> text</p>")
    if parser.times:
        _apply_times(parsed, label_offsets, parser.times)
    parsed.skipped.sort(key=lambda s: s.line)
    return parsed


def _apply_times(parsed: ParsedTranscript, label_offsets: list[int], times: list[tuple[int, float]]) -> None:
    """`<time>` elements between a turn's label and its text give the turn's start; its end is
    the next turn's start (the last turn's end is not in the file, so it stays untimed)."""
    starts: list[float | None] = []
    for segment, label_at in zip(parsed.segments, label_offsets, strict=False):
        found = [sec for pos, sec in times if label_at <= pos <= segment.source_start]
        starts.append(found[0] if found else None)
    parsed.segments = with_starts(parsed.segments, starts)
    parsed.notes.append("start and end seconds come from <time> elements; the last turn's end is not given")
