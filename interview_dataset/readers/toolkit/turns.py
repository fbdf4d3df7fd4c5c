"""Turn assembly shared by the line-based grammars: `TurnAssembler` collects preamble, turns
and skipped lines; `read_labelled` reads any text whose turns start with a label matched by a
regular expression (the colon, period and court grammars)."""

from __future__ import annotations

import re

from ..base import (
    Block,
    ParsedTranscript,
    ReaderOptions,
    Segment,
    Skipped,
    TranscriptFormatError,
    iter_lines,
    join_paragraphs,
)
from .labels import LABEL_RE, LabelRules, normalize_label
from .nonspeech import RULE_RE, nonspeech_reason, strip_span, wrapped_bracket_end

#: A Markdown heading (`## About the author`).
CLOSING_HEADING_RE = re.compile(r"^#{1,6}[ \t]+\S")

# --- turn assembly -----------------------------------------------------------------------


class TurnAssembler:
    """Collects preamble blocks, turns (paragraphs of text pieces) and skipped lines.

    Text readers feed it lines or paragraphs in order: `start_turn` at a label, `add_text` for
    speech (or preamble before the first label), `paragraph_break` at blank lines, `skip` for
    non-speech. `finish` returns the ParsedTranscript.
    """

    def __init__(self, fmt: str, source: str, *, blocks_from_source: bool = True):
        self.parsed = ParsedTranscript(format=fmt, segments=[])
        self.source = source
        self.blocks_from_source = blocks_from_source
        self.current: tuple[str, int] | None = None  # (speaker, line of the label)
        self.paras: list[list[tuple[str, int, int]]] = []
        self.open_para = False
        self.pre: list[tuple[str, int, int, int]] = []

    @property
    def in_turn(self) -> bool:
        return self.current is not None

    def _flush_pre(self) -> None:
        if not self.pre:
            return
        start, end, line = self.pre[0][1], self.pre[-1][2], self.pre[0][3]
        text = self.source[start:end] if self.blocks_from_source else "\n".join(p[0] for p in self.pre)
        self.parsed.preamble.append(Block(text=text, start=start, end=end, line=line))
        self.pre = []

    def paragraph_break(self) -> None:
        self.open_para = False
        self._flush_pre()

    def skip(self, line: int, text: str, reason: str) -> None:
        self.parsed.skipped.append(Skipped(line, text, reason))
        self.paragraph_break()

    def start_turn(self, speaker: str, line: int) -> None:
        self._close(line)
        self._flush_pre()
        self.current, self.paras, self.open_para = (speaker, line), [], False

    def add_text(self, text: str, start: int, end: int, line: int) -> None:
        if not text:
            return
        if self.current is None:
            self.pre.append((text, start, end, line))
        elif self.open_para:
            self.paras[-1].append((text, start, end))
        else:
            self.paras.append([(text, start, end)])
            self.open_para = True

    def add_line(self, line_no: int, offset: int, line: str) -> None:
        """Add a source line (or the rest of one) as text, trimmed, with its offsets."""
        lead, end = strip_span(line)
        self.add_text(line[lead:end], offset + lead, offset + end, line_no)

    def _close(self, next_line: int | None) -> None:
        if self.current is None:
            return
        speaker, line = self.current
        if not self.paras:
            where = f"by another label at line {next_line}" if next_line else "by the end of the file"
            raise TranscriptFormatError(
                f"speaker label {speaker!r} is followed {where}, with no speech",
                line,
                "remove the stray label, or restore the speech that belongs to it (is the file truncated?)",
            )
        text = join_paragraphs(["\n".join(t for t, _, _ in para) for para in self.paras])
        self.parsed.segments.append(
            Segment(
                speaker=speaker,
                text=text,
                source_start=self.paras[0][0][1],
                source_end=self.paras[-1][-1][2],
                line=line,
            )
        )
        self.current, self.paras = None, []

    def finish(self, hint: str) -> ParsedTranscript:
        self._close(None)
        self._flush_pre()
        if not self.parsed.segments:
            raise TranscriptFormatError("no speaker turns found", None, hint)
        return self.parsed


# --- line grammars: labels matched at line starts -------------------------------------------------------------------


def _label_lines(text: str, rules: LabelRules | None = None, label_re: re.Pattern = LABEL_RE):
    lines = list(iter_lines(text))
    candidates = [m.group("label") for _, _, line in lines if (m := label_re.match(line))]
    return lines, (rules or LabelRules(candidates, None)), candidates


def read_labelled(
    text: str,
    options: ReaderOptions,
    label_re: re.Pattern,
    fmt: str,
    hint: str,
    syntactic: bool = False,
    extra_nonspeech=None,
    narration: re.Pattern | None = None,
    body_start: int = 0,
) -> ParsedTranscript:
    """Turns from lines that start with a label matched by `label_re` (group `label`);
    unlabelled lines continue the current turn. Shared by the inline and hearing readers.
    `syntactic`: every match of `label_re` is a label (no name-likeness or recurrence test).
    `extra_nonspeech(stripped_line, indent) -> reason | None`: the format's own non-speech lines inside turns
    (`indent`: the number of layout characters before the line's text).
    `narration`: a paragraph (up to the next indented line) starting with a match is the record's
    narration, not speech (`The bill clerk read ...`); one ending in `as follows:` also drops what
    is read out, up to the next label. Lines before index `body_start` are preamble (a caption)."""
    lines, _, candidates = _label_lines(text, label_re=label_re)
    rules = LabelRules(candidates, options.speaker_labels, syntactic=syntactic)
    asm = TurnAssembler(fmt, text)
    pending_skip: int | None = None  # index of the last line of a wrapped bracketed note
    narrating: str | None = None  # "para" (rest of a narration paragraph) or "follows" (up to the next label)
    last_label = max(
        (
            i
            for i, (n, _, line) in enumerate(lines)
            if (m := label_re.match(line)) and rules.discovered(m.group("label"))
        ),
        default=None,
    )
    closing = False
    for index, (number, offset, line) in enumerate(lines):
        lead, end = strip_span(line)
        stripped = line[lead:end]
        if last_label is not None and index > last_label and stripped and asm.in_turn and not closing:
            # after the last answer, a rule or a Markdown heading ends the interview: the rest
            # (the author's thanks, a bio, links) is closing matter
            closing = bool(RULE_RE.match(stripped) or CLOSING_HEADING_RE.match(stripped))
        if closing:
            asm.skip(number, stripped, "closing matter (after the interview)") if stripped else asm.paragraph_break()
            continue
        if index < body_start:
            if stripped:
                asm.add_line(number, offset, line)
            else:
                asm.paragraph_break()
            continue
        if narration is not None and stripped:
            m = label_re.match(line)
            is_label = bool(m and rules.is_label(m.group("label"), number))
            if narrating == "para" and (lead > 0 or is_label):
                narrating = None
            elif narrating == "follows" and is_label:
                narrating = None
            if narrating is None and asm.in_turn and not is_label and narration.match(stripped):
                narrating = "para"
            if narrating is not None:
                if stripped.endswith("follows:"):
                    narrating = "follows"
                asm.skip(
                    number,
                    stripped,
                    "narration of the record" if narrating == "para" else "narration or material read into the record",
                )
                continue
        if not stripped:
            asm.paragraph_break()
            continue
        reason = nonspeech_reason(stripped, options.boilerplate) or (
            extra_nonspeech(stripped, lead) if extra_nonspeech and asm.in_turn else None
        )
        if reason:
            asm.skip(number, stripped, reason)
            continue
        if pending_skip is None:
            pending_skip = wrapped_bracket_end(lines, index)
        if pending_skip is not None:
            asm.skip(number, stripped, "standalone non-speech annotation (wrapped)")
            if index == pending_skip:
                pending_skip = None
            continue
        m = label_re.match(line)
        if m and rules.is_label(m.group("label"), number):
            asm.start_turn(normalize_label(m.group("label")), number)
            asm.add_line(number, offset + m.end(), line[m.end() :])
            continue
        asm.add_line(number, offset, line)
    return asm.finish(hint)
