"""One interview folder -> validated `Turn`s and its `Interview` record.

Stages: metadata -> transcript bytes (hash, encoding checks) -> reader -> speakers and
interview-level matter -> annotations -> schema validation. Every problem names its file and
line; as many problems as possible are collected before raising.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .annotations import (
    ANNOTATIONS_FILE,
    INTRODUCTION,
    AnnotationFile,
    gold_problems,
    load_annotations,
    resolve_entities,
    resolve_spans,
)
from .errors import (
    DatasetError,
    Problem,
    ProblemCollector,
    did_you_mean,
    display_path,
    excerpt,
    problem_from_reader_error,
)
from .metadata import (
    InterviewMetadata,
    load_metadata,
    transcript_path,
    undeclared_label_problem,
    unused_speaker_problems,
    verify_transcript_hash,
)
from .readers import (
    TEXT_CONTAINERS,
    ReaderOptions,
    TranscriptFormatError,
    read_with,
    resolve_reading,
)
from .readers.base import Block, join_paragraphs
from .schema import (
    Interview,
    Republication,
    Speaker,
    Turn,
    TurnRecord,
    record_as_input,
    validate_records,
    validation_message,
)
from .taxonomy import Taxonomy
from .yaml_loading import YamlDocument

#: Longest line accepted in a transcript; longer ones are almost always a broken export.
MAX_LINE_CHARS = 200_000
#: Characters a complete transcript's last turn does not end with (it was cut off mid-sentence).
_UNFINISHED_END = re.compile(r"(?:\w|[,;])\Z")
#: Control characters other than tab, LF and CR, and Unicode's line/paragraph separators: no
#: transcript holds them, and line-based tools disagree about where they break lines.
#: A form feed (U+000C) is a page break of text converted from PDF: the text container reads it.
#: U+001A (SUB) is the DOS end-of-file mark old exports (GPO hearings) end with: the readers skip it.
_CONTROL = re.compile("[\x01-\x08\x0b\x0e-\x19\x1b-\x1f\x7f-\x9f\u2028\u2029]")
_MOJIBAKE = re.compile('â€[™œ\x9d˜“”¦"]|Ã[©¨¢§ª«®¯´¶¼½¾]|Â[ \u00a0«»·]')


@dataclass
class CompiledInterview:
    """One compiled interview. `turns` are `Turn` models, or, when compiled `as_records`, the
    same validated values as `TurnRecord`s (named tuples with the same fields: the build's hot
    path, which turns them into Arrow columns without a model per turn)."""

    interview: Interview
    turns: list[Turn] | list[TurnRecord]
    split: str
    metadata: InterviewMetadata
    annotations: AnnotationFile | None
    dropped_lines: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, reason)
    notes: list[str] = field(default_factory=list)


def split_for(interview_id: str, declared: str | None) -> str:
    """The split of an interview: declared in metadata, else a stable hash of its id.

    sha256(id) mod 10: 0-7 train, 8 validation, 9 test. Adding interviews never moves
    existing ones, and all turns of an interview share its split.
    """
    if declared:
        return declared
    bucket = int(hashlib.sha256(interview_id.encode("utf-8")).hexdigest(), 16) % 10
    return "train" if bucket < 8 else "validation" if bucket == 8 else "test"


def _refuse_huge_lines(data: bytes, path: Path) -> None:
    """Refuse a line far over the limit before decoding, so a huge one-line file is never copied.

    A character takes at most 4 bytes in UTF-8, so a line of more than 4 x MAX_LINE_CHARS bytes
    is over the limit whatever it holds; the exact check, in characters, follows decoding.
    """
    limit = 4 * MAX_LINE_CHARS
    if len(data) <= limit:
        return
    pos = 0
    while pos <= len(data):
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        seg = pos
        while end - seg > limit:  # a long run without LF: lone CRs may still break it into lines
            cr = data.find(b"\r", seg, end)
            if cr < 0 or cr - seg > limit:
                length = (end if cr < 0 else cr) - seg
                raise DatasetError.at(
                    path,
                    f"line is {length:,} bytes long, far over the limit of {MAX_LINE_CHARS:,} characters",
                    "a transcript holds paragraphs, not a whole file on one line: check the export and its line "
                    "endings",
                    data.count(b"\n", 0, seg) + 1,
                )
            seg = cr + 1
        pos = end + 1


def decode_transcript(data: bytes, path: Path, *, check_lines: bool = True) -> str:
    """Decode a transcript strictly. BOM and CRLF are accepted (documented); the rest is checked.

    `check_lines=False` leaves the line-length guard to `check_line_lengths`, which the caller
    applies once the format is known: it belongs to text containers only (JSON writers and
    minified HTML put a whole file on one line)."""
    if not data.strip():
        raise DatasetError.at(path, "the transcript is empty", "put the interview's text in the file")
    if check_lines or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"[", b"<"):
        _refuse_huge_lines(data, path)  # before decoding: no text container has lines this long
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            raise DatasetError.at(
                path,
                "the file ends in the middle of a UTF-8 character: it is truncated",
                "restore the complete file (copy or download it again), then update transcript.sha256",
                line,
            ) from None
        raise DatasetError.at(
            path,
            f"not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
            "re-save the file as UTF-8 (e.g. `iconv -f cp1252 -t utf-8`), then update transcript.sha256",
            line,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a UTF-8 BOM is accepted; offsets count from after it
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DatasetError.at(
            path,
            "the transcript contains a NUL byte",
            "this is not a text file (UTF-16? binary?): export the transcript as UTF-8 text",
            line,
        )
    match = _CONTROL.search(text)
    if match:
        char = match.group()
        name = unicodedata.name(char, "a control character")
        line = text[: match.start()].count("\n") + 1
        raise DatasetError.at(
            path,
            f"the transcript contains U+{ord(char):04X} ({name}), which is not text",
            "remove it (page breaks, terminal colours and Unicode line separators come from broken exports; use "
            "plain line breaks), then update transcript.sha256",
            line,
        )
    match = _MOJIBAKE.search(text)
    if match:
        line = text[: match.start()].count("\n") + 1
        raise DatasetError.at(
            path,
            f"mojibake {match.group()!r}: UTF-8 text was decoded as Windows-1252 and saved again",
            "repair the encoding (e.g. with ftfy, or export again from the original), then update transcript.sha256",
            line,
        )
    if check_lines:
        check_line_lengths(text, path)
    return text


def check_line_lengths(text: str, path: Path) -> None:
    """Refuse a line over MAX_LINE_CHARS (for text containers: a broken export)."""
    if len(text) <= MAX_LINE_CHARS:
        return  # no line is longer than the whole text
    for number, line_text in enumerate(text.splitlines(keepends=True), start=1):
        if len(line_text) > MAX_LINE_CHARS:
            raise DatasetError.at(
                path,
                f"line is {len(line_text):,} characters long (limit {MAX_LINE_CHARS:,})",
                "a transcript holds paragraphs, not a whole file on one line: check the export and its line endings",
                number,
            )


@dataclass
class InterviewInputs:
    """Everything the compiler reads for one interview, loaded: the metadata, the transcript's
    bytes and the annotation file (None when the interview has none)."""

    metadata: InterviewMetadata
    metadata_doc: YamlDocument
    transcript: Path
    data: bytes
    annotations: AnnotationFile | None


def load_inputs(folder: Path, annotations_file: Path | None = None) -> InterviewInputs:
    """Read an interview folder's inputs. `annotations_file`: use that file instead of the
    folder's `annotations.yaml` (an annotation pass, for agreement)."""
    meta, meta_doc = load_metadata(folder)
    path = transcript_path(folder, meta, meta_doc)
    data = path.read_bytes()
    ann_path = annotations_file or folder / ANNOTATIONS_FILE
    annotations = load_annotations(ann_path) if ann_path.exists() else None
    return InterviewInputs(meta, meta_doc, path, data, annotations)


def compile_interview(
    folder: Path,
    taxonomy: Taxonomy,
    *,
    allow_draft: bool = False,
    split: str | None = None,
    as_records: bool = False,
) -> CompiledInterview:
    """Compile one interview folder (its inputs loaded by `load_inputs`); `split` as assigned for
    the corpus (default: the interview's own declaration or hash); `as_records`: turns as
    validated `TurnRecord`s instead of models."""
    return compile_inputs(load_inputs(folder), taxonomy, allow_draft=allow_draft, split=split, as_records=as_records)


#: The last transcript read: (format, grammar, options, text) -> its ParsedTranscript. The agreement
#: compiles one interview once per annotation pass, from the same transcript; it is read once.
_LAST_READ: list = []


def _read_once(text: str, fmt: str | None, grammar: str | None, options: ReaderOptions, path: Path):
    """Detect (unless declared) and read the transcript, remembered for the last transcript (the
    compiler does not modify the result)."""
    key = (fmt, grammar, options, text)
    if _LAST_READ and _LAST_READ[0][0] == key:
        return _LAST_READ[0][1]
    reading = resolve_reading(text, fmt, grammar)
    if reading.container in TEXT_CONTAINERS:
        check_line_lengths(text, path)
    parsed = read_with(text, reading, options)
    _LAST_READ[:] = [(key, parsed)]
    return parsed


def compile_inputs(
    inputs: InterviewInputs,
    taxonomy: Taxonomy,
    *,
    allow_draft: bool = False,
    split: str | None = None,
    as_records: bool = False,
) -> CompiledInterview:
    """Compile loaded inputs: a function of what was read, touching no file. The turns are
    validated as columns, a whole interview at once (`schema.validate_records`)."""
    meta, meta_doc, path, data = inputs.metadata, inputs.metadata_doc, inputs.transcript, inputs.data
    verify_transcript_hash(data, meta, meta_doc)
    text = decode_transcript(data, path, check_lines=False)

    label_to_speaker = meta.speaker_for_label()
    options = ReaderOptions(
        speaker_labels=frozenset(label_to_speaker), boilerplate=frozenset(b.strip() for b in meta.layout.boilerplate)
    )
    try:
        parsed = _read_once(text, meta.transcript.format, meta.transcript.grammar, options, path)
    except TranscriptFormatError as exc:
        line = meta_doc.line_of("transcript") if exc.detection else meta_doc.line_of("speakers")
        raise problem_from_reader_error(exc, path, meta_doc.path, label_to_speaker, line) from None
    # CRLF is accepted: readers normalise line breaks in texts (offsets stay into `text`).

    problems = ProblemCollector()
    last = parsed.segments[-1] if parsed.segments else None
    if (
        last is not None
        and last.start_seconds is None
        and not meta.layout.unpunctuated_ending
        and _UNFINISHED_END.search(last.text)
    ):
        problems.add(
            path,
            f"the last turn ends mid-sentence ({last.text[-40:]!r}): the file looks truncated",
            "restore the end of the transcript from the source, then update transcript.sha256; if the source really "
            "ends like this, set `layout.unpunctuated_ending: true` in metadata.yaml",
            text.count("\n", 0, last.source_end) + 1,
        )
    standfirst, caption, introduction, intro_blocks = _front_matter(parsed.preamble, meta, path, meta_doc, problems)
    dropped = [(s.line, s.text, s.reason) for s in parsed.skipped]

    annotations = inputs.annotations
    ann_path = annotations.path if annotations is not None else path.parent / ANNOTATIONS_FILE
    if annotations is not None:
        if annotations.status == "draft" and not allow_draft:
            raise DatasetError.at(
                ann_path,
                "annotations are a machine-proposed draft (status: draft)",
                "review every annotation, then set `status: gold`; or build with --allow-draft to publish them "
                "marked `automatic`",
                annotations.doc.line_of("status"),
            )
        _check_annotation_targets(annotations, len(parsed.segments), introduction is not None, taxonomy, problems)
        problems.problems.extend(gold_problems(annotations, len(parsed.segments)))
    source = "none" if annotations is None else ("gold" if annotations.status == "gold" else "automatic")

    seen_texts: dict[tuple[str, str], int] = {}
    records: list[TurnRecord] = []
    # per record: its turn index, its transcript line, and where its problem would go among the
    # others (the problems stay in turn order, as when each turn was validated in the loop)
    places: list[tuple[int, int | None, int]] = []
    for index, segment in enumerate(parsed.segments):
        speaker = label_to_speaker.get(segment.speaker)
        if speaker is None:
            problems.problems.append(undeclared_label_problem(segment.speaker, path, segment.line, meta, meta_doc))
            continue
        key = (speaker.name, segment.text)
        if len(segment.text) >= 40 and key in seen_texts:
            problems.add(
                path,
                f"this turn repeats the turn at line {seen_texts[key]} word for word",
                "remove the duplicated turn (a copy-paste error?)",
                segment.line,
            )
        seen_texts.setdefault(key, segment.line)
        unit = annotations.units.get(index) if annotations else None
        entities = resolve_spans(segment.text, unit.entities, f"turn {index}", ann_path, problems) if unit else []
        records.append(
            TurnRecord(
                f"{meta.id}-{index:03d}",  # id
                meta.id,  # interview_id
                index,  # turn_index
                speaker.name,
                speaker.role,
                segment.text,
                list(unit.topics) if unit else [],
                entities,
                source,  # annotation_source
                meta.date,
                segment.source_start,
                segment.source_end,
                # both or neither (a reader may know only a start: the last turn of a start-times file)
                segment.start_seconds if segment.end_seconds is not None else None,  # start_seconds
                segment.end_seconds if segment.start_seconds is not None else None,  # end_seconds
            )
        )
        places.append((index, segment.line, len(problems.problems)))
    records, invalid = validate_records(records, Turn)  # the whole interview at once (schema.py)
    for position, message in reversed(invalid):  # from the last, so earlier slots stay in place
        index, line, slot = places[position]
        problems.problems.insert(
            slot,
            Problem(
                display_path(path),
                f"turn {index} is invalid: {message}",
                "fix the transcript or the annotation at this turn",
                line,
            ),
        )

    intro_entities = []
    if annotations and INTRODUCTION in annotations.units and introduction is not None:
        intro_entities = resolve_entities(
            introduction, annotations.units[INTRODUCTION].entities, "introduction", ann_path, problems
        )
    problems.problems.extend(unused_speaker_problems(meta, meta_doc, {s.speaker for s in parsed.segments}))
    problems.raise_if_any()

    try:
        interview = Interview(
            id=meta.id,
            title=meta.title,
            date=meta.date,
            language=meta.language,
            publisher=meta.publisher,
            source_url=meta.source_url,
            republications=[
                Republication(publisher=r.publisher, date=r.date, url=r.url, note=r.note) for r in meta.republications
            ],
            rights=meta.rights.strip(),
            license=meta.license.published(),
            source=meta.source.published(),
            excerpt=" ".join(meta.excerpt.split()),
            speakers=[Speaker(name=s.name, role=s.role, description=s.description.strip()) for s in meta.speakers],
            standfirst=standfirst,
            caption=caption,
            introduction=introduction,
            introduction_entities=intro_entities,
            num_turns=len(records),
            source_file=path.name,
            source_format=parsed.format,
            source_sha256=meta.transcript.sha256,
        )
    except ValidationError as exc:
        raise DatasetError.at(
            meta_doc.path, f"interview record is invalid: {validation_message(exc)}", "correct the metadata"
        ) from None
    split = split or split_for(meta.id, meta.split)
    turns = records if as_records else [Turn.model_validate(record_as_input(r, Turn)) for r in records]
    return CompiledInterview(interview, turns, split, meta, annotations, dropped, parsed.notes)


def _front_matter(preamble: list[Block], meta: InterviewMetadata, path: Path, doc, problems: ProblemCollector):
    layout = meta.layout
    blocks = list(preamble)
    standfirst_blocks = blocks[: layout.standfirst_paragraphs]
    caption_blocks = blocks[layout.standfirst_paragraphs : layout.standfirst_paragraphs + layout.caption_paragraphs]
    rest = blocks[layout.standfirst_paragraphs + layout.caption_paragraphs :]
    if len(standfirst_blocks) < layout.standfirst_paragraphs or len(caption_blocks) < layout.caption_paragraphs:
        problems.add(
            doc.path,
            f"layout declares {layout.standfirst_paragraphs} standfirst and {layout.caption_paragraphs} caption "
            f"paragraph(s), but only {len(blocks)} paragraph(s) precede the first speaker label",
            "correct `layout` to match the transcript",
            doc.line_of("layout"),
        )
    if rest and not layout.introduction:
        problems.add(
            path,
            f"text before the first speaker label is not declared: {rest[0].text[:60]!r}",
            "declare it in metadata.yaml `layout` (standfirst_paragraphs, caption_paragraphs, introduction: true) or "
            "add it to `boilerplate`",
            rest[0].line,
        )
    standfirst = join_paragraphs([b.text for b in standfirst_blocks]) or None
    caption = join_paragraphs([b.text for b in caption_blocks]) or None
    introduction = join_paragraphs([b.text for b in rest]) if rest and layout.introduction else None
    return standfirst, caption, introduction, rest


def _check_annotation_targets(
    annotations: AnnotationFile, num_turns: int, has_intro: bool, taxonomy: Taxonomy, problems: ProblemCollector
) -> None:
    known = set(taxonomy.topic_ids)
    path = annotations.path
    if annotations.taxonomy_version is not None and annotations.taxonomy_version != taxonomy.version:
        problems.add(
            path,
            f"annotations were made with taxonomy {annotations.taxonomy_version}, the taxonomy is {taxonomy.version}",
            "review the topics against the new taxonomy, then update taxonomy_version",
            annotations.doc.line_of("taxonomy_version"),
        )
    for waiver in annotations.waivers:
        if waiver.unit == INTRODUCTION and not has_intro or isinstance(waiver.unit, int) and waiver.unit >= num_turns:
            problems.add(
                path,
                f"waiver for {excerpt(waiver.unit)}, which does not exist (turns "
                f"0–{num_turns - 1}{', introduction' if has_intro else ''})",
                "correct the waiver's `turn` or remove the waiver",
                waiver.line,
            )
    for key, unit in annotations.units.items():
        if key == INTRODUCTION:
            if not has_intro:
                problems.add(
                    path,
                    "annotations for an introduction, but the interview has none",
                    "remove `introduction:` or declare the introduction in metadata.yaml layout",
                    unit.line,
                )
            continue
        if key >= num_turns:
            problems.add(
                path,
                f"annotation for turn {key}, but the transcript has {num_turns} turns (0–{num_turns - 1})",
                "remove it or correct the turn index",
                unit.line,
            )
        for topic in unit.topics:
            if topic not in known:
                problems.add(
                    path,
                    f"turn {key}: unknown topic id {excerpt(topic)}{did_you_mean(topic, known)}",
                    "use an id from raw/taxonomy.yaml (or add the topic there)",
                    unit.topics_line,
                )
        if len(set(unit.topics)) != len(unit.topics):
            problems.add(path, f"turn {key}: a topic is listed twice", "list each topic once", unit.topics_line)
