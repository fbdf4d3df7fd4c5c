"""The readers' and the compiler's fast paths give what their plain definitions give.

Each function below skips work where it cannot change the result (a substitution where its
characters do not occur, eight patterns where none can match, a whole-file scan where no markup
literal occurs). Each is compared here with the plain definition it replaced, written out in
the test, on random text built from the characters that matter to it.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_dataset.annotations import whole_word_occurrences
from interview_dataset.readers.base import Block, iter_lines, paragraphs, publish_paragraph
from interview_dataset.readers.containers import text as text_container
from interview_dataset.readers.grammars import name_line
from interview_dataset.readers.toolkit import nonspeech
from interview_dataset.readers.toolkit.nonspeech import nonspeech_reason


def _texts(pieces: list[str], max_size: int = 12):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# Line breaks of every kind `str.splitlines` knows, odd and invisible spaces, words.
_LINE_PIECES = ["a", "bc", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]
_LINE_PIECES += ["\u00a0", "\u2003", "\u202f", "\u3000", "\u200b", "\ufeff", "é", "  "]


def _paragraphs_by_definition(text: str) -> list[Block]:
    blocks, current = [], []
    for number, offset, line in [*iter_lines(text), (None, None, "")]:
        if line.strip():
            current.append((number, offset, line))
            continue
        if current:
            (first_no, first_off, first), (_, last_off, last) = current[0], current[-1]
            start = first_off + len(first) - len(first.lstrip())
            end = last_off + len(last.rstrip())
            blocks.append(Block(text[start:end], start, end, first_no))
            current = []
    return blocks


@settings(max_examples=500, deadline=None)
@given(_texts(_LINE_PIECES, 20))
def test_paragraphs_are_the_runs_of_non_blank_lines(text):
    assert paragraphs(text) == _paragraphs_by_definition(text)


def _publish_by_definition(text: str) -> str:
    odd = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
    text = re.sub("[\u200b\ufeff]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (odd.sub(" ", line).strip() for line in text.split("\n"))
    return re.sub(" {2,}", " ", " ".join(line for line in lines if line))


@settings(max_examples=500, deadline=None)
@given(_texts(_LINE_PIECES, 20))
def test_publish_paragraph_is_its_definition(text):
    assert publish_paragraph(text) == _publish_by_definition(text)


_NONSPEECH_PIECES = ["END", "(c) ", "©", "copyright 2001", "[", "]", "(", ")", "♪", "*", "#", "=", "·", "_", "-"]
_NONSPEECH_PIECES += ["—", " ", "30", "12:30", ":", ".", " PM", "EDT", "{time}  1415", "[[Page S12]]", "_page: x"]
_NONSPEECH_PIECES += ["NPR transcripts are created", "This interview has been edited", "advertisement", "ſ", "a", "٣"]


def _nonspeech_by_definition(stripped: str, boilerplate: frozenset[str]) -> str | None:
    if stripped in boilerplate:
        return "declared boilerplate"
    for pattern, reason in [
        (nonspeech.END_RE, "end-of-transcript marker"),
        (nonspeech.FOOTER_RE, "copyright footer"),
        (nonspeech.CLOCK_LINE_RE, "time stamp"),
        (nonspeech.NONSPEECH_RE, "standalone non-speech annotation"),
        (nonspeech.NOTICE_RE, "publisher's notice"),
        (nonspeech.RULE_RE, "horizontal rule"),
        (nonspeech.PAGE_MARK_RE, "page marker"),
        (nonspeech.TIME_STAMP_RE, "time stamp"),
    ]:
        if pattern.match(stripped):
            return reason
    return None


@settings(max_examples=1000, deadline=None)
@given(_texts(_NONSPEECH_PIECES, 5))
def test_nonspeech_reason_is_the_first_pattern_that_matches(line):
    assert nonspeech_reason(line, frozenset({"a"})) == _nonspeech_by_definition(line, frozenset({"a"}))


def test_nonspeech_reason_still_names_each_kind():
    for line, reason in [
        ("END", "end-of-transcript marker"),
        ("Copyright 2020 NPR", "copyright footer"),
        ("[00:01:02]", "time stamp"),
        ("(laughs)", "standalone non-speech annotation"),
        ("THIS IS A RUSH TRANSCRIPT", "publisher's notice"),
        ("* * *", "horizontal rule"),
        ("[[Page S5552]]", "page marker"),
        ("10:30 AM", "time stamp"),
        ("We talked about the war.", None),
    ]:
        assert nonspeech_reason(line, frozenset()) == reason


_MARKDOWN_PIECES = ["#", "# ", "## x", "\n", "](http:x)", "](/", "](#", "**b**", "**", "\\[", "\\*", "a", " "]


@settings(max_examples=1000, deadline=None)
@given(_texts(_MARKDOWN_PIECES, 8))
def test_looks_markdown_counts_two_matches(text):
    assert text_container.looks_markdown(text, False) == (len(text_container._MARKDOWN.findall(text)) >= 2)


@settings(max_examples=300, deadline=None)
@given(_texts(["Ann Lee", "ANN LEE", "Straße", "STRASSE", "ﬁ", "FI", "a", " ", ":", "\u200b"], 6))
def test_name_line_case_check_sees_every_label_that_folds_alike(label_text):
    # a label that differs from a declared one only in letter case is refused, however case
    # folding changes its length (ß -> ss, ﬁ -> fi)
    declared = frozenset({"Ann Lee", "Straße", "ﬁ"})
    value = unicodedata.normalize("NFC", label_text).strip().removesuffix(":").rstrip()
    text = f"{label_text}\n\nSome words.\n\nAnn Lee\n\nMore words.\n"
    folded = {d.casefold() for d in declared}
    try:
        name_line.read(text_container.read(text), name_line.ReaderOptions(speaker_labels=declared))
        refused = None
    except name_line.TranscriptFormatError as exc:
        refused = exc.message
    if value and value not in declared and value.casefold() in folded and "\u200b" not in label_text:
        assert refused is not None and "differs in letter case" in refused


_WORD_PIECES = ["a", "b", "1", "2", ",", ".", " ", "_", "-", "é", "9"]


def _occurrences_by_definition(text: str, surface: str) -> list[int]:
    def word(ch: str) -> bool:
        return ch.isalnum() or ch == "_"

    out = []
    for start in range(len(text) - len(surface) + 1):
        if not text.startswith(surface, start):
            continue
        end = start + len(surface)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        number_on = 0 < end < len(text) - 1 and text[end - 1].isdigit() and after in ",." and text[end + 1].isdigit()
        number_before = 1 < start < len(text) and text[start].isdigit() and before in ",." and text[start - 2].isdigit()
        if not (word(before) or word(after) or number_on or number_before):
            out.append(start)
    return out


@settings(max_examples=1000, deadline=None)
@given(_texts(_WORD_PIECES, 14), _texts(_WORD_PIECES, 3).filter(bool))
def test_whole_word_occurrences_is_its_definition(text, surface):
    assert whole_word_occurrences(text, surface) == _occurrences_by_definition(text, surface)
