"""The baselines' fast paths give what the plain regex search gives, on any text (non-ASCII included).

The Unicode facts the fast paths rely on are checked over every code point of this Python's
Unicode database; the fast paths themselves against the plain search with hypothesis."""

import re
import sys
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from test_baselines import _brute_force_matches  # the same oracle as the plain gazetteer's tests

from interview_dataset.baselines import (
    _WORD,
    _WORD_RUN,
    _Gazetteer,
    _KeywordMatcher,
    _letter_words,
    _lowered_run_counts,
    _word_runs,
)

#: Every code point, surrogates included (a Python string may hold them).
ALL_CHARACTERS = "".join(map(chr, range(sys.maxunicode + 1)))

#: Characters where the fast paths' reasoning could go wrong: case changes that lengthen ("İ"),
#: the context-dependent final sigma ("Σ"), titlecase ("ǅ"), digits that are not decimals ("²",
#: "½": inside `[^\W\d_]`), decimals of other scripts ("٣"), the underscore, combining marks,
#: whitespace that is not a space, word-joining punctuation, letters of other scripts.
TRICKY = "İΣσςǅǆ²½٣_\u0301\u0307\u00a0\u2028\u3000\t\n’'-.,—éÉßẞﬁÅåКиїᾈ日本"
_texts = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list(TRICKY + "abcXYZ 019")), max_size=80),
    st.lists(st.sampled_from(["Σας", "ΟΔΟΣ", "İstanbul", "ǅemal", "x²y", "a_b", "don’t", " ", "  ", "\n", "Tax"])).map(
        "".join
    ),
)


def test_whitespace_is_never_a_word_character():
    word = set(re.findall(r"\w", ALL_CHARACTERS))
    assert not word.intersection(filter(str.isspace, ALL_CHARACTERS))


def test_a_letter_always_matches_the_keyword_learners_class():
    in_class = set(re.findall(r"[^\W\d_]", ALL_CHARACTERS))
    assert set(filter(str.isalpha, ALL_CHARACTERS)) <= in_class


def test_lowering_one_character_to_one_keeps_whether_it_is_a_word_character():
    word = set(re.findall(r"\w", ALL_CHARACTERS))
    changed = []
    for ch in ALL_CHARACTERS:
        lowered = ch.lower()
        assert lowered, ch  # no character lowers to nothing
        if len(lowered) == 1 and (ch in word) != (lowered in word):
            changed.append(ch)
    assert changed == []


def test_only_the_capital_sigma_lowers_by_its_context():
    # All code points side by side (every character between two others) lower one by one.
    text = ALL_CHARACTERS.replace("\u03a3", "")
    assert text.lower() == "".join(map(str.lower, text))
    assert "ΟΔΟΣ Σ".lower() == "οδος σ"  # the sigma does depend on its context


@settings(max_examples=500, deadline=None)
@given(_texts)
def test_letter_words_are_the_regex_words(text):
    for s in (text, text.lower()):
        assert _letter_words(s) == set(_WORD.findall(s))


@settings(max_examples=500, deadline=None)
@given(_texts, _texts)
def test_word_runs_are_the_regex_runs_whatever_was_asked_before(first, text):
    assert _word_runs(first) == _WORD_RUN.findall(first)
    assert _word_runs(text) == _WORD_RUN.findall(text)
    copy = "".join(list(text))  # equal, perhaps not the same object
    assert _word_runs(copy) == _WORD_RUN.findall(text)


def test_a_character_neither_upper_nor_titlecase_lowers_to_itself():
    assert [ch for ch in ALL_CHARACTERS if not ch.isupper() and not ch.istitle() and ch.lower() != ch] == []


@settings(max_examples=500, deadline=None)
@given(_texts)
def test_lowered_run_counts_are_the_counts_of_the_lowered_texts_runs(text):
    counts = _lowered_run_counts(text, text.lower())
    assert counts is None or counts == Counter(_WORD_RUN.findall(text.lower()))


def test_lowered_run_counts_decline_what_they_cannot_be_sure_of():
    assert _lowered_run_counts("İx", "İx".lower()) is None  # lowering lengthened the text
    assert _lowered_run_counts("ΟΔΟΣ", "ΟΔΟΣ".lower()) is None  # a capital sigma: lowered by context
    assert _lowered_run_counts("Tax, TAX tax 1", "tax, tax tax 1") == Counter({"tax": 3, "1": 1})


def _plain_topics(text: str, matcher: _KeywordMatcher) -> list[str]:
    """The matcher's count on the plain regex runs of the lowered text (the code before the fast path)."""
    lowered = text.lower()
    counts = Counter(_WORD_RUN.findall(lowered))
    hits: Counter = Counter()
    for word, ranks in matcher.word_ranks.items():
        for rank in ranks:
            hits[rank] += counts[word]
    for rank, pattern in matcher.patterns:
        hits[rank] += len(pattern.findall(lowered))
    return [matcher.topics[r] for _, r in sorted((-n, r) for r, n in hits.items() if n)[:4]]


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=4))
def test_matcher_and_gazetteer_called_in_turn_give_the_plain_results(texts):
    keywords = {"a": ["σας", "οδος", "istanbul", "tax"], "b": ["i̇stanbul", "ǆemal", "x²y", "don"], "c": ["a_b", "é"]}
    matcher = _KeywordMatcher(keywords)
    totals = {s: Counter({"GPE": 1}) for s in ["Σας", "ΟΔΟΣ", "İstanbul", "ǅemal", "x²y", "Tax", "don’t", "a_b"]}
    gazetteer = _Gazetteer(totals)
    for text in texts:  # as BaselineFigures.add calls them: the matcher, then the gazetteer, per turn
        topics = matcher(text)
        spans = gazetteer(text, Counter())
        assert topics == _plain_topics(text, matcher)
        assert spans == _brute_force_matches(text, dict.fromkeys(totals, "GPE"))
        _word_runs("something else")  # another text's runs in between
        assert gazetteer(text, Counter()) == spans
