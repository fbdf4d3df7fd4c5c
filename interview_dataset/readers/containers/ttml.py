"""TTML and DFXP captions (W3C Timed Text Markup Language, and its older DFXP namespace)::

    <tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">
      <head><metadata>
        <ttm:agent xml:id="ann" type="person"><ttm:name type="full">Ann Byrne</ttm:name></ttm:agent>
      </metadata></head>
      <body><div>
        <p begin="00:00:01.000" end="00:00:04.200" ttm:agent="int">When did the mill close?</p>
        <p begin="4.2s" end="7.9s" ttm:agent="ann">In eighty-one.<br/>The street went quiet.</p>
      </div></body>
    </tt>

Each `<p>` is a caption: its `begin`/`end` (or `begin` + `dur`) give the seconds, never text,
measured from the `begin` of the enclosing `<body>` and nearest preceding `<div>` when they have one —
clock times (`00:00:04.200`, `00:00:04:05` with frames at `ttp:frameRate`, default 30) and
offsets (`4.2s`, `4200ms`, `1.5m`, `1h`, `120f`, `42000000t` at `ttp:tickRate`). The speaker is
the `ttm:agent` of the `<p>` (or of a `<span>` inside it, or of the enclosing `<div>`), named
by the agent's `<ttm:name>` in the head when it has one, else by its id; captions without an
agent fall back to `Name:` prefixes in the text, read by the `cue` grammar as in SRT. `<br/>` is
a line break (joined with a space), other tags are stripped, entities decoded. Captions of one
speaker merge into turns as in every timed format (first start, last end, texts joined with one
space). A `<p>` without a readable `begin` is an error naming its line.

Offsets are code points into the decoded source, from the first visible character of a turn's
text to the last.
"""

from __future__ import annotations

import html
import re

from ..base import ReaderOptions, Skipped, TranscriptFormatError
from ..toolkit.cues import Piece, cue_pieces
from ..toolkit.labels import normalize_label
from . import Decoded

NAME = "ttml"
DESCRIPTION = "TTML / DFXP captions: `<p begin= end=>` with `ttm:agent` speakers (or `Name:` prefixes)"
KIND = "cues"

_NAMESPACE = re.compile(r"<tt\b[^>]*xmlns(?::\w+)?=[\"']http://www\.w3\.org/(?:ns/ttml|2006/(?:04|10)/ttaf1)", re.I)
_P = re.compile(r"<p\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</p\s*>)", re.S)
_DIV = re.compile(r"<div\b(?P<attrs>[^>]*)>", re.S)
_ATTR = re.compile(r"(?P<name>[\w:.-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")
_AGENT = re.compile(r"<ttm:agent\b(?P<attrs>[^>]*)>(?P<body>.*?)</ttm:agent\s*>", re.S)
_AGENT_NAME = re.compile(r"<ttm:name\b[^>]*>(?P<name>.*?)</ttm:name\s*>", re.S)
_SPAN_AGENT = re.compile(r"<span\b[^>]*\bttm:agent\s*=\s*[\"'](?P<id>[^\"']+)[\"']")
_BR = re.compile(r"<br\b[^>]*/?>", re.I)
_CLOCK = re.compile(r"(\d+):(\d{2}):(\d{2})(?:(\.\d+)|:(\d+(?:\.\d+)?))?")
_OFFSET = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s|f|t)")


def _attrs(raw: str) -> dict[str, str]:
    return {m.group("name"): m.group("dq") if m.group("dq") is not None else m.group("sq") for m in _ATTR.finditer(raw)}


def detect(text: str) -> float:
    head = text[:5000]
    if not _NAMESPACE.search(head):
        return 0.0
    return 1.0 if re.search(r"<p\b[^>]*\bbegin\s*=", text[:200000]) else 0.5


def _seconds(value: str, frame_rate: float, tick_rate: float) -> float | None:
    value = value.strip()
    if m := _CLOCK.fullmatch(value):
        h, mi, s, fraction, frames = m.groups()
        seconds = int(h) * 3600 + int(mi) * 60 + int(s) + (float(fraction) if fraction else 0.0)
        return round(seconds + (float(frames) / frame_rate if frames else 0.0), 6)
    if m := _OFFSET.fullmatch(value):
        number, unit = float(m.group(1)), m.group(2)
        per = {"h": 1 / 3600, "m": 1 / 60, "s": 1.0, "ms": 1000.0, "f": frame_rate, "t": tick_rate}[unit]
        return round(number / per, 6)  # a division, rounded to the microsecond: 7.2, not 7.199999999999999
    return None


def read(text: str, options: ReaderOptions = ReaderOptions()) -> Decoded:
    parsed = Decoded(NAME, KIND, text)
    root = _attrs(m.group(0)) if (m := re.search(r"<tt\b[^>]*>", text)) else {}
    frame_rate = float(root.get("ttp:frameRate", "30") or 30)
    tick_rate = float(root.get("ttp:tickRate", "1") or 1)
    names = {}
    for m in _AGENT.finditer(text):
        agent_id = _attrs(m.group("attrs")).get("xml:id")
        name = _AGENT_NAME.search(m.group("body"))
        if agent_id:
            names[agent_id] = normalize_label(html.unescape(re.sub(r"<[^>]*>", "", name.group("name")))) if name else ""

    def speaker_of(agent: str | None) -> str | None:
        if not agent:
            return None
        agent = agent.split()[0]
        return names.get(agent) or normalize_label(agent)

    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        lo, hi = 0, len(line_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if line_starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    divs = [(m.start(), _attrs(m.group("attrs"))) for m in _DIV.finditer(text)]
    body_tag = re.search(r"<body\b[^>]*>", text)
    body_begin = _attrs(body_tag.group(0)).get("begin") if body_tag else None
    base_body = (_seconds(body_begin, frame_rate, tick_rate) or 0.0) if body_begin else 0.0
    pieces: list[Piece] = []
    agents = 0
    for m in _P.finditer(text):
        attrs = _attrs(m.group("attrs"))
        number = line_of(m.start())
        times = []
        for key in ("begin", "end"):
            value = attrs.get(key)
            seconds = _seconds(value, frame_rate, tick_rate) if value is not None else None
            if value is not None and seconds is None:
                raise TranscriptFormatError(
                    f"caption has an unreadable `{key}`: {value!r}",
                    number,
                    'write TTML times as clock times ("00:00:04.200") or offsets ("4.2s", "4200ms")',
                )
            times.append(seconds)
        if times[0] is None:
            raise TranscriptFormatError(
                "caption `<p>` has no `begin` time", number, 'give every <p> a begin and an end: begin="00:00:01.000"'
            )
        # times are offsets from the nearest timed ancestor (TTML's parallel time containers)
        div_begin = next((d.get("begin") for start, d in reversed(divs) if start < m.start() and d.get("begin")), None)
        base = base_body + ((_seconds(div_begin, frame_rate, tick_rate) or 0.0) if div_begin else 0.0)
        times = [round(t + base, 6) if t is not None else None for t in times]
        if times[1] is None and (dur := attrs.get("dur")) is not None:
            if (length := _seconds(dur, frame_rate, tick_rate)) is not None:
                times[1] = round(times[0] + length, 6)
        if times[1] is not None and times[1] < times[0]:
            raise TranscriptFormatError(
                f"caption ends ({times[1]:.3f}s) before it starts ({times[0]:.3f}s)", number, "fix its begin and end"
            )
        body = m.group("body") or ""
        body_start = m.start("body") if m.group("body") is not None else m.end()
        agent = attrs.get("ttm:agent")
        if agent is None and (span := _SPAN_AGENT.search(body)):
            agent = span.group("id")
        if agent is None:
            agent = next(
                (d.get("ttm:agent") for start, d in reversed(divs) if start < m.start() and d.get("ttm:agent")), None
            )
        payload = []
        position = 0
        for br in list(_BR.finditer(body)) + [None]:
            end = br.start() if br else len(body)
            chunk = body[position:end]
            for offset_in, line in _split_lines(chunk):
                if line.strip():
                    payload.append(
                        (line_of(body_start + position + offset_in), body_start + position + offset_in, line)
                    )
            position = br.end() if br else end
        cue = cue_pieces(payload, times[0], times[1], parsed.skipped, voices=False, boilerplate=options.boilerplate)
        speaker = speaker_of(agent)
        if speaker:
            agents += 1
            for piece in cue:
                piece.speaker, piece.explicit = speaker, True
        pieces.extend(cue)
    if not pieces and not _P.search(text):
        raise TranscriptFormatError(
            "the TTML file has no `<p>` captions", 1, "captions are <p begin=... end=...> elements inside <body>"
        )
    _outside_captions(text, parsed)
    parsed.units = pieces
    parsed.extra["hint"] = 'give captions a speaker: ttm:agent="id" on each <p>, or a `Name:` prefix in the text'
    if agents:
        parsed.notes.append(f"{agents} caption(s) name their speaker with ttm:agent")
    return parsed


def _split_lines(chunk: str):
    """(offset, line) of each source line of a caption's text between line breaks."""
    offset = 0
    for line in chunk.split("\n"):
        yield offset, line.rstrip("\r")
        offset += len(line) + 1


def _outside_captions(text: str, parsed: Decoded) -> None:
    """Text outside the `<p>` captions (agent names, titles, descriptions in the head) is not
    speech: listed as skipped with what it is."""
    spans = [(m.start(), m.end()) for m in _P.finditer(text)]
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, offset = offset, offset + len(line) + 1
        inside = any(s < start + len(line) and start < e for s, e in spans)  # a caption's line
        words = html.unescape(re.sub(r"<[^>]*>", " ", line)).strip() if not inside else ""
        if words and not (line.lstrip().startswith("<?xml") or line.lstrip().startswith("<!--")):
            reason = (
                "speaker declaration (ttm:agent)" if "ttm:agent" in line else "TTML head or metadata (not a caption)"
            )
            parsed.skipped.append(Skipped(number, " ".join(words.split()), reason))
