"""`parse --explain`: what every line of a source became, so a segmentation can be audited.

Each non-blank source line gets one role, by priority: non-speech (with the reason the reader
gave: front matter, header block, page furniture, closing matter, heading, time stamp, ...),
the label of turn N, text of turn N, preamble (before the first label), markup or structure
(a line of tags, cue timing or JSON keys without text of its own), or UNACCOUNTED: a line no
reader decision covers, which would be text dropped silently (the readers' tests require
there are none). The dropped material (every non-speech line and anything unaccounted) is
listed again at the end, and each turn is summarised with its lines, offsets and seconds, which
is how one-line files (minified HTML, JSON) are audited.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .base import ParsedTranscript

#: A line of markup only (tags), for HTML and subtitles.
_MARKUP = re.compile(r"^(?:\s*<[^>]*>)*\s*$")


@dataclass(frozen=True)
class LineRole:
    line: int
    role: str  # "turn", "label", "preamble", "non-speech", "structure", "unaccounted"
    detail: str
    text: str


def _line_table(text: str) -> tuple[list[int], list[str]]:
    lines = text.splitlines(keepends=True)
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
    return starts, [line.rstrip("\r\n\x0c") for line in lines]


def explain(text: str, parsed: ParsedTranscript) -> list[LineRole]:
    from . import TEXT_FORMATS  # formats whose lines are all text: every line must be assigned by the reader

    starts, lines = _line_table(text)

    def line_of(offset: int) -> int:
        return max(1, bisect.bisect_right(starts, offset))

    roles: dict[int, list[tuple[int, str, str]]] = {}  # line -> [(priority, role, detail)]

    def assign(line: int, priority: int, role: str, detail: str) -> None:
        entries = roles.setdefault(line, [])
        if (priority, role, detail) not in entries:
            entries.append((priority, role, detail))

    for block in parsed.preamble:
        for line in range(line_of(block.start), line_of(max(block.start, block.end - 1)) + 1):
            assign(line, 1, "preamble", "preamble (before the first label: title, standfirst, introduction)")
    for index, seg in enumerate(parsed.segments):
        first, last = line_of(seg.source_start), line_of(max(seg.source_start, seg.source_end - 1))
        for line in range(first, last + 1):
            assign(line, 2, "turn", f"turn {index} ({seg.speaker})")
        assign(
            seg.line, 3, "label", f"turn {index} ({seg.speaker}): label" + (" and text" if seg.line == first else "")
        )
    for item in parsed.skipped:
        assign(item.line, 4, "non-speech", f"non-speech: {item.reason}")

    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if number in roles:
            # a line can hold several things (HTML: a label, its text and a footnote marker)
            entries = sorted(roles[number], key=lambda e: -e[0])
            role = entries[0][1]
            kept = [e for e in entries if not (e[1] == "turn" and any(x[1] == "label" for x in entries))]
            detail = "; ".join(dict.fromkeys(e[2] for e in kept))
        elif parsed.format == "whisperx":
            role, detail = "structure", "JSON structure (keys, times, speakers, word lists)"
        elif parsed.format not in TEXT_FORMATS and _MARKUP.match(line):
            role, detail = "structure", "markup (no text of its own)"
        else:
            role, detail = "unaccounted", "UNACCOUNTED (not assigned by the reader)"
        out.append(LineRole(number, role, detail, line.strip()))
    return out


def render(path: str, text: str, parsed: ParsedTranscript, width: int = 70) -> str:
    rows = explain(text, parsed)
    out = [f"# {path}: format {parsed.format}, {len(parsed.segments)} turns", "", "## Lines"]
    detail_width = min(100, max((len(r.detail) for r in rows), default=10))
    for r in rows:
        excerpt = r.text if len(r.text) <= width else r.text[: width - 1] + "…"
        details = r.detail.split("; ")
        if len(details) > 4:  # a one-line file (JSON, minified HTML): the sections below list the items
            details = [*details[:2], f"... {len(details)} items on this line (see Turns and Dropped material)"]
        out.append(f"{r.line:>6}  {'; '.join(details):<{detail_width}}  | {excerpt}")
    out += ["", "## Turns"]
    for index, seg in enumerate(parsed.segments):
        end = f"{seg.end_seconds}s" if seg.end_seconds is not None else "(end not known)"
        seconds = f" {seg.start_seconds}s-{end}" if seg.start_seconds is not None else ""
        words = len(seg.text.split())
        out.append(
            f"turn {index:>4}  {seg.speaker!r}  line {seg.line}  offsets {seg.source_start}-{seg.source_end}"
            f"{seconds}  {words} words: {seg.text[:60]!r}"
        )
    dropped = [r for r in rows if r.role in {"non-speech", "unaccounted"}]
    out += [
        "",
        f"## Dropped material ({len(parsed.skipped)} non-speech items, "
        f"{sum(r.role == 'unaccounted' for r in rows)} unaccounted lines)",
    ]
    for item in parsed.skipped:
        excerpt = item.text if len(item.text) <= width else item.text[: width - 1] + "…"
        out.append(f"{item.line:>6}  {item.reason}: {excerpt}")
    for r in dropped:
        if r.role == "unaccounted":
            out.append(f"{r.line:>6}  UNACCOUNTED: {r.text[:width]}")
    if parsed.notes:
        out += ["", "## Notes"] + [f"- {n}" for n in parsed.notes]
    return "\n".join(out) + "\n"
