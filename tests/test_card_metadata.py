"""The card's YAML front matter: every value in the Hub's vocabularies (checked offline against
allow-lists, since `RepoCard.validate` needs the network), `configs` and `dataset_info`
consistent with each other and with the Parquet files, and the committed `DATASET_CARD.md`
equal to the generated card body."""

from __future__ import annotations

import fnmatch
import os
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCard, DatasetCardData

from interview_dataset.card import size_category
from interview_dataset.card.vocabularies import TASKS, front_matter_problems, language_codes
from interview_dataset.features import CONFIG_MODELS, features_for
from interview_dataset.pipeline import CARD_FILE, BuildOptions, build_dataset
from interview_dataset.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
#: The corpus to build; overridable to try the tests on another raw/ folder.
RAW = Path(os.environ.get("INTERVIEW_DATASET_TEST_RAW", ROOT / "raw"))
SCHEMA_ANNOTATION_SOURCES = ("gold", "automatic", "none")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("card_metadata")
    result = build_dataset(RAW, tmp / "dist", BuildOptions(), card_path=tmp / CARD_FILE)
    return tmp, result


@pytest.fixture(scope="module")
def hf_dir(built) -> Path:
    return built[0] / "dist" / "hf"


@pytest.fixture(scope="module")
def readme(hf_dir) -> str:
    return (hf_dir / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def meta(readme) -> dict:
    assert readme.startswith("---\n")
    front, _, _ = readme[4:].partition("\n---\n")
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data


def _body(readme: str) -> str:
    _, _, body = readme[4:].partition("\n---\n")
    return body.removeprefix("\n")


def _row_counts(hf_dir: Path) -> Counter:
    counts: Counter = Counter()
    for path in (hf_dir / "data").rglob("*.parquet"):
        config = path.parent.name
        split = path.name.split("-")[0]
        counts[(config, split)] += pq.ParquetFile(path).metadata.num_rows
    return counts


def test_front_matter_values_are_in_the_hub_vocabularies(meta, hf_dir):
    assert front_matter_problems(meta, hf_dir) == []


def test_huggingface_hub_parses_the_card(readme, meta):
    card = DatasetCard(readme)
    assert card.data.to_dict()["configs"] == meta["configs"]


def test_the_checker_rejects_values_outside_the_vocabularies(meta, tmp_path):
    """The allow-lists are not vacuous: typical mistakes are reported."""
    bad = dict(
        meta,
        language=["english", "en-US"],
        license="cc-by",
        task_categories=["ner"],
        task_ids=["topic-classification"],
        size_categories=["tiny"],
        annotations_creators=["experts"],
        language_creators=["no-annotation"],
        multilinguality=["mono"],
        source_datasets=["web"],
        languages=["en"],
    )
    problems = "\n".join(front_matter_problems(bad, tmp_path))
    for needle in (
        "'english'",
        "'en-US'",
        "'cc-by'",
        "'ner'",
        "'topic-classification'",
        "'tiny'",
        "'experts'",
        "'no-annotation'",
        "'mono'",
        "'web'",
        "languages:",
    ):
        assert needle in problems, needle
    other = dict(meta, license="other", license_name="My Licence", license_link="MISSING.md")
    problems = "\n".join(front_matter_problems(other, tmp_path))
    assert "license_name" in problems and "license_link" in problems
    mismatched = dict(meta, task_categories=["token-classification"], task_ids=["topic-classification"])
    assert any("not a subtask" in p for p in front_matter_problems(mismatched))


def test_vocabulary_lists_contain_the_basics():
    assert {"en", "uk", "ru", "eng", "ukr"} <= language_codes()
    assert "named-entity-recognition" in TASKS["token-classification"]
    assert {"topic-classification", "multi-label-classification", "multi-class-classification"} <= set(
        TASKS["text-classification"]
    )


def test_license_other_links_an_existing_rights_file(meta, hf_dir):
    # Some texts have no open licence (the seed): `other` must be declared, alone or in the mix.
    declared = meta["license"] if isinstance(meta["license"], list) else [meta["license"]]
    assert "other" in declared, "a text without an open licence must be declared as `other`"
    assert meta["license_name"] and meta["license_link"]
    assert (hf_dir / meta["license_link"]).is_file()


def test_language_matches_the_data(meta, hf_dir):
    languages = set()
    for path in (hf_dir / "data" / "interviews").glob("*.parquet"):
        languages.update(
            v.split("-")[0] for v in pq.read_table(path, columns=["language"]).column("language").to_pylist()
        )
    assert languages <= set(meta["language"]), f"interview languages {languages} not all declared in {meta['language']}"


def test_annotations_creators_match_the_data(meta, hf_dir):
    """`expert-generated` only with gold annotations, `machine-generated` with automatic ones."""
    sources: Counter = Counter()
    for path in (hf_dir / "data" / "turns").glob("*.parquet"):
        sources.update(
            SCHEMA_ANNOTATION_SOURCES[i]
            for i in pq.read_table(path, columns=["annotation_source"]).column("annotation_source").to_pylist()
        )
    creators = set(meta["annotations_creators"])
    if "expert-generated" in creators:
        assert sources["gold"], (
            f"the card claims expert-generated annotations, but no turn has gold annotations ({dict(sources)})"
        )
    if sources["automatic"]:
        assert "machine-generated" in creators, (
            "turns with automatic annotations, but annotations_creators lacks machine-generated"
        )
    if not sources["gold"] and not sources["automatic"]:
        assert creators == {"no-annotation"}, f"no turn is annotated, yet annotations_creators is {sorted(creators)}"


def test_size_category_matches_the_number_of_turns(meta, hf_dir):
    turns = sum(n for (config, _), n in _row_counts(hf_dir).items() if config == "turns")
    assert meta["size_categories"] == [size_category(turns)]


def test_configs_and_dataset_info_agree_with_the_parquet(meta, hf_dir):
    configs = {c["config_name"]: c for c in meta["configs"]}
    infos = {i["config_name"]: i for i in meta["dataset_info"]}
    assert set(configs) == set(infos) == set(CONFIG_MODELS)
    defaults = [name for name, c in configs.items() if c.get("default")]
    assert defaults == ["turns"], f"exactly one default config expected, got {defaults}"
    counts = _row_counts(hf_dir)
    files = [p.relative_to(hf_dir).as_posix() for p in (hf_dir / "data").rglob("*.parquet")]
    for name, config in configs.items():
        declared_splits = {d["split"] for d in config["data_files"]}
        assert declared_splits == {s for (c, s) in counts if c == name}, name
        for entry in config["data_files"]:
            matched = fnmatch.filter(files, entry["path"])
            assert matched, f"{name}/{entry['split']}: {entry['path']} matches no file"
            assert all(m.startswith(f"data/{name}/{entry['split']}-") for m in matched)
        info_splits = {s["name"]: s for s in infos[name]["splits"]}
        assert set(info_splits) == declared_splits, name
        for split, info in info_splits.items():
            assert info["num_examples"] == counts[(name, split)], (
                f"{name}/{split}: num_examples {info['num_examples']} != {counts[(name, split)]} Parquet rows"
            )
            assert info["num_bytes"] > 0
        assert infos[name]["download_size"] == sum(
            (hf_dir / f).stat().st_size for f in files if f.startswith(f"data/{name}/")
        )


def test_dataset_info_features_are_the_schema_features(meta):
    infos = DatasetInfosDict.from_dataset_card_data(DatasetCardData(**meta))
    for name, model in CONFIG_MODELS.items():
        topics = load_taxonomy(RAW)[0].topic_ids if name == "turns" else None
        assert infos[name].features == features_for(model, topics), name


def test_card_file_is_the_readme_body(built, readme):
    tmp, result = built
    body = _body(readme)
    assert (tmp / CARD_FILE).read_text(encoding="utf-8") == body == result.card_body
