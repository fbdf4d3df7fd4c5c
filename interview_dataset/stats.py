"""Corpus statistics, counted from what was written (`written.WrittenCorpus`), one interview
at a time; mergeable. Every number in the card comes from here.

Annotations are counted by their source (`gold`, `automatic`, `none`): automatic (draft)
topics and entities are never added to the gold figures. Memory is bounded by the number of
distinct values (word counts are kept as a histogram, not a list).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .schema import ANNOTATION_SOURCES, ENTITY_LABELS, SPEAKER_ROLES, Interview, NerSentence, Turn


def word_count(text: str) -> int:
    return len(text.split())


def _quantile(histogram: Counter, q: float) -> float:
    """The q-quantile of the values counted in `histogram` (linear interpolation between
    order statistics, as `statistics.quantiles(method="inclusive")`)."""
    n = sum(histogram.values())
    position = q * (n - 1)
    lo_rank, frac = int(position), position - int(position)
    values = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(values) < 2 and seen > lo_rank + len(values):
            values.append(value)
        if len(values) == 2:
            break
    if len(values) == 1:
        values.append(values[0])
    return values[0] + (values[1] - values[0]) * frac


@dataclass
class CorpusStats:
    interviews: int = 0
    turns: int = 0
    turns_by_split: Counter = field(default_factory=Counter)
    interviews_by_split: Counter = field(default_factory=Counter)
    interviews_by_source: Counter = field(default_factory=Counter)  # annotation source of the interview's turns
    languages: Counter = field(default_factory=Counter)  # interviews per language
    source_formats: Counter = field(default_factory=Counter)  # interviews per transcript format
    timed_interviews: int = 0
    turns_by_speaker: Counter = field(default_factory=Counter)  # (interview_id, speaker, role)
    words_by_speaker: Counter = field(default_factory=Counter)
    chars_by_speaker: Counter = field(default_factory=Counter)
    turns_by_role: Counter = field(default_factory=Counter)
    words_by_role: Counter = field(default_factory=Counter)
    speakers_by_role: Counter = field(default_factory=Counter)
    turn_words: Counter = field(default_factory=Counter)  # words -> turns (a histogram)
    turn_words_by_role: dict[str, Counter] = field(default_factory=dict)
    topics: Counter = field(default_factory=Counter)  # (source, topic id) -> turns
    turns_without_topics: Counter = field(default_factory=Counter)  # source -> turns
    entity_labels: Counter = field(default_factory=Counter)  # (source, label) -> mentions in turns
    entity_surfaces: Counter = field(default_factory=Counter)  # (source, text, label)
    introduction_entities: Counter = field(default_factory=Counter)  # source -> mentions
    annotation_sources: Counter = field(default_factory=Counter)  # source -> turns
    ner_sentences: int = 0
    ner_tokens: int = 0
    ner_sentences_by_source: Counter = field(default_factory=Counter)

    def add_turns(self, turns: list[Turn], split: str) -> None:
        self.turns += len(turns)
        self.turns_by_split[split] += len(turns)
        turns_by_speaker, words_by_speaker, chars_by_speaker = (
            self.turns_by_speaker,
            self.words_by_speaker,
            self.chars_by_speaker,
        )
        turns_by_role, words_by_role, turn_words = self.turns_by_role, self.words_by_role, self.turn_words
        topics, entity_labels, entity_surfaces = self.topics, self.entity_labels, self.entity_surfaces
        for turn in turns:
            role, text, source = turn.speaker_role, turn.text, turn.annotation_source
            key = (turn.interview_id, turn.speaker, role)
            words = len(text.split())  # word_count
            if key not in turns_by_speaker:
                self.speakers_by_role[role] += 1
            turns_by_speaker[key] += 1
            words_by_speaker[key] += words
            chars_by_speaker[key] += len(text)
            turns_by_role[role] += 1
            words_by_role[role] += words
            turn_words[words] += 1
            by_role = self.turn_words_by_role.get(role)
            if by_role is None:
                by_role = self.turn_words_by_role[role] = Counter()
            by_role[words] += 1
            self.annotation_sources[source] += 1
            for topic in turn.topics:
                topics[(source, topic)] += 1
            self.turns_without_topics[source] += not turn.topics  # (a source's key even at 0)
            for entity in turn.entities:
                label = entity.label
                entity_labels[(source, label)] += 1
                entity_surfaces[(source, entity.text, label)] += 1

    def add_interview(
        self,
        turns: list[Turn],
        split: str,
        interview: Interview,
        sentences: list[NerSentence] = (),
        ner_counts: tuple[int, int] | None = None,
    ) -> None:
        """Count one interview: its turns, introduction entities and NER sentences (`sentences`,
        or their number and the number of their tokens, `ner_counts`)."""
        source = turns[0].annotation_source if turns else "none"
        self.interviews += 1
        self.interviews_by_split[split] += 1
        self.interviews_by_source[source] += 1
        self.languages[interview.language] += 1
        self.source_formats[interview.source_format] += 1
        self.timed_interviews += any(t.start_seconds is not None for t in turns)
        self.add_turns(turns, split)
        self.introduction_entities[source] += len(interview.introduction_entities)
        if ner_counts is None:
            ner_counts = (len(sentences), sum(len(s.tokens) for s in sentences))
        self.ner_sentences += ner_counts[0]
        self.ner_sentences_by_source[source] += ner_counts[0]
        self.ner_tokens += ner_counts[1]

    def add_written(self, written) -> None:
        """Count one `written.WrittenInterview`."""
        ner_counts = getattr(written, "ner_counts", None)
        self.add_interview(written.turns, written.split, written.interview, written.sentences, ner_counts)

    def merge(self, other: CorpusStats) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, Counter):
                mine.update(value)
            elif isinstance(mine, dict):
                for k, v in value.items():
                    mine.setdefault(k, Counter()).update(v)
            else:
                setattr(self, name, mine + value)

    # Views used by the card and the `stats` command --------------------------------------

    def entities(self, source: str = "gold") -> int:
        """Entity mentions in turns from one annotation source."""
        return sum(n for (s, _), n in self.entity_labels.items() if s == source)

    def sources(self) -> list[str]:
        """Annotation sources present, in schema order."""
        return [s for s in ANNOTATION_SOURCES if self.annotation_sources.get(s)]

    def topic_pairs(self, source: str = "gold") -> int:
        """Turn–topic pairs from one annotation source."""
        return sum(n for (s, _), n in self.topics.items() if s == source)

    def topic_count(self, topic: str, source: str = "gold") -> int:
        return self.topics.get((source, topic), 0)

    def speaker_rows(self) -> list[dict]:
        return [
            {
                "interview_id": i,
                "speaker": s,
                "role": r,
                "turns": n,
                "words": self.words_by_speaker[(i, s, r)],
                "characters": self.chars_by_speaker[(i, s, r)],
                "mean_words": round(self.words_by_speaker[(i, s, r)] / n, 1),
            }
            for (i, s, r), n in sorted(self.turns_by_speaker.items())
        ]

    def role_rows(self) -> list[dict]:
        return [
            {
                "role": role,
                "speakers": self.speakers_by_role[role],
                "turns": self.turns_by_role[role],
                "words": self.words_by_role[role],
                "mean_words": round(self.words_by_role[role] / self.turns_by_role[role], 1),
            }
            for role in SPEAKER_ROLES
            if self.turns_by_role.get(role)
        ]

    def length_distribution(self) -> list[dict]:
        rows = []
        groups = [("all", self.turn_words)] + [(r, self.turn_words_by_role.get(r, Counter())) for r in SPEAKER_ROLES]
        for name, histogram in groups:
            n = sum(histogram.values())
            if not n:
                continue
            rows.append(
                {
                    "group": name,
                    "turns": n,
                    "min": min(histogram),
                    "p25": round(_quantile(histogram, 0.25), 1),
                    "median": round(_quantile(histogram, 0.5), 1),
                    "p75": round(_quantile(histogram, 0.75), 1),
                    "max": max(histogram),
                    "mean": round(sum(w * c for w, c in histogram.items()) / n, 1),
                }
            )
        return rows

    def length_histogram(self, edges=(0, 25, 50, 100, 200, 400, 800)) -> list[dict]:
        rows = []
        bounds = list(edges) + [None]
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=False):
            n = sum(c for w, c in self.turn_words.items() if w >= lo and (hi is None or w < hi))
            rows.append({"range": f"{lo}–{hi - 1}" if hi else f"≥ {lo}", "turns": n})
        return rows

    def entity_label_rows(self) -> list[dict]:
        """Mentions per label, gold and automatic apart."""
        gold_total = self.entities("gold")
        return [
            {
                "label": label,
                "gold": self.entity_labels[("gold", label)],
                "share": f"{100 * self.entity_labels[('gold', label)] / gold_total:.1f}%" if gold_total else "—",
                "automatic": self.entity_labels[("automatic", label)],
            }
            for label in ENTITY_LABELS
        ]

    def top_entities(self, n: int = 20, source: str = "gold") -> list[dict]:
        ranked = sorted(
            ((t, lab, c) for (s, t, lab), c in self.entity_surfaces.items() if s == source),
            key=lambda row: (-row[2], row[0], row[1]),
        )
        return [{"text": t, "label": lab, "count": c} for t, lab, c in ranked[:n]]

    def as_json(self) -> dict:
        """The `stats` command's output."""
        return {
            "interviews": self.interviews,
            "turns": self.turns,
            "turns_by_split": dict(sorted(self.turns_by_split.items())),
            "interviews_by_split": dict(sorted(self.interviews_by_split.items())),
            "annotation_source_turns": dict(sorted(self.annotation_sources.items())),
            "annotation_source_interviews": dict(sorted(self.interviews_by_source.items())),
            "languages": dict(sorted(self.languages.items())),
            "speakers": self.speaker_rows(),
            "turn_length_words": self.length_distribution(),
            "topics": {
                source: {t: n for (s, t), n in sorted(self.topics.items()) if s == source} for source in self.sources()
            },
            "entities_by_label": {
                source: {lab: n for (s, lab), n in sorted(self.entity_labels.items()) if s == source}
                for source in self.sources()
            },
            "introduction_entities": dict(sorted(self.introduction_entities.items())),
            "ner_sentences": self.ner_sentences,
            "ner_tokens": self.ner_tokens,
        }
