"""Tokenisation, sentence splitting and IOB2 tagging of the `ner` config."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from spacy.attrs import SENT_START

from interview_dataset import ner
from interview_dataset.evaluate import Span
from interview_dataset.schema import CONLL_TAGS, ENTITY_LABELS, NER_TAGS, ONTONOTES_TO_CONLL, Entity, NerSentence, Turn


def make_turn(text: str, entities=(), index: int = 0, interview: str = "iv") -> Turn:
    return Turn(
        id=f"{interview}-{index:03d}",
        interview_id=interview,
        turn_index=index,
        speaker="A",
        speaker_role="interviewer",
        text=text,
        topics=[],
        entities=list(entities),
        annotation_source="gold",
        date=None,
        source_start=0,
        source_end=1,
        start_seconds=None,
        end_seconds=None,
    )


def entity(text: str, surface: str, label: str, occurrence: int = 0) -> Entity:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Entity(text=surface, label=label, start=start, end=start + len(surface))


def test_tokens_and_iob2_tags_on_a_hand_checked_example():
    text = "Taras Bilous’s unit left Kyiv in February 2022."
    turn = make_turn(
        text,
        [
            entity(text, "Taras Bilous", "PERSON"),
            entity(text, "Kyiv", "GPE"),
            entity(text, "February 2022", "DATE"),
        ],
    )
    [row] = ner.sentences_for_turns([turn])
    assert row.tokens == ["Taras", "Bilous", "’s", "unit", "left", "Kyiv", "in", "February", "2022", "."]
    assert row.ner_tags == ["B-PERSON", "I-PERSON", "O", "O", "O", "B-GPE", "O", "B-DATE", "I-DATE", "O"]
    assert row.conll_tags == ["B-PER", "I-PER", "O", "O", "O", "B-LOC", "O", "O", "O", "O"]
    assert (row.id, row.turn_id, row.interview_id, row.sentence_index) == ("iv-000-s000", "iv-000", "iv", 0)


def test_possessive_with_straight_apostrophe_stays_outside_the_entity():
    text = "I read Sasha Talaver's letter."
    [row] = ner.sentences_for_turns([make_turn(text, [entity(text, "Sasha Talaver", "PERSON")])])
    assert list(zip(row.tokens, row.ner_tags, strict=False))[2:5] == [
        ("Sasha", "B-PERSON"),
        ("Talaver", "I-PERSON"),
        ("'s", "O"),
    ]


@pytest.mark.parametrize("label", ENTITY_LABELS)
def test_conll_tags_follow_the_mapping(label):
    text = "We met Foo Bar today."
    [row] = ner.sentences_for_turns([make_turn(text, [entity(text, "Foo Bar", label)])])
    assert row.ner_tags[2:4] == [f"B-{label}", f"I-{label}"]
    mapped = ONTONOTES_TO_CONLL[label]
    assert row.conll_tags[2:4] == (["O", "O"] if mapped is None else [f"B-{mapped}", f"I-{mapped}"])
    assert row.conll_tags[:2] == row.conll_tags[4:] == ["O", "O"]
    assert set(row.conll_tags) <= set(CONLL_TAGS)


def test_every_tag_maps_to_its_conll_tag():
    for tag_id, tag in enumerate(NER_TAGS):
        conll = ner._CONLL_NAMES[tag_id]
        if tag == "O":
            assert conll == "O"
        else:
            mapped = ONTONOTES_TO_CONLL[tag[2:]]
            assert conll == ("O" if mapped is None else f"{tag[:2]}{mapped}")


def test_sentences_split_paragraphs_and_whitespace_tokens_are_dropped():
    text = "First one. Second  one!\n\nA paragraph without a full stop\n\nLast? Yes"
    rows = ner.sentences_for_turns([make_turn(text), make_turn("Only one.", index=1)])
    assert [r.tokens for r in rows] == [
        ["First", "one", "."],
        ["Second", "one", "!"],
        ["A", "paragraph", "without", "a", "full", "stop"],
        ["Last", "?"],
        ["Yes"],
        ["Only", "one", "."],
    ]
    assert [r.id for r in rows] == [
        "iv-000-s000",
        "iv-000-s001",
        "iv-000-s002",
        "iv-000-s003",
        "iv-000-s004",
        "iv-001-s000",
    ]
    assert [r.sentence_index for r in rows] == [0, 1, 2, 3, 4, 0]
    assert all(isinstance(r, NerSentence) for r in rows)


def test_punctuation_after_the_full_stop_stays_in_the_sentence():
    rows = ner.sentences_for_turns([make_turn('He said "no." Then... she left!) OK')])
    assert [r.tokens for r in rows] == [
        ["He", "said", '"', "no", ".", '"'],
        ["Then", "...", "she", "left", "!", ")"],
        ["OK"],
    ]


def test_entity_not_on_token_boundaries_names_the_turn_and_the_fix():
    text = "Taras Bilous’s unit."
    bad = Entity(text="Bilous’", label="PERSON", start=6, end=13)
    turn = make_turn(text, [bad], index=7)
    with pytest.raises(ner.MisalignedEntityError) as caught:
        ner.sentences_for_turns([make_turn("Fine.", index=6), turn])
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.turn_id == "iv-007" and error.entity == bad
    message = str(error)
    assert "iv-007" in message and "'Bilous’'" in message and "whole tokens" in message
    assert "widen it to 'Bilous’s'" in message and "narrow it to 'Bilous'" in message


def test_entity_inside_a_word_is_misaligned():
    text = "Taras Bilous spoke."
    with pytest.raises(ner.MisalignedEntityError, match="whole tokens"):
        ner.sentences_for_turns([make_turn(text, [Entity(text="Bil", label="PERSON", start=6, end=9)])])


def test_entity_crossing_a_sentence_boundary_is_rejected():
    text = "I love Paris. London is fine."
    with pytest.raises(ner.MisalignedEntityError, match="crosses a sentence boundary") as caught:
        ner.sentences_for_turns([make_turn(text, [entity(text, "Paris. London", "GPE")])])
    assert caught.value.turn_id == "iv-000"


def test_entity_crossing_a_paragraph_break_is_rejected():
    text = "Ends with New\n\nYork is next"
    with pytest.raises(ner.MisalignedEntityError, match="crosses a sentence boundary"):
        ner.sentences_for_turns([make_turn(text, [entity(text, "New\n\nYork", "GPE")])])


def test_entity_with_surrounding_whitespace_is_rejected():
    text = "We went to  Kyiv today."
    # The schema refuses such a gold entity outright ...
    with pytest.raises(ValidationError, match="whitespace"):
        entity(text, " Kyiv", "GPE")
    # ... and the tokenizer refuses such a span when it comes from elsewhere (e.g. predictions).
    turn = make_turn(text, [])
    start = text.index(" Kyiv")
    with pytest.raises(ner.MisalignedEntityError, match="whitespace"):
        ner.sentences_for_turns([turn], entities={turn.id: [Span(start, start + 5, "GPE")]})


def test_number_of_b_tags_equals_number_of_entities():
    names = {"Taras Bilous": "PERSON", "Kyiv": "GPE", "Ukraine": "GPE", "the Left": "ORG", "2022": "DATE"}
    turns = []
    for i in range(40):
        parts, ents, pos = [], [], 0
        for j in range(i % 5 + 1):
            name = list(names)[(i + j) % len(names)]
            sentence = f"In {name}, things changed ({j}). "
            ents.append(Entity(text=name, label=names[name], start=pos + 3, end=pos + 3 + len(name)))
            parts.append(sentence)
            pos += len(sentence)
        text = "".join(parts).strip()
        turns.append(make_turn(text, ents, index=i))
    rows = ner.sentences_for_turns(turns)
    assert sum(tag.startswith("B-") for r in rows for tag in r.ner_tags) == sum(len(t.entities) for t in turns)
    assert sum(tag.startswith("B-") for r in rows for tag in r.conll_tags) == sum(
        ONTONOTES_TO_CONLL[e.label] is not None for t in turns for e in t.entities
    )


def test_other_spans_can_be_tagged_instead_of_the_gold():
    text = "Taras Bilous lives in Kyiv."
    turns = [make_turn(text, [entity(text, "Kyiv", "GPE")]), make_turn("Nothing here.", index=1)]
    rows = ner.sentences_for_turns(turns, entities={"iv-000": [Span(22, 26, "LOC"), Span(0, 5, "PERSON")]})
    assert rows[0].ner_tags == ["B-PERSON", "O", "O", "O", "B-LOC", "O"]
    assert rows[1].ner_tags == ["O", "O", "O"]
    with pytest.raises(ValueError, match="overlap"):
        ner.sentences_for_turns(turns, entities={"iv-000": [Span(0, 12, "PERSON"), Span(6, 12, "PERSON")]})
    with pytest.raises(ValueError, match="inside the text"):
        ner.sentences_for_turns(turns, entities={"iv-000": [Span(22, 99, "GPE")]})


def test_tokenizer_is_blank_english_with_the_sentencizer_and_cached():
    nlp = ner.make_tokenizer()
    assert nlp is ner.make_tokenizer()
    assert nlp.lang == "en" and nlp.pipe_names == ["sentencizer"]
    assert ner.sentences_for_turns([]) == []
    assert len(ner.tokenize_texts([])) == 0


def _pipe_boundaries(texts: list[str]) -> list[list[list[str]]]:
    return [
        [[t.text for t in sent] for sent in doc.sents] if len(doc) else [] for doc in ner.make_tokenizer().pipe(texts)
    ]


def _vectorised_boundaries(texts: list[str]) -> list[list[list[str]]]:
    tokenized = ner.tokenize_texts(texts)
    return [tokenized.sentences(k) for k in range(len(texts))]


def test_vectorised_sentence_boundaries_equal_the_sentencizer_pipe():
    texts = [
        "",
        "Hello",
        ". . . Start",
        "No end",
        "Hi! Yes? Sure.",
        '"Quote." Next',
        "A.\n\nB\n\nC d.",
        "...",
        "!?",
        " x. y",
        "Mr. Smith went to Washington. He said: “fine.” Then left… Done",
        "end.\n\n\n\nnext",
        "U.S. policy. Next.",
    ]
    assert _vectorised_boundaries(texts) == _pipe_boundaries(texts)


_PIECES = st.sampled_from(
    ["word", "Kyiv", ".", "!", "?", ",", "…", '"', ")", "(", "...", " ", "\n\n", "\n", "—", "’s", "Mr."]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=30).map(lambda ps: " ".join(ps)), min_size=1, max_size=6))
def test_vectorised_sentence_boundaries_equal_the_sentencizer_pipe_on_random_texts(texts):
    assert _vectorised_boundaries(texts) == _pipe_boundaries(texts)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_random_token_aligned_entities_round_trip_through_the_tags(data):
    words = data.draw(
        st.lists(
            st.sampled_from(["Kyiv", "war", "Taras", "left", ".", "!", ",", "\n\n", "’s"]), min_size=1, max_size=40
        )
    )
    text = " ".join(words).strip()
    if not text:
        return
    doc = ner.make_tokenizer()(text)
    sentences = [(s.start, s.end) for s in doc.sents]
    # Random non-overlapping token ranges inside sentences, over non-space tokens only.
    spans, taken = [], set()
    for _ in range(data.draw(st.integers(0, 5))):
        lo, hi = data.draw(st.sampled_from(sentences))
        a = data.draw(st.integers(lo, hi - 1))
        b = data.draw(st.integers(a + 1, hi))
        if doc[a].is_space or doc[b - 1].is_space or taken & set(range(a, b)):
            continue
        taken |= set(range(a, b))
        label = data.draw(st.sampled_from(ENTITY_LABELS))
        spans.append(Span(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), label))
    turn = make_turn(text)
    rows = ner.sentences_for_turns([turn], entities={turn.id: spans})
    tokens = [t for r in rows for t in r.tokens]
    assert tokens == [t.text for t in doc if not t.is_space]
    tags = [t for r in rows for t in r.ner_tags]
    assert sum(t.startswith("B-") for t in tags) == len(spans)
    # Decode the tags back to (label, token text) runs and compare with the spans.
    decoded, current = [], None
    for token, tag in zip(tokens, tags, strict=False):
        if tag.startswith("B-"):
            current = [tag[2:], [token]]
            decoded.append(current)
        elif tag.startswith("I-"):
            assert current is not None and current[0] == tag[2:]
            current[1].append(token)
        else:
            current = None
    expected = [[s.label, [t.text for t in doc.char_span(s.start, s.end) if not t.is_space]] for s in sorted(spans)]
    assert decoded == expected


def test_tokenized_texts_arrays_agree_with_the_docs():
    texts = ["Taras Bilous’s unit.  Next one!\n\nLast", "Kyiv."]
    tokenized = ner.tokenize_texts(texts)
    flat = [t for doc in ner.make_tokenizer().tokenizer.pipe(texts) for t in doc]
    assert tokenized.token_texts() == [t.text for t in flat]
    assert tokenized.idx.tolist() == [t.idx for t in flat]
    assert (tokenized.end - tokenized.start).tolist() == [len(t) for t in flat]
    assert tokenized.is_space.tolist() == [t.is_space for t in flat]
    reference = np.concatenate([d.to_array([SENT_START]) == 1 for d in ner.make_tokenizer().pipe(texts)])
    assert tokenized.sent_start.tolist() == reference.tolist()


SEED = Path(__file__).resolve().parents[1] / "raw" / "bilous-talaver-2026" / "000_e6669b1306f91eec.txt"


def test_seed_transcript_sentences_match_the_sentencizer_and_keep_every_token():
    import unicodedata

    paragraphs = [
        p.strip() for p in unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")).split("\n\n") if p.strip()
    ]
    texts = ["\n\n".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3)]
    assert _vectorised_boundaries(texts) == _pipe_boundaries(texts)
    rows = ner.sentences_for_turns([make_turn(text, index=i) for i, text in enumerate(texts)])
    expected = [t.text for doc in ner.make_tokenizer().pipe(texts) for t in doc if not t.is_space]
    assert [t for r in rows for t in r.tokens] == expected
    assert all(r.tokens for r in rows)
