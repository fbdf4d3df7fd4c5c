"""The token-level `ner` config: turns -> sentences of tokens with IOB2 entity tags.

Tokenisation is spaCy's rule-based English tokenizer (`spacy.blank("en")`, no model);
sentence boundaries are those of spaCy's rule-based `sentencizer`, configured so that a
paragraph break (the `\\n\\n` that joins a turn's paragraphs) also ends a sentence.
Whitespace-only tokens are dropped from the published rows; a sentence left without tokens
is dropped, and `sentence_index` counts the sentences that remain.

Gold spans are character offsets into the turn text. Where a gold span starts or ends inside one
of the tokenizer's tokens at a punctuation mark (`U.S.-China` with `U.S.` annotated, `SPI-M-O.`
with `SPI-M-O`), that token is split at the boundary (never inside a word), so the rows follow
the annotation, never the reverse (the annotation is made on the text, not on one tokenizer's
tokens). A split piece keeps its token's sentence (the sentencizer's rule runs on the
tokenizer's own tokens). Spans given to tag other than the gold (`entities=`, e.g. predictions)
must start and end on the rows' tokens and stay inside one sentence; anything else raises
`MisalignedEntityError`, which says how to fix it.

Two ways out, one computation (`ner_columns`):

* the build's: `ner_columns(turns)` -> `NerColumns` (flat NumPy arrays: token character
  offsets, tag ids, sentence offsets) -> `publish.arrow_tables.ner_table` builds the Arrow
  columns from those arrays, with no Python object per sentence or per token;
* `sentences_for_turns(turns)` -> one validated `NerSentence` per sentence (for `validate`,
  scoring and the tests). `NerSentence` stays the schema of the rows: `NerColumns.check`
  makes its checks on whole columns, and `tests/test_ner_columns.py` checks on random input
  that both ways give equal Arrow tables and reject the same input with the same error.

Speed: from spaCy only its tokenizer and one `Doc.to_array(IDX)` per text (each further
attribute of `to_array` costs another ~50-150 ns per token, measured). Token ends, whitespace
and punctuation flags and the sentencizer's `punct_chars` test are read from the text's code
points with NumPy (`tests/test_ner_columns.py` checks the offsets, lengths, whitespace flags and
token texts against spaCy's, and the sentence starts against the `sentencizer` pipe's); the
sentencizer's rule, span checks, splitting and tagging are vectorised over all tokens of all texts.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer

from .schema import ANNOTATION_SOURCES, CONLL_TAGS, ENTITY_LABELS, NER_TAGS, ONTONOTES_TO_CONLL, NerSentence, Turn

__all__ = [
    "PARAGRAPH_BREAK",
    "MisalignedEntityError",
    "NerColumns",
    "SpanLike",
    "TokenizedTexts",
    "make_tokenizer",
    "ner_columns",
    "tokenize_texts",
    "sentences_for_turns",
]

#: The separator between a turn's paragraphs; the sentencizer treats it as sentence-final.
PARAGRAPH_BREAK = "\n\n"

#: Tag ids (indices into NER_TAGS) of the B- and I- tag of each label.
_B_ID: dict[str, int] = {label: NER_TAGS.index(f"B-{label}") for label in ENTITY_LABELS}
_I_ID: dict[str, int] = {label: NER_TAGS.index(f"I-{label}") for label in ENTITY_LABELS}
#: Tag id -> OntoNotes tag name / CoNLL tag name, as object arrays so the mapping is vectorised.
_NER_NAMES = np.array(NER_TAGS, dtype=object)
_CONLL_NAMES = np.array(
    [
        "O" if tag == "O" or ONTONOTES_TO_CONLL[tag[2:]] is None else f"{tag[:2]}{ONTONOTES_TO_CONLL[tag[2:]]}"
        for tag in NER_TAGS
    ],
    dtype=object,
)
assert set(_CONLL_NAMES.tolist()) <= set(CONLL_TAGS)
#: Tag id -> CoNLL tag id (index into CONLL_TAGS).
CONLL_ID = np.array([CONLL_TAGS.index(name) for name in _CONLL_NAMES.tolist()], dtype=np.int64)


class SpanLike(Protocol):
    """Anything with character offsets and a label (`schema.Entity`, `evaluate.Span`)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


class MisalignedEntityError(ValueError):
    """A span that does not fit the tokenisation, or that crosses a sentence boundary.

    `turn_id` and `entity` name the culprit; the message says how to fix the annotation.
    """

    def __init__(self, turn_id: str, entity: SpanLike, message: str):
        self.turn_id = turn_id
        self.entity = entity
        super().__init__(message)


@functools.cache
def make_tokenizer() -> Language:
    """`spacy.blank("en")` with the rule-based `sentencizer`; paragraph breaks end sentences.

    Cached: every caller shares one pipeline (and its vocabulary).
    """
    nlp = spacy.blank("en")
    punct_chars = list(Sentencizer.default_punct_chars) + [PARAGRAPH_BREAK]
    nlp.add_pipe("sentencizer", config={"punct_chars": punct_chars})
    return nlp


# --- character classes, read from code points ----------------------------------------------

#: Bits: str.isspace, spaCy's is_punct (category P*), a one-character punct_char, a word character.
_SPACE, _PUNCT, _PERIOD, _WORD = 1, 2, 4, 8


def _char_flags(char: str, periods: frozenset[str]) -> int:
    return (
        (_SPACE if char.isspace() else 0)
        | (_PUNCT if unicodedata.category(char).startswith("P") else 0)
        | (_PERIOD if char in periods else 0)
        | (_WORD if _word_char(char) else 0)
    )


@functools.cache
def _punct_chars() -> tuple[frozenset[str], tuple[str, ...]]:
    """The sentencizer's `punct_chars`: (one-character ones, longer ones such as the paragraph break)."""
    punct_chars = make_tokenizer().get_pipe("sentencizer").punct_chars
    return frozenset(c for c in punct_chars if len(c) == 1), tuple(sorted(c for c in punct_chars if len(c) > 1))


@functools.cache
def _bmp_flags() -> np.ndarray:
    """`_char_flags` of every code point of the Basic Multilingual Plane (~50 ms, once)."""
    periods = _punct_chars()[0]
    return np.array([_char_flags(chr(c), periods) for c in range(0x10000)], dtype=np.uint8)


def _flags(codepoints: np.ndarray) -> np.ndarray:
    """Character-class bits of code points (a table for the BMP; the rare others one by one)."""
    if codepoints.dtype == np.uint8:  # ASCII
        return _bmp_flags()[codepoints]
    flags = _bmp_flags()[np.minimum(codepoints, 0xFFFF)]
    if len(codepoints) and codepoints.max() > 0xFFFF:
        astral = np.flatnonzero(codepoints > 0xFFFF)
        periods = _punct_chars()[0]
        flags[astral] = [_char_flags(chr(c), periods) for c in codepoints[astral].tolist()]
    return flags


def codepoints(text: str) -> np.ndarray:
    """The code points of `text` (uint8 for ASCII text, else uint32)."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


# --- tokens -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TokenizedTexts:
    """Tokens of several texts as flat arrays over all texts (text k's tokens are
    `doc_start[k]:doc_start[k + 1]`), with the sentencizer's boundaries.

    Offsets are into `joined`, the texts concatenated (text k is `joined[text_start[k]:text_start[k + 1]]`).
    """

    joined: str
    chars: np.ndarray  # code points of `joined`
    text_start: np.ndarray  # int64, len(texts) + 1
    doc_start: np.ndarray  # int64, len(texts) + 1
    start: np.ndarray  # int64 character offset of each token in `joined`
    end: np.ndarray  # int64 end offset (exclusive)
    is_space: np.ndarray  # bool: whitespace-only token
    sent_start: np.ndarray  # bool: first token of a sentence (every non-empty text's first token is)

    def __len__(self) -> int:
        return len(self.start)

    @property
    def text_of_token(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.doc_start) - 1, dtype=np.int64), np.diff(self.doc_start))

    @property
    def idx(self) -> np.ndarray:
        """Character offset of each token in its own text (spaCy's `Token.idx`)."""
        return self.start - self.text_start[self.text_of_token]

    def token_texts(self, positions: np.ndarray | None = None) -> list[str]:
        """Token strings (all tokens, or those at `positions`)."""
        start, end = (self.start, self.end) if positions is None else (self.start[positions], self.end[positions])
        joined = self.joined
        return [joined[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)]

    def sentences(self, k: int) -> list[list[str]]:
        """Text k as sentences of token strings (whitespace tokens included)."""
        lo, hi = int(self.doc_start[k]), int(self.doc_start[k + 1])
        tokens = self.token_texts(np.arange(lo, hi))
        cuts = np.flatnonzero(self.sent_start[lo:hi]).tolist() + [hi - lo]
        return [tokens[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _offsets(lengths: np.ndarray) -> np.ndarray:
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def tokenize_texts(texts: Iterable[str]) -> TokenizedTexts:
    """Tokenise texts with the shared tokenizer and find sentence boundaries.

    From spaCy only each token's offset (`Doc.to_array(IDX)`); the rest from the text, by the
    tokenizer's own construction: a token is a piece of a run of whitespace or of a run of
    non-whitespace characters, and a non-whitespace token is followed by at most one space that
    is not a token (`Token.whitespace_`). So a token ends where the next one starts (or the text
    ends), less that space; it is whitespace when its first character is; it is punctuation
    (`Token.is_punct`) when every character is of a Unicode category P*.

    Boundaries are exactly those of the pipeline's `sentencizer` (same `punct_chars`): a token
    starts a sentence when it is the text's first, or when it is neither punctuation nor in
    `punct_chars` and a `punct_chars` token (`.`, `!`, `?`, ..., or a paragraph break) lies
    between it and the previous token that is neither.
    """
    texts = texts if isinstance(texts, list) else list(texts)
    tokenizer = make_tokenizer().tokenizer
    return _tokens_at(texts, [doc.to_array(IDX) for doc in tokenizer.pipe(texts)])


def _tokens_at(texts: list[str], idx: list[np.ndarray]) -> TokenizedTexts:
    """`tokenize_texts`, from the offsets of each text's tokens (`Doc.to_array(IDX)`)."""
    lengths = np.fromiter(map(len, idx), dtype=np.int64, count=len(idx))
    doc_start = _offsets(lengths)
    text_start = _offsets(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    joined = "".join(texts)
    chars = codepoints(joined)
    start = np.concatenate(idx, dtype=np.int64, casting="unsafe") if idx else np.zeros(0, np.int64)
    start += np.repeat(text_start[:-1], lengths)

    # Where the next token starts (or the text ends); a non-space token's trailing space is not a token.
    following = np.empty_like(start)
    following[:-1] = start[1:]
    ends_text = doc_start[1:][lengths > 0] - 1
    following[ends_text] = text_start[1:][lengths > 0]
    first_flags = _flags(chars[start])
    is_space = (first_flags & _SPACE) != 0
    end = following - (~is_space & (chars[following - 1] == 32))
    length = end - start

    is_punct = (first_flags & _PUNCT) != 0
    todo = np.flatnonzero(is_punct & (length > 1))
    k = 1
    while len(todo):  # every further character of a token that starts with punctuation
        ok = (_flags(chars[start[todo] + k]) & _PUNCT) != 0
        is_punct[todo[~ok]] = False
        todo = todo[ok]
        todo = todo[length[todo] > k + 1]
        k += 1
    is_period = ((first_flags & _PERIOD) != 0) & (length == 1)
    for mark in _punct_chars()[1]:  # longer punct_chars: the paragraph break
        candidates = np.flatnonzero(length == len(mark))
        for j, char in enumerate(mark):
            candidates = candidates[chars[start[candidates] + j] == ord(char)]
        is_period[candidates] = True

    is_word = ~is_punct & ~is_period
    periods_so_far = np.cumsum(is_period)
    words = np.flatnonzero(is_word)
    # The previous word of the same text, or (for a text's first word) the text's start - 1.
    previous = np.empty_like(words)
    previous[:1] = -1
    previous[1:] = words[:-1]
    first_word = np.searchsorted(words, doc_start[:-1])  # of each text, if it has one
    has_word = first_word < np.searchsorted(words, doc_start[1:])
    previous[first_word[has_word]] = doc_start[:-1][has_word] - 1
    periods_before = np.where(previous >= 0, periods_so_far[np.maximum(previous, 0)], 0)
    sent_start = np.zeros(len(start), dtype=bool)
    sent_start[words[periods_so_far[words] > periods_before]] = True
    sent_start[doc_start[:-1][lengths > 0]] = True
    return TokenizedTexts(joined, chars, text_start, doc_start, start, end, is_space, sent_start)


# --- the ner rows as columns ------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class NerColumns:
    """The `ner` rows of some turns, as columns: sentence s holds the kept (non-whitespace)
    tokens `token_offsets[s]:token_offsets[s + 1]`, whose characters are
    `tokenized.joined[token_start[i]:token_end[i]]` and whose tag ids (indices into NER_TAGS)
    are `tags[i]`."""

    turns: list[Turn]
    tokenized: TokenizedTexts
    token_start: np.ndarray  # int64, per kept token
    token_end: np.ndarray  # int64
    tags: np.ndarray  # int64
    token_offsets: np.ndarray  # int64, number of sentences + 1
    sentence_turn: np.ndarray  # int64 index into `turns`
    sentence_index: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.sentence_turn)

    def check(self) -> None:
        """Every check `NerSentence` makes, on whole columns; a row that fails one is then built
        as a `NerSentence`, so the error raised is the model's own (pydantic's `ValidationError`).

        The model's checks and where each is made: `turn_id` a string, `interview_id` a slug,
        `annotation_source` one of ANNOTATION_SOURCES (constant per turn: once per distinct value,
        by the model itself, `_field_accepts`); `id` a string (always: it is built as one);
        `sentence_index` >= 0; every token non-empty; `ner_tags` and `conll_tags` in their
        label sets and as many as the tokens (both are built from one array of tag ids and one
        array of offsets; an id out of range or offsets out of order is a bug, not bad input).
        """
        if not (
            len(self.tags) == self.token_offsets[-1]
            and np.all(np.diff(self.token_offsets) >= 0)
            and np.all((self.tags >= 0) & (self.tags < len(NER_TAGS)))
        ):
            raise AssertionError("ner columns: tag ids or offsets out of range (a bug in ner.py)")
        bad_turn = np.zeros(len(self.turns), dtype=bool)
        for name, attribute in (("turn_id", "id"), ("interview_id", "interview_id"), ("annotation_source", None)):
            values = [getattr(turn, attribute or name) for turn in self.turns]
            bad_turn |= _rejected(name, values)
        bad = bad_turn[self.sentence_turn] | (self.sentence_index < 0)
        empty = np.flatnonzero(self.token_end <= self.token_start)
        if len(empty):
            bad[np.searchsorted(self.token_offsets, empty, side="right") - 1] = True
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            self.model(first)  # raises the model's ValidationError
            raise AssertionError(f"ner columns: row {first} fails a column check that NerSentence passes")

    def model(self, s: int) -> NerSentence:
        """Sentence s as a validated `NerSentence`."""
        lo, hi = int(self.token_offsets[s]), int(self.token_offsets[s + 1])
        turn = self.turns[int(self.sentence_turn[s])]
        i = int(self.sentence_index[s])
        joined = self.tokenized.joined
        tags = self.tags[lo:hi]
        return NerSentence(
            id=f"{turn.id}-s{i:03d}",
            turn_id=turn.id,
            interview_id=turn.interview_id,
            sentence_index=i,
            tokens=[
                joined[a:b]
                for a, b in zip(self.token_start[lo:hi].tolist(), self.token_end[lo:hi].tolist(), strict=True)
            ],
            ner_tags=_NER_NAMES[tags].tolist(),
            conll_tags=_CONLL_NAMES[tags].tolist(),
            annotation_source=turn.annotation_source,
        )

    def models(self) -> list[NerSentence]:
        """One validated `NerSentence` per sentence."""
        return [self.model(s) for s in range(len(self))]


def _rejected(name: str, values: list) -> np.ndarray:
    """Per value: does `NerSentence` reject it as field `name`? Decided once per distinct value."""
    try:
        distinct = set(zip(map(type, values), values, strict=True))
    except TypeError:  # an unhashable value: decide value by value
        distinct = None
    if distinct is not None and all(_field_accepts(name, value) for _, value in distinct):
        return np.zeros(len(values), dtype=bool)
    return np.fromiter((not _field_accepts(name, value) for value in values), dtype=bool, count=len(values))


#: A valid `NerSentence` row; `_field_accepts` swaps one field's value in.
_PROBE = {
    "id": "x",
    "turn_id": "x",
    "interview_id": "x",
    "sentence_index": 0,
    "tokens": ["x"],
    "ner_tags": ["O"],
    "conll_tags": ["O"],
    "annotation_source": ANNOTATION_SOURCES[0],
}


def _field_accepts(name: str, value: object) -> bool:
    """Whether `NerSentence` accepts `value` as field `name` (the model itself decides; for a
    `str`, the answer is remembered)."""
    if type(value) is str:
        return name == "turn_id" or _str_accepted(name, value)  # any str is a valid turn_id: skip the model
    return _model_accepts(name, value)


@functools.lru_cache(maxsize=4096)
def _str_accepted(name: str, value: str) -> bool:
    return _model_accepts(name, value)


def _model_accepts(name: str, value: object) -> bool:
    from pydantic import ValidationError

    try:
        NerSentence(**{**_PROBE, name: value})
    except ValidationError:
        return False
    return True


def ner_columns(
    turns: Sequence[Turn],
    entities: Mapping[str, Sequence[SpanLike]] | None = None,
    *,
    check: bool = True,
) -> NerColumns:
    """The `ner` rows of the turns as columns: one row per sentence, tokens tagged in IOB2.

    The spans tagged are each turn's gold `entities`; pass `entities` (turn id -> spans with
    `start`, `end`, `label`) to tag other spans instead (e.g. predictions, to score them
    token-wise); a turn missing from the mapping gets none. Spans of a turn must not overlap.

    Raises `MisalignedEntityError` for a span that does not start and end on token boundaries,
    that begins or ends with whitespace, or that crosses a sentence boundary; the checks of
    `NerSentence` are made on the columns (`NerColumns.check`, skipped with `check=False` by
    `sentences_for_turns`, whose models make them themselves).
    """
    turns = turns if isinstance(turns, list) else list(turns)
    tokenized = tokenize_texts([turn.text for turn in turns])
    spans = _spans(turns, tokenized, entities)
    if entities is None:
        tokenized = _split_at_entity_boundaries(tokenized, spans)
    sentence_of_token = np.cumsum(tokenized.sent_start)  # 1 + the sentence of each token
    tags = _tag(turns, tokenized, spans, sentence_of_token)

    kept = np.flatnonzero(~tokenized.is_space)
    sentence_of_token = sentence_of_token[kept]
    # The sentences that keep tokens, as [first, last) positions among the kept tokens (a text's
    # first token starts a sentence, so a sentence never spans two texts).
    new_sentence = np.empty(len(kept), dtype=bool)
    new_sentence[:1] = True
    np.not_equal(sentence_of_token[1:], sentence_of_token[:-1], out=new_sentence[1:])
    first = np.flatnonzero(new_sentence)
    token_offsets = np.empty(len(first) + 1, dtype=np.int64)
    token_offsets[:-1], token_offsets[-1] = first, len(kept)
    sentence_turn = np.searchsorted(tokenized.doc_start, kept[first], side="right") - 1
    sentence_index = np.arange(len(first)) - np.searchsorted(sentence_turn, sentence_turn, side="left")
    columns = NerColumns(
        turns=turns,
        tokenized=tokenized,
        token_start=tokenized.start[kept],
        token_end=tokenized.end[kept],
        tags=tags[kept],
        token_offsets=token_offsets,
        sentence_turn=sentence_turn.astype(np.int64, copy=False),
        sentence_index=sentence_index,
    )
    if check:
        columns.check()
    return columns


def sentences_for_turns(
    turns: Sequence[Turn],
    entities: Mapping[str, Sequence[SpanLike]] | None = None,
) -> list[NerSentence]:
    """The `ner` rows of the turns as validated `NerSentence` models (see `ner_columns`)."""
    turns = list(turns)
    if not turns:
        return []
    return ner_columns(turns, entities, check=False).models()


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True, eq=False)
class _Spans:
    """The spans to tag, checked, in turn order: offsets in the joined text and tag ids."""

    spans: list[SpanLike]
    turn: np.ndarray  # int64 index into the turns
    start: np.ndarray  # int64 offset in the joined text
    end: np.ndarray  # int64
    label: np.ndarray  # int64 index into ENTITY_LABELS


_LABEL_ID = {label: i for i, label in enumerate(ENTITY_LABELS)}
_B_IDS = np.array([_B_ID[label] for label in ENTITY_LABELS], dtype=np.int64)
_I_IDS = np.array([_I_ID[label] for label in ENTITY_LABELS], dtype=np.int64)


def _spans(turns: list[Turn], tokenized: TokenizedTexts, entities: Mapping[str, Sequence[SpanLike]] | None) -> _Spans:
    """The spans to tag (each turn's gold entities, or `entities`), checked: a known label,
    inside the text, no surrounding whitespace. The gold spans are checked on arrays; on any
    failure (or for `entities`) the spans are checked one by one, which raises the first problem."""
    if entities is not None:
        return _spans_one_by_one(turns, tokenized, entities)
    counts = np.fromiter((len(turn.entities) for turn in turns), dtype=np.int64, count=len(turns))
    spans = [e for turn in turns for e in turn.entities]
    starts, ends = [e.start for e in spans], [e.end for e in spans]
    labels = np.fromiter((_LABEL_ID.get(e.label, -1) for e in spans), dtype=np.int64, count=len(spans))
    if not set(map(type, starts)) | set(map(type, ends)) <= {int}:
        return _spans_one_by_one(turns, tokenized, None)
    span_turn = np.repeat(np.arange(len(turns), dtype=np.int64), counts)
    base = tokenized.text_start[span_turn]
    start, end = base + np.array(starts, dtype=np.int64), base + np.array(ends, dtype=np.int64)
    ok = (labels >= 0) & (base <= start) & (start < end) & (end <= tokenized.text_start[span_turn + 1])
    if ok.all() and len(spans):
        ok = ((_flags(tokenized.chars[start]) | _flags(tokenized.chars[end - 1])) & _SPACE) == 0
    if not ok.all():
        return _spans_one_by_one(turns, tokenized, None)
    return _Spans(spans, span_turn, start, end, labels)


def _spans_one_by_one(
    turns: list[Turn], tokenized: TokenizedTexts, entities: Mapping[str, Sequence[SpanLike]] | None
) -> _Spans:
    span_turn: list[int] = []
    span_list: list[SpanLike] = []
    for t, turn in enumerate(turns):
        spans = turn.entities if entities is None else _sorted_spans(turn.id, entities.get(turn.id, ()))
        for span in spans:
            if span.label not in _B_ID:
                raise ValueError(
                    f"turn {turn.id}: unknown entity label {span.label!r}; use one of {', '.join(ENTITY_LABELS)}"
                )
            if not 0 <= span.start < span.end <= len(turn.text):
                raise ValueError(
                    f"turn {turn.id}: span {span.start}:{span.end} ({span.label}) is not inside the text "
                    f"(0 <= start < end <= {len(turn.text)})"
                )
            surface = turn.text[span.start : span.end]
            if not surface.strip() or surface != surface.strip():
                raise MisalignedEntityError(
                    turn.id,
                    span,
                    f"turn {turn.id}: entity {surface!r} ({span.label}) at {span.start}:{span.end} begins or ends "
                    f"with whitespace; adjust the annotated surface to whole tokens without surrounding whitespace",
                )
            span_turn.append(t)
            span_list.append(span)
    turn_arr = np.array(span_turn, dtype=np.int64)
    base = tokenized.text_start[turn_arr]
    return _Spans(
        span_list,
        turn_arr,
        base + np.array([s.start for s in span_list], dtype=np.int64),
        base + np.array([s.end for s in span_list], dtype=np.int64),
        np.array([_LABEL_ID[s.label] for s in span_list], dtype=np.int64),
    )


def _split_at_entity_boundaries(tokenized: TokenizedTexts, spans: _Spans) -> TokenizedTexts:
    """The tokens, with every token that a gold span starts or ends inside split there, but only
    where the split leaves no word piece glued to punctuation: at a start after a non-word
    character (`U.S.-|China`), at an end before one (`SPI-M-O|.`, `today|--`). A boundary inside
    a word (`Bilous’|s`) is not split: the alignment check then reports it as an annotation to fix."""
    if not len(spans.start) or not len(tokenized):
        return tokenized
    chars, text_start = tokenized.chars, tokenized.text_start
    at_start = spans.start > text_start[spans.turn]
    at_start[at_start] = (_flags(chars[spans.start[at_start] - 1]) & _WORD) == 0
    at_end = spans.end < text_start[spans.turn + 1]
    at_end[at_end] = (_flags(chars[spans.end[at_end]]) & _WORD) == 0
    cuts = np.sort(np.concatenate([spans.start[at_start], spans.end[at_end]]))
    cuts = cuts[np.r_[True, cuts[1:] != cuts[:-1]]] if len(cuts) > 1 else cuts  # distinct
    owner = np.searchsorted(tokenized.start, cuts, side="right") - 1
    inside = (owner >= 0) & (tokenized.start[np.maximum(owner, 0)] < cuts)
    inside &= cuts < tokenized.end[np.maximum(owner, 0)]
    if not inside.any():
        return tokenized
    cuts, owner = cuts[inside], owner[inside]
    # New tokens: every old token, plus one piece per cut (cuts are sorted, so pieces follow their token).
    n = len(tokenized)
    position = np.arange(n) + np.searchsorted(owner, np.arange(n), side="left")  # old token -> new position
    piece = position[owner] + (np.arange(len(cuts)) - np.searchsorted(owner, owner, side="left")) + 1
    m = n + len(cuts)
    start = np.empty(m, dtype=np.int64)
    start[position] = tokenized.start
    start[piece] = cuts
    old_of_new = np.empty(m, dtype=np.int64)
    old_of_new[position] = np.arange(n)
    old_of_new[piece] = owner
    end = np.empty(m, dtype=np.int64)
    end[:-1] = start[1:]
    last_piece = np.r_[old_of_new[1:] != old_of_new[:-1], True]
    end[last_piece] = tokenized.end[old_of_new[last_piece]]
    sent_start = np.zeros(m, dtype=bool)
    sent_start[position] = tokenized.sent_start
    doc_start = tokenized.doc_start + np.searchsorted(owner, tokenized.doc_start, side="left")
    return TokenizedTexts(
        joined=tokenized.joined,
        chars=tokenized.chars,
        text_start=tokenized.text_start,
        doc_start=doc_start,
        start=start,
        end=end,
        is_space=tokenized.is_space[old_of_new],  # a piece of a whitespace token is whitespace, of a word a word
        sent_start=sent_start,
    )


def _tag(turns: list[Turn], tokenized: TokenizedTexts, spans: _Spans, starts_so_far: np.ndarray) -> np.ndarray:
    """Tag ids (indices into NER_TAGS), one per token of all turns (`starts_so_far`: the
    cumulative count of the tokens' sentence starts)."""
    tags = np.zeros(len(tokenized), dtype=np.int64)
    if not len(spans.start):
        return tags
    # Offsets in the joined text: sorted, and a span's offsets only meet its own turn's tokens.
    first = np.minimum(np.searchsorted(tokenized.start, spans.start), len(tokenized) - 1)
    last = np.minimum(np.searchsorted(tokenized.end, spans.end), len(tokenized) - 1)
    aligned = (tokenized.start[first] == spans.start) & (tokenized.end[last] == spans.end)
    crosses = aligned & (starts_so_far[last] != starts_so_far[first])
    bad = np.flatnonzero(~aligned | crosses)
    if len(bad):
        k = int(bad[0])
        raise _misaligned(turns[int(spans.turn[k])], spans.spans[k], crosses=bool(crosses[k]))
    tags[first] = _B_IDS[spans.label]
    inside = last - first  # number of I- tokens per span
    if inside.sum():
        offsets = np.arange(int(inside.sum())) - np.repeat(np.cumsum(inside) - inside, inside)
        tags[np.repeat(first + 1, inside) + offsets] = np.repeat(_I_IDS[spans.label], inside)
    return tags


def _misaligned(turn: Turn, span: SpanLike, crosses: bool) -> MisalignedEntityError:
    surface = turn.text[span.start : span.end]
    where = f"turn {turn.id}: entity {surface!r} ({span.label}) at {span.start}:{span.end}"
    if crosses:
        return MisalignedEntityError(
            turn.id,
            span,
            f"{where} crosses a sentence boundary; adjust the annotated surface to whole tokens within one "
            f"sentence (or split it into one entity per sentence)",
        )
    doc = make_tokenizer().tokenizer(turn.text)
    assert doc.char_span(span.start, span.end, alignment_mode="strict") is None
    covering = doc.char_span(span.start, span.end, alignment_mode="expand")
    inside = doc.char_span(span.start, span.end, alignment_mode="contract")
    options = []
    if covering is not None:
        options.append(f"widen it to {covering.text!r}")
    if inside is not None and len(inside):
        options.append(f"narrow it to {inside.text!r}")
    pieces = [token.text for token in covering] if covering is not None else []
    return MisalignedEntityError(
        turn.id,
        span,
        f"{where} does not align with token boundaries (the tokenizer splits this part of the text into "
        f"{pieces}); adjust the annotated surface to whole tokens" + (f": {' or '.join(options)}" if options else ""),
    )


def _sorted_spans(turn_id: str, spans: Sequence[SpanLike]) -> list[SpanLike]:
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.label))
    for previous, span in zip(ordered, ordered[1:], strict=False):
        if span.start < previous.end:
            raise ValueError(
                f"turn {turn_id}: spans {previous.start}:{previous.end} ({previous.label}) and "
                f"{span.start}:{span.end} ({span.label}) overlap; IOB2 cannot encode overlapping spans"
            )
    return ordered
