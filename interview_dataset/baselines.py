"""Trivial baselines: what a system that does (almost) nothing scores on each task.

Each baseline returns predictions in the form `evaluate.load_predictions` returns (turn id
-> prediction), so they are scored by `evaluate.score` exactly like a submitted system.
`baseline_figures` fits them on the gold turns of `train` and reports them on `validation` and
`test` (never on the text they were fitted on); `published_baseline_figures` does so from a
published folder, for the card.

* role   `majority_role`: every turn gets the most frequent role of the fitting turns (ties:
         `SPEAKER_ROLES` order). `question_role`: a turn whose text ends with `?` is the
         interviewer's, any other the interviewee's (no fitting).
* topics `keyword_topics`: a turn gets every topic one of whose keywords occurs in its
         lowercased text as a whole word or phrase; topics are ordered by number of keyword
         hits (ties: taxonomy order) and at most 4 are kept. The keywords are learned from the
         training turns (`learn_topic_keywords`), never taken from the text scored.
* ner    `dictionary_ner`: a gazetteer of the fitting turns' entity surfaces (see its docstring);
         without fitting turns, leave-one-turn-out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import filterfalse
from typing import NamedTuple

from .evaluate import Scorer, Span, score
from .schema import ENTITY_LABELS, SPEAKER_ROLES, SPLITS, Turn
from .surface_index import WORD_RUN as _WORD_RUN
from .surface_index import SurfaceIndex

__all__ = [
    "MAX_TOPICS",
    "majority_role",
    "question_role",
    "learn_topic_keywords",
    "keyword_topics",
    "dictionary_ner",
    "run_baselines",
    "baseline_figures",
    "published_baseline_figures",
]

#: The keyword baseline predicts at most this many topics per turn.
MAX_TOPICS = 4


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def majority_role(turns: Sequence[Turn], fit: Sequence[Turn] | None = None) -> dict[str, str]:
    """Every turn gets the most frequent speaker role among `fit` (default: `turns` themselves;
    ties: SPEAKER_ROLES order)."""
    source = turns if fit is None else fit
    majority = _majority(Counter(turn.speaker_role for turn in source))
    if majority is None:
        return {}
    return {turn.id: majority for turn in turns}


def _majority(counts: Counter) -> str | None:
    """The most frequent role in `counts` (ties: SPEAKER_ROLES order); None when empty."""
    if not counts:
        return None
    return max(SPEAKER_ROLES, key=lambda role: (counts[role], -SPEAKER_ROLES.index(role)))


def question_role(turns: Sequence[Turn]) -> dict[str, str]:
    """A turn ending with `?` (after trailing quotes and brackets) is the interviewer's; any other
    turn is the interviewee's."""
    return {turn.id: _question_role(turn.text) for turn in turns}


def _question_role(text: str) -> str:
    return "interviewer" if text.rstrip().rstrip("\"'”’)]").endswith("?") else "interviewee"


#: Words of the keyword learner: runs of letters, at least three long, lowercased.
_WORD = re.compile(r"[^\W\d_]{3,}")
#: Keywords learned per topic, and the evidence a keyword needs.
MAX_KEYWORDS = 10
MIN_KEYWORD_TURNS = 2
MIN_KEYWORD_LIFT = 2.0


def learn_topic_keywords(
    train: Sequence[Turn], topic_ids: Sequence[str], max_keywords: int = MAX_KEYWORDS
) -> dict[str, list[str]]:
    """Keywords per topic learned from training turns only.

    A word (letters, >= 3, lowercased) is a keyword of topic t when it occurs in at least
    `MIN_KEYWORD_TURNS` training turns of t and its lift, P(t | word) / P(t), is at least
    `MIN_KEYWORD_LIFT`; a topic keeps its `max_keywords` best by turns-with-t x log(lift) (ties:
    alphabetical). Topics without training turns get no keywords. Deterministic."""
    counts = _KeywordCounts()
    for turn in train:  # one pass: `train` may be a stream
        counts.add(turn)
    return counts.keywords(topic_ids, max_keywords)


class _KeywordCounts:
    """What `learn_topic_keywords` counts over the training turns (`add`, one turn at a time)."""

    def __init__(self) -> None:
        self.n = 0
        self.df: Counter = Counter()
        self.df_topic: dict[str, Counter] = defaultdict(Counter)
        self.prior: Counter = Counter()

    def add(self, turn) -> None:
        self.n += 1
        words = _letter_words(turn.text.lower())  # set(_WORD.findall(turn.text.lower()))
        self.df.update(words)
        for topic in set(turn.topics):
            self.prior[topic] += 1
            self.df_topic[topic].update(words)

    def keywords(self, topic_ids: Sequence[str], max_keywords: int = MAX_KEYWORDS) -> dict[str, list[str]]:
        import math

        n, df, df_topic, prior = self.n, self.df, self.df_topic, self.prior
        keywords: dict[str, list[str]] = {}
        for topic in topic_ids:
            scored = []
            for word, k in df_topic.get(topic, Counter()).items():
                if k < MIN_KEYWORD_TURNS:
                    continue
                lift = (k / df[word]) / (prior[topic] / n)
                if lift >= MIN_KEYWORD_LIFT:
                    scored.append((-k * math.log(lift), word))
            keywords[topic] = [word for _, word in sorted(scored)[:max_keywords]]
        return keywords


def _letter_words(lowered: str) -> set[str]:
    """`set(_WORD.findall(lowered))`, the regex run only over the whitespace-separated tokens that
    are not all letters. A whitespace character is never a word character (`\\w`) and a letter
    (`str.isalpha`) always matches `[^\\W\\d_]` (both checked over every code point by
    `tests/test_baseline_fast_paths.py`), so a token of letters is one maximal run of the class,
    a word when it has three or more; the other tokens' runs are those of their joined text."""
    tokens = lowered.split()
    words = {token for token in tokens if len(token) > 2 and token.isalpha()}
    words.update(_WORD.findall(" ".join(filterfalse(str.isalpha, tokens))))
    return words


#: The last text whose word runs were found, and its runs (`_word_runs`).
_last_runs: tuple[str, list[str]] = ("", [])


def _word_runs(text: str) -> list[str]:
    """`_WORD_RUN.findall(text)`, remembered for the last text: the keyword matcher and the
    gazetteer are given the same turn's text one after the other (`BaselineFigures.add`)."""
    global _last_runs
    last = _last_runs
    if last[0] is text:
        return last[1]
    runs = _WORD_RUN.findall(text)
    _last_runs = (text, runs)
    return runs


def _lowered_run_counts(text: str, lowered: str) -> Counter | None:
    """`Counter(_WORD_RUN.findall(lowered))` (`lowered` is `text.lower()`) from the runs of `text`,
    or None when that is not certain. When `lowered` is as long as `text`, every character was
    lowered to one character; no character changes whether it is a word character when lowered
    to one, and only the capital sigma is lowered by its context (to a final sigma at a word's
    end), so without it the runs of `lowered` are the runs of `text`, lowered one by one. A run
    that `str.islower` is its own lowercase (a character that is neither upper- nor titlecase
    lowers to itself), so only the other runs are lowered. (The Unicode facts are checked over
    every code point by `tests/test_baseline_fast_paths.py`.)"""
    if len(lowered) != len(text) or "\u03a3" in text:
        return None
    counts = Counter(_word_runs(text))
    for run in list(filterfalse(str.islower, counts)):
        n = counts.pop(run)
        counts[run.lower()] += n
    return counts


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
    match = _KeywordMatcher(topic_keywords)
    return {turn.id: match(turn.text) for turn in turns}


class _KeywordMatcher:
    """`keyword_topics` for one text at a time, its keywords prepared once."""

    def __init__(self, topic_keywords: Mapping[str, Sequence[str]]):
        # A keyword that is one run of word characters occurs as a whole word exactly where a maximal
        # `\w+` run of the text equals it, so its count is read from one word count per turn: each such
        # word points to the topics (by rank) whose keyword it is. Other keywords (phrases,
        # punctuation) are searched with their pattern.
        self.topics = list(topic_keywords)
        self.word_ranks: dict[str, list[int]] = defaultdict(list)
        self.patterns: list[tuple[int, re.Pattern[str]]] = []
        for rank, keywords in enumerate(topic_keywords.values()):
            for k in dict.fromkeys(keywords):
                if not k.strip():
                    continue
                lowered = k.lower().split()
                if len(lowered) == 1 and _WORD_RUN.fullmatch(lowered[0]):
                    self.word_ranks[lowered[0]].append(rank)
                else:
                    self.patterns.append((rank, _phrase_pattern(k)))

    def __call__(self, text: str) -> list[str]:
        lowered = text.lower()
        counts = _lowered_run_counts(text, lowered)  # (the gazetteer then finds the runs of `text` found)
        if counts is None:
            counts = Counter(_WORD_RUN.findall(lowered))
        text = lowered
        word_ranks = self.word_ranks
        hits: Counter = Counter()
        for word in word_ranks.keys() & counts.keys():
            n = counts[word]
            for rank in word_ranks[word]:
                hits[rank] += n
        for rank, pattern in self.patterns:
            hits[rank] += len(pattern.findall(text))
        topics = self.topics
        return [topics[rank] for _, rank in sorted((-n, rank) for rank, n in hits.items() if n)[:MAX_TOPICS]]


def dictionary_ner(turns: Sequence[Turn], fit: Sequence[Turn] | None = None) -> dict[str, list[Span]]:
    """Gazetteer NER: fitted on `fit` (e.g. the training turns), or else leave-one-turn-out.

    Protocol: with `fit`, a gazetteer maps every entity surface annotated in `fit` to its most
    frequent label there (ties: ENTITY_LABELS order). Without it, for each turn, the gazetteer
    is built from the OTHER turns of `turns`: the turn's own annotations are never used for its
    own predictions. Every case-sensitive, whole-word
    occurrence of a gazetteer surface in the turn text is a candidate (whole-word: neither
    preceded nor followed by a letter, digit or underscore, the rule by which gold surfaces
    are located, `annotations.whole_word_occurrences`); candidates are taken longest first
    (ties: leftmost), and a candidate overlapping one already taken is dropped.
    """
    # label counts per surface over all turns; each turn subtracts its own.
    totals: dict[str, Counter] = defaultdict(Counter)
    for turn in turns if fit is None else fit:
        for entity in turn.entities:
            totals[entity.text][entity.label] += 1
    gazetteer = _Gazetteer(totals)
    predictions: dict[str, list[Span]] = {}
    for turn in turns:
        own = Counter((entity.text, entity.label) for entity in turn.entities) if fit is None else Counter()
        predictions[turn.id] = gazetteer(turn.text, own)
    return predictions


class _Gazetteer:
    """`dictionary_ner` for one text at a time: `totals` (surface -> label counts) indexed once."""

    def __init__(self, totals: Mapping[str, Counter]):
        self.totals = totals
        self.index = SurfaceIndex(surface for surface in totals if surface == surface.strip())
        self.label_rank = {label: i for i, label in enumerate(ENTITY_LABELS)}
        self.labels: dict[str, str] = {}  # surface -> its label when no counts are left out

    def _label(self, surface: str, own: Counter) -> str | None:
        """The most frequent label of `surface` (ties: ENTITY_LABELS order) once `own` is left out;
        None when nothing is left."""
        label_rank = self.label_rank
        counts = {label: n - own[(surface, label)] for label, n in self.totals[surface].items()}
        counts = {label: n for label, n in counts.items() if n > 0}
        if not counts:
            return None  # only this turn annotates the surface
        return max(counts, key=lambda lab: (counts[lab], -label_rank[lab]))

    def __call__(self, text: str, own: Counter) -> list[Span]:
        """The spans predicted in `text`; `own`: (surface, label) counts to leave out (the turn's own).

        A candidate is a whole-word occurrence of a surface (neither preceded nor followed by a
        word character): only the surfaces whose first piece occurs in the text are searched
        (`surface_index.SurfaceIndex`), each with `str.find`."""
        labels = self.labels
        candidates = []
        for surface in self.index.candidates(text, _word_runs(text)):
            start = text.find(surface)
            while start != -1:
                end = start + len(surface)
                if not (
                    (start > 0 and _is_word_char(text[start - 1])) or (end < len(text) and _is_word_char(text[end]))
                ):
                    if own:
                        label = self._label(surface, own)
                    elif surface in labels:
                        label = labels[surface]
                    else:
                        label = labels[surface] = self._label(surface, own)
                    if label is not None:
                        candidates.append(Span(start, end, label))
                start = text.find(surface, start + 1)
        taken = bytearray(len(text))
        chosen = []
        for span in sorted(candidates, key=lambda s: (-(s.end - s.start), s.start)):
            if not any(taken[span.start : span.end]):
                taken[span.start : span.end] = b"\x01" * (span.end - span.start)
                chosen.append(span)
        return sorted(chosen)


def run_baselines(turns: Sequence[Turn], topic_keywords: Mapping[str, Sequence[str]]) -> dict[str, dict]:
    """Score every baseline on `turns`: task -> the `evaluate.score` report."""
    turns = list(turns)
    known_topics = set(topic_keywords)
    return {
        "ner": score("ner", turns, dictionary_ner(turns)),
        "topics": score("topics", turns, keyword_topics(turns, topic_keywords), known_topics=known_topics),
        "role": score("role", turns, majority_role(turns)),
        "role_question": score("role", turns, question_role(turns)),
    }


#: The baselines `baseline_figures` reports: name -> (task, what it is).
BASELINES: dict[str, tuple[str, str]] = {
    "role_majority": ("role", "majority role of the training turns"),
    "role_question": ("role", "`?` at the end of the turn -> interviewer, else interviewee (not fitted)"),
    "topics_keywords": ("topics", "keywords learned from the training turns (at most 4 topics per turn)"),
    "ner_dictionary": ("ner", "entity surfaces of the training turns with their most frequent label"),
}


def baseline_figures(turns_by_split: Mapping[str, Iterable[Turn]], topic_ids: Sequence[str]) -> dict:
    """Every baseline fitted on the gold turns of `train`, scored on those of `validation` and
    `test` (automatic turns are never used). Returns

        {"fitted_on": "train", "train_turns": n, "baselines": {name: {"task", "description"}},
         "splits": {split: {"turns": n, "scores": {name: score report, or None when it could not
         be fitted (no training turns)}}}}

    One pass over each split (each may be a stream): the training turns feed every baseline's
    fitting at once; each scored split is predicted by every baseline as it is read, keeping only
    the gold labels (no text) and the predictions for scoring (`BaselineFigures`)."""
    figures = BaselineFigures(topic_ids)
    for split in ("train", "validation", "test"):
        figures.add(split, turns_by_split.get(split, ()))
    return figures.result()


class BaselineFigures:
    """`baseline_figures` fed as the turns come: `add(split, turns)` with every `train` turn
    before any turn of another split, and each scored split's turns together (the build's
    read-back walks the splits in that order), then `result()`. Turns of other splits than train,
    validation and test are ignored. A scored split's turns are predicted and counted as they come
    (`evaluate.Scorer`, per baseline): neither their labels nor the predictions are kept, and
    the split's reports are taken when the next one starts."""

    def __init__(self, topic_ids: Sequence[str]):
        self.topic_ids = topic_ids
        self.train_turns = 0
        self.roles: Counter = Counter()
        self.keyword_counts = _KeywordCounts()
        self.totals: dict[str, Counter] = defaultdict(Counter)
        self.fitted: tuple | None = None  # (majority role, keyword matcher, gazetteer), once scoring starts
        #: split -> {"turns", "scores"} once the split is done (None: it had no gold turns)
        self.scored: dict[str, dict | None] = {}
        self.current: str | None = None  # the scored split being fed
        self.scorers: dict[str, Scorer] = {}  # its counts: baseline name -> scorer (the fitted ones)
        self.current_turns = 0  # its gold turns so far

    def add(self, split: str, turns: Iterable[Turn]) -> None:
        if split == "train":
            if self.fitted is not None:
                raise ValueError("baselines: training turns after scored ones (train must come first)")
            for turn in _gold_turns(turns):
                self.train_turns += 1
                self.roles[turn.speaker_role] += 1
                self.keyword_counts.add(turn)
                for entity in turn.entities:
                    self.totals[entity.text][entity.label] += 1
            return
        if split not in _SCORED_SPLITS:
            return
        if split != self.current:
            if split in self.scored:
                raise ValueError(f"baselines: turns of {split} after another split's (each split comes together)")
            self._finish(self.current)
            self.current, self.current_turns, self.scorers = split, 0, self._scorers()
        majority, match_keywords, gazetteer = self.fitted
        scorers = self.scorers
        no_own: Counter = Counter()
        for turn in _gold_turns(turns):
            self.current_turns += 1
            scorers["role_question"].add(turn, _question_role(turn.text))
            if match_keywords is not None:
                scorers["role_majority"].add(turn, majority)
                scorers["topics_keywords"].add(turn, match_keywords(turn.text))
                scorers["ner_dictionary"].add(turn, gazetteer(turn.text, no_own))

    def _scorers(self) -> dict[str, Scorer]:
        """A scored split's scorers: every baseline's when there were training turns, else only
        the unfitted `role_question`'s (the baselines are fitted when the first scored split starts)."""
        if self.fitted is None:
            fitted = bool(self.train_turns)
            match_keywords = _KeywordMatcher(self.keyword_counts.keywords(self.topic_ids)) if fitted else None
            self.fitted = (_majority(self.roles), match_keywords, _Gazetteer(self.totals))
        scorers = {"role_question": Scorer("role")}
        if self.fitted[1] is not None:
            scorers["role_majority"] = Scorer("role")
            scorers["topics_keywords"] = Scorer("topics", known_topics=set(self.topic_ids))
            scorers["ner_dictionary"] = Scorer("ner")
        return scorers

    def _finish(self, split: str | None) -> None:
        """Take `split`'s reports (None for a baseline that could not be fitted) and drop its counts."""
        if split is None or split in self.scored:
            return
        scorers, turns = self.scorers, self.current_turns
        self.scorers, self.current_turns = {}, 0
        self.scored[split] = None
        if not turns:
            return
        scores = {name: scorers[name].report() if name in scorers else None for name in BASELINES}
        self.scored[split] = {"turns": turns, "scores": scores}

    def result(self) -> dict:
        self._finish(self.current)
        return {
            "fitted_on": "train",
            "train_turns": self.train_turns,
            "baselines": {name: {"task": task, "description": what} for name, (task, what) in BASELINES.items()},
            "splits": {split: self.scored[split] for split in _SCORED_SPLITS if self.scored.get(split)},
        }


#: The splits the baselines are scored on, in the order they are fed.
_SCORED_SPLITS = ("validation", "test")


def _gold_turns(turns: Iterable[Turn]) -> Iterator[Turn]:
    """The gold turns of `turns` (automatic and unannotated turns are never used)."""
    return (t for t in turns if t.annotation_source == "gold")


class _PublishedTurn(NamedTuple):
    """The fields of a published turn the baselines read."""

    id: str
    speaker_role: str
    text: str
    topics: list[str]
    entities: list  # schema.EntityRecord: text, label, start, end
    annotation_source: str


#: The `turns` columns `_PublishedTurn` holds.
_BASELINE_COLUMNS = list(_PublishedTurn._fields)


class _WrittenTurns:
    """The turns of some Parquet shards, read batch by batch (only the columns the baselines
    read, ClassLabels decoded per column): nothing is kept."""

    def __init__(self, paths: list):
        self.paths = paths

    def __iter__(self) -> Iterator[_PublishedTurn]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from .features import embedded_topic_names
        from .publish.arrow_tables import decode_table
        from .written import BATCH_ROWS, table_columns

        for path in self.paths:
            parquet = pq.ParquetFile(path)
            topics = embedded_topic_names(parquet.schema_arrow)
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=_BASELINE_COLUMNS):
                columns = table_columns(decode_table(pa.Table.from_batches([batch]), Turn, topics), Turn)
                yield from map(
                    _PublishedTurn,
                    columns["id"],
                    columns["speaker_role"],
                    columns["text"],
                    columns["topics"],
                    columns["entities"],  # entity records (text, label, start, end)
                    columns["annotation_source"],
                )


def published_baseline_figures(hf_dir) -> dict:
    """`baseline_figures` of a published folder (the turns as written, the topic ids of the data).
    The turns are streamed from the Parquet shards, one pass per split, so memory does not grow
    with the text of the corpus: what is kept are the fitted gazetteer and keyword counts, and
    the gold labels and predictions of the split being scored."""
    from .published import hf_folder
    from .written import WrittenCorpus, written_topic_ids

    corpus = WrittenCorpus.from_folder(hf_folder(hf_dir))
    by_split = {s: _WrittenTurns(corpus.paths("turns", s)) for s in SPLITS if corpus.paths("turns", s)}
    return baseline_figures(by_split, written_topic_ids(corpus.paths("turns", s) for s in SPLITS))
