"""Speaker-label machinery shared by every grammar: what a name-like label is (`label_kind`),
which candidates are labels (`LabelRules`, discovery by recurrence or declared in metadata),
and the cheap signals grammars use (`qa_counts`)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from ..base import TranscriptFormatError, iter_lines

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


def is_title(word: str) -> bool:
    """An honorific or title abbreviation (`Mr.`, `Dr.`, `Jr.`): its period is not a delimiter."""
    return word.casefold() in _TITLES


def _name_word(word: str, first: bool) -> bool:
    if (word.casefold() in _TITLES and word[0].isupper()) or _SPEAKER_ID.match(word):
        return True  # a title as names are written (`Mr.`, `DR.`; `mr` in a sentence is no label)
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
#: Party labels in parliamentary records (`(Con)`, `(Lab/Co-op)`, `(LD)`, `(R-SD)`).
_PARTY = re.compile(
    r"\((?:Con|Lab|Lab/Co-op|LD|Lib Dem|SNP|Green|PC|DUP|SF|Ind|Reform|Alba|UUP|SDLP|Alliance|TUV|Crossbench"
    r"|[RDI]-[A-Z]{2}(?:-\d{1,2})?)\)"
)
#: Groups that speak in transcripts (`PARTICIPANTS: Thank you.`) when written in capitals; in title case
#: they are header fields (`Participants: A, B`).
_GROUPS = {"participants", "guests", "hosts", "audience", "panelists", "attendees"}
#: Honorifics that make `Mr. Hague:` / `Madam Speaker:` a label without recurring.
_HONORIFICS = {"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "madam", "sir", "lord", "lady", "baroness", "dame"}


def label_core(label: str) -> str:
    """The label without parenthesised asides: `The Prime Minister (Keir Starmer)` -> `The Prime Minister`."""
    return " ".join(_ASIDE.sub("", normalize_label(label)).split())


def label_kind(label: str) -> str | None:
    """'strong', 'weak' or None (not name-like) for the text before a line's first colon."""
    label = normalize_label(label)
    if not label or len(label) > 64:
        return None
    if "(" in label:
        core = _ASIDE.sub("", label).strip()
        if not core or "(" in core or ")" in core or core == label:
            return None
        kind = label_kind(core)
        if kind == "weak" and any(_PARTY.fullmatch(a.strip()) for a in _ASIDE.findall(label)):
            return "strong"  # Hansard: `Kemi Badenoch (North West Essex) (Con)`
        return kind
    name, role = label, ""
    if "," in label:
        name, role = (part.strip() for part in label.split(",", 1))
    if len(name) > 40 or name.casefold() in STOP_LABELS or label.casefold() in STOP_LABELS:
        if not (name.isupper() and name.casefold() in _GROUPS):
            return None
    if "," in label and not role:  # `MARY DOE, :` in a court caption, `Petitioner,`
        return None
    words = name.split()
    if not 1 <= len(words) <= 6:
        return None
    if not all(_name_word(w, i == 0) for i, w in enumerate(words)):
        return None
    if words[0] in _PARTICLES:
        return None
    strong = (
        any(_is_caps_word(w) for w in words)
        or any(_SPEAKER_ID.match(w) for w in words)
        or words[-1].isdigit()
        or (len(words) >= 2 and words[0][0].isupper() and words[0].casefold() in _HONORIFICS and not role)
    )
    if role:
        # NPR / MediaSum `NAME, ROLE`: the role is 1-4 words, capitalised unless the name is in capitals.
        role_words = role.split()
        if not 1 <= len(role_words) <= 4 or not all(w.replace("-", "").replace(".", "").isalpha() for w in role_words):
            return None
        if not (any(_is_caps_word(w) for w in words) or all(w[0].isupper() for w in role_words)):
            return None
    return "strong" if strong else "weak"


_INITIALS = re.compile(r"(?:[A-Z]\.?){2,3}")


def recurring_stop_labels(sequence: Iterable[str]) -> set[str]:
    """The labels of `sequence` (a file's label candidates, in order) that `STOP_LABELS` would refuse
    but that are speakers in this file: `NB`, `PS`, `OK` are also people's initials. A label that
    recurs and alternates like the other labels is a speaker, whatever word it is: it occurs at least
    twice, never twice in a row, and at least a third as often as the most frequent other label (an
    editorial `**Note:**` or two among forty turns stays a note)."""
    norm = [normalize_label(s) for s in sequence]
    counts = Counter(norm)
    found = set()
    for label, n in counts.items():
        if label.casefold() not in STOP_LABELS or n < 2:
            continue
        others = [c for other, c in counts.items() if other != label]
        if not others or 3 * n < max(others):
            continue
        if any(a == b == label for a, b in zip(norm, norm[1:], strict=False)):
            continue
        found.add(label)
    return found


class LabelRules:
    """Decides which syntactic label candidates are speaker labels.

    Without declared labels: strong candidates, and weak ones that occur at least twice.
    With declared labels: exactly the declared ones; any other candidate that would have been
    taken without metadata is an error (a misspelt name would otherwise become speech).
    """

    def __init__(self, candidates: Iterable[str], declared: frozenset[str] | None, syntactic: bool = False):
        candidates = list(candidates)
        self.counts = Counter(normalize_label(c) for c in candidates)
        #: editorial words written as initials that are speakers in this file (`NB:`, the interviewer's
        #: initials); only initials, since a line of plain prose may well start `Note:` again and again
        self.speaking = {c for c in recurring_stop_labels(candidates) if _INITIALS.fullmatch(c)}
        self.core_counts = Counter(label_core(c) for c in candidates)
        self.declared = None if declared is None else {normalize_label(d) for d in declared}
        # syntactic: the format's label pattern is specific enough that every match is a label.
        self.syntactic = syntactic

    def discovered(self, label: str) -> bool:
        if self.syntactic or normalize_label(label) in self.speaking:
            return True
        kind = label_kind(label)
        return kind == "strong" or (
            kind == "weak" and (self.counts[normalize_label(label)] >= 2 or self.core_counts[label_core(label)] >= 2)
        )

    def is_declared(self, label: str) -> bool:
        return self.declared is not None and normalize_label(label) in self.declared

    def undeclared_error(
        self, label: str, line: int | None, what: str = "is written like a speaker label"
    ) -> TranscriptFormatError:
        return TranscriptFormatError(
            f"{normalize_label(label)!r} {what}, but no speaker or alias in the metadata is called that",
            line,
            f"fix the spelling to one of {sorted(self.declared or ())}, "
            "or add it to that speaker's `aliases` in metadata.yaml",
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


# --- cheap signals other detectors use ---------------------------------------------------


#: Press-briefing / Q&A question lines: `Q:`, `Q.`, or `Q` followed by two spaces or a tab.
QA_LINE_RE = re.compile(rf"[{WS}]*(?P<label>[QA])(?:[.:](?=[{WS}]|$)|(?=\t|[ \u00a0]{{2,}}|[{WS}]*$))[{WS}]*")


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
