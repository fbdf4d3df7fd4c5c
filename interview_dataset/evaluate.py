"""Score predictions against gold turns, for the three benchmark tasks.

Tasks and prediction files (JSON lines, one object per turn; blank lines are ignored):

* `ner`    `{"id": "<turn id>", "entities": [{"start": 0, "end": 5, "label": "PERSON"}, ...]}`
           offsets are code points into the turn text, end exclusive (as in the dataset);
           an entity may also carry `"text"`, which must then equal `text[start:end]`.
* `topics` `{"id": "<turn id>", "topics": ["<topic id>", ...]}` (ids from the taxonomy)
* `role`   `{"id": "<turn id>", "speaker_role": "interviewer" | "interviewee" | "other"}`

A turn missing from the file predicts nothing (no entities, no topics; for `role` it counts
as wrong). Predictions are loaded into a dict turn id -> value (`list[Span]`, `list[str]` or
`str`), the same form the baselines (`baselines.py`) produce, and scored with `score`.

Metrics are micro-averaged. Convention: a ratio whose denominator is 0 is 0.0 (precision
with no predictions, recall with no gold items, F1 when precision + recall is 0), so an
empty prediction file scores 0.0 everywhere and the gold itself scores 1.0 (on gold that
has at least one item).

NER is scored twice: `exact` (same start, end and label; what seqeval's strict IOB2 mode
computes on token-aligned spans) and `overlap` (same label, spans share at least one
character; each gold span matches at most one predicted span and vice versa, greedily by
largest overlap, ties broken by position).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from .errors import DatasetError, Problem, display_path, read_input_bytes
from .schema import ENTITY_LABELS, SPEAKER_ROLES, Turn

__all__ = ["TASKS", "Span", "load_predictions", "score", "prf"]

#: The tasks that can be scored.
TASKS: tuple[str, ...] = ("ner", "topics", "role")

#: The key that holds the prediction on each line, per task.
_VALUE_KEY = {"ner": "entities", "topics": "topics", "role": "speaker_role"}
_EXAMPLE = {
    "ner": '{"id": "<turn id>", "entities": [{"start": 0, "end": 12, "label": "PERSON"}]}',
    "topics": '{"id": "<turn id>", "topics": ["<topic id>"]}',
    "role": '{"id": "<turn id>", "speaker_role": "interviewee"}',
}
#: At most this many problems are listed for one file (then a count of the rest).
_MAX_PROBLEMS = 50


class Span(NamedTuple):
    """A predicted entity: code-point offsets into the turn text (end exclusive) and label."""

    start: int
    end: int
    label: str


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _LineError(Exception):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def load_predictions(
    path: Path | str,
    task: str,
    gold: list[Turn],
    known_topics: set[str] | None = None,
) -> dict[str, object]:
    """Read and check a predictions file; return turn id -> prediction.

    ner -> `list[Span]` (sorted), topics -> `list[str]` (in the file's order), role -> `str`.
    `known_topics` (the taxonomy's topic ids) is required for `topics`.

    Raises `DatasetError` listing every bad line (file, 1-based line, what is wrong, how to
    fix it): malformed JSON, missing or unknown keys, wrong types, unknown or repeated turn
    ids, unknown labels / topic ids / roles, offsets outside the turn text or end <= start.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")
    if task == "topics" and known_topics is None:
        raise ValueError("scoring topics needs known_topics (the taxonomy's topic ids)")
    path = Path(path)
    shown = display_path(path)
    data = read_input_bytes(path, "predictions file", "check the path")

    turns = {turn.id: turn for turn in gold}
    predictions: dict[str, object] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    lines = data.split(b"\n")
    if lines and lines[0].startswith(b"\xef\xbb\xbf"):
        lines[0] = lines[0][3:]
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(
                Problem(shown, f"not valid UTF-8 (byte {error.start + 1})", "save the file as UTF-8", number)
            )
            continue
        if not line.strip():
            continue
        try:
            turn_id, value = _parse_line(line, task, turns, known_topics)
        except _LineError as error:
            problems.append(Problem(shown, error.message, error.hint, number))
            continue
        if turn_id in first_line:
            problems.append(
                Problem(
                    shown,
                    f"turn {turn_id!r} appears again (first on line {first_line[turn_id]})",
                    "keep exactly one line per turn",
                    number,
                )
            )
            continue
        first_line[turn_id] = number
        predictions[turn_id] = value
    if problems:
        if len(problems) > _MAX_PROBLEMS:
            rest = len(problems) - _MAX_PROBLEMS
            problems = problems[:_MAX_PROBLEMS] + [
                Problem(shown, f"... and {rest} more problems", "fix the ones above first")
            ]
        raise DatasetError(problems)
    return predictions


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        repeated = next(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
        raise _LineError(f"key {repeated!r} appears twice in one object", "give each key once")
    return obj


def _parse_line(line: str, task: str, turns: Mapping[str, Turn], known_topics: set[str] | None) -> tuple[str, object]:
    key = _VALUE_KEY[task]
    example = _EXAMPLE[task]
    try:
        obj = json.loads(line, object_pairs_hook=_no_repeated_keys)
    except json.JSONDecodeError as error:
        raise _LineError(
            f"not valid JSON: {error.msg} (column {error.colno})", f"write one JSON object per line, e.g. {example}"
        ) from None
    except (ValueError, RecursionError) as error:  # e.g. a 5,000-digit number, nesting thousands deep
        raise _LineError(
            f"unreadable JSON: {type(error).__name__}: {str(error)[:80]}",
            f"write one flat JSON object per line, e.g. {example}",
        ) from None
    if not isinstance(obj, dict):
        raise _LineError(
            f"expected a JSON object, got {_json_type(obj)}", f"write one JSON object per line, e.g. {example}"
        )
    missing = [k for k in ("id", key) if k not in obj]
    if missing:
        raise _LineError(
            f"missing key {', '.join(repr(k) for k in missing)}",
            f"every {task} line needs 'id' and {key!r}, e.g. {example}",
        )
    unknown = sorted(set(obj) - {"id", key})
    if unknown:
        raise _LineError(
            f"unknown key {', '.join(repr(k) for k in unknown)}",
            f"a {task} line has only 'id' and {key!r}; remove the others",
        )
    turn_id = obj["id"]
    if not isinstance(turn_id, str):
        raise _LineError(
            f"'id' must be a string, got {_json_type(turn_id)}", 'use the turn id as a string, e.g. "my-interview-003"'
        )
    if turn_id not in turns:
        raise _LineError(
            f"unknown turn id {turn_id!r}{_suggest(turn_id, turns)}",
            "use the ids of the gold turns being scored (the `id` column of the turns)",
        )
    value = obj[key]
    if task == "ner":
        return turn_id, _parse_entities(value, turns[turn_id], example)
    if task == "topics":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _LineError(
                f"'topics' must be a list of strings, got {_json_type(value)}",
                f"write the topic ids as a list, e.g. {example}",
            )
        assert known_topics is not None
        for topic in value:
            if topic not in known_topics:
                raise _LineError(
                    f"unknown topic id {topic!r}{_suggest(topic, known_topics)}",
                    "use topic ids from the taxonomy (raw/taxonomy.yaml)",
                )
        repeated = [t for t, n in Counter(value).items() if n > 1]
        if repeated:
            raise _LineError(f"topic {repeated[0]!r} repeats", "list each topic once")
        return turn_id, list(value)
    if not isinstance(value, str):
        raise _LineError(
            f"'speaker_role' must be a string, got {_json_type(value)}", f"use one of {', '.join(SPEAKER_ROLES)}"
        )
    if value not in SPEAKER_ROLES:
        raise _LineError(
            f"unknown speaker role {value!r}{_suggest(value, SPEAKER_ROLES)}", f"use one of {', '.join(SPEAKER_ROLES)}"
        )
    return turn_id, value


def _parse_entities(value: object, turn: Turn, example: str) -> list[Span]:
    if not isinstance(value, list):
        raise _LineError(
            f"'entities' must be a list, got {_json_type(value)}",
            f"write the entities as a list (possibly empty), e.g. {example}",
        )
    spans = []
    n = len(turn.text)
    for k, item in enumerate(value, start=1):
        what = f"entity {k}"
        if not isinstance(item, dict):
            raise _LineError(
                f"{what} must be an object, got {_json_type(item)}",
                'write each entity as {"start": int, "end": int, "label": str}',
            )
        missing = [f for f in ("start", "end", "label") if f not in item]
        if missing:
            raise _LineError(
                f"{what} is missing {', '.join(repr(f) for f in missing)}",
                'write each entity as {"start": int, "end": int, "label": str}',
            )
        unknown = sorted(set(item) - {"start", "end", "label", "text"})
        if unknown:
            raise _LineError(
                f"{what} has unknown key {', '.join(repr(f) for f in unknown)}",
                "an entity has only 'start', 'end', 'label' and optionally 'text'; remove the others",
            )
        start, end, label = item["start"], item["end"], item["label"]
        for name, offset in (("start", start), ("end", end)):
            if not _is_int(offset):
                raise _LineError(
                    f"{what}: {name!r} must be an integer, got {_json_type(offset)}",
                    "offsets are integer code-point positions into the turn text",
                )
        if not isinstance(label, str):
            raise _LineError(
                f"{what}: 'label' must be a string, got {_json_type(label)}",
                f"use one of the OntoNotes labels: {', '.join(ENTITY_LABELS)}",
            )
        if label not in ENTITY_LABELS:
            raise _LineError(
                f"{what}: unknown label {label!r}{_suggest(label, ENTITY_LABELS)}",
                f"use one of the OntoNotes labels: {', '.join(ENTITY_LABELS)}",
            )
        if not 0 <= start < end <= n:
            problem = "end must be greater than start" if end <= start else "outside the turn text"
            raise _LineError(
                f"{what}: offsets {start}:{end} are invalid ({problem}; the text of turn {turn.id} has {n} characters)",
                "offsets are code points into the turn text, end exclusive: 0 <= start < end <= len(text)",
            )
        if "text" in item and item["text"] != turn.text[start:end]:
            raise _LineError(
                f"{what}: 'text' {item['text']!r} differs from the turn text at {start}:{end} ({turn.text[start:end]!r})",
                "count offsets in Python code points (not bytes or UTF-16 units), or drop 'text'",
            )
        spans.append(Span(start, end, label))
    repeated = [s for s, c in Counter(spans).items() if c > 1]
    if repeated:
        s = repeated[0]
        raise _LineError(f"entity {s.start}:{s.end} {s.label} is listed twice", "list each entity once")
    return sorted(spans)


# --------------------------------------------------------------------------- scoring


def prf(tp: int, num_predicted: int, num_gold: int) -> dict[str, float]:
    """Precision, recall and F1, each 0.0 when its denominator is 0."""
    precision = tp / num_predicted if num_predicted else 0.0
    recall = tp / num_gold if num_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _report(tp: Counter, predicted: Counter, gold: Counter, order: Iterable[str]) -> dict:
    """Micro P/R/F1 and the per-label breakdown (labels seen in gold or predictions)."""
    labels = [label for label in order if gold[label] or predicted[label]]
    report = prf(sum(tp.values()), sum(predicted.values()), sum(gold.values()))
    report["per_label"] = {
        label: {**prf(tp[label], predicted[label], gold[label]), "support": gold[label]} for label in labels
    }
    return report


def score(
    task: str,
    gold: list[Turn],
    predictions: Mapping[str, object],
    known_topics: set[str] | None = None,
) -> dict:
    """Score predictions (as from `load_predictions` or a baseline) against the gold turns.

    ner    -> {"task", "exact": {precision, recall, f1, per_label}, "overlap": {...}, "num_gold", "num_predicted"}
    topics -> {"task", precision, recall, f1, per_label, "num_gold", "num_predicted"} over (turn, topic) pairs
    role   -> {"task", "accuracy", per_label, "num_gold", "num_predicted"}

    `per_label` maps each label seen in the gold or the predictions to its precision, recall,
    F1 and support (gold count). Predictions for turns not in `gold` raise ValueError, as do
    topic ids outside `known_topics` when it is given.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")
    ids = {turn.id for turn in gold}
    strays = sorted(set(predictions) - ids)
    if strays:
        raise ValueError(f"predictions for turns that are not in the gold: {', '.join(strays[:5])}")
    if task == "ner":
        return _score_ner(gold, predictions)
    if task == "topics":
        return _score_topics(gold, predictions, known_topics)
    return _score_role(gold, predictions)


def _score_ner(gold: list[Turn], predictions: Mapping[str, object]) -> dict:
    gold_count: Counter = Counter()
    pred_count: Counter = Counter()
    exact_tp: Counter = Counter()
    overlap_tp: Counter = Counter()
    for turn in gold:
        gold_spans = [Span(e.start, e.end, e.label) for e in turn.entities]
        pred_spans = [Span(s.start, s.end, s.label) for s in predictions.get(turn.id, ())]  # type: ignore[union-attr]
        for span in pred_spans:
            if span.label not in ENTITY_LABELS:
                raise ValueError(f"turn {turn.id}: unknown entity label {span.label!r}")
        gold_count.update(s.label for s in gold_spans)
        pred_count.update(s.label for s in pred_spans)
        exact_tp.update(s.label for s in (Counter(gold_spans) & Counter(pred_spans)).elements())
        overlap_tp.update(s.label for s in _match_overlapping(gold_spans, pred_spans))
    return {
        "task": "ner",
        "exact": _report(exact_tp, pred_count, gold_count, ENTITY_LABELS),
        "overlap": _report(overlap_tp, pred_count, gold_count, ENTITY_LABELS),
        "num_gold": sum(gold_count.values()),
        "num_predicted": sum(pred_count.values()),
    }


def _match_overlapping(gold: list[Span], predicted: list[Span]) -> list[Span]:
    """Gold spans matched one-to-one to a predicted span of the same label sharing characters.

    Greedy: candidate pairs by decreasing overlap (ties: by gold, then predicted position).
    """
    pairs = []
    for g, gs in enumerate(gold):
        for p, ps in enumerate(predicted):
            if gs.label == ps.label:
                overlap = min(gs.end, ps.end) - max(gs.start, ps.start)
                if overlap > 0:
                    pairs.append((-overlap, gs.start, gs.end, ps.start, ps.end, g, p))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for *_, g, p in pairs:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            matched.append(gold[g])
    return matched


def _score_topics(gold: list[Turn], predictions: Mapping[str, object], known_topics: set[str] | None) -> dict:
    gold_count: Counter = Counter()
    pred_count: Counter = Counter()
    tp: Counter = Counter()
    for turn in gold:
        predicted = set(predictions.get(turn.id, ()))  # type: ignore[arg-type]
        if known_topics is not None and not predicted <= known_topics:
            raise ValueError(f"turn {turn.id}: unknown topic ids {sorted(predicted - known_topics)}")
        gold_topics = set(turn.topics)
        gold_count.update(gold_topics)
        pred_count.update(predicted)
        tp.update(gold_topics & predicted)
    return {
        "task": "topics",
        **_report(tp, pred_count, gold_count, sorted(set(gold_count) | set(pred_count))),
        "num_gold": sum(gold_count.values()),
        "num_predicted": sum(pred_count.values()),
    }


def _score_role(gold: list[Turn], predictions: Mapping[str, object]) -> dict:
    gold_count: Counter = Counter()
    pred_count: Counter = Counter()
    tp: Counter = Counter()
    for turn in gold:
        gold_count[turn.speaker_role] += 1
        predicted = predictions.get(turn.id)
        if predicted is None:
            continue
        if predicted not in SPEAKER_ROLES:
            raise ValueError(f"turn {turn.id}: unknown speaker role {predicted!r}")
        pred_count[predicted] += 1
        if predicted == turn.speaker_role:
            tp[predicted] += 1
    report = _report(tp, pred_count, gold_count, SPEAKER_ROLES)
    num_gold = sum(gold_count.values())
    return {
        "task": "role",
        "accuracy": sum(tp.values()) / num_gold if num_gold else 0.0,
        "per_label": report["per_label"],
        "num_gold": num_gold,
        "num_predicted": sum(pred_count.values()),
    }
