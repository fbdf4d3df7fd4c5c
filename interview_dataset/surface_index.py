"""Entity surfaces indexed for finding their whole-word occurrences in many texts.

A whole-word occurrence of a surface (neither preceded nor followed by a word character, the rule
of `annotations.whole_word_occurrences`) starts where the text has the surface's first piece: a
maximal run of word characters, or a single other character (`PIECE`). So a text is searched only
for the surfaces whose first piece it contains, found with set operations on the text's pieces.
Used by the lint's second pass and by the gazetteer baseline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import filterfalse

#: A maximal run of word characters, or any other single character.
PIECE = re.compile(r"\w+|\W")
#: A maximal run of word characters.
WORD_RUN = re.compile(r"\w+")


def runs_among(words: set[str], text: str) -> set[str]:
    """`words.intersection(WORD_RUN.findall(text))` for `words` that are runs of word characters
    (`WORD_RUN.fullmatch`), the regex run only over the whitespace-separated tokens that are not
    all alphanumeric. A whitespace character is never a word character (`\\w`) and an
    alphanumeric character always is (both checked over every code point by
    `tests/test_lint_matching.py`), so a token equal to one of `words`, or all alphanumeric, is one
    maximal run of word characters; the other tokens' runs are those of their joined text."""
    tokens = text.split()
    found = words.intersection(tokens)
    found.update(words.intersection(WORD_RUN.findall(" ".join(filterfalse(str.isalnum, tokens)))))
    return found


class SurfaceIndex:
    """Surfaces by their first piece (`PIECE`). A text's pieces are its maximal word runs and its
    non-word characters: both are looked up with set operations, not one piece at a time."""

    def __init__(self, surfaces: Iterable[str]):
        self.by_first_piece: dict[str, list[str]] = defaultdict(list)
        for surface in surfaces:
            self.by_first_piece[PIECE.match(surface).group()].append(surface)  # type: ignore[union-attr]
        self.words = {p for p in self.by_first_piece if WORD_RUN.fullmatch(p)}
        self.characters = set(self.by_first_piece) - self.words  # single non-word characters

    def candidates(self, text: str, runs: list[str] | None = None) -> list[str]:
        """The surfaces whose first piece is a piece of `text`, sorted. `runs`: the text's maximal
        word runs (`WORD_RUN.findall(text)`) when the caller has them already."""
        pieces = runs_among(self.words, text) if runs is None else self.words.intersection(runs)
        if self.characters:
            pieces.update([ch for ch in self.characters if ch in text])  # (not one str per character of text)
        by_first_piece = self.by_first_piece
        return sorted([s for piece in pieces for s in by_first_piece[piece]])
