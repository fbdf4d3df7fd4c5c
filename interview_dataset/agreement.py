"""Inter-annotator agreement between independent annotation passes.

The passes live in `raw/<id>/annotation_passes/*.yaml`, in the same format as the gold
`annotations.yaml`. Agreement is computed by the same scoring code as `evaluate` (one pass
taken as reference; span F1 is symmetric): entity span F1, exact and overlap, overall and per
label; topic micro F1 over (turn, topic) pairs and the mean per-turn Jaccard index.

Check a pass file while annotating:

    python -m interview_dataset.agreement check raw/<id> raw/<id>/annotation_passes/pass1.yaml

Compare two passes:

    python -m interview_dataset.agreement compare raw/<id> PASS_A.yaml PASS_B.yaml
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .annotations import load_annotations
from .compile import CompiledInterview, InterviewInputs, compile_inputs, compile_interview, load_inputs
from .errors import DatasetError, ProblemCollector
from .evaluate import Span, score
from .schema import ENTITY_LABELS, Turn
from .taxonomy import Taxonomy, load_taxonomy

PASSES_DIR = "annotation_passes"
#: The named-entity types (OntoNotes types that are names, not values or dates).
NAME_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")


def compile_with_annotations(folder: Path, annotation_file: Path, taxonomy: Taxonomy) -> CompiledInterview:
    """Compile an interview as if `annotation_file` were its annotations.yaml (no file is copied:
    the compiler takes the loaded inputs, and problems name `annotation_file` itself)."""
    return compile_inputs(load_inputs(folder, annotations_file=annotation_file), taxonomy, allow_draft=True)


def _units(compiled: CompiledInterview) -> list[Turn]:
    units = list(compiled.turns)
    if compiled.interview.introduction is not None:
        units.append(
            Turn.model_construct(
                id=f"{compiled.interview.id}-introduction", entities=compiled.interview.introduction_entities, topics=[]
            )
        )
    return units


def agreement(a: CompiledInterview, b: CompiledInterview) -> dict:
    """Agreement of pass `b` with pass `a` (entities in turns and introduction; topics in turns).
    `a` may be any object with `.interview` and `.turns` (e.g. a published interview)."""
    return _agreement(_units(a), _units(b), a.turns, b.turns)


def _agreement(units_a: list[Turn], units_b: list[Turn], turns_a: list[Turn], turns_b: list[Turn]) -> dict:
    """Agreement over any units and turns (ids unique): one interview, or several pooled."""
    ner = score("ner", units_a, {u.id: [Span(e.start, e.end, e.label) for e in u.entities] for u in units_b})
    names_a = [_Unit(u.id, [e for e in u.entities if e.label in NAME_LABELS], []) for u in units_a]
    names = score(
        "ner",
        names_a,
        {u.id: [Span(e.start, e.end, e.label) for e in u.entities if e.label in NAME_LABELS] for u in units_b},
    )
    topics = score("topics", turns_a, {t.id: t.topics for t in turns_b})
    jaccards = []
    for ta, tb in zip(turns_a, turns_b, strict=False):
        union = set(ta.topics) | set(tb.topics)
        jaccards.append(len(set(ta.topics) & set(tb.topics)) / len(union) if union else 1.0)
    return {
        "entities": {
            "exact": ner["exact"],
            "overlap": ner["overlap"],
            "count_a": ner["num_gold"],
            "count_b": ner["num_predicted"],
        },
        "named_entities": {"exact": names["exact"], "overlap": names["overlap"]},
        "topics": {
            "micro_f1": topics["f1"],
            "precision": topics["precision"],
            "recall": topics["recall"],
            "mean_jaccard": sum(jaccards) / len(jaccards) if jaccards else 0.0,
            "exact_set_match": sum(1 for j in jaccards if j == 1.0) / len(jaccards) if jaccards else 0.0,
            "per_label": topics["per_label"],
        },
    }


def disagreements(a: CompiledInterview, b: CompiledInterview) -> list[str]:
    """Human-readable differences, for adjudication."""
    lines = []
    for ua, ub in zip(_units(a), _units(b), strict=False):
        sa = {(e.start, e.end, e.label, e.text) for e in ua.entities}
        sb = {(e.start, e.end, e.label, e.text) for e in ub.entities}
        for s, _e, label, text in sorted(sa - sb):
            lines.append(f"{ua.id}: only A: {text!r} {label} @{s}")
        for s, _e, label, text in sorted(sb - sa):
            lines.append(f"{ua.id}: only B: {text!r} {label} @{s}")
        if ua.topics != ub.topics and (ua.topics or ub.topics):
            lines.append(f"{ua.id}: topics A {ua.topics} / B {ub.topics}")
    return lines


def pass_files(folder: Path) -> list[Path]:
    return sorted((folder / PASSES_DIR).glob("*.yaml")) if (folder / PASSES_DIR).is_dir() else []


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def agreement_markdown(reports: list[tuple[str, str, str, dict]]) -> str:
    """Card section: one table row per (interview, pass A, pass B) comparison, plus per-label F1."""
    if not reports:
        return ""
    out = [
        "#### Inter-annotator agreement",
        "",
        "Each row compares two annotation passes of one interview (the files in "
        "`raw/<id>/annotation_passes/`), or a pass with the gold file adjudicated from them. Entity agreement is "
        "span F1 (exact: same start, end and label; overlap: same label, overlapping spans, matched one to one); "
        "topic agreement is micro F1 over (turn, topic) pairs and the mean per-turn Jaccard index. Computed by "
        "`interview_dataset/agreement.py` at build time. Agreement on an interview whose borderline cases the "
        "guidelines settle by name measures how completely the guidelines determine its annotation; expect lower "
        "agreement on texts the guidelines have not seen.",
        "",
        "| interview | comparison | entities A / B | entity F1 exact | entity F1 overlap | named-entity F1 exact | "
        "topic micro F1 | topic Jaccard |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for interview_id, name_a, name_b, r in reports:
        out.append(
            f"| {interview_id} | {name_a} vs {name_b} | {r['entities']['count_a']} / {r['entities']['count_b']} | "
            f"{_fmt(r['entities']['exact']['f1'])} | {_fmt(r['entities']['overlap']['f1'])} | "
            f"{_fmt(r['named_entities']['exact']['f1'])} | {_fmt(r['topics']['micro_f1'])} | "
            f"{_fmt(r['topics']['mean_jaccard'])} |"
        )
    pooled = [r for r in reports if r[0] == POOLED]
    interview_id, name_a, name_b, first = pooled[0] if pooled else reports[0]
    out += [
        "",
        f"Per-label entity F1, {name_a} vs {name_b} ({interview_id}), exact and overlap:",
        "",
        "| label | F1 exact | F1 overlap | support (A) |",
        "|---|---|---|---|",
    ]
    for label in ENTITY_LABELS:
        row = first["entities"]["exact"]["per_label"].get(label)
        over = first["entities"]["overlap"]["per_label"].get(label)
        if row:
            out.append(f"| {label} | {_fmt(row['f1'])} | {_fmt(over['f1']) if over else ''} | {row['support']} |")
    return "\n".join(out) + "\n"


#: The interview column of the pooled comparison (all interviews' first two passes together).
POOLED = "all interviews (pooled)"


def _pass_compilations(
    folder: Path, files: list[Path], taxonomy: Taxonomy, inputs: InterviewInputs | None = None
) -> list[tuple[str, CompiledInterview]]:
    """Each pass file compiled as the interview's annotations; the metadata and the transcript
    are read once for all passes (`inputs`: the interview's inputs as the build loaded them, so
    the transcript is read once for the build). Problems of every pass are raised together."""
    problems = ProblemCollector()
    passes = []
    for f in files:
        try:
            if inputs is None:
                inputs = load_inputs(folder, annotations_file=f)
                loaded = inputs
            else:
                loaded = dataclasses.replace(inputs, annotations=load_annotations(f))
            passes.append((f.stem, compile_inputs(loaded, taxonomy, allow_draft=True, as_records=True)))
        except DatasetError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    return passes


class _Unit(NamedTuple):
    """What the pooled agreement needs of a unit (turn or introduction): no text."""

    id: str
    entities: list
    topics: list


@dataclass
class InterviewAgreement:
    """One interview's agreement: its comparisons (card rows) and the units of its first two
    passes (for the pooled comparison, which is scored over the units of all interviews)."""

    reports: list[tuple[str, str, str, dict]] = field(default_factory=list)
    pooled: tuple[list, list, list, list] | None = None  # units A, units B, turns A, turns B


def interview_agreement(
    folder: Path, taxonomy: Taxonomy, reference: Any = None, inputs: InterviewInputs | None = None
) -> InterviewAgreement | None:
    """The agreement of one interview's passes (None when it has none): every pair of passes,
    and each pass against `reference` (the interview's own annotations, compiled; anything with
    `.interview` and `.turns`), when given. `inputs`: the interview's loaded inputs, reused."""
    files = pass_files(folder)
    if not files:
        return None
    passes = _pass_compilations(folder, files, taxonomy, inputs)
    result = InterviewAgreement()
    if len(passes) >= 2:
        (_, a), (_, b) = passes[:2]
        result.pooled = tuple(  # type: ignore[assignment]
            [_Unit(u.id, list(u.entities), list(u.topics)) for u in units]
            for units in (_units(a), _units(b), a.turns, b.turns)
        )
    for i in range(len(passes)):
        for j in range(i + 1, len(passes)):
            result.reports.append((folder.name, passes[i][0], passes[j][0], agreement(passes[i][1], passes[j][1])))
    if reference is not None:
        for name, compiled in passes:
            result.reports.append((folder.name, "gold", name, agreement(reference, compiled)))
    return result


def folder_agreements(
    folders: list[Path], taxonomy: Taxonomy, allow_draft: bool = False
) -> dict[str, tuple[InterviewAgreement | None, list]]:
    """`interview_agreement` of each folder, read and compiled here (for a process beside the
    build's write stage): folder name -> (agreement or None, problems of its passes). A folder
    whose own files do not compile gets (None, []): the write stage reports those problems."""
    found: dict[str, tuple[InterviewAgreement | None, list]] = {}
    for folder in folders:
        if not pass_files(folder):
            found[folder.name] = (None, [])
            continue
        try:
            inputs = load_inputs(folder)
            compiled = compile_inputs(inputs, taxonomy, allow_draft=allow_draft, as_records=True)
        except DatasetError:
            found[folder.name] = (None, [])
            continue
        reference = compiled if compiled.annotations is not None else None
        try:
            found[folder.name] = (interview_agreement(folder, taxonomy, reference, inputs=inputs), [])
        except DatasetError as exc:
            found[folder.name] = (None, list(exc.problems))
    return found


def merged_agreement(interviews: Iterable[InterviewAgreement | None]) -> list[tuple[str, str, str, dict]]:
    """The card's comparisons of `interviews` (in corpus order), then the first two passes of
    all of them pooled: scored over the concatenated units, as if one interview (so the pooled
    figures come from the pooled counts, never from averaged rates)."""
    reports = []
    pooled: list[list] = [[], [], [], []]  # units A, units B, turns A, turns B
    for found in interviews:
        if found is None:
            continue
        reports.extend(found.reports)
        if found.pooled is not None:
            for bucket, items in zip(pooled, found.pooled, strict=True):
                bucket.extend(items)
    if pooled[0]:
        reports.append((POOLED, "pass1", "pass2", _agreement(*pooled)))
    return reports


def corpus_agreement(
    raw_dir: Path, taxonomy: Taxonomy, interview_ids, gold: Mapping[str, Any] | None = None
) -> list[tuple[str, str, str, dict]]:
    """For each of `interview_ids` with passes: every pair of passes, and each pass against the
    gold file; then the first two passes of every interview pooled (overall and per label).
    Reads one interview at a time; the pooled figures keep the passes' units (small, no text).
    (The build computes each interview's part where it compiles the interview,
    `interview_agreement`, and merges them with `merged_agreement`.)

    `gold`: interview id -> the interview's gold annotations as published (anything with
    `.interview` and `.turns`, e.g. a `written.WrittenInterview` whose turns are `gold`), so
    those interviews are not compiled a second time; others are compiled from `raw/`."""
    gold = gold or {}

    def each():
        for interview_id in interview_ids:
            folder = raw_dir / interview_id
            if not pass_files(folder):
                continue
            reference = gold.get(interview_id)
            if reference is None:
                compiled = compile_interview(folder, taxonomy, allow_draft=True)
                reference = compiled if compiled.annotations is not None else None
            yield interview_agreement(folder, taxonomy, reference)

    return merged_agreement(each())


def main(argv: list[str]) -> int:
    from .lint import lint_corpus

    if len(argv) < 2 or argv[0] not in ("check", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1])
    taxonomy, _ = load_taxonomy(folder.parent)
    try:
        if argv[0] == "check":
            compiled = compile_with_annotations(folder, Path(argv[2]), taxonomy)
            findings = [f for f in lint_corpus([compiled], taxonomy) if "used by no turn" not in f.message]
            for f in findings:
                print(f.render())
            print(
                f"{argv[2]}: no errors; {sum(len(t.entities) for t in compiled.turns)} entities in turns, "
                f"{len(compiled.interview.introduction_entities)} in the introduction; {len(findings)} consistency "
                f"finding(s)"
            )
            missing = [t.turn_index for t in compiled.turns if not t.topics]
            if missing:
                print(f"turns without topics: {missing}")
            return 0
        a = compile_with_annotations(folder, Path(argv[2]), taxonomy)
        b = compile_with_annotations(folder, Path(argv[3]), taxonomy)
        report = agreement(a, b)
        print(
            json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "per_label"} for k, v in report.items()}, indent=2)
        )
        for line in disagreements(a, b):
            print(line)
        return 0
    except DatasetError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
