"""The lint's second pass (each unit against the corpus's annotated surfaces) finds exactly what a
brute-force search of every surface in every unit finds, in the same order; the build's lint,
whose second pass reads only the units' text and entity spans (`WrittenCorpus.units`), gives
the findings of the lint over the compiled interviews."""

from __future__ import annotations

import os

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import ast
import re
import sys
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_dataset.annotations import whole_word_occurrences
from interview_dataset.lint import AnnotationFacts, CorpusLint, lint_corpus

REPO = Path(__file__).resolve().parents[1]

#: Surfaces that start with a word run, with a non-word character, that nest in one another and
#: that are numbers (whose whole-word rule looks across `,` and `.`).
_SURFACES = ["New York", "York", "York City", "A&B", "$5", "U.S.", "Kyiv", "’s", "-x", "85", "_a", "é"]
_FILLER = [" ", "  ", ",", ".", "a", "s", "5", "3.", ",000", "_", "-", "’", "x", "é", "New", "City"]


def _unit(draw_pieces: list[tuple[str, bool]]) -> tuple[str, list[SimpleNamespace]]:
    """A text from pieces; a piece that is a surface is annotated where its flag says so."""
    text, entities = "", []
    for piece, annotated in draw_pieces:
        if annotated and piece in _SURFACES:
            entities.append(SimpleNamespace(text=piece, label="GPE", start=len(text), end=len(text) + len(piece)))
        text += piece
    return text, entities


_PIECES = st.lists(st.tuples(st.sampled_from(_SURFACES + _FILLER), st.booleans()), min_size=1, max_size=20)


def _record(index: int, units: list[tuple[str, list]]) -> SimpleNamespace:
    (intro, intro_entities), turns = units[0], units[1:]
    interview = SimpleNamespace(
        id=f"iv-{index}",
        source_sha256=f"sha-{index}",
        introduction=intro,
        introduction_entities=intro_entities,
    )
    return SimpleNamespace(
        interview=interview,
        turns=[SimpleNamespace(turn_index=i, text=t, entities=e, topics=["t"]) for i, (t, e) in enumerate(turns)],
        annotations=SimpleNamespace(units={}),
    )


def _brute_force(records) -> list[tuple[str, str, str, int]]:
    """(interview, unit, surface, offset) of the first unannotated whole-word occurrence of every
    annotated surface in every unit, surfaces in sorted order."""
    surfaces = sorted(
        {e.text for r in records for e in r.interview.introduction_entities}
        | {e.text for r in records for t in r.turns for e in t.entities}
    )
    found = []
    for r in records:
        units = [("introduction", r.interview.introduction, r.interview.introduction_entities)]
        units += [(f"turn {t.turn_index}", t.text, t.entities) for t in r.turns]
        for name, text, entities in units:
            for surface in surfaces:
                for start in whole_word_occurrences(text, surface):
                    end = start + len(surface)
                    if not any(e.start <= start and end <= e.end for e in entities):
                        found.append((r.interview.id, name, surface, start))
                        break
    return found


_FINDING = re.compile(
    r"^(introduction|turn \d+): (.+) \(annotated elsewhere\) occurs here unannotated at offset (\d+)$"
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=2, max_size=4), min_size=1, max_size=3))
def test_second_pass_finds_what_a_brute_force_search_finds(interviews):
    records = [_record(i, [_unit(pieces) for pieces in units]) for i, units in enumerate(interviews)]
    facts = {r.interview.id: AnnotationFacts(Path(f"raw/{r.interview.id}/annotations.yaml"), "gold") for r in records}
    lint = CorpusLint(SimpleNamespace(topics=[]), facts)
    for r in records:
        lint.add(r)
    by_path = {f"raw/{r.interview.id}/annotations.yaml": r.interview.id for r in records}
    got = []
    for finding in lint.finish(records):
        match = _FINDING.match(finding.message)
        if match:
            unit, surface, offset = match.groups()
            got.append((by_path[finding.file], unit, ast.literal_eval(surface), int(offset)))  # its repr()
    assert got == _brute_force(records)


def test_build_lint_reading_units_equals_lint_of_compiled_interviews(tmp_path):
    """A synthetic corpus with entries removed from its annotation files (unannotated occurrences)
    and labels changed (label conflicts): the build's warnings are the lint of the compiled
    interviews, in the same order."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import generate_corpus

    from interview_dataset.metadata import SPLITS
    from interview_dataset.pipeline import BuildOptions, build_dataset, compile_all
    from interview_dataset.taxonomy import load_taxonomy

    raw = generate_corpus(tmp_path, interviews=6, turns_per_interview=10, seed=11).raw_dir
    removed = 0
    for path in sorted(raw.glob("*/annotations.yaml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        kept = []
        for number, line in enumerate(lines):
            nested_entity = line.startswith("      - ") and lines[number - 1].startswith("      - ")
            if nested_entity and number % 3 == 0:  # an entity entry that is not its unit's first
                removed += 1
                continue
            if nested_entity and number % 5 == 0:
                line = re.sub(r": [A-Z_]+$", ": WORK_OF_ART", line)
            kept.append(line)
        path.write_text("\n".join(kept), encoding="utf-8")
    assert removed
    result = build_dataset(raw, tmp_path / "dist", BuildOptions(workers=1))
    taxonomy, _ = load_taxonomy(raw)
    order = {split: i for i, split in enumerate(SPLITS)}  # the order the build reads back
    compiled = sorted(compile_all(raw, taxonomy, BuildOptions()), key=lambda c: (order[c.split], c.interview.id))
    expected = [f.render() for f in lint_corpus(compiled, taxonomy)]
    assert any("occurs here unannotated" in w for w in expected)
    assert any("has different labels" in w for w in expected)
    assert result.warnings == expected


#: Every code point, surrogates included (a Python string may hold them).
_ALL_CHARACTERS = "".join(map(chr, range(sys.maxunicode + 1)))


def test_whitespace_is_never_a_word_character_and_alphanumerics_always_are():
    word = set(re.findall(r"\w", _ALL_CHARACTERS))
    assert not word.intersection(filter(str.isspace, _ALL_CHARACTERS))
    assert set(filter(str.isalnum, _ALL_CHARACTERS)) <= word


_TRICKY = list("İΣσςǅ²½٣_\u0301\u00a0\u2028\u3000\t\n’'-.,—éßКї日") + ["ab", "Ab", "12", "a_b", " ", "x²"]
_lint_texts = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_TRICKY), max_size=30).map("".join))


@settings(max_examples=500, deadline=None)
@given(_lint_texts, st.lists(st.text(min_size=1, max_size=4), max_size=5))
def test_runs_among_equals_the_regex_runs_intersected(text, others):
    from interview_dataset.surface_index import runs_among as _runs_among

    runs = re.findall(r"\w+", text)
    # some of the text's runs, and other runs of word characters (the index holds only those)
    words = set(runs[::2]) | {w for w in others if re.fullmatch(r"\w+", w)} | {"a_b", "x²", "12"}
    assert _runs_among(words, text) == words.intersection(runs)
