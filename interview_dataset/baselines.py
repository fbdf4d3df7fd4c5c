"""Trivial baselines: what a system that does (almost) nothing scores on each task.

Each baseline returns predictions in the form `evaluate.load_predictions` returns (turn id
-> prediction), so they are scored by `evaluate.score` exactly like a submitted system.
Pass the turns you evaluate on (normally those with `annotation_source == "gold"`).

* role   `majority_role`: every turn gets the most frequent role of the gold turns (ties:
         `SPEAKER_ROLES` order). It reads the gold labels of the turns it is scored on, so it
         is a reference point, not a system: on an interview with as many interviewer as
         interviewee turns its accuracy is 0.5.
* topics `keyword_topics`: a turn gets every topic one of whose keywords (from the taxonomy)
         occurs in its lowercased text as a whole word or phrase; topics are ordered by
         number of keyword hits (ties: taxonomy order) and at most 4 are kept.
* ner    `dictionary_ner`: a gazetteer, leave-one-turn-out (see its docstring).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from .evaluate import Span, score
from .schema import ENTITY_LABELS, SPEAKER_ROLES, Turn

__all__ = ["MAX_TOPICS", "majority_role", "keyword_topics", "dictionary_ner", "run_baselines"]

#: The keyword baseline predicts at most this many topics per turn.
MAX_TOPICS = 4

#: A candidate match starts at a maximal run of word characters or at any other character.
_PIECE = re.compile(r"\w+|\W")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def majority_role(turns: Sequence[Turn]) -> dict[str, str]:
    """Every turn gets the most frequent speaker role among `turns` (ties: SPEAKER_ROLES order)."""
    if not turns:
        return {}
    counts = Counter(turn.speaker_role for turn in turns)
    majority = max(SPEAKER_ROLES, key=lambda role: (counts[role], -SPEAKER_ROLES.index(role)))
    return {turn.id: majority for turn in turns}


def _phrase_pattern(keyword: str) -> re.Pattern[str]:
    """A whole-word/phrase pattern: words separated by any whitespace, not inside other words."""
    words = keyword.lower().split()
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)")


def keyword_topics(turns: Sequence[Turn], topic_keywords: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Topics whose keywords occur in the turn (lowercased, whole words/phrases).

    `topic_keywords` maps topic id -> keywords, in taxonomy order. A topic's hits are the
    number of keyword occurrences (summed over its keywords); topics with hits are ordered by
    hits, most first (ties: taxonomy order), and at most `MAX_TOPICS` are kept.
    """
    patterns = {
        topic: [_phrase_pattern(k) for k in dict.fromkeys(keywords) if k.strip()]
        for topic, keywords in topic_keywords.items()
    }
    predictions: dict[str, list[str]] = {}
    for turn in turns:
        text = turn.text.lower()
        hits = []
        for rank, (topic, topic_patterns) in enumerate(patterns.items()):
            count = sum(len(pattern.findall(text)) for pattern in topic_patterns)
            if count:
                hits.append((-count, rank, topic))
        predictions[turn.id] = [topic for _, _, topic in sorted(hits)[:MAX_TOPICS]]
    return predictions


def dictionary_ner(turns: Sequence[Turn]) -> dict[str, list[Span]]:
    """Gazetteer NER, leave-one-turn-out.

    Protocol: for each turn, a gazetteer maps every entity surface annotated in the OTHER
    turns to its most frequent label there (ties: ENTITY_LABELS order); the turn's own
    annotations are never used for its own predictions. Every case-sensitive, whole-word
    occurrence of a gazetteer surface in the turn text is a candidate (whole-word: neither
    preceded nor followed by a letter, digit or underscore, the rule by which gold surfaces
    are located, `annotations.whole_word_occurrences`); candidates are taken longest first
    (ties: leftmost), and a candidate overlapping one already taken is dropped.
    """
    # label counts per surface over all turns; each turn subtracts its own.
    totals: dict[str, Counter] = defaultdict(Counter)
    for turn in turns:
        for entity in turn.entities:
            totals[entity.text][entity.label] += 1
    # Candidate surfaces indexed by their first piece (a maximal word run, or one character).
    by_first_piece: dict[str, list[str]] = defaultdict(list)
    for surface in totals:
        if surface != surface.strip():
            continue
        by_first_piece[_PIECE.match(surface).group()].append(surface)  # type: ignore[union-attr]
    label_rank = {label: i for i, label in enumerate(ENTITY_LABELS)}

    predictions: dict[str, list[Span]] = {}
    for turn in turns:
        own = Counter((entity.text, entity.label) for entity in turn.entities)
        text = turn.text
        candidates = []
        for piece in _PIECE.finditer(text):
            for surface in by_first_piece.get(piece.group(), ()):
                start = piece.start()
                end = start + len(surface)
                if not text.startswith(surface, start):
                    continue
                if (start > 0 and _is_word_char(text[start - 1])) or (end < len(text) and _is_word_char(text[end])):
                    continue
                counts = {label: n - own[(surface, label)] for label, n in totals[surface].items()}
                counts = {label: n for label, n in counts.items() if n > 0}
                if not counts:
                    continue  # only this turn annotates the surface
                label = max(counts, key=lambda lab: (counts[lab], -label_rank[lab]))
                candidates.append(Span(start, end, label))
        taken = bytearray(len(text))
        chosen = []
        for span in sorted(candidates, key=lambda s: (-(s.end - s.start), s.start)):
            if not any(taken[span.start : span.end]):
                taken[span.start : span.end] = b"\x01" * (span.end - span.start)
                chosen.append(span)
        predictions[turn.id] = sorted(chosen)
    return predictions


def run_baselines(turns: Sequence[Turn], topic_keywords: Mapping[str, Sequence[str]]) -> dict[str, dict]:
    """Score every baseline on `turns`: task -> the `evaluate.score` report."""
    turns = list(turns)
    known_topics = set(topic_keywords)
    return {
        "ner": score("ner", turns, dictionary_ner(turns)),
        "topics": score("topics", turns, keyword_topics(turns, topic_keywords), known_topics=known_topics),
        "role": score("role", turns, majority_role(turns)),
    }
