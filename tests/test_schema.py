"""The schema rejects what it must: one test per rule."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from interview_dataset.schema import Entity, Interview, NerSentence, Turn

TEXT = "Taras Bilous spoke in Kyiv."


def turn(**changes):
    fields = dict(
        id="iv-000",
        interview_id="iv",
        turn_index=0,
        speaker="Taras Bilous",
        speaker_role="interviewee",
        text=TEXT,
        topics=["war"],
        entities=[
            Entity(text="Taras Bilous", label="PERSON", start=0, end=12),
            Entity(text="Kyiv", label="GPE", start=22, end=26),
        ],
        annotation_source="gold",
        date=dt.date(2026, 2, 24),
        source_start=10,
        source_end=37,
        start_seconds=None,
        end_seconds=None,
    )
    fields.update(changes)
    return Turn(**fields)


def test_a_valid_turn_passes():
    t = turn()
    assert [t.text[e.start : e.end] for e in t.entities] == ["Taras Bilous", "Kyiv"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"colour": "red"}, "Extra inputs are not permitted"),
        ({"turn_index": "0"}, "Input should be a valid integer"),
        ({"text": ""}, "at least 1 character"),
        ({"speaker": ""}, "at least 1 character"),
        ({"speaker_role": "host"}, "Input should be 'interviewer', 'interviewee' or 'other'"),
        ({"date": "2026-02-24"}, "Input should be a valid date"),
        ({"id": "iv-1"}, "should be 'iv-000'"),
        ({"interview_id": "Bad Id", "id": "Bad Id-000"}, "String should match pattern"),
        ({"turn_index": -1, "id": "iv--01"}, "greater than or equal to 0"),
        ({"text": " " + TEXT, "entities": []}, "leading or trailing whitespace"),
        ({"text": "Cafe\u0301", "entities": []}, "not in Unicode NFC"),
        ({"entities": [Entity(text="Kyiv", label="GPE", start=21, end=25)]}, "does not match the text"),
        (
            {
                "entities": [
                    Entity(text="Kyiv", label="GPE", start=22, end=26),
                    Entity(text="Taras Bilous", label="PERSON", start=0, end=12),
                ]
            },
            "not sorted",
        ),
        (
            {
                "entities": [
                    Entity(text="Taras Bilous", label="PERSON", start=0, end=12),
                    Entity(text="Bilous", label="PERSON", start=6, end=12),
                ]
            },
            "overlaps",
        ),
        ({"entities": [Entity(text="x", label="GPE", start=40, end=41)]}, "past the end"),
        ({"topics": ["war", "war"]}, "topics repeat"),
        ({"topics": ["Not A Slug"]}, "String should match pattern"),
        ({"source_start": 37, "source_end": 10}, "source_end must be greater"),
        ({"start_seconds": 1.0}, "both be set or both be null"),
        ({"start_seconds": 5.0, "end_seconds": 1.0}, "end_seconds before start_seconds"),
        ({"annotation_source": "guess"}, "Input should be 'gold', 'automatic' or 'none'"),
    ],
)
def test_turn_rejections(changes, message):
    with pytest.raises(ValidationError, match=message):
        turn(**changes)


@pytest.mark.parametrize(
    "fields, message",
    [
        (dict(text="Kyiv", label="CITY", start=0, end=4), "Input should be 'PERSON'"),
        (dict(text="Kyiv", label="GPE", start=4, end=4), "greater than start"),
        (dict(text="Kyiv", label="GPE", start=0, end=3), "differs from the length"),
        (dict(text="", label="GPE", start=0, end=1), "at least 1 character"),
        (dict(text="Kyiv", label="GPE", start=-1, end=3), "greater than or equal to 0"),
        (dict(text="Kyiv", label="GPE", start=0, end=4, note="x"), "Extra inputs"),
        (dict(text="Kyiv ", label="GPE", start=0, end=5), "never starts or ends with whitespace"),
    ],
)
def test_entity_rejections(fields, message):
    with pytest.raises(ValidationError, match=message):
        Entity(**fields)


def interview(**changes):
    fields = dict(
        id="iv",
        title=None,
        date=None,
        language="en",
        publisher=None,
        source_url=None,
        republications=[],
        rights="Copyrighted.",
        speakers=[{"name": "A", "role": "interviewer", "description": ""}],
        standfirst=None,
        caption=None,
        introduction="Kyiv today.",
        introduction_entities=[Entity(text="Kyiv", label="GPE", start=0, end=4)],
        num_turns=1,
        source_file="t.txt",
        source_format="article",
        source_sha256="0" * 64,
        license={
            "id": "none",
            "url": None,
            "reasoning": "No licence is stated.",
            "attribution": None,
            "share_alike": False,
        },
        source={"url": None, "repository": None, "commit": None, "path": None, "retrieved": None},
        excerpt="complete",
    )
    fields.update(changes)
    return Interview.model_validate(fields, strict=False)


def test_a_valid_interview_passes():
    assert interview().introduction_entities[0].text == "Kyiv"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"source_sha256": "abc"}, "String should match pattern"),
        ({"num_turns": 0}, "greater than or equal to 1"),
        ({"introduction": None}, "introduction entities without an introduction"),
        ({"introduction_entities": [Entity(text="Kyiv", label="GPE", start=1, end=5)]}, "does not match"),
        (
            {
                "speakers": [
                    {"name": "A", "role": "interviewer", "description": ""},
                    {"name": "A", "role": "other", "description": ""},
                ]
            },
            "speaker names repeat",
        ),
        ({"rights": ""}, "at least 1 character"),
    ],
)
def test_interview_rejections(changes, message):
    with pytest.raises(ValidationError, match=message):
        interview(**changes)


def test_ner_sentence_lengths_must_agree():
    with pytest.raises(ValidationError, match="differ in length"):
        NerSentence(
            id="iv-000-s000",
            turn_id="iv-000",
            interview_id="iv",
            sentence_index=0,
            tokens=["Kyiv", "."],
            ner_tags=["B-GPE"],
            conll_tags=["B-LOC", "O"],
            annotation_source="gold",
        )
    with pytest.raises(ValidationError):
        NerSentence(
            id="iv-000-s000",
            turn_id="iv-000",
            interview_id="iv",
            sentence_index=0,
            tokens=["Kyiv"],
            ner_tags=["B-CITY"],
            conll_tags=["B-LOC"],
            annotation_source="gold",
        )
