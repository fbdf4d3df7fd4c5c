"""Score predictions against the gold turns of a published folder, for the three benchmark tasks.

The gold is read from a published Hugging Face folder alone (`load_gold`: a downloaded or copied
`dist/hf`, no checkout needed): the topic label space is the topic ClassLabel of the data (with
`taxonomy.yaml` beside it). By default only gold turns of the `test` split are scored;
automatic (unreviewed) turns never count as gold.

Prediction files are JSON lines (blank lines are ignored):

* `ner`, spans per turn: `{"id": "<turn id>", "entities": [{"start": 0, "end": 5, "label": "PERSON"}, ...]}`
           offsets are code points into the turn text, end exclusive (as in the dataset); an entity
           may also carry `"text"`, which must then equal `text[start:end]`. Labels are OntoNotes
           (`PERSON`, `GPE`, ...) or the CoNLL view's (`PER`, `LOC`, `ORG`, `MISC`; recognised by
           `PER`/`MISC`, or chosen with `scheme="conll"`).
* `ner`, token tags per `ner` row: `{"id": "<ner row id>", "ner_tags": ["B-PERSON", "O", ...]}`
           (IOB2 over OntoNotes, one tag per token of the row), or `"conll_tags": ["B-PER", ...]`
           (the CoNLL view); tags may be names or ClassLabel indexes. They are turned into
           character spans of the turn (tokens are slices of the turn text), so both forms are
           scored the same way. IOB2 is read leniently, as conlleval does: an `I-X` that does
           not continue an `X` starts a new entity.
* `topics` `{"id": "<turn id>", "topics": ["<topic id>", ...]}` (ids of the data's topic ClassLabel)
* `role`   `{"id": "<turn id>", "speaker_role": "interviewer" | "interviewee" | "other"}`

A turn missing from the file predicts nothing (no entities, no topics; for `role` it counts
as wrong). A line for a turn of the dataset outside the scored selection (another split, an
automatic turn) is ignored and counted. Predictions are loaded into a dict turn id -> value
(`list[Span]`, `list[str]` or `str`), the same form the baselines (`baselines.py`) produce,
and scored with `score`.

Metrics are micro-averaged. Convention: a ratio whose denominator is 0 is 0.0 (precision
with no predictions, recall with no gold items, F1 when precision + recall is 0), so an
empty prediction file scores 0.0 everywhere and the gold itself scores 1.0 (on gold that
has at least one item).

NER is scored twice: `exact` (same start, end and label; what seqeval's strict IOB2 mode
computes on token-aligned spans) and `overlap` (same label, spans share at least one
character; each gold span matches at most one predicted span and vice versa, greedily by
largest overlap, ties broken by position). In the CoNLL view the gold labels are mapped with
`schema.ONTONOTES_TO_CONLL` (numeric and temporal types dropped) before scoring.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .errors import DatasetError, Problem, did_you_mean, display_path, excerpt, read_input_bytes
from .schema import CONLL_TAGS, ENTITY_LABELS, NER_TAGS, ONTONOTES_TO_CONLL, SPEAKER_ROLES, SPLITS, NerSentence, Turn

__all__ = ["TASKS", "Span", "GoldSet", "load_gold", "load_predictions", "score", "Scorer", "prf", "summary"]

#: The CoNLL-2003 view's entity labels.
CONLL_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")
#: Label schemes for NER predictions: OntoNotes (the dataset's) and the CoNLL view.
SCHEMES = {"ontonotes": ENTITY_LABELS, "conll": CONLL_LABELS}

#: The tasks that can be scored.
TASKS: tuple[str, ...] = ("ner", "topics", "role")

#: The key that holds the prediction on each line, per task.
_VALUE_KEY = {"ner": "entities", "topics": "topics", "role": "speaker_role"}
_EXAMPLE = {
    "ner": '{"id": "<turn id>", "entities": [{"start": 0, "end": 12, "label": "PERSON"}]}',
    "topics": '{"id": "<turn id>", "topics": ["<topic id>"]}',
    "role": '{"id": "<turn id>", "speaker_role": "interviewee"}',
}
_EXAMPLE_TOKENS = '{"id": "<ner row id>", "ner_tags": ["B-PERSON", "I-PERSON", "O"]}'

#: At most this many problems are listed for one file (then a count of the rest).
_MAX_PROBLEMS = 50


class Span(NamedTuple):
    """A predicted entity: code-point offsets into the turn text (end exclusive) and label."""

    start: int
    end: int
    label: str


def _check_task(task: str) -> None:
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; use one of {', '.join(TASKS)}")


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
    return did_you_mean(value, choices)


class Predictions(dict):
    """turn id -> prediction, with what loading found: the NER label `scheme`, and how many lines
    were `ignored` (turns of the dataset outside the scored selection)."""

    scheme: str = "ontonotes"
    ignored: int = 0
    form: str = ""


@dataclass
class GoldSet:
    """The gold of a published folder, as selected for scoring."""

    hf_dir: Path
    turns: list[Turn]
    split: str
    include_automatic: bool
    topics: tuple[str, ...]
    all_turn_ids: set[str] = field(default_factory=set)
    ner_rows: list[NerSentence] | None = None
    all_ner_ids: set[str] = field(default_factory=set)

    @property
    def selection(self) -> str:
        which = "gold and automatic" if self.include_automatic else "gold"
        return f"split {self.split}, {which} turns"


def load_gold(
    path: Path | str, split: str = "test", include_automatic: bool = False, ner_rows: bool = False
) -> GoldSet:
    """The turns to score from a published folder (the HF folder itself, or a `dist/` with `hf/`).

    `split`: one of the splits, or `all`. Only `annotation_source == "gold"` turns unless
    `include_automatic`. `ner_rows`: also read the `ner` config (for token-tag predictions)."""
    from .published import hf_folder, read_config, splits_present, written_topic_names

    hf = hf_folder(Path(path))
    if split != "all" and split not in SPLITS:
        raise DatasetError.at(
            hf, f"unknown split {excerpt(split)}{did_you_mean(split, SPLITS)}", f"use one of {', '.join(SPLITS)} or all"
        )
    present = splits_present(hf, "turns")
    if not present:
        read_config(hf, "turns", Turn)  # raises the error naming the folder
    by_split = {s: read_config(hf, "turns", Turn, split=s) for s in present}
    if split != "all" and split not in by_split:
        raise DatasetError.at(
            hf / "data" / "turns",
            f"no turns in split {split!r}",
            f"choose --split {' or '.join([*present, 'all'])}",
        )
    candidates = [t for s in present for t in by_split[s]] if split == "all" else by_split[split]
    chosen = [t for t in candidates if include_automatic or t.annotation_source == "gold"]
    all_ids = {t.id for s in present for t in by_split[s]}
    gold = GoldSet(hf, chosen, split, include_automatic, written_topic_names(hf), all_ids)
    if not chosen:
        sources = sorted({t.annotation_source for t in candidates})
        raise DatasetError.at(
            hf,
            f"no gold turns in split {split} (annotation sources there: {', '.join(sources) or 'none'})",
            f"choose another --split ({', '.join([*present, 'all'])}); automatic turns are never gold",
        )
    if ner_rows:
        chosen_ids = {t.id for t in chosen}
        rows = read_config(hf, "ner", NerSentence)
        gold.all_ner_ids = {r.id for r in rows}
        gold.ner_rows = [r for r in rows if r.turn_id in chosen_ids]
    return gold


class _LineError(Exception):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def load_predictions(
    path: Path | str,
    task: str,
    gold: list[Turn] | GoldSet,
    known_topics: set[str] | None = None,
    scheme: str | None = None,
) -> Predictions:
    """Read and check a predictions file; return turn id -> prediction (a `Predictions` dict).

    ner -> `list[Span]` (sorted), topics -> `list[str]` (in the file's order), role -> `str`.
    `gold` is a `GoldSet` (from `load_gold`) or the list of turns scored. `known_topics` (the
    topic ids) is required for `topics` unless `gold` is a `GoldSet`, which carries them.
    `scheme` (`ontonotes`, `conll`) fixes the NER label set; by default it is recognised.

    Raises `DatasetError` listing every bad line (file, 1-based line, what is wrong, how to
    fix it): malformed JSON, missing or unknown keys, wrong types, unknown or repeated ids,
    unknown labels / topic ids / roles, offsets outside the turn text or end <= start, a tag
    sequence whose length differs from the row's tokens. Bad values are quoted in short excerpts.
    """
    _check_task(task)
    if scheme is not None and scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    gold_set = gold if isinstance(gold, GoldSet) else None
    turns_list = gold_set.turns if gold_set else list(gold)
    if task == "topics" and known_topics is None:
        if gold_set is None:
            raise ValueError("scoring topics needs known_topics (the taxonomy's topic ids)")
        known_topics = set(gold_set.topics)
    path = Path(path)
    shown = display_path(path)
    data = read_input_bytes(path, "predictions file", "check the path")

    turns = {turn.id: turn for turn in turns_list}
    others = (gold_set.all_turn_ids - set(turns)) if gold_set else set()
    rows = {r.id: r for r in (gold_set.ner_rows or [])} if gold_set else {}
    other_rows = (gold_set.all_ner_ids - set(rows)) if gold_set else set()
    context = _Context(task, turns, others, rows, other_rows, known_topics)
    parsed: list[tuple[int, str, object]] = []
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
            item = _parse_line(line, context)
        except _LineError as error:
            problems.append(Problem(shown, error.message, error.hint, number))
            continue
        if item is None:
            context.ignored += 1
            continue
        parsed.append((number, *item))
    forms = sorted(context.forms)
    if len(forms) > 1:
        problems.append(
            Problem(
                shown,
                f"the file mixes prediction forms ({', '.join(forms)})",
                "keep one form per file: spans per turn (`entities`), or token tags per `ner` row "
                "(`ner_tags` or `conll_tags`)",
                context.forms[forms[1]],
            )
        )
    chosen_scheme = scheme or _recognise_scheme(context)
    predictions = Predictions()
    predictions.ignored = context.ignored
    predictions.scheme = chosen_scheme
    predictions.form = forms[0] if forms else ""
    first_line: dict[str, int] = {}
    labels = SCHEMES[chosen_scheme]
    for number, key, value in parsed:
        if key in first_line:
            problems.append(
                Problem(
                    shown,
                    f"{'row' if key in rows else 'turn'} {key!r} appears again (first on line {first_line[key]})",
                    "keep exactly one line per id",
                    number,
                )
            )
            continue
        first_line[key] = number
        if task == "ner" and key not in rows:
            bad = next((sp.label for sp in value if sp.label not in labels), None)  # type: ignore[union-attr]
            if bad is not None:
                problems.append(
                    Problem(
                        shown,
                        f"label {bad!r} is not a{'n OntoNotes' if chosen_scheme == 'ontonotes' else ' CoNLL'} label, "
                        f"and the file's labels are {chosen_scheme}{did_you_mean(bad, labels)}",
                        f"use one label set per file: {', '.join(labels)}",
                        number,
                    )
                )
                continue
        predictions[key] = value
    if problems:
        if len(problems) > _MAX_PROBLEMS:
            rest = len(problems) - _MAX_PROBLEMS
            problems = problems[:_MAX_PROBLEMS] + [
                Problem(shown, f"... and {rest} more problems", "fix the ones above first")
            ]
        raise DatasetError(problems)
    if task == "ner" and rows and predictions.form != "spans":
        return _spans_from_rows(predictions, rows, turns)
    return predictions


@dataclass
class _Context:
    task: str
    turns: Mapping[str, Turn]
    other_turns: set[str]
    rows: Mapping[str, NerSentence]
    other_rows: set[str]
    known_topics: set[str] | None
    ignored: int = 0
    forms: dict[str, int] = field(default_factory=dict)
    labels_seen: set[str] = field(default_factory=set)


def _recognise_scheme(context: _Context) -> str:
    if "conll_tags" in context.forms:
        return "conll"
    if "ner_tags" in context.forms:
        return "ontonotes"
    conll_only = set(CONLL_LABELS) - set(ENTITY_LABELS)
    return "conll" if context.labels_seen & conll_only else "ontonotes"


def _spans_from_rows(
    predictions: Predictions, rows: Mapping[str, NerSentence], turns: Mapping[str, Turn]
) -> Predictions:
    """Token tags per `ner` row -> character spans per turn (tokens are slices of the turn text)."""
    by_turn: dict[str, list[NerSentence]] = {}
    for row in rows.values():
        by_turn.setdefault(row.turn_id, []).append(row)
    out = Predictions()
    out.scheme, out.ignored, out.form = predictions.scheme, predictions.ignored, predictions.form
    for turn_id, sentences in by_turn.items():
        if not any(r.id in predictions for r in sentences):
            continue
        text = turns[turn_id].text
        pos = 0
        spans: list[Span] = []
        for row in sorted(sentences, key=lambda r: r.sentence_index):
            offsets = []
            for token in row.tokens:
                start = text.find(token, pos)
                if start < 0:
                    raise ValueError(f"turn {turn_id}: token {token!r} of row {row.id} is not in the turn text")
                offsets.append((start, start + len(token)))
                pos = start + len(token)
            tags = predictions.get(row.id)
            if tags is None:
                continue
            spans.extend(Span(offsets[a][0], offsets[b - 1][1], label) for a, b, label in iob2_spans(tags))
        out[turn_id] = sorted(spans)
    return out


def iob2_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities of an IOB2 tag sequence as (first token, end token exclusive, label).

    Lenient, as conlleval: an `I-X` that does not continue an `X` entity starts a new one."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and label == kind:
            continue
        if start is not None:
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I"):
            start, label = i, kind
    return spans


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        repeated = next(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
        raise _LineError(f"key {excerpt(repeated)} appears twice in one object", "give each key once")
    return obj


_TAG_KEYS = {"ner_tags": NER_TAGS, "conll_tags": CONLL_TAGS}


def _parse_line(line: str, context: _Context) -> tuple[str, object] | None:
    """(id, value) of one line, or None for a line about a turn outside the scored selection."""
    task = context.task
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
            f"unreadable JSON: {type(error).__name__}: {excerpt(str(error))}",
            f"write one flat JSON object per line, e.g. {example}",
        ) from None
    if not isinstance(obj, dict):
        raise _LineError(
            f"expected a JSON object, got {_json_type(obj)}", f"write one JSON object per line, e.g. {example}"
        )
    keys = [key]
    if task == "ner":
        present = [k for k in ("entities", *_TAG_KEYS) if k in obj]
        keys = present[:1] or ["entities"]
        if len(present) > 1:
            raise _LineError(
                f"the line has both {present[0]!r} and {present[1]!r}",
                "give spans (`entities`) or token tags (`ner_tags` / `conll_tags`), not both",
            )
    missing = [k for k in ("id", *keys) if k not in obj]
    if missing:
        raise _LineError(
            f"missing key {', '.join(repr(k) for k in missing)}",
            f"every {task} line needs 'id' and {key!r}, e.g. {example}"
            + (f", or token tags per ner row: {_EXAMPLE_TOKENS}" if task == "ner" else ""),
        )
    unknown = sorted(set(obj) - {"id", *keys})
    if unknown:
        raise _LineError(
            f"unknown key {', '.join(excerpt(k) for k in unknown)}"
            + did_you_mean(unknown[0], ["id", key, *(_TAG_KEYS if task == "ner" else ())]),
            f"a {task} line has only 'id' and {keys[0]!r}; remove the others",
        )
    item_id = obj["id"]
    if not isinstance(item_id, str):
        raise _LineError(
            f"'id' must be a string, got {_json_type(item_id)}", 'use the turn id as a string, e.g. "my-interview-003"'
        )
    value = obj[keys[0]]
    if keys[0] in _TAG_KEYS:
        context.forms.setdefault(keys[0], 0)
        if item_id not in context.rows:
            if item_id in context.other_rows:
                return None
            raise _LineError(
                f"unknown ner row id {excerpt(item_id)}{did_you_mean(item_id, context.rows)}",
                "use the `id` of the `ner` config's rows (e.g. my-interview-003-s000) of the turns being scored",
            )
        return item_id, _parse_tags(value, context.rows[item_id], keys[0])
    if task == "ner":
        context.forms.setdefault("spans", 0)
    if item_id not in context.turns:
        if item_id in context.other_turns:
            return None
        raise _LineError(
            f"unknown turn id {excerpt(item_id)}{did_you_mean(item_id, context.turns)}",
            "use the ids of the gold turns being scored (the `id` column of the turns)",
        )
    if task == "ner":
        spans = _parse_entities(value, context.turns[item_id], example)
        context.labels_seen.update(s.label for s in spans)
        return item_id, spans
    if task == "topics":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _LineError(
                f"'topics' must be a list of strings, got {_json_type(value)}",
                f"write the topic ids as a list, e.g. {example}",
            )
        known_topics = context.known_topics or set()
        for topic in value:
            if topic not in known_topics:
                raise _LineError(
                    f"unknown topic id {excerpt(topic)}{did_you_mean(topic, known_topics)}",
                    "use topic ids of the data (the `topics` ClassLabel names; taxonomy.yaml beside the data)",
                )
        repeated = [t for t, n in Counter(value).items() if n > 1]
        if repeated:
            raise _LineError(f"topic {excerpt(repeated[0])} repeats", "list each topic once")
        return item_id, list(value)
    if not isinstance(value, str):
        raise _LineError(
            f"'speaker_role' must be a string, got {_json_type(value)}", f"use one of {', '.join(SPEAKER_ROLES)}"
        )
    if value not in SPEAKER_ROLES:
        raise _LineError(
            f"unknown speaker role {excerpt(value)}{did_you_mean(value, SPEAKER_ROLES)}",
            f"use one of {', '.join(SPEAKER_ROLES)}",
        )
    return item_id, value


def _parse_tags(value: object, row: NerSentence, key: str) -> list[str]:
    names = _TAG_KEYS[key]
    if not isinstance(value, list):
        raise _LineError(f"{key!r} must be a list of tags, got {_json_type(value)}", f"e.g. {_EXAMPLE_TOKENS}")
    if len(value) != len(row.tokens):
        raise _LineError(
            f"{len(value)} tag(s) for the {len(row.tokens)} token(s) of row {row.id}",
            "give exactly one tag per token of the row (the `tokens` column of the `ner` config)",
        )
    tags = []
    for k, tag in enumerate(value):
        if _is_int(tag) and 0 <= tag < len(names):
            tags.append(names[tag])
        elif isinstance(tag, str) and tag in names:
            tags.append(tag)
        else:
            raise _LineError(
                f"tag {k + 1} ({excerpt(tag)}) is not a {key} tag{did_you_mean(tag, names)}",
                f"use IOB2 tag names ({', '.join(names[:5])}, ...) or their ClassLabel indexes",
            )
    return tags


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
        if label not in ENTITY_LABELS and label not in CONLL_LABELS:
            raise _LineError(
                f"{what}: unknown label {excerpt(label)}{did_you_mean(label, ENTITY_LABELS + CONLL_LABELS)}",
                f"use the OntoNotes labels ({', '.join(ENTITY_LABELS)}) or the CoNLL view's "
                f"({', '.join(CONLL_LABELS)})",
            )
        if not 0 <= start < end <= n:
            problem = "end must be greater than start" if end <= start else "outside the turn text"
            raise _LineError(
                f"{what}: offsets {start}:{end} are invalid ({problem}; the text of turn {turn.id} has {n} characters)",
                "offsets are code points into the turn text, end exclusive: 0 <= start < end <= len(text)",
            )
        if "text" in item and item["text"] != turn.text[start:end]:
            raise _LineError(
                f"{what}: 'text' {excerpt(item['text'])} differs from the turn text at {start}:{end} "
                f"({excerpt(turn.text[start:end])})",
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
    gold: list[Turn] | GoldSet,
    predictions: Mapping[str, object],
    known_topics: set[str] | None = None,
    scheme: str | None = None,
) -> dict:
    """Score predictions (as from `load_predictions` or a baseline) against the gold turns.

    ner    -> {"task", "exact": {precision, recall, f1, per_label}, "overlap": {...}, "num_gold", "num_predicted"}
    topics -> {"task", precision, recall, f1, per_label, "num_gold", "num_predicted"} over (turn, topic) pairs
    role   -> {"task", "accuracy", per_label, "num_gold", "num_predicted"}

    `per_label` maps each label seen in the gold or the predictions to its precision, recall,
    F1 and support (gold count). Predictions for turns not in `gold` raise ValueError, as do
    topic ids outside `known_topics` when it is given. The turns are counted one at a time by a
    `Scorer`, which a caller that predicts as it reads can feed itself.
    """
    _check_task(task)
    if isinstance(gold, GoldSet):
        known_topics = set(gold.topics) if known_topics is None else known_topics
        gold = gold.turns
    scheme = scheme or getattr(predictions, "scheme", "ontonotes")
    ids = {turn.id for turn in gold}
    strays = sorted(set(predictions) - ids)
    if strays:
        raise ValueError(f"predictions for turns that are not in the gold: {', '.join(strays[:5])}")
    scorer = Scorer(task, known_topics, scheme)
    add, missing = scorer._add, scorer.missing
    for turn in gold:
        add(turn, predictions.get(turn.id, missing))
    return scorer.report()


class Scorer:
    """`score`, one turn at a time: `add(turn, prediction)` for each gold turn (a turn without a
    prediction is added with `missing`), then `report()`, the report `score` returns for the same
    turns and predictions. Only counts per label are kept (micro averages and the per-label
    breakdown are computed from them), so its memory does not grow with the number of turns.

    A turn is anything with the gold fields the task reads (`id`; `entities` with `start`, `end`
    and `label`; `topics`; `speaker_role`). Unlike `score`, it cannot tell a prediction for a turn
    outside the gold: the caller adds only gold turns."""

    def __init__(self, task: str, known_topics: set[str] | None = None, scheme: str = "ontonotes"):
        _check_task(task)
        self.task = task
        self.known_topics = known_topics
        self.scheme = scheme
        self.gold_count: Counter = Counter()
        self.pred_count: Counter = Counter()
        self.tp: Counter = Counter()  # ner: exact matches
        self.overlap_tp: Counter = Counter()  # ner only
        #: What a turn without a prediction is added with (what `score` looks up in its absence).
        self.missing: object = None if task == "role" else ()
        if task == "ner":
            self.labels = SCHEMES[scheme]
        self._add = {"ner": self._add_ner, "topics": self._add_topics, "role": self._add_role}[task]

    def add(self, turn, predicted: object) -> None:
        """Count one gold turn and its prediction (`missing` when it has none)."""
        self._add(turn, predicted)

    def _add_ner(self, turn, predicted: object) -> None:
        labels, scheme = self.labels, self.scheme
        if scheme == "conll":
            gold_spans = [
                Span(e.start, e.end, ONTONOTES_TO_CONLL[e.label])
                for e in turn.entities
                if ONTONOTES_TO_CONLL[e.label] is not None
            ]
        else:
            gold_spans = [Span(e.start, e.end, e.label) for e in turn.entities]
        pred_spans = [Span(s.start, s.end, s.label) for s in predicted]  # type: ignore[attr-defined]
        for span in pred_spans:
            if span.label not in labels:
                raise ValueError(f"turn {turn.id}: entity label {span.label!r} is not in the {scheme} labels")
        self.gold_count.update(s.label for s in gold_spans)
        self.pred_count.update(s.label for s in pred_spans)
        if gold_spans == pred_spans:  # every span matches itself, exactly and (see _match_overlapping) by overlap
            self.tp.update(s.label for s in gold_spans)
            self.overlap_tp.update(s.label for s in gold_spans)
        elif gold_spans and pred_spans:  # otherwise nothing matches
            self.tp.update(s.label for s in (Counter(gold_spans) & Counter(pred_spans)).elements())
            self.overlap_tp.update(s.label for s in _match_overlapping(gold_spans, pred_spans))

    def _add_topics(self, turn, predicted: object) -> None:
        predicted = set(predicted)  # type: ignore[call-overload]
        known_topics = self.known_topics
        if known_topics is not None and not predicted <= known_topics:
            raise ValueError(f"turn {turn.id}: unknown topic ids {sorted(predicted - known_topics)}")
        gold_topics = set(turn.topics)
        self.gold_count.update(gold_topics)
        self.pred_count.update(predicted)
        self.tp.update(gold_topics & predicted)

    def _add_role(self, turn, predicted: object) -> None:
        self.gold_count[turn.speaker_role] += 1
        if predicted is None:
            return
        if predicted not in SPEAKER_ROLES:
            raise ValueError(f"turn {turn.id}: unknown speaker role {predicted!r}")
        self.pred_count[predicted] += 1
        if predicted == turn.speaker_role:
            self.tp[predicted] += 1

    def report(self) -> dict:
        """The `score` report of the turns added so far."""
        gold_count, pred_count, tp = self.gold_count, self.pred_count, self.tp
        if self.task == "ner":
            return {
                "task": "ner",
                "scheme": self.scheme,
                "exact": _report(tp, pred_count, gold_count, self.labels),
                "overlap": _report(self.overlap_tp, pred_count, gold_count, self.labels),
                "num_gold": sum(gold_count.values()),
                "num_predicted": sum(pred_count.values()),
            }
        if self.task == "topics":
            return {
                "task": "topics",
                **_report(tp, pred_count, gold_count, sorted(set(gold_count) | set(pred_count))),
                "num_gold": sum(gold_count.values()),
                "num_predicted": sum(pred_count.values()),
            }
        report = _report(tp, pred_count, gold_count, SPEAKER_ROLES)
        num_gold = sum(gold_count.values())
        return {
            "task": "role",
            "accuracy": sum(tp.values()) / num_gold if num_gold else 0.0,
            "per_label": report["per_label"],
            "num_gold": num_gold,
            "num_predicted": sum(pred_count.values()),
        }


def _match_overlapping(gold: list[Span], predicted: list[Span]) -> list[Span]:
    """Gold spans matched one-to-one to a predicted span of the same label sharing characters.

    Greedy: candidate pairs by decreasing overlap (ties: by gold, then predicted position).
    Identical lists match every span to itself: a pair of different spans overlaps at most the
    shorter one's length, less than the longer one's pair with itself, taken first.
    """
    by_label: dict[str, list[tuple[int, Span]]] = {}
    for p, ps in enumerate(predicted):
        by_label.setdefault(ps.label, []).append((p, ps))
    pairs = []
    for g, gs in enumerate(gold):
        for p, ps in by_label.get(gs.label, ()):  # same label only
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


def summary(result: dict, gold: GoldSet | None = None, predictions: Predictions | None = None) -> str:
    """A short human summary of a `score` result: the headline figures first."""
    task = result["task"]
    lines = []
    where = f" on {gold.selection} ({len(gold.turns)} turns) of {display_path(gold.hf_dir)}" if gold else ""
    lines.append(f"{task}{where}")

    def fmt(r: dict) -> str:
        return f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}"

    if task == "ner":
        lines.append(
            f"  labels: {result['scheme']}; {result['num_gold']} gold entities, {result['num_predicted']} predicted"
        )
        lines.append(f"  exact    micro {fmt(result['exact'])}  (support {result['num_gold']})")
        lines.append(f"  overlap  micro {fmt(result['overlap'])}  (support {result['num_gold']})")
    elif task == "topics":
        lines.append(f"  {result['num_gold']} gold (turn, topic) pairs, {result['num_predicted']} predicted")
        lines.append(f"  micro {fmt(result)}  (support {result['num_gold']})")
    else:
        lines.append(
            f"  accuracy {result['accuracy']:.3f}  ({result['num_gold']} turns, {result['num_predicted']} predicted)"
        )
    if predictions is not None and predictions.ignored:
        lines.append(f"  note: {predictions.ignored} line(s) for turns outside the scored selection were ignored")
    lines.append("  (per-label scores: --json)")
    return "\n".join(lines)
