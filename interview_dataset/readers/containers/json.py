"""WhisperX JSON output: diarized ASR segments merged into speaker turns.

::

    {"segments": [{"start": 0.03, "end": 2.5, "text": " Welcome back.", "speaker": "SPEAKER_00",
                   "words": [{"word": "Welcome", "start": 0.03, "end": 0.4, "speaker": "SPEAKER_00"}, ...]},
                  ...],
     "word_segments": [...], "language": "en"}

Each segment's `text` is trimmed (WhisperX puts a space in front). CONSECUTIVE segments of one
speaker form one turn, keeping the first `start` and the last `end`; their texts are joined
with a SINGLE SPACE (segments are ASR chunks, not paragraphs). A segment without `speaker`
(WhisperX leaves the key out when no diarization turn overlaps it) is attached to the
previous speaker's turn, or, before the first speaker, to the next one - which is what
WhisperX's own SRT/VTT writers effectively do by omitting the prefix; `notes` says how many
were attached. A file where no segment has a speaker (diarization not run) is an error.
Segments whose text is empty are skipped; unpaired surrogate escapes (`\\ud800`) become U+FFFD.
Word-level speakers are not used; `notes` counts segments whose words disagree about the speaker.

The same reader takes the Podcasting 2.0 JSON transcript (`body`, `startTime`, `endTime`,
`speaker`; word-level segments are merged into turns, punctuation segments joined to the word
before them without a space) and pyannote-style lists of `{start, end, speaker, text}` (see
`TEXT_KEYS`, `START_KEYS`, `END_KEYS`, `SPEAKER_KEYS`). JSON is never subject to the line-length
guard of text files: `json.dump` writes a whole transcript on one line.

Offsets: `source_start`/`source_end` are code-point offsets into the RAW JSON text, bracketing
the contents of the `text` string literals (first to last character after trimming, escapes
included). They come from the literal positions the JSON scanner itself reports: the file is
decoded with the standard library's pure-Python scanner whose `parse_string` records where
each string value starts and ends, so nothing is found by searching. `Segment.line` and error
lines are 1-based lines of the JSON. Malformed JSON is a TranscriptFormatError with the line
and column of the problem.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re

from ..base import ReaderOptions, Skipped, TranscriptFormatError
from ..toolkit.cues import Piece
from ..toolkit.labels import normalize_label
from . import Decoded

NAME = "json"
DESCRIPTION = (
    "JSON segments: WhisperX, Podcasting 2.0 JSON transcripts (`segments` of speaker/startTime/endTime/body, "
    "words merged into turns), pyannote-style lists"
)
KIND = "cues"


class _Str(str):
    """A decoded JSON string that remembers where its literal sits (inside the quotes)."""

    start: int
    end: int


class _Decoder(json.JSONDecoder):
    def __init__(self) -> None:
        super().__init__()
        self.parse_string = self._parse_string
        self.scan_once = json.scanner.py_make_scanner(self)

    @staticmethod
    def _parse_string(source: str, begin: int, strict: bool = True):
        value, end = json.decoder.scanstring(source, begin, strict)
        out = _Str(value)
        out.start, out.end = begin, end - 1
        return out, end


def _char_spans(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """Raw (start, end) of every decoded character of the literal source[start:end]."""
    spans, i = [], start
    while i < end:
        if source[i] != "\\":
            spans.append((i, i + 1))
            i += 1
        elif source[i + 1] != "u":
            spans.append((i, i + 2))
            i += 2
        else:
            code = int(source[i + 2 : i + 6], 16)
            if 0xD800 <= code <= 0xDBFF and source[i + 6 : i + 8] == "\\u":
                low = int(source[i + 8 : i + 12], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    spans.append((i, i + 12))
                    i += 12
                    continue
            spans.append((i, i + 6))
            i += 6
    return spans


def _load(text: str):
    try:
        return _Decoder().decode(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(
            f"malformed JSON: {exc.msg} (column {exc.colno})",
            exc.lineno,
            "the file must be the JSON WhisperX writes; is it truncated or hand-edited?",
        ) from None
    except RecursionError:
        raise TranscriptFormatError("JSON nested too deeply", None, "this is not a WhisperX transcript") from None


#: Keys read from each segment, first present wins: WhisperX (`text`, `start`, `end`, `speaker`),
#: the Podcasting 2.0 JSON transcript (`body`, `startTime`, `endTime`, `speaker`) and other
#: diarization tools' JSON (pyannote-style `start`/`end`/`speaker` with `text`).
TEXT_KEYS = ("text", "body", "content", "transcript", "sentence", "word")
START_KEYS = ("start", "startTime", "start_time", "begin", "from")
END_KEYS = ("end", "endTime", "end_time", "to")
SPEAKER_KEYS = ("speaker", "speaker_label", "speakerName", "speaker_name", "spk", "label")
_PUNCT_ONLY = re.compile(r"^[,.;:!?…)\]}»”’%]+$")


def _segments(data):
    """The list of segments: `segments` of an object, or a top-level list."""
    if isinstance(data, dict) and isinstance(data.get("segments"), list):
        return data["segments"]
    if isinstance(data, list) and data and all(isinstance(s, dict) for s in data):
        return data
    return None


def _first(seg: dict, keys: tuple[str, ...]):
    for key in keys:
        if key in seg:
            return key, seg[key]
    return keys[0], None


def detect(text: str) -> float:
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return 0.0
    try:
        data = json.loads(head)
    except (ValueError, RecursionError):
        return 0.3 if '"segments"' in text else 0.0
    segments = _segments(data)
    if not segments:
        return 0.2 if isinstance(data, dict) and "segments" in data else 0.0
    if not all(isinstance(s, dict) and any(k in s for k in TEXT_KEYS) for s in segments):
        return 0.2
    return 0.95 if any(any(k in s for k in SPEAKER_KEYS) for s in segments) else 0.7


def read(text: str, options: ReaderOptions = ReaderOptions()) -> Decoded:
    head = len(text) - len(text.lstrip("\ufeff"))
    data = _load(text[head:] if head else text)
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset + head)

    def line_in(obj) -> int | None:
        """The line of the first string literal inside obj."""
        if isinstance(obj, _Str):
            return line_of(obj.start)
        items = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else ()
        for item in items:
            if (line := line_in(item)) is not None:
                return line
        return None

    segment_list = _segments(data)
    if segment_list is None:
        raise TranscriptFormatError(
            "the JSON has no `segments` list",
            1,
            'WhisperX output is an object with a "segments" list of {start, end, text, speaker}',
        )
    parsed = Decoded(NAME, KIND, text)
    pieces: list[Piece] = []
    flips = replaced = 0
    for index, seg in enumerate(segment_list):
        where = line_in(seg)
        text_key, raw = _first(seg, TEXT_KEYS) if isinstance(seg, dict) else ("text", None)
        if not isinstance(raw, _Str):
            raise TranscriptFormatError(
                f"segment {index} has no `text` (or `body`) string",
                where,
                'every segment needs "text" or "body" (and "start"/"startTime", "end"/"endTime")',
            )
        times = []
        for keys in (START_KEYS, END_KEYS):
            key, value = _first(seg, keys)
            if isinstance(value, _Str):
                try:
                    value = float(value)
                except ValueError:
                    pass
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise TranscriptFormatError(
                    f"segment {index} has a non-numeric `{key}`: {value!r}",
                    where,
                    f'"{key}" must be a number of seconds',
                )
            times.append(float(value) if value is not None else None)
        if times[0] is not None and times[1] is not None and times[1] < times[0]:
            raise TranscriptFormatError(
                f"segment {index} ends ({times[1]}) before it starts ({times[0]})",
                where,
                "fix the segment's start and end",
            )
        value = str(raw)
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            # `\ud800`-style escapes without their pair are valid JSON but not text: U+FFFD each (same length)
            value = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
            replaced += 1
        stripped = value.strip()
        if not stripped:
            parsed.skipped.append(Skipped(line_of(raw.start), value, "segment with empty text"))
            continue
        if stripped in options.boilerplate:
            parsed.skipped.append(Skipped(line_of(raw.start), stripped, "declared boilerplate"))
            continue
        speaker = _first(seg, SPEAKER_KEYS)[1]
        speaker = normalize_label(speaker) if isinstance(speaker, str) and speaker.strip() else None
        line = line_of(raw.start)
        spans = _char_spans(text[head:], raw.start, raw.end)
        lead = len(value) - len(value.lstrip())
        last = len(value.rstrip()) - 1
        words = seg.get("words")
        if isinstance(words, list):
            word_speakers = {w.get("speaker") for w in words if isinstance(w, dict) and w.get("speaker") is not None}
            if len(word_speakers) > 1:
                flips += 1
        piece = Piece(speaker, [], line, times[0], times[1], speaker is not None)
        piece.text = " ".join(stripped.split())
        piece.start, piece.end = spans[lead][0] + head, spans[last][1] + head
        piece.resolved = True  # the text is final; the speaker is the JSON field
        previous = pieces[-1] if pieces else None
        if previous is not None and _PUNCT_ONLY.match(piece.text) and speaker in (None, previous.speaker):
            # word-level segments: punctuation joins the word before it, without a space
            previous.text += piece.text
            previous.end, previous.t1 = piece.end, piece.t1 if piece.t1 is not None else previous.t1
            continue
        pieces.append(piece)
    if not pieces:
        raise TranscriptFormatError(
            "the JSON holds no segment text", 1, "is this the output of a finished WhisperX run?"
        )
    parsed.units = pieces
    parsed.extra["unit"] = "segment"
    parsed.extra["hint"] = "run WhisperX with diarization (--diarize) so segments carry a `speaker`"
    if replaced:
        parsed.notes.append(f"{replaced} segment(s) held unpaired surrogate escapes, replaced by U+FFFD")
    if flips:
        parsed.notes.append(f"{flips} segment(s) have words from more than one speaker; the segment's speaker was used")
    return parsed
