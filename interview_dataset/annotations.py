"""Human-edited annotations of one interview: `raw/<interview_id>/annotations.yaml`.

Entities are written as surface text and label; the build finds them in the text and computes
the offsets. A plain entry annotates every whole-word, case-sensitive occurrence of the surface
in its turn; `occurrence: k` (1-based) annotates only the k-th. Where an annotated surface lies
inside a longer annotated one, the longer wins. Offsets are never typed by hand.

    status: gold            # gold = human-reviewed; draft = machine-proposed
    taxonomy_version: 1.0.0
    introduction:
      entities:
        - Russia: GPE
    turns:
      0:
        topics: [military-service]
        entities:
          - Kyiv: GPE
          - {text: May, label: DATE, occurrence: 2}
    waivers:                 # occurrences left unannotated on purpose (read by the lint)
      - {turn: 5, text: May, reason: modal verb}
    polysemous:              # surfaces that legitimately take different labels (read by the lint)
      - {text: Kyiv, reason: the city (GPE) and, once, the government (ORG)}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import DatasetError, Problem, ProblemCollector, did_you_mean, display_path, excerpt
from .schema import ENTITY_LABELS, Entity, EntityRecord
from .yaml_loading import YamlDocument, load_yaml

ANNOTATIONS_FILE = "annotations.yaml"
INTRODUCTION = "introduction"


@dataclass(frozen=True)
class EntityEntry:
    text: str
    label: str
    occurrence: int | None
    line: int | None


@dataclass
class UnitAnnotation:
    """Annotations of one unit (a turn, or the introduction)."""

    topics: list[str] = field(default_factory=list)
    topics_line: int | None = None
    entities: list[EntityEntry] = field(default_factory=list)
    line: int | None = None


@dataclass(frozen=True)
class Waiver:
    unit: int | str  # turn index or "introduction"
    text: str
    reason: str
    line: int | None


@dataclass
class AnnotationFile:
    path: Path
    status: str
    taxonomy_version: str | None
    units: dict[int | str, UnitAnnotation]
    waivers: list[Waiver]
    polysemous: dict[str, str]
    doc: YamlDocument

    def entity_line(self, turn_id: str, text: str, label: str) -> int | None:
        """Line of the entry that annotated `text` (`label`) in the turn `<interview_id>-<NNN>`."""
        index = turn_id.rsplit("-", 1)[-1]
        unit = self.units.get(int(index)) if index.isdigit() else None
        if unit is None:
            return None
        return next((e.line for e in unit.entities if e.text == text and e.label == label), unit.line)


def load_annotations(path: Path) -> AnnotationFile:
    doc = load_yaml(path)
    data = doc.data
    problems = ProblemCollector()
    if not isinstance(data, dict):
        raise DatasetError.at(
            path, "annotations must be a YAML mapping", "see the format in docs/annotation-guidelines.md", 1
        )
    allowed = {"status", "taxonomy_version", "introduction", "turns", "waivers", "polysemous", "annotator", "notes"}
    for key in data:
        if key not in allowed:
            problems.add(
                path,
                f"unknown key {excerpt(key)}" + did_you_mean(key, allowed),
                f"use only: {', '.join(sorted(allowed))}",
                doc.line_of(key),
            )
    status = data.get("status")
    if status not in ("gold", "draft"):
        problems.add(
            path,
            f"status must be `gold` or `draft`, not {excerpt(status)}" + did_you_mean(status, ("gold", "draft")),
            "write `status: gold` once a person has reviewed every annotation",
            doc.line_of("status"),
        )
    units: dict[int | str, UnitAnnotation] = {}
    if data.get("introduction") is not None:
        units[INTRODUCTION] = _unit(data["introduction"], ("introduction",), doc, problems, topics_allowed=False)
    turns = data.get("turns") or {}
    if not isinstance(turns, dict):
        problems.add(
            path,
            "`turns` must map turn indexes to annotations",
            "write `turns:` then `  0:` etc.",
            doc.line_of("turns"),
        )
        turns = {}
    for key, value in turns.items():
        if not isinstance(key, int) or isinstance(key, bool) or key < 0:
            problems.add(
                path,
                f"turn key {excerpt(key)} is not a turn index",
                "use the 0-based turn index as key",
                doc.line_of("turns", key),
            )
            continue
        units[key] = _unit(value, ("turns", key), doc, problems, topics_allowed=True)
    for key in ("waivers", "polysemous"):
        if data.get(key) is not None and not isinstance(data[key], list):
            problems.add(
                path, f"`{key}` must be a list", f"write `{key}:` followed by `- {{...}}` items", doc.line_of(key)
            )
    waivers = []
    for i, item in enumerate(_as_list(data.get("waivers"))):
        line = doc.line_of("waivers", i)
        if (
            not isinstance(item, dict)
            or set(item) - {"turn", "text", "reason"}
            or "turn" not in item
            or "text" not in item
        ):
            problems.add(
                path,
                "a waiver needs `turn` (index or `introduction`) and `text`, optionally `reason`",
                "write `- {turn: 5, text: May, reason: ...}`",
                line,
            )
            continue
        unit = item["turn"]
        if not (unit == INTRODUCTION or (isinstance(unit, int) and not isinstance(unit, bool) and unit >= 0)):
            problems.add(
                path,
                f"waiver `turn` must be a turn index or `introduction`, not {excerpt(unit)}",
                "write one waiver per turn, e.g. `- {turn: 5, text: May, reason: ...}`",
                line,
            )
            continue
        waivers.append(Waiver(unit, str(item["text"]), str(item.get("reason", "")), line))
    polysemous = {}
    for i, item in enumerate(_as_list(data.get("polysemous"))):
        if not isinstance(item, dict) or "text" not in item:
            problems.add(
                path,
                "a polysemous entry needs `text` and `reason`",
                "write `- {text: Kyiv, reason: ...}`",
                doc.line_of("polysemous", i),
            )
            continue
        polysemous[str(item["text"])] = str(item.get("reason", ""))
    problems.raise_if_any()
    version = data.get("taxonomy_version")
    return AnnotationFile(path, status, None if version is None else str(version), units, waivers, polysemous, doc)


def _unit(
    value: Any, keys: tuple, doc: YamlDocument, problems: ProblemCollector, topics_allowed: bool
) -> UnitAnnotation:
    unit = UnitAnnotation(line=doc.line_of(*keys))
    if value is None:
        return unit
    if not isinstance(value, dict):
        problems.add(
            doc.path,
            "expected a mapping with `topics` and `entities`",
            "see the format in docs/annotation-guidelines.md",
            unit.line,
        )
        return unit
    allowed = {"topics", "entities"} if topics_allowed else {"entities"}
    for key in value:
        if key not in allowed:
            problems.add(
                doc.path,
                f"unknown key {excerpt(key)}",
                f"use only: {', '.join(sorted(allowed))}",
                doc.line_of(*keys, key),
            )
    topics = value.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        problems.add(
            doc.path,
            "`topics` must be a list of topic ids",
            "write `topics: [topic-id, ...]`",
            doc.line_of(*keys, "topics"),
        )
    else:
        unit.topics = list(topics)
        unit.topics_line = doc.line_of(*keys, "topics")
    if value.get("entities") is not None and not isinstance(value["entities"], list):
        problems.add(
            doc.path,
            "`entities` must be a list",
            "write `entities:` followed by `- Surface: LABEL` items",
            doc.line_of(*keys, "entities"),
        )
    for i, item in enumerate(_as_list(value.get("entities"))):
        line = doc.line_of(*keys, "entities", i)
        entry = _entity_entry(item, line)
        if entry is None:
            problems.add(
                doc.path,
                f"cannot read entity entry {excerpt(item)}",
                (
                    "write `- Surface text: LABEL` or `- {text: ..., label: ..., occurrence: k}` "
                    "(the surface exactly as in the text, without surrounding spaces)"
                ),
                line,
            )
        elif entry.label not in ENTITY_LABELS:
            problems.add(
                doc.path,
                f"unknown entity label {excerpt(entry.label)} for {excerpt(entry.text)}"
                + did_you_mean(entry.label, ENTITY_LABELS),
                f"use an OntoNotes label: {', '.join(ENTITY_LABELS)}",
                line,
                example=f"- {entry.text[:40]}: PERSON",
            )
        else:
            unit.entities.append(entry)
    return unit


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _entity_entry(item: Any, line: int | None) -> EntityEntry | None:
    entry = _parse_entity_entry(item, line)
    if entry is None or not entry.text or entry.text != entry.text.strip():
        return None  # an empty surface, or one with surrounding white space, is unreadable too
    return entry


def _parse_entity_entry(item: Any, line: int | None) -> EntityEntry | None:
    if isinstance(item, dict) and "text" in item and "label" in item:
        if set(item) - {"text", "label", "occurrence"}:
            return None
        occurrence = item.get("occurrence")
        if occurrence is not None and (
            not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1
        ):
            return None
        return EntityEntry(str(item["text"]), str(item["label"]), occurrence, line)
    if isinstance(item, dict) and len(item) == 1:
        ((surface, label),) = item.items()
        if isinstance(label, str):
            return EntityEntry(str(surface), label, None, line)
    return None


def whole_word_occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of case-sensitive occurrences of `surface` not inside a longer word.

    A number is one word with its group and decimal separators: "85" does not occur in
    "85,000" or in "3.85" (a digit, then `,` or `.`, then a digit, continues the word)."""
    starts = []
    size = len(surface)
    start = text.find(surface)
    while start != -1:
        end = start + size
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        # `_is_word_char` and `_number_continues` inlined (a number goes on only across `,` or `.`)
        if not (
            before.isalnum()
            or before == "_"
            or after.isalnum()
            or after == "_"
            or (after in ",." and _number_continues(text, end, forward=True))
            or (before in ",." and _number_continues(text, start, forward=False))
        ):
            starts.append(start)
        start = text.find(surface, start + 1)
    return starts


def _number_continues(text: str, edge: int, forward: bool) -> bool:
    """Whether the number ending (forward) or starting (backward) at `edge` goes on across a
    `,` or `.` separator: `85|,000`, `3.|85` style."""
    if forward:
        return 0 < edge < len(text) - 1 and text[edge - 1].isdigit() and text[edge] in ",." and text[edge + 1].isdigit()
    return 1 < edge < len(text) and text[edge].isdigit() and text[edge - 1] in ",." and text[edge - 2].isdigit()


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def resolve_entities(
    text: str, entries: list[EntityEntry], unit_name: str, path: Path, problems: ProblemCollector
) -> list[Entity]:
    """Offsets for the entries in `text`; problems for surfaces not found and clashing spans."""
    return [
        Entity(text=e.text, label=e.label, start=e.start, end=e.end)
        for e in resolve_spans(text, entries, unit_name, path, problems)
    ]


def resolve_spans(
    text: str, entries: list[EntityEntry], unit_name: str, path: Path, problems: ProblemCollector
) -> list[EntityRecord]:
    """`resolve_entities` as records (`schema.EntityRecord`), for the build's hot path: the turn's
    validation checks them (`schema.validate_records`) instead of one `Entity` model each."""
    candidates: list[tuple[int, int, str, EntityEntry]] = []
    for entry in entries:
        starts = whole_word_occurrences(text, entry.text)
        if not starts:
            near = " (it occurs inside a longer word)" if entry.text in text else ""
            problems.add(
                path,
                f"{unit_name}: entity {excerpt(entry.text)} not found in the text{near}",
                "copy the surface exactly from the transcript (case, curly apostrophes, dashes), whole words only",
                entry.line,
            )
            continue
        if entry.occurrence is not None:
            if entry.occurrence > len(starts):
                problems.add(
                    path,
                    (
                        f"{unit_name}: {excerpt(entry.text)} occurs {len(starts)} time(s), "
                        f"so occurrence {entry.occurrence} does not exist"
                    ),
                    "use a 1-based occurrence index within the turn",
                    entry.line,
                )
                continue
            starts = [starts[entry.occurrence - 1]]
        candidates.extend((s, s + len(entry.text), entry.label, entry) for s in starts)
    # Longer spans win over shorter spans inside them; anything else that overlaps is an error.
    accepted: list[tuple[int, int, str, EntityEntry]] = []
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        start, end, label, entry = cand
        clash = None
        for other in accepted:
            if start < other[1] and other[0] < end:
                clash = other
                break
        if clash is None:
            accepted.append(cand)
        elif clash[0] <= start and end <= clash[1] and (clash[0], clash[1]) != (start, end):
            continue  # inside a longer annotated span
        elif (clash[0], clash[1]) == (start, end) and clash[2] == label:
            problems.add(
                path,
                f"{unit_name}: {excerpt(entry.text)} at offset {start} is annotated twice",
                "list each surface once per turn (use `occurrence` only to single one out)",
                entry.line,
            )
        else:
            problems.add(
                path,
                (
                    f"{unit_name}: {excerpt(entry.text)} ({label}) at offset {start} "
                    f"overlaps {excerpt(clash[3].text)} ({clash[2]}) at offset {clash[0]}"
                ),
                "entities may not overlap: keep one of them, or single out occurrences with `occurrence`",
                entry.line,
            )
    accepted.sort(key=lambda c: (c[0], c[1]))
    return [EntityRecord(text[s:e], label, s, e) for s, e, label, _ in accepted]


#: Lines `interview-dataset new` writes into a draft; none may be left in a gold file.
DRAFT_MARKERS = ("# DRAFT annotations", "# keyword hits:")
#: Turns without topics listed one by one in a gold file before the rest are counted.
MAX_LISTED_TURNS = 20


def gold_problems(annotations: AnnotationFile, num_turns: int) -> list[Problem]:
    """Gold means reviewed: a `status: gold` file in which a turn has no topics, or in which the
    markers of a machine draft are left, is refused (never published as gold)."""
    if annotations.status != "gold":
        return []
    shown = ""  # the file as shown: filled in at the end, only when there are problems (resolving a path costs)
    status_line = annotations.doc.line_of("status")
    problems: list[Problem] = []
    missing = []
    for index in range(num_turns):
        unit = annotations.units.get(index)
        if unit is None or not unit.topics:
            missing.append((index, None if unit is None else (unit.topics_line or unit.line)))
    hint = (
        "review the turn and give it 1-4 topics from the taxonomy; if the file is not reviewed yet, "
        "set `status: draft` (build with --allow-draft to publish it marked `automatic`)"
    )
    for index, line in missing[:MAX_LISTED_TURNS]:
        problems.append(
            Problem(
                shown,
                f"status is gold, but turn {index} has no topics",
                hint,
                line or status_line,
                f"  {index}:\n    topics: [<topic id>]",
            )
        )
    if len(missing) > MAX_LISTED_TURNS:
        problems.append(
            Problem(
                shown,
                f"status is gold, but {len(missing) - MAX_LISTED_TURNS} more turn(s) have no topics "
                f"({len(missing)} of {num_turns} in all)",
                hint,
                status_line,
            )
        )
    text = annotations.doc.text
    if text is None:  # a document made elsewhere: read the file (the build's documents keep their text)
        try:
            text = annotations.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
    marked = (
        [n for n, line in enumerate(text.splitlines(), start=1) if any(m in line for m in DRAFT_MARKERS)]
        if any(m in text for m in DRAFT_MARKERS)  # line by line only when a marker is there at all
        else []
    )
    if marked:
        problems.append(
            Problem(
                shown,
                f"status is gold, but {len(marked)} line(s) still carry the machine draft's markers "
                f"({' / '.join(repr(m) for m in DRAFT_MARKERS)})",
                "review those turns, then delete the draft's comments; a file is gold only once a person has "
                "reviewed every annotation",
                marked[0],
            )
        )
    if problems:
        file = display_path(annotations.path)
        problems = [replace(problem, file=file) for problem in problems]
    return problems
