"""Article-style transcripts: the speaker's name alone on a line, then one or more paragraphs.

This is how magazines print interviews. The name line may end in a colon. Paragraphs before
the first name line are the preamble (standfirst, caption, introduction); paragraphs after a
name line belong to that speaker until the next name line. A name line always starts a new
turn, even when the same speaker spoke last.

Paragraphs that are one non-speech line — declared boilerplate, `END`, a copyright footer, a
standalone `[bracketed]` or `(parenthesised)` note, a publisher's notice, a rule or section
break such as `*` — are skipped with their reason (the same rules as the colon grammar).

With declared labels (from metadata) only those start turns, and a line that looks like a
label but is not declared is an error (a misspelt name would otherwise silently become
speech). Without declared labels, labels are discovered: short title-case lines without
final punctuation that recur.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..base import (
    Block,
    ParsedTranscript,
    ReaderOptions,
    Segment,
    Skipped,
    TranscriptFormatError,
    join_paragraphs,
    paragraphs,
)
from ..toolkit import lines_text
from ..toolkit.nonspeech import nonspeech_reason

NAME = "name-line"
DESCRIPTION = "speaker's name alone on a line, then paragraphs (magazine Q&A)"
KIND = "lines"

_NAME_WORD = re.compile(r"^(?:[A-Z\u00c0-\u024f][\w\u00c0-\u024f'’.\-]*|de|da|van|von|der|al|bin|la|le|del|di)$")
_ALL_CAPS_WORD = re.compile(r"^[A-Z][A-Z'’.\-]+$")


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _label_text(block: Block) -> str | None:
    """The label a one-line block would be (trailing colon removed), or None."""
    if "\n" in block.text:
        return None
    # Invisible format characters (BOM, zero-width space, bidi marks) and Unicode composition
    # never make two labels different.
    value = unicodedata.normalize("NFC", _INVISIBLE.sub("", block.text)).strip()
    if value.endswith(":"):
        value = value[:-1].rstrip()
    return value or None


def looks_like_label(value: str) -> bool:
    """Short, name-like, no sentence punctuation: a candidate speaker label."""
    if len(value) > 60 or value[-1] in '.?!,;:"”’)]…' or any(ch.isdigit() for ch in value):
        return False
    words = value.split()
    if len(words) == 1:
        return bool(_ALL_CAPS_WORD.match(words[0])) or words[0] in {"Q", "A"}
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words) and words[0][0].isupper()


def discover_labels(blocks: list[Block], boilerplate: frozenset[str] = frozenset()) -> set[str]:
    counts = Counter(
        label
        for block in blocks
        if (label := _label_text(block)) and label not in boilerplate and looks_like_label(label)
    )
    return {label for label, n in counts.items() if n >= 2}


def detect(decoded) -> float:
    text = lines_text(decoded)
    blocks = paragraphs(text)
    if len(blocks) < 3:
        return 0.0
    labels = discover_labels(blocks)
    if not labels:
        return 0.0
    label_blocks = sum(1 for b in blocks if _label_text(b) in labels)
    # Alternating label / speech: about a third to a half of the blocks are labels.
    share = label_blocks / len(blocks)
    if label_blocks < 3 or share > 0.6:
        return 0.1
    return 0.9 if share >= 0.15 else 0.5


def match(block: Block) -> str | None:
    """The label a paragraph is when it is a name alone on its line (recurrence is checked by `read`)."""
    label = _label_text(block)
    return label if label is not None and looks_like_label(label) else None


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    blocks = paragraphs(text)
    declared = options.speaker_labels
    labels = (
        {unicodedata.normalize("NFC", d) for d in declared}
        if declared is not None
        else discover_labels(blocks, options.boilerplate)
    )
    folded = {label.casefold(): label for label in labels} if declared is not None else {}
    # case folding never shortens a text, so a line longer than every folded label is none of them
    longest = max(map(len, folded), default=-1)
    parsed = ParsedTranscript(format=NAME, segments=[])
    if declared is None:
        parsed.notes.append(f"labels discovered (recurring name lines): {sorted(labels)}")

    current: tuple[str, Block] | None = None  # (label, label block)
    body: list[Block] = []

    def close(next_line: int | None) -> None:
        if current is None:
            return
        label, label_block = current
        if not body:
            where = f"by another label at line {next_line}" if next_line else "by the end of the file"
            raise TranscriptFormatError(
                f"speaker label {label!r} is followed {where}, with no speech",
                label_block.line,
                "remove the stray label, or restore the speech that belongs to it (is the file truncated?)",
            )
        parsed.segments.append(
            Segment(
                speaker=label,
                text=join_paragraphs([b.text for b in body]),
                source_start=body[0].start,
                source_end=body[-1].end,
                line=label_block.line,
            )
        )

    for block in blocks:
        reason = nonspeech_reason(block.text.strip(), options.boilerplate) if "\n" not in block.text.strip() else None
        if reason:
            parsed.skipped.append(Skipped(block.line, block.text, reason))
            continue
        label = _label_text(block)
        if label is not None and label in labels:
            close(block.line)
            current, body = (label, block), []
            continue
        if declared is not None and label is not None and len(label) <= longest and label.casefold() in folded:
            raise TranscriptFormatError(
                f"{label!r} stands alone on a line like the speaker label {folded[label.casefold()]!r}, "
                "but differs in letter case",
                block.line,
                f"write it exactly as {folded[label.casefold()]!r}, "
                f"or add {label!r} to that speaker's `aliases` in metadata.yaml",
            )
        if declared is not None and label is not None and looks_like_label(label):
            raise TranscriptFormatError(
                f"{label!r} stands alone on a line like a speaker label, "
                "but no speaker or alias in the metadata is called that",
                block.line,
                f"fix the spelling to one of {sorted(declared)}, "
                "or add it to that speaker's `aliases` in metadata.yaml",
            )
        if current is None:
            parsed.preamble.append(block)
        else:
            body.append(block)
    close(None)
    if not parsed.segments:
        raise TranscriptFormatError(
            "no speaker turns found" + (f" (no line holds one of the labels {sorted(labels)})" if labels else ""),
            None,
            "check that each turn starts with the speaker's name alone on a line"
            + (", and that the names match the metadata" if declared is not None else ""),
        )
    return parsed
