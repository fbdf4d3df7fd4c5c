"""The dataset's schema: the single source of truth for every published record.

Field descriptions are written once, here; the data card's field tables, the Hugging Face
features (`features.py`) and the Croissant record sets are all generated from these models.
Models are strict: unknown fields, wrong types and empty text are rejected.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import types
import typing
import unicodedata
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, repeat
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo

#: Patterns defined once, used by the published schema, the metadata, the taxonomy and `validate`.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$"
#: A BCP-47 language tag as written here: a 2-3 letter language, then subtags (`en`, `en-GB`).
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: The splits, in the order they are listed everywhere.
SPLITS: tuple[str, ...] = ("train", "validation", "test")
Split = Literal[SPLITS]  # type: ignore[valid-type]

#: Roles a speaker can have, in ClassLabel order (never reorder; append only).
SPEAKER_ROLES: tuple[str, ...] = ("interviewer", "interviewee", "other")
SpeakerRole = Literal[SPEAKER_ROLES]  # type: ignore[valid-type]

#: The 18 OntoNotes 5 entity labels, in ClassLabel order (never reorder; append only).
ENTITY_LABELS: tuple[str, ...] = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)
EntityLabel = Literal[ENTITY_LABELS]  # type: ignore[valid-type]

#: IOB2 tag names over the OntoNotes labels, in ClassLabel order: `O`, then `B-`/`I-` per label.
NER_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I"))
NerTag = Literal[NER_TAGS]  # type: ignore[valid-type]

#: The CoNLL-2003 view: its four types, and how each OntoNotes label maps onto them
#: (numeric and temporal OntoNotes types have no CoNLL counterpart and become `O`).
CONLL_TAGS: tuple[str, ...] = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
ConllTag = Literal[CONLL_TAGS]  # type: ignore[valid-type]
ONTONOTES_TO_CONLL: dict[str, str | None] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
    "DATE": None,
    "TIME": None,
    "PERCENT": None,
    "MONEY": None,
    "QUANTITY": None,
    "ORDINAL": None,
    "CARDINAL": None,
}

#: Where a turn's annotations come from.
ANNOTATION_SOURCES: tuple[str, ...] = ("gold", "automatic", "none")
AnnotationSource = Literal[ANNOTATION_SOURCES]  # type: ignore[valid-type]

#: Licence ids that are not SPDX identifiers: a public-domain work, and no open licence at all.
NON_SPDX_LICENSES: tuple[str, ...] = ("public-domain", "none")


@dataclass(frozen=True)
class LabelSpace:
    """Marks a string field as a ClassLabel whose names come with the data (the taxonomy's topic
    ids), not with the code; `features.schema_tree(model, topics=...)` fills them in."""

    name: str


Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
TopicId = Annotated[str, Field(pattern=SLUG_PATTERN), LabelSpace("topics")]
NonEmptyText = Annotated[str, Field(min_length=1)]


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _check_clean_text(value: str, what: str) -> None:
    if value != value.strip():
        raise ValueError(f"{what} has leading or trailing whitespace")
    if not unicodedata.is_normalized("NFC", value):
        raise ValueError(f"{what} is not in Unicode NFC")


class Entity(StrictModel):
    """A named entity mention inside a text."""

    text: NonEmptyText = Field(
        description="The mention exactly as it appears: `text[start:end]` of the containing text."
    )
    label: EntityLabel = Field(description="OntoNotes 5 entity type (one of 18 labels).")
    start: int = Field(ge=0, description="Start offset in Python code points (0-based) into the containing text.")
    end: int = Field(ge=1, description="End offset in Python code points, exclusive.")

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Entity:
        if self.end <= self.start:
            raise ValueError(f"entity {self.text!r}: end ({self.end}) must be greater than start ({self.start})")
        if self.text != self.text.strip():
            raise ValueError(f"entity {self.text!r}: a mention never starts or ends with whitespace")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"entity {self.text!r}: end - start ({self.end - self.start}) "
                f"differs from the length of its text ({len(self.text)})"
            )
        return self


def check_entities_against_text(entities: list[Entity] | tuple[Entity, ...], text: str, where: str) -> None:
    """Offsets slice back to the entity text; spans sorted and non-overlapping."""
    previous_end = 0
    previous: Entity | None = None
    for entity in entities:
        if entity.end > len(text):
            raise ValueError(
                f"{where}: entity {entity.text!r} ends at {entity.end}, past the end of the text ({len(text)})"
            )
        if text[entity.start : entity.end] != entity.text:
            raise ValueError(
                f"{where}: entity {entity.text!r} at {entity.start}:{entity.end} "
                f"does not match the text there ({text[entity.start : entity.end]!r})"
            )
        if previous is not None and (entity.start, entity.end) < (previous.start, previous.end):
            raise ValueError(f"{where}: entities are not sorted by offset ({previous.text!r} before {entity.text!r})")
        if previous is not None and entity.start < previous_end:
            raise ValueError(
                f"{where}: entity {entity.text!r} at {entity.start}:{entity.end} "
                f"overlaps {previous.text!r} at {previous.start}:{previous.end}"
            )
        previous_end = entity.end
        previous = entity


class Turn(StrictModel):
    """One speaker turn: everything one speaker said until the next speaker label."""

    id: str = Field(description="Stable turn id: `<interview_id>-<turn_index:03d>`.")
    interview_id: Slug = Field(description="Id of the interview the turn belongs to (the folder name under `raw/`).")
    turn_index: int = Field(ge=0, description="0-based position of the turn in the interview.")
    speaker: NonEmptyText = Field(
        description="The speaker's name as declared in the interview's metadata (aliases resolved)."
    )
    speaker_role: SpeakerRole = Field(
        description="The speaker's role in the interview: interviewer, interviewee or other."
    )
    text: NonEmptyText = Field(
        description=(
            "What the speaker said: the turn's paragraphs joined with a blank line (`\\n\\n`), "
            "Unicode NFC, trimmed; otherwise exactly as in the source."
        )
    )
    topics: list[TopicId] = Field(
        description=(
            "Topic ids from the taxonomy, most central first: a ClassLabel whose names are the taxonomy's topic ids "
            "(`taxonomy.yaml` beside the data); empty when the turn is not annotated."
        )
    )
    entities: list[Entity] = Field(
        description=(
            "Named entities in `text`, sorted by offset, non-overlapping; "
            "offsets are code points into `text`, end exclusive."
        )
    )
    annotation_source: AnnotationSource = Field(
        description=(
            "Where `topics` and `entities` come from: `gold` (annotated following the written guidelines, "
            "reviewed and adjudicated; the card says who annotated), "
            "`automatic` (an unreviewed machine-proposed draft) or `none`."
        )
    )
    date: dt.date | None = Field(description="Publication date of the interview (null when unknown).")
    source_start: int = Field(
        ge=0, description="Start offset (code points) of the turn's first paragraph in the decoded source file."
    )
    source_end: int = Field(
        ge=1, description="End offset (exclusive) of the turn's last paragraph in the decoded source file."
    )
    start_seconds: float | None = Field(
        description="Start time in seconds, for timed sources (subtitles, diarized JSON); null otherwise."
    )
    end_seconds: float | None = Field(description="End time in seconds, for timed sources; null otherwise.")

    @model_validator(mode="after")
    def _consistent(self) -> Turn:
        expected = f"{self.interview_id}-{self.turn_index:03d}"
        if self.id != expected:
            raise ValueError(f"turn id {self.id!r} should be {expected!r}")
        _check_clean_text(self.text, f"turn {self.id} text")
        check_entities_against_text(self.entities, self.text, f"turn {self.id}")
        if len(set(self.topics)) != len(self.topics):
            raise ValueError(f"turn {self.id}: topics repeat")
        if self.source_end <= self.source_start:
            raise ValueError(f"turn {self.id}: source_end must be greater than source_start")
        if (self.start_seconds is None) != (self.end_seconds is None):
            raise ValueError(f"turn {self.id}: start_seconds and end_seconds must both be set or both be null")
        if self.start_seconds is not None and self.end_seconds < self.start_seconds:
            raise ValueError(f"turn {self.id}: end_seconds before start_seconds")
        return self


class Speaker(StrictModel):
    """A participant of an interview."""

    name: NonEmptyText = Field(description="The speaker's name as labelled in the transcript.")
    role: SpeakerRole = Field(description="interviewer, interviewee or other.")
    description: str = Field(
        description="A short description of the speaker, from the source; empty when nothing is known."
    )


class Republication(StrictModel):
    """Another place where the same interview was published."""

    publisher: str = Field(description="Who republished it (or `unknown`).")
    date: dt.date | None = Field(description="Date of the republication (null when unknown).")
    url: str | None = Field(description="Address of the republication (null when unknown).")
    note: str = Field(description="How this version differs, if known.")


class License(StrictModel):
    """The licence of an interview's text, and what it requires."""

    id: NonEmptyText = Field(
        description=(
            "SPDX licence id (e.g. `CC-BY-4.0`), `public-domain`, or `none` when no open licence covers the text."
        )
    )
    url: str | None = Field(description="Address of the licence or of the rights statement (null when unknown).")
    reasoning: NonEmptyText = Field(
        description="Why this licence applies (where it is stated, or why the work is public domain)."
    )
    attribution: str | None = Field(description="The attribution the licence requires (null when unknown).")
    share_alike: bool = Field(description="Whether derived works must be shared under the same licence.")


class Source(StrictModel):
    """Exactly where an interview's transcript was taken from."""

    url: str | None = Field(description="Address the transcript was retrieved from (null when unknown).")
    repository: str | None = Field(description="Repository holding the file, e.g. `owner/name` (null when unknown).")
    commit: str | None = Field(description="Commit of the repository the file was taken at (null when unknown).")
    path: str | None = Field(description="Path of the file inside the repository (null when unknown).")
    retrieved: dt.date | None = Field(description="Date the transcript was retrieved (null when unknown).")


class Interview(StrictModel):
    """One interview: metadata and the non-speech matter around the turns."""

    id: Slug = Field(description="Stable interview id (the folder name under `raw/`).")
    title: str | None = Field(description="Title of the published interview (null when unknown).")
    date: dt.date | None = Field(description="Publication date (null when unknown).")
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] = Field(description="Language of the text (BCP-47 code).")
    publisher: str | None = Field(description="Original publisher (null when unknown).")
    source_url: str | None = Field(description="Address the transcript was retrieved from (null when unknown).")
    republications: list[Republication] = Field(description="Other known publications of the same text.")
    rights: NonEmptyText = Field(description="Rights statement for the text.")
    license: License = Field(description="The licence of the text: id, address, reasoning, attribution, share-alike.")
    source: Source = Field(description="Where the transcript was taken from: address, repository, commit, path, date.")
    excerpt: NonEmptyText = Field(
        description=(
            "`complete`, or what was cut from the source (e.g. the turn range kept) when the text is an excerpt."
        )
    )
    speakers: list[Speaker] = Field(description="The participants, in order of first appearance.")
    standfirst: str | None = Field(description="The one-sentence summary printed above the interview (null if none).")
    caption: str | None = Field(description="The photo caption, with its credit (null if none).")
    introduction: str | None = Field(
        description="Editorial introduction before the first turn (paragraphs joined with `\\n\\n`; null if none)."
    )
    introduction_entities: list[Entity] = Field(description="Named entities in `introduction` (offsets into it).")
    num_turns: int = Field(ge=1, description="Number of turns.")
    source_file: NonEmptyText = Field(description="File name of the raw transcript inside `raw/<id>/`.")
    source_format: NonEmptyText = Field(description="Transcript format the reader used (e.g. `article`).")
    source_sha256: str = Field(pattern=SHA256_PATTERN, description="SHA-256 of the raw transcript file's bytes.")

    @model_validator(mode="after")
    def _consistent(self) -> Interview:
        if self.introduction is None and self.introduction_entities:
            raise ValueError(f"interview {self.id}: introduction entities without an introduction")
        if self.introduction is not None:
            _check_clean_text(self.introduction, f"interview {self.id} introduction")
            check_entities_against_text(
                self.introduction_entities, self.introduction, f"interview {self.id} introduction"
            )
        names = [s.name for s in self.speakers]
        if len(set(names)) != len(names):
            raise ValueError(f"interview {self.id}: speaker names repeat")
        return self


class NerSentence(StrictModel):
    """One sentence of a turn, tokenized, with IOB2 entity tags (the `ner` config)."""

    id: str = Field(description="`<turn id>-s<sentence_index:03d>`.")
    turn_id: str = Field(description="Id of the turn the sentence comes from.")
    interview_id: Slug = Field(description="Id of the interview.")
    sentence_index: int = Field(ge=0, description="0-based position of the sentence in the turn.")
    tokens: list[NonEmptyText] = Field(
        description="Tokens from spaCy's rule-based English tokenizer (`spacy.blank('en')`), whitespace tokens removed."
    )
    ner_tags: list[NerTag] = Field(description="IOB2 tags over OntoNotes labels, one per token.")
    conll_tags: list[ConllTag] = Field(
        description=(
            "IOB2 tags over the CoNLL-2003 labels (PER, ORG, LOC, MISC), mapped from `ner_tags`; "
            "OntoNotes numeric and temporal types become `O`."
        )
    )
    annotation_source: AnnotationSource = Field(
        description="Where the tags come from, as for the sentence's turn: `gold` (reviewed), `automatic` "
        "(an unreviewed draft: never score against it) or `none` (not annotated: every tag `O`)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> NerSentence:
        if not (len(self.tokens) == len(self.ner_tags) == len(self.conll_tags)):
            raise ValueError(f"sentence {self.id}: tokens, ner_tags and conll_tags differ in length")
        return self


# --- The same checks over columns: validation without one model per row ----------------------
#
# The build's hot path (`compile.py`, `parallel.process_chunk`) keeps turns as plain records
# (named tuples with the model's fields, in the model's order) and validates them a whole
# interview at a time: field constraints are derived below from the models' own annotations
# (types, `Literal`s, `ge`, `min_length`, `pattern`), so a constraint added to a model is checked
# here at once (an unknown kind of constraint is an error at import, never silently skipped);
# the models' `model_validator`s have column versions next to them, and a model validator
# without one is an error too. Columns that pass are valid (`tests/test_schema_columns.py`
# checks, with hypothesis, that the column checks accept exactly what `model_validate`
# accepts); columns that do not pass are validated row by row by the pydantic model, whose
# message is the one reported, so errors read the same either way.

RecordColumns = Sequence[Sequence[Any]]  # one sequence of values per field, in the model's field order


def record_type(model: type[BaseModel]) -> type[tuple]:
    """A named tuple with the fields of `model`, in its order: the light twin of a validated model."""
    return namedtuple(f"{model.__name__}Record", tuple(model.model_fields))


EntityRecord = record_type(Entity)
TurnRecord = record_type(Turn)
#: The record type of each model that has one (nested model fields hold these records).
RECORD_TYPES: dict[type[BaseModel], type[tuple]] = {Entity: EntityRecord, Turn: TurnRecord}


_ENTITY_FIELDS = tuple(Entity.model_fields)
_TURN_FIELDS = tuple(Turn.model_fields)
#: Positions of an entity record's fields (records are unpacked, faster than attribute access).
_E_TEXT, _E_START, _E_END = (_ENTITY_FIELDS.index(name) for name in ("text", "start", "end"))


def _entity_columns_consistent(columns: RecordColumns) -> bool:
    """`Entity._span_is_ordered` over columns (text, label, start, end)."""
    text, start, end = columns[_E_TEXT], columns[_E_START], columns[_E_END]
    return (
        all(map(operator.lt, start, end))
        and list(map(str.strip, text)) == list(text)
        and list(map(operator.sub, end, start)) == list(map(len, text))
    )


def _turn_columns_consistent(columns: RecordColumns) -> bool:
    """`Turn._consistent` (with `check_entities_against_text`) over columns."""
    c = dict(zip(_TURN_FIELDS, columns, strict=True))
    texts = list(c["text"])
    if [f"{i}-{n:03d}" for i, n in zip(c["interview_id"], c["turn_index"], strict=True)] != list(c["id"]):
        return False
    if list(map(str.strip, texts)) != texts or not all(map(unicodedata.is_normalized, repeat("NFC"), texts)):
        return False
    for text, entities in zip(texts, c["entities"], strict=True):
        previous_end = 0  # sorted and non-overlapping (each span has end > start): start >= previous end
        for entity in entities:
            start, end = entity[_E_START], entity[_E_END]
            if start < previous_end or text[start:end] != entity[_E_TEXT] or end > len(text):
                return False
            previous_end = end
    topics = c["topics"]
    if list(map(len, map(set, topics))) != list(map(len, topics)):
        return False
    if not all(map(operator.lt, c["source_start"], c["source_end"])):
        return False
    for start, end in zip(c["start_seconds"], c["end_seconds"], strict=True):
        if (start is None) != (end is None) or (start is not None and end < start):
            return False
    return True


#: Column versions of the models' `model_validator`s (by model and validator name).
_COLUMN_VALIDATORS: dict[tuple[type[BaseModel], str], Callable[[RecordColumns], bool]] = {
    (Entity, "_span_is_ordered"): _entity_columns_consistent,
    (Turn, "_consistent"): _turn_columns_consistent,
}

#: Python types a strict field accepts as they are (pydantic also takes subclasses, and converts
#: them: such values fail the column check and go through the model, which decides).
_EXACT_TYPES: dict[Any, frozenset[type]] = {
    str: frozenset({str}),
    int: frozenset({int}),  # never bool (its type is bool)
    float: frozenset({float, int}),  # strict floats accept ints; Arrow's float64 column converts them
    bool: frozenset({bool}),
    dt.date: frozenset({dt.date}),  # never datetime
}


def _all_of_types(values: Sequence[Any], types: frozenset[type]) -> bool:
    return set(map(type, values)) <= types


def _constraint_check(constraint: Any) -> Callable[[Sequence[Any]], bool]:
    """A column check for one field constraint (values already of the right type)."""
    name = type(constraint).__name__
    if name == "Ge":
        return lambda values: min(values, default=constraint.ge) >= constraint.ge
    if name == "Gt":
        return lambda values: not values or min(values) > constraint.gt
    if name == "Le":
        return lambda values: max(values, default=constraint.le) <= constraint.le
    if name == "Lt":
        return lambda values: not values or max(values) < constraint.lt
    if name == "MinLen":
        return lambda values: min(map(len, values), default=constraint.min_length) >= constraint.min_length
    if name == "MaxLen":
        return lambda values: max(map(len, values), default=0) <= constraint.max_length
    pattern = getattr(constraint, "pattern", None)
    if pattern is not None and set(vars(constraint)) == {"pattern"}:
        # pydantic matches with Rust's regex (`$` is the end of the text); every alternative of the
        # schema's patterns is anchored, so a full match is the same test.
        fullmatch = re.compile(pattern).fullmatch
        matched: set[str] = set()  # strings seen to match (topic ids repeat): a set lookup, not a regex

        def check_pattern(values):
            new = set(values) - matched
            if not all(map(fullmatch, new)):
                return False
            if len(matched) < 10_000:
                matched.update(new)
            return True

        return check_pattern
    raise TypeError(f"no column check for the constraint {constraint!r}: add one to schema._constraint_check")


def _column_check(annotation: Any, constraints: tuple = ()) -> Callable[[Sequence[Any]], bool]:
    """A function telling whether every value of a column passes the field's checks."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        extra: list = []
        for meta in annotation.__metadata__:
            if isinstance(meta, FieldInfo):
                extra.extend(meta.metadata)
            elif not isinstance(meta, LabelSpace):  # LabelSpace names a ClassLabel; pydantic ignores it
                extra.append(meta)
        return _column_check(args[0], (*constraints, *extra))
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(rest) == len(args):
            raise TypeError(f"no column check for {annotation!r}")
        inner = _column_check(rest[0], constraints)
        return lambda values: inner([v for v in values if v is not None])
    checks = [_constraint_check(c) for c in constraints]
    if origin is Literal:
        if not all(type(a) is str for a in args):
            raise TypeError(f"no column check for {annotation!r}")
        names = frozenset(args)
        base = lambda values: _all_of_types(values, _EXACT_TYPES[str]) and set(values) <= names  # noqa: E731
    elif origin is list:
        item = _column_check(args[0])
        lists = frozenset({list})
        base = lambda values: _all_of_types(values, lists) and item(list(chain.from_iterable(values)))  # noqa: E731
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        base = columns_check(annotation, nested=True)
    elif annotation in _EXACT_TYPES:
        accepted = _EXACT_TYPES[annotation]
        base = lambda values: _all_of_types(values, accepted)  # noqa: E731
    else:
        raise TypeError(f"no column check for {annotation!r}")
    if not checks:
        return base
    return lambda values: base(values) and all(check(values) for check in checks)


@cache
def columns_check(model: type[BaseModel], nested: bool = False) -> Callable[[Sequence[Any]], bool]:
    """For a model with a record type: a function of a sequence of records (`nested`) or of the
    record columns, true when every row is valid for `model` (all its field constraints and its
    model validators). Derived from the model's fields; see the section comment above."""
    if model.model_config.get("extra") != "forbid":
        raise TypeError(f"{model.__name__}: column checks assume extra='forbid'")
    fields = model.model_fields
    if any(not f.is_required() for f in fields.values()):
        raise TypeError(f"{model.__name__}: column checks need every field required")
    field_checks = [_column_check(f.annotation, tuple(f.metadata)) for f in fields.values()]
    validators = []
    for name in model.__pydantic_decorators__.model_validators:
        if (model, name) not in _COLUMN_VALIDATORS:
            raise TypeError(f"{model.__name__}.{name} has no column version in schema._COLUMN_VALIDATORS")
        validators.append(_COLUMN_VALIDATORS[(model, name)])
    record = RECORD_TYPES[model]
    records_only = frozenset({record})
    width = len(fields)

    def check_columns(columns: RecordColumns) -> bool:
        return all(check(column) for check, column in zip(field_checks, columns, strict=True)) and all(
            validator(columns) for validator in validators
        )

    if not nested:
        return check_columns

    def check_records(values: Sequence[Any]) -> bool:
        if not _all_of_types(values, records_only):
            return False
        return check_columns(list(zip(*values, strict=True)) if values else [()] * width)

    return check_records


@cache
def _fields_of(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def record_as_input(record: tuple, model: type[BaseModel]) -> dict[str, Any]:
    """A record (or a row of odd values) as the dict `model.model_validate` takes: nested
    records become dicts, anything else is passed as it is (for pydantic to judge)."""
    values = dict(zip(model.model_fields, record, strict=True))
    for name, field in model.model_fields.items():
        inner = _nested_model(field.annotation)
        value = values[name]
        if inner is not None and isinstance(value, list):
            nested = RECORD_TYPES[inner]
            values[name] = [record_as_input(v, inner) if type(v) is nested else v for v in value]
    return values


def record_from_dict(values: Mapping[str, Any], model: type[BaseModel]) -> tuple:
    """The inverse of `record_as_input`: a row as a dict (e.g. decoded from Parquet) -> the
    model's record, lists of nested models as their records. Nothing is validated here."""
    out = []
    for name, field in model.model_fields.items():
        value = values[name]
        inner = _nested_model(field.annotation)
        if inner is not None and value is not None:
            value = [record_from_dict(v, inner) for v in value]
        out.append(value)
    return RECORD_TYPES[model]._make(out)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a `list[Model]` field (the only nesting the record types have)."""
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def record_from_model(instance: BaseModel) -> tuple:
    """The record of a validated model (nested models become their records)."""
    model = type(instance)
    values = []
    for name, field in model.model_fields.items():
        value = getattr(instance, name)
        if _nested_model(field.annotation) is not None:
            value = [record_from_model(v) for v in value]
        values.append(value)
    return RECORD_TYPES[model]._make(values)


def validation_message(exc: ValidationError) -> str:
    """The first problem pydantic found, as the build reports it."""
    err = exc.errors(include_url=False)[0]
    return str(err["msg"]).removeprefix("Value error, ")


def validate_records(records: Sequence[tuple], model: type[BaseModel]) -> tuple[list[tuple], list[tuple[int, str]]]:
    """Validate rows of a model given as records (e.g. the turns of one interview).

    Returns the valid records, in order, and `(position, message)` for every invalid row. The
    column checks decide for the whole batch at once; only a batch that fails them is validated
    row by row by the model (the same verdicts and messages as `model.model_validate`)."""
    width = len(_fields_of(model))
    if all(len(r) == width for r in records):
        columns = list(zip(*records, strict=True)) if records else [()] * width
        if columns_check(model)(columns):
            return list(records), []
    valid, invalid = [], []
    for position, record in enumerate(records):
        try:
            instance = model.model_validate(record_as_input(record, model))
        except ValidationError as exc:
            invalid.append((position, validation_message(exc)))
        else:
            valid.append(record_from_model(instance))
    return valid, invalid
