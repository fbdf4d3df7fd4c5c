"""Loading and scoring predictions for the ner, topics and role tasks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from interview_dataset import ner
from interview_dataset.errors import DatasetError
from interview_dataset.evaluate import Span, _match_overlapping, load_predictions, prf, score
from interview_dataset.schema import ENTITY_LABELS, Entity, Turn

TOPICS = {"war", "energy", "solidarity", "economy"}


def make_turn(text, entities=(), index=0, role="interviewee", topics=(), interview="iv") -> Turn:
    return Turn(
        id=f"{interview}-{index:03d}",
        interview_id=interview,
        turn_index=index,
        speaker="A",
        speaker_role=role,
        text=text,
        topics=list(topics),
        entities=list(entities),
        annotation_source="gold",
        date=None,
        source_start=0,
        source_end=1,
        start_seconds=None,
        end_seconds=None,
    )


def ent(text: str, surface: str, label: str) -> Entity:
    start = text.index(surface)
    return Entity(text=surface, label=label, start=start, end=start + len(surface))


T0 = "Taras Bilous lives in Kyiv with his parents."
T1 = "What happened in New York City in February 2022?"
T2 = "Russia attacked Ukraine’s power grid."


@pytest.fixture
def gold() -> list[Turn]:
    return [
        make_turn(T0, [ent(T0, "Taras Bilous", "PERSON"), ent(T0, "Kyiv", "GPE")], 0, "interviewee", ["war"]),
        make_turn(
            T1,
            [ent(T1, "New York City", "GPE"), ent(T1, "February 2022", "DATE")],
            1,
            "interviewer",
            ["war", "economy"],
        ),
        make_turn(T2, [], 2, "interviewee", ["energy"]),
    ]


def gold_predictions(task: str, turns: list[Turn]) -> dict:
    if task == "ner":
        return {t.id: [Span(e.start, e.end, e.label) for e in t.entities] for t in turns}
    if task == "topics":
        return {t.id: list(t.topics) for t in turns}
    return {t.id: t.speaker_role for t in turns}


def all_metrics(report: dict) -> list[float]:
    values = []
    for key, value in report.items():
        if key in ("precision", "recall", "f1", "accuracy"):
            values.append(value)
        elif key == "per_label":
            values += [v for row in value.values() for k, v in row.items() if k != "support"]
        elif isinstance(value, dict):
            values += all_metrics(value)
    return values


# --------------------------------------------------------------------------- scoring


@pytest.mark.parametrize("task", ["ner", "topics", "role"])
def test_gold_predictions_score_one(task, gold):
    report = score(task, gold, gold_predictions(task, gold), known_topics=TOPICS)
    assert report["task"] == task
    values = all_metrics(report)
    assert values and all(v == 1.0 for v in values)


@pytest.mark.parametrize("task", ["ner", "topics", "role"])
def test_empty_predictions_score_zero(task, gold):
    report = score(task, gold, {}, known_topics=TOPICS)
    values = all_metrics(report)
    assert values and all(v == 0.0 for v in values)
    assert report["num_predicted"] == 0


def test_ner_report_shape(gold):
    report = score("ner", gold, gold_predictions("ner", gold))
    assert report["num_gold"] == report["num_predicted"] == 4
    for kind in ("exact", "overlap"):
        assert set(report[kind]) == {"precision", "recall", "f1", "per_label"}
        # Labels seen in gold or predictions, in ENTITY_LABELS order.
        assert list(report[kind]["per_label"]) == ["PERSON", "GPE", "DATE"]
        assert report[kind]["per_label"]["GPE"]["support"] == 2


def test_partial_ner_prediction_hand_computed(gold):
    predictions = {
        "iv-000": [Span(0, 12, "PERSON")],  # exact
        "iv-001": [Span(17, 25, "GPE"), Span(34, 42, "PERSON")],  # "New York" (overlap only), "February" wrong label
    }
    report = score("ner", gold, predictions)
    # exact: tp 1, predicted 3, gold 4
    assert report["exact"]["precision"] == pytest.approx(1 / 3)
    assert report["exact"]["recall"] == pytest.approx(1 / 4)
    assert report["exact"]["f1"] == pytest.approx(2 / 7)
    # overlap: "New York" matches "New York City" -> tp 2
    assert report["overlap"]["precision"] == pytest.approx(2 / 3)
    assert report["overlap"]["recall"] == pytest.approx(1 / 2)
    assert report["overlap"]["f1"] == pytest.approx(4 / 7)
    per_label = report["overlap"]["per_label"]
    assert per_label["GPE"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert per_label["PERSON"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3), "support": 1}
    assert per_label["DATE"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert report["exact"]["per_label"]["GPE"]["precision"] == 0.0


def test_overlap_matching_is_one_to_one_and_label_sensitive():
    text = "New York City and Los Angeles."
    turn = make_turn(text, [ent(text, "New York City", "GPE"), ent(text, "Los Angeles", "GPE")])
    # Two predictions overlap one gold span: only one can match (the larger overlap).
    report = score("ner", [turn], {turn.id: [Span(0, 8, "GPE"), Span(4, 13, "GPE")]})
    assert report["overlap"]["precision"] == 0.5 and report["overlap"]["recall"] == 0.5
    # One prediction covering both gold spans matches only one of them.
    report = score("ner", [turn], {turn.id: [Span(0, 29, "GPE")]})
    assert report["overlap"]["precision"] == 1.0 and report["overlap"]["recall"] == 0.5
    # Overlapping with the wrong label does not count.
    report = score("ner", [turn], {turn.id: [Span(0, 8, "LOC")]})
    assert report["overlap"]["f1"] == 0.0
    # Touching (end == start) is not overlapping.
    report = score("ner", [turn], {turn.id: [Span(13, 18, "GPE")]})
    assert report["overlap"]["f1"] == 0.0


def test_overlap_matching_is_greedy_by_largest_overlap_and_deterministic():
    g = [Span(0, 5, "PERSON"), Span(6, 11, "PERSON")]
    # Prediction A overlaps gold 0 by 5 and gold 1 by 1; B overlaps gold 0 by 2 only.
    a, b = Span(0, 7, "PERSON"), Span(3, 5, "PERSON")
    assert _match_overlapping(g, [b, a]) == [g[0]]
    # A tie (overlap 2 with both gold spans): the leftmost gold span wins, whatever the order.
    c = Span(3, 8, "PERSON")
    assert _match_overlapping(g, [c]) == _match_overlapping(list(reversed(g)), [c]) == [g[0]]


def test_partial_topics_hand_computed(gold):
    predictions = {"iv-000": ["war", "energy"], "iv-001": ["economy"]}
    report = score("topics", gold, predictions, known_topics=TOPICS)
    # gold pairs 4, predicted 3, correct 2 (iv-000 war, iv-001 economy)
    assert report["precision"] == pytest.approx(2 / 3)
    assert report["recall"] == pytest.approx(1 / 2)
    assert report["f1"] == pytest.approx(4 / 7)
    assert report["per_label"]["war"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert report["per_label"]["energy"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert (report["num_gold"], report["num_predicted"]) == (4, 3)
    with pytest.raises(ValueError, match="unknown topic"):
        score("topics", gold, {"iv-000": ["peace"]}, known_topics=TOPICS)


def test_partial_role_hand_computed_missing_turn_counts_as_wrong(gold):
    report = score("role", gold, {"iv-000": "interviewee", "iv-001": "interviewee"})
    assert report["accuracy"] == pytest.approx(1 / 3)
    assert report["per_label"]["interviewee"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert report["per_label"]["interviewer"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert "other" not in report["per_label"]


def test_zero_over_zero_is_zero():
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert prf(0, 3, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert score("ner", [make_turn("Nothing here.")], {})["exact"]["f1"] == 0.0


def test_score_rejects_predictions_for_unknown_turns(gold):
    with pytest.raises(ValueError, match="not in the gold"):
        score("role", gold, {"zz-000": "other"})
    with pytest.raises(ValueError, match="unknown task"):
        score("sentiment", gold, {})


# --------------------------------------------------------------------------- seqeval agreement


def _iob2(turns, spans_by_turn):
    return [row.ner_tags for row in ner.sentences_for_turns(turns, entities=spans_by_turn)]


def _assert_agrees_with_seqeval(turns, predictions):
    gold_spans = {t.id: [Span(e.start, e.end, e.label) for e in t.entities] for t in turns}
    y_true, y_pred = _iob2(turns, gold_spans), _iob2(turns, predictions)
    ours = score("ner", turns, predictions)["exact"]
    kwargs = dict(mode="strict", scheme=IOB2, zero_division=0)
    assert ours["precision"] == pytest.approx(precision_score(y_true, y_pred, **kwargs))
    assert ours["recall"] == pytest.approx(recall_score(y_true, y_pred, **kwargs))
    assert ours["f1"] == pytest.approx(f1_score(y_true, y_pred, **kwargs))
    report = classification_report(y_true, y_pred, output_dict=True, **kwargs)
    assert set(ours["per_label"]) == {k for k in report if not k.endswith(" avg")}
    for label, row in ours["per_label"].items():
        assert row["precision"] == pytest.approx(report[label]["precision"])
        assert row["recall"] == pytest.approx(report[label]["recall"])
        assert row["f1"] == pytest.approx(report[label]["f1-score"])
        assert row["support"] == report[label]["support"]


def test_exact_scores_agree_with_seqeval_on_a_fixed_example(gold):
    predictions = {
        "iv-000": [Span(0, 12, "PERSON"), Span(22, 26, "LOC")],
        "iv-001": [Span(17, 25, "GPE"), Span(34, 42, "DATE")],
        "iv-002": [Span(0, 6, "GPE"), Span(16, 23, "GPE")],
    }
    _assert_agrees_with_seqeval(gold, predictions)


_WORDS = ["Kyiv", "Taras", "Bilous", "New", "York", "war", "the", ".", ",", "’s", "2022", "!"]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # seqeval averages empty reports
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_exact_scores_agree_with_seqeval_on_random_token_aligned_spans(data):
    nlp = ner.make_tokenizer()
    turns = []

    def random_spans(doc):
        spans, taken = [], set()
        sentences = [(s.start, s.end) for s in doc.sents]
        for _ in range(data.draw(st.integers(0, 4))):
            lo, hi = data.draw(st.sampled_from(sentences))
            a = data.draw(st.integers(lo, hi - 1))
            b = data.draw(st.integers(a + 1, min(hi, a + 3)))
            if taken & set(range(a, b)) or doc[a].is_space or doc[b - 1].is_space:
                continue
            taken |= set(range(a, b))
            spans.append(
                Span(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), data.draw(st.sampled_from(ENTITY_LABELS[:4])))
            )
        return sorted(spans)

    predictions = {}
    for i in range(data.draw(st.integers(1, 3))):
        text = " ".join(data.draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25)))
        doc = nlp(text)
        gold_spans = random_spans(doc)
        entities = [Entity(text=text[s.start : s.end], label=s.label, start=s.start, end=s.end) for s in gold_spans]
        turns.append(make_turn(text, entities, index=i))
        # Predictions: some gold spans kept (some relabelled), or random spans.
        keep = [
            s if data.draw(st.booleans()) else s._replace(label=data.draw(st.sampled_from(ENTITY_LABELS[:4])))
            for s in gold_spans
            if data.draw(st.booleans())
        ]
        pred = random_spans(doc) if data.draw(st.booleans()) else keep
        predictions[turns[-1].id] = pred
    _assert_agrees_with_seqeval(turns, predictions)


# --------------------------------------------------------------------------- loading


def write(tmp_path: Path, lines: list[str], name: str = "predictions.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("task", ["ner", "topics", "role"])
def test_gold_written_as_jsonl_loads_back_and_scores_one(task, gold, tmp_path):
    key = {"ner": "entities", "topics": "topics", "role": "speaker_role"}[task]
    lines = []
    for turn in gold:
        value = {
            "ner": [{"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in turn.entities],
            "topics": turn.topics,
            "role": turn.speaker_role,
        }[task]
        lines += [json.dumps({"id": turn.id, key: value}, ensure_ascii=False), ""]
    path = write(tmp_path, lines)
    predictions = load_predictions(path, task, gold, known_topics=TOPICS)
    assert predictions == gold_predictions(task, gold)
    assert all(v == 1.0 for v in all_metrics(score(task, gold, predictions, known_topics=TOPICS)))


def test_empty_file_and_missing_turns_predict_nothing(gold, tmp_path):
    path = write(tmp_path, ["", "   "])
    assert load_predictions(path, "ner", gold) == {}
    path = write(tmp_path, ['{"id": "iv-002", "speaker_role": "interviewee"}'])
    predictions = load_predictions(path, "role", gold)
    assert score("role", gold, predictions)["accuracy"] == pytest.approx(1 / 3)


def test_byte_order_mark_is_accepted(gold, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "iv-000", "speaker_role": "other"}\n')
    assert load_predictions(path, "role", gold) == {"iv-000": "other"}


OK_NER = '{"id": "iv-000", "entities": []}'

BAD_LINES = [
    # task, lines, bad line number, message fragment
    ("ner", [OK_NER, '{"id": "iv-001", "entities": [}'], 2, "not valid JSON"),
    ("ner", ["", '["iv-000"]'], 2, "expected a JSON object, got a list"),
    ("ner", ['{"entities": []}'], 1, "missing key 'id'"),
    ("ner", ['{"id": "iv-000"}'], 1, "missing key 'entities'"),
    ("ner", ['{"id": "iv-000", "entities": [], "score": 1}'], 1, "unknown key 'score'"),
    ("ner", ['{"id": "iv-000", "entities": [], "id": "iv-001"}'], 1, "key 'id' appears twice"),
    ("ner", ['{"id": 3, "entities": []}'], 1, "'id' must be a string, got an integer"),
    ("ner", [OK_NER, "", '{"id": "iv-009", "entities": []}'], 3, "unknown turn id 'iv-009'"),
    ("ner", [OK_NER, '{"id": "iv-001", "entities": []}', OK_NER], 3, "appears again (first on line 1)"),
    ("ner", ['{"id": "iv-000", "entities": {}}'], 1, "'entities' must be a list"),
    ("ner", ['{"id": "iv-000", "entities": ["Kyiv"]}'], 1, "entity 1 must be an object"),
    ("ner", ['{"id": "iv-000", "entities": [{"start": 0, "end": 5}]}'], 1, "entity 1 is missing 'label'"),
    (
        "ner",
        ['{"id": "iv-000", "entities": [{"start": 0, "end": 5, "label": "PERSON", "score": 0.9}]}'],
        1,
        "unknown key 'score'",
    ),
    ("ner", ['{"id": "iv-000", "entities": [{"start": 0, "end": 5, "label": "PERSN"}]}'], 1, "unknown label 'PERSN'"),
    ("ner", ['{"id": "iv-000", "entities": [{"start": 0, "end": 5, "label": 3}]}'], 1, "'label' must be a string"),
    (
        "ner",
        ['{"id": "iv-000", "entities": [{"start": 0.0, "end": 5, "label": "PERSON"}]}'],
        1,
        "'start' must be an integer, got a number",
    ),
    (
        "ner",
        ['{"id": "iv-000", "entities": [{"start": 0, "end": true, "label": "PERSON"}]}'],
        1,
        "'end' must be an integer, got a boolean",
    ),
    (
        "ner",
        ['{"id": "iv-000", "entities": [{"start": 5, "end": 5, "label": "PERSON"}]}'],
        1,
        "end must be greater than start",
    ),
    (
        "ner",
        ['{"id": "iv-000", "entities": [{"start": 40, "end": 99, "label": "PERSON"}]}'],
        1,
        "outside the turn text",
    ),
    ("ner", ['{"id": "iv-000", "entities": [{"start": -1, "end": 5, "label": "PERSON"}]}'], 1, "outside the turn text"),
    (
        "ner",
        ['{"id": "iv-000", "entities": [{"start": 0, "end": 5, "label": "PERSON", "text": "Bilous"}]}'],
        1,
        "differs from the turn text",
    ),
    (
        "ner",
        [
            '{"id": "iv-000", "entities": [{"start": 0, "end": 5, "label": "PERSON"}, '
            '{"start": 0, "end": 5, "label": "PERSON"}]}'
        ],
        1,
        "listed twice",
    ),
    ("topics", ['{"id": "iv-000", "topics": ["wars"]}'], 1, "unknown topic id 'wars' (did you mean 'war'?)"),
    ("topics", ['{"id": "iv-000", "topics": "war"}'], 1, "'topics' must be a list of strings"),
    ("topics", ['{"id": "iv-000", "topics": ["war", "war"]}'], 1, "topic 'war' repeats"),
    ("topics", ['{"id": "iv-000", "speaker_role": "other"}'], 1, "missing key 'topics'"),
    ("role", ['{"id": "iv-000", "speaker_role": "guest"}'], 1, "unknown speaker role 'guest'"),
    ("role", ['{"id": "iv-000", "speaker_role": null}'], 1, "'speaker_role' must be a string, got null"),
]


@pytest.mark.parametrize("task, lines, line, fragment", BAD_LINES, ids=[b[3] for b in BAD_LINES])
def test_bad_prediction_lines_name_file_line_and_fix(task, lines, line, fragment, gold, tmp_path):
    path = write(tmp_path, lines, name="preds.jsonl")
    with pytest.raises(DatasetError) as caught:
        load_predictions(path, task, gold, known_topics=TOPICS)
    [problem] = caught.value.problems
    assert problem.line == line
    assert fragment in problem.message
    assert problem.file.endswith("preds.jsonl")
    assert problem.hint
    assert f"preds.jsonl:{line}: " in str(caught.value) and "how to fix" in str(caught.value)


def test_all_bad_lines_are_reported_together(gold, tmp_path):
    path = write(
        tmp_path, ['{"id": "iv-000", "speaker_role": "guest"}', "{", '{"id": "iv-001", "speaker_role": "other"}', "[]"]
    )
    with pytest.raises(DatasetError) as caught:
        load_predictions(path, "role", gold)
    assert [p.line for p in caught.value.problems] == [1, 2, 4]


def test_invalid_utf8_names_the_line(gold, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "iv-000", "speaker_role": "other"}\n{"id": "iv-001", "speaker_role": "caf\xe9"}\n')
    with pytest.raises(DatasetError) as caught:
        load_predictions(path, "role", gold)
    [problem] = caught.value.problems
    assert problem.line == 2 and "UTF-8" in problem.message


def test_missing_file_and_programming_errors(gold, tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        load_predictions(tmp_path / "nope.jsonl", "ner", gold)
    path = write(tmp_path, [OK_NER])
    with pytest.raises(ValueError, match="unknown task"):
        load_predictions(path, "sentiment", gold)
    with pytest.raises(ValueError, match="known_topics"):
        load_predictions(path, "topics", gold)


def test_ner_predictions_load_sorted_as_spans(gold, tmp_path):
    path = write(
        tmp_path,
        [
            '{"id": "iv-000", "entities": [{"start": 22, "end": 26, "label": "GPE"}, '
            '{"start": 0, "end": 12, "label": "PERSON"}]}'
        ],
    )
    assert load_predictions(path, "ner", gold) == {"iv-000": [Span(0, 12, "PERSON"), Span(22, 26, "GPE")]}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(1, 12), st.sampled_from(["PERSON", "ORG", "GPE"])),
        max_size=8,
    )
)
def test_identical_span_lists_match_every_span_by_overlap(raw_spans):
    """`_score_ner` counts identical gold and predicted lists as all matched without running the
    greedy overlap matching: the matching gives the same on any spans, nested and overlapping ones included."""
    spans = [Span(start, start + length, label) for start, length, label in raw_spans]
    assert sorted(_match_overlapping(spans, list(spans))) == sorted(spans)
