"""Inline transcripts: `NAME: text` at the start of a line, continuation paragraphs unlabelled.

The layout of press releases, hearing records, podcast show notes and most plain-text
transcripts::

    THE PRESIDENT: Thank you all for coming.
    DR. STOKES:\u00a0Thank you, Mr. President.

      That is why we are here.        <- no label: continues DR. STOKES

A label is the text before the first colon of a line, when the colon is followed by white
space (including U+00A0) or the end of the line, and the text is short and name-like: at most
six words and 40 characters, every word capitalised, an honorific (`Mr.`, `Dr.`, `Senator`), a
name particle (`de`, `van`, `of`) or an id (`SPEAKER_01`, `Speaker 2`). `10:30`, URLs,
`He said: ...` and `Note: ...` are therefore not labels. Indentation is ignored.

Labels are *strong* when they hold an all-capitals word (`THE PRESIDENT`, `Mr. LIMAN`,
`Senator WARREN`) or an id (`SPEAKER_01`, `Speaker 2`); a *weak* label (`Sasha Talaver`,
`Interviewer`, `Q`) counts only when it recurs, so a single `Paris: the city...` or a
front-matter line `Interviewer: J. Osei` stays text. A list of
words that are never speakers (`Note`, `Update`, `Date`, `Source`, ...) is excluded.

With declared labels (`ReaderOptions.speaker_labels`) exactly those start turns; a line
that would have been taken as a label without metadata but is not declared is an error.

NPR/MediaSum `NAME, ROLE:` labels (`MADELEINE BRAND, HOST:`) are kept WHOLE as the speaker
(`MADELEINE BRAND, HOST`): that is the label as written, and metadata maps it with an alias;
splitting off the role would lose the distinction between `, HOST` and `, BYLINE` turns.

`Segment.speaker` is the label as written with runs of white space (NBSP included) collapsed
to one space. A label always starts a new turn, even for the same speaker. A label followed
by nothing takes its speech from the following lines; a label with no speech at all is an
error. Lines before the first label are the preamble (title, place, time). Skipped, with a
reason: declared boilerplate, `END` / `###` / copyright footer lines, and standalone
bracketed non-speech such as `(LAUGHTER)` or `[Witness conferring with counsel.]`.

Offsets: `source_start`/`source_end` are code-point offsets into the decoded text, from the
first character of the turn's first text (after the label) to the last of its last text.

This module also holds the machinery the other text readers (`qa`, `markdown`, `html`,
and the subtitle readers' speaker prefixes) share: `label_kind`, `LabelRules`,
`TurnAssembler` and the non-speech patterns.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from .base import (
    Block,
    ParsedTranscript,
    ReaderOptions,
    Segment,
    Skipped,
    TranscriptFormatError,
    iter_lines,
    join_paragraphs,
)

NAME = "inline"
DESCRIPTION = "`NAME: text` at the start of each turn's first line (press releases, hearings, podcasts)"

#: Characters treated as layout white space at line edges and after a label's colon.
WS = " \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff"

#: `label:` at line start; the colon must be followed by white space or the end of the line.
LABEL_RE = re.compile(rf"[{WS}]*(?P<label>[^\s{WS}:][^:\n\r]{{0,63}}?)[{WS}]*:(?:[{WS}]+|$)")

_TITLES = {
    "mr.",
    "mrs.",
    "ms.",
    "mx.",
    "dr.",
    "prof.",
    "sen.",
    "rep.",
    "gov.",
    "gen.",
    "col.",
    "capt.",
    "lt.",
    "sgt.",
    "hon.",
    "rev.",
    "fr.",
    "st.",
    "jr.",
    "sr.",
    "messrs.",
    "amb.",
    "sec.",
    "adm.",
    "maj.",
    "cmdr.",
    "pres.",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
}
_PARTICLES = {
    "de",
    "da",
    "van",
    "von",
    "der",
    "den",
    "al",
    "bin",
    "la",
    "le",
    "del",
    "di",
    "du",
    "dos",
    "das",
    "y",
    "of",
    "ter",
    "ten",
    "ibn",
    "zu",
    "the",
}
#: Words before a colon that introduce a field or an aside, never a speaker.
STOP_LABELS = {
    "note",
    "notes",
    "nb",
    "n.b.",
    "ps",
    "p.s.",
    "ok",
    "okay",
    "update",
    "updated",
    "correction",
    "corrections",
    "editor's note",
    "editors' note",
    "editor’s note",
    "editors’ note",
    "source",
    "sources",
    "date",
    "dates",
    "time",
    "location",
    "place",
    "subject",
    "re",
    "fyi",
    "warning",
    "caution",
    "important",
    "summary",
    "transcript",
    "title",
    "topic",
    "topics",
    "published",
    "posted",
    "copyright",
    "photo",
    "caption",
    "credit",
    "credits",
    "tags",
    "category",
    "keywords",
    "link",
    "links",
    "see also",
    "example",
    "examples",
    "tip",
    "hint",
    "step",
    "chapter",
    "part",
    "section",
    "episode",
    "season",
    "guests",
    "hosts",
    "also present",
    "present",
    "appearances",
    "attendees",
    "participants",
    "duration",
    "length",
    "recorded",
    "language",
    "format",
    "venue",
    "event",
    "address",
    "phone",
    "email",
    "e-mail",
    "website",
    "url",
    "web",
    "file",
    "filename",
    "disclaimer",
    "attention",
    "reminder",
    "answer key",
    "contents",
    "abstract",
    "break",
    "pause",
    "intermission",
    "end",
    "start",
    "begin",
    "beginning",
    "music",
    "applause",
    "laughter",
    "crosstalk",
    "inaudible",
    "unintelligible",
    "silence",
    "transcription",
    "translation",
    "yes",
    "no",
    "but",
    "and",
    "so",
    "well",
    "then",
    "also",
    "first",
    "second",
    "third",
    "finally",
    "result",
    "results",
    "show",
    "snap",
    "guest",
    "headline",
    "byline",
    "dateline",
    "highlight",
    "highlights",
    "program",
    "network",
    "aired",
    "air date",
    "content",
    "rush transcript",
    "body",
    "segment",
    "story",
    "slug",
}

_SPEAKER_ID = re.compile(r"^(?:speaker|spk|spkr|s)_?\d{1,3}$", re.IGNORECASE)
_NAME_CHARS = set("'’.-‐")


def normalize_label(label: str) -> str:
    """The speaker as written, NFC, with runs of white space (NBSP too) collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", label).replace("\ufeff", " ").split())


def _name_word(word: str, first: bool) -> bool:
    if word.casefold() in _TITLES or _SPEAKER_ID.match(word):
        return True
    if not first and (word in _PARTICLES or (word.isdigit() and len(word) <= 3)):
        return True
    if not word[0].isupper():
        return False
    return all(ch.isalpha() or ch in _NAME_CHARS for ch in word[1:])


def _is_caps_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


#: A parenthesised aside inside a label: party and state `(R-SD)`, `(on camera)`,
#: `(through translator)`, pronouns `(he/him)`. It stays in the speaker as written.
_ASIDE = re.compile(r"\s*\([^()\n]{1,30}\)")


def label_kind(label: str) -> str | None:
    """'strong', 'weak' or None (not name-like) for the text before a line's first colon."""
    label = normalize_label(label)
    if not label or len(label) > 64:
        return None
    if "(" in label:
        core = _ASIDE.sub("", label).strip()
        if not core or "(" in core or ")" in core or core == label:
            return None
        return label_kind(core)
    name, role = label, ""
    if "," in label:
        name, role = (part.strip() for part in label.split(",", 1))
    if len(name) > 40 or name.casefold() in STOP_LABELS or label.casefold() in STOP_LABELS:
        return None
    words = name.split()
    if not 1 <= len(words) <= 6:
        return None
    if not all(_name_word(w, i == 0) for i, w in enumerate(words)):
        return None
    if words[0] in _PARTICLES:
        return None
    strong = any(_is_caps_word(w) for w in words) or any(_SPEAKER_ID.match(w) for w in words) or words[-1].isdigit()
    if role:
        # NPR / MediaSum `NAME, ROLE`: the role is 1-4 words, capitalised unless the name is in capitals.
        role_words = role.split()
        if not 1 <= len(role_words) <= 4 or not all(w.replace("-", "").replace(".", "").isalpha() for w in role_words):
            return None
        if not (any(_is_caps_word(w) for w in words) or all(w[0].isupper() for w in role_words)):
            return None
    return "strong" if strong else "weak"


class LabelRules:
    """Decides which syntactic label candidates are speaker labels.

    Without declared labels: strong candidates, and weak ones that occur at least twice.
    With declared labels: exactly the declared ones; any other candidate that would have been
    taken without metadata is an error (a misspelt name would otherwise become speech).
    """

    def __init__(self, candidates: Iterable[str], declared: frozenset[str] | None, syntactic: bool = False):
        self.counts = Counter(normalize_label(c) for c in candidates)
        self.declared = None if declared is None else {normalize_label(d) for d in declared}
        # syntactic: the format's label pattern is specific enough that every match is a label.
        self.syntactic = syntactic

    def discovered(self, label: str) -> bool:
        if self.syntactic:
            return True
        kind = label_kind(label)
        return kind == "strong" or (kind == "weak" and self.counts[normalize_label(label)] >= 2)

    def is_declared(self, label: str) -> bool:
        return self.declared is not None and normalize_label(label) in self.declared

    def undeclared_error(
        self, label: str, line: int | None, what: str = "is written like a speaker label"
    ) -> TranscriptFormatError:
        return TranscriptFormatError(
            f"{normalize_label(label)!r} {what}, but no speaker or alias in the metadata is called that",
            line,
            f"fix the spelling to one of {sorted(self.declared or ())}, or add it to that speaker's `aliases` in metadata.yaml",
        )

    def is_label(self, label: str, line: int | None) -> bool:
        if self.declared is None:
            return self.discovered(label)
        if normalize_label(label) in self.declared:
            return True
        if self.discovered(label):
            raise self.undeclared_error(label, line)
        return False

    def check_explicit(self, label: str, line: int | None, what: str = "is marked up as a speaker") -> None:
        """For labels the markup makes explicit (voice tags, JSON fields): only check declaration."""
        if self.declared is not None and normalize_label(label) not in self.declared:
            raise self.undeclared_error(label, line, what)


# --- non-speech lines --------------------------------------------------------------------

#: A line that is nothing but a bracketed or parenthesised annotation, or a music note run.
NONSPEECH_RE = re.compile(r"^(?:\[[^\[\]\n]*\]|\([^()\n]*\)|♪[^\n]*|\*\[[^\[\]\n]*\]\*)$")
#: End-of-transcript and footer markers.
END_RE = re.compile(
    r"^(?:END|\(END\)|\[END\]|END OF (?:TRANSCRIPT|INTERVIEW|RECORDING)\.?|###|# # #|-\s?30\s?-)"
    r"(?:[ \t\u00a0]+[0-9:.,APMESTDUTC apmestdutc\u00a0]*)?$"
)
FOOTER_RE = re.compile(r"^(?:©|\(c\)\s|copyright\s+(?:©|\(c\)|\d{4}))", re.IGNORECASE)
#: Publishers' notices about the transcript itself (NPR, CNN, MSNBC, magazines).
NOTICE_RE = re.compile(
    r"^(?:NPR transcripts are created|THIS IS A RUSH TRANSCRIPT|This (?:interview|conversation|transcript) has been"
    r"(?: lightly)? (?:edited|condensed)|This transcript (?:may not be in its final form|was (?:automatically )?generated)"
    r"|Transcript provided by|(?:Story continues below )?advertisement$)",
    re.IGNORECASE,
)
#: Rules and section breaks (`____`, `* * *`, `—`) and Congressional Record time stamps (`{time}  1415`).
RULE_RE = re.compile(r"^(?:[*_=~\-—–·•#]\s?){1,40}$")
TIME_STAMP_RE = re.compile(r"^\{time\}\s+\d{3,4}$")


def _is_layout_space(ch: str) -> bool:
    return ch.isspace() or ch in "\u200b\ufeff"


def strip_span(line: str) -> tuple[int, int]:
    """(lead, end): the line without layout white space at either edge is line[lead:end]."""
    lead, end = 0, len(line)
    while lead < end and _is_layout_space(line[lead]):
        lead += 1
    while end > lead and _is_layout_space(line[end - 1]):
        end -= 1
    return lead, end


def nonspeech_reason(stripped: str, boilerplate: frozenset[str]) -> str | None:
    """Why a whole (trimmed) line or paragraph is not speech, or None."""
    if stripped in boilerplate:
        return "declared boilerplate"
    if END_RE.match(stripped):
        return "end-of-transcript marker"
    if FOOTER_RE.match(stripped):
        return "copyright footer"
    if NONSPEECH_RE.match(stripped):
        return "standalone non-speech annotation"
    if NOTICE_RE.match(stripped):
        return "publisher's notice"
    if RULE_RE.match(stripped):
        return "horizontal rule"
    if TIME_STAMP_RE.match(stripped):
        return "time stamp"
    return None


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


# --- cheap signals other detectors use ---------------------------------------------------

_MARKUP_START = re.compile(r"<[!?a-zA-Z]")
_SUBTITLE_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->", re.MULTILINE)
#: Press-briefing / Q&A question lines: `Q:`, `Q.`, or `Q` followed by two spaces or a tab.
QA_LINE_RE = re.compile(rf"[{WS}]*(?P<label>[QA])(?:[.:](?=[{WS}]|$)|(?=\t|[ \u00a0]{{2,}}|[{WS}]*$))[{WS}]*")


def looks_structured(text: str) -> bool:
    """Subtitles, JSON or markup: text readers should stand back."""
    head = text.lstrip("\ufeff \t\r\n")
    return bool(_SUBTITLE_TIMING.search(text) or _MARKUP_START.match(head)) or head.startswith(("{", "WEBVTT"))


def qa_counts(text: str) -> tuple[int, int]:
    """Number of lines starting with a Q label and with an A label."""
    q = a = 0
    for _, _, line in iter_lines(text):
        m = QA_LINE_RE.match(line)
        if m and line[m.end() :].strip():
            if m.group("label") == "Q":
                q += 1
            else:
                a += 1
    return q, a


# --- the inline reader -------------------------------------------------------------------


def _label_lines(text: str, rules: LabelRules | None = None, label_re: re.Pattern = LABEL_RE):
    lines = list(iter_lines(text))
    candidates = [m.group("label") for _, _, line in lines if (m := label_re.match(line))]
    return lines, (rules or LabelRules(candidates, None)), candidates


_ONLY_TIMESTAMP = re.compile(r"^[\[(]?\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?[\])]?$")


def detect(text: str) -> float:
    if looks_structured(text):
        return 0.05
    lines, rules, _ = _label_lines(text)
    labelled = with_text = 0
    speakers = set()
    for _, _, line in lines:
        m = LABEL_RE.match(line)
        if m and rules.discovered(m.group("label")):
            labelled += 1
            speakers.add(normalize_label(m.group("label")))
            rest = line[m.end() :].strip()
            if rest and not _ONLY_TIMESTAMP.match(rest):  # `Name: (00:00:12)` is a speaker-lines label
                with_text += 1
    if labelled < 2:
        return 0.0
    q, a = qa_counts(text)
    qa_labels = sum(1 for s in speakers if s in {"Q", "A"})
    if q >= 2 or (qa_labels and q + a >= labelled * 0.3):
        return 0.45  # the qa reader's territory
    share = with_text / labelled
    if share >= 0.6:
        return 0.9 if labelled >= 3 else 0.6
    return 0.75 if share >= 0.4 else 0.45


def wrapped_bracket_end(lines: list, index: int, max_lines: int = 8) -> int | None:
    """When line `index` opens a bracketed note that closes a few lines later, with nothing
    after the closing bracket (a paragraph of its own), the index of its last line."""
    first = lines[index][2].strip()
    if not first.startswith("[") or "]" in first:
        return None
    for j in range(index + 1, min(len(lines), index + 1 + max_lines)):
        line = lines[j][2].strip()
        if not line or "[" in line:
            return None
        if "]" in line:
            return j if line.endswith("]") and line.count("]") == 1 else None
    return None


def read(text: str, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    return read_labelled(
        text,
        options,
        LABEL_RE,
        NAME,
        "start each turn with the speaker's label and a colon (`NAME: text`) at the beginning of a line",
    )


def read_labelled(
    text: str,
    options: ReaderOptions,
    label_re: re.Pattern,
    fmt: str,
    hint: str,
    syntactic: bool = False,
    extra_nonspeech=None,
) -> ParsedTranscript:
    """Turns from lines that start with a label matched by `label_re` (group `label`);
    unlabelled lines continue the current turn. Shared by the inline and hearing readers.
    `syntactic`: every match of `label_re` is a label (no name-likeness or recurrence test).
    `extra_nonspeech(stripped_line) -> reason | None`: the format's own non-speech lines inside turns."""
    lines, _, candidates = _label_lines(text, label_re=label_re)
    rules = LabelRules(candidates, options.speaker_labels, syntactic=syntactic)
    asm = TurnAssembler(fmt, text)
    pending_skip: int | None = None  # index of the last line of a wrapped bracketed note
    for index, (number, offset, line) in enumerate(lines):
        lead, end = strip_span(line)
        stripped = line[lead:end]
        if not stripped:
            asm.paragraph_break()
            continue
        reason = nonspeech_reason(stripped, options.boilerplate) or (
            extra_nonspeech(stripped) if extra_nonspeech and asm.in_turn else None
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
