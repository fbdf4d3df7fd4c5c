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

`records` is any re-iterable of interviews with `.interview`, `.turns` and `.annotations`: a
list of compiled interviews, or the build's `written.WrittenCorpus`, which streams what was
written. It is walked twice (first the corpus-wide surfaces, then each unit), one interview
at a time, so the lint needs no records kept in memory. The second pass reads only the units'
text and entity spans, so the build gives it `WrittenCorpus.units()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .annotations import INTRODUCTION, whole_word_occurrences
from .errors import Problem, display_path
from .surface_index import SurfaceIndex
from .taxonomy import Taxonomy

#: Places kept per (surface, label) for the message (the message shows four).
_WHERE_KEPT = 5


def _units(c) -> list:
    """(unit key, text, entities) of an annotated interview: its introduction, then its turns."""
    units = []
    if c.interview.introduction is not None:
        units.append((INTRODUCTION, c.interview.introduction, c.interview.introduction_entities))
    units.extend((t.turn_index, t.text, t.entities) for t in c.turns)
    return units


def _unit_line(c, key) -> int | None:
    """The line of a unit's entry in the interview's annotation file (read only when a finding
    needs it: a `written.WrittenInterview` loads its file on first use)."""
    unit = c.annotations.units.get(key) if c.annotations is not None else None
    return unit.line if unit else None


def _unit_name(key) -> str:
    return "introduction" if key == INTRODUCTION else f"turn {key}"


@dataclass
class AnnotationFacts:
    """What the lint needs of one interview's annotation file, taken where the file is read
    (`annotation_facts`; the build's chunk job), so that neither pass reads YAML again: its
    status and polysemous surfaces, the turns that break the 1–4 topics rule, the waived
    surfaces per unit, and the entries that annotate nothing, per unit."""

    path: Path
    status: str
    polysemous: tuple[str, ...] = ()
    topic_counts: list[tuple[int, int, int | None]] = field(default_factory=list)  # (turn, topics, topics line)
    waived: dict[int | str, frozenset[str]] = field(default_factory=dict)  # unit -> waived surfaces
    idle: dict[int | str, list[tuple[str, int | None]]] = field(default_factory=dict)  # unit -> (entry text, line)


def annotation_facts(c) -> AnnotationFacts | None:
    """The `AnnotationFacts` of an interview (anything with `.interview`, `.turns` and
    `.annotations`); None when it has no annotation file."""
    annotations = c.annotations
    if annotations is None:
        return None
    facts = AnnotationFacts(annotations.path, annotations.status, tuple(annotations.polysemous))
    if annotations.status == "gold":
        for turn in c.turns:
            if not 1 <= len(turn.topics) <= 4:
                unit = annotations.units.get(turn.turn_index)
                facts.topic_counts.append((turn.turn_index, len(turn.topics), unit.topics_line if unit else None))
    for waiver in annotations.waivers:
        facts.waived[waiver.unit] = facts.waived.get(waiver.unit, frozenset()) | {waiver.text}
    for key, _, entities in _units(c):
        unit_entries = annotations.units.get(key)
        if unit_entries:
            idle = [
                (entry.text, entry.line)
                for entry in unit_entries.entities
                if not any(e.text == entry.text and e.label == entry.label for e in entities)
            ]
            if idle:
                facts.idle[key] = idle
    return facts


def lint_corpus(records: Iterable, taxonomy: Taxonomy) -> list[Problem]:
    """Every finding over `records` (walked twice)."""
    lint = CorpusLint(taxonomy)
    for c in records:
        lint.add(c)
    return lint.finish(records)


class CorpusLint:
    """The lint in two passes: `add` each interview (pass 1, corpus-wide facts; a caller that
    already walks the corpus feeds it as it goes), then `finish(records)` walks the records again
    (pass 2, each unit against the corpus-wide surfaces) and returns every finding.

    `facts`: interview id -> its `AnnotationFacts` (None: no annotation file), as taken where the
    files were read; an interview not in it has its facts taken from its `.annotations` in pass 1."""

    def __init__(self, taxonomy: Taxonomy, facts: Mapping[str, AnnotationFacts | None] | None = None):
        self.taxonomy = taxonomy
        self.facts: dict[str, AnnotationFacts | None] = dict(facts) if facts is not None else {}
        self.findings: list[Problem] = []
        self.labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.counts: dict[tuple[str, str], int] = defaultdict(int)
        self.polysemous: set[str] = set()
        self.first_path = None
        self.first_with: dict[str, str] = {}
        self.used: set[str] = set()
        self.any_annotated = False

    def add(self, c) -> None:
        """Pass 1: corpus-wide facts of one interview."""
        findings, labels, counts = self.findings, self.labels, self.counts
        for turn in c.turns:
            self.used.update(turn.topics)
        first = self.first_with.setdefault(c.interview.source_sha256, c.interview.id)
        if first != c.interview.id:
            findings.append(
                Problem(
                    f"raw/{c.interview.id}/metadata.yaml",
                    f"same transcript (SHA-256) as interview {first!r}: its text is published twice",
                    "remove the duplicate interview folder, or correct the transcript if it is a different interview",
                )
            )
        facts = self._facts(c)
        if facts is None:
            findings.append(
                Problem(
                    f"raw/{c.interview.id}",
                    "no annotations.yaml: the turns are published without topics and entities (annotation_source none)",
                    "annotate the interview (or scaffold draft annotations with `interview-dataset new`)",
                )
            )
            return
        self.any_annotated = True
        self.first_path = self.first_path or facts.path
        self.polysemous.update(facts.polysemous)
        for key, _, entities in _units(c):
            for e in entities:
                counts[(e.text, e.label)] += 1
                where = labels[e.text][e.label]
                if len(where) < _WHERE_KEPT:
                    where.append(f"{c.interview.id}/{key}")
        for turn_index, topics, line in facts.topic_counts:
            findings.append(
                Problem(
                    display_path(facts.path),
                    f"turn {turn_index} has {topics} topics; the guidelines ask for 1–4",
                    "give the turn its 1–4 most central topics",
                    line,
                )
            )

    def _facts(self, c) -> AnnotationFacts | None:
        """The interview's `AnnotationFacts`, taken once (pass 1 keeps them for pass 2, whose
        records may hold no more than the units' text and entity spans: `WrittenCorpus.units`)."""
        interview_id = c.interview.id
        if interview_id not in self.facts:
            self.facts[interview_id] = annotation_facts(c)
        return self.facts[interview_id]

    def finish(self, records: Iterable) -> list[Problem]:
        """The label conflicts, pass 2 over `records` (the same interviews), the unused topics."""
        findings, labels, counts, polysemous = self.findings, self.labels, self.counts, self.polysemous
        taxonomy, used, first_path = self.taxonomy, self.used, self.first_path
        for surface in sorted(labels):
            if len(labels[surface]) > 1 and surface not in polysemous:
                detail = "; ".join(
                    f"{label} in {', '.join(where[:4])}{'…' if counts[(surface, label)] > 4 else ''}"
                    for label, where in sorted(labels[surface].items())
                )
                findings.append(
                    Problem(
                        display_path(first_path),
                        f"{surface!r} has different labels: {detail}",
                        "use one label for one sense; if the senses really differ, list the surface under "
                        "`polysemous` with the reason",
                    )
                )
        # Pass 2: each unit against the corpus-wide surfaces (only those whose first piece it contains).
        index = SurfaceIndex(labels)
        for c in records:
            facts = self._facts(c)
            if facts is None:
                continue
            for key, text, entities in _units(c):
                waived = facts.waived.get(key, frozenset())
                covered = None
                for surface in index.candidates(text):
                    if surface in waived:
                        continue
                    first = text.find(surface)
                    if first == -1:  # (a quick test: most candidates are not there)
                        continue
                    if covered is None:
                        covered = [(e.start, e.end) for e in entities]
                    last = first + len(surface)
                    if text.find(surface, first + 1) == -1 and any(s <= first and last <= e for s, e in covered):
                        continue  # its only occurrence is annotated (the usual case): nothing to report
                    for start in whole_word_occurrences(text, surface):
                        end = start + len(surface)
                        if not any(s <= start and end <= e for s, e in covered):
                            findings.append(
                                Problem(
                                    display_path(facts.path),
                                    f"{_unit_name(key)}: {surface!r} (annotated elsewhere) occurs here unannotated "
                                    f"at offset {start}",
                                    f"annotate it, or add a waiver: - {{turn: {key}, text: {surface!r}, reason: ...}}",
                                    _unit_line(c, key),
                                )
                            )
                            break
                for entry_text, line in facts.idle.get(key, ()):
                    findings.append(
                        Problem(
                            display_path(facts.path),
                            f"{_unit_name(key)}: entry {entry_text!r} annotates nothing (every occurrence is "
                            "inside a longer entity)",
                            "remove the entry",
                            line,
                        )
                    )
        if self.any_annotated:
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
