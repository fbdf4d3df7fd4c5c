"""Labels in styled HTML paragraphs (the paragraphs of the HTML container, `containers/html.py`).

The first text of a paragraph inside `<cite>`, `<dt>` or any element whose class mentions
`speaker` is a label (explicit markup). Inside `<strong>` / `<b>` it is a label when it ends
with a colon (inside or just after the element; a hearing label's period, `<b>Mr. SMITH.</b>`,
delimits it the same way) or fills the paragraph, and is name-like as in
the colon grammar (strong, or recurring); a bold name WITHOUT a colon followed by the answer
(`<b>Name</b> text`) is a label when that name recurs. A paragraph with no label element may
still start with an inline `NAME: ` label (the colon grammar's rules). The colon is dropped;
text after the label element is the turn's first paragraph; following paragraphs without a
label continue the turn; a label filling its paragraph takes its speech from the following
paragraphs. A `<br>` followed by a bold label with a colon (or a strong inline `NAME:` label)
splits its paragraph, so `<p><b>HOST:</b> Hi.<br><b>GOV. HALE:</b> Hello.</p>` is two turns. A bold paragraph that is
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

import re

from ..base import ParsedTranscript, ReaderOptions, Skipped, with_starts
from ..containers.html import _CLOSING, _HEADINGS, _Char, _Extractor, _strip, _text
from ..toolkit.labels import LABEL_RE, LabelRules, is_title, label_kind, normalize_label
from ..toolkit.nonspeech import NONSPEECH_RE, nonspeech_reason
from ..toolkit.turns import TurnAssembler

NAME = "styled"
DESCRIPTION = 'labels styled in HTML: <strong>/<b> names with or without a colon, <cite>, class="speaker", `NAME:`'
KIND = "paragraphs"


def match(chars, parser):
    """The styled or inline label at the start of a paragraph (its text), or None."""
    return _candidate(chars, parser)


def detect(decoded) -> float:
    """Labels found at paragraph starts: explicit markup, name-like styled/inline labels that recur, or
    three or more questions set wholly in italics, each followed by its answer."""
    parser = decoded.extra["parser"]
    paras = [chars for tag, chars in decoded.units if chars and tag not in _HEADINGS]
    candidates = [c for chars in paras if (c := _candidate(chars, parser)) is not None]
    rules = LabelRules(candidates, None)
    explicit = sum(1 for chars in paras if (f := _label_of(chars, parser)) and f[1])
    found = sum(1 for c in candidates if label_kind(c) is not None and rules.discovered(c))
    units = [(tag, chars) for tag, chars in decoded.units if chars or tag == "hr"]
    if sum(answer is not None for _, answer in _question_runs(units, [None] * len(units))) >= 3:
        found += 3  # questions set in italics, each followed by its answer
    if explicit >= 2 or found >= 3:
        return 0.9
    return 0.6 if found + explicit >= 2 else 0.3


def marked(decoded) -> bool:
    """Whether the page's markup marks its speakers: two or more labels in explicit markup
    (`<cite>`, `<dt>`, `class="speaker"`), or three or more name-like labels in bold that recur.
    The detector prefers this grammar to readings of the page's plain text when it is so."""
    parser = decoded.extra["parser"]
    paras = [chars for tag, chars in decoded.units if chars and tag not in _HEADINGS]
    found = [f for chars in paras if (f := _label_of(chars, parser))]
    rules = LabelRules([f[0] for f in found], None)
    explicit = sum(1 for f in found if f[1])
    styled = sum(1 for f in found if not f[1] and label_kind(f[0]) is not None and rules.counts[f[0]] >= 2)
    return explicit >= 2 or styled >= 3


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
    elif _period_delimited(label + ("." if rest and rest[0].ch == "." else "")):
        # a hearing label in bold, `<b>Mr. SMITH.</b> text` or `<b>Mr. SMITH</b>. text`: the period delimits it
        if label.endswith("."):
            label = label[:-1].rstrip()
        else:
            rest = _strip(rest[1:])
    tag, explicit, start = parser.label_info[ident]
    if not label or "\n" in label or len(label) > 64:
        return None
    return label, explicit, start, rest, had_colon


def _period_delimited(label: str) -> bool:
    """`Mr. SMITH.`, `The CHAIRMAN.`: a name-like label whose final period ends it (not `Mr.` or `Jr.`)."""
    if not label.endswith(".") or label.endswith(".."):
        return False
    core = label[:-1].rstrip()
    words = core.split()
    return bool(words) and not is_title(words[-1] + ".") and label_kind(core) is not None


def _split_at_br_labels(chars: list[_Char], parser: _Extractor) -> list[list[_Char]]:
    """Split a paragraph at each `<br>` followed by a `<b>`/`<strong>` label ending in a colon
    (`<p><b>HOST:</b> Welcome.<br><b>GOV. HALE:</b> Thanks.</p>`), or by a strong inline label
    (`<br>GOV. HALE: Thanks.`, as the colon grammar reads a line): each part is a paragraph."""
    parts: list[list[_Char]] = []
    begin = 0
    for i, c in enumerate(chars):
        if not c.br or i <= begin:
            continue
        after = _strip(chars[i + 1 :])
        found = _label_of(after, parser)
        inline = LABEL_RE.match(_text(after)) if not found else None
        if (found and found[4]) or (inline and label_kind(inline.group("label")) == "strong"):
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


def _italic(chars) -> bool:
    letters = [c for c in chars if not c.ch.isspace()]
    return bool(letters) and all(c.italic for c in letters)


#: What a page's title says about the interviewee: `Interview: Ana Ruiz of ...`, `An Interview with Ana Ruiz`.
_TITLE_NAME = re.compile(r"^(?:an?\s+)?interview(?:\s+with)?\s*[:\-–—]?\s*(?P<rest>.+)$", re.IGNORECASE)
#: A byline before the interview: `-Ana Ruiz`, `— Ana Ruiz`, `By Ana Ruiz`.
_BYLINE = re.compile(r"^(?:[-–—]\s*|by\s+)(?P<name>[^\n]{3,60})$", re.IGNORECASE)


def _leading_name(text: str) -> str | None:
    """The capitalised words at the start of `text` (2 to 4), when they read as a person's name."""
    words = []
    for word in text.split():
        core = word.rstrip(",;:.")
        if not core or not core[0].isupper() or not core.replace("-", "").replace("'", "").isalpha():
            break
        words.append(core)
        if core != word or len(words) == 4:
            break
    name = " ".join(words)
    return name if len(words) >= 2 and label_kind(name) is not None else None


def _page_people(decoded, paras, first_turn: int) -> tuple[str, str]:
    """(interviewer, interviewee) as the page names them: the author (front matter `author(s)`, or a
    byline before the interview) and the name in the title (front matter, `<title>` or the first
    heading); `Q` and `A` when the page does not say."""
    interviewer = None
    for key in ("author", "authors", "by"):
        if decoded.fields.get(key) and label_kind(decoded.fields[key].strip()) is not None:
            interviewer = decoded.fields[key].strip()
            break
    if interviewer is None:
        for _tag, chars in paras[:first_turn]:
            m = _BYLINE.match(_text(chars).strip()) if chars else None
            if m and label_kind(m.group("name").strip()) is not None and len(m.group("name").split()) >= 2:
                interviewer = m.group("name").strip()
                break
    # The title (front matter or <title>), the headings before the interview, and any paragraph there
    # that reads as a title (`<p class="Header">Interview: ...</p>`): the one naming the most people.
    titles = [decoded.fields.get("title", "")] + [
        _text(c) for t, c in paras[:first_turn] if t in _HEADINGS or _TITLE_NAME.match(_text(c).strip())
    ]
    interviewee, named = None, 0
    for title in titles:
        m = _TITLE_NAME.match(title.strip()) if title else None
        names = _title_names(m.group("rest")) if m else []
        if len(names) > named:
            interviewee, named = " and ".join(names), len(names)
    return interviewer or "Q", interviewee or "A"


def _title_names(rest: str) -> list[str]:
    """The people a title names after `Interview:`: the name at its start, and one after each `and`
    that joins a further person in the same form: `Ana Ruiz and Jo Lee` (names alone) or `Ana Ruiz,
    Lead, Framework and Jo Lee, Lead, API` (each name followed by its role). In `Ana Ruiz, Founder of
    Acme and Widget Co` only Ana Ruiz is named."""
    parts = [p.strip() for p in re.split(r"\s+(?:and|&)\s+", rest.strip())]
    first = _leading_name(parts[0])
    if first is None:
        return []
    with_role = parts[0] != first

    def same_form(part: str, name: str) -> bool:
        return part.startswith(name + ",") if with_role else part == name

    return [first] + [n for part in parts[1:] if (n := _leading_name(part)) is not None and same_form(part, n)]


def _question_runs(paras, decisions) -> list[tuple[int, int]]:
    """(first paragraph, answer paragraph) of each run of unlabelled paragraphs wholly in italics
    that is followed by a paragraph of ordinary text; (first paragraph, None) for a run after an
    answer that a heading, a rule or the end of the page follows."""
    runs = []
    i = 0
    while i < len(paras):
        tag, chars = paras[i]
        if decisions[i] is None and chars and tag not in _HEADINGS and tag != "hr" and _italic(chars):
            j = i
            while j + 1 < len(paras) and decisions[j + 1] is None and paras[j + 1][1] and _italic(paras[j + 1][1]):
                j += 1
            after = j + 1
            if after < len(paras) and paras[after][1] and paras[after][0] not in _HEADINGS and paras[after][0] != "hr":
                runs.append((i, after))
            elif runs and runs[-1][1] is not None:
                runs.append((i, None))  # a last word in italics after an answer (`Thanks!`): no answer follows
            i = j + 1
            continue
        i += 1
    return runs


def _italic_questions(paras, decisions, decoded, parser) -> list[str]:
    """Questions set wholly in italics, without a label, each run followed by its answer: where a
    page has three or more, each run is a turn of the interviewer and an unlabelled answer after it
    a turn of the interviewee, named as the page names them (`_page_people`). Changes `decisions`."""
    runs = _question_runs(paras, decisions)
    if sum(answer is not None for _, answer in runs) < 3:
        return []
    interviewer, interviewee = _page_people(decoded, paras, runs[0][0])
    for start, answer in runs:
        decisions[start] = (interviewer, parser.line_of(paras[start][1][0].start), paras[start][1])
        if answer is not None and decisions[answer] is None:
            decisions[answer] = (interviewee, parser.line_of(paras[answer][1][0].start), paras[answer][1])
    return [
        f"{len(runs)} unlabelled question(s) in italics read as turns of {interviewer!r}, "
        f"unlabelled answers after them as turns of {interviewee!r} (as the page names them)"
    ]


def _closing_start(paras, decisions) -> int | None:
    """Index of the first paragraph of the closing matter after the last answer: a heading, a
    rule (`<hr>`), a paragraph wholly in italics, or an 'About the author' / 'Update' / comments
    / navigation paragraph, after the last label."""
    labelled = [i for i, d in enumerate(decisions) if d is not None]
    if not labelled:
        return None
    quoted = _unquoted_ending(paras, decisions, labelled)
    for i in range(labelled[-1] + 1, quoted if quoted is not None else len(paras)):
        tag, chars = paras[i]
        if tag == "hr" or tag in _HEADINGS:
            return i
        letters = [c for c in chars if not c.ch.isspace()]
        if letters and all(c.italic for c in letters) and i > labelled[-1] + 1:
            return i
        if chars and _CLOSING.match(_text(chars)):
            return i
    return quoted


_QUOTE_OPEN = tuple("\"“«„‘'")


def _unquoted_ending(paras, decisions, labelled) -> int | None:
    """Where the answers are quotations (the speaker's paragraphs open with a quotation mark, as in
    an article that quotes its interviewees), an unquoted paragraph after the last speaker's
    quoted ones is the author speaking again: closing matter. None when that does not apply."""
    speaker_of: dict[int, str] = {}
    current = None
    for i, decision in enumerate(decisions):
        if decision is not None:
            current = decision[0]
        if current is not None and paras[i][1] and paras[i][0] not in _HEADINGS:
            speaker_of[i] = current
    last = decisions[labelled[-1]][0]
    own = [i for i, s in speaker_of.items() if s == last]

    def opens_quoted(i: int) -> bool:
        chars = decisions[i][2] if decisions[i] is not None else paras[i][1]
        return _text(chars).lstrip().startswith(_QUOTE_OPEN)

    quoted = [i for i in own if opens_quoted(i)]
    if not quoted or quoted[-1] < labelled[-1]:
        return None
    before = [i for i in own if i <= quoted[-1]]  # the speaker's paragraphs up to the last quotation
    if len(before) < 3 or len(quoted) < 0.8 * len(before):
        return None
    after = [i for i in own if i > quoted[-1]]
    return after[0] if after else None


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    parser, text = decoded.extra["parser"], decoded.source
    paras = [
        (tag, part) for tag, chars in decoded.units for part in (_split_at_br_labels(chars, parser) if chars else [[]])
    ]
    dropped: list[Skipped] = [Skipped(line, removed, reason) for line, removed, reason in parser.dropped]
    paras = [(tag, _drop_bracket_lines(chars, parser, dropped) if chars else chars) for tag, chars in paras]
    paras = [(tag, chars) for tag, chars in paras if chars or tag == "hr"]

    # headings are titles, not turns: a label-like heading (`Interview: Ana Ruiz`) is no candidate
    candidates = [
        c for tag, chars in paras if chars and tag not in _HEADINGS and (c := _candidate(chars, parser)) is not None
    ]
    rules = LabelRules(candidates, options.speaker_labels)
    asm = TurnAssembler(NAME, text, blocks_from_source=False)
    asm.parsed.skipped.extend(decoded.skipped + dropped)

    decisions = []
    for tag, chars in paras:
        body = _text(chars)
        if not chars or nonspeech_reason(body, options.boilerplate) or (tag in _HEADINGS):
            decisions.append(None)
            continue
        decisions.append(_label_decision(chars, body, rules, parser))
    notes = _italic_questions(paras, decisions, decoded, parser) if options.speaker_labels is None else []
    closing = _closing_start(paras, decisions)

    label_offsets: list[int] = []
    for index, ((tag, chars), decision) in enumerate(zip(paras, decisions, strict=True)):
        if not chars:
            continue
        body = _text(chars)
        if closing is not None and index >= closing:
            _skip_paragraph(asm, parser, chars, body, "closing matter (after the interview)")
            continue
        reason = nonspeech_reason(body, options.boilerplate)
        if reason:
            _skip_paragraph(asm, parser, chars, body, reason)
            continue
        if tag in _HEADINGS and asm.in_turn:
            _skip_paragraph(asm, parser, chars, body, "heading")
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
    parsed.notes.extend(notes)
    if parser.times:
        _apply_times(parsed, label_offsets, parser.times)
    parsed.skipped.sort(key=lambda s: s.line)
    return parsed


def _skip_paragraph(asm, parser, chars, body: str, reason: str) -> None:
    """A paragraph that is not speech, listed on every source line it spans (so `--explain`
    accounts for each)."""
    first, last = parser.line_of(chars[0].start), parser.line_of(max(chars[0].start, chars[-1].end - 1))
    asm.skip(first, body, reason)
    lines = parser.rawdata_lines if hasattr(parser, "rawdata_lines") else None
    for number in range(first + 1, last + 1):
        asm.skip(number, lines[number - 1].strip() if lines else body, reason + " (continued)")


def _apply_times(parsed: ParsedTranscript, label_offsets: list[int], times: list[tuple[int, float]]) -> None:
    """`<time>` elements between a turn's label and its text give the turn's start; its end is
    the next turn's start (the last turn's end is not in the file, so it stays untimed)."""
    starts: list[float | None] = []
    for segment, label_at in zip(parsed.segments, label_offsets, strict=False):
        found = [sec for pos, sec in times if label_at <= pos <= segment.source_start]
        starts.append(found[0] if found else None)
    parsed.segments = with_starts(parsed.segments, starts)
    parsed.notes.append("start and end seconds come from <time> elements; the last turn's end is not given")
