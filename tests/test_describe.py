"""Write, then describe: the card, statistics, figure and lint come from what was written, and
stay true for a corpus that shares nothing with the seed, and for hundreds of interviews.

Corpora are invented in tmp by `corpus_factory` (gardening and cooking; gold, draft and
unannotated interviews; several publishers and licences)."""

from __future__ import annotations

import os

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from corpus_factory import SEED_MARKERS, write_corpus
from huggingface_hub import DatasetCard, DatasetCardData

from interview_dataset import pipeline
from interview_dataset.card.figure import FIGURE_FILE, make_topic_figure
from interview_dataset.card.vocabularies import front_matter_problems
from interview_dataset.lint import lint_corpus
from interview_dataset.metadata import SPLITS, InterviewMetadata
from interview_dataset.pipeline import BuildOptions, build_dataset, compile_all, corpus_stats
from interview_dataset.publish.checksums import CHECKSUMS_FILE, verify_checksums
from interview_dataset.schema import ANNOTATION_SOURCES
from interview_dataset.stats import CorpusStats
from interview_dataset.taxonomy import load_taxonomy
from interview_dataset.written import WrittenCorpus

SMALL = 12
MANY = 300


def _build(root: Path, workers: int = 1):
    return build_dataset(
        root / "raw", root / "dist", BuildOptions(allow_draft=True, workers=workers), card_path=root / "card.md"
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("garden-small")
    write_corpus(root, SMALL)
    return root, _build(root)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    root = tmp_path_factory.mktemp("garden-many")
    write_corpus(root, MANY, turns=3)
    return root, _build(root, workers=2)


def _front_matter(readme: str) -> dict:
    front, _, _ = readme[4:].partition("\n---\n")
    return yaml.safe_load(front)


def _headings(card: str) -> list[str]:
    return [line for line in card.splitlines() if line.startswith("#")]


def _gold_entities(hf: Path) -> dict[str, int]:
    """Entity mentions in turns per annotation source, read from the Parquet directly."""
    counts = dict.fromkeys(ANNOTATION_SOURCES, 0)
    for path in (hf / "data" / "turns").glob("*.parquet"):
        table = pq.read_table(path, columns=["annotation_source", "entities"]).to_pylist()
        for row in table:
            counts[ANNOTATION_SOURCES[row["annotation_source"]]] += len(row["entities"])
    return counts


# --- a corpus without the seed -------------------------------------------------------------


def test_card_says_nothing_of_the_seed(small):
    root, result = small
    hf = root / "dist" / "hf"
    texts = {
        "card": result.card_body,
        "README.md": (hf / "README.md").read_text(encoding="utf-8"),
        "RIGHTS.md": (hf / "RIGHTS.md").read_text(encoding="utf-8"),
    }
    for name, text in texts.items():
        found = [marker for marker in SEED_MARKERS if marker in text]
        assert found == [], f"{name} mentions the seed: {found}"
    tags = _front_matter(texts["README.md"])["tags"]
    assert not {"ukraine", "war", "war-military"} & set(tags)
    assert "garden" in tags  # the most used category of this corpus


def test_card_states_each_interview_from_its_own_files(small):
    root, result = small
    card = result.card_body
    for folder in sorted(p for p in (root / "raw").iterdir() if p.is_dir()):
        assert f"`{folder.name}`" in card
        title = yaml.safe_load((folder / "metadata.yaml").read_text(encoding="utf-8"))["title"]
        assert title in card
    assert "two invented test annotators, reviewed" in card  # the annotator statement of the gold files
    assert "keyword draft, unreviewed" in card
    assert "The Allotment Gazette" in card and "Kitchen Table Radio" in card


def test_automatic_annotations_are_counted_apart_from_gold(small):
    root, result = small
    hf = root / "dist" / "hf"
    counts = _gold_entities(hf)
    assert counts["automatic"] > 0 and counts["gold"] > 0
    header = result.card_body.splitlines()[4]
    assert f"{counts['gold']} gold entities in turns" in header
    assert f"(+ {counts['automatic']} automatic, not gold)" in header
    meta = _front_matter((hf / "README.md").read_text(encoding="utf-8"))
    assert "machine-generated" in meta["annotations_creators"]  # the draft interviews
    assert "Automatic topics are unreviewed machine proposals" in result.card_body  # the figure's caption


def test_rights_are_marked_at_the_top_with_what_they_mean_for_uploading(small):
    _, result = small
    top = result.card_body[:1500]
    assert "no open licence" in top and "private or gated" in top


def test_licence_metadata_states_the_mix(small):
    root, _ = small
    hf = root / "dist" / "hf"
    meta = _front_matter((hf / "README.md").read_text(encoding="utf-8"))
    assert front_matter_problems(meta, hf) == []
    if "license" in InterviewMetadata.model_fields:  # the corpus then declares cc-by-4.0 and public domain
        assert meta["license"] == ["cc-by-4.0", "other"]
    else:
        assert meta["license"] == "other"
    assert meta["license_link"] == "RIGHTS.md" and (hf / "RIGHTS.md").is_file()


def test_huggingface_hub_card_tools_parse_the_card(small):
    root, _ = small
    card = DatasetCard.load(root / "dist" / "hf" / "README.md")  # a local path: no network
    assert isinstance(card.data, DatasetCardData)
    data = card.data.to_dict()
    assert data["pretty_name"] and data["configs"]
    assert {c["config_name"] for c in data["configs"]} == {"turns", "interviews", "ner"}
    assert card.text.lstrip("\n").startswith("# Dataset Card for ")
    # round trip: what huggingface_hub writes back parses to the same metadata
    again = DatasetCard(card.content)
    assert again.data.to_dict() == data


def test_copy_of_the_hf_folder_verifies_alone(small, tmp_path):
    root, _ = small
    copy = tmp_path / "hf-copy"
    shutil.copytree(root / "dist" / "hf", copy)
    assert (copy / CHECKSUMS_FILE).is_file()
    assert verify_checksums(copy) == []
    (copy / "RIGHTS.md").write_text("edited\n", encoding="utf-8")
    assert verify_checksums(copy) == ["RIGHTS.md: SHA-256 differs from SHA256SUMS (file changed or truncated)"]


def test_card_is_under_the_size_target(small):
    _, result = small
    assert len(result.card_body.encode("utf-8")) < 30_000


# --- several hundred interviews describe themselves as a small corpus does ----------------------


def _compiled_in_stream_order(raw: Path):
    taxonomy, _ = load_taxonomy(raw)
    compiled = list(compile_all(raw, taxonomy, BuildOptions(allow_draft=True)))
    order = {split: i for i, split in enumerate(SPLITS)}
    return sorted(compiled, key=lambda c: (order[c.split], c.interview.id)), taxonomy


def test_no_threshold_remains():
    assert not hasattr(pipeline, "FULL_RECORDS_MAX_INTERVIEWS")
    assert not re.search(r"MAX_INTERVIEWS|keep_turns|CompactRecords", Path(pipeline.__file__).read_text())


def test_many_interviews_have_the_card_sections_of_a_small_corpus(small, many):
    (_, small_result), (_, many_result) = small, many
    assert many_result.interviews == MANY
    assert _headings(many_result.card_body) == _headings(small_result.card_body)
    assert "Sources" in many_result.card_body and "#### Who are the annotators?" in many_result.card_body


def test_many_interviews_statistics_equal_those_of_full_records(many):
    root, _ = many
    compiled, _ = _compiled_in_stream_order(root / "raw")
    full = CorpusStats()
    from interview_dataset.parallel import ner_sentences

    for c in compiled:
        full.add_interview(c.turns, c.split, c.interview, ner_sentences(c))
    written = WrittenCorpus.from_folder(root / "dist" / "hf", root / "raw")
    streamed = corpus_stats(written)
    assert streamed.as_json() == full.as_json()
    assert streamed.interviews == MANY


def test_many_interviews_lint_and_figure_equal_those_of_full_records(many, tmp_path):
    root, result = many
    compiled, taxonomy = _compiled_in_stream_order(root / "raw")
    full = sorted(f.render() for f in lint_corpus(compiled, taxonomy))
    assert full, "the invented corpus has lint findings (interviews without annotations)"
    assert sorted(result.warnings) == full
    assert any("no annotations.yaml" in w for w in result.warnings)
    assert sum("no annotations.yaml" in w for w in result.warnings) == sum(c.annotations is None for c in compiled)
    figure = make_topic_figure(tmp_path, compiled, taxonomy)
    assert (tmp_path / FIGURE_FILE).read_bytes() == (root / "dist" / "hf" / FIGURE_FILE).read_bytes()
    assert f"all {sum(any(t.topics for t in c.turns) for c in compiled)} interviews" in figure["caption"]


def test_ner_rows_say_their_annotation_source(small):
    root, _ = small
    hf = root / "dist" / "hf"
    turn_source = {}
    for path in (hf / "data" / "turns").glob("*.parquet"):
        for row in pq.read_table(path, columns=["id", "annotation_source"]).to_pylist():
            turn_source[row["id"]] = row["annotation_source"]
    seen = set()
    for path in (hf / "data" / "ner").glob("*.parquet"):
        for row in pq.read_table(path, columns=["turn_id", "annotation_source"]).to_pylist():
            assert row["annotation_source"] == turn_source[row["turn_id"]], row
            seen.add(ANNOTATION_SOURCES[row["annotation_source"]])
    assert seen == {"gold", "automatic", "none"}


def test_licences_come_from_each_interview_metadata(tmp_path):
    """`license:` and `source:` blocks are read from metadata.yaml (as plain YAML, so they work
    before and after the metadata schema declares them); the card's YAML states the mix."""
    from interview_dataset.card import front_matter
    from interview_dataset.card.facts import hub_licenses, interview_facts
    from interview_dataset.schema import Interview, License
    from interview_dataset.written import WrittenInterview

    def interview(i: str) -> Interview:
        return Interview.model_construct(
            id=i, title="T", date=None, language="en", publisher=None, source_url=None, republications=[],
            rights="r", license=License.model_construct(id="none"), speakers=[], standfirst=None, caption=None,
            introduction=None, introduction_entities=[], num_turns=1, source_file="t.txt", source_format="article",
            source_sha256="0" * 64,
        )  # fmt: skip

    blocks = {
        "a-open": "license:\n  id: cc-by-4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n"
        "source:\n  url: https://example.org/a\n  retrieved: 2026-01-02\n",
        "b-pd": "license:\n  id: public-domain\n  reasoning: a work of a government\n",
        "c-none": "",
    }
    facts = []
    for interview_id, block in blocks.items():
        (tmp_path / interview_id).mkdir()
        (tmp_path / interview_id / "metadata.yaml").write_text(f"id: {interview_id}\n{block}", encoding="utf-8")
        facts.append(interview_facts(WrittenInterview("train", interview(interview_id), []), tmp_path))
    a, b, c = facts
    assert (a.license_id, a.open, a.hub_license, a.address) == ("cc-by-4.0", True, "cc-by-4.0", "https://example.org/a")
    assert (b.license_id, b.open, b.hub_license) == ("public-domain", True, "other")
    assert (c.license_id, c.open, c.license_label) == (None, False, "none stated")
    assert hub_licenses(facts) == ["cc-by-4.0", "other"]
    stats = CorpusStats(turns=3)
    meta = yaml.safe_load(front_matter({}, stats, facts))
    assert meta["license"] == ["cc-by-4.0", "other"] and meta["license_link"] == "RIGHTS.md"
    assert yaml.safe_load(front_matter({}, stats, facts[:1]))["license"] == "cc-by-4.0"
