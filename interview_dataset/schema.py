"""The dataset's schema: the single source of truth for every published record.

Field descriptions are written once, here; the data card's field tables, the Hugging Face
features (`features.py`) and the Croissant record sets are all generated from these models.
Models are strict: unknown fields, wrong types and empty text are rejected.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
