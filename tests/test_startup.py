"""Start-up: a command imports what it needs when it needs it.

Each check runs in a fresh interpreter and inspects `sys.modules` afterwards: what a command
did NOT import (behaviour, not time). Also: the build's own writers of the Hugging Face
metadata (no `datasets` import) give what `datasets` gives.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers_project import REPO, cli_env, make_project

from interview_dataset import cli
from interview_dataset.baselines import _phrase_pattern, keyword_topics
from interview_dataset.features import (
    CONFIG_MODELS,
    arrow_schema_of,
    embedded_topic_names,
    features_for,
    features_yaml_list,
    topic_names,
    uses_topics,
)
from interview_dataset.schema import SPLITS, Turn

HEAVY = ("datasets", "pandas", "matplotlib", "spacy", "mlcroissant", "pyarrow", "pydantic", "yaml", "jinja2")


def _modules_after(code: str, cwd: Path = REPO) -> set[str]:
    """Top-level packages among HEAVY loaded after running `code` in a fresh interpreter."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        print("MODULES=" + _json.dumps(sorted({{m.split(".")[0] for m in _sys.modules}} & set({HEAVY!r}))))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=cwd, env=cli_env(), timeout=300
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def test_import_package_and_cli_loads_no_third_party_library():
    assert _modules_after("import interview_dataset, interview_dataset.cli") == set()


def test_help_loads_no_third_party_library():
    code = """
    from interview_dataset.cli import main
    try:
        main(["--help"])
    except SystemExit:
        pass
    try:
        main(["build", "--help"])
    except SystemExit:
        pass
    """
    assert _modules_after(code) == set()


def test_cli_splits_are_the_schema_splits():
    assert cli.SPLITS == SPLITS


def test_parse_command_loads_neither_arrow_nor_spacy_nor_datasets():
    seed = REPO / "raw" / "bilous-talaver-2026" / "000_e6669b1306f91eec.txt"
    code = f"""
    import contextlib, io
    from interview_dataset.cli import main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["parse", {str(seed)!r}]) == 0
    """
    loaded = _modules_after(code)
    assert not loaded & {"pyarrow", "spacy", "datasets", "pandas", "matplotlib", "mlcroissant"}


def test_importing_the_pipeline_loads_no_nlp_no_plotting_no_datasets():
    loaded = _modules_after("import interview_dataset.pipeline, interview_dataset.card, interview_dataset.card.figure")
    assert not loaded & {"spacy", "matplotlib", "datasets", "mlcroissant", "pandas"}


def test_build_never_imports_datasets_or_mlcroissant(tmp_path):
    """The whole build (write and describe stages, card, Croissant, checksums) of a small project."""
    root = make_project(tmp_path / "project")
    code = f"""
    from interview_dataset.cli import main
    assert main(["--root", {str(root)!r}, "build", "--quiet", "--workers", "1"]) == 0
    """
    loaded = _modules_after(code, cwd=root)
    assert (root / "dist" / "hf" / "README.md").is_file()
    assert "spacy" in loaded  # the ner config is tokenized: the probe sees what the build imports
    assert not loaded & {"datasets", "mlcroissant"}


def test_build_without_topics_draws_no_figure_and_loads_no_matplotlib(tmp_path):
    root = make_project(tmp_path / "project", annotations=False)
    code = f"""
    from interview_dataset.cli import main
    assert main(["--root", {str(root)!r}, "build", "--quiet", "--workers", "1"]) == 0
    """
    loaded = _modules_after(code, cwd=root)
    assert not (root / "dist" / "hf" / "topics_by_turn.png").exists()
    assert "matplotlib" not in loaded


# --- the Hugging Face metadata written without `datasets` equals what `datasets` writes ---------

TOPIC_SPACES = [("energy", "law"), tuple(f"topic-{i}" for i in range(40)), ()]


@pytest.mark.parametrize("topics", TOPIC_SPACES)
@pytest.mark.parametrize("config", list(CONFIG_MODELS))
def test_arrow_schema_and_metadata_are_those_of_datasets(config, topics):
    model = CONFIG_MODELS[config]
    space = topics if uses_topics(model) else None
    ours = arrow_schema_of(model, space)
    theirs = features_for(model, space).arrow_schema
    assert ours.equals(theirs, check_metadata=True)
    assert ours.metadata == theirs.metadata  # byte for byte
    assert embedded_topic_names(ours) == topic_names(features_for(model, space))


@pytest.mark.parametrize("config", list(CONFIG_MODELS))
def test_card_yaml_features_are_those_of_datasets(config):
    model = CONFIG_MODELS[config]
    features = features_for(model, ("energy", "law") if uses_topics(model) else None)
    assert features_yaml_list(features.to_dict()) == features._to_yaml_list()


def test_card_dataset_info_is_what_datasets_writes(tmp_path):
    """The card's `dataset_info` (written without `datasets`) against `DatasetInfosDict.to_dataset_card_data`."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    from interview_dataset.card import _readable_by_old_datasets, front_matter
    from interview_dataset.published import written_features
    from interview_dataset.written import WrittenCorpus

    root = make_project(tmp_path / "project", ids=("a-2020", "b-2021", "c-2022"))
    assert (
        subprocess.run(
            [sys.executable, "-m", "interview_dataset.cli", "--root", str(root), "build", "--quiet", "--workers", "1"],
            env=cli_env(),
            cwd=root,
        ).returncode
        == 0
    )
    hf = root / "dist" / "hf"
    splits = WrittenCorpus.from_folder(hf).splits
    for key, written in splits.items():  # the byte sizes the build recorded are in the card already
        splits[key] = type(written)(written.num_rows, sum(p.stat().st_size for p in written.paths), written.paths)
    infos = {}
    for config in CONFIG_MODELS:
        present = sorted({s for (c, s) in splits if c == config})
        split_dict = SplitDict()
        for s in present:
            split_dict.add(SplitInfo(name=s, num_bytes=splits[(config, s)][1], num_examples=splits[(config, s)][0]))
        infos[config] = DatasetInfo(
            features=written_features(splits[(config, present[0])][2][0]),
            config_name=config,
            splits=split_dict,
            download_size=sum(p.stat().st_size for s in present for p in splits[(config, s)][2]),
            dataset_size=sum(splits[(config, s)][1] for s in present),
        )
    card_data = DatasetCardData()
    DatasetInfosDict(infos).to_dataset_card_data(card_data)
    expected = card_data.to_dict()["dataset_info"]
    for entry in expected:
        entry["features"] = [_readable_by_old_datasets(f) for f in entry["features"]]
    from interview_dataset.stats import CorpusStats

    ours = front_matter(splits, CorpusStats())
    import yaml

    assert yaml.safe_load(ours)["dataset_info"] == expected
    assert DatasetCardData(dataset_info=expected).to_yaml() in ours


# --- the keyword baseline's word counts equal its patterns' counts ------------------------------


def _keyword_topics_by_patterns(turns, topic_keywords):
    """The reference: one whole-word pattern per keyword."""
    patterns = {t: [_phrase_pattern(k) for k in dict.fromkeys(ks) if k.strip()] for t, ks in topic_keywords.items()}
    out = {}
    for turn in turns:
        text = turn.text.lower()
        hits = []
        for rank, (topic, ps) in enumerate(patterns.items()):
            count = sum(len(p.findall(text)) for p in ps)
            if count:
                hits.append((-count, rank, topic))
        out[turn.id] = [t for _, _, t in sorted(hits)[:4]]
    return out


def test_keyword_topics_equal_the_pattern_reference():
    rng = random.Random(14)
    vocabulary = ["war", "wars", "énergie", "Énergie", "grid", "power grid", "x_y", "co2", "naïve", "straße", "e-mail"]
    alphabet = vocabulary + [" ", "  ", ",", "-", "_", "9", "é", "\n", "'s", "ß", "İ"]
    topic_keywords = {f"t{i}": rng.sample(vocabulary, 3) + [" ", "Grid"] for i in range(6)}
    turns = [
        Turn.model_construct(id=f"x-{i}", text="".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))))
        for i in range(400)
    ]
    assert keyword_topics(turns, topic_keywords) == _keyword_topics_by_patterns(turns, topic_keywords)
    assert any(keyword_topics(turns, topic_keywords).values())  # the texts do contain keywords
