"""Trivial baselines, each on a tiny example with a hand-computed result."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_dataset.baselines import MAX_TOPICS, dictionary_ner, keyword_topics, majority_role, run_baselines
from interview_dataset.evaluate import Span, score
from interview_dataset.schema import Entity, Turn


def make_turn(text, entities=(), index=0, role="interviewee", topics=()) -> Turn:
    return Turn(
        id=f"iv-{index:03d}",
        interview_id="iv",
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


def ents(text: str, *items: tuple[str, str, int]) -> list[Entity]:
    """(surface, label, start) triples -> entities, checking the offsets."""
    out = []
    for surface, label, start in items:
        assert text[start : start + len(surface)] == surface
        out.append(Entity(text=surface, label=label, start=start, end=start + len(surface)))
    return out


# --------------------------------------------------------------------------- role


def test_majority_role_predicts_the_most_frequent_role():
    turns = [make_turn("a", index=0, role="interviewer"), make_turn("b", index=1), make_turn("c", index=2)]
    assert majority_role(turns) == {"iv-000": "interviewee", "iv-001": "interviewee", "iv-002": "interviewee"}
    assert score("role", turns, majority_role(turns))["accuracy"] == pytest.approx(2 / 3)


def test_majority_role_on_a_balanced_interview_scores_one_half():
    turns = [make_turn(str(i), index=i, role=("interviewer", "interviewee")[i % 2]) for i in range(6)]
    predictions = majority_role(turns)
    assert set(predictions.values()) == {"interviewer"}  # tie: SPEAKER_ROLES order
    assert score("role", turns, predictions)["accuracy"] == 0.5
    assert majority_role([]) == {}


# --------------------------------------------------------------------------- topics

TAXONOMY = {
    "war": ["war", "invasion", "front line"],
    "energy": ["power", "electricity", "heating"],
    "economy": ["economy", "economic"],
    "solidarity": ["solidarity"],
    "left": ["left", "socialist"],
}


def topic_turns() -> list[Turn]:
    return [
        make_turn("The war, the invasion and the WAR again. Warm heating and power lines.", index=0, topics=["war"]),
        make_turn(
            "Front\nline solidarity. The Economy, economic woes; a socialist left. No power.",
            index=1,
            topics=["economy", "solidarity"],
        ),
        make_turn("Nothing relevant: warfare, economics, leftovers.", index=2, topics=["energy"]),
    ]


def test_keyword_topics_whole_words_ordered_by_hits_at_most_four():
    predictions = keyword_topics(topic_turns(), TAXONOMY)
    # turn 0: war 3 hits ("war", "invasion", "WAR"; not "Warm"), energy 2 ("heating", "power")
    assert predictions["iv-000"] == ["war", "energy"]
    # turn 1: economy 2, left 2 ("socialist", "left"), war 1 ("front line" across a newline),
    # energy 1, solidarity 1 -> ties in taxonomy order, cut at 4
    assert predictions["iv-001"] == ["economy", "left", "war", "energy"]
    assert len(predictions["iv-001"]) == MAX_TOPICS
    # turn 2: keywords only inside longer words
    assert predictions["iv-002"] == []


def test_keyword_topics_score_hand_computed():
    report = score("topics", topic_turns(), keyword_topics(topic_turns(), TAXONOMY), known_topics=set(TAXONOMY))
    # predicted 6 pairs, gold 4, correct 2 (iv-000 war, iv-001 economy)
    assert report["precision"] == pytest.approx(1 / 3)
    assert report["recall"] == pytest.approx(1 / 2)
    assert report["f1"] == pytest.approx(2 / 5)


# --------------------------------------------------------------------------- ner

T0 = "Taras Bilous lives in Kyiv."
T1 = "Kyiv is big. Bilous agrees with Taras Bilous."
T2 = "Kyivans love Kyiv. Bilous too. Washington is far."
T3 = "Washington said Kyiv’s, not kyiv."


def ner_turns() -> list[Turn]:
    return [
        make_turn(T0, ents(T0, ("Taras Bilous", "PERSON", 0), ("Kyiv", "GPE", 22)), index=0),
        make_turn(T1, ents(T1, ("Kyiv", "GPE", 0), ("Bilous", "PERSON", 13), ("Taras Bilous", "PERSON", 32)), index=1),
        make_turn(T2, ents(T2, ("Kyiv", "LOC", 13), ("Washington", "GPE", 31)), index=2),
        make_turn(T3, ents(T3, ("Washington", "PERSON", 0)), index=3),
    ]


def test_dictionary_ner_leave_one_turn_out_hand_computed():
    predictions = dictionary_ner(ner_turns())
    assert predictions == {
        # Gazetteer from turns 1-3: "Kyiv" GPE 1 / LOC 1 -> GPE (ENTITY_LABELS order); the longer
        # "Taras Bilous" wins over "Bilous" inside it.
        "iv-000": [Span(0, 12, "PERSON"), Span(22, 26, "GPE")],
        # "Bilous" alone is annotated only in this turn, so it is not in its gazetteer.
        "iv-001": [Span(0, 4, "GPE"), Span(32, 44, "PERSON")],
        # "Kyivans" is not a whole-word match; "Kyiv" is GPE 2 elsewhere; "Washington" PERSON 1
        # elsewhere (its GPE annotation is this turn's own).
        "iv-002": [Span(13, 17, "GPE"), Span(19, 25, "PERSON"), Span(31, 41, "PERSON")],
        # "Washington" is GPE elsewhere; "Kyiv’s" matches "Kyiv"; lowercase "kyiv" does not.
        "iv-003": [Span(0, 10, "GPE"), Span(16, 20, "GPE")],
    }
    report = score("ner", ner_turns(), predictions)
    # predicted 9, gold 8, exact matches 4 (turn 0: 2, turn 1: 2)
    assert report["exact"]["precision"] == pytest.approx(4 / 9)
    assert report["exact"]["recall"] == pytest.approx(1 / 2)
    assert report["exact"]["f1"] == pytest.approx(8 / 17)


def test_dictionary_ner_longest_match_first_without_overlaps():
    a = "New York City is big."
    b = "I like New York and York City."
    turns = [
        make_turn(a, [], index=0),
        make_turn(b, ents(b, ("New York", "GPE", 7), ("York City", "GPE", 20)), index=1),
    ]
    # In turn 0 both surfaces occur and overlap; the longer one ("York City", 9 > 8) wins.
    assert dictionary_ner(turns)["iv-000"] == [Span(4, 13, "GPE")]
    assert dictionary_ner(turns)["iv-001"] == []  # only it annotates these surfaces


def test_run_baselines_scores_every_task():
    turns = [
        make_turn(
            T0,
            ents(T0, ("Taras Bilous", "PERSON", 0), ("Kyiv", "GPE", 22)),
            index=0,
            role="interviewer",
            topics=["war"],
        ),
        make_turn(T1, ents(T1, ("Kyiv", "GPE", 0), ("Taras Bilous", "PERSON", 32)), index=1, topics=["left"]),
    ]
    results = run_baselines(turns, {"war": ["kyiv"], "left": ["bilous"]})
    assert set(results) == {"ner", "topics", "role", "role_question"}
    assert results["role"]["accuracy"] == 0.5
    assert results["ner"]["exact"]["f1"] == 1.0  # each turn's entities are annotated in the other
    # both turns mention "kyiv" and "bilous": war 1 / left 1 hit in turn 0; in turn 1 both 1 hit
    assert results["topics"]["precision"] == pytest.approx(2 / 4)
    assert results["topics"]["recall"] == 1.0


def _brute_force_matches(text: str, gazetteer: dict[str, str]) -> list[Span]:
    """Every whole-word occurrence of every surface (str.find), then longest first, no overlaps."""
    candidates = []
    for surface, label in gazetteer.items():
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                candidates.append(Span(start, end, label))
            start = text.find(surface, start + 1)
    chosen: list[Span] = []
    for span in sorted(candidates, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= c.start or c.end <= span.start for c in chosen):
            chosen.append(span)
    return sorted(chosen)


_SURFACES = ["New York", "York", "York City", "A&B", "$5", "U.S.", "Kyiv", "Kyiv’s", "_x"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(_SURFACES + ["a", "s", "ity", " ", "  ", "-", ".", "’", "$", "5", "_"]), min_size=1, max_size=25
    )
)
def test_dictionary_ner_finds_what_a_brute_force_search_finds(pieces):
    text = "".join(pieces).strip() or "x"
    # Turn 1 annotates every surface once (GPE), so turn 0's gazetteer holds all of them.
    lexicon = " ".join(_SURFACES)
    entities, pos = [], 0
    for surface in _SURFACES:
        entities.append(Entity(text=surface, label="GPE", start=pos, end=pos + len(surface)))
        pos += len(surface) + 1
    turns = [make_turn(text, [], index=0), make_turn(lexicon, entities, index=1)]
    assert dictionary_ner(turns)["iv-000"] == _brute_force_matches(text, dict.fromkeys(_SURFACES, "GPE"))


def _brute_force_topics(text: str, topic_keywords: dict[str, list[str]]) -> list[str]:
    """keyword_topics by its definition: per topic, the whole-word occurrences of each of its
    (distinct) keywords in the lowercased text, summed; most hits first, ties in taxonomy order."""
    import re

    lowered = text.lower()
    hits = []
    for rank, (topic, keywords) in enumerate(topic_keywords.items()):
        count = 0
        for keyword in dict.fromkeys(keywords):
            if keyword.strip():
                body = r"\s+".join(re.escape(word) for word in keyword.lower().split())
                count += len(re.findall(rf"(?<!\w){body}(?!\w)", lowered))
        if count:
            hits.append((-count, rank, topic))
    return [topic for _, _, topic in sorted(hits)[:MAX_TOPICS]]


_KEYWORDS = ["tax", "Tax", "new york", "war", "peace", "u.s.", "état", "_x", "85"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_KEYWORDS + ["taxes", " ", "  ", ",", ".", "New", "York", "É", "-", "’s"]), max_size=25),
    st.lists(st.lists(st.sampled_from(_KEYWORDS), max_size=4), min_size=1, max_size=6),
)
def test_keyword_topics_count_what_a_search_per_keyword_counts(pieces, keyword_lists):
    text = "".join(pieces).strip() or "x"
    topic_keywords = {f"topic-{i}": keywords for i, keywords in enumerate(keyword_lists)}
    assert keyword_topics([make_turn(text)], topic_keywords)["iv-000"] == _brute_force_topics(text, topic_keywords)
