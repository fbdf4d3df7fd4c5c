"""Subtitle and segment machinery shared by the timed containers (WebVTT, SRT, JSON): cue
pieces, speaker prefixes inside cues, and merging consecutive pieces of one speaker into turns."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..base import ParsedTranscript, ReaderOptions, Segment, Skipped, TranscriptFormatError, clean_text, iter_lines
from .labels import LABEL_RE, LabelRules, label_kind, normalize_label
from .nonspeech import NONSPEECH_RE

# --- shared subtitle helpers -------------------------------------------------------------


def checked_span(start: float, end: float, line_number: int, noun: str = "cue") -> tuple[float, float]:
    """(start, end) of a cue timed on line `line_number`; a cue that ends before it starts is an
    error (`noun`: what the format calls a cue, e.g. "caption")."""
    if end < start:
        raise TranscriptFormatError(
            f"{noun} ends ({end:.3f}s) before it starts ({start:.3f}s)", line_number, f"fix the {noun}'s timing line"
        )
    return start, end


def blank_line_blocks(text: str) -> list[list[tuple[int, int, str]]]:
    """The file's runs of non-blank lines (`iter_lines` items), as a caption file separates its
    cues (SRT, SBV; WebVTT has its own rule for blank lines inside a cue)."""
    blocks: list[list[tuple[int, int, str]]] = []
    block: list[tuple[int, int, str]] = []
    for item in iter_lines(text):
        if item[2].strip():
            block.append(item)
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


_TAG = re.compile(r"<[^>\n]*>")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+(?P<name>[^>]*)>")
_VOICE_END = re.compile(r"</v\s*>")
_DASH = re.compile(r"[-‐–][ \t\u00a0]*")
#: Broadcast captions mark a change of speaker with `>>` (`>> Reporter: LESTER, THE SNOW`).
_CHEVRON = re.compile(r">>>?[ \t\u00a0]*")
_BRACKET_PREFIX = re.compile(r"\[(?P<label>[^\[\]\n]{1,40})\]:(?:\s+|$)")


@dataclass
class Piece:
    """A stretch of one cue's text with one (or no yet known) speaker."""

    speaker: str | None
    chars: list[tuple[str, int | None]]  # visible characters with their source offsets (None: separator)
    line: int
    t0: float | None
    t1: float | None
    explicit: bool = False  # the speaker came from markup (voice span, JSON field)
    text: str = ""
    start: int = 0
    end: int = 0
    prefix_label: str | None = field(default=None)
    chevron: bool = False  # opened by a `>>` speaker-change marker
    resolved: bool = False  # text and offsets already final (JSON segments): no prefix is looked for


def _visible(line: str, offset: int) -> list[tuple[str | re.Match, int]]:
    """The line as a sequence of visible characters and tag matches, in order."""
    out: list = []
    pos = 0
    for m in _TAG.finditer(line):
        out.extend((ch, offset + i) for i, ch in enumerate(line[pos : m.start()], start=pos))
        out.append((m, offset + m.start()))
        pos = m.end()
    out.extend((ch, offset + i) for i, ch in enumerate(line[pos:], start=pos))
    return out


def cue_pieces(
    payload: list[tuple[int, int, str]],
    t0: float | None,
    t1: float | None,
    skipped: list[Skipped],
    voices: bool,
    boilerplate: frozenset[str] = frozenset(),
) -> list[Piece]:
    """Split one cue's payload lines into pieces at voice spans and dialogue dashes."""
    pieces: list[Piece] = []
    voice: str | None = None
    current: Piece | None = None

    def new(speaker: str | None, line: int, explicit: bool) -> Piece:
        piece = Piece(speaker, [], line, t0, t1, explicit)
        pieces.append(piece)
        return piece

    for number, offset, line in payload:
        tokens = _visible(line, offset)
        text_only = "".join(t for t, _ in tokens if isinstance(t, str)).strip()
        reason = None
        if not text_only:
            reason = "markup without text"
        elif line.strip() in boilerplate or text_only in boilerplate:
            reason = "declared boilerplate"
        elif NONSPEECH_RE.match(text_only) or NONSPEECH_RE.match(html.unescape(text_only)):
            reason = "standalone non-speech annotation"
        # Voice changes apply even on lines whose text is skipped.
        if reason:
            for token, _ in tokens:
                if voices and isinstance(token, re.Match) and (vm := _VOICE.fullmatch(token.group())):
                    voice = normalize_label(vm.group("name")) or None
                    current = None
                elif voices and isinstance(token, re.Match) and _VOICE_END.fullmatch(token.group()):
                    voice, current = None, None
            skipped.append(Skipped(number, line.strip(), reason))
            continue
        seen_text = False
        for index, (token, pos) in enumerate(tokens):
            if isinstance(token, re.Match):
                tag = token.group()
                if voices and (vm := _VOICE.fullmatch(tag)):
                    voice = normalize_label(vm.group("name")) or None
                    current = new(voice, number, True)
                elif voices and _VOICE_END.fullmatch(tag):
                    voice, current = None, None
                continue
            if not seen_text:
                if token.isspace():
                    continue
                seen_text = True
                rest = "".join(t for t, _ in tokens[index:] if isinstance(t, str))
                chevron = _CHEVRON.match(rest)
                if chevron and len(rest) > chevron.end():
                    # `>>`: a change of speaker, named by a prefix after it or unnamed
                    if current is None or current.chars:
                        current = new(None, number, False)
                    current.chevron = True
                    current.chars.append(("\x00", pos))  # marks the chevron; removed below
                    continue
                prefix = LABEL_RE.match(rest)
                if (
                    prefix
                    and voice is None
                    and current is not None
                    and current.chars
                    and label_kind(prefix.group("label")) is not None
                ):
                    # a second `NAME: text` line inside one cue starts a new piece (same cue times)
                    current = new(None, number, False)
                dash = _DASH.match(rest)
                if dash and len(rest) > dash.end() and not rest[1:2].isdigit():
                    # a dialogue dash: a new speaker, unnamed unless a voice span or prefix names it
                    if current is None or current.chars:
                        current = new(None, number, False)
                    current.chars.append(("\x00", pos))  # marks the dash; removed below
                    continue
                if current is not None and current.chars:
                    current.chars.append((" ", None))  # a line break inside the cue
            if current is None:
                if token.isspace():
                    continue
                current = new(voice, number, voice is not None)
            current.chars.append((token, pos))
    for piece in pieces:
        if piece.chars and piece.chars[0][0] == "\x00":
            # drop the dash and the blanks after it
            chars = piece.chars[1:]
            while chars and (chars[0][0] in " \t\u00a0" or (piece.chevron and chars[0][0] == ">")):
                chars = chars[1:]
            piece.chars = chars
    return [p for p in pieces if "".join(c for c, _ in p.chars).strip()]


def prefix_candidate(piece: Piece) -> tuple[str, int, bool] | None:
    """(label, number of characters, bracketed) of a `Name:` or `[SPEAKER_00]:` prefix in the piece."""
    raw = "".join(c for c, _ in piece.chars)
    m = _BRACKET_PREFIX.match(raw)
    if m and label_kind(m.group("label")) is not None:
        return m.group("label"), m.end(), True
    m = LABEL_RE.match(raw)
    if m:
        return m.group("label"), m.end(), False
    return None


#: Zoom names a participant without a profile name by the device: `iPhone: text`, `iPad Pro: text`.
_DEVICE = re.compile(r"[a-z]{1,3}[A-Z][A-Za-z]*(?: [A-Z0-9][\w-]*){0,2}")


def _device_label(label: str, rules: LabelRules) -> bool:
    """A device-style prefix (lower-case first letter, so not name-like for `label_kind`) that
    recurs, when no labels are declared (declared labels are matched by `rules` as written)."""
    label = normalize_label(label)
    return rules.declared is None and bool(_DEVICE.fullmatch(label)) and rules.counts[label] >= 2


def resolve_pieces(pieces: list[Piece], rules: LabelRules, skipped: list[Skipped]) -> list[Piece]:
    """Apply speaker prefixes, then compute each piece's clean text and offsets."""
    out = []
    for piece in pieces:
        if piece.resolved:
            if piece.explicit:
                rules.check_explicit(piece.speaker, piece.line, "is a speaker in the JSON")
            out.append(piece)
            continue
        if piece.speaker is None:
            found = prefix_candidate(piece)
            if found:
                label, length, bracketed = found
                if bracketed:
                    # `[SPEAKER_00]: ` is explicit markup (WhisperX's writers)
                    rules.check_explicit(label, piece.line, "is a bracketed speaker prefix")
                if (
                    bracketed
                    or rules.is_label(label, piece.line)
                    or _device_label(label, rules)
                    or (piece.chevron and rules.declared is None and label_kind(label) is not None)
                ):
                    piece.speaker = normalize_label(label)
                    piece.chars = piece.chars[length:]
        elif piece.explicit:
            rules.check_explicit(piece.speaker, piece.line, "is a voice in the subtitles")
        real = [(c, o) for c, o in piece.chars]
        while real and (real[0][0].isspace() or real[0][1] is None):
            real.pop(0)
        while real and (real[-1][0].isspace() or real[-1][1] is None):
            real.pop()
        piece.text = " ".join(html.unescape("".join(c for c, _ in real)).split())
        if not piece.text:  # only a speaker prefix
            skipped.append(
                Skipped(
                    piece.line,
                    "".join(c for c, _ in piece.chars) or (piece.speaker or ""),
                    "speaker prefix without text",
                )
            )
            continue
        piece.start, piece.end = real[0][1], real[-1][1] + 1
        out.append(piece)
    return out


def merge_pieces(pieces: list[Piece], what: str, hint: str) -> tuple[list[Segment], int]:
    """Attach speakerless pieces, merge consecutive same-speaker pieces; (segments, attached)."""
    if not any(p.speaker for p in pieces):
        raise TranscriptFormatError(f"no {what} names its speaker", pieces[0].line if pieces else None, hint)
    attached = 0
    previous = None
    for piece in pieces:
        if piece.speaker is None and previous is not None:
            piece.speaker, attached = previous, attached + 1
        previous = piece.speaker or previous
    following = None
    for piece in reversed(pieces):
        if piece.speaker is None:
            piece.speaker, attached = following, attached + 1
        following = piece.speaker
    segments: list[Segment] = []
    group: list[Piece] = []

    def flush() -> None:
        if not group:
            return
        ends = [p.t1 for p in group if p.t1 is not None]
        segments.append(
            Segment(
                speaker=group[0].speaker,
                text=clean_text(" ".join(p.text for p in group)),
                source_start=group[0].start,
                source_end=group[-1].end,
                line=group[0].line,
                start_seconds=group[0].t0,
                end_seconds=group[-1].t1 if group[-1].t1 is not None else (ends[-1] if ends else None),
            )
        )
        group.clear()

    for piece in pieces:
        if group and piece.speaker != group[-1].speaker:
            flush()
        group.append(piece)
    flush()
    return segments, attached


def assemble_cues(
    pieces: list[Piece], parsed: ParsedTranscript, options: ReaderOptions, hint: str, unit: str = "cue"
) -> None:
    """Cue pieces -> turns: `Name:` prefixes of unvoiced cues become speakers, then
    consecutive pieces of one speaker merge (the `cue` grammar)."""
    candidates = [found[0] for p in pieces if p.speaker is None and not p.resolved and (found := prefix_candidate(p))]
    rules = LabelRules(candidates, options.speaker_labels)
    pieces = resolve_pieces(pieces, rules, parsed.skipped)
    if not pieces:
        raise TranscriptFormatError("the subtitles hold no cue text", None, "is the file empty or truncated?")
    parsed.segments, attached = merge_pieces(pieces, unit, hint)
    if attached:
        parsed.notes.append(attach_note(attached, unit))


def attach_note(attached: int, what: str) -> str:
    return (
        f"{attached} {what}(s) without a speaker were attached to the neighbouring speaker's turn "
        "(the previous one; before the first speaker, the next one)"
    )
