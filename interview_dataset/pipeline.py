"""The build: every interview in `raw/` -> a published `dist/` (Parquet configs, HF folder,
card, Croissant, checksums), swapped into place atomically.

    raw/<id>/ --compile--> Turn, Interview --tables--> Parquet shards per config/split
                                         `--stats--> card, figure, Croissant

Interviews are handled one at a time (or by worker processes, in a deterministic order), and
rows are streamed into size-bounded shards, so memory does not grow with the corpus.
"""

from __future__ import annotations

import shutil
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from .compile import CompiledInterview, compile_interview
from .errors import DatasetError, ProblemCollector
from .features import CONFIG_MODELS
from .metadata import SPLITS
from .parallel import CompactRecords, iter_chunks, tuned_gc
from .publish.arrow_tables import arrow_schema
from .publish.atomic import make_staging_dir, swap_into_place, write_file_atomically
from .publish.checksums import write_checksums
from .publish.parquet_shards import MAX_SHARD_BYTES, ShardedParquetWriter
from .stats import CorpusStats
from .taxonomy import Taxonomy, load_taxonomy

HF_DIR = "hf"
CARD_FILE = "DATASET_CARD.md"
#: Who made the annotations (shown in the card). Keep it true when annotation work changes.
ANNOTATORS = (
    "The taxonomy, the guidelines and both annotation passes were made by AI language-model agents "
    "working as annotators under the project's direction, each pass independently from the written "
    "guidelines and blind to the other; the project's maintainer (also an AI agent) adjudicated the disagreements "
    "(all of them topic choices) and reviewed the result. No crowd workers were involved. An "
    "independent comparison with a human reference annotation is planned and not yet done."
)


@dataclass
class BuildOptions:
    allow_draft: bool = False
    workers: int = 1
    max_shard_bytes: int = MAX_SHARD_BYTES
    progress: bool = False


@dataclass
class BuildResult:
    dist: Path
    interviews: int
    turns: int
    card_body: str
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def interview_folders(raw_dir: Path) -> list[Path]:
    """Interview folders in `raw/`, in a deterministic (sorted) order."""
    if not raw_dir.is_dir():
        raise DatasetError.at(raw_dir, "raw/ folder not found", "run the build from the project root, or pass --root PROJECT_ROOT")
    folders = sorted(
        (p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))), key=lambda p: p.name
    )
    if not folders:
        raise DatasetError.at(
            raw_dir, "no interview folders", "add raw/<interview_id>/ with metadata.yaml and a transcript (see README)"
        )
    return folders


#: Up to this many interviews the build keeps every compiled record (turns included) for the
#: corpus lint; above it only light summaries (no turns), so memory does not grow with the corpus.
FULL_RECORDS_MAX_INTERVIEWS = 200


def _progress_bar(options: BuildOptions, total: int):
    if not options.progress or total <= 1:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="interview", desc="build")


def compile_all(raw_dir: Path, taxonomy: Taxonomy, options: BuildOptions):
    """Yield compiled interviews in folder order; collect every interview's problems."""
    problems = ProblemCollector()
    folders = interview_folders(raw_dir)
    iterator = folders
    if options.progress and len(folders) > 1:
        from tqdm import tqdm

        iterator = tqdm(folders, unit="interview", desc="build")
    for folder in iterator:
        try:
            yield compile_interview(folder, taxonomy, allow_draft=options.allow_draft)
        except DatasetError as exc:
            problems.extend(exc)
    problems.raise_if_any()


def build_dataset(
    raw_dir: Path, dist_dir: Path, options: BuildOptions = BuildOptions(), card_path: Path | None = None
) -> BuildResult:
    """Build everything into a staging folder; on success swap it into `dist_dir`.

    On any error the staging folder is removed and `dist_dir` is left untouched.
    """
    from .card import render_card
    from .lint import lint_corpus

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    taxonomy, _ = load_taxonomy(raw_dir)
    staging = make_staging_dir(dist_dir)
    try:
        hf = staging / HF_DIR
        writers = {
            (config, split): ShardedParquetWriter(
                hf / "data" / config, split, arrow_schema(model), options.max_shard_bytes
            )
            for config, model in CONFIG_MODELS.items()
            for split in SPLITS
        }
        stats = CorpusStats()
        folders = interview_folders(raw_dir)
        # Whole records (turns included) are kept for the lint only while the corpus is small;
        # beyond that the card gets light, pickled summaries, so memory stays flat (parallel.py).
        keep_turns = len(folders) <= FULL_RECORDS_MAX_INTERVIEWS
        compiled_list: list[CompiledInterview] = [] if keep_turns else CompactRecords()
        problems = ProblemCollector()
        stages: dict[str, float] = {}
        progress = _progress_bar(options, len(folders))
        clock = time.perf_counter
        chunks = iter_chunks(
            folders, taxonomy, workers=options.workers, allow_draft=options.allow_draft, keep_turns=keep_turns
        )
        with tuned_gc(), closing(chunks):  # closing: on any error the worker pool stops at once
            waited = clock()
            for chunk in chunks:
                started = clock()
                stages["wait"] = stages.get("wait", 0.0) + started - waited
                problems.problems.extend(chunk.problems)
                if not problems.problems:  # after a problem nothing is published: only collect problems
                    for key in chunk.tables:
                        writers[key].write(chunk.table(key))
                    stats.merge(chunk.stats)
                    compiled_list.extend(chunk.compiled)
                for stage, seconds in chunk.timings.items():
                    stages[stage] = stages.get(stage, 0.0) + seconds
                if progress is not None:
                    progress.update(chunk.interviews)
                waited = clock()
                stages["write"] = stages.get("write", 0.0) + waited - started
            if progress is not None:
                progress.close()
            problems.raise_if_any()
            started = clock()
            for w in writers.values():
                w.close()
            stages["write"] = stages.get("write", 0.0) + clock() - started
        timings.update({f"stage_{stage}": seconds for stage, seconds in stages.items()})
        timings["compile_and_write"] = time.perf_counter() - t0
        splits = {key: (w.num_rows, w.num_bytes, w.paths) for key, w in writers.items() if w.num_rows}
        warnings = [f.render() for f in lint_corpus(compiled_list, taxonomy)]
        extras: dict = {}
        # --- card extras (figure, agreement, benchmark baselines) ---
        from .card.figure import make_topic_figure

        figure = make_topic_figure(hf, compiled_list, taxonomy)
        if figure is not None:
            extras["figure"] = figure
        from .agreement import agreement_markdown, corpus_agreement
        from .card.benchmarks import benchmarks_markdown

        extras["agreement"] = agreement_markdown(
            corpus_agreement(raw_dir, taxonomy, {c.interview.id: c for c in compiled_list})
        )
        extras["annotators"] = ANNOTATORS
        extras["benchmarks"] = benchmarks_markdown([t for c in compiled_list for t in c.turns], taxonomy)
        # --- end card extras ---
        card = render_card(hf, compiled_list, taxonomy, stats, splits, raw_dir, extras)
        (hf / "README.md").write_text(card.readme, encoding="utf-8")
        # --- metadata files (Croissant) ---
        from .publish.croissant import write_croissant

        write_croissant(hf, splits, compiled_list, stats)
        # --- end metadata files ---
        write_checksums(staging)
        timings["card"] = time.perf_counter() - t0 - timings["compile_and_write"]
        swap_into_place(staging, dist_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if card_path is not None:
        write_file_atomically(card_path, card.body.encode("utf-8"))
    timings["total"] = time.perf_counter() - t0
    return BuildResult(dist_dir, stats.interviews, stats.turns, card.body, warnings, timings)
