"""The build, in two stages: write, then describe what was written.

    raw/<id>/ --write stage--> Parquet shards per config/split      (parallel.py, publish/)
    Parquet  --describe stage--> statistics, lint, figure, agreement, baselines,
                                 card, RIGHTS.md, Croissant, SHA256SUMS
    staging folder --swap--> dist/                                   (publish/atomic.py)

The write stage compiles interviews (in worker processes, in a deterministic order) and streams
their rows into size-bounded shards; it returns only what it wrote (the split info of every
(config, split): rows, bytes, shard files), like `datasets`' writers, and, from each
interview's job, what only its raw files hold (`parallel.InterviewDescription`: the card's
facts, what the lint needs of its annotation file, the agreement of its annotation passes),
so every raw file is read once per build. Everything that describes the records then reads
the written files back, one interview at a time (`written.WrittenCorpus`): no records are kept
in memory, and the description is the same for a corpus of one interview or of thousands.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from .compile import compile_interview
from .errors import DatasetError, ProblemCollector
from .features import CONFIG_MODELS
from .memory import release_arrow_memory
from .metadata import SPLITS, corpus_splits
from .parallel import (
    InterviewDescription,
    LocalEngine,
    chunk_size,
    iter_chunks,
    local_workers,
    make_engine,
    memory_tuning,
    run_beside,
    warm_up,
)
from .publish.arrow_tables import arrow_schema
from .publish.atomic import make_staging_dir, swap_into_place, write_file_atomically
from .publish.checksums import write_checksums
from .publish.parquet_shards import MAX_SHARD_BYTES, ShardedParquetWriter, WrittenSplit
from .stats import CorpusStats
from .taxonomy import Taxonomy, load_taxonomy, publish_taxonomy
from .written import WrittenCorpus

HF_DIR = "hf"
CARD_FILE = "DATASET_CARD.md"


@dataclass
class BuildOptions:
    allow_draft: bool = False
    workers: int = 1
    engine: str = "local"  # where the write stage's jobs run: "local" (a process pool) or "dask"
    scheduler: str | None = None  # the dask engine's scheduler address (None: a local cluster of `workers`)
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
        raise DatasetError.at(
            raw_dir, "raw/ folder not found", "run the build from the project root, or pass --root PROJECT_ROOT"
        )
    folders = sorted(
        (p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))), key=lambda p: p.name
    )
    if not folders:
        raise DatasetError.at(
            raw_dir, "no interview folders", "add raw/<interview_id>/ with metadata.yaml and a transcript (see README)"
        )
    return folders


def _progress_bar(options: BuildOptions, total: int):
    if not options.progress or total <= 1:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="interview", desc="build")


def compile_all(raw_dir: Path, taxonomy: Taxonomy, options: BuildOptions):
    """Yield compiled interviews in folder order; collect every interview's problems."""
    problems = ProblemCollector()
    folders = interview_folders(raw_dir)
    splits = corpus_splits(raw_dir, folders)
    for folder in folders:
        try:
            yield compile_interview(folder, taxonomy, allow_draft=options.allow_draft, split=splits[folder.name])
        except DatasetError as exc:
            problems.extend(exc)
    problems.raise_if_any()


def write_stage(
    raw_dir: Path,
    hf: Path,
    taxonomy: Taxonomy,
    options: BuildOptions,
    stages: dict[str, float] | None = None,
    descriptions: list[InterviewDescription] | None = None,
    agreements: Callable[[], dict] | None = None,
) -> dict[tuple[str, str], WrittenSplit]:
    """Compile every interview and write all configs under `hf/data/`; return what was written
    ((config, split) -> rows, bytes, shard files). Problems from every interview are collected
    and raised together; after the first problem nothing more is written.

    `descriptions`: a list to which each interview's description (`parallel.InterviewDescription`:
    card facts, the lint's facts of its annotation file, agreement of its annotation passes) is
    appended in folder order, computed by the jobs that compile the interviews; a bad annotation
    pass is then a problem of the write stage, reported with every other.

    `agreements`: when the agreement of the passes is computed elsewhere (`build_dataset`'s
    background process), a function that waits for it and returns what
    `agreement.folder_agreements` returns; the jobs then leave it out, and each folder's pass
    problems follow its own problems, as when the jobs compute it."""
    stages = {} if stages is None else stages
    writers = {
        (config, split): ShardedParquetWriter(
            hf / "data" / config, split, arrow_schema(model, taxonomy.topic_ids), options.max_shard_bytes
        )
        for config, model in CONFIG_MODELS.items()
        for split in SPLITS
    }
    folders = interview_folders(raw_dir)
    problems = ProblemCollector()
    progress = _progress_bar(options, len(folders))
    clock = time.perf_counter
    workers = local_workers(options.workers, len(folders)) if options.engine == "local" else options.workers
    engine = make_engine(options.engine, workers, options.scheduler)
    local = isinstance(engine, LocalEngine)
    warm = warm_up if local else None  # the tokenizer is warmed up only for workers forked from here
    if local and engine.workers > 1:
        # A pool: the splits (every metadata.yaml read) in a forked process while this one imports
        # what the pool's workers inherit (`warm_up`): serial work before any job starts.
        splits, warm = run_beside(corpus_splits, (raw_dir, folders), warm_up), None
    else:
        splits = corpus_splits(raw_dir, folders)
    chunks = iter_chunks(
        folders,
        taxonomy,
        allow_draft=options.allow_draft,
        splits=splits,
        engine=engine,
        describe=descriptions is not None,
        agreement=agreements is None,
    )
    per_chunk: list[list] = []  # each chunk's problems, when the agreement's come from elsewhere
    # closing: on any error the workers stop at once.
    with memory_tuning(warm), closing(chunks):
        waited = clock()
        for chunk in chunks:
            started = clock()
            stages["wait"] = stages.get("wait", 0.0) + started - waited
            problems.problems.extend(chunk.problems)
            per_chunk.append(chunk.problems)
            if not problems.problems:  # after a problem nothing is published: only collect problems
                for key in chunk.tables:
                    writers[key].write(chunk.table(key))
                if descriptions is not None:
                    descriptions.extend(chunk.descriptions)
            for stage, seconds in chunk.timings.items():
                stages[stage] = stages.get(stage, 0.0) + seconds
            if progress is not None:
                progress.update(chunk.interviews)
            waited = clock()
            stages["write"] = stages.get("write", 0.0) + waited - started
        if progress is not None:
            progress.close()
        if agreements is not None:
            _add_agreements(agreements(), folders, per_chunk, problems, descriptions)
        problems.raise_if_any()
        started = clock()
        written = {key: w.finish() for key, w in writers.items()}
        publish_taxonomy(raw_dir, hf)  # the topic label space travels with the data
        stages["write"] = stages.get("write", 0.0) + clock() - started
    return {key: split for key, split in written.items() if split.num_rows}


def _add_agreements(found: dict, folders: list[Path], per_chunk: list[list], problems, descriptions) -> None:
    """Merge `agreement.folder_agreements`' result into the write stage's: each folder's pass
    problems after its chunk's problems (the jobs' order: a chunk is one folder at this size);
    without problems, each description gets its folder's agreement."""
    size = chunk_size(len(folders))
    merged = []
    for i, chunk_problems in enumerate(per_chunk):
        merged.extend(chunk_problems)
        for folder in folders[i * size : (i + 1) * size]:
            merged.extend(found[folder.name][1])
    problems.problems[:] = merged
    if not merged and descriptions is not None:
        for folder, description in zip(folders, descriptions, strict=True):
            description.agreement = found[folder.name][0]


def corpus_stats(corpus: WrittenCorpus) -> CorpusStats:
    """Statistics of what was written (one streaming pass)."""
    stats = CorpusStats()
    for written in corpus:
        stats.add_written(written)
    return stats


def describe_stage(
    raw_dir: Path,
    hf: Path,
    taxonomy: Taxonomy,
    splits: dict[tuple[str, str], WrittenSplit],
    descriptions: list[InterviewDescription],
    workers: int = 1,
    executor=None,
) -> tuple[str, CorpusStats, list[str]]:
    """Describe what was written under `hf`: card (README.md, RIGHTS.md, guidelines), figure,
    Croissant. Every record is read back from the Parquet files; what only the raw files hold
    (card facts, the lint's facts of annotation files, agreement of annotation passes) comes
    from `descriptions`, as the write stage's jobs computed them (`write_stage(descriptions=...)`).
    Returns the card body, the statistics and the lint's warnings.

    `workers` > 1: the card's baselines (their own passes over the published turns, independent
    of the rest) are computed in a second process while this one describes the rest, and the
    figure is drawn in a third once its data is counted; with one worker the baselines are fed
    the turns this process reads back anyway (`baselines.BaselineFigures`, the same computation
    over the same turns in the same order), so the same bytes.
    `executor`: the background processes, when the caller started them earlier
    (`build_dataset`); they are left running."""
    # The heap alive now (the libraries, the tokenizer, the write stage's results) is frozen out of
    # the cyclic collector until the stage ends, here and in the processes it forks: the stage makes
    # millions of short-lived objects, and each full collection would walk that heap again (80,000
    # synthetic turns, 1 worker: 2.5 s of full collections in a 25 s stage, 0.4 s frozen).
    with memory_tuning(), _in_background(workers > 1, executor) as background:
        feed = None
        if workers > 1:
            baselines = background(_benchmarks_markdown, hf, taxonomy)
        else:
            from .baselines import BaselineFigures
            from .written import written_topic_ids

            paths = WrittenCorpus(splits, raw_dir).paths
            figures = BaselineFigures(written_topic_ids(paths("turns", s) for s in SPLITS))
            feed = figures.add  # (split, turns), in the read-back's order

            def baselines() -> str:
                return _benchmarks_markdown(hf, taxonomy, figures.result())

        background(_import_figure_libraries)  # the other process, while the corpus is read here
        return _describe(raw_dir, hf, taxonomy, splits, baselines, descriptions, background, feed)


def _benchmarks_markdown(hf: Path, taxonomy: Taxonomy, figures: dict | None = None) -> str:
    from .card.benchmarks import benchmarks_markdown

    return benchmarks_markdown(hf, taxonomy, figures)  # fitted on train, scored on validation and test


def _import_figure_libraries() -> None:
    """What drawing the figure imports (matplotlib), imported ahead in a background process."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401


def _prepare_background() -> None:
    """What the background process's later work (baselines, figure) imports, imported ahead:
    matplotlib, and pandas, which pyarrow imports at its first conversion of a Python sequence."""
    import pyarrow as pa

    _import_figure_libraries()
    pa.array([0])


def _folder_agreements(folders: list[Path], taxonomy: Taxonomy, allow_draft: bool) -> dict:
    from .agreement import folder_agreements

    return folder_agreements(folders, taxonomy, allow_draft)


def _draw_figure(topic_figure, hf: Path, taxonomy: Taxonomy) -> dict | None:
    return topic_figure.render(hf, taxonomy)  # writes the PNG into hf/; the card's reference to it


def _background_processes(processes: int = 2):
    """Forked processes for the describe stage's independent work (`_in_background`)."""
    from concurrent.futures import ProcessPoolExecutor

    from .parallel import _mp_context

    return ProcessPoolExecutor(max_workers=processes, mp_context=_mp_context())


@contextlib.contextmanager
def _in_background(enabled: bool, executor=None):
    """Yields `submit(fn, *args) -> get()`: with `enabled`, `fn` runs in a forked process (up to
    two at once; `get` waits for it and re-raises its error); otherwise `get` runs it here, when
    asked. `executor`: processes already started (`_background_processes`), not shut down here."""
    if not enabled:
        yield lambda fn, *args: lambda: fn(*args)
        return
    if executor is not None:
        yield lambda fn, *args: executor.submit(fn, *args).result
        return
    executor = _background_processes()
    try:
        yield lambda fn, *args: executor.submit(fn, *args).result
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _describe(
    raw_dir: Path,
    hf: Path,
    taxonomy: Taxonomy,
    splits: dict[tuple[str, str], WrittenSplit],
    baselines: Callable[[], str],
    descriptions: list[InterviewDescription],
    background: Callable = lambda fn, *args: lambda: fn(*args),
    feed_baselines: Callable[[str, list], None] | None = None,
) -> tuple[str, CorpusStats, list[str]]:
    from .agreement import agreement_markdown, merged_agreement
    from .card import render_card
    from .card.figure import TopicFigure
    from .lint import CorpusLint
    from .publish.croissant import write_croissant

    corpus = WrittenCorpus(splits, raw_dir)
    stats, topic_figure = CorpusStats(), TopicFigure()
    lint = CorpusLint(taxonomy, {d.id: d.lint for d in descriptions})
    for written in corpus:  # one pass (with the ner rows): statistics, the figure's data, the lint's first pass
        stats.add_written(written)
        topic_figure.add(written)
        lint.add(written)
        if feed_baselines is not None:  # the baselines' turns, when they take this pass's
            feed_baselines(written.split, written.turns)
        release_arrow_memory()  # the read-back's freed batches: kept by Arrow's pool otherwise, growing with the corpus
    facts = sorted((d.facts for d in descriptions), key=lambda f: f.id)
    drawn = background(_draw_figure, topic_figure, hf, taxonomy)  # beside the lint's second pass
    warnings = [f.render() for f in lint.finish(corpus.units())]  # the lint's second pass
    release_arrow_memory()
    extras: dict = {}
    figure = drawn()
    if figure is not None:
        extras["figure"] = figure
    # in folder order, which is id order (an id is its folder's name)
    reports = merged_agreement(d.agreement for d in sorted(descriptions, key=lambda d: d.id))
    extras["agreement"] = agreement_markdown(reports)
    extras["benchmarks"] = baselines()
    card = render_card(hf, facts, taxonomy, stats, splits, raw_dir, extras)
    (hf / "README.md").write_text(card.readme, encoding="utf-8")
    write_croissant(hf, splits, facts, stats)
    return card.body, stats, warnings


def build_dataset(
    raw_dir: Path, dist_dir: Path, options: BuildOptions = BuildOptions(), card_path: Path | None = None
) -> BuildResult:
    """Write, then describe, into a staging folder; on success swap it into `dist_dir`.

    On any error the staging folder is removed and `dist_dir` is left untouched.

    With more than one worker and a corpus too small for a pool (`parallel.local_workers`), the
    write stage runs in this process and one background process starts first: while this
    process compiles the interviews, it computes the agreement of the annotation passes
    (`agreement.folder_agreements`; the jobs leave it out) and imports what the describe stage
    draws with; it then computes the baselines and draws the figure (one process, so the figure
    is drawn where matplotlib is imported). The same functions either way, so the same bytes.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    taxonomy, _ = load_taxonomy(raw_dir)
    early = agreements = None
    folders = interview_folders(raw_dir)
    if options.workers > 1 and options.engine == "local" and local_workers(2, len(folders)) == 1:
        early = _background_processes(1)  # forked now: before this process imports spaCy or forks anything else
        agreements = early.submit(_folder_agreements, folders, taxonomy, options.allow_draft).result
        early.submit(_prepare_background)  # then, while this process still compiles, the describe stage's imports
    staging = make_staging_dir(dist_dir)
    try:
        hf = staging / HF_DIR
        stages: dict[str, float] = {}
        descriptions: list[InterviewDescription] = []
        splits = write_stage(raw_dir, hf, taxonomy, options, stages, descriptions=descriptions, agreements=agreements)
        timings.update({f"stage_{stage}": seconds for stage, seconds in stages.items()})
        timings["compile_and_write"] = time.perf_counter() - t0
        card_body, stats, warnings = describe_stage(
            raw_dir, hf, taxonomy, splits, descriptions, options.workers, executor=early
        )
        write_checksums(hf)  # inside the Hugging Face folder: a copy of it can be verified alone
        write_checksums(staging)  # over all of dist/ (hf/SHA256SUMS included)
        timings["card"] = time.perf_counter() - t0 - timings["compile_and_write"]
        swap_into_place(staging, dist_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if early is not None:
            early.shutdown(wait=True, cancel_futures=True)
    if card_path is not None:
        write_file_atomically(card_path, card_body.encode("utf-8"))
    timings["total"] = time.perf_counter() - t0
    return BuildResult(dist_dir, stats.interviews, stats.turns, card_body, warnings, timings)


def describe_raw(raw_dir: Path, options: BuildOptions = BuildOptions()) -> tuple[CorpusStats, list]:
    """The `stats` and `lint` commands: the build's write stage into a temporary folder, then
    the statistics and the lint findings read from what was written (the same stream as the
    build's). Returns (statistics, lint findings)."""
    from .lint import CorpusLint

    taxonomy, _ = load_taxonomy(raw_dir)
    with tempfile.TemporaryDirectory(prefix="interview-dataset-") as tmp:
        splits = write_stage(raw_dir, Path(tmp) / HF_DIR, taxonomy, options)
        corpus = WrittenCorpus(splits, raw_dir)
        stats, lint = CorpusStats(), CorpusLint(taxonomy)
        for written in corpus:  # one pass: the statistics and the lint's first pass
            stats.add_written(written)
            lint.add(written)
        findings = lint.finish(corpus.units())  # the lint's second pass: the units' text and entity spans
    return stats, findings
