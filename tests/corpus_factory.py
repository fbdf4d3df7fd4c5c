"""A small invented corpus in `raw/` form that shares nothing with the seed interview.

Gardening and cooking conversations between invented people, with their own taxonomy. Mixed
on purpose, so the describe stage meets every case: gold, draft (`automatic`) and missing
annotations, declared and hashed splits, several publishers and licences (the `license` and
`source` blocks are written only when the metadata schema accepts them). Deterministic: the
same arguments give the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

TAXONOMY = """\
# Invented taxonomy for tests (gardening and cooking).
version: 1.0.0
categories:
  - id: garden
    label: Gardening
  - id: kitchen
    label: Cooking
topics:
  - id: soil
    label: Soil and compost
    category: garden
    definition: Soil, compost and mulch.
    keywords: [soil, compost]
  - id: seeds
    label: Seeds and sowing
    category: garden
    definition: Choosing and sowing seeds.
    keywords: [seed, seeds, sow]
  - id: pests
    label: Pests
    category: garden
    definition: Slugs, aphids and other pests.
    keywords: [slugs, aphids]
  - id: baking
    label: Baking
    category: kitchen
    definition: Bread, cakes and ovens.
    keywords: [bread, oven]
  - id: preserving
    label: Preserving
    category: kitchen
    definition: Jams, pickles and drying.
    keywords: [jam, pickles]
"""

HOSTS = ("Orla Pennick", "Bram Tillet", "Cosima Vane")
GUESTS = ("Idris Holloway", "Wren Abernathy", "Lio Marchetti", "Suvi Rantala", "Tobiah Quill")
PUBLISHERS = ("The Allotment Gazette", "Kitchen Table Radio", "unknown")
#: (licence block or None, rights statement); None: no licence stated.
LICENCES = (
    (
        {
            "id": "CC-BY-4.0",
            "url": "https://creativecommons.org/licenses/by/4.0/",
            "reasoning": "The invented publisher states CC BY 4.0 under the text.",
            "attribution": "The Allotment Gazette",
            "share_alike": False,
        },
        "Published under CC BY 4.0.",
    ),
    (
        {
            "id": "public-domain",
            "url": "unknown",
            "reasoning": "An invented text placed in the public domain by its authors.",
            "attribution": "none required",
            "share_alike": False,
        },
        "Invented text, in the public domain.",
    ),
    (
        {
            "id": "none",
            "url": "unknown",
            "reasoning": "No licence is stated; all rights reserved by its invented publisher.",
            "attribution": "unknown",
            "share_alike": False,
        },
        "Invented text; all rights reserved by its invented publisher.",
    ),
)

#: (speaker index 0 host / 1 guest, text, topics, entities as (surface, label))
TURNS = (
    (0, "What did you sow first this spring?", ["seeds"], []),
    (
        1,
        "Broad beans, in March, after the soil had warmed. My neighbour Hetty Brindle swears by it.",
        ["seeds", "soil"],
        [("March", "DATE"), ("Hetty Brindle", "PERSON")],
    ),
    (0, "And the slugs?", ["pests"], []),
    (
        1,
        "Copper tape and patience. We lost a whole row of lettuce in Fenwick Vale before we learnt.",
        ["pests"],
        [("Fenwick Vale", "GPE")],
    ),
    (0, "Do you bake with what you grow?", ["baking"], []),
    (
        1,
        "Courgette bread every August, and two jars of plum jam for each of the 12 neighbours.",
        ["baking", "preserving"],
        [("every August", "DATE"), ("two", "CARDINAL"), ("12", "CARDINAL")],
    ),
)


ANNOTATOR = {"draft": "keyword draft, unreviewed", "gold": "two invented test annotators, reviewed"}


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_interview(raw_dir: Path, index: int, turns: int = 4) -> str:
    """Write `raw_dir/garden-NNNN/`; returns the interview id."""
    interview_id = f"garden-{index:04d}"
    host, guest = HOSTS[index % len(HOSTS)], GUESTS[index % len(GUESTS)]
    chosen = [TURNS[(index + k) % len(TURNS)] for k in range(turns)]
    lines = [f"Notes from conversation number {index} about a garden and its kitchen.", ""]
    for k, (who, text, _, _) in enumerate(chosen):
        lines += [host if who == 0 else guest, "", f"{text} (Part {k + 1} of conversation {index}.)", ""]
    transcript = ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
    folder = raw_dir / interview_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "transcript.txt").write_bytes(transcript)
    licence, rights = LICENCES[index % len(LICENCES)]
    publisher = PUBLISHERS[index % len(PUBLISHERS)]
    meta = [
        "# Invented interview for tests.",
        f"id: {interview_id}",
        f"title: {_q(f'Garden conversation {index} with {guest}')}",
        f"date: 2024-{1 + index % 12:02d}-{1 + index % 28:02d}",
        "language: en",
        f"publisher: {_q(publisher) if publisher != 'unknown' else 'unknown'}",
        f"source_url: https://example.org/garden/{interview_id}",
        "republications: []",
        f"rights: {_q(rights)}",
    ]
    if index % 4 == 0:
        meta.append("split: validation")
    meta.append("license:")
    meta += [f"  {k}: {str(v).lower() if isinstance(v, bool) else _q(v)}" for k, v in licence.items()]
    meta += [
        "source:",
        f"  url: https://example.org/garden/{interview_id}",
        "  repository: unknown",
        "  commit: unknown",
        "  path: unknown",
        "  retrieved: 2026-12-01",
        "excerpt: complete",
    ]
    meta += [
        "transcript:",
        "  file: transcript.txt",
        "  format: article",
        f"  sha256: {hashlib.sha256(transcript).hexdigest()}",
        "speakers:",
        f"  - name: {host}",
        "    role: interviewer",
        "    description: An invented host.",
        f"  - name: {guest}",
        "    role: interviewee",
        "    description: An invented gardener.",
        "layout:",
        "  standfirst_paragraphs: 0",
        "  introduction: true",
    ]
    (folder / "metadata.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    if index % 7 == 3:
        return interview_id  # no annotations: published with annotation_source none
    status = "draft" if index % 5 == 1 else "gold"
    ann = [
        f"status: {status}",
        "taxonomy_version: 1.0.0",
        f"annotator: {_q(ANNOTATOR[status])}",
        "turns:",
    ]
    for k, (_, _, topics, entities) in enumerate(chosen):
        ann.append(f"  {k}:")
        ann.append(f"    topics: [{', '.join(topics)}]")
        if entities:
            ann.append("    entities:")
            ann += [f"      - {_q(surface)}: {label}" for surface, label in entities]
    (folder / "annotations.yaml").write_text("\n".join(ann) + "\n", encoding="utf-8")
    return interview_id


def write_corpus(root: Path, interviews: int, turns: int = 4) -> Path:
    """`root/raw/` with the taxonomy and `interviews` interviews; returns the raw folder."""
    raw = root / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    for index in range(interviews):
        write_interview(raw, index, turns)
    return raw


#: Things of the seed interview (and of its taxonomy) that a card of this corpus must never say.
SEED_MARKERS = (
    "Bilous",
    "Talaver",
    "Ukrain",
    "socialist",
    "Socialist",
    "Russia",
    "Kyiv",
    "imp2020",
    "International Viewpoint",
    "no disfluencies",
    "one conversation",
    "one person's views",
    "drone",
    "war-military",
    "a war and its politics",
    "retrieved from a republication",
    "left-wing",
)
