"""The human-edited metadata of one interview: `raw/<interview_id>/metadata.yaml`.

Unknown facts are written as `unknown` (never guessed) and published as null. The file records
the transcript's SHA-256; the build refuses a transcript whose bytes no longer match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import DatasetError, Problem, ProblemCollector, did_you_mean, display_path, excerpt
from .schema import (
    LANGUAGE_PATTERN,
    NON_SPDX_LICENSES,
    SHA256_PATTERN,
    SLUG_PATTERN,
    SPLITS,
    License,
    Source,
    SpeakerRole,
    Split,
)
from .validation_messages import problems_from_validation
from .yaml_loading import YamlDocument, load_yaml

METADATA_FILE = "metadata.yaml"
__all__ = ["SPLITS", "METADATA_FILE", "InterviewMetadata", "load_metadata"]


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
    sha256: str = Field(pattern=SHA256_PATTERN)
    format: str | None = Field(default=None, description="Reader to use; detected when absent.")
    grammar: str | None = Field(
        default=None,
        description=(
            "How speaker labels are written (`colon`, `bold`, `name-line`, `qa`, `period`, ...), when detection is "
            "unsure or the format's own grammar is not the file's; the format's grammar when absent."
        ),
    )

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        from .readers import ALIASES, FORMATS

        if value is not None and value not in FORMATS and value not in ALIASES:
            names = sorted(set(FORMATS) | set(ALIASES))
            raise PydanticCustomError(
                "unknown_reading", f"unknown format {value!r}{did_you_mean(value, names)}; formats: {', '.join(names)}"
            )
        return value

    @field_validator("grammar")
    @classmethod
    def _known_grammar(cls, value: str | None) -> str | None:
        from .readers import GRAMMARS

        if value is not None and value not in GRAMMARS:
            names = sorted(GRAMMARS)
            raise PydanticCustomError(
                "unknown_reading",
                f"unknown grammar {value!r}{did_you_mean(value, names)}; grammars: {', '.join(names)}",
            )
        return value


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
        description=(
            "The last turn really ends without final punctuation (otherwise that is taken for a truncated file)."
        ),
    )


class Evidence(_Model):
    basis: Literal["text", "republication", "metadata", "unknown"]
    confidence: Literal["certain", "high", "medium", "low", "unknown"]
    note: str = ""


#: SPDX-style licence id: letters, digits, `.`, `-`, `+` (e.g. `CC-BY-4.0`, `CC0-1.0`).
_LICENSE_ID = r"^[A-Za-z0-9][A-Za-z0-9.+-]*$"


class LicenseEntry(_Model):
    """`license:` of an interview: which licence covers the text, and what it requires."""

    id: str = Field(
        pattern=_LICENSE_ID,
        description=(
            "SPDX id (e.g. `CC-BY-4.0`, `CC0-1.0`), `public-domain`, or `none` when no open licence covers the text."
        ),
    )
    url: Annotated[str | None, MaybeUnknown]
    reasoning: str = Field(
        min_length=1, description="Why this licence applies: where it is stated, or why the work is public domain."
    )
    attribution: Annotated[str | None, MaybeUnknown]
    share_alike: StrictBool

    def published(self) -> License:
        return License(
            id=self.id,
            url=self.url,
            reasoning=" ".join(self.reasoning.split()),
            attribution=None if self.attribution is None else " ".join(self.attribution.split()),
            share_alike=self.share_alike,
        )


class SourceEntry(_Model):
    """`source:` of an interview: exactly where the transcript came from (`unknown` where not known)."""

    url: Annotated[str | None, MaybeUnknown]
    repository: Annotated[str | None, MaybeUnknown]
    commit: Annotated[str | None, MaybeUnknown]
    path: Annotated[str | None, MaybeUnknown]
    retrieved: Annotated[dt.date | None, MaybeUnknown]

    def published(self) -> Source:
        return Source(
            url=self.url, repository=self.repository, commit=self.commit, path=self.path, retrieved=self.retrieved
        )


class InterviewMetadata(_Model):
    id: str = Field(pattern=SLUG_PATTERN)
    title: Annotated[str | None, MaybeUnknown]
    date: Annotated[dt.date | None, MaybeUnknown]
    language: str = Field(pattern=LANGUAGE_PATTERN)
    publisher: Annotated[str | None, MaybeUnknown]
    source_url: Annotated[str | None, MaybeUnknown]
    republications: list[RepublicationEntry] = Field(default_factory=list)
    rights: str = Field(min_length=1)
    license: LicenseEntry
    source: SourceEntry
    excerpt: str = Field(min_length=1, description="`complete`, or what was cut (e.g. `turns 1-120 of 450`).")
    split: Split | None = None
    transcript: TranscriptEntry
    speakers: list[SpeakerEntry] = Field(min_length=1)
    layout: LayoutEntry = LayoutEntry()
    evidence: dict[str, Evidence] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _license_id_known(self) -> InterviewMetadata:
        lid = self.license.id
        if lid.lower() in NON_SPDX_LICENSES and lid not in NON_SPDX_LICENSES:
            raise ValueError(f"license.id {excerpt(lid)}: write it in lowercase, `{lid.lower()}`")
        return self

    @model_validator(mode="after")
    def _labels_unique(self) -> InterviewMetadata:
        seen: dict[str, str] = {}
        for speaker in self.speakers:
            for label in [speaker.name, *speaker.aliases]:
                if label in seen:
                    raise ValueError(
                        f"speaker label {excerpt(label)} is used twice (by {excerpt(seen[label])} and "
                        f"{excerpt(speaker.name)}); each name and alias must be unique"
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
            (
                f"create {METADATA_FILE} in the interview folder "
                "(copy one from another interview, or run `interview-dataset new`)"
            ),
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
        found = {
            p.message.split(":", 1)[0]: p for p in problems_from_validation(exc, doc, model=InterviewMetadata).problems
        }
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
            f"id {excerpt(meta.id)} differs from the folder name {folder.name!r}",
            "make the id equal to the folder name",
            doc.line_of("id"),
        )
    return meta, doc


def _placeholders(doc: YamlDocument) -> list:
    """`TODO`s left from `interview-dataset new`: never published as facts."""
    problems = ProblemCollector()
    _walk_placeholders(doc.data, (), doc, problems)
    return problems.problems


def _walk_placeholders(value: Any, keys: tuple, doc: YamlDocument, problems: ProblemCollector) -> None:
    # A module-level function, not a closure that calls itself: such a closure is a reference
    # cycle, which kept every metadata document alive until the next garbage collection.
    if isinstance(value, dict):
        for k, v in value.items():
            _walk_placeholders(v, keys + (k,), doc, problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk_placeholders(v, keys + (i,), doc, problems)
    elif isinstance(value, str) and value.strip().upper().startswith("TODO"):
        field = ".".join(str(k) for k in keys)
        problems.add(
            doc.path,
            f"{field}: still a placeholder ({value.strip()[:60]!r})",
            "fill in the real value (write `unknown` where it is not known)",
            doc.line_of(*keys),
        )


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
                    f"speaker label {excerpt(label)} is used twice "
                    f"(by {excerpt(seen[label])} and {excerpt(speaker.get('name'))})",
                    "each speaker name and alias must be unique: remove the repeated speaker or alias",
                    doc.line_of("speakers", i, *keys),
                )
            seen[label] = str(speaker.get("name"))


def transcript_path(folder: Path, meta: InterviewMetadata, doc: YamlDocument) -> Path:
    """The transcript's path, which must stay inside the interview folder."""
    if Path(meta.transcript.file).is_absolute():
        raise DatasetError.at(
            doc.path,
            f"transcript.file {excerpt(meta.transcript.file)} is an absolute path",
            "give the file name relative to the interview folder (e.g. `transcript.txt`)",
            doc.line_of("transcript", "file"),
        )
    candidate = (folder / meta.transcript.file).resolve()
    root = folder.resolve()
    if not candidate.is_relative_to(root) or candidate == root:
        raise DatasetError.at(
            doc.path,
            f"transcript.file {excerpt(meta.transcript.file)} points outside the interview folder",
            "give a file name inside the interview's own folder",
            doc.line_of("transcript", "file"),
        )
    if not candidate.is_file():
        raise DatasetError.at(
            doc.path,
            f"transcript file {excerpt(meta.transcript.file)} not found in {folder.name}/",
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
            (
                f"transcript {meta.transcript.file} does not match its recorded SHA-256 "
                f"(recorded {meta.transcript.sha256[:12]}…, file {actual[:12]}…)"
            ),
            (
                "raw transcripts are kept byte-identical: restore the original file; "
                f"if the change is intended, set transcript.sha256 to {actual}"
            ),
            doc.line_of("transcript", "sha256"),
        )


def undeclared_label_problem(
    label: str, transcript: Path, transcript_line: int | None, meta: InterviewMetadata, doc: YamlDocument
) -> Problem:
    """A transcript speaker label the metadata does not declare, blamed on `metadata.yaml` (the
    transcript is kept byte-identical and is never the file to edit)."""
    labels = list(meta.speaker_for_label())
    close = did_you_mean(label, labels)
    where = f"{display_path(transcript)}:{transcript_line}" if transcript_line else display_path(transcript)
    if close:
        owner = meta.speaker_for_label()[close.split("'")[1]].name
        hint = (
            f"if {excerpt(label)} is {owner!r}, correct the spelling of the name or alias here "
            f"(or add {excerpt(label)} to its `aliases`)"
        )
    else:
        hint = "add the label to a speaker's `aliases`, or declare a new speaker with this `name`"
    return Problem(
        display_path(doc.path),
        f"speaker label {excerpt(label)} (used at {where}) is not declared here{close}",
        hint,
        doc.line_of("speakers"),
        f"speakers: [{{name: {labels[0] if labels else 'Jane Doe'}, role: interviewee, aliases: [{label}]}}]",
    )


def unused_speaker_problems(meta: InterviewMetadata, doc: YamlDocument, used_labels: set[str]) -> list[Problem]:
    """Declared speakers, and aliases, that no turn of the transcript uses."""
    problems = []
    for i, speaker in enumerate(meta.speakers):
        labels = [speaker.name, *speaker.aliases]
        if not any(label in used_labels for label in labels):
            problems.append(
                Problem(
                    display_path(doc.path),
                    f"speaker {speaker.name!r} is declared but no turn of the transcript is labelled with its name"
                    + (f" or aliases ({', '.join(speaker.aliases)})" if speaker.aliases else "")
                    + did_you_mean(speaker.name, sorted(used_labels - set(meta.speaker_for_label()))),
                    "remove the speaker, or correct its `name`/`aliases` to the label the transcript uses",
                    doc.line_of("speakers", i, "name"),
                )
            )
    return problems


# --- splits ---------------------------------------------------------------------------------

#: Target share of interviews per split (train, validation, test).
SPLIT_SHARES: dict[str, float] = {"train": 0.7, "validation": 0.15, "test": 0.15}


def assign_splits(interviews: list[tuple[str, str, str, str | None]]) -> dict[str, str]:
    """Deterministic split per interview: `(id, layout, subject, declared split)` -> split.

    Never one interview in two splits. A declared `split:` is kept (the seed is pinned to `test`
    this way). The others are assigned stratum by stratum, strata being (layout, subject) in
    sorted order and interviews inside a stratum ordered by the SHA-256 of their id: each goes
    to the split furthest below its share, first within its stratum, then over the corpus
    (ties: train, validation, test). Layouts and subjects are thus spread over the splits as
    far as the corpus allows. The result depends only on the inputs, never on folder order.
    """
    result: dict[str, str] = {}
    total = {s: 0 for s in SPLITS}
    for iid, _, _, declared in interviews:
        if declared:
            result[iid] = declared
            total[declared] += 1
    strata: dict[tuple[str, str], list[str]] = {}
    for iid, layout, subject, declared in interviews:
        if not declared:
            strata.setdefault((layout, subject), []).append(iid)
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
        here = {s: 0 for s in SPLITS}
        for iid in members:
            n_here = sum(here.values()) + 1
            n_total = sum(total.values()) + 1
            split = max(
                SPLITS,
                key=lambda s: (
                    SPLIT_SHARES[s] * n_here - here[s],
                    SPLIT_SHARES[s] * n_total - total[s],
                    -SPLITS.index(s),
                ),
            )
            result[iid] = split
            here[split] += 1
            total[split] += 1
    return result


_TOPIC_LIST = re.compile(r"^\s+topics:\s*\[([^\]\n]*)\]", re.MULTILINE)


def corpus_splits(raw_dir: Path, folders: list[Path] | None = None) -> dict[str, str]:
    """The split of every interview folder in `raw_dir` (see `assign_splits`).

    Layout: the transcript format declared in metadata (else the transcript file's extension);
    subject: the taxonomy category most of the interview's annotated topics belong to (`none`
    without topics; topics read from the flow lists `topics: [...]` of `annotations.yaml`).
    Read from `metadata.yaml`, `annotations.yaml` and `taxonomy.yaml` only; a folder whose
    files cannot be read gets `train` here (its problems are reported by the build itself)."""
    from .annotations import ANNOTATIONS_FILE

    categories: dict[str, str] = {}
    try:
        taxonomy_doc = load_yaml(raw_dir / "taxonomy.yaml")
        for topic in taxonomy_doc.data.get("topics") or []:
            if isinstance(topic, dict) and isinstance(topic.get("id"), str):
                categories[topic["id"]] = str(topic.get("category", "none"))
    except (DatasetError, AttributeError):
        pass
    if folders is None:
        folders = sorted(p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    entries = []
    for folder in folders:
        try:
            doc = load_yaml(folder / METADATA_FILE)
            data = doc.data if isinstance(doc.data, dict) else {}
        except DatasetError:
            data = {}
        transcript = data.get("transcript") if isinstance(data.get("transcript"), dict) else {}
        layout = str(transcript.get("format") or Path(str(transcript.get("file", ""))).suffix.lstrip(".") or "unknown")
        declared = data.get("split") if data.get("split") in SPLITS else None
        counts: dict[str, int] = {}
        ann_path = folder / ANNOTATIONS_FILE
        try:  # a light scan of the `topics: [...]` lines (a full YAML load here would double its cost)
            text = ann_path.read_text(encoding="utf-8") if ann_path.is_file() else ""
        except (OSError, UnicodeDecodeError):
            text = ""
        for match in _TOPIC_LIST.finditer(text):
            for topic in match.group(1).split(","):
                category = categories.get(topic.strip().strip("'\""), "none")
                counts[category] = counts.get(category, 0) + 1
        subject = min(counts, key=lambda c: (-counts[c], c)) if counts else "none"
        entries.append((folder.name, layout, subject, declared))
    return assign_splits(entries)
