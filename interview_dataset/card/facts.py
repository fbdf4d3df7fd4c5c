"""Per-interview facts for the card, and the corpus-level statements computed from them.

Nothing here states a fact of one interview: each interview's people, publisher, licence,
language, source and annotators come from its own `metadata.yaml` and `annotations.yaml`
(read as plain YAML, so optional fields are read defensively: absent means unknown), and the
corpus statements (licences, annotation sources, languages) are counted over all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..metadata import METADATA_FILE
from ..yaml_loading import load_yaml
from .vocabularies import LICENSES

#: Licence ids whose texts may be redistributed and reused by anyone (Open Definition
#: conformant): public domain dedications and attribution / share-alike licences. NC and ND
#: licences are not open in this sense.
OPEN_LICENSES = frozenset(
    {
        "public-domain",
        "cc0-1.0",
        "pddl",
        "cc-by-2.0",
        "cc-by-2.5",
        "cc-by-3.0",
        "cc-by-4.0",
        "cc-by-sa-3.0",
        "cc-by-sa-4.0",
        "odc-by",
        "odbl",
        "mit",
        "apache-2.0",
        "ogl-uk-3.0",  # Open Government Licence v3.0: reuse and redistribution with attribution
    }
)


def _known(value: Any) -> Any:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "unknown")):
        return None
    return value


class LicenseId(NamedTuple):
    """An interview's licence as Croissant reads it: its id."""

    id: str


class InterviewRow(NamedTuple):
    """What Croissant reads of an interview's `interviews` row (`InterviewFacts.interview`). The
    facts of every interview are held until the card is written, so they keep these three fields
    rather than the row's model (about 5 KB per interview)."""

    license: LicenseId
    date: dt.date | None
    language: str


@dataclass
class InterviewFacts:
    """What the card says about one interview, all from that interview's own files."""

    id: str
    split: str
    title: str | None
    date: dt.date | None
    language: str
    publisher: str | None
    source_url: str | None
    rights: str
    speakers: list[tuple[str, str]]  # (name, role)
    num_turns: int
    source_format: str
    annotation_source: str
    declared_split: bool = False
    license_id: str | None = None  # the metadata's `license.id`; None when no licence is stated
    license: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)
    annotator: str | None = None
    annotation_creators: str | None = None  # the Hub's vocabulary, when annotations.yaml declares it
    interview: InterviewRow | None = None  # what Croissant reads of the `interviews` row

    @property
    def open(self) -> bool:
        return self.license_id in OPEN_LICENSES

    @property
    def license_label(self) -> str:
        return self.license_id or "none stated"

    @property
    def hub_license(self) -> str:
        """The Hub's licence identifier for the card's YAML: the id itself when the Hub knows
        it, else `other` (explained in RIGHTS.md)."""
        return self.license_id if self.license_id in LICENSES and self.license_id != "unknown" else "other"

    @property
    def address(self) -> str | None:
        return _known(self.source.get("url")) or self.source_url


def interview_facts(written, raw_dir: Path | None) -> InterviewFacts:
    """Facts of one `written.WrittenInterview`: the published row, plus what only the raw
    metadata and annotation files hold (licence, source, declared split, annotator)."""
    iv = written.interview
    meta: Any = None
    annotations = None
    if raw_dir is not None:
        meta_path = raw_dir / iv.id / METADATA_FILE
        if meta_path.exists():
            meta = load_yaml(meta_path).data
        annotations = written.annotations
    return facts_of(iv, written.split, written.annotation_source, meta, annotations)


def facts_of(iv, split: str, annotation_source: str, metadata: Any, annotations) -> InterviewFacts:
    """Facts of one interview from its `interviews` row, its split and annotation source, its
    `metadata.yaml` as plain YAML data (None when unknown) and its loaded annotation file (None
    when it has none): what `interview_facts` reads, passed in by a caller that has read them
    already (the build's chunk job, which compiled the interview)."""
    meta: dict = metadata if isinstance(metadata, dict) else {}
    annotator = creators = None
    if annotations is not None and isinstance(annotations.doc.data, dict):
        annotator, creators = _annotator(annotations.doc.data.get("annotator"))
    license_ = meta.get("license") if isinstance(meta.get("license"), dict) else {}
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    license_id = _known(license_.get("id"))
    return InterviewFacts(
        id=iv.id,
        split=split,
        title=iv.title,
        date=iv.date,
        language=iv.language,
        publisher=iv.publisher,
        source_url=iv.source_url,
        rights=iv.rights,
        speakers=[(s.name, s.role) for s in iv.speakers],
        num_turns=iv.num_turns,
        source_format=iv.source_format,
        annotation_source=annotation_source,
        declared_split=bool(meta.get("split")),
        license_id=str(license_id).strip().lower() if license_id else None,
        license={k: v for k, v in license_.items() if _known(v) is not None},
        source={k: v for k, v in source.items() if _known(v) is not None},
        annotator=annotator,
        annotation_creators=creators,
        interview=InterviewRow(LicenseId(iv.license.id), iv.date, iv.language),
    )


def _annotator(value: Any) -> tuple[str | None, str | None]:
    """`annotator:` of an annotation file: a statement of who annotated and how, either as a
    string or as a mapping `{statement: ..., creators: <Hub annotations_creators value>}`."""
    if isinstance(value, dict):
        statement = _known(value.get("statement"))
        creators = _known(value.get("creators"))
        return (str(statement).strip() if statement else None), (str(creators).strip() if creators else None)
    value = _known(value)
    return (str(value).strip() if value is not None else None), None


def count_by(facts: list[InterviewFacts], key) -> list[tuple[str, int]]:
    """(value, interviews) pairs, most frequent first, then by value."""
    counts: dict[str, int] = {}
    for f in facts:
        value = key(f)
        counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def hub_licenses(facts: list[InterviewFacts]) -> list[str]:
    """The card's `license:` values: every licence of the corpus, `other` for texts without a
    Hub-known licence (sorted; `other` last)."""
    ids = sorted({f.hub_license for f in facts} - {"other"})
    return ids + (["other"] if any(f.hub_license == "other" for f in facts) else [])
