"""The data card: generated from the data, the schema and the metadata, never edited by hand.

`render_card` returns the Hugging Face `README.md` (YAML front matter + body) and the body
alone (committed as `DATASET_CARD.md`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from datasets import DatasetInfo, SplitDict, SplitInfo
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCardData

from .. import DATASET_VERSION
from ..features import CONFIG_MODELS
from ..published import written_features
from ..schema import CONLL_TAGS, ENTITY_LABELS, NER_TAGS, ONTONOTES_TO_CONLL, SPEAKER_ROLES
from ..stats import CorpusStats
from .fields import field_rows

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


@dataclass
class Card:
    readme: str
    body: str


def size_category(n: int) -> str:
    return next((name for bound, name in SIZE_CATEGORIES if n < bound), "100M<n<1B")


def front_matter(splits: dict, stats: CorpusStats) -> str:
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
        split_dict = SplitDict()
        for s in present:
            rows, nbytes, _ = splits[(config, s)]
            split_dict.add(SplitInfo(name=s, num_bytes=nbytes, num_examples=rows))
        download = sum(p.stat().st_size for s in present for p in splits[(config, s)][2])
        infos[config] = DatasetInfo(
            features=written_features(splits[(config, present[0])][2][0]),
            config_name=config,
            splits=split_dict,
            download_size=download,
            dataset_size=sum(splits[(config, s)][1] for s in present),
        )
    card_data = DatasetCardData(
        pretty_name=PRETTY_NAME,
        language=["en"],
        license="other",
        license_name="source-text-all-rights-reserved",
        license_link=RIGHTS_FILE,
        annotations_creators=["machine-generated"],
        language_creators=["found"],
        multilinguality=["monolingual"],
        size_categories=[size_category(stats.turns)],
        source_datasets=["original"],
        task_categories=["token-classification", "text-classification"],
        task_ids=[
            "named-entity-recognition",
            "topic-classification",
            "multi-label-classification",
            "multi-class-classification",
        ],
        tags=["interviews", "dialogue", "transcripts", "ontonotes", "ukraine", "war"],
        configs=configs,
    )
    DatasetInfosDict(infos).to_dataset_card_data(card_data)
    return card_data.to_yaml()


def _environment() -> jinja2.Environment:
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


def render_card(
    hf_dir: Path, compiled: list, taxonomy, stats: CorpusStats, splits: dict, raw_dir: Path, extras: dict | None = None
) -> Card:
    env = _environment()
    guidelines_path = raw_dir.parent / "docs" / "annotation-guidelines.md"
    context = dict(
        version=DATASET_VERSION,
        pretty_name=PRETTY_NAME,
        interviews=[c.interview for c in compiled],
        compiled=compiled,
        taxonomy=taxonomy,
        stats=stats,
        splits={f"{c}/{s}": rows for (c, s), (rows, _, _) in sorted(splits.items())},
        split_of={c.interview.id: c.split for c in compiled},
        fields={config: field_rows(model) for config, model in CONFIG_MODELS.items()},
        examples={config: example_row(hf_dir, config, splits) for config in CONFIG_MODELS},
        speaker_roles=SPEAKER_ROLES,
        entity_labels=ENTITY_LABELS,
        ner_tags=NER_TAGS,
        conll_tags=CONLL_TAGS,
        ontonotes_to_conll=ONTONOTES_TO_CONLL,
        has_guidelines=guidelines_path.exists(),
        guidelines=_demoted(guidelines_path.read_text(encoding="utf-8"), 3) if guidelines_path.exists() else "",
        extras=extras or {},
    )
    body = env.get_template("template.md.j2").render(**context)
    rights = env.get_template("rights.md.j2").render(**context)
    (hf_dir / RIGHTS_FILE).write_text(rights, encoding="utf-8")
    if guidelines_path.exists():
        (hf_dir / "ANNOTATION_GUIDELINES.md").write_bytes(guidelines_path.read_bytes())
    readme = "---\n" + front_matter(splits, stats).rstrip("\n") + "\n---\n\n" + body
    return Card(readme=readme, body=body)
