"""JSON transcripts: diarized ASR output of any tool, found by shape, merged into speaker turns.

There is no one JSON transcript format, so the container does not read one schema: it looks
through the WHOLE document for the array of utterance-like objects and reads that. Examples of
what it finds (each in a golden file under `tests/readers/`; the folder's README names the public
documentation each follows)::

    WhisperX            {"segments": [{"start": 0.03, "end": 2.5, "text": " Hi.", "speaker": "SPEAKER_00"}]}
    Podcasting 2.0      {"segments": [{"speaker": "Ann", "startTime": 0.5, "endTime": 0.9, "body": "Hi"}]}
    pyannote-style      [{"start": 0.5, "end": 2.3, "text": "Hello", "speaker": "SPEAKER_00"}]
    AssemblyAI          {"text": ..., "words": [...], "utterances": [{"speaker": "A", "start": 240, "end": 1900,
                                                                      "text": "..."}]}     <- milliseconds
    Deepgram            {"results": {"channels": [{"alternatives": [{"words": [...], "paragraphs": {...}}]}],
                                     "utterances": [{"speaker": 0, "start": 0.4, "transcript": "..."}]}}
    Rev.ai              {"monologues": [{"speaker": 1, "elements": [{"type": "text", "value": "Hi",
                                                                     "ts": 0.5, "end_ts": 0.8}, ...]}]}
    Amazon Transcribe   {"results": {"audio_segments": [{"speaker_label": "spk_0", "transcript": "...",
                                                         "start_time": "4.87", ...}], "items": [...]}}
    Google Speech v1    {"results": [..., {"alternatives": [{"words": [{"word": "hi", "speakerTag": 1,
                                                                             "startTime": "1.300s"}]}]}]}

**Which array.** Every array of objects in the document is a candidate. An object's text is its
first text-like key (`TEXT_KEYS`), else the text of its first hypothesis (`alternatives`, `nBest`),
else its word list joined (`elements`, `words`, `sentences`, `items`: Rev.ai elements are joined
as written, spaces included; other word lists with one space, punctuation-only words attached to
the word before); its speaker the first speaker-like key (`SPEAKER_KEYS`; a number `n` is the
label `Speaker n`, as the services' own text exports write it); its times the first start-,
end- or duration-like key (`START_KEYS`, ...), else its first and last word's. Among candidates
whose objects name speakers (all candidates when none does), those holding at least half the
text of the largest one compete and the COARSEST wins (most words per object): the utterances of
AssemblyAI rather than its word list, the segments of WhisperX rather than `word_segments`, a
word list only when nothing coarser names speakers (Google, Amazon Transcribe without
`audio_segments`). A file where no object names a speaker (OpenAI Whisper's `verbose_json`,
WhisperX without `--diarize`) is refused: the transcript has no speakers to read.

**Times** become seconds: a key named in milliseconds (`start_ms`, `startMs`) or ticks
(`offsetInTicks`, 100 ns) is scaled; strings are read as numbers, `1.500s` (protobuf durations),
ISO 8601 durations (`PT1M2.5S`) or clock times (`00:01:02.5`). Bare numbers are seconds unless
the speech rate says otherwise: fewer than 0.05 words per unit of time (3 words a minute) is
not speech in seconds, so the file's times are milliseconds (AssemblyAI), which `notes` says.

CONSECUTIVE objects of one speaker form one turn, keeping the first `start` and the last `end`;
their texts are joined with a SINGLE SPACE (segments are ASR chunks, not paragraphs). An object
without a speaker (WhisperX leaves the key out when no diarization turn overlaps it; Amazon
Transcribe's punctuation items) is attached to the previous speaker's turn, or, before the
first speaker, to the next one; `notes` says how many were attached. Objects whose text is empty
are skipped; unpaired surrogate escapes (`\\ud800`) become U+FFFD. A punctuation-only object joins
the one before it without a space. Word-level speakers inside a chosen segment are not used;
`notes` counts segments whose words disagree about the speaker. JSON is never subject to the
line-length guard of text files: `json.dump` writes a whole transcript on one line.

Offsets: `source_start`/`source_end` are code-point offsets into the RAW JSON text, bracketing
the turn's text literals (first to last character after trimming, escapes included; for text
joined from words, the first word's literal to the last word's). They come from the literal
positions the JSON scanner itself reports: the file is decoded with the standard library's
pure-Python scanner whose `parse_string` records where each string value starts and ends, so
nothing is found by searching. `Segment.line` and error lines are 1-based lines of the JSON.
Malformed JSON is a TranscriptFormatError with the line and column of the problem.
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
    "JSON transcripts found by shape: WhisperX, Podcasting 2.0 JSON, pyannote-style lists, AssemblyAI, Deepgram, "
    "Rev.ai, Amazon Transcribe and Google Speech output (the array of utterances with text, speaker and times)"
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
            "is the JSON file truncated or hand-edited?",
        ) from None
    except RecursionError:
        raise TranscriptFormatError("JSON nested too deeply", None, "this is not a transcript") from None


#: Keys of an utterance-like object, first present (and usable) wins. Text: WhisperX/pyannote `text`,
#: Podcasting 2.0 `body`, Deepgram `transcript` and `punctuated_word`, Amazon `transcript`/`content`,
#: Azure `display`, Rev.ai `value`.
TEXT_KEYS = ("text", "body", "content", "transcript", "punctuated_word", "display", "sentence", "word", "value")
#: Lists of recognition hypotheses, best first: the object's text is the first one's.
HYPOTHESIS_KEYS = ("alternatives", "nBest", "nbest", "NBest")
#: Lists of words or sentences an object's text is made of when it has no text key of its own.
WORD_LIST_KEYS = ("elements", "words", "sentences", "items", "tokens")
START_KEYS = (
    "start",
    "startTime",
    "start_time",
    "begin",
    "from",
    "ts",
    "start_ms",
    "startMs",
    "startOffset",
    "offset",
    "offsetInTicks",
)
END_KEYS = ("end", "endTime", "end_time", "to", "end_ts", "end_ms", "endMs", "endOffset")
DURATION_KEYS = ("duration", "duration_ms", "durationMs", "durationInTicks")
SPEAKER_KEYS = (
    "speaker_name",
    "speakerName",
    "speaker",
    "speaker_label",
    "speakerLabel",
    "speaker_id",
    "speakerId",
    "speakerTag",
    "speaker_tag",
    "spk",
    "label",
)
_PUNCT_ONLY = re.compile(r"^[,.;:!?…)\]}»”’%]+$")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_PROTO_SECONDS = re.compile(r"([+-]?\d+(?:\.\d+)?)s")
_ISO = re.compile(r"PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?")
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)")
#: Fewer words than this per unit of time is not speech timed in seconds: the times are milliseconds.
_MIN_WORDS_PER_SECOND = 0.05


def _scale_of(key: str) -> float | None:
    """Units per second of a key's name (None: bare, inferred for the file)."""
    low = key.lower()
    if "ticks" in low:
        return 1e7
    if low.endswith("ms") or "millis" in low:
        return 1000.0
    return None


def _first(obj: dict, keys: tuple[str, ...]):
    """(key, value) of the first key present with a non-null value, else (keys[0], None)."""
    for key in keys:
        if obj.get(key) is not None:
            return key, obj[key]
    return keys[0], None


def _speaker(obj: dict) -> str | None:
    """The object's speaker: its own speaker-like key, else its first hypothesis's (Speechmatics)."""
    for key in SPEAKER_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return normalize_label(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return f"Speaker {value}"
    for key in HYPOTHESIS_KEYS:
        value = obj.get(key)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return _speaker(value[0])
    return None


def _numbered(obj: dict) -> bool:
    """The speaker is a number (written `Speaker n`)."""
    for key in SPEAKER_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return False
        if isinstance(value, int) and not isinstance(value, bool):
            return True
    return any(
        isinstance(obj.get(k), list) and obj[k] and isinstance(obj[k][0], dict) and _numbered(obj[k][0])
        for k in HYPOTHESIS_KEYS
    )


def _direct_text(obj: dict):
    """The object's own text literal (first text-like key holding a string), else None."""
    for key in TEXT_KEYS:
        value = obj.get(key)
        if isinstance(value, str):
            return value
    for key in HYPOTHESIS_KEYS:
        value = obj.get(key)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return _direct_text(value[0])
    return None


def _tokens(obj: dict):
    """(token literals, word objects) that make the object's text, or None when it has none."""
    own = _direct_text(obj)
    if own is not None:
        return [own], None
    for source in [obj] + [
        obj[k][0] for k in HYPOTHESIS_KEYS if isinstance(obj.get(k), list) and obj[k] and isinstance(obj[k][0], dict)
    ]:
        for key in WORD_LIST_KEYS:
            words = source.get(key)
            if isinstance(words, list) and words and all(isinstance(w, dict) for w in words):
                literals = [_direct_text(w) for w in words]
                if all(isinstance(t, str) for t in literals):
                    return literals, words
    return None


def _joined(tokens: list[str]) -> str:
    """Word tokens as text: written spacing when the list carries its own (Rev.ai's `punct`
    elements hold the spaces), else one space between words, punctuation attached to the word before."""
    if len(tokens) > 1 and any(not t.strip() for t in tokens):
        return "".join(tokens)
    out = ""
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        out += token if (not out or _PUNCT_ONLY.match(token)) else " " + token
    return out


class _Candidate:
    def __init__(self, path: str, objects: list, texts: list[str]):
        self.path, self.objects, self.texts = path, objects, texts
        self.speakers = sum(1 for o in objects if _speaker(o) is not None)
        self.chars = sum(len(t) for t in texts)
        self.words = sum(len(t.split()) for t in texts)

    @property
    def coarseness(self) -> float:
        return self.words / max(1, len(self.objects))


def _object_arrays(data):
    """(path, array) for every non-empty array of objects in the document, in document order."""
    stack = [(data, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            stack.extend((v, f"{path}.{k}" if path else k) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            if node and all(isinstance(o, dict) for o in node):
                yield path or "(top level)", node
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node))))


def _candidates(data) -> list[_Candidate]:
    """Every array of objects that all have text, in document order."""
    found: list[_Candidate] = []
    for path, node in _object_arrays(data):
        tokens = [_tokens(o) for o in node]
        if all(t is not None for t in tokens):
            found.append(_Candidate(path, node, [_joined(t[0]) for t in tokens]))
    return found


def _choose(data) -> _Candidate | None:
    """The array of utterances: among candidates naming speakers (all, when none does), those with
    at least half the text of the largest compete; the coarsest wins (ties: document order)."""
    found = [c for c in _candidates(data) if c.chars > 0]
    if not found:
        return None
    pool = [c for c in found if c.speakers] or found
    most = max(c.chars for c in pool)
    pool = [c for c in pool if c.chars * 2 >= most]
    return max(pool, key=lambda c: c.coarseness)  # max keeps the first of equals


def _timeline(data) -> tuple[str, list] | None:
    """The array of speaker turns WITHOUT text (a diarization timeline: every object names a
    speaker, a start and an end), the finest when there are several; None when there is none."""
    found: list[tuple[str, list]] = [
        (path, node)
        for path, node in _object_arrays(data)
        if all(
            _speaker(o) is not None
            and _first(o, START_KEYS)[1] is not None
            and _first(o, END_KEYS)[1] is not None
            and _tokens(o) is None
            for o in node
        )
    ]
    by_path: dict[str, int] = {}
    for path, objects in found:  # nested timelines (Amazon's segments[i].items): the finest level, in total
        level = re.sub(r"\[\d+\]", "[]", path)
        by_path[level] = by_path.get(level, 0) + len(objects)
    if not found:
        return None
    level = max(by_path, key=lambda k: by_path[k])
    objects = [o for path, objs in found if re.sub(r"\[\d+\]", "[]", path) == level for o in objs]
    return level, objects


def _timed_candidate(data) -> _Candidate | None:
    """For a timeline: the FINEST array holding (half) the text whose objects mostly have times."""
    found = [c for c in _candidates(data) if c.chars > 0]
    if not found:
        return None
    most = max(c.chars for c in found)
    pool = [
        c
        for c in found
        if c.chars * 2 >= most
        and sum(1 for o in c.objects if _first(o, START_KEYS)[1] is not None) * 2 >= len(c.objects)
    ]
    return min(pool, key=lambda c: c.coarseness) if pool else None


def _reading(data) -> tuple[_Candidate | None, tuple[str, list] | None]:
    """(the array read, the speaker timeline its times are matched to, or None)."""
    chosen = _choose(data)
    if chosen is None or chosen.speakers:
        return chosen, None
    timeline = _timeline(data)
    timed = _timed_candidate(data) if timeline else None
    return (timed, timeline) if timed is not None else (chosen, None)


def _overlap_speaker(t0: float | None, t1: float | None, turns: list[tuple[float, float, str]]) -> str | None:
    """The timeline speaker whose turn overlaps [t0, t1] most (a point: the turn containing it)."""
    if t0 is None:
        return None
    end = t1 if t1 is not None else t0
    best, best_overlap = None, 0.0
    for start, stop, speaker in turns:
        overlap = min(end, stop) - max(t0, start)
        if overlap > best_overlap or (best is None and start <= t0 <= stop):
            best, best_overlap = speaker, max(overlap, 0.0)
    return best


def detect(text: str) -> float:
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return 0.0
    try:
        data = json.loads(head)
    except (ValueError, RecursionError):
        return 0.3 if '"segments"' in text else 0.0
    try:
        chosen, timeline = _reading(data)
    except RecursionError:  # pragma: no cover - json.loads refuses deeper nesting first
        return 0.0
    if chosen is None:
        return 0.2 if isinstance(data, (dict, list)) and data else 0.0
    return 0.95 if chosen.speakers or timeline else 0.7


def _time_value(value, key: str, where: int | None, what: str):
    """(number, scale or None when bare) of one time field; a string is read as a number, a
    protobuf duration (`1.5s`), an ISO 8601 duration (`PT1M2.5S`) or a clock time (`01:02.5`)."""
    scale = _scale_of(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), scale
    if isinstance(value, str):
        raw = value.strip()
        if _NUMBER.fullmatch(raw):
            return float(raw), scale
        if m := _PROTO_SECONDS.fullmatch(raw):
            return float(m.group(1)), 1.0
        if (m := _ISO.fullmatch(raw)) and raw != "PT":
            h, mi, s = (float(g) if g else 0.0 for g in m.groups())
            return h * 3600 + mi * 60 + s, 1.0
        if m := _CLOCK.fullmatch(raw):
            h, mi, s = m.group(1), m.group(2), m.group(3).replace(",", ".")
            return int(h or 0) * 3600 + int(mi) * 60 + float(s), 1.0
    raise TranscriptFormatError(
        f"{what} has a non-numeric `{key}`: {value!r}",
        where,
        f'"{key}" must be a time: seconds (or a key named in milliseconds), "1.5s", "PT1.5S" or "00:01.5"',
    )


def _raw_times(obj: dict, words, where: int | None, what: str):
    """[(start number, scale), (end number, scale)] of one object, None where unknown."""
    out = []
    for keys in (START_KEYS, END_KEYS):
        key, value = _first(obj, keys)
        if value is None and words:
            ordered = words if keys is START_KEYS else list(reversed(words))
            key, value = next((_first(w, keys) for w in ordered if _first(w, keys)[1] is not None), (key, None))
        out.append(_time_value(value, key, where, what) if value is not None else None)
    if out[1] is None and out[0] is not None:
        key, value = _first(obj, DURATION_KEYS)
        if value is not None:
            duration, scale = _time_value(value, key, where, what)
            start, start_scale = out[0]
            # a duration adds to the start in the start's unit when both are bare or both stated
            if (scale or 1.0) == (start_scale or 1.0) or scale is None or start_scale is None:
                out[1] = (start + duration, start_scale if start_scale is not None else scale)
            else:
                out[1] = ((start / start_scale + duration / scale) * start_scale, start_scale)
    return out


def _bare_scale(rows: list[tuple[int, list]]) -> float:
    """Units per second of bare numbers: 1.0 (seconds) or 1000.0 (milliseconds), from the speech rate."""
    bare = [(w, t) for w, t in rows if all(x is not None and x[1] is None for x in t)]
    values = [x[0] for _, t in bare for x in t]
    if not values or not all(float(v).is_integer() for v in values):
        return 1.0
    duration = sum(t[1][0] - t[0][0] for _, t in bare if t[1][0] > t[0][0])
    words = sum(w for w, t in bare if t[1][0] > t[0][0])
    if duration > 0 and words:
        return 1000.0 if words / duration < _MIN_WORDS_PER_SECOND else 1.0
    return 1.0


def read(text: str, options: ReaderOptions = ReaderOptions()) -> Decoded:
    head = len(text) - len(text.lstrip("\ufeff"))
    body = text[head:] if head else text
    data = _load(body)
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

    try:
        chosen, timeline = _reading(data)
    except RecursionError:
        raise TranscriptFormatError("JSON nested too deeply", None, "this is not a transcript") from None
    if chosen is None:
        _no_utterances(data, line_in)
    parsed = Decoded(NAME, KIND, text)
    unit = "utterance" if chosen.path.rsplit(".", 1)[-1].startswith("utterances") else "segment"
    rows = []
    for index, obj in enumerate(chosen.objects):
        where = line_in(obj)
        literals, words = _tokens(obj)
        what = f"{unit} {index}" + (f" of `{chosen.path}`" if chosen.path not in ("segments", "(top level)") else "")
        rows.append((len(_joined(literals).split()), _raw_times(obj, words, where, what), what, where))
    scale = _bare_scale([(w, t) for w, t, _, _ in rows])
    turns: list[tuple[float, float, str]] = []
    if timeline is not None:
        for index, obj in enumerate(timeline[1]):
            what = f"speaker turn {index} of `{timeline[0]}`"
            t0, t1 = _raw_times(obj, None, line_in(obj), what)
            turns.append((t0[0] / (t0[1] or scale), t1[0] / (t1[1] or scale), _speaker(obj)))
    pieces: list[Piece] = []
    flips = replaced = numbered = 0
    for obj, (_, raw_times, what, where) in zip(chosen.objects, rows, strict=True):
        times = [x[0] / (x[1] if x[1] is not None else scale) if x is not None else None for x in raw_times]
        if times[0] is not None and times[1] is not None and times[1] < times[0]:
            raise TranscriptFormatError(
                f"{what} ends ({times[1]}) before it starts ({times[0]})", where, "fix the segment's start and end"
            )
        literals, words = _tokens(obj)
        values = []
        for literal in literals:
            value = str(literal)
            if any("\ud800" <= ch <= "\udfff" for ch in value):
                # `\ud800`-style escapes without their pair are valid JSON but not text: U+FFFD each (same length)
                value = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
                replaced += 1
            values.append(value)
        joined = _joined(values)
        stripped = joined.strip()
        first_line = line_of(literals[0].start) if isinstance(literals[0], _Str) else where
        if not stripped:
            parsed.skipped.append(Skipped(first_line, joined, f"{unit} with empty text"))
            continue
        if stripped in options.boilerplate:
            parsed.skipped.append(Skipped(first_line, stripped, "declared boilerplate"))
            continue
        speaker = _overlap_speaker(times[0], times[1], turns) if timeline is not None else _speaker(obj)
        numbered += speaker is not None and timeline is None and _numbered(obj)
        spoken = [(lit, val) for lit, val in zip(literals, values, strict=True) if val.strip()]
        (lit0, val0), (lit1, val1) = spoken[0], spoken[-1]
        spans0 = _char_spans(body, lit0.start, lit0.end)
        spans1 = spans0 if lit1 is lit0 else _char_spans(body, lit1.start, lit1.end)
        lead = len(val0) - len(val0.lstrip())
        last = len(val1.rstrip()) - 1
        if isinstance(words, list) or isinstance(obj.get("words"), list):
            word_list = obj.get("words") if isinstance(obj.get("words"), list) else words
            word_speakers = {_speaker(w) for w in word_list if isinstance(w, dict)} - {None}
            if len(word_speakers) > 1:
                flips += 1
        piece = Piece(speaker, [], line_of(lit0.start), times[0], times[1], speaker is not None)
        piece.text = " ".join(stripped.split())
        piece.start, piece.end = spans0[lead][0] + head, spans1[last][1] + head
        piece.resolved = True  # the text is final; the speaker is the JSON field
        previous = pieces[-1] if pieces else None
        if previous is not None and _PUNCT_ONLY.match(piece.text) and speaker in (None, previous.speaker):
            # word-level objects: punctuation joins the word before it, without a space
            previous.text += piece.text
            previous.end, previous.t1 = piece.end, piece.t1 if piece.t1 is not None else previous.t1
            continue
        pieces.append(piece)
    if not pieces:
        raise TranscriptFormatError(f"the JSON holds no {unit} text", 1, "is this the output of a finished run?")
    parsed.units = pieces
    parsed.extra["unit"] = unit
    parsed.extra["hint"] = (
        "this JSON names no speaker: transcribe with speaker diarization (WhisperX --diarize, AssemblyAI "
        "speaker_labels, Deepgram diarize=true, Amazon Transcribe ShowSpeakerLabels); OpenAI Whisper's JSON has no "
        "speakers"
    )
    if chosen.path not in ("segments", "(top level)"):
        parsed.notes.append(f"read the {len(chosen.objects)} {unit}s of `{chosen.path}`")
    if timeline is not None:
        parsed.notes.append(
            f"the speakers are the {len(turns)} turns of `{timeline[0]}`, matched to the {unit}s by time overlap"
        )
    if scale != 1.0:
        parsed.notes.append("times are milliseconds: as seconds the speech would be slower than 3 words a minute")
    if numbered:
        parsed.notes.append(f"{numbered} {unit}(s) name their speaker by number `n`, read as the label `Speaker n`")
    if replaced:
        parsed.notes.append(f"{replaced} {unit}(s) held unpaired surrogate escapes, replaced by U+FFFD")
    if flips:
        parsed.notes.append(f"{flips} {unit}(s) have words from more than one speaker; the {unit}'s speaker was used")
    return parsed


def _no_utterances(data, line_in) -> None:
    """Raise the error for a JSON document without an array of objects with text."""
    arrays: list[tuple[str, list]] = []
    stack = [(data, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            stack.extend((v, f"{path}.{k}" if path else k) for k, v in node.items())
        elif isinstance(node, list):
            if node and any(isinstance(o, dict) for o in node):
                arrays.append((path, node))
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node))
    if isinstance(data, dict) and isinstance(data.get("segments"), list):
        arrays.insert(0, ("segments", data["segments"]))
    arrays = [a for a in arrays if a[0] == "segments"] or sorted(arrays, key=lambda a: -len(a[1]))
    if not arrays:
        raise TranscriptFormatError(
            "the JSON has no `segments` list (nor any other list of utterances with text)",
            1,
            'a JSON transcript holds a list of utterances such as "segments": [{start, end, text, speaker}]',
        )
    path, objects = arrays[0]
    for index, obj in enumerate(objects):
        if not isinstance(obj, dict) or _tokens(obj) is None:
            raise TranscriptFormatError(
                f"segment {index} of `{path}` has no `text` (or `body`, `transcript`) string",
                line_in(obj) if isinstance(obj, (dict, list)) else 1,
                'every segment needs "text" (or "body", "transcript", a "words" list; and "start"/"end" times)',
            )
    raise TranscriptFormatError("the JSON holds no segment text", 1, "is this the output of a finished run?")
