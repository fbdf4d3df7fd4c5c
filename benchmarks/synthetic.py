"""A deterministic synthetic corpus in `raw/` form, for benchmarks and tests.

    python benchmarks/synthetic.py OUT_DIR --interviews 100 --turns-per-interview 40

writes `OUT_DIR/raw/taxonomy.yaml` and `OUT_DIR/raw/synth-NNNNN/` folders, each with an
article-style `transcript.txt`, a `metadata.yaml` (with the transcript's SHA-256) and a gold
`annotations.yaml`. Shape (close to the measured baselines in perf-baselines.md):

- turn text: lognormal length, mean ~600 characters (median ~450, clipped to 50..3000),
  sentences of English filler with non-ASCII words, curly apostrophes and dashes, split into
  paragraphs of ~300 characters (joined with a blank line, as the reader joins them);
- ~2.5 entity mentions per turn (proportional to length), from a Zipf-like vocabulary of
  pseudo-names with diacritics, each surface always with the same label, never a whole word
  of another surface, placed inside a sentence so it aligns with spaCy's tokens;
- 1-3 topics per turn from a 30-topic, 6-category taxonomy;
- a standfirst and an introduction (with entities) before the first turn.

Every interview is generated from its own `random.Random((seed, index))`, so any interview
(and any subset) comes out the same, whichever process generates it.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from interview_dataset.schema import ENTITY_LABELS  # the labels in ClassLabel order

TAXONOMY_VERSION = "1.0.0"
# Rough OntoNotes-like label frequencies (per mille), for the entity vocabulary.
LABEL_WEIGHTS = (220, 90, 15, 160, 200, 30, 15, 25, 20, 10, 10, 80, 10, 10, 15, 10, 10, 20)

_FILLER = (
    "the of and to a in that is was he for it with as his on be at by had this not are but from or have an they "
    "which one you were her all she there would their we him been has when who will more no if out so said what up "
    "its about into than them can only other new some could time these two may then do first any my now such like "
    "our over man me even most made after also did many before must through back years where much your way well down "
    "should because each just those people how too little state good very make world still own see men work long get "
    "here between both life being under never day same another know while last might us great old year off come since "
    "against go came right used take three war peace front army soldiers negotiations ceasefire winter energy power "
    "support left solidarity country government policy society opinion economy industry drones shelling frost water "
    "electricity leave injury recovery volunteers unions workers wages prices inflation elections parliament "
    "don’t can’t isn’t it’s we’re they’re that’s there’s café naïve façade résumé coöperate déjà-vu rôle élite "
    "protégé fiancée über señor jalapeño smörgåsbord crème brûlée piñata São Zürich Kraków Łódź Dnipró Київ Харків "
    "війна мир"
).split()
_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "vå",
    "ør",
    "žu",
    "ša",
    "ni",
    "be",
    "do",
    "lé",
    "ma",
    "sú",
    "ko",
    "ve",
    "ti",
    "na",
    "pe",
    "ço",
    "ry",
    "ga",
    "hu",
    "ïn",
    "bo",
    "za",
    "ké",
    "dü",
    "fa",
)
_PUNCT_END = (".", ".", ".", ".", "?", "!")
_CATEGORIES = ("war-military", "diplomacy", "domestic-politics", "international", "the-left", "economy")

TURN_MEAN_CHARS = 600
TURN_SIGMA = 0.74  # lognormal: mean/median = exp(sigma^2 / 2) ~ 1.32
ENTITIES_PER_TURN = 2.5


@dataclass(frozen=True)
class CorpusInfo:
    raw_dir: Path
    interviews: int
    turns: int
    entities: int
    text_chars: int
    raw_bytes: int


def _pseudo_word(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(syllables))
    return word[0].upper() + word[1:]


@lru_cache(maxsize=4)
def _vocabulary(
    seed: int,
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[float, ...], tuple[tuple[str, ...], ...]]:
    """Sentence pool, entity vocabulary (surface, label) with Zipf weights, topic ids by category."""
    rng = random.Random(f"vocabulary-{seed}")
    filler = [w for w in _FILLER]
    sentences = []
    for _ in range(4000):
        words = rng.choices(filler, k=rng.randint(6, 22))
        if rng.random() < 0.3:
            words.insert(rng.randint(1, len(words) - 1), "—")
        first = words[0]
        words[0] = first[0].upper() + first[1:]
        sentences.append(" ".join(words) + rng.choice(_PUNCT_END))
    used_words: set[str] = set(w.lower() for w in filler)
    entities: list[tuple[str, str]] = []
    labels = rng.choices(ENTITY_LABELS, weights=LABEL_WEIGHTS, k=2000)
    while len(entities) < 2000:
        parts = [_pseudo_word(rng, rng.randint(2, 4)) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
        if any(p.lower() in used_words for p in parts) or len(set(parts)) != len(parts):
            continue
        used_words.update(p.lower() for p in parts)
        entities.append((" ".join(parts), labels[len(entities)]))
    weights = tuple(1.0 / (rank + 1) ** 0.9 for rank in range(len(entities)))
    topics = tuple(tuple(f"{cat}-topic-{j}" for j in range(5)) for cat in _CATEGORIES)
    return tuple(sentences), tuple(entities), weights, topics


def taxonomy_yaml(seed: int = 0) -> str:
    _, _, _, topics = _vocabulary(seed)
    lines = ["# Synthetic taxonomy for benchmarks.", f"version: {TAXONOMY_VERSION}", "categories:"]
    for cat in _CATEGORIES:
        lines += [f"  - id: {cat}", f"    label: {cat.replace('-', ' ').capitalize()}"]
    lines.append("topics:")
    for cat, ids in zip(_CATEGORIES, topics, strict=False):
        for topic in ids:
            lines += [
                f"  - id: {topic}",
                f"    label: {topic.replace('-', ' ').capitalize()}",
                f"    category: {cat}",
                f"    definition: Synthetic topic {topic} in {cat}.",
                "    keywords: [synthetic]",
            ]
    return "\n".join(lines) + "\n"


def _q(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(rng: random.Random, target_chars: int, vocab, n_entities: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Paragraphs of about `target_chars` characters with `n_entities` distinct entity surfaces inserted."""
    sentences, entities, weights, _ = vocab
    picked: list[str] = []
    total = 0
    while total < target_chars - 60 or not picked:
        s = sentences[int(rng.random() * len(sentences))]
        picked.append(s)
        total += len(s) + 1
    chosen: dict[str, str] = {}
    if n_entities:
        for surface, label in rng.choices(entities, weights=weights, k=n_entities):
            chosen.setdefault(surface, label)
        split: dict[int, list[str]] = {}
        for surface in chosen:
            i = int(rng.random() * len(picked))
            words = split.setdefault(i, picked[i].split(" "))  # a multi-word surface stays one item
            words.insert(1 + int(rng.random() * (len(words) - 1)), surface)  # never first, never sentence-final
        for i, words in split.items():
            picked[i] = " ".join(words)
    paragraphs, current, size = [], [], 0
    for s in picked:
        current.append(s)
        size += len(s) + 1
        if size >= 300:
            paragraphs.append(" ".join(current))
            current, size = [], 0
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs, list(chosen.items())


def _entity_lines(pairs: list[tuple[str, str]], indent: str) -> list[str]:
    if not pairs:
        return [f"{indent}entities: []"]
    return [f"{indent}entities:"] + [f"{indent}  - {_q(s)}: {label}" for s, label in pairs]


def write_interview(raw_dir: Path, index: int, turns: int, seed: int = 0) -> tuple[int, int, int, int]:
    """Write `raw_dir/synth-<index>/`; returns (turns, entities, text chars, bytes written)."""
    vocab = _vocabulary(seed)
    topic_ids = vocab[3]
    rng = random.Random(f"{seed}-{index}")
    interview_id = f"synth-{index:05d}"
    interviewer = f"{_pseudo_word(rng, 2)} {_pseudo_word(rng, 3)}"
    interviewee = f"{_pseudo_word(rng, 2)} {_pseudo_word(rng, 2)}ko"
    standfirst, _ = _text(rng, 150, vocab, 0)
    intro, intro_entities = _text(rng, 450, vocab, 1)
    lines = [" ".join(standfirst), "", ""] + [p for para in intro for p in (para, "")] + [""]
    ann = ["# Synthetic gold annotations.", "status: gold", f"taxonomy_version: {TAXONOMY_VERSION}", "introduction:"]
    ann += _entity_lines(intro_entities, "  ")
    ann.append("turns:")
    mu = math.log(TURN_MEAN_CHARS) - TURN_SIGMA**2 / 2
    n_entities_total = len(intro_entities)
    chars = 0
    seen: set[tuple[str, ...]] = set()
    for t in range(turns):
        length = min(3000, max(50, int(rng.lognormvariate(mu, TURN_SIGMA))))
        lam = ENTITIES_PER_TURN * length / TURN_MEAN_CHARS
        # Poisson by inversion (lam is small)
        k, p, u = 0, math.exp(-lam), rng.random()
        cumulative = p
        while u > cumulative and k < 40:
            k += 1
            p *= lam / k
            cumulative += p
        paragraphs, pairs = _text(rng, length, vocab, k)
        while tuple(paragraphs) in seen:  # a repeated turn is an error (copy-paste check)
            paragraphs, pairs = _text(rng, length, vocab, k)
        seen.add(tuple(paragraphs))
        speaker = interviewer if t % 2 == 0 else interviewee
        lines.append(speaker)
        lines.append("")
        for para in paragraphs:
            lines += [para, ""]
        chars += sum(len(p) for p in paragraphs) + 2 * (len(paragraphs) - 1)
        n_entities_total += len(pairs)
        category = topic_ids[int(rng.random() * len(topic_ids))]
        topics = rng.sample(category, rng.choice((1, 1, 2, 2, 3)))
        ann.append(f"  {t}:")
        ann.append(f"    topics: [{', '.join(topics)}]")
        ann += _entity_lines(pairs, "    ")
    transcript = ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
    folder = raw_dir / interview_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "transcript.txt").write_bytes(transcript)
    day = 1 + index % 28
    meta = (
        "\n".join(
            [
                "# Synthetic interview for benchmarks.",
                f"id: {interview_id}",
                f"title: {_q('Synthetic interview ' + str(index) + ' with ' + interviewee)}",
                f"date: 2025-{1 + index % 12:02d}-{day:02d}",
                "language: en",
                "publisher: Synthetic Review",
                f"source_url: https://example.org/interviews/{interview_id}",
                "republications: []",
                "rights: Synthetic text generated for benchmarking; no rights reserved.",
                "license: {id: none, url: unknown, reasoning: Synthetic text generated for benchmarking.,"
                " attribution: unknown, share_alike: false}",
                "source: {url: unknown, repository: unknown, commit: unknown, path: unknown, retrieved: unknown}",
                "excerpt: complete",
                "transcript:",
                "  file: transcript.txt",
                "  format: article",
                f"  sha256: {hashlib.sha256(transcript).hexdigest()}",
                "speakers:",
                f"  - name: {interviewer}",
                "    role: interviewer",
                "    description: The interviewer.",
                f"  - name: {interviewee}",
                "    role: interviewee",
                "    description: A synthetic interviewee.",
                "layout:",
                "  standfirst_paragraphs: 1",
                "  introduction: true",
            ]
        )
        + "\n"
    )
    meta_bytes = meta.encode("utf-8")
    ann_bytes = ("\n".join(ann) + "\n").encode("utf-8")
    (folder / "metadata.yaml").write_bytes(meta_bytes)
    (folder / "annotations.yaml").write_bytes(ann_bytes)
    return turns, n_entities_total, chars, len(transcript) + len(meta_bytes) + len(ann_bytes)


def _write_range(args: tuple[str, int, int, int, int]) -> tuple[int, int, int, int]:
    raw_dir, start, stop, turns, seed = args
    totals = [0, 0, 0, 0]
    for i in range(start, stop):
        for j, v in enumerate(write_interview(Path(raw_dir), i, turns, seed)):
            totals[j] += v
    return tuple(totals)


def generate_corpus(
    root: Path, interviews: int, turns_per_interview: int = 40, seed: int = 0, workers: int = 1
) -> CorpusInfo:
    """Write `root/raw/` (taxonomy + interviews); returns what was written."""
    raw_dir = Path(root) / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    (raw_dir / "taxonomy.yaml").write_text(taxonomy_yaml(seed), encoding="utf-8")
    step = max(1, math.ceil(interviews / max(1, workers * 4)))
    ranges = [
        (str(raw_dir), s, min(interviews, s + step), turns_per_interview, seed) for s in range(0, interviews, step)
    ]
    if workers > 1 and len(ranges) > 1:
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_write_range, ranges))
    else:
        parts = [_write_range(r) for r in ranges]
    totals = [sum(p[j] for p in parts) for j in range(4)]
    return CorpusInfo(raw_dir, interviews, totals[0], totals[1], totals[2], totals[3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--interviews", type=int, default=100)
    parser.add_argument("--turns-per-interview", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    info = generate_corpus(args.out, args.interviews, args.turns_per_interview, args.seed, args.workers)
    print(
        f"{info.raw_dir}: {info.interviews} interviews, {info.turns} turns, {info.entities} entities, "
        f"{info.text_chars / max(1, info.turns):.0f} chars/turn, {info.raw_bytes / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
