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

Speed: `tokenize_texts` runs the bare tokenizer, reads every doc once with `Doc.to_array`,
and does everything else (the sentencizer's rule, span alignment, tagging, dropping
whitespace) vectorised with NumPy over the tokens of all texts at once. The sentencizer's
rule is reproduced exactly (same punctuation set, read from the pipeline) rather than run
as a pipe, because the pipe builds a Python `Token` per token; `tests/test_ner.py` checks
that both give the same boundaries.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc

from .memory import no_gc
from .schema import CONLL_TAGS, ENTITY_LABELS, NER_TAGS, ONTONOTES_TO_CONLL, NerSentence, Turn

__all__ = [
    "PARAGRAPH_BREAK",
    "MisalignedEntityError",
    "SpanLike",
    "TokenizedTexts",
    "make_tokenizer",
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
_IS_B = np.array([tag.startswith("B-") for tag in NER_TAGS])


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


@dataclass(frozen=True, eq=False)
class TokenizedTexts:
    """Tokens of several texts, as flat arrays over all texts (text k's tokens are
    `doc_start[k]:doc_start[k + 1]`), with the sentencizer's boundaries."""

    docs: list[Doc]
    doc_start: np.ndarray  # int64, len(docs) + 1
    orth: np.ndarray  # uint64 token ids (vocabulary string hashes)
    idx: np.ndarray  # int64 character offset of each token in its own text
    length: np.ndarray  # int64 token length in characters
    is_space: np.ndarray  # bool: whitespace-only token
    sent_start: np.ndarray  # bool: first token of a sentence (every non-empty text's first token is)

    def __len__(self) -> int:
        return len(self.orth)

    def token_texts(self, positions: np.ndarray | None = None) -> list[str]:
        """Token strings (all tokens, or those at `positions`)."""
        orth = self.orth if positions is None else self.orth[positions]
        return list(map(_string_cache().__getitem__, orth.tolist()))

    def sentences(self, k: int) -> list[list[str]]:
        """Text k as sentences of token strings (whitespace tokens included)."""
        lo, hi = int(self.doc_start[k]), int(self.doc_start[k + 1])
        tokens = self.token_texts(np.arange(lo, hi))
        cuts = np.flatnonzero(self.sent_start[lo:hi]).tolist() + [hi - lo]
        return [tokens[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


_ATTRS = [ORTH, IDX, LENGTH, IS_SPACE, IS_PUNCT]
_EMPTY_ARRAY = np.zeros((0, len(_ATTRS)), dtype=np.uint64)


def tokenize_texts(texts: Iterable[str], batch_size: int = 1000) -> TokenizedTexts:
    """Tokenise texts with the shared tokenizer and find sentence boundaries.

    Boundaries are exactly those of the pipeline's `sentencizer` (same `punct_chars`): a token
    starts a sentence when it is the text's first, or when it is neither punctuation nor in
    `punct_chars` and a `punct_chars` token (`.`, `!`, `?`, ..., or a paragraph break) lies
    between it and the previous token that is neither.
    """
    nlp = make_tokenizer()
    docs = list(nlp.tokenizer.pipe(texts, batch_size=batch_size))
    lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
    doc_start = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(lengths, out=doc_start[1:])
    array = np.concatenate([doc.to_array(_ATTRS) for doc in docs] or [_EMPTY_ARRAY])
    orth = array[:, 0]
    is_period = np.isin(orth, _punct_char_ids())
    is_word = (array[:, 4] == 0) & ~is_period
    periods_so_far = np.cumsum(is_period)
    words = np.flatnonzero(is_word)
    # The previous word of the same text, or (for a text's first word) the text's start - 1.
    previous = np.empty_like(words)
    previous[:1] = -1
    previous[1:] = words[:-1]
    text_start = doc_start[np.searchsorted(doc_start, words, side="right") - 1]
    previous = np.maximum(previous, text_start - 1)
    periods_before = np.where(previous >= 0, periods_so_far[np.maximum(previous, 0)], 0)
    sent_start = np.zeros(len(orth), dtype=bool)
    sent_start[words[periods_so_far[words] > periods_before]] = True
    sent_start[doc_start[:-1][lengths > 0]] = True
    return TokenizedTexts(
        docs=docs,
        doc_start=doc_start,
        orth=orth,
        idx=array[:, 1].astype(np.int64),
        length=array[:, 2].astype(np.int64),
        is_space=array[:, 3] != 0,
        sent_start=sent_start,
    )


@functools.cache
def _punct_char_ids() -> np.ndarray:
    nlp = make_tokenizer()
    punct_chars = nlp.get_pipe("sentencizer").punct_chars
    return np.array(sorted(nlp.vocab.strings.add(c) for c in punct_chars), dtype=np.uint64)


class _StringCache(dict):
    """Token id (ORTH hash) -> token text, filled from the vocabulary on first use."""

    def __init__(self, nlp: Language):
        super().__init__()
        self._strings = nlp.vocab.strings

    def __missing__(self, key: int) -> str:
        value = self[key] = self._strings[key]
        return value


@functools.cache
def _string_cache() -> _StringCache:
    return _StringCache(make_tokenizer())


_no_gc = no_gc  # memory tuning lives in memory.py


def sentences_for_turns(
    turns: Sequence[Turn],
    entities: Mapping[str, Sequence[SpanLike]] | None = None,
) -> list[NerSentence]:
    """The `ner` rows of the turns: one per sentence, tokens tagged in IOB2.

    The spans tagged are each turn's gold `entities`; pass `entities` (turn id -> spans with
    `start`, `end`, `label`) to tag other spans instead (e.g. predictions, to score them
    token-wise); a turn missing from the mapping gets none. Spans of a turn must not overlap.

    Raises `MisalignedEntityError` for a span that does not start and end on token boundaries,
    that begins or ends with whitespace, or that crosses a sentence boundary.
    """
    turns = list(turns)
    if not turns:
        return []
    tokenized = tokenize_texts([turn.text for turn in turns])
    if entities is None:
        tokenized = _split_at_entity_boundaries(tokenized, turns)
    tags = _tag(turns, tokenized, entities)

    keep = ~tokenized.is_space
    num_kept = int(keep.sum())
    sentence_of_token = (np.cumsum(tokenized.sent_start) - 1)[keep]
    turn_of_token = np.repeat(np.arange(len(turns)), np.diff(tokenized.doc_start))[keep]
    tags = tags[keep]

    # The sentences that keep tokens, as [first, last) positions among the kept tokens.
    first = np.flatnonzero(np.r_[num_kept > 0, sentence_of_token[1:] != sentence_of_token[:-1]])
    last = np.r_[first[1:], num_kept]
    turn_of_sentence = turn_of_token[first]
    sentence_index = np.arange(len(first)) - np.searchsorted(turn_of_sentence, turn_of_sentence, side="left")

    with _no_gc():
        tokens = tokenized.token_texts(np.flatnonzero(keep))
        ner_tags = _NER_NAMES[tags].tolist()
        conll_tags = _CONLL_NAMES[tags].tolist()
        rows = []
        for lo, hi, t, i in zip(
            first.tolist(), last.tolist(), turn_of_sentence.tolist(), sentence_index.tolist(), strict=False
        ):
            turn = turns[t]
            rows.append(
                NerSentence(
                    id=f"{turn.id}-s{i:03d}",
                    turn_id=turn.id,
                    interview_id=turn.interview_id,
                    sentence_index=i,
                    tokens=tokens[lo:hi],
                    ner_tags=ner_tags[lo:hi],
                    conll_tags=conll_tags[lo:hi],
                    annotation_source=turn.annotation_source,
                )
            )
    return rows


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _splittable_boundaries(text: str, start: int, end: int) -> list[int]:
    """The span's boundaries at which a token may be split: a start after a non-word character
    (`U.S.-|China`), an end before one (`SPI-M-O|.`, `today|--`). A boundary inside a word, or
    one that would leave a word piece glued to punctuation (`Bilous’|s`), is not split: the
    alignment check then reports it as an annotation to fix."""
    out = []
    if start > 0 and not _word_char(text[start - 1]):
        out.append(start)
    if end < len(text) and not _word_char(text[end]):
        out.append(end)
    return out


def _split_at_entity_boundaries(tokenized: TokenizedTexts, turns: list[Turn]) -> TokenizedTexts:
    """The tokens, with every token that a gold span starts or ends inside split there."""
    stride = max(len(turn.text) for turn in turns) + 1
    turn_of_token = np.repeat(np.arange(len(turns), dtype=np.int64), np.diff(tokenized.doc_start))
    token_start_key = turn_of_token * stride + tokenized.idx
    token_end_key = token_start_key + tokenized.length
    keys = sorted(
        {
            t * stride + offset
            for t, turn in enumerate(turns)
            for e in turn.entities
            for offset in _splittable_boundaries(turn.text, e.start, e.end)
        }
    )
    if not keys or not len(tokenized):
        return tokenized
    keys_arr = np.array(keys, dtype=np.int64)
    owner = np.searchsorted(token_start_key, keys_arr, side="right") - 1
    inside = (owner >= 0) & (token_start_key[np.maximum(owner, 0)] < keys_arr)
    inside &= keys_arr < token_end_key[np.maximum(owner, 0)]
    if not inside.any():
        return tokenized
    cuts: dict[int, list[int]] = {}
    for token, key in zip(owner[inside].tolist(), keys_arr[inside].tolist(), strict=True):
        cuts.setdefault(token, []).append(key - int(token_start_key[token]))
    strings = make_tokenizer().vocab.strings
    texts = tokenized.token_texts()
    orth, idx, length, is_space, sent_start, doc_of = [], [], [], [], [], []
    doc_of_token = turn_of_token.tolist()
    for i, text in enumerate(texts):
        pieces = [0, *sorted(cuts.get(i, ())), len(text)]
        for n, (a, b) in enumerate(zip(pieces, pieces[1:], strict=False)):
            piece = text[a:b]
            orth.append(strings.add(piece))
            idx.append(int(tokenized.idx[i]) + a)
            length.append(b - a)
            is_space.append(piece.isspace())
            sent_start.append(bool(tokenized.sent_start[i]) and n == 0)
            doc_of.append(doc_of_token[i])
    doc_start = np.zeros(len(turns) + 1, dtype=np.int64)
    np.cumsum(np.bincount(np.array(doc_of, dtype=np.int64), minlength=len(turns)), out=doc_start[1:])
    return TokenizedTexts(
        docs=tokenized.docs,
        doc_start=doc_start,
        orth=np.array(orth, dtype=np.uint64),
        idx=np.array(idx, dtype=np.int64),
        length=np.array(length, dtype=np.int64),
        is_space=np.array(is_space, dtype=bool),
        sent_start=np.array(sent_start, dtype=bool),
    )


def _tag(
    turns: list[Turn],
    tokenized: TokenizedTexts,
    entities: Mapping[str, Sequence[SpanLike]] | None,
) -> np.ndarray:
    """Tag ids (indices into NER_TAGS), one per token of all turns."""
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
    tags = np.zeros(len(tokenized), dtype=np.int16)
    if not span_list:
        return tags

    # Character positions made global and sortable: key = turn * stride + offset.
    stride = max(len(turn.text) for turn in turns) + 1
    turn_of_token = np.repeat(np.arange(len(turns), dtype=np.int64), np.diff(tokenized.doc_start))
    token_start_key = turn_of_token * stride + tokenized.idx
    token_end_key = token_start_key + tokenized.length
    span_turn_arr = np.array(span_turn, dtype=np.int64)
    start_key = span_turn_arr * stride + np.array([s.start for s in span_list], dtype=np.int64)
    end_key = span_turn_arr * stride + np.array([s.end for s in span_list], dtype=np.int64)
    first = np.minimum(np.searchsorted(token_start_key, start_key), len(tokenized) - 1)
    last = np.minimum(np.searchsorted(token_end_key, end_key), len(tokenized) - 1)
    aligned = (token_start_key[first] == start_key) & (token_end_key[last] == end_key)
    starts_so_far = np.cumsum(tokenized.sent_start)
    crosses = aligned & (starts_so_far[last] != starts_so_far[first])
    bad = np.flatnonzero(~aligned | crosses)
    if len(bad):
        k = int(bad[0])
        t = span_turn[k]
        raise _misaligned(turns[t], tokenized.docs[t], span_list[k], crosses=bool(crosses[k]))

    labels = [span.label for span in span_list]
    tags[first] = np.array([_B_ID[label] for label in labels], dtype=np.int16)
    inside = last - first  # number of I- tokens per span
    if inside.sum():
        offsets = np.arange(int(inside.sum())) - np.repeat(np.cumsum(inside) - inside, inside)
        tags[np.repeat(first + 1, inside) + offsets] = np.repeat(
            np.array([_I_ID[label] for label in labels], dtype=np.int16), inside
        )
    return tags


def _misaligned(turn: Turn, doc: Doc, span: SpanLike, crosses: bool) -> MisalignedEntityError:
    surface = turn.text[span.start : span.end]
    where = f"turn {turn.id}: entity {surface!r} ({span.label}) at {span.start}:{span.end}"
    if crosses:
        return MisalignedEntityError(
            turn.id,
            span,
            f"{where} crosses a sentence boundary; adjust the annotated surface to whole tokens within one "
            f"sentence (or split it into one entity per sentence)",
        )
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
