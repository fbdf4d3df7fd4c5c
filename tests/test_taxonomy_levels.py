"""Taxonomy 2.0.0: IPTC level 1 as categories, IPTC level 2 and project topics (level 3) as topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_dataset.errors import DatasetError
from interview_dataset.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parent.parent

BAD = """\
version: 2.0.0
categories:
  - id: conflict-war-and-peace
    medtop: "medtop:16000000"
    label: conflict, war and peace
  - id: politics-and-government
    medtop: "medtop:11000000"
    label: politics and government
topics:
  - id: armed-conflict
    level: 2
    medtop: "medtop:20000056"
    label: armed conflict
    category: conflict-war-and-peace
    definition: Disputes between opposing groups involving the use of weapons.
  - id: peace-process
    level: 2
    label: peace process
    category: conflict-war-and-peace
    definition: Organized actions to end a war.
  - id: ceasefire
    level: 3
    parent: government
    label: Ceasefire and truce
    category: conflict-war-and-peace
    definition: Stopping the fighting.
  - id: government
    level: 2
    medtop: "medtop:20000056"
    label: government
    category: politics-and-government
    definition: The system for ruling a country.
"""


def test_the_real_taxonomy_has_iptc_levels_and_project_topics_under_level_2_parents():
    taxonomy, _ = load_taxonomy(REPO / "raw")
    assert taxonomy.version == "2.0.0" and taxonomy.source is not None
    assert "CC BY 4.0" in taxonomy.source.attribution and taxonomy.source.licence == "CC-BY-4.0"
    assert len(taxonomy.categories) == 17 and all(c.medtop for c in taxonomy.categories)
    level2 = {t.id: t for t in taxonomy.topics if t.level == 2}
    project = [t for t in taxonomy.topics if t.level == 3]
    assert len(level2) + len(project) == len(taxonomy.topics)
    assert all(t.medtop and t.medtop.startswith("medtop:20") for t in level2.values())
    assert project and all(t.parent in level2 and level2[t.parent].category == t.category for t in project)
    assert not any(t.keywords for t in taxonomy.topics)  # learned from the training split, not written here


def test_level_and_parent_errors_are_reported_together_with_lines(tmp_path):
    (tmp_path / "taxonomy.yaml").write_text(BAD, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_taxonomy(tmp_path)
    text = info.value.render()
    lines = BAD.splitlines()
    assert f"taxonomy.yaml:{lines.index('  - id: peace-process') + 1}:" in text
    assert "level-2 topic 'peace-process' needs its IPTC `medtop` code" in text
    assert f"taxonomy.yaml:{lines.index('    parent: government') + 1}:" in text
    assert "project topic 'ceasefire' has parent 'government'" in text
    assert "topic 'government' repeats medtop:20000056, already used by 'armed-conflict'" in text
