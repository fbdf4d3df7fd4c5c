"""The card's "Benchmark tasks" section: inputs, labels, metric, command and baseline scores,
all computed by the build from the published turns."""

from __future__ import annotations

from ..baselines import published_baseline_figures
from ..schema import ENTITY_LABELS, SPEAKER_ROLES
from ..taxonomy import Taxonomy


def _f(x: float) -> str:
    return f"{x:.3f}"


def _score_cell(task: str, report: dict | None) -> str:
    if report is None:
        return "— (no training turns)"
    if task == "role":
        return f"accuracy {_f(report['accuracy'])}"
    if task == "topics":
        return f"P {_f(report['precision'])} / R {_f(report['recall'])} / F1 {_f(report['f1'])}"
    exact, overlap = report["exact"], report["overlap"]
    return (
        f"exact F1 {_f(exact['f1'])} (P {_f(exact['precision'])}, R {_f(exact['recall'])}); "
        f"overlap F1 {_f(overlap['f1'])}"
    )


def benchmarks_markdown(hf_dir, taxonomy: Taxonomy, figures: dict | None = None) -> str:
    """The card's benchmark section: the tasks, and every baseline fitted on `train` and scored on
    `validation` and `test`: `figures` (`baselines.baseline_figures` of the published turns, as
    the build computes them while it reads them back), else read from the published folder
    (`baselines.published_baseline_figures`)."""
    if figures is None:
        figures = published_baseline_figures(hf_dir)
    splits = [s for s in ("validation", "test") if s in figures["splits"]]
    if not splits:
        return ""
    ner_task_row = (
        "| `ner` | turn `text` (or the `ner` config's `tokens`) | "
        f"{len(ENTITY_LABELS)} OntoNotes types (IOB2 in the `ner` config; CoNLL-2003 view in `conll_tags`) | "
        "span micro P/R/F1, exact (same start, end, label) and overlap (same label, overlapping, one-to-one) | "
        '`{"id": "<turn id>", "entities": [{"start": 0, "end": 5, "label": "GPE"}]}`, or `ner_tags` per `ner` row |'
    )
    topics_task_row = (
        f"| `topics` | turn `text` | {len(taxonomy.topics)} topic ids, 1–4 per turn (multi-label) | "
        'micro P/R/F1 over (turn, topic) pairs | `{"id": "<turn id>", "topics": ["<topic id>"]}` |'
    )
    role_task_row = (
        f"| `role` | turn `text` | {', '.join(SPEAKER_ROLES)} | accuracy | "
        '`{"id": "<turn id>", "speaker_role": "interviewee"}` |'
    )
    header = (
        "| baseline | task | what it is | "
        + " | ".join(f"{s} ({figures['splits'][s]['turns']} gold turns)" for s in splits)
        + " |"
    )
    rows = []
    for name, info in figures["baselines"].items():
        cells = " | ".join(_score_cell(info["task"], figures["splits"][s]["scores"].get(name)) for s in splits)
        rows.append(f"| `{name}` | `{info['task']}` | {info['description']} | {cells} |")
    ner_split = splits[-1]
    ner_report = figures["splits"][ner_split]["scores"].get("ner_dictionary")
    label_rows = ""
    if ner_report is not None:
        per_label = ner_report["exact"]["per_label"]
        label_rows = "\n".join(
            f"| {label} | {per_label[label]['support']} | {_f(per_label[label]['f1'])} |"
            for label in ENTITY_LABELS
            if label in per_label
        )
    per_label_part = (
        f"""
Dictionary baseline on `{ner_split}`, exact F1 per label:

| label | gold mentions | F1 |
|---|---|---|
{label_rows}
"""
        if label_rows
        else ""
    )
    return f"""## Benchmark tasks

Three tasks are defined on the gold-annotated turns of each split (automatic turns are never
scored). Predictions are JSON lines, scored against the published folder alone:

```sh
interview-dataset evaluate --dist path/to/folder --task ner --predictions predictions.jsonl --split test
```

which prints micro precision, recall, F1 and support (accuracy for `role`); `--json` gives the
full report with a `per_label` breakdown. Turns missing from the file count as predicting nothing.

| task | input | labels | metric | prediction line |
|---|---|---|---|---|
{ner_task_row}
{topics_task_row}
{role_task_row}

For token-level tooling (transformers' token-classification recipe, seqeval) use the `ner`
config directly: `tokens` and `ner_tags` (ClassLabel, IOB2).

### Baselines

Every baseline is fitted on the {figures["train_turns"]} gold turns of `train` and scored on the
other splits (`interview_dataset/baselines.py`):

{header}
|---|---|---|{"---|" * len(splits)}
{chr(10).join(rows)}
{per_label_part}"""
