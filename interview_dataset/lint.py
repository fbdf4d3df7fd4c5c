"""Consistency checks over the annotations of the whole corpus.

The build prints the findings as warnings; `interview-dataset lint` exits non-zero on them;
the tests treat them as failures.

1. The same surface has the same label everywhere, unless listed under `polysemous`.
2. An annotated surface that also occurs unannotated (whole word) is reported, unless that
   occurrence is waived under `waivers`.
3. Taxonomy topics that no turn uses are reported.
4. An entry whose every occurrence lies inside a longer annotated span annotates nothing.
5. Every turn of a gold file has 1–4 topics (the guidelines' rule); an interview without
   annotations is reported (its turns are published with `annotation_source: none`).
6. Two interviews with the same transcript (SHA-256) are reported: the text would be published
   twice, possibly in two splits.
"""

from __future__ import annotations

from collections import defaultdict

from .annotations import INTRODUCTION, whole_word_occurrences
from .compile import CompiledInterview
from .errors import Problem, display_path
from .taxonomy import Taxonomy


def lint_corpus(compiled: list[CompiledInterview], taxonomy: Taxonomy) -> list[Problem]:
    findings: list[Problem] = []
    annotated = [c for c in compiled if c.annotations is not None]
    # Units: (compiled, unit key, text, entities)
    units = []
    for c in annotated:
        if c.interview.introduction is not None:
            units.append((c, INTRODUCTION, c.interview.introduction, c.interview.introduction_entities))
        units.extend((c, t.turn_index, t.text, t.entities) for t in c.turns)

    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c, key, _, entities in units:
        for e in entities:
            labels[e.text][e.label].append(f"{c.interview.id}/{key}")
    polysemous = set().union(*(c.annotations.polysemous for c in annotated)) if annotated else set()
    for surface in sorted(labels):
        if len(labels[surface]) > 1 and surface not in polysemous:
            c0 = annotated[0]
            detail = "; ".join(
                f"{label} in {', '.join(where[:4])}{'…' if len(where) > 4 else ''}"
                for label, where in sorted(labels[surface].items())
            )
            findings.append(
                Problem(
                    display_path(c0.annotations.path),
                    f"{surface!r} has different labels: {detail}",
                    "use one label for one sense; if the senses really differ, "
                    "list the surface under `polysemous` with the reason",
                )
            )

    for c, key, text, entities in units:
        covered = [(e.start, e.end) for e in entities]
        waived = {w.text for w in c.annotations.waivers if w.unit == key}
        unit_entries = c.annotations.units.get(key)
        for surface in sorted(labels):
            if surface in waived:
                continue
            for start in whole_word_occurrences(text, surface):
                end = start + len(surface)
                if not any(s <= start and end <= e for s, e in covered):
                    line = unit_entries.line if unit_entries else None
                    findings.append(
                        Problem(
                            display_path(c.annotations.path),
                            f"{'introduction' if key == INTRODUCTION else f'turn {key}'}: {surface!r} "
                            f"(annotated elsewhere) occurs here unannotated at offset {start}",
                            f"annotate it, or add a waiver: - {{turn: {key}, text: {surface!r}, reason: ...}}",
                            line,
                        )
                    )
                    break
        if unit_entries:
            for entry in unit_entries.entities:
                if not any(e.text == entry.text and e.label == entry.label for e in entities):
                    findings.append(
                        Problem(
                            display_path(c.annotations.path),
                            f"{'introduction' if key == INTRODUCTION else f'turn {key}'}: entry {entry.text!r} "
                            "annotates nothing (every occurrence is inside a longer entity)",
                            "remove the entry",
                            entry.line,
                        )
                    )

    first_with: dict[str, str] = {}
    for c in compiled:
        first = first_with.setdefault(c.interview.source_sha256, c.interview.id)
        if first != c.interview.id:
            findings.append(
                Problem(
                    f"raw/{c.interview.id}/metadata.yaml",
                    f"same transcript (SHA-256) as interview {first!r}: its text is published twice",
                    "remove the duplicate interview folder, or correct the transcript if it is a different interview",
                )
            )
    for c in compiled:
        if c.annotations is None:
            findings.append(
                Problem(
                    f"raw/{c.interview.id}",
                    "no annotations.yaml: the turns are published without topics and entities (annotation_source none)",
                    "annotate the interview (or scaffold draft annotations with `interview-dataset new`)",
                )
            )
        elif c.annotations.status == "gold":
            for turn in c.turns:
                if not 1 <= len(turn.topics) <= 4:
                    unit = c.annotations.units.get(turn.turn_index)
                    findings.append(
                        Problem(
                            display_path(c.annotations.path),
                            f"turn {turn.turn_index} has {len(turn.topics)} topics; the guidelines ask for 1–4",
                            "give the turn its 1–4 most central topics",
                            unit.topics_line if unit else None,
                        )
                    )

    used = {t for c in compiled for turn in c.turns for t in turn.topics}
    if annotated:
        for topic in taxonomy.topics:
            # IPTC level-2 topics are a standard vocabulary: many go unused in any corpus. Project topics
            # (and topics of a taxonomy without levels) exist because the corpus needs them: report those.
            if topic.id not in used and topic.level != 2:
                findings.append(
                    Problem(
                        "raw/taxonomy.yaml",
                        f"topic {topic.id!r} is used by no turn",
                        "assign it where it applies, or reconsider whether the taxonomy needs it",
                    )
                )
    return findings
