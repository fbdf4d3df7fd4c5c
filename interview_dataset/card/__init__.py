"""The data card: generated from the data, the schema and the metadata, never edited by hand.

`render_card` returns the Hugging Face `README.md` (YAML front matter + body) and the body
alone (committed as `DATASET_CARD.md`).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import DATASET_VERSION
from ..errors import DatasetError
from ..features import CONFIG_MODELS, embedded_feature_dict, features_yaml_list
from ..schema import CONLL_TAGS, ENTITY_LABELS, NER_TAGS, ONTONOTES_TO_CONLL, SPEAKER_ROLES
from ..stats import CorpusStats
from .facts import count_by, hub_licenses
from .fields import field_rows

if TYPE_CHECKING:  # imported when a card is rendered: the build's workers import `card.facts` only
    import jinja2

PRETTY_NAME = "Interview Dataset: turns, topics and entities of published interviews"
DEFAULT_CONFIG = "turns"
SIZE_CATEGORIES = [
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
]
RIGHTS_FILE = "RIGHTS.md"
GUIDELINES_FILE = "ANNOTATION_GUIDELINES.md"
#: `license_name` when some text has no Hub-known licence: RIGHTS.md says, per interview, why.
LICENSE_NAME = "interview-texts-see-rights"


@dataclass
class Card:
    readme: str
    body: str


def size_category(n: int) -> str:
    return next((name for bound, name in SIZE_CATEGORIES if n < bound), "100M<n<1B")


#: Tags every build gets (what the data is); the rest come from the data (`data_tags`).
BASE_TAGS = ("interviews", "dialogue", "transcripts")
#: Topic categories (by turns carrying them) that become tags.
MAX_CATEGORY_TAGS = 3


def data_tags(stats: CorpusStats, taxonomy) -> list[str]:
    """Tags from the data: the base tags, `ontonotes` when there are entities, `timestamped`
    for timed transcripts, and the taxonomy categories most turns are about."""
    tags = list(BASE_TAGS)
    if any(stats.entity_labels.values()):
        tags.append("ontonotes")
    if stats.timed_interviews:
        tags.append("timestamped")
    per_category: dict[str, int] = {}
    category_of = {t.id: t.category for t in taxonomy.topics}
    for (_, topic), n in stats.topics.items():
        if topic in category_of:
            per_category[category_of[topic]] = per_category.get(category_of[topic], 0) + n
    ranked = sorted(per_category, key=lambda c: (-per_category[c], c))[:MAX_CATEGORY_TAGS]
    return tags + [c for c in ranked if c not in tags]


def annotation_creators(stats: CorpusStats, facts: list) -> list[str]:
    """`annotations_creators`: what each interview's annotation file declares for its gold
    annotations (`other` when it declares nothing), `machine-generated` for automatic ones."""
    creators = set()
    for f in facts:
        if f.annotation_source == "gold":
            creators.add(f.annotation_creators or "other")
        elif f.annotation_source == "automatic":
            creators.add("machine-generated")
    return sorted(creators) or ["no-annotation"]


def _written_features(path: Path) -> dict:
    """The features embedded in a written Parquet shard (`Features.to_dict()` form)."""
    import pyarrow.parquet as pq

    features = embedded_feature_dict(pq.read_schema(path))
    if features is None:
        raise DatasetError.at(
            path, "no embedded `huggingface` features in the schema metadata", "rebuild with `interview-dataset build`"
        )
    return features


def dataset_info_yaml(splits: dict, config: str, present: list[str]) -> dict:
    """One config's `dataset_info` entry as `datasets` writes it (`DatasetInfo._to_yaml_dict`
    through `DatasetInfosDict.to_dataset_card_data`), without importing `datasets`."""
    return {
        "config_name": config,
        "features": features_yaml_list(_written_features(splits[(config, present[0])][2][0])),
        "splits": [
            {"name": s, "num_bytes": splits[(config, s)][1], "num_examples": splits[(config, s)][0]} for s in present
        ],
        "download_size": sum(p.stat().st_size for s in present for p in splits[(config, s)][2]),
        "dataset_size": sum(splits[(config, s)][1] for s in present),
    }


def front_matter(splits: dict, stats: CorpusStats, facts: list | None = None, taxonomy=None) -> str:
    from huggingface_hub import DatasetCardData

    facts = facts or []
    configs = []
    infos = {}
    for config in CONFIG_MODELS:
        present = sorted({split for (c, split) in splits if c == config})
        if not present:
            continue
        entry = {
            "config_name": config,
            "data_files": [{"split": s, "path": f"data/{config}/{s}-*.parquet"} for s in present],
        }
        if config == DEFAULT_CONFIG:
            entry["default"] = True
        configs.append(entry)
        infos[config] = dataset_info_yaml(splits, config, present)
    licenses = hub_licenses(facts) or ["other"]
    other = "other" in licenses
    languages = sorted({lang.split("-")[0] for lang in stats.languages}) or ["en"]
    card_data = DatasetCardData(
        pretty_name=PRETTY_NAME,
        language=languages,
        license=licenses[0] if len(licenses) == 1 else licenses,
        license_name=LICENSE_NAME if other else None,
        license_link=RIGHTS_FILE if other else None,
        annotations_creators=annotation_creators(stats, facts),
        language_creators=["found"],
        multilinguality=["monolingual"] if len(languages) == 1 else ["multilingual"],
        size_categories=[size_category(stats.turns)],
        source_datasets=["original"],
        task_categories=["token-classification", "text-classification"],
        task_ids=[
            "named-entity-recognition",
            "topic-classification",
            "multi-label-classification",
            "multi-class-classification",
        ],
        tags=data_tags(stats, taxonomy) if taxonomy is not None else list(BASE_TAGS),
        configs=configs,
    )
    if infos:  # one mapping for a single config (its name kept first unless `default`), else a list by name
        if len(infos) == 1:
            info = next(iter(infos.values()))
            if info["config_name"] == "default":
                info = {k: v for k, v in info.items() if k != "config_name"}
        else:
            info = [infos[name] for name in sorted(infos)]
        for entry in info if isinstance(info, list) else [info]:
            entry["features"] = [_readable_by_old_datasets(f) for f in entry.get("features") or []]
        card_data["dataset_info"] = info
    return card_data.to_yaml()


def _readable_by_old_datasets(feature: dict) -> dict:
    """A list of values or class labels as `sequence:`, which `datasets` 3.x reads as a Sequence
    (with `.feature`) and 4.x and later as the same `List`; `list:` would be a plain Python list
    in 3.x. Lists of structs stay `list:` (a `sequence:` of a struct is a struct of lists in 3.x)."""
    feature = dict(feature)
    inner = feature.get("list")
    if inner is not None and (isinstance(inner, str) or (isinstance(inner, dict) and "class_label" in inner)):
        feature["sequence"] = feature.pop("list")
    elif isinstance(inner, list):
        feature["list"] = [_readable_by_old_datasets(f) for f in inner]
    if isinstance(feature.get("struct"), list):
        feature["struct"] = [_readable_by_old_datasets(f) for f in feature["struct"]]
    return feature


@functools.cache
def _environment() -> jinja2.Environment:
    """The card's templates, compiled once per process (the loader recompiles a template whose
    file changed)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["unknown"] = lambda v: "unknown" if v in (None, "") else v
    env.filters["cell"] = lambda v: str(v).replace("|", "\\|").replace("\n", " ")
    return env


def example_row(hf_dir: Path, config: str, splits: dict, max_chars: int = 160) -> str:
    """The first row of a config, as `load_dataset` shows it (ClassLabels as ints), strings shortened."""
    import pyarrow.parquet as pq

    for (c, _s), (_, _, paths) in sorted(splits.items()):
        if c == config and paths:
            first_batch = next(pq.ParquetFile(paths[0]).iter_batches(batch_size=1))  # not the whole shard
            row = first_batch.slice(0, 1).to_pylist()[0]
            return json.dumps(_shorten(row, max_chars), ensure_ascii=False, indent=2, default=str)
    return "{}"


def _shorten(value, max_chars):
    if isinstance(value, str) and len(value) > max_chars:
        return value[:max_chars] + "…"
    if isinstance(value, list):
        items = [_shorten(v, max_chars) for v in value[:6]]
        return items + ([f"… {len(value) - 6} more"] if len(value) > 6 else [])
    if isinstance(value, dict):
        return {k: _shorten(v, max_chars) for k, v in value.items()}
    return value


def _demoted(markdown: str, levels: int) -> str:
    """Markdown with every heading pushed down `levels` levels (to nest it in the card)."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "#" * levels + line
        out.append(line)
    return "\n".join(out).strip() + "\n"


def guideline_sections(markdown: str) -> list[str]:
    """The second-level headings of the guidelines (their table of contents, for the card)."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            out.append(line[3:].strip())
    return out


def project_citation(project_dir: Path) -> dict:
    """Title, authors, version and licence from the project's `CITATION.cff` (empty if none)."""
    import yaml

    path = project_dir / "CITATION.cff"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    authors = []
    for author in data.get("authors", []):
        if author.get("name"):  # an entity: braced, so BibTeX keeps it whole
            authors.append(("{" + author["name"] + "}", author["name"]))
        else:
            person = ", ".join(filter(None, (author.get("family-names"), author.get("given-names"))))
            if person:
                authors.append((person, person))
    return {
        "title": data.get("title"),
        "authors": [shown for _, shown in authors],
        "bibtex_author": " and ".join(bib for bib, _ in authors),
        "version": data.get("version"),
        "license": data.get("license"),
        "url": data.get("repository-code") or data.get("url"),
    }


def render_card(
    hf_dir: Path, facts: list, taxonomy, stats: CorpusStats, splits: dict, raw_dir: Path, extras: dict | None = None
) -> Card:
    """The card from the facts of every interview (`facts.interview_facts`), the statistics of
    what was written and the build's extras (figure, agreement, benchmarks)."""
    env = _environment()
    guidelines_path = raw_dir.parent / "docs" / "annotation-guidelines.md"
    guidelines = guidelines_path.read_text(encoding="utf-8") if guidelines_path.exists() else ""
    not_open = [f for f in facts if not f.open]
    context = dict(
        version=DATASET_VERSION,
        pretty_name=PRETTY_NAME,
        facts=facts,
        not_open=not_open,
        licences=count_by(facts, lambda f: f.license_label),
        annotators=count_by([f for f in facts if f.annotation_source != "none"], lambda f: f.annotator or ""),
        publishers=count_by(facts, lambda f: f.publisher or "unknown"),
        languages=count_by(facts, lambda f: f.language),
        formats=count_by(facts, lambda f: f.source_format),
        declared_splits=sum(1 for f in facts if f.declared_split),
        taxonomy=taxonomy,
        stats=stats,
        splits={f"{c}/{s}": rows for (c, s), (rows, _, _) in sorted(splits.items())},
        fields={config: field_rows(model) for config, model in CONFIG_MODELS.items()},
        examples={config: example_row(hf_dir, config, splits) for config in CONFIG_MODELS},
        speaker_roles=SPEAKER_ROLES,
        entity_labels=ENTITY_LABELS,
        ner_tags=NER_TAGS,
        conll_tags=CONLL_TAGS,
        ontonotes_to_conll=ONTONOTES_TO_CONLL,
        has_guidelines=bool(guidelines),
        guideline_sections=guideline_sections(guidelines),
        guidelines_file=GUIDELINES_FILE,
        citation=project_citation(raw_dir.parent),
        extras=extras or {},
    )
    body = env.get_template("template.md.j2").render(**context)
    rights = env.get_template("rights.md.j2").render(**context)
    (hf_dir / RIGHTS_FILE).write_text(rights, encoding="utf-8")
    if guidelines:
        (hf_dir / GUIDELINES_FILE).write_bytes(guidelines_path.read_bytes())
    readme = "---\n" + front_matter(splits, stats, facts, taxonomy).rstrip("\n") + "\n---\n\n" + body
    return Card(readme=readme, body=body)
