"""Corpus statistics, accumulated interview by interview as the build goes (mergeable, so
worker processes can each count their share). Every number in the card comes from here."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from .schema import ENTITY_LABELS, SPEAKER_ROLES, Interview, NerSentence, Turn


def word_count(text: str) -> int:
    return len(text.split())


@dataclass
class CorpusStats:
    interviews: int = 0
    turns: int = 0
    turns_by_split: Counter = field(default_factory=Counter)
    turns_by_speaker: Counter = field(default_factory=Counter)  # (interview_id, speaker, role)
    words_by_speaker: Counter = field(default_factory=Counter)
    chars_by_speaker: Counter = field(default_factory=Counter)
    turn_words: list[int] = field(default_factory=list)
    turn_words_by_role: dict[str, list[int]] = field(default_factory=dict)
    topics: Counter = field(default_factory=Counter)
    turns_without_topics: int = 0
    entity_labels: Counter = field(default_factory=Counter)
    entity_surfaces: Counter = field(default_factory=Counter)  # (text, label)
    introduction_entities: int = 0
    annotation_sources: Counter = field(default_factory=Counter)
    ner_sentences: int = 0
    ner_tokens: int = 0

    def add_turns(self, turns: list[Turn], split: str) -> None:
        self.turns += len(turns)
        self.turns_by_split[split] += len(turns)
        for turn in turns:
            key = (turn.interview_id, turn.speaker, turn.speaker_role)
            words = word_count(turn.text)
            self.turns_by_speaker[key] += 1
            self.words_by_speaker[key] += words
            self.chars_by_speaker[key] += len(turn.text)
            self.turn_words.append(words)
            self.turn_words_by_role.setdefault(turn.speaker_role, []).append(words)
            self.topics.update(turn.topics)
            self.turns_without_topics += not turn.topics
            self.annotation_sources[turn.annotation_source] += 1
            for entity in turn.entities:
                self.entity_labels[entity.label] += 1
                self.entity_surfaces[(entity.text, entity.label)] += 1

    def add_interview(
        self, turns: list[Turn], split: str, interview: Interview, sentences: list[NerSentence] = ()
    ) -> None:
        """Count one compiled interview: its turns, introduction entities and NER sentences."""
        self.interviews += 1
        self.add_turns(turns, split)
        self.introduction_entities += len(interview.introduction_entities)
        self.ner_sentences += len(sentences)
        self.ner_tokens += sum(len(s.tokens) for s in sentences)

    def merge(self, other: CorpusStats) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, Counter):
                mine.update(value)
            elif isinstance(mine, list):
                mine.extend(value)
            elif isinstance(mine, dict):
                for k, v in value.items():
                    mine.setdefault(k, []).extend(v)
            else:
                setattr(self, name, mine + value)

    # Views used by the card -------------------------------------------------------------

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

    def length_distribution(self) -> list[dict]:
        rows = []
        groups = [("all", self.turn_words)] + [(r, self.turn_words_by_role.get(r, [])) for r in SPEAKER_ROLES]
        for name, values in groups:
            if not values:
                continue
            ordered = sorted(values)
            q = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else [ordered[0]] * 3
            rows.append(
                {
                    "group": name,
                    "turns": len(ordered),
                    "min": ordered[0],
                    "p25": round(q[0], 1),
                    "median": round(q[1], 1),
                    "p75": round(q[2], 1),
                    "max": ordered[-1],
                    "mean": round(sum(ordered) / len(ordered), 1),
                }
            )
        return rows

    def length_histogram(self, edges=(0, 25, 50, 100, 200, 400, 800)) -> list[dict]:
        rows = []
        bounds = list(edges) + [None]
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=False):
            n = sum(1 for w in self.turn_words if w >= lo and (hi is None or w < hi))
            rows.append({"range": f"{lo}–{hi - 1}" if hi else f"≥ {lo}", "turns": n})
        return rows

    def entity_label_rows(self) -> list[dict]:
        total = sum(self.entity_labels.values())
        return [
            {
                "label": label,
                "count": self.entity_labels[label],
                "share": f"{100 * self.entity_labels[label] / total:.1f}%" if total else "0.0%",
            }
            for label in ENTITY_LABELS
        ]

    def top_entities(self, n: int = 20) -> list[dict]:
        ranked = sorted(self.entity_surfaces.items(), key=lambda kv: (-kv[1], kv[0]))
        return [{"text": t, "label": l, "count": c} for (t, l), c in ranked[:n]]
