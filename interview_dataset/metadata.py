"""The human-edited metadata of one interview: `raw/<interview_id>/metadata.yaml`.

Unknown facts are written as `unknown` (never guessed) and published as null. The file records
the transcript's SHA-256; the build refuses a transcript whose bytes no longer match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, ValidationError, model_validator

from .errors import DatasetError, ProblemCollector
from .schema import SpeakerRole
from .validation_messages import problems_from_validation
from .yaml_loading import YamlDocument, load_yaml

METADATA_FILE = "metadata.yaml"
SPLITS = ("train", "validation", "test")


def _unknown_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and value.strip().lower() == "unknown" else value


MaybeUnknown = BeforeValidator(_unknown_to_none)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpeakerEntry(_Model):
    name: str = Field(min_length=1, description="The name exactly as the transcript labels the speaker.")
    role: SpeakerRole
    description: str = ""
    aliases: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="Other labels for the same speaker (e.g. `BILOUS`, `SPEAKER_01`)."
    )


class RepublicationEntry(_Model):
    publisher: str
    date: Annotated[dt.date | None, MaybeUnknown]
    url: Annotated[str | None, MaybeUnknown]
    note: str = ""


class TranscriptEntry(_Model):
    file: str = Field(min_length=1, description="File name of the transcript inside the interview folder.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    format: str | None = Field(default=None, description="Reader to use; detected when absent.")


class LayoutEntry(_Model):
    """How the non-speech matter around the turns is treated."""

    standfirst_paragraphs: StrictInt = Field(default=0, ge=0)
    caption_paragraphs: StrictInt = Field(default=0, ge=0)
    introduction: bool = Field(
        default=False, description="Remaining paragraphs before the first turn are the introduction."
    )
    boilerplate: list[str] = Field(default_factory=list, description="Lines dropped wherever they occur.")
    unpunctuated_ending: bool = Field(
        default=False,
        description="The last turn really ends without final punctuation (otherwise that is taken for a truncated file).",
    )


class Evidence(_Model):
    basis: Literal["text", "republication", "metadata", "unknown"]
    confidence: Literal["certain", "high", "medium", "low", "unknown"]
    note: str = ""


class InterviewMetadata(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
    title: Annotated[str | None, MaybeUnknown]
    date: Annotated[dt.date | None, MaybeUnknown]
    language: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    publisher: Annotated[str | None, MaybeUnknown]
    source_url: Annotated[str | None, MaybeUnknown]
    republications: list[RepublicationEntry] = Field(default_factory=list)
    rights: str = Field(min_length=1)
    split: Literal["train", "validation", "test"] | None = None
    transcript: TranscriptEntry
    speakers: list[SpeakerEntry] = Field(min_length=1)
    layout: LayoutEntry = LayoutEntry()
    evidence: dict[str, Evidence] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _labels_unique(self) -> InterviewMetadata:
        seen: dict[str, str] = {}
        for speaker in self.speakers:
            for label in [speaker.name, *speaker.aliases]:
                if label in seen:
                    raise ValueError(
                        f"speaker label {label!r} is used twice (by {seen[label]!r} and {speaker.name!r}); each name and alias must be unique"
                    )
                seen[label] = speaker.name
        return self

    def speaker_for_label(self) -> dict[str, SpeakerEntry]:
        return {label: s for s in self.speakers for label in [s.name, *s.aliases]}


def load_metadata(folder: Path) -> tuple[InterviewMetadata, YamlDocument]:
    path = folder / METADATA_FILE
    if not path.exists():
        raise DatasetError.at(
            path,
            "metadata file missing",
            f"create {METADATA_FILE} in the interview folder (copy one from another interview, or run `interview-dataset new`)",
        )
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise DatasetError.at(
            path, "metadata must be a YAML mapping of fields", "see raw/*/metadata.yaml for an example", 1
        )
    _check_labels_unique(doc)
    placeholders = _placeholders(doc)
    try:
        meta = InterviewMetadata.model_validate(doc.data)
    except ValidationError as exc:
        found = {p.message.split(":", 1)[0]: p for p in problems_from_validation(exc, doc).problems}
        merged = []
        for p in placeholders:  # a placeholder keeps the model's hint (e.g. the allowed values)
            field = p.message.split(":", 1)[0]
            merged.append(replace(p, hint=found.pop(field).hint) if field in found else p)
        raise DatasetError(sorted(merged + list(found.values()), key=lambda p: p.line or 0)) from None
    if placeholders:
        raise DatasetError(placeholders)
    if meta.id != folder.name:
        raise DatasetError.at(
            path,
            f"id {meta.id!r} differs from the folder name {folder.name!r}",
            "make the id equal to the folder name",
            doc.line_of("id"),
        )
    return meta, doc


def _placeholders(doc: YamlDocument) -> list:
    """`TODO`s left from `interview-dataset new`: never published as facts."""
    problems = ProblemCollector()

    def walk(value, keys: tuple) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, keys + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, keys + (i,))
        elif isinstance(value, str) and value.strip().upper().startswith("TODO"):
            field = ".".join(str(k) for k in keys)
            problems.add(
                doc.path,
                f"{field}: still a placeholder ({value.strip()[:60]!r})",
                "fill in the real value (write `unknown` where it is not known)",
                doc.line_of(*keys),
            )

    walk(doc.data, ())
    return problems.problems


def _check_labels_unique(doc: YamlDocument) -> None:
    """Each speaker name and alias once, reported at the line of the repeat (the model's own
    check, which has no line, is the backstop)."""
    speakers = doc.data.get("speakers")
    if not isinstance(speakers, list):
        return
    seen: dict[str, str] = {}
    for i, speaker in enumerate(speakers):
        if not isinstance(speaker, dict):
            continue
        aliases = speaker.get("aliases") if isinstance(speaker.get("aliases"), list) else []
        for keys, label in [(("name",), speaker.get("name")), *((("aliases", j), a) for j, a in enumerate(aliases))]:
            if not isinstance(label, str):
                continue
            if label in seen:
                raise DatasetError.at(
                    doc.path,
                    f"speaker label {label!r} is used twice (by {seen[label]!r} and {speaker.get('name')!r})",
                    "each speaker name and alias must be unique: remove the repeated speaker or alias",
                    doc.line_of("speakers", i, *keys),
                )
            seen[label] = str(speaker.get("name"))


def transcript_path(folder: Path, meta: InterviewMetadata, doc: YamlDocument) -> Path:
    """The transcript's path, which must stay inside the interview folder."""
    if Path(meta.transcript.file).is_absolute():
        raise DatasetError.at(
            doc.path,
            f"transcript.file {meta.transcript.file!r} is an absolute path",
            "give the file name relative to the interview folder (e.g. `transcript.txt`)",
            doc.line_of("transcript", "file"),
        )
    candidate = (folder / meta.transcript.file).resolve()
    if not candidate.is_relative_to(folder.resolve()) or candidate == folder.resolve():
        raise DatasetError.at(
            doc.path,
            f"transcript.file {meta.transcript.file!r} points outside the interview folder",
            "give a file name inside the interview's own folder",
            doc.line_of("transcript", "file"),
        )
    if not candidate.is_file():
        raise DatasetError.at(
            doc.path,
            f"transcript file {meta.transcript.file!r} not found in {folder.name}/",
            "put the transcript in the interview folder or correct transcript.file",
            doc.line_of("transcript", "file"),
        )
    return candidate


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify_transcript_hash(data: bytes, meta: InterviewMetadata, doc: YamlDocument) -> None:
    actual = sha256_hex(data)
    if actual != meta.transcript.sha256:
        raise DatasetError.at(
            doc.path,
            f"transcript {meta.transcript.file} does not match its recorded SHA-256 (recorded {meta.transcript.sha256[:12]}…, file {actual[:12]}…)",
            f"raw transcripts are kept byte-identical: restore the original file; if the change is intended, set transcript.sha256 to {actual}",
            doc.line_of("transcript", "sha256"),
        )
