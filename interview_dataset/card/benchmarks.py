"""The card's "Benchmark tasks" section: inputs, labels, metric, command and baseline scores,
all computed by the build from the published turns."""

from __future__ import annotations

from ..baselines import MAX_TOPICS, run_baselines
from ..schema import ENTITY_LABELS, SPEAKER_ROLES, Turn
from ..taxonomy import Taxonomy


def _f(x: float) -> str:
    return f"{x:.3f}"


def benchmarks_markdown(turns: list[Turn], taxonomy: Taxonomy) -> str:
    gold = [t for t in turns if t.annotation_source == "gold"]
    if not gold:
        return ""
    results = run_baselines(gold, {t.id: t.keywords for t in taxonomy.topics})
    ner, topics, role = results["ner"], results["topics"], results["role"]
    per_label = ner["exact"]["per_label"]
    label_rows = "\n".join(
        f"| {label} | {per_label[label]['support']} | {_f(per_label[label]['f1'])} |"
        for label in ENTITY_LABELS
        if label in per_label
    )
    ner_task_row = (
        "| `ner` | turn `text` (or the `ner` config's `tokens`) | "
        f"{len(ENTITY_LABELS)} OntoNotes types (IOB2 in the `ner` config; CoNLL-2003 view in `conll_tags`) | "
        "span micro P/R/F1, exact (same start, end, label) and overlap (same label, overlapping, one-to-one) | "
        '`{"id": "<turn id>", "entities": [{"start": 0, "end": 5, "label": "GPE"}]}` |'
    )
    topics_task_row = (
        f"| `topics` | turn `text` | {len(taxonomy.topics)} topic ids, 1–4 per turn (multi-label) | "
        'micro P/R/F1 over (turn, topic) pairs | `{"id": "<turn id>", "topics": ["<topic id>"]}` |'
    )
    role_task_row = (
        f"| `role` | turn `text` | {', '.join(SPEAKER_ROLES)} | accuracy | "
        '`{"id": "<turn id>", "speaker_role": "interviewee"}` |'
    )
    topics_baseline_row = (
        "| `topics` | keyword match: every topic one of whose taxonomy keywords occurs in the lowercased turn, "
        f"at most {MAX_TOPICS}, by number of hits | "
        f"P {_f(topics['precision'])} / R {_f(topics['recall'])} / F1 {_f(topics['f1'])} |"
    )
    ner_baseline_row = (
        "| `ner` | dictionary, **leave-one-turn-out**: surfaces (with their most frequent label) "
        "from the gold of all *other* turns, matched case-sensitively, longest first | "
        f"exact F1 {_f(ner['exact']['f1'])} "
        f"(P {_f(ner['exact']['precision'])}, R {_f(ner['exact']['recall'])}); "
        f"overlap F1 {_f(ner['overlap']['f1'])} |"
    )
    return f"""## Benchmark tasks

Three tasks are defined on the {len(gold)} gold-annotated turns. Predictions are JSON lines, one
object per turn (turns missing from the file count as predicting nothing), scored with

```sh
interview-dataset evaluate --task ner --predictions predictions.jsonl      # or --task topics / --task role
```

which prints one JSON object with micro `precision`, `recall`, `f1` and a `per_label`
breakdown (ner, topics) or `accuracy` (role). 0/0 counts as 0.0, so empty predictions score 0.0
and the gold scores 1.0.

| task | input | labels | metric | prediction line |
|---|---|---|---|---|
{ner_task_row}
{topics_task_row}
{role_task_row}

For token-level tooling (transformers' token-classification recipe, seqeval) use the `ner`
config directly: `tokens` and `ner_tags` (ClassLabel, IOB2).

### Baselines

What a trivial system scores, computed by the build (`interview_dataset/baselines.py`):

| task | baseline | score |
|---|---|---|
| `role` | majority class (every turn gets the most frequent gold role) | accuracy {_f(role["accuracy"])} |
{topics_baseline_row}
{ner_baseline_row}

Dictionary baseline, exact F1 per label:

| label | gold mentions | F1 |
|---|---|---|
{label_rows}
"""
