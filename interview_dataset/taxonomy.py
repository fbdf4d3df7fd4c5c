"""The topic taxonomy (`raw/taxonomy.yaml`): a versioned two-level hierarchy of topics."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DatasetError, ProblemCollector, did_you_mean, excerpt
from .schema import SLUG_PATTERN
from .validation_messages import problems_from_validation
from .yaml_loading import YamlDocument, load_yaml

TAXONOMY_FILE = "taxonomy.yaml"


class _Model(BaseModel):
    # Extra keys (e.g. an IPTC `medtop` code or a `parent`) are kept, not refused: the taxonomy
    # format may grow without this loader being changed.
    model_config = ConfigDict(extra="allow", frozen=True)


class Category(_Model):
    id: str = Field(pattern=SLUG_PATTERN)
    label: str = Field(min_length=1)


class Topic(_Model):
    id: str = Field(pattern=SLUG_PATTERN)
    label: str = Field(min_length=1)
    category: str
    definition: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)


class Taxonomy(_Model):
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
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
            f"create raw/{TAXONOMY_FILE} (version, categories, topics; see docs/annotation-guidelines.md), or run the build from the project root",
        )
    doc = load_yaml(path)
    try:
        taxonomy = Taxonomy.model_validate(doc.data)
    except ValidationError as exc:
        raise problems_from_validation(exc, doc, model=Taxonomy) from None
    problems = ProblemCollector()
    for kind, items in (("category", taxonomy.categories), ("topic", taxonomy.topics)):
        seen: set[str] = set()
        key = "categories" if kind == "category" else "topics"
        for i, item in enumerate(items):
            if item.id in seen:
                problems.add(
                    path,
                    f"duplicate {kind} id {excerpt(item.id)}",
                    f"give every {kind} a unique id",
                    doc.line_of(key, i, "id"),
                )
            seen.add(item.id)
    category_ids = {c.id for c in taxonomy.categories}
    for i, topic in enumerate(taxonomy.topics):
        if topic.category not in category_ids:
            problems.add(
                path,
                f"topic {topic.id!r} has parent category {excerpt(topic.category)}, which does not exist"
                + did_you_mean(topic.category, category_ids),
                f"use one of: {', '.join(sorted(category_ids))}",
                doc.line_of("topics", i, "category"),
            )
    problems.raise_if_any()
    return taxonomy, doc


def publish_taxonomy(raw_dir: Path, hf_dir: Path) -> Path:
    """Copy `raw/taxonomy.yaml` byte for byte into the published folder, so the topic label space
    (ids, labels, definitions) travels with the data and `evaluate` needs no checkout."""
    source = raw_dir / TAXONOMY_FILE
    target = hf_dir / TAXONOMY_FILE
    target.write_bytes(source.read_bytes())
    return target
