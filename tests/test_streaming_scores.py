"""Scoring one turn at a time (`evaluate.Scorer`, which `score` uses) against a whole-split
computation over (turn, item) pairs, and the baselines' scoring state, which holds counts only."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_dataset.baselines import (
    BaselineFigures,
    dictionary_ner,
    keyword_topics,
    learn_topic_keywords,
    majority_role,
    question_role,
)
from interview_dataset.evaluate import Scorer, Span, _match_overlapping, prf, score
from interview_dataset.schema import ENTITY_LABELS, ONTONOTES_TO_CONLL, SPEAKER_ROLES

LABELS = ("PERSON", "ORG", "GPE", "DATE", "MONEY")  # DATE and MONEY have no CoNLL label
TOPICS = ("energy", "law", "sports", "health")


class Entity(NamedTuple):
    text: str
    label: str
    start: int
    end: int


class GoldTurn(NamedTuple):
    id: str
    text: str
    speaker_role: str
    topics: list[str]
    entities: list[Entity]
    annotation_source: str = "gold"


def _report(tp: Counter, predicted: Counter, gold: Counter, order) -> dict:
    labels = [label for label in order if gold[label] or predicted[label]]
    report = prf(sum(tp.values()), sum(predicted.values()), sum(gold.values()))
    report["per_label"] = {
        label: {**prf(tp[label], predicted[label], gold[label]), "support": gold[label]} for label in labels
    }
    return report


def whole_split_report(task: str, turns: list[GoldTurn], predictions: dict, scheme: str = "ontonotes") -> dict:
    """The report of a whole split at once, from the multisets of (turn id, item) pairs of the gold
    and of the predictions (independent of `Scorer`'s per-turn counting)."""
    by_label = lambda pairs: Counter(item[-1] for item in pairs.elements())  # noqa: E731
    if task == "ner":
        gold_spans = {
            t.id: [
                Span(e.start, e.end, e.label if scheme == "ontonotes" else ONTONOTES_TO_CONLL[e.label])
                for e in t.entities
                if scheme == "ontonotes" or ONTONOTES_TO_CONLL[e.label] is not None
            ]
            for t in turns
        }
        gold = Counter((i, *s) for i, spans in gold_spans.items() for s in spans)
        predicted = Counter((i, *s) for i, spans in predictions.items() for s in spans)
        overlap = Counter(
            s.label for t in turns for s in _match_overlapping(gold_spans[t.id], predictions.get(t.id, []))
        )
        labels = ("PER", "ORG", "LOC", "MISC") if scheme == "conll" else ENTITY_LABELS
        g, p = by_label(gold), by_label(predicted)
        return {
            "task": "ner",
            "scheme": scheme,
            "exact": _report(by_label(gold & predicted), p, g, labels),
            "overlap": _report(overlap, p, g, labels),
            "num_gold": sum(g.values()),
            "num_predicted": sum(p.values()),
        }
    if task == "topics":
        gold = Counter({(t.id, topic): 1 for t in turns for topic in t.topics})
        predicted = Counter({(i, topic): 1 for i, topics in predictions.items() for topic in topics})
        g, p = by_label(gold), by_label(predicted)
        return {
            "task": "topics",
            **_report(by_label(gold & predicted), p, g, sorted(set(g) | set(p))),
            "num_gold": sum(g.values()),
            "num_predicted": sum(p.values()),
        }
    g = Counter(t.speaker_role for t in turns)
    p = Counter(predictions.values())
    tp = Counter(t.speaker_role for t in turns if predictions.get(t.id) == t.speaker_role)
    return {
        "task": "role",
        "accuracy": sum(tp.values()) / len(turns) if turns else 0.0,
        "per_label": _report(tp, p, g, SPEAKER_ROLES)["per_label"],
        "num_gold": len(turns),
        "num_predicted": sum(p.values()),
    }


_spans = st.lists(
    st.builds(
        lambda start, length, label: (start, start + length, label),
        st.integers(0, 40),
        st.integers(1, 8),
        st.sampled_from(LABELS),
    ),
    max_size=6,
)
_turn = st.fixed_dictionaries(
    {
        "gold_spans": _spans,
        "predicted_spans": st.one_of(st.none(), _spans),  # None: no prediction for the turn
        "copy_gold": st.booleans(),  # predict exactly the gold (the identical-lists path)
        "topics": st.lists(st.sampled_from(TOPICS), unique=True, max_size=3),
        "predicted_topics": st.one_of(st.none(), st.lists(st.sampled_from(TOPICS), unique=True, max_size=3)),
        "role": st.sampled_from(SPEAKER_ROLES),
        "predicted_role": st.one_of(st.none(), st.sampled_from(SPEAKER_ROLES)),
    }
)


def _split(raw: list[dict]) -> tuple[list[GoldTurn], dict, dict, dict]:
    turns, ner, topics, roles = [], {}, {}, {}
    for i, r in enumerate(raw):
        entities = [Entity("x" * (end - start), label, start, end) for start, end, label in r["gold_spans"]]
        turn = GoldTurn(f"t{i}", "x" * 48, r["role"], r["topics"], entities)
        turns.append(turn)
        if r["copy_gold"]:
            ner[turn.id] = sorted(Span(e.start, e.end, e.label) for e in entities)
        elif r["predicted_spans"] is not None:
            ner[turn.id] = sorted(set(Span(*s) for s in r["predicted_spans"]))
        if r["predicted_topics"] is not None:
            topics[turn.id] = r["predicted_topics"]
        if r["predicted_role"] is not None:
            roles[turn.id] = r["predicted_role"]
    return turns, ner, topics, roles


@settings(max_examples=300, deadline=None)
@given(st.lists(_turn, max_size=25), st.sampled_from(["ontonotes", "conll"]))
def test_scoring_turn_by_turn_equals_the_whole_split(raw, scheme):
    turns, ner, topics, roles = _split(raw)
    conll = {
        i: [Span(s.start, s.end, ONTONOTES_TO_CONLL[s.label]) for s in spans if ONTONOTES_TO_CONLL[s.label]]
        for i, spans in ner.items()
    }
    ner_predictions = conll if scheme == "conll" else ner
    expected = {
        "ner": whole_split_report("ner", turns, ner_predictions, scheme),
        "topics": whole_split_report("topics", turns, topics),
        "role": whole_split_report("role", turns, roles),
    }
    predictions = {"ner": ner_predictions, "topics": topics, "role": roles}
    for task in ("ner", "topics", "role"):
        known = set(TOPICS) if task == "topics" else None
        assert score(task, turns, predictions[task], known_topics=known, scheme=scheme) == expected[task]
        scorer = Scorer(task, known, scheme)
        for turn in turns:
            scorer.add(turn, predictions[task].get(turn.id, scorer.missing))
        assert scorer.report() == expected[task]


def test_a_scorer_keeps_counts_per_label_only():
    """Its state is a few counters keyed by label: the same keys after 10 turns as after 2,000."""

    def state(n: int) -> dict:
        scorers = {task: Scorer(task, set(TOPICS) if task == "topics" else None) for task in ("ner", "topics", "role")}
        for i in range(n):
            entities = [Entity("Ada", LABELS[i % len(LABELS)], 0, 3), Entity("Rome", "GPE", 10, 14)]
            turn = GoldTurn(f"t{i}", "Ada went to Rome.", SPEAKER_ROLES[i % 2], [TOPICS[i % len(TOPICS)]], entities)
            scorers["ner"].add(turn, [Span(0, 3, "PERSON"), Span(9, 14, "GPE")])
            scorers["topics"].add(turn, [TOPICS[(i + 1) % len(TOPICS)], TOPICS[i % len(TOPICS)]])
            scorers["role"].add(turn, "interviewee")
        return {
            (task, name): set(value)
            for task, scorer in scorers.items()
            for name, value in vars(scorer).items()
            if isinstance(value, Counter)
        }

    small, large = state(10), state(2000)
    assert small == large
    assert all(keys <= set(ENTITY_LABELS) | set(TOPICS) | set(SPEAKER_ROLES) for keys in large.values())


def _reachable(root) -> list:
    """Every object reachable from `root` through containers and instance attributes."""
    seen, stack, found = set(), [root], []
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type) or callable(obj) and not hasattr(obj, "__dict__"):
            continue
        seen.add(id(obj))
        found.append(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif hasattr(obj, "__dict__"):
            stack.extend(vars(obj).values())
    return found


def _paris(text: str) -> list[Entity]:
    start = text.index("Paris")
    return [Entity("Paris", "GPE", start, start + 5)]


def test_fed_baselines_keep_nothing_of_the_scored_turns():
    """The scored splits' turns are predicted and counted as they come: none of their ids or texts
    stays in the baselines' state, and the figures are those of the whole splits."""
    train = [
        GoldTurn(
            f"train-{i}",
            f"The reactor {i} and the uranium near Paris.",
            SPEAKER_ROLES[i % 2],
            ["energy"],
            _paris(f"The reactor {i} and the uranium near Paris."),
        )
        for i in range(30)
    ]
    validation = [
        GoldTurn(
            f"validation-{i}",
            f"Is reactor {i} safe in Paris?",
            "interviewer",
            ["energy"] if i % 3 else ["law"],
            _paris(f"Is reactor {i} safe in Paris?"),
        )
        for i in range(40)
    ]
    test = [GoldTurn(f"test-{i}", f"The uranium {i}.", "interviewee", ["energy"], []) for i in range(40)]
    fed = BaselineFigures(list(TOPICS))
    fed.add("train", train)
    for i in range(0, len(validation), 7):  # in batches, as the read-back feeds it
        fed.add("validation", validation[i : i + 7])
    held = {id(obj) for obj in _reachable(fed)}
    assert not any(id(t.id) in held or id(t.text) in held or id(t) in held for t in validation)
    fed.add("test", test)
    result = fed.result()

    keywords = learn_topic_keywords(train, TOPICS)
    for split, turns in (("validation", validation), ("test", test)):
        scores = result["splits"][split]["scores"]
        assert result["splits"][split]["turns"] == len(turns)
        assert scores["role_majority"] == score("role", turns, majority_role(turns, fit=train))
        assert scores["role_question"] == score("role", turns, question_role(turns))
        assert scores["topics_keywords"] == score(
            "topics", turns, keyword_topics(turns, keywords), known_topics=set(TOPICS)
        )
        assert scores["ner_dictionary"] == score("ner", turns, dictionary_ner(turns, fit=train))
        assert scores["ner_dictionary"] == whole_split_report("ner", turns, dictionary_ner(turns, fit=train))
    assert result["splits"]["validation"]["scores"]["ner_dictionary"]["exact"]["f1"] == 1.0
