"""The `ner` config built from arrays equals the one built from `NerSentence` models.

Property tests over random turns and spans:

* the token attributes `ner.tokenize_texts` reads from the text (ends, whitespace, the
  sentencizer's punctuation) equal spaCy's own (`Doc.to_array`, the `sentencizer` pipe);
* the column path (`ner.ner_columns` -> `arrow_tables.ner_table`) and the model path
  (`ner.sentences_for_turns` -> one `NerSentence` per sentence -> `table_from_models`) give
  equal Arrow tables (`Table.equals` with metadata, and the same `nbytes` per column, since
  `Table.nbytes` sizes row groups and the card's `num_bytes`), or reject the same input with the
  same error: the misaligned spans of `ner.py`, and every check `NerSentence` makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

from interview_dataset import ner, parallel
from interview_dataset.publish.arrow_tables import ner_table, table_from_models
from interview_dataset.schema import ENTITY_LABELS, NerSentence

_PIECES = [
    "Kyiv",
    "word",
    "U.S.",
    "SPI-M-O",
    "café",
    "Łódź",
    "don’t",
    "Bilous’s",
    "Talaver's",
    "2022",
    "🙂",
    "Київ",
    ".",
    "!",
    "?",
    ",",
    "…",
    "...",
    "--",
    "—",
    "(",
    ")",
    '"',
    "“",
    "”",
    "'s",
    "’",
    "𑁇",  # an astral code point in the sentencizer's punct_chars
    "。",
    "-",
    "/",
    " ",
    "  ",
    "\n\n",
    "\n",
    "\n\n\n",
    "\t",
    "\u00a0",
    " \n",
    "\n ",
]

_TEXT = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join) | st.lists(
    st.sampled_from(_PIECES), max_size=25
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5))
def test_token_attributes_read_from_the_text_equal_spacys(texts):
    tokenized = ner.tokenize_texts(texts)
    nlp = ner.make_tokenizer()
    reference = [doc.to_array([IDX, LENGTH, IS_SPACE]) for doc in nlp.tokenizer.pipe(texts)]
    reference = np.concatenate(reference) if reference else np.zeros((0, 3), dtype=np.uint64)
    assert tokenized.idx.tolist() == reference[:, 0].astype(np.int64).tolist()
    assert (tokenized.end - tokenized.start).tolist() == reference[:, 1].astype(np.int64).tolist()
    assert tokenized.is_space.tolist() == (reference[:, 2] == 1).tolist()
    # Sentence starts (the sentencizer's rule: punctuation and punct_chars read from the text).
    sent_start = [doc.to_array([SENT_START]).ravel() == 1 for doc in nlp.pipe(texts)]
    assert tokenized.sent_start.tolist() == (np.concatenate(sent_start).tolist() if sent_start else [])
    assert tokenized.token_texts() == [t.text for doc in nlp.tokenizer.pipe(texts) for t in doc]


@dataclass(frozen=True)
class FakeSpan:
    start: int
    end: int
    label: str
    text: str = ""


@dataclass(frozen=True)
class FakeTurn:
    """What `ner.py` reads of a `Turn`; any values, so that the checks of `NerSentence` can fail."""

    id: object
    interview_id: object
    text: str
    annotation_source: object
    entities: list = field(default_factory=list)


_IDS = st.sampled_from(["iv-000", "iv-001", "x", 3, "a b"])
_INTERVIEWS = st.sampled_from(["iv", "iv", "a-b-2", "Bad", "x_", "", "ab\n", "-ab", 5])
_SOURCES = st.sampled_from(["gold", "gold", "automatic", "none", "other", None])
_LABELS = st.sampled_from([*ENTITY_LABELS[:4], "DATE", "NOT_A_LABEL"])


@st.composite
def _turn(draw, index: int, valid: bool):
    text = draw(_TEXT)
    turn_id = f"iv-{index:03d}" if valid else draw(_IDS)
    interview = "iv" if valid else draw(_INTERVIEWS)
    source = "gold" if valid else draw(_SOURCES)
    spans = []
    if text:
        doc = ner.make_tokenizer().tokenizer(text)
        for _ in range(draw(st.integers(0, 3))):
            if len(doc) and draw(st.booleans()):  # on tokens (aligned, unless it crosses a sentence)
                a = draw(st.integers(0, len(doc) - 1))
                b = draw(st.integers(a, min(len(doc) - 1, a + 3)))
                start, end = doc[a].idx, doc[b].idx + len(doc[b])
            else:  # anywhere
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
            spans.append(FakeSpan(start, end, draw(_LABELS), text[start:end]))
    if valid:  # gold entities as the schema allows them: known labels, no surrounding whitespace, sorted, apart
        spans = [s for s in spans if s.label in ENTITY_LABELS and s.text.strip() == s.text]
        kept, last_end = [], 0
        for s in sorted(spans, key=lambda s: (s.start, s.end)):
            if s.start >= last_end:
                kept.append(s)
                last_end = s.end
        spans = kept
    return FakeTurn(turn_id, interview, text, source, spans)


@st.composite
def _turns(draw):
    valid = draw(st.booleans())
    return [draw(_turn(i, valid)) for i in range(draw(st.integers(0, 4)))]


def _outcome(build):
    try:
        return "ok", build()
    except Exception as exc:  # the point: compare whatever is raised
        return "error", (type(exc), str(exc))


def _column_path(turns, entities=None) -> pa.Table:
    return ner_table(ner.ner_columns(turns, entities))


def _model_path(turns, entities=None) -> pa.Table:
    return table_from_models(ner.sentences_for_turns(turns, entities), NerSentence)


def _column_bytes(table: pa.Table) -> list[int]:
    return [column.nbytes for column in table.columns]


def _assert_same(columns, models):
    assert columns[0] == models[0], (columns, models)
    event(f"{columns[0]}: {columns[1][0].__name__ if columns[0] == 'error' else f'{columns[1].num_rows > 0} rows'}")
    if columns[0] == "ok":
        a, b = columns[1], models[1]
        assert a.equals(b, check_metadata=True)
        assert a.schema.metadata == b.schema.metadata
        assert _column_bytes(a) == _column_bytes(b)
    else:
        assert columns[1] == models[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_turns())
def test_column_path_equals_model_path_for_gold_spans(turns):
    _assert_same(_outcome(lambda: _column_path(turns)), _outcome(lambda: _model_path(turns)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_turns(), st.data())
def test_column_path_equals_model_path_for_other_spans(turns, data):
    # Spans given from elsewhere (predictions): not split, may overlap or have surrounding whitespace.
    entities = {turn.id: list(turn.entities) for turn in turns if data.draw(st.booleans())}
    plain = [FakeTurn(t.id, t.interview_id, t.text, t.annotation_source, []) for t in turns]
    _assert_same(_outcome(lambda: _column_path(plain, entities)), _outcome(lambda: _model_path(plain, entities)))


def test_a_bad_field_is_rejected_with_the_models_own_error():
    turns = [FakeTurn("iv-000", "iv", "Fine.", "gold"), FakeTurn("iv-001", "Not_A_Slug", "Hello there.", "gold")]
    kind, (error_type, message) = _outcome(lambda: _column_path(turns))
    assert kind == "error" and error_type.__name__ == "ValidationError"
    assert "interview_id" in message and "Not_A_Slug" in message
    assert (kind, (error_type, message)) == _outcome(lambda: _model_path(turns))
    # A turn without sentences (only whitespace) makes no row, so nothing of it is checked.
    assert _column_path([FakeTurn("iv-000", "Not_A_Slug", " \n\n ", "other")]).num_rows == 0


def test_gold_spans_split_tokens_at_punctuation_only():
    text = "The U.S.-China talks. Members of SPI-M-O. Next"
    spans = [FakeSpan(4, 8, "GPE", "U.S."), FakeSpan(33, 40, "ORG", "SPI-M-O")]
    rows = ner.sentences_for_turns([FakeTurn("iv-000", "iv", text, "gold", spans)])
    assert [t for r in rows for t in r.tokens][:5] == ["The", "U.S.", "-China", "talks", "."]
    assert [t for r in rows for t in r.ner_tags][:3] == ["O", "B-GPE", "O"]
    assert _column_path([FakeTurn("iv-000", "iv", text, "gold", spans)]).equals(
        _model_path([FakeTurn("iv-000", "iv", text, "gold", spans)]), check_metadata=True
    )


def _compiled(turns):
    return SimpleNamespace(turns=turns, annotations=None, interview=SimpleNamespace(source_file="raw/iv/t.txt"))


def test_a_chunk_names_each_interviews_first_misaligned_span_as_one_interview_at_a_time():
    good = _compiled([FakeTurn("a-000", "a", "Kyiv is fine.", "gold", [FakeSpan(0, 4, "GPE", "Kyiv")])])
    bad_1 = _compiled([FakeTurn("b-000", "b", "Taras Bilous spoke.", "gold", [FakeSpan(6, 9, "PERSON", "Bil")])])
    bad_2 = _compiled(
        [
            FakeTurn("c-000", "c", "Fine.", "gold"),
            FakeTurn("c-001", "c", "I love Paris. London too.", "gold", [FakeSpan(7, 20, "GPE", "Paris. London")]),
        ]
    )
    columns, problems = parallel.ner_columns([good, bad_1, bad_2])
    assert columns is None and sorted(problems) == [1, 2]
    for position, compiled in ((1, bad_1), (2, bad_2)):
        try:
            parallel.ner_sentences(compiled)
        except parallel.DatasetError as exc:
            assert problems[position] == exc.problems
        else:
            raise AssertionError("expected a DatasetError")
    columns, problems = parallel.ner_columns([good, good])
    assert problems == {} and len(columns) == 2
    assert ner_table(columns).column("turn_id").to_pylist() == ["a-000", "a-000"]


def test_sentence_indexes_past_999_keep_their_digits_in_the_row_ids():
    # The ids' `{sentence_index:03d}` comes from a table of padded indexes; past 999 it has four digits.
    turns = [FakeTurn("iv-000", "iv", " ".join(["Yes."] * 1030), "gold")]
    table = _column_path(turns)
    assert table.num_rows == 1030
    assert table.column("id").to_pylist()[998:1001] == ["iv-000-s998", "iv-000-s999", "iv-000-s1000"]
    models = _model_path(turns)
    assert table.equals(models, check_metadata=True) and _column_bytes(table) == _column_bytes(models)
