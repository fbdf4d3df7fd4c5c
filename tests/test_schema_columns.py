"""The column checks (`schema.validate_records`) against the pydantic models they stand in for.

The build validates turns as columns, a whole interview at once, without a `Turn` model per row.
Property: for random turn dicts (valid and invalid, with the boundary cases: empty text, entity
out of range, overlapping or unsorted spans, unnormalised text, bad labels, repeated topics,
wrong types), the column path accepts exactly what `Turn.model_validate` accepts, reports the
same message for what it rejects, and gives the same Arrow table (schema and metadata included).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError, model_validator

from interview_dataset.publish.arrow_tables import table_from_models, table_from_records
from interview_dataset.schema import (
    ANNOTATION_SOURCES,
    ENTITY_LABELS,
    SPEAKER_ROLES,
    EntityRecord,
    StrictModel,
    Turn,
    TurnRecord,
    columns_check,
    record_from_model,
    validate_records,
    validation_message,
)

REPO = Path(__file__).resolve().parents[1]
#: The topic label space of the tables; the invalid ids below break the schema's pattern.
TOPICS = ("alpha", "beta-2", "c", "d9")
BAD_TOPICS = ("Alpha", "-x", "x-", "", "a b", "ab\n", "é")
#: Characters that make text clean or not: spaces, line breaks, a combining accent (NFC composes
#: `e` + U+0301), the Ångström sign (NFC maps it to Å), NBSP, letters, digits and punctuation.
ALPHABET = "ab KéeÅ\u0301\u212b\u00a0\n\t9,.-’"


@st.composite
def entity_values(draw, text):
    """One entity entry for `text`: mostly its real slice, sometimes off in any field."""
    n = len(text) if isinstance(text, str) else 5
    start = draw(st.integers(-1, n + 1))
    end = draw(st.one_of(st.integers(start, n + 2), st.integers(-1, n + 2)))
    real = text[max(start, 0) : max(end, 0)] if isinstance(text, str) else "x"
    surface = draw(st.one_of(st.just(real), st.just(real.strip()), st.sampled_from(["", " x", "Kyiv", "é"])))
    label = draw(st.one_of(st.sampled_from(ENTITY_LABELS), st.sampled_from(["person", "", "MISC"])))
    entity = {"text": surface, "label": label, "start": start, "end": end}
    odd = draw(st.integers(0, 30))
    if odd == 0:
        entity["start"] = draw(st.sampled_from([True, 1.0, "1", None]))
    elif odd == 1:
        entity["text"] = draw(st.sampled_from([None, 3, b"x"]))
    elif odd == 2:
        return draw(st.sampled_from(["Kyiv", None, ("Kyiv", "GPE", 0, 4)]))
    return entity


@st.composite
def turn_dicts(draw):
    interview_id = draw(st.one_of(st.sampled_from(["a", "ab-c", "x1"]), st.sampled_from(["A", "-a", "", "a\n", 3])))
    turn_index = draw(st.one_of(st.integers(0, 1500), st.sampled_from([-1, True, 1.0, None])))
    good_id = isinstance(interview_id, (str, int)) and isinstance(turn_index, int)
    expected = f"{interview_id}-{turn_index:03d}" if good_id else "a-000"
    turn_id = draw(st.one_of(st.just(expected), st.just(expected), st.sampled_from(["a-0", "a-000 ", "", 7])))
    text = draw(
        st.one_of(
            st.text(ALPHABET, min_size=0, max_size=24),
            st.text(ALPHABET, min_size=1, max_size=24).map(str.strip),
            st.text(ALPHABET, min_size=1, max_size=24).map(lambda t: unicodedata.normalize("NFC", t).strip()),
            st.sampled_from([None, 5, ["x"]]),
        )
    )
    if draw(st.booleans()):
        entities = draw(st.lists(entity_values(text), max_size=4))
        if draw(st.booleans()):  # mostly sorted, as the build writes them
            entities.sort(key=lambda e: (e["start"], e["end"]) if isinstance(e, dict) and _ints(e) else (0, 0))
    else:
        entities = draw(st.sampled_from([[], (), None]))
    topics = draw(
        st.one_of(
            st.lists(st.sampled_from(TOPICS), max_size=5),
            st.lists(st.one_of(st.sampled_from(TOPICS), st.sampled_from(BAD_TOPICS)), max_size=3),
            st.sampled_from([("alpha",), None, "alpha"]),
        )
    )
    start = draw(st.integers(-1, 40))
    timed = draw(st.integers(0, 3))
    seconds = st.one_of(st.floats(-1, 1e6, allow_nan=False), st.integers(0, 100), st.sampled_from([None, True]))
    return {
        "id": turn_id,
        "interview_id": interview_id,
        "turn_index": turn_index,
        "speaker": draw(st.sampled_from(["Ann Lee", "Ann Lee", "", 5, None])),
        "speaker_role": draw(st.sampled_from(SPEAKER_ROLES + ("guest", "", None))),
        "text": text,
        "topics": topics,
        "entities": entities,
        "annotation_source": draw(st.sampled_from(ANNOTATION_SOURCES + ("human",))),
        "date": draw(st.sampled_from([None, dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 12), "2024-02-29"])),
        "source_start": start,
        "source_end": draw(st.one_of(st.integers(start - 1, start + 500), st.sampled_from([0, 1, 2.0]))),
        "start_seconds": None if timed == 0 else draw(seconds),
        "end_seconds": None if timed == 0 else draw(seconds),
    }


def _ints(entity: dict) -> bool:
    return all(type(entity[k]) is int for k in ("start", "end"))


def as_record(turn: dict) -> TurnRecord:
    """What the compiler hands the column path: a record, entity dicts as entity records."""
    entities = turn["entities"]
    if type(entities) is list:
        entities = [EntityRecord(**e) if type(e) is dict else e for e in entities]
    return TurnRecord(**{**turn, "entities": entities})


def pydantic_verdict(turn: dict) -> tuple[Turn | None, str | None]:
    try:
        return Turn.model_validate(turn), None
    except ValidationError as exc:
        return None, validation_message(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(turn_dicts(), min_size=1, max_size=6))
def test_column_checks_accept_exactly_what_the_model_accepts(turns):
    records = [as_record(t) for t in turns]
    verdicts = [pydantic_verdict(t) for t in turns]
    # row by row, the column checks alone (no fallback) agree with the model
    for record, (model, _) in zip(records, verdicts, strict=True):
        columns = [list(c) for c in zip(*[record], strict=True)]
        assert columns_check(Turn)(columns) == (model is not None), record
    # a batch passes the column checks exactly when every row is valid
    batch = [list(c) for c in zip(*records, strict=True)]
    assert columns_check(Turn)(batch) == all(m is not None for m, _ in verdicts)
    # the column path: same rows accepted, same messages for the others, same Arrow table
    valid, invalid = validate_records(records, Turn)
    assert invalid == [(i, message) for i, (model, message) in enumerate(verdicts) if model is None]
    models = [model for model, _ in verdicts if model is not None]
    assert len(valid) == len(models)
    expected = table_from_models(models, Turn, TOPICS)
    got = table_from_records(valid, Turn, TOPICS)
    assert got.equals(expected, check_metadata=True)
    assert got.schema.metadata == expected.schema.metadata


def test_valid_turns_take_the_column_path_without_a_model():
    """A valid batch is decided by the column checks alone: no `Turn` is built for it."""
    record = TurnRecord(
        "a-007", "a", 7, "Ann", "interviewer", "In Kyiv, 85,000 left.", ["alpha"],
        [EntityRecord("Kyiv", "GPE", 3, 7), EntityRecord("85,000", "CARDINAL", 9, 15)],
        "gold", dt.date(2024, 1, 2), 10, 40, 1.5, 3.0,
    )  # fmt: skip
    calls = []
    original = Turn.model_validate

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    Turn.model_validate = spy
    try:
        valid, invalid = validate_records([record, record._replace(id="a-008", turn_index=8)], Turn)
        assert not calls and not invalid and len(valid) == 2
        bad = record._replace(entities=[EntityRecord("Kyiv", "GPE", 2, 6)])
        valid, invalid = validate_records([record, bad], Turn)
        assert len(calls) == 2 and len(valid) == 1  # a failing batch is judged row by row by the model
        assert invalid == [(1, "turn a-007: entity 'Kyiv' at 2:6 does not match the text there (' Kyi')")]
    finally:
        Turn.model_validate = original
    assert record_from_model(Turn.model_validate(record._asdict() | {"entities": [{"text": "Kyiv", "label": "GPE",
        "start": 3, "end": 7}, {"text": "85,000", "label": "CARDINAL", "start": 9, "end": 15}]})) == record  # fmt: skip


def test_a_model_validator_without_a_column_version_is_refused():
    class Odd(StrictModel):
        name: str

        @model_validator(mode="after")
        def _check(self):
            return self

    with pytest.raises(TypeError, match="no column version"):
        columns_check(Odd)


def test_a_constraint_without_a_column_check_is_refused():
    from typing import Annotated

    from pydantic import Field

    class Odd(StrictModel):
        value: Annotated[float, Field(multiple_of=2)]

    with pytest.raises(TypeError, match="no column check"):
        columns_check(Odd)


def test_compiled_records_give_the_same_tables_as_the_models():
    """The seed interview compiled both ways: same turns, same Arrow table."""
    from interview_dataset.compile import compile_interview
    from interview_dataset.taxonomy import load_taxonomy

    taxonomy, _ = load_taxonomy(REPO / "raw")
    folder = sorted(p for p in (REPO / "raw").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))[0]
    as_models = compile_interview(folder, taxonomy, allow_draft=True)
    as_records = compile_interview(folder, taxonomy, allow_draft=True, as_records=True)
    assert all(type(t) is TurnRecord for t in as_records.turns)
    assert [record_from_model(t) for t in as_models.turns] == as_records.turns
    assert as_models.interview == as_records.interview
    by_models = table_from_models(as_models.turns, Turn, taxonomy.topic_ids)
    assert table_from_records(as_records.turns, Turn, taxonomy.topic_ids).equals(by_models, check_metadata=True)


def test_records_are_the_models_fields():
    for model, record in ((Turn, TurnRecord),):
        assert record._fields == tuple(model.model_fields)
    assert issubclass(Turn, BaseModel)
