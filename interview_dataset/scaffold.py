"""`interview-dataset new FILE --id ID`: scaffold `raw/<id>/` from a transcript.

What can be detected is filled in; what needs a person is marked TODO in a way the build
refuses until it is edited:

* the transcript is decoded with the build's own checks (`compile.decode_transcript`), its
  format detected (or given) and read without declared labels, then copied byte-identical;
* `metadata.yaml` is written as a commented template (not `yaml.dump`): id, transcript file,
  format, SHA-256 and one speaker entry per distinct label in order of first appearance.
  Speaker roles (`TODO-interviewer-interviewee-or-other`), `language: TODO` and an empty
  `rights` fail validation; title, date, publisher and source URL are `unknown` (never
  guessed); the layout is left at 0/false with the preamble paragraphs listed by line, so
  undeclared front matter fails the build too;
* `annotations.yaml` is a `status: draft` proposal: entities that are already gold elsewhere in
  the corpus (spaCy `PhraseMatcher` on ORTH, case-sensitive, whole words, longest match
  first, each surface with its most frequent gold label) and up to four topics per turn from
  the taxonomy keywords (whole words, case-insensitive, most hits first). The build refuses a
  draft unless `--allow-draft`, which publishes it as `annotation_source = automatic`.

The output depends only on the transcript's bytes and name, the id, the format and language
arguments, the taxonomy and the corpus gold: the same inputs give byte-identical files.
Everything is written into a hidden staging folder inside `raw/` and renamed into place, so
a failure leaves no half-written interview behind.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import schema
from .annotations import ANNOTATIONS_FILE, EntityEntry, load_annotations, resolve_entities, whole_word_occurrences
from .compile import check_line_lengths, compile_interview, decode_transcript
from .errors import DatasetError, ProblemCollector, problem_from_reader_error
from .metadata import METADATA_FILE, sha256_hex
from .readers import (
    TEXT_CONTAINERS,
    ParsedTranscript,
    ReaderOptions,
    TranscriptFormatError,
    format_scores,
    prepare_text,
    read_with,
    resolve_reading,
)
from .schema import ENTITY_LABELS
from .taxonomy import TAXONOMY_FILE, Taxonomy, load_taxonomy
from .yaml_loading import load_yaml

ID_PATTERN = re.compile(schema.SLUG_PATTERN)
LANGUAGE_PATTERN = re.compile(schema.LANGUAGE_PATTERN)
ROLE_TODO = "TODO-interviewer-interviewee-or-other"
LANGUAGE_TODO = "TODO"
MAX_TOPICS_PER_TURN = 4
_RESERVED_NAMES = {METADATA_FILE, ANNOTATIONS_FILE}
_PLAIN_SCALAR = re.compile(r"^[A-Za-z0-9\u00c0-\U0010ffff][A-Za-z0-9 .,'’&()/\-\u00c0-\U0010ffff]*$")


@dataclass(frozen=True)
class GoldLexicon:
    """Surfaces annotated as gold in the corpus: surface -> label counts, and where from."""

    labels: dict[str, Counter]
    used: list[str]  # interview ids whose gold was read
    skipped: list[tuple[str, str]]  # (interview id, reason) of interviews not used

    def label_of(self, surface: str) -> str:
        counts = self.labels[surface]
        return min(counts, key=lambda label: (-counts[label], ENTITY_LABELS.index(label)))


def scaffold_interview(
    transcript: Path,
    interview_id: str,
    raw_dir: Path,
    format: str | None = None,
    language: str | None = None,
    grammar: str | None = None,
) -> Path:
    """Create `raw_dir/<interview_id>/` from `transcript`; return the new folder.

    Raises DatasetError (file, line, fix) for a bad id, an existing folder, an unreadable or
    undecodable transcript, an unknown or undetectable format, or a missing taxonomy.
    """
    transcript = Path(transcript)
    raw_dir = Path(raw_dir)
    folder = raw_dir / interview_id
    _check_target(transcript, interview_id, raw_dir, folder, language)

    try:
        data = transcript.read_bytes()
    except OSError as exc:
        raise DatasetError.at(
            transcript, f"cannot read the transcript: {exc.strerror}", "check the path and its permissions"
        ) from None
    text = decode_transcript(data, transcript, check_lines=False)
    detection = _detection_scores(text)
    try:
        reading = resolve_reading(text, format, grammar)
        if reading.container in TEXT_CONTAINERS:
            check_line_lengths(text, transcript)
        parsed = read_with(text, reading, ReaderOptions())
    except TranscriptFormatError as exc:
        # no metadata.yaml exists yet: the fix is the transcript or the command's options
        raise problem_from_reader_error(exc, transcript) from None

    taxonomy, _ = load_taxonomy(raw_dir)
    lexicon = corpus_gold_lexicon(raw_dir, taxonomy)

    metadata_text = render_metadata(
        interview_id,
        transcript.name,
        data,
        parsed,
        detection,
        format is not None or grammar is not None,
        language,
        transcript_fields(text) if reading.container in TEXT_CONTAINERS else {},
    )
    annotations_text, expected = render_annotations(transcript.name, parsed, taxonomy, lexicon)

    staging = raw_dir / f".new-{interview_id}-{os.getpid()}-{secrets.token_hex(4)}"  # hidden: the build skips it
    staging.mkdir()
    try:
        (staging / transcript.name).write_bytes(data)
        (staging / METADATA_FILE).write_text(metadata_text, encoding="utf-8", newline="\n")
        (staging / ANNOTATIONS_FILE).write_text(annotations_text, encoding="utf-8", newline="\n")
        _self_check(staging, interview_id, transcript.name, data, parsed, expected)
        try:
            os.rename(staging, folder)
        except OSError:
            raise DatasetError.at(
                folder,
                f"interview folder {interview_id}/ already exists",
                "choose another --id, or remove the existing folder first",
            ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


# --- checks ---------------------------------------------------------------------------------


def _check_target(transcript: Path, interview_id: str, raw_dir: Path, folder: Path, language: str | None) -> None:
    if not ID_PATTERN.match(interview_id):
        raise DatasetError.at(
            raw_dir,
            f"interview id {interview_id!r} is not a valid id",
            "use lowercase letters, digits and dashes, "
            "starting and ending with a letter or digit (e.g. `smith-jones-2024`)",
        )
    if not raw_dir.is_dir():
        raise DatasetError.at(raw_dir, "raw/ folder not found", "run the command from the project root, or pass --root")
    if not (raw_dir / TAXONOMY_FILE).is_file():
        raise DatasetError.at(
            raw_dir / TAXONOMY_FILE,
            "taxonomy file missing",
            "the draft annotations need raw/taxonomy.yaml: restore it first",
        )
    if folder.exists():
        raise DatasetError.at(
            folder,
            f"interview folder {interview_id}/ already exists",
            "choose another --id, or remove the existing folder first",
        )
    if not transcript.is_file():
        raise DatasetError.at(transcript, "transcript file not found", "give the path of a transcript file")
    if transcript.name in _RESERVED_NAMES:
        raise DatasetError.at(
            transcript,
            f"the transcript may not be called {transcript.name}",
            "rename the transcript file (e.g. to transcript.txt) and run `new` again",
        )
    if language is not None and not LANGUAGE_PATTERN.match(language):
        raise DatasetError.at(
            transcript,
            f"language {language!r} is not a language code",
            "give a BCP 47 code such as `en`, `uk` or `de-CH`",
        )


def _detection_scores(text: str) -> list[tuple[str, float]]:
    return sorted(((name, score) for score, name in format_scores(text)), key=lambda s: (-s[1], s[0]))


# --- corpus gold ----------------------------------------------------------------------------


def corpus_gold_lexicon(raw_dir: Path, taxonomy: Taxonomy) -> GoldLexicon:
    """Every gold entity surface of the interviews in `raw_dir` that build, with label counts.

    Interviews whose annotations are `status: gold` are compiled with the build's own code
    and `allow_draft=False`, so offsets are the build's. Interviews without annotations, with
    draft annotations or that fail to build are skipped, and named in the draft's header.
    """
    labels: dict[str, Counter] = defaultdict(Counter)
    used: list[str] = []
    skipped: list[tuple[str, str]] = []
    folders = sorted(
        (p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))), key=lambda p: p.name
    )
    for folder in folders:
        if not (folder / ANNOTATIONS_FILE).is_file():
            skipped.append((folder.name, "no annotations"))
            continue
        try:
            if load_annotations(folder / ANNOTATIONS_FILE).status != "gold":
                skipped.append((folder.name, "draft annotations"))
                continue
            compiled = compile_interview(folder, taxonomy, allow_draft=False)
        except DatasetError as exc:
            skipped.append((folder.name, f"does not build: {len(exc.problems)} problem(s)"))
            continue
        used.append(folder.name)
        for entity in compiled.interview.introduction_entities:
            labels[entity.text][entity.label] += 1
        for turn in compiled.turns:
            for entity in turn.entities:
                labels[entity.text][entity.label] += 1
    return GoldLexicon(dict(labels), used, skipped)


# --- proposals ------------------------------------------------------------------------------


class EntityProposer:
    """Finds the corpus's gold surfaces in a text with a spaCy `PhraseMatcher` (ORTH).

    A match counts when its text equals the surface exactly and it is a whole-word occurrence
    in the sense of `annotations.whole_word_occurrences`; overlapping matches are resolved
    longest first (then leftmost), so the result never overlaps.
    """

    def __init__(self, lexicon: GoldLexicon):
        from spacy.matcher import PhraseMatcher

        from .ner import make_tokenizer  # spacy.blank("en"): the tokenizer of the NER view

        self.lexicon = lexicon
        self.nlp = make_tokenizer()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        if lexicon.labels:
            self.matcher.add("GOLD_SURFACE", [self.nlp.make_doc(s) for s in sorted(lexicon.labels)])

    def propose(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, surface) of the chosen matches, in text order."""
        if not self.lexicon.labels:
            return []
        doc = self.nlp.make_doc(text)
        candidates = set()
        whole_words: dict[str, set[int]] = {}
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            surface = span.text
            if surface not in self.lexicon.labels:
                continue  # the same tokens with different spacing: not the annotated surface
            if surface not in whole_words:
                whole_words[surface] = set(whole_word_occurrences(text, surface))
            if span.start_char in whole_words[surface]:
                candidates.add((span.start_char, span.end_char, surface))
        accepted: list[tuple[int, int, str]] = []
        for start, end, surface in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
            if all(end <= s or e <= start for s, e, _ in accepted):
                accepted.append((start, end, surface))
        return sorted(accepted)


def entity_entries(text: str, spans: list[tuple[int, int, str]], lexicon: GoldLexicon) -> list[dict]:
    """Annotation entries that make the build annotate exactly `spans` in `text`.

    One plain `Surface: LABEL` entry per distinct surface, unless the surface also occurs
    (whole word) where it was not chosen and is not inside a chosen longer span: then the
    chosen occurrences are singled out with `occurrence: k`.
    """
    chosen: dict[str, list[int]] = defaultdict(list)
    for start, _, surface in spans:
        chosen[surface].append(start)
    entries = []
    for surface in sorted(chosen, key=lambda s: (min(chosen[s]), s)):
        label = lexicon.label_of(surface)
        starts = whole_word_occurrences(text, surface)
        missed = [s for s in starts if s not in chosen[surface]]
        covered = all(
            any(a <= s and s + len(surface) <= b and b - a > len(surface) for a, b, _ in spans) for s in missed
        )
        if covered:
            entries.append({"text": surface, "label": label, "occurrence": None})
        else:
            for start in chosen[surface]:
                entries.append({"text": surface, "label": label, "occurrence": starts.index(start) + 1})
    return entries


def propose_topics(text: str, taxonomy: Taxonomy) -> list[tuple[str, int]]:
    """(topic id, hits) of topics whose keywords occur in `text`: whole words, any case.

    Most hits first, ties in taxonomy order; at most MAX_TOPICS_PER_TURN.
    """
    lowered = text.lower()
    hits = []
    for order, topic in enumerate(taxonomy.topics):
        n = sum(len(whole_word_occurrences(lowered, kw.lower())) for kw in topic.keywords if kw.strip())
        if n:
            hits.append((-n, order, topic.id))
    return [(topic_id, -neg) for neg, _, topic_id in sorted(hits)[:MAX_TOPICS_PER_TURN]]


# --- rendering ------------------------------------------------------------------------------


def render_metadata(
    interview_id: str,
    file_name: str,
    data: bytes,
    parsed: ParsedTranscript,
    detection: list[tuple[str, float]],
    format_given: bool,
    language: str | None,
    fields: dict[str, str] | None = None,
) -> str:
    speakers: dict[str, list] = {}
    for seg in parsed.segments:
        speakers.setdefault(seg.speaker, []).append(seg.line)
    shown = [(n, sc) for i, (n, sc) in enumerate(detection) if i < 3 and (i == 0 or sc > 0)]
    scores = ", ".join(f"{name} {score:.2f}" for name, score in shown) + (
        ", others 0.00" if len(shown) < len(detection) else ""
    )
    how = f"given with --format (detection scores: {scores})" if format_given else f"detected (confidence: {scores})"
    out = [
        f"# Metadata of interview {interview_id}, scaffolded by `interview-dataset new` from {_comment(file_name)}.",
        "# Edit by hand. Write `unknown` for anything not known: never guess. Every TODO below must be",
        "# resolved: the build refuses this interview until it is (see docs/adding-an-interview.md).",
        f"id: {_scalar(interview_id)}",
        _prefilled("title", (fields or {}).get("title"), "the headline, if the source has one"),
        _prefilled(
            "date", (fields or {}).get("date"), "YYYY-MM-DD: publication date (or the date of the conversation)"
        ),
    ]
    if language is None:
        out += [
            "# TODO language: the language of the text as a BCP 47 code (en, uk, de-CH, ...).",
            f"language: {LANGUAGE_TODO}",
        ]
    else:
        out.append(f"language: {_scalar(language)}")
    out += [
        "publisher: unknown      # who first published the interview",
        _prefilled("source_url", (fields or {}).get("url"), "where it was first published"),
        "# Other places the same interview appeared: - {publisher: ..., date: ..., url: ..., note: ...}",
        "republications: []",
        "# TODO rights: who holds the copyright, whether a licence is stated, and on what terms the text",
        "# is included (see raw/*/metadata.yaml for an example). Required: the build fails while empty.",
        'rights: ""',
        "# TODO license: id is an SPDX id (CC-BY-4.0, CC0-1.0, ...), `public-domain`, or `none` when no open",
        "# licence covers the text; reasoning says where the licence is stated (or why the work is public domain).",
        "license:",
        "  id: TODO",
        "  url: unknown",
        "  reasoning: TODO",
        "  attribution: unknown   # the attribution the licence requires",
        "  share_alike: false",
        "# Where exactly the transcript came from (`unknown` where not known).",
        "source:",
        "  url: unknown",
        "  repository: unknown    # e.g. owner/name",
        "  commit: unknown",
        "  path: unknown",
        "  retrieved: unknown     # YYYY-MM-DD",
        "# TODO excerpt: `complete`, or what was cut (e.g. `turns 0-119 of 450; the rest omitted`).",
        "excerpt: TODO",
        "# split: train | validation | test. Leave it out and the build assigns one, by interview, balancing",
        "# transcript layouts and subjects over the splits.",
        "transcript:",
        f"  file: {_scalar(file_name)}",
        f"  format: {_scalar(parsed.format.split('+')[0])}       # {how}",
        *([f"  grammar: {_scalar(parsed.format.split('+')[1])}"] if "+" in parsed.format else []),
        f"  sha256: {sha256_hex(data)}  # the build refuses the file if its bytes change",
        f"# The {parsed.format} reader found {len(parsed.segments)} turn(s) by {len(speakers)} speaker label(s).",
    ]
    for note in parsed.notes:
        out.append(f"# reader note: {_comment(note)}")
    out += [
        "speakers:",
        "  # TODO role: for each speaker, one of interviewer, interviewee, other (never guessed).",
        "  # Add `aliases` for other labels of the same person; merge entries that are one person.",
    ]
    for label, lines in speakers.items():
        first = lines[0]
        out += [
            f"  - name: {_scalar(label)}  # {len(lines)} turn(s), first at line {first}",
            f"    role: {ROLE_TODO}",
            '    description: ""',
            "    aliases: []",
        ]
    out.append("layout:")
    if parsed.preamble:
        out += [
            f"  # TODO layout: {len(parsed.preamble)} paragraph(s) precede the first speaker label:",
            *(f"  #   line {b.line}: {_comment(b.text, 90)}" for b in parsed.preamble),
            "  # Declare them: the first `standfirst_paragraphs` are the standfirst, the next",
            "  # `caption_paragraphs` the photo caption, and `introduction: true` makes the rest the",
            "  # introduction (or list lines to drop under `boilerplate`). The build fails until all are declared.",
        ]
    else:
        out.append("  # No text precedes the first speaker label: nothing to declare.")
    out += [
        "  standfirst_paragraphs: 0",
        "  caption_paragraphs: 0",
        "  introduction: false",
        '  boilerplate: []      # lines dropped wherever they occur (e.g. "Leave A Comment")',
    ]
    if parsed.skipped:
        out.append("# Lines the reader skips as non-speech:")
        out += [f"#   line {s.line} ({_comment(s.reason)}): {_comment(s.text, 70)}" for s in parsed.skipped]
    out += [
        "# Optional: `evidence:` notes on how each fact was established (see raw/*/metadata.yaml).",
    ]
    return "\n".join(out) + "\n"


def render_annotations(
    file_name: str, parsed: ParsedTranscript, taxonomy: Taxonomy, lexicon: GoldLexicon
) -> tuple[str, dict[int, list[tuple[int, int, str, str]]]]:
    """The draft file, and for each turn the (start, end, surface, label) it must annotate."""
    used = ", ".join(lexicon.used) if lexicon.used else "none (no interview has gold annotations yet)"
    out = [
        f"# DRAFT annotations of {_comment(file_name)}, proposed by `interview-dataset new`. These are machine",
        "# proposals for a person to review, not gold:",
        "#   entities: surfaces already annotated as gold elsewhere in the corpus, found here as whole",
        "#     words (case-sensitive, longest match first), each with its most frequent gold label;",
        f"#     gold read from: {_comment(used)}",
    ]
    for interview_id, reason in lexicon.skipped:
        out.append(f"#     not used: {interview_id} ({reason})")
    out += [
        f"#   topics: up to {MAX_TOPICS_PER_TURN} taxonomy topics whose keywords occur in the turn (whole words,",
        "#     any case), most keyword hits first; `topics: []` where no keyword occurs.",
        "# Review every turn against docs/annotation-guidelines.md: remove wrong entries and topics, add",
        "# the missed ones (entities the corpus has not seen yet are never proposed; every turn needs 1-4",
        "# topics, so `topics: []` must be filled), and annotate the introduction once the layout in",
        "# metadata.yaml declares it (`introduction: {entities: [...]}`).",
        "# To promote: when every turn has been reviewed, change `status: draft` to `status: gold`.",
        "# Until then the build refuses this file; `build --allow-draft` publishes it marked `automatic`.",
        "status: draft",
        f"taxonomy_version: {_scalar(taxonomy.version)}",
    ]
    expected: dict[int, list[tuple[int, int, str, str]]] = {}
    if not parsed.segments:
        out.append("turns: {}")
    else:
        out.append("turns:")
    proposer = EntityProposer(lexicon)
    for index, seg in enumerate(parsed.segments):
        spans = proposer.propose(seg.text)
        expected[index] = [(s, e, surface, lexicon.label_of(surface)) for s, e, surface in spans]
        topics = propose_topics(seg.text, taxonomy)
        out.append(f"  {index}:  # {_comment(seg.speaker, 40)}, line {seg.line}: {_comment(seg.text, 60)}")
        topic_list = "[" + ", ".join(t for t, _ in topics) + "]"
        hits = f"  # keyword hits: {', '.join(f'{t} {n}' for t, n in topics)}" if topics else ""
        out.append(f"    topics: {topic_list}{hits}")
        entries = entity_entries(seg.text, spans, lexicon)
        if not entries:
            out.append("    entities: []")
            continue
        out.append("    entities:")
        for entry in entries:
            counts = lexicon.labels[entry["text"]]
            note = ""
            if len(counts) > 1:
                note = "  # gold labels in the corpus: " + ", ".join(
                    f"{label} {n}" for label, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
                )
            if entry["occurrence"] is None:
                out.append(f"      - {_scalar(entry['text'])}: {entry['label']}{note}")
            else:
                out.append(
                    f"      - {{text: {_scalar(entry['text'], flow=True)}, label: {entry['label']}, "
                    f"occurrence: {entry['occurrence']}}}{note}"
                )
    return "\n".join(out) + "\n", expected


_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")
_URL = re.compile(r"^https?://\S+$")


def transcript_fields(text: str) -> dict[str, str]:
    """Title, date and URL as the transcript's own YAML front matter or `**Key:** value` header
    block states them (nothing else: `unknown` stays unknown). Keys: `title`; `date`, when it is a
    date (YYYY-MM-DD, optionally with a time); `url` (or `source`, `link`), when it is an http(s) URL."""
    found = prepare_text(text).fields
    out: dict[str, str] = {}
    if found.get("title", "").strip():
        out["title"] = found["title"].strip()
    date = _DATE.match(found.get("date", "").strip())
    if date:
        out["date"] = date.group(1)
    for key in ("url", "source_url", "source", "link"):
        if _URL.match(found.get(key, "").strip()):
            out["url"] = found[key].strip()
            break
    return out


def _prefilled(key: str, value: str | None, comment: str) -> str:
    if value is None:
        return f"{key}: unknown".ljust(23) + f" # {comment}"
    return f"{key}: {_scalar(value)}  # from the transcript's front matter or header block; {comment}"


def _scalar(value: str, flow: bool = False) -> str:
    """`value` as a YAML scalar: plain where that reads back as the same string, else double-quoted.

    `flow`: the scalar sits inside `{...}`, where a comma would end it.
    """
    printable = all(ch == " " or not unicodedata.category(ch).startswith(("C", "Z")) for ch in value)
    if (
        printable
        and _PLAIN_SCALAR.match(value)
        and value == value.strip()
        and " #" not in value
        and not (flow and "," in value)
        and _reads_back(value, value)
    ):
        return value
    return _double_quoted(value)


def _reads_back(source: str, value: str) -> bool:
    try:
        return yaml.safe_load(source) == value
    except yaml.YAMLError:
        return False


def _double_quoted(value: str) -> str:
    parts = ['"']
    for ch in value:
        if ch == "\\":
            parts.append("\\\\")
        elif ch == '"':
            parts.append('\\"')
        elif ch == " " or not unicodedata.category(ch).startswith(("C", "Z")):
            parts.append(ch)
        elif ord(ch) <= 0xFFFF:
            parts.append(f"\\u{ord(ch):04x}")
        else:
            parts.append(f"\\U{ord(ch):08x}")
    parts.append('"')
    return "".join(parts)


def _comment(text: str, limit: int | None = None) -> str:
    """Text made safe for a one-line YAML comment: no line breaks or control characters."""
    flat = "".join(" " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in text)
    flat = " ".join(flat.split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


# --- self-check -----------------------------------------------------------------------------


def _self_check(
    staging: Path, interview_id: str, file_name: str, data: bytes, parsed: ParsedTranscript, expected: dict
) -> None:
    """Read the written files back with the project's loaders: a scaffold bug is an internal error."""
    meta = load_yaml(staging / METADATA_FILE).data
    names = [s["name"] for s in meta["speakers"]]
    distinct = list(dict.fromkeys(seg.speaker for seg in parsed.segments))
    if (
        meta["id"] != interview_id
        or meta["transcript"]["file"] != file_name
        or meta["transcript"]["sha256"] != sha256_hex(data)
        or names != distinct
    ):
        raise RuntimeError("scaffold: metadata.yaml does not read back as written")
    annotations = load_annotations(staging / ANNOTATIONS_FILE)
    problems = ProblemCollector()
    for index, seg in enumerate(parsed.segments):
        unit = annotations.units.get(index)
        entries: list[EntityEntry] = unit.entities if unit else []
        got = [
            (e.start, e.end, e.text, e.label)
            for e in resolve_entities(seg.text, entries, f"turn {index}", annotations.path, problems)
        ]
        if got != expected[index]:
            raise RuntimeError(
                f"scaffold: draft entities of turn {index} do not resolve as proposed: {got} != {expected[index]}"
            )
    if problems.problems:
        raise RuntimeError(f"scaffold: draft annotations do not resolve: {problems.problems[0].render()}")
