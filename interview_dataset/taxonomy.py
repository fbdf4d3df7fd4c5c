"""The topic taxonomy (`raw/taxonomy.yaml`): a versioned hierarchy of topics.

Version 2 is built on IPTC Media Topics: `categories` are IPTC level 1 (never assigned), `topics` are
what annotators assign: IPTC level-2 concepts (`level: 2`, with their `medtop` code) and project topics
(`level: 3`), each under a level-2 `parent` of the same category.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DatasetError, ProblemCollector
from .validation_messages import problems_from_validation
from .yaml_loading import YamlDocument, load_yaml

TAXONOMY_FILE = "taxonomy.yaml"
_SLUG = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
_MEDTOP = r"^medtop:\d{8}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Model):
    id: str = Field(pattern=_SLUG)
    label: str = Field(min_length=1)
    medtop: str | None = Field(default=None, pattern=_MEDTOP)
    definition: str | None = None


class Topic(_Model):
    id: str = Field(pattern=_SLUG)
    label: str = Field(min_length=1)
    category: str
    definition: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    level: Literal[2, 3] | None = None
    medtop: str | None = Field(default=None, pattern=_MEDTOP)
    parent: str | None = None


class TaxonomySource(_Model):
    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    release: str = Field(min_length=1)
    attribution: str = Field(min_length=1)


class Taxonomy(_Model):
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    source: TaxonomySource | None = None
    categories: list[Category] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=1)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self.topics]

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def category_label(self, category_id: str) -> str:
        return next(c.label for c in self.categories if c.id == category_id)


def load_taxonomy(raw_dir: Path) -> tuple[Taxonomy, YamlDocument]:
    path = raw_dir / TAXONOMY_FILE
    if not path.is_file():
        raise DatasetError.at(
            path,
            "taxonomy file not found",
            f"create raw/{TAXONOMY_FILE} (version, categories, topics; see docs/annotation-guidelines.md), "
            "or run the build from the project root",
        )
    doc = load_yaml(path)
    try:
        taxonomy = Taxonomy.model_validate(doc.data)
    except ValidationError as exc:
        raise problems_from_validation(exc, doc) from None
    problems = ProblemCollector()
    for kind, items in (("category", taxonomy.categories), ("topic", taxonomy.topics)):
        seen: set[str] = set()
        key = "categories" if kind == "category" else "topics"
        for i, item in enumerate(items):
            if item.id in seen:
                problems.add(
                    path,
                    f"duplicate {kind} id {item.id!r}",
                    f"give every {kind} a unique id",
                    doc.line_of(key, i, "id"),
                )
            seen.add(item.id)
    category_ids = {c.id for c in taxonomy.categories}
    for i, topic in enumerate(taxonomy.topics):
        if topic.category not in category_ids:
            problems.add(
                path,
                f"topic {topic.id!r} has parent category {topic.category!r}, which does not exist",
                f"use one of: {', '.join(sorted(category_ids))}",
                doc.line_of("topics", i, "category"),
            )
    _check_levels(taxonomy, doc, problems)
    problems.raise_if_any()
    return taxonomy, doc


def _check_levels(taxonomy: Taxonomy, doc: YamlDocument, problems: ProblemCollector) -> None:
    """Level 2 = an IPTC concept with its medtop code; level 3 = a project topic under a level-2 parent."""
    path = doc.path
    by_id = {t.id: t for t in taxonomy.topics}
    seen_codes: dict[str, str] = {}
    for i, topic in enumerate(taxonomy.topics):
        if topic.level == 2 and (topic.medtop is None or topic.parent is not None):
            problems.add(
                path,
                f"level-2 topic {topic.id!r} needs its IPTC `medtop` code and no `parent`",
                "give the IPTC code (medtop:2000xxxx) and remove `parent`, or make it a project topic (level: 3)",
                doc.line_of("topics", i, "id"),
            )
        if topic.medtop is not None:
            if topic.medtop in seen_codes:
                problems.add(
                    path,
                    f"topic {topic.id!r} repeats {topic.medtop}, already used by {seen_codes[topic.medtop]!r}",
                    "each IPTC code belongs to one topic: remove one of them",
                    doc.line_of("topics", i, "medtop"),
                )
            seen_codes.setdefault(topic.medtop, topic.id)
        if topic.level != 3:
            continue
        parent = by_id.get(topic.parent or "")
        if parent is None or parent.level != 2 or parent.category != topic.category:
            problems.add(
                path,
                f"project topic {topic.id!r} has parent {topic.parent!r}, which is not a level-2 topic of "
                f"category {topic.category!r}",
                "set `parent` to the id of a level-2 topic in the same category",
                doc.line_of("topics", i, "parent" if topic.parent is not None else "id"),
            )
