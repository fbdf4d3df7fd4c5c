"""The read-back's fast paths (`written`) give what the plain conversions give."""

from collections import namedtuple

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_dataset.written import Span, _build, _column_values, _spans

_days = st.lists(st.one_of(st.none(), st.dates()), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_days, st.integers(0, 10), st.integers(0, 10))
def test_date_columns_convert_as_to_pylist(days, drop_front, drop_back):
    array = pa.array(days, pa.date32())
    array = array.slice(min(drop_front, len(array)), max(0, len(array) - drop_front - drop_back))
    assert _column_values(array, None) == array.to_pylist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(), st.text(max_size=3), st.none()), max_size=30))
def test_build_makes_the_named_tuples_the_type_makes(rows):
    record = namedtuple("Record", "a b c")
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[], [], []]
    built = _build(record, *columns)
    assert built == list(map(record, *columns))
    assert all(type(r) is record for r in built)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99)), max_size=4))))
def test_spans_of_an_entities_column(rows):
    entity = pa.struct([("start", pa.int32()), ("end", pa.int32())])
    column = pa.array([None if r is None else [{"start": s, "end": e} for s, e in r] for r in rows], pa.list_(entity))
    expected = [[Span(s, e) for s, e in (r or [])] for r in rows]
    assert _spans(column) == expected
    assert all(type(s) is Span for row in _spans(column) for s in row)
